//! `import`: raw policy text -> [`Plan`]. Stages, one file each:
//! [`clean`] (decode, drop site boilerplate), [`meta`] (title, issuer,
//! dates, basis), [`structure`] (numbering -> chapter tree), [`assemble`]
//! (tree -> sections and tasks), [`units`] (牵头/配合/责任单位) and
//! [`targets`] (dated, measurable clauses). Bodies are escaped by
//! [`markdown`] so they render as the source text.
//!
//! The notice's cover letter (addressees, "现印发给你们", signature) is kept
//! out of `intro`: it belongs to the notice, not the plan, and what it says
//! that matters (issuer, date, 发文字号) is stored as metadata.

mod assemble;
mod clean;
mod decode;
mod markdown;
mod meta;
mod pages;
mod script;
mod split;
mod structure;
mod targets;
mod units;
mod write;

use std::fmt;
use std::path::PathBuf;

use write::Written;

use anyhow::Context as _;

use crate::model::{Period, Plan, Target};

/// One plan imported from a document.
#[derive(Debug, Clone)]
pub struct Imported {
    pub slug: String,
    pub plan: Plan,
    pub report: Vec<Guess>,
}

/// A place where the importer had to guess; `line` is 1-based in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub line: usize,
    pub message: String,
}

impl Guess {
    pub fn new(line: usize, message: impl Into<String>) -> Guess {
        Guess {
            line,
            message: message.into(),
        }
    }
}

#[derive(Debug)]
pub enum ImportError {
    /// Nothing but whitespace or site boilerplate.
    Empty,
    /// NUL bytes or control characters: a PDF, Word file or image rather
    /// than text; `what` names the format when its magic number is known.
    Binary { what: Option<String> },
    /// Neither UTF-8 nor any encoding tried decodes the bytes cleanly.
    Undecodable { encoding: &'static str, bad: usize },
    /// No numbered headings at all.
    NoStructure,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(
                f,
                "the document is empty (or holds only site navigation and footers); check that this is the right file"
            ),
            ImportError::Binary { what: Some(what) } => write!(
                f,
                "the file is binary, not text: it seems to be {what}; extract its text (e.g. copy it out or use a PDF/Word-to-text tool) and import the .txt"
            ),
            ImportError::Binary { what: None } => write!(
                f,
                "the file contains NUL bytes or control characters, so it is binary (PDF, Word, image?), not text; extract its text and save it as UTF-8 first"
            ),
            ImportError::Undecodable { encoding, bad } => write!(
                f,
                "the file is not valid UTF-8 and not cleanly readable as GB18030/GBK or Big5 either (best guess {encoding}: {bad} undecodable characters); it may be binary or damaged: re-save it as UTF-8 text"
            ),
            ImportError::NoStructure => write!(
                f,
                "found no numbered headings (一、 / (一) / 1.) in the text, so there are no chapters or tasks to import; check that the file is a plan, or add the numbering"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports a file's bytes: decodes UTF-8 (BOM or not), UTF-16 with BOM,
/// GB18030/GBK or Big5, then [`import_text`]. Never panics.
pub fn import_bytes(bytes: &[u8], source_name: &str) -> Result<Vec<Imported>, ImportError> {
    let decoded = decode::decode(bytes)?;
    import_text(&decoded.text, source_name)
}

/// The cleaned lines of a text, `no|text` (`no!text` for noise): for
/// looking at what the cleaning stage did.
pub fn debug_lines(text: &str) -> Vec<String> {
    clean::lines(text)
        .into_iter()
        .map(|l| format!("{}{}{}", l.no, if l.noise { '!' } else { '|' }, l.text))
        .collect()
}

/// Imports one document, or each of several plans held in one file (see
/// [`split::documents`]). Never panics.
pub fn import_text(text: &str, source_name: &str) -> Result<Vec<Imported>, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains('\0') {
        return Err(ImportError::Binary { what: None });
    }
    let docs = split::documents(clean::lines(text));
    if docs.len() == 1 {
        return import_lines(docs.into_iter().flatten().collect(), text, source_name);
    }
    let mut out = Vec::new();
    let mut first_err = None;
    for doc in docs {
        let part: String = doc
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        match import_lines(doc, &part, source_name) {
            Ok(v) => out.extend(v),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match first_err {
        Some(e) if out.is_empty() => Err(e),
        _ => Ok(out),
    }
}

/// Imports the cleaned lines of one document; `text` is its source text.
fn import_lines(
    all: Vec<clean::Line>,
    text: &str,
    source_name: &str,
) -> Result<Vec<Imported>, ImportError> {
    let mut content: Vec<clean::Line> = all.iter().filter(|l| !l.noise).cloned().collect();
    let repaired = structure::repair_garbled_items(&mut content);
    // Headings run into one paragraph (`…负责)(二)让企业…`) get lines of their own.
    let content = structure::split_run_in(content);
    if content.is_empty() {
        return Err(ImportError::Empty);
    }
    if !content
        .iter()
        .any(|l| structure::parse_heading(&l.text).is_some())
    {
        return Err(ImportError::NoStructure);
    }
    let mut guesses: Vec<Guess> = repaired
        .into_iter()
        .map(|(line, m)| Guess::new(line, m))
        .collect();
    let meta = meta::extract(&all, &content, source_name, &mut guesses);
    let mut body = &content[meta.body_start.min(content.len())..];
    // The closing signature and date are metadata, not the last section's text.
    if let Some(k) = meta::signature_start(body).filter(|&k| k > 0) {
        body = &body[..k];
    }
    let (preamble, roots) = structure::build(body);
    if roots.is_empty() {
        return Err(ImportError::NoStructure);
    }
    let preamble_text: Vec<String> = preamble.iter().map(|(_, t)| t.clone()).collect();

    let mut ctx = assemble::Ctx::new(meta.jurisdiction.clone(), guesses);
    let sections = assemble::sections(&roots, &mut ctx);

    let basis = meta::basis(&preamble_text.join("\n"));
    let mut plan = Plan {
        title: meta.title.clone(),
        issuer: meta.issuer.clone(),
        jurisdiction: meta.jurisdiction.clone(),
        doc_number: meta.doc_number.clone(),
        issued: meta.issued,
        published: meta.published,
        basis,
        source: Some(source_name.to_string()),
        intro: markdown::paragraphs(&preamble_text),
        targets: ctx.plan_targets,
        sections,
        ..Plan::default()
    };
    let script = script::detect(text);
    if script == script::Script::Traditional {
        plan.lang = Some(script.lang().to_string());
    }
    script::simplify_units(&mut plan);
    let mut guesses = ctx.guesses;
    plan.period = period(&plan, &mut guesses, meta.body_start, &content);
    let slug = crate::slug::slugify(&plan.title, 48);
    Ok(vec![Imported {
        slug,
        plan,
        report: guesses,
    }])
}

/// The plan's period: from its title; else from the basis document it
/// implements; else from the issue year to the latest target year.
fn period(
    plan: &Plan,
    guesses: &mut Vec<Guess>,
    body_start: usize,
    content: &[clean::Line],
) -> Option<Period> {
    let line = content
        .get(body_start.saturating_sub(1))
        .map_or(1, |l| l.no);
    if let Some((start, end)) = meta::period_in(&plan.title) {
        return Some(Period { start, end });
    }
    for b in &plan.basis {
        if let Some((start, end)) = meta::period_in(b) {
            guesses.push(Guess::new(
                line,
                format!("period {start}—{end} taken from the basis document 《{b}》"),
            ));
            return Some(Period { start, end });
        }
    }
    let latest = all_targets(plan).filter_map(|t| t.year).max()?;
    let start = plan.issued.or(plan.published).map(|d| d.year)?;
    (start <= latest).then(|| {
        guesses.push(Guess::new(
            line,
            format!(
                "period {start}—{latest} guessed from the issue year and the latest target year"
            ),
        ));
        Period { start, end: latest }
    })
}

fn all_targets(plan: &Plan) -> impl Iterator<Item = &Target> {
    fn walk<'a>(s: &'a [crate::model::Section], out: &mut Vec<&'a Target>) {
        for sec in s {
            out.extend(&sec.targets);
            for t in &sec.tasks {
                out.extend(&t.targets);
            }
            walk(&sec.sections, out);
        }
    }
    let mut v: Vec<&Target> = plan.targets.iter().collect();
    walk(&plan.sections, &mut v);
    v.into_iter()
}

/// Options of `sitegen import`.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub out: PathBuf,
    pub report: bool,
    pub force: bool,
}

/// `sitegen import FILE... --out DIR [--report] [--force]`.
pub fn run(files: &[PathBuf], opts: &ImportOptions) -> anyhow::Result<()> {
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create {}", opts.out.display()))?;
    let mut slugs = crate::slug::SlugSet::default();
    let mut refused = Vec::new();
    let mut failed = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {shown}"))?;
        let imported = match import_bytes(&bytes, &shown) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                failed.push(shown);
                continue;
            }
        };
        for imp in imported {
            let source = imp.plan.source.clone().unwrap_or_else(|| shown.clone());
            let path = write::choose_path(&opts.out, &imp.slug, &source, &mut slugs);
            let content = write::with_header(&crate::load::to_yaml(&imp.plan), &source);
            let status = write::write_plan(&path, &content, opts.force)?;
            let (tasks, units, targets) = counts(&imp.plan);
            println!(
                "{shown} -> {}: {tasks} tasks, {units} units, {targets} targets, {} guesses{}",
                path.display(),
                imp.report.len(),
                match status {
                    Written::New => "",
                    Written::Same => " (unchanged)",
                    Written::Updated => " (updated: the file had not been edited)",
                    Written::Forced => " (overwritten with --force)",
                    Written::Refused => " (NOT written: the existing file was edited)",
                }
            );
            if status == Written::Refused {
                eprintln!(
                    "{} was edited since it was imported; keeping it. Pass --force to replace it",
                    path.display()
                );
                refused.push(path.display().to_string());
            }
            if opts.report {
                print!("{}", report(&imp));
            }
        }
    }
    if !failed.is_empty() || !refused.is_empty() {
        anyhow::bail!(
            "{} file(s) could not be imported, {} plan file(s) not overwritten (pass --force to overwrite)",
            failed.len(),
            refused.len()
        );
    }
    Ok(())
}

fn counts(plan: &Plan) -> (usize, usize, usize) {
    let tasks = plan.tasks_with_path();
    let units = tasks
        .iter()
        .map(|(_, t)| t.lead.len() + t.partners.len() + t.responsible.len())
        .sum();
    (tasks.len(), units, all_targets(plan).count())
}

/// The `--report` text: tasks with units and targets, then every guess.
pub fn report(imp: &Imported) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let fmt_target = |t: &Target| {
        format!(
            "{} {}{}",
            t.year.map_or("????".to_string(), |y| y.to_string()),
            t.text,
            t.value.as_ref().map_or(String::new(), |v| format!(
                " [{v}{}]",
                t.unit.as_deref().unwrap_or("")
            ))
        )
    };
    let _ = writeln!(s, "  plan: {} ({})", imp.plan.title, imp.plan.jurisdiction);
    for t in &imp.plan.targets {
        let _ = writeln!(s, "    target: {}", fmt_target(t));
    }
    for (path, t) in imp.plan.tasks_with_path() {
        let _ = writeln!(s, "  task {}: {}", path.join(" "), t.title);
        for (label, list) in [
            ("lead", &t.lead),
            ("partners", &t.partners),
            ("responsible", &t.responsible),
        ] {
            if !list.is_empty() {
                let _ = writeln!(s, "    {label}: {}", list.join(", "));
            }
        }
        for tg in &t.targets {
            let _ = writeln!(s, "    target: {}", fmt_target(tg));
        }
    }
    for g in &imp.report {
        let _ = writeln!(s, "  guess (line {}): {}", g.line, g.message);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_clear() {
        assert!(matches!(import_text("", "x.txt"), Err(ImportError::Empty)));
        assert!(matches!(
            import_text(" \n\u{3000}\n【 关闭 】\n", "x.txt"),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            import_text("a\0b", "x.txt"),
            Err(ImportError::Binary { .. })
        ));
        let e = import_text("只有一段文字,没有编号。\n第二段。", "x.txt").unwrap_err();
        assert!(matches!(e, ImportError::NoStructure));
        assert!(e.to_string().contains("numbered headings"), "{e}");
    }

    #[test]
    fn small_plan() {
        let text = "某市某某行动方案\n为推进工作,根据《上级方案(2021—2023年)》,制定本方案。\n一、总体目标\n到2023年,建成5所学校。\n二、重点任务\n(一)甲行动\n1.做好乙。内容。(牵头单位:市教育局;配合单位:财政局)\n";
        let imp = import_text(text, "seeds/x.txt").unwrap().remove(0);
        let p = &imp.plan;
        assert_eq!(p.title, "某市某某行动方案");
        assert_eq!(p.jurisdiction, "某市");
        assert_eq!(p.basis, ["上级方案(2021—2023年)"]);
        assert_eq!(
            p.period,
            Some(Period {
                start: 2021,
                end: 2023
            })
        );
        assert_eq!(p.targets.len(), 1);
        let tasks = p.tasks_with_path();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].0, ["二", "(一)", "1"]);
        assert_eq!(tasks[0].1.partners, ["市财政局"]);
        assert_eq!(
            tasks[0].1.body, "内容。(牵头单位:市教育局;配合单位:财政局)",
            "units stay in the text"
        );
        assert!(crate::slug::is_valid(&imp.slug));
    }

    #[test]
    fn run_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.txt");
        std::fs::write(&src, "\u{FEFF}甲方案\n一、重点任务\n1.做事。\n").unwrap();
        let out = dir.path().join("out");
        let opts = ImportOptions {
            out: out.clone(),
            report: true,
            force: false,
        };
        run(std::slice::from_ref(&src), &opts).unwrap();
        let file = std::fs::read_dir(&out)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        run(std::slice::from_ref(&src), &opts).unwrap();
        std::fs::write(&file, "title: changed\n").unwrap();
        assert!(run(std::slice::from_ref(&src), &opts).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "title: changed\n");
        run(
            &[src],
            &ImportOptions {
                force: true,
                ..opts
            },
        )
        .unwrap();
        assert_ne!(std::fs::read_to_string(&file).unwrap(), "title: changed\n");
    }
}
