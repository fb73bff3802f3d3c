//! Department identity: `(jurisdiction, canonical name)`, with the aliases
//! of `content/departments.yaml` and whitespace and script folded.

use std::collections::{HashMap, HashSet};

use super::{Department, DeptIx};
use crate::load::DepartmentDef;
use crate::slug::{self, SlugSet};

/// Department identity is (jurisdiction, canonical name); the register in
/// `content/departments.yaml` maps aliases to canonical names.
pub(super) struct DeptTable {
    /// Folded (jurisdiction, alias) -> canonical display name.
    alias: HashMap<(String, String), String>,
    slugs_wanted: HashMap<(String, String), String>,
    index: HashMap<(String, String), DeptIx>,
    /// Display (jurisdiction, name), as first seen or as registered.
    list: Vec<(String, String)>,
    keys: Vec<(String, String)>,
}

impl DeptTable {
    pub(super) fn new(defs: &[DepartmentDef]) -> Self {
        let mut alias = HashMap::new();
        let mut slugs_wanted = HashMap::new();
        for d in defs {
            for a in &d.aliases {
                alias.insert(key(&d.jurisdiction, a), normalize(&d.name));
            }
            if let Some(s) = &d.slug {
                slugs_wanted.insert(key(&d.jurisdiction, &d.name), s.clone());
            }
        }
        DeptTable {
            alias,
            slugs_wanted,
            index: HashMap::new(),
            list: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The department `name` means in `jurisdiction`, created on first use.
    pub(super) fn resolve(&mut self, jurisdiction: &str, name: &str) -> DeptIx {
        let display = match self.alias.get(&key(jurisdiction, name)) {
            Some(canon) => canon.clone(),
            None => normalize(name),
        };
        let k = key(jurisdiction, &display);
        if let Some(&ix) = self.index.get(&k) {
            return ix;
        }
        let ix = self.list.len();
        self.index.insert(k.clone(), ix);
        self.keys.push(k);
        self.list.push((jurisdiction.to_string(), display));
        ix
    }

    /// Resolves a list of names, dropping repeats.
    pub(super) fn resolve_all(&mut self, jurisdiction: &str, names: &[String]) -> Vec<DeptIx> {
        let mut seen = HashSet::with_capacity(names.len());
        names
            .iter()
            .map(|n| self.resolve(jurisdiction, n))
            .filter(|d| seen.insert(*d))
            .collect()
    }

    pub(super) fn finish(self) -> Vec<Department> {
        // `departments/index.html` lists them all.
        let mut slugs = SlugSet::reserving(slug::RESERVED);
        self.list
            .into_iter()
            .zip(self.keys)
            .map(|((jurisdiction, name), k)| {
                let wanted = self
                    .slugs_wanted
                    .get(&k)
                    .filter(|s| slug::is_valid(s))
                    .cloned()
                    .unwrap_or_else(|| {
                        let full = slug::slugify(&format!("{} {}", k.0, k.1), usize::MAX);
                        slug::fit(&full, slug::MAX_COMPONENT)
                    });
                let slug = slugs.claim(&wanted);
                Department {
                    url: format!("departments/{slug}.html"),
                    slug,
                    jurisdiction,
                    name,
                    lead: Vec::new(),
                    partner: Vec::new(),
                    responsible: Vec::new(),
                }
            })
            .collect()
    }
}

fn normalize(name: &str) -> String {
    crate::names::normalize(name)
}

fn key(jurisdiction: &str, name: &str) -> (String, String) {
    crate::names::department_key(jurisdiction, name)
}
