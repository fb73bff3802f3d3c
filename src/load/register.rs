//! `content/departments.yaml`: the department register, read and checked.
//! A register that contradicts itself is an error at the entry, not a
//! silent choice: an invalid slug was ignored, and of two entries for one
//! body the last won.

use std::collections::HashMap;
use std::path::Path;

use super::positions::{register_positions, RegisterPositions};
use super::DepartmentDef;
use crate::diag::{Diagnostic, Pos};
use crate::names::department_key;
use crate::slug;

/// Parses the register `text` (the file `shown`) and checks that every
/// name, alias and slug means one body.
pub(super) fn parse(text: &str, shown: &Path) -> Result<Vec<DepartmentDef>, Vec<Diagnostic>> {
    super::shape::check(text, shown).map_err(|d| vec![d])?;
    let defs: Vec<DepartmentDef> =
        yaml_serde::from_str(text).map_err(|e| vec![super::yaml_diagnostic(shown, text, &e)])?;
    let positions = register_positions(text);
    let pos = |i: usize| positions.get(i).cloned().unwrap_or_default();
    let located = |at: Pos, message: String, help: &str| {
        Diagnostic::error(shown, message)
            .at_pos(at)
            .with_source(text)
            .help(help)
    };
    let mut errors = Vec::new();
    // Folded (jurisdiction, name or alias) -> the entry that claims it.
    let mut names: HashMap<(String, String), usize> = HashMap::new();
    let mut slugs: HashMap<&str, usize> = HashMap::new();
    for (i, d) in defs.iter().enumerate() {
        let RegisterPositions {
            at,
            slug: slug_at,
            aliases,
        } = pos(i);
        let line_of = |j: usize| pos(j).at.line;
        if let Some(s) = &d.slug {
            if !slug::is_valid(s) {
                errors.push(located(
                    slug_at,
                    format!("department slug `{s}` is not allowed"),
                    "use lowercase ASCII letters, digits and `-` only, e.g. gg-jiaoyuju; or leave `slug:` out for the pinyin of the name",
                ));
            } else if slug::RESERVED.contains(&s.as_str()) {
                errors.push(located(
                    slug_at,
                    format!(
                        "department slug `{s}` is the name of the page that lists all departments"
                    ),
                    "choose another slug, or leave `slug:` out for the pinyin of the name",
                ));
            } else if let Some(&j) = slugs.get(s.as_str()) {
                errors.push(located(
                    slug_at,
                    format!(
                        "department slug `{s}` is already used by {} (line {})",
                        defs[j].name,
                        line_of(j)
                    ),
                    "give each department a slug of its own",
                ));
            } else {
                slugs.insert(s, i);
            }
        }
        let own = department_key(&d.jurisdiction, &d.name);
        if let Some(&j) = names.get(&own) {
            let what = if department_key(&defs[j].jurisdiction, &defs[j].name) == own {
                "is registered twice".to_string()
            } else {
                format!("is already an alias of {}", defs[j].name)
            };
            errors.push(located(
                at,
                format!(
                    "department {} ({}) {what}: first at line {}",
                    d.name,
                    d.jurisdiction,
                    line_of(j)
                ),
                "keep one entry per body and list its other names under `aliases:`",
            ));
            continue;
        }
        names.insert(own.clone(), i);
        for (k, a) in d.aliases.iter().enumerate() {
            let key = department_key(&d.jurisdiction, a);
            match names.get(&key) {
                None => {
                    names.insert(key, i);
                }
                Some(&j) if j == i => {}
                Some(&j) => errors.push(located(
                    aliases.get(k).copied().unwrap_or(at),
                    format!(
                        "alias {a} of {} also names {} (line {}) in {}",
                        d.name,
                        defs[j].name,
                        line_of(j),
                        d.jurisdiction
                    ),
                    "an alias must name one body: remove it from one of the entries",
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(defs)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        parse(text, Path::new("content/departments.yaml")).expect_err("refused")
    }

    #[test]
    fn a_consistent_register_loads() {
        let defs = parse(
            "- {jurisdiction: 贵港市, name: 贵港市教育局, aliases: [市教育局], slug: gg-edu}\n- {jurisdiction: 西宁市, name: 西宁市教育局, aliases: [市教育局]}\n",
            Path::new("d.yaml"),
        )
        .unwrap();
        assert_eq!(
            defs.len(),
            2,
            "one alias in two jurisdictions is two bodies"
        );
    }

    #[test]
    fn invalid_and_repeated_slugs_are_located() {
        let e = errors("- jurisdiction: 贵港市\n  name: 甲局\n  slug: 甲/../x\n- jurisdiction: 贵港市\n  name: 乙局\n  slug: ok\n- jurisdiction: 贵港市\n  name: 丙局\n  slug: ok\n- jurisdiction: 贵港市\n  name: 丁局\n  slug: index\n");
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e[2].message
                .contains("slug `index` is the name of the page"),
            "{}",
            e[2]
        );
        assert_eq!((e[0].line, e[0].column), (3, 9), "{}", e[0]);
        assert!(
            e[0].message.contains("slug `甲/../x` is not allowed"),
            "{}",
            e[0]
        );
        assert_eq!(e[1].line, 9, "{}", e[1]);
        assert!(
            e[1].message.contains("already used by 乙局 (line 5)"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn repeated_entries_and_shared_aliases_are_located() {
        let e = errors("- {jurisdiction: 贵港市, name: 市发展和改革委员会, aliases: [市发改委]}\n- {jurisdiction: 贵港市, name: 市發展和改革委員會}\n- {jurisdiction: 贵港市, name: 市财政局, aliases: [市发改委]}\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].line, 2);
        assert!(
            e[0].message
                .contains("is registered twice: first at line 1"),
            "{}",
            e[0]
        );
        assert_eq!(e[1].line, 3);
        assert!(
            e[1].message
                .contains("alias 市发改委 of 市财政局 also names 市发展和改革委员会 (line 1)"),
            "{}",
            e[1]
        );
    }
}
