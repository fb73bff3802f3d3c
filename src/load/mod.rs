//! Reading `content/`: plan files and the optional department register.
//! The YAML library is used only here (and in [`to_yaml`]), so it can be
//! swapped without touching the rest of the pipeline.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

mod positions;
mod register;
mod shape;

pub use positions::{plan_positions, PlanPositions, SectionPositions, TaskPositions};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Plan;
use crate::slug;

/// Plan files larger than this are refused before parsing: real plans are
/// tens of kilobytes, and a huge file is almost certainly a mistake.
pub(crate) const MAX_PLAN_BYTES: u64 = 8 * 1024 * 1024;

/// A plan as loaded, with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    /// URL slug: the `slug:` field or the file stem.
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub file: PathBuf,
    /// The plan as written.
    pub plan: Plan,
    /// Where the plan's entries are in `file`.
    pub positions: PlanPositions,
}

/// `content/departments.yaml`: canonical department names and aliases.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentDef {
    /// The city or district the body belongs to.
    pub jurisdiction: String,
    /// The canonical name, shown on every page.
    pub name: String,
    /// Other names for the same body (`市发改委` for `市发展和改革委员会`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// URL slug; defaults to the pinyin of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Plan files, sorted by path.
    pub plans: Vec<LoadedPlan>,
    /// `content/departments.yaml`, when present.
    pub departments: Vec<DepartmentDef>,
    /// Problems that did not stop the load (e.g. symbolic links skipped).
    pub warnings: Vec<Diagnostic>,
}

/// Loads every plan under `root/content/plans` (sorted by path) and the
/// department register. All problems are collected; any error fails the load.
pub(crate) fn load_content(root: &Path) -> Result<Content, Diagnostics> {
    let content = root.join("content");
    let plans_dir = content.join("plans");
    let mut diags = Vec::new();
    // walkdir follows the root of a walk even when told not to follow links,
    // so the roots are checked here: a linked content/ or content/plans
    // would publish a directory from elsewhere on the machine.
    for dir in [&content, &plans_dir] {
        if dir.is_symlink() {
            return Err(Diagnostics(vec![linked_root(root, dir)]));
        }
    }
    if !plans_dir.is_dir() {
        return Err(Diagnostics(vec![Diagnostic::error(
            &plans_dir,
            "no plans directory",
        )
        .help(
            "create content/plans/ with one YAML file per plan, or run `sitegen init DIR`",
        )]));
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&plans_dir).sort_by_file_name() {
        match entry {
            // Links are never followed: a site must not pull in files from
            // elsewhere on the machine that builds it.
            Ok(e) if e.path_is_symlink() => diags.push(symlink_skipped(root, e.path())),
            Ok(e) if e.file_type().is_file() && is_yaml(e.path()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error(&plans_dir, format!("cannot list: {e}"))),
        }
    }
    let results: Vec<Result<LoadedPlan, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|path| load_plan_file(path, &rel(root, path)))
        .collect();
    let mut plans = Vec::new();
    for r in results {
        match r {
            Ok(p) => plans.push(p),
            Err(mut d) => diags.append(&mut d),
        }
    }
    check_unique_slugs(&plans, &mut diags);

    let mut departments = Vec::new();
    let reg = content.join("departments.yaml");
    if reg.is_symlink() {
        diags.push(symlink_skipped(root, &reg));
    } else if reg.is_file() {
        let shown = rel(root, &reg);
        match read_limited(&reg)
            .map_err(|d| vec![d])
            .and_then(|text| register::parse(strip_bom(&text), &shown))
        {
            Ok(d) => departments = d,
            Err(mut d) => diags.append(&mut d),
        }
    }

    if diags.iter().any(|d| d.level == crate::diag::Level::Error) {
        return Err(Diagnostics(diags));
    }
    Ok(Content {
        plans,
        departments,
        warnings: diags,
    })
}

fn symlink_skipped(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    Diagnostic::warning(
        &rel(root, link),
        format!("symbolic link{target} skipped: content/ is read without following links"),
    )
    .help("copy the file into content/ instead of linking to it")
}

fn linked_root(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    let shown = rel(root, link);
    Diagnostic::error(
        &shown,
        format!("{} is a symbolic link{target}: sitegen reads only what is inside the site, without following links", shown.display()),
    )
    .help(format!("move the directory itself to {} (or build with --root pointing at the site that holds it)", shown.display()))
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

fn read_limited(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?;
    if meta.len() > MAX_PLAN_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "file is {} bytes, more than the {} byte limit for a plan file",
                meta.len(),
                MAX_PLAN_BYTES
            ),
        )
        .help("split the document into one file per plan"));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..off]).into_owned();
        let (line, col) = crate::config::line_col(&text, off);
        Diagnostic::error(path, "file is not valid UTF-8")
            .at(line, col)
            .help("save the file as UTF-8; `sitegen import` converts GBK/Big5 sources")
    })
}

/// Parses one plan file; `shown` is the path used in messages.
pub(crate) fn load_plan_file(path: &Path, shown: &Path) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let text = read_limited(path).map_err(|d| {
        vec![Diagnostic {
            file: shown.into(),
            ..d
        }]
    })?;
    let plan = parse_plan(&text, shown).map_err(|d| vec![d])?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
    let slug = match &plan.slug {
        Some(s) if slug::is_valid(s) => s.clone(),
        Some(s) => {
            let (line, col) = find_key(&text, "slug");
            return Err(vec![Diagnostic::error(
                shown,
                format!("slug `{s}` is not allowed"),
            )
            .at(line, col)
            .with_source(&text)
            .help(
                "use lowercase ASCII letters, digits and `-` only, e.g. guigang-education",
            )]);
        }
        None if slug::is_valid(stem) => stem.to_string(),
        None => slug::slugify(stem, 60),
    };
    if let Some(lang) = plan
        .lang
        .as_deref()
        .filter(|l| !crate::config::is_language_tag(l))
    {
        let (line, col) = find_key(&text, "lang");
        return Err(vec![Diagnostic::error(
            shown,
            format!("lang `{lang}` is not a language tag"),
        )
        .at(line, col)
        .with_source(&text)
        .help("use zh-Hans (simplified Chinese) or zh-Hant (traditional), or leave `lang:` out for the site's language")]);
    }
    Ok(LoadedPlan {
        slug,
        file: shown.to_path_buf(),
        positions: plan_positions(strip_bom(&text)),
        plan,
    })
}

/// Parses plan YAML text. Errors carry line and column.
pub fn parse_plan(text: &str, shown: &Path) -> Result<Plan, Diagnostic> {
    let text = strip_bom(text);
    shape::check(text, shown)?;
    yaml_serde::from_str::<Plan>(text).map_err(|e| yaml_diagnostic(shown, text, &e))
}

/// Drops a leading UTF-8 byte-order mark (Notepad's "UTF-8 with BOM"): it is
/// not content, and the YAML library took a file starting with one for "more
/// than one document" and refused it. Editors hide the mark, so positions
/// are counted without it.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

fn yaml_diagnostic(shown: &Path, text: &str, e: &yaml_serde::Error) -> Diagnostic {
    let raw = e.to_string();
    // The library appends " at line L column C"; we print the position up front.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let help = help_for(&message);
    let limit = message.contains("limit exceeded");
    let mut d = Diagnostic::error(shown, message);
    if let Some(loc) = e.location() {
        // libyaml also starts a new line at a lone `\r`, U+0085, U+2028 and
        // U+2029, which editors, `wc -l` and `str::lines` (the snippet) do
        // not: a file with one such character got every later error a line
        // number past the one shown, or past the end of the file (found by
        // fuzzing). Count `\n` only, from the error's byte offset.
        let (line, column) = if text.is_char_boundary(loc.index()) {
            crate::config::line_col(text, loc.index())
        } else {
            (loc.line(), loc.column())
        };
        d = d.at(line, column).with_source(text);
    } else if limit {
        // The library gives no position for alias expansion limits; the
        // first alias is where a reader should start looking.
        if let Some((line, col)) = first_alias(text) {
            d = d.at(line, col).with_source(text);
        }
    }
    if let Some(h) = help {
        d = d.help(h);
    }
    d
}

/// Line and column (1-based, in characters) of the first YAML alias `*name`.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len().saturating_sub(1)).find_map(|c| {
            let starts = c == 0 || matches!(chars[c - 1], ' ' | '\t' | '[' | '{' | ',');
            let named = !matches!(chars[c + 1], ' ' | '\t' | ',' | '[' | ']' | '{' | '}');
            (starts && chars[c] == '*' && named).then_some((i + 1, c + 1))
        })
    })
}

fn help_for(message: &str) -> Option<String> {
    let m = message;
    Some(if m.contains("missing field `title`") {
        "every plan, section and task needs a `title:`".into()
    } else if m.contains("missing field `number`") {
        "every task needs a `number:` as printed (\"1\", \"(2)\"), or u1, u2 ... when unnumbered"
            .into()
    } else if m.contains("unknown field") {
        "check the spelling against docs/plan-format.md or `sitegen schema`".into()
    } else if m.contains("did not find expected")
        || m.contains("mapping values are not allowed")
        || m.contains("could not find expected")
    {
        "check the indentation: keys of one mapping must start in the same column, and list items under their key".into()
    } else if m.contains("recursion limit exceeded") {
        format!("the YAML nests too deeply; a plan's sections nest a few levels (at most {} collections)", shape::MAX_DEPTH)
    } else if m.contains("repetition limit exceeded") {
        "the file repeats YAML aliases (*name) far more than any plan needs (an alias bomb?); write the content out or remove the aliases".into()
    } else if m.contains("not a valid date") || m.contains("is not a date") {
        "dates are written YYYY-MM-DD".into()
    } else {
        return None;
    })
}

fn check_unique_slugs(plans: &[LoadedPlan], diags: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &Path> = Default::default();
    for p in plans {
        if let Some(other) = seen.insert(&p.slug, &p.file) {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    format!("slug `{}` is already used by {}", p.slug, other.display()),
                )
                .help("set a distinct `slug:` in one of the files"),
            );
        }
    }
}

/// Line and column of the first top-level `key:` in a YAML text.
fn find_key(text: &str, key: &str) -> (usize, usize) {
    strip_bom(text)
        .lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map_or((0, 0), |i| (i + 1, 1))
}

/// Serialises a plan the way a person would write it.
pub fn to_yaml(plan: &Plan) -> String {
    yaml_serde::to_string(plan).expect("a plan always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_date_names_line_and_column() {
        let yaml = "title: T\nissued: 2022-13-45\nsections: []\n";
        let d = parse_plan(yaml, Path::new("p.yaml")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 9), "{d}");
        assert!(d.message.contains("month 13"), "{d}");
    }

    #[test]
    fn position_counts_newlines_only() {
        // Fuzzing found a file of lone `\r`s whose error was "line 13" of a
        // one-line file; U+2028 (copied from web pages) shifted lines too.
        for (yaml, want) in [
            ("title: T\r\rissued: 2022-13-45\n", (1, 19)),
            ("title: \"a\u{2028}b\"\nissued: 2022-13-45\n", (2, 9)),
            ("title: \"a\u{85}b\"\nissued: 2022-13-45\n", (2, 9)),
            ("\u{FEFF}title: T\nissued: 2022-13-45\n", (2, 9)),
            ("title: T\r\nissued: 2022-13-45\r\n", (2, 9)),
        ] {
            let d = parse_plan(yaml, Path::new("p.yaml")).unwrap_err();
            assert_eq!((d.line, d.column), want, "{yaml:?}: {d}");
            assert!(d.snippet.is_some(), "{d}");
        }
    }

    #[test]
    fn byte_order_mark_is_not_a_second_document() {
        // Found while writing the fuzz targets: a BOM made every plan fail with
        // "deserializing from YAML containing more than one document".
        let p = parse_plan("\u{FEFF}title: T\nsections: []\n", Path::new("p.yaml")).unwrap();
        assert_eq!(p.title, "T");
    }

    #[test]
    fn missing_task_title_is_located() {
        let yaml = "title: T\nsections:\n  - title: S\n    tasks:\n      - number: \"1\"\n        body: x\n";
        let d = parse_plan(yaml, Path::new("p.yaml")).unwrap_err();
        assert!(d.message.contains("missing field `title`"), "{d}");
        assert_eq!(d.line, 5, "{d}");
    }

    #[test]
    fn round_trips() {
        let yaml = "title: T\nissuer: A\nperiod: [2021, 2023]\nsections:\n- number: 一\n  title: S\n  tasks:\n  - number: '1'\n    title: X\n    body: |-\n      line one\n      line two\n    lead: [市教育局]\n    targets:\n    - {year: 2023, text: 达92.4%, value: 92.4, unit: '%'}\n";
        let p = parse_plan(yaml, Path::new("p.yaml")).unwrap();
        assert_eq!(
            p.sections[0].tasks[0].targets[0].value.as_deref(),
            Some("92.4")
        );
        let again = parse_plan(&to_yaml(&p), Path::new("p.yaml")).unwrap();
        assert_eq!(p, again);
    }

    /// A valid plan that touches every part of the format, to mutate.
    const VALID: &str = "slug: demo\ntitle: 贵港市教育提质行动计划\nissuer: [贵港市人民政府]\njurisdiction: 贵港市\nissued: 2022-03-19\nperiod: [2021, 2023]\nbasis: [广西行动计划]\nintro: |-\n  为促进教育高质量发展。\n\n  第二段\ntargets:\n- {year: 2023, text: 新建28所, value: 28, unit: 所}\nsections:\n- number: 一\n  title: 总体要求\n  body: 到2023年\n  sections:\n  - number: (一)\n    title: 学前教育\n    tasks:\n    - number: '1'\n      title: 扩大普惠资源\n      lead: [市教育局]\n      partners: [市财政局]\n      targets:\n      - year: 2025\n        text: 普惠率达92.4%\n        value: 92.4\n        unit: '%'\n  tasks:\n  - &t {number: u1, title: 无编号任务, responsible: [各县人民政府]}\n  - *t\n";

    /// Snippets a careless edit (or a hostile file) puts into YAML.
    const SNIPPETS: &[&str] = &[
        ":",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "\t",
        "  ",
        "'",
        "\"",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "*t",
        "<<: *t",
        "!!str ",
        "!x ",
        "|",
        ">-\n",
        "#",
        "---\n",
        "~",
        "?",
        " 0x1F",
        "1e999",
        "2022-02-30",
        "9999999999-01-01",
        "3000000000-01-01",
        "\u{FEFF}",
        "\r\n",
        "一、",
        "\u{FF08}",
        "title: x\n",
        "sections: []\n",
        "tasks:\n  - ",
        "year: ",
    ];

    #[derive(Debug, Clone)]
    enum Edit {
        Delete(usize, usize),
        Insert(usize, usize),
        DupLine(usize),
        DropLine(usize),
    }

    fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        prop_oneof![
            (any::<usize>(), 1usize..12).prop_map(|(at, n)| Edit::Delete(at, n)),
            (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, k)| Edit::Insert(at, k)),
            any::<usize>().prop_map(Edit::DupLine),
            any::<usize>().prop_map(Edit::DropLine),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for e in edits {
            let len = chars.len().max(1);
            match *e {
                Edit::Delete(at, n) => {
                    let at = at % len;
                    let end = (at + n).min(chars.len());
                    chars.drain(at.min(end)..end);
                }
                Edit::Insert(at, k) => {
                    let at = at % (chars.len() + 1);
                    chars.splice(at..at, SNIPPETS[k].chars());
                }
                Edit::DupLine(i) | Edit::DropLine(i) => {
                    let s: String = chars.iter().collect();
                    let mut lines: Vec<&str> = s.split('\n').collect();
                    let i = i % lines.len();
                    if matches!(e, Edit::DupLine(_)) {
                        lines.insert(i, lines[i]);
                    } else {
                        lines.remove(i);
                    }
                    chars = lines.join("\n").chars().collect();
                }
            }
        }
        chars.into_iter().collect()
    }

    #[test]
    fn mutation_base_is_valid() {
        let p = parse_plan(VALID, Path::new("p.yaml")).unwrap();
        assert_eq!(p.sections[0].tasks.len(), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Edited plans never panic; an error points at a line and column
        /// inside the file; a plan that loads survives the to_yaml round trip.
        #[test]
        fn mutated_plans_load_or_point_inside_the_file(
            edits in proptest::collection::vec(edit(), 1..6)
        ) {
            let text = apply(VALID, &edits);
            match parse_plan(&text, Path::new("p.yaml")) {
                Ok(plan) => {
                    let back = parse_plan(&to_yaml(&plan), Path::new("p.yaml"));
                    proptest::prop_assert_eq!(back.ok(), Some(plan));
                }
                Err(d) => {
                    let _ = d.to_string();
                    if d.line > 0 {
                        let lines: Vec<&str> = text.split('\n').collect();
                        proptest::prop_assert!(d.line <= lines.len(), "{}", d);
                        let chars = lines[d.line - 1].chars().count();
                        proptest::prop_assert!(d.column <= chars + 1, "{}", d);
                    }
                }
            }
        }
    }
}
