//! Department names: misspellings (a name used once, close to one used
//! often) and, when `content/departments.yaml` exists, names it lacks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::diag::{Diagnostic, Pos};
use crate::load::DepartmentDef;

/// One mention of a department in a task, as written.
pub(super) struct DeptUse {
    pub(super) jurisdiction: String,
    pub(super) name: String,
    pub(super) file: PathBuf,
    pub(super) pos: Pos,
}

/// Levenshtein distance over characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How far a name may be from another to count as a misspelling: one
/// character for short names (two would pair most four-character bureaus),
/// two from six characters on.
fn max_typo_distance(name: &str) -> usize {
    if name.chars().count() >= 6 {
        2
    } else {
        1
    }
}

pub(super) fn check_departments(
    uses: &[DeptUse],
    register: &[DepartmentDef],
    diags: &mut Vec<Diagnostic>,
) {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for u in uses {
        *counts.entry((&u.jurisdiction, &u.name)).or_default() += 1;
    }
    let warn = |u: &DeptUse, msg: String, help: String| {
        Diagnostic::warning(&u.file, msg).at_pos(u.pos).help(help)
    };
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    if register.is_empty() {
        for u in uses {
            let k = (u.jurisdiction.as_str(), u.name.as_str());
            if counts[&k] != 1 || !reported.insert(k) {
                continue;
            }
            let best = counts
                .iter()
                .filter(|((j, n), &c)| *j == k.0 && *n != k.1 && c > 1)
                .map(|((_, n), &c)| (edit_distance(n, k.1), std::cmp::Reverse(c), *n))
                .filter(|(d, _, _)| *d >= 1 && *d <= max_typo_distance(k.1))
                .min();
            if let Some((_, std::cmp::Reverse(c), n)) = best {
                diags.push(warn(
                    u,
                    format!(
                        "department `{}` appears only once; did you mean {n}?",
                        u.name
                    ),
                    format!("`{n}` is named {c} times in {}", u.jurisdiction),
                ));
            }
        }
        return;
    }
    let mut known: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for d in register {
        let e = known.entry(d.jurisdiction.as_str()).or_default();
        e.push((&d.name, &d.name));
        for a in &d.aliases {
            e.push((a, &d.name));
        }
    }
    for u in uses {
        let k = (u.jurisdiction.as_str(), u.name.as_str());
        let names = known.get(k.0).map(Vec::as_slice).unwrap_or(&[]);
        if names.iter().any(|(n, _)| *n == k.1) || !reported.insert(k) {
            continue;
        }
        let nearest = names
            .iter()
            .map(|(n, canon)| (edit_distance(n, k.1), *canon))
            .min();
        let help = match nearest {
            Some((_, canon)) => format!(
                "did you mean {canon}? otherwise add `{}` to content/departments.yaml",
                u.name
            ),
            None => format!(
                "add `{}` under jurisdiction `{}` to content/departments.yaml",
                u.name, u.jurisdiction
            ),
        };
        diags.push(warn(
            u,
            format!(
                "department `{}` is not in content/departments.yaml{}",
                u.name,
                nearest.map_or(String::new(), |(_, c)| format!("; did you mean {c}?"))
            ),
            help,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_chars() {
        assert_eq!(edit_distance("市教育局", "市教肓局"), 1);
        assert_eq!(edit_distance("市教育局", "市敎育局"), 1);
        assert_eq!(edit_distance("市财政局", "市民政局"), 1);
        assert_eq!(edit_distance("市发展改革委", "市发展和改革委员会"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
