//! `import`: a document's bytes -> [`Plan`]s. The passes, in order, each one
//! type transition:
//!
//! 1. decode ([`decode`]): `&[u8]` -> [`decode::Decoded`] text, binary refused
//!    (Word files and sheets skip it).
//! 2. read ([`read`]: [`html`], [`docx`], [`sheet`], [`blocks`]): bytes or text
//!    -> [`blocks::Block`]s; [`blocks::lay_out`] -> the text of the blocks
//!    with each line's origin in the source (for the report's `line:col`),
//!    named-column tables taken out as tables.
//! 3. clean ([`clean`]: [`pages`], [`split`], [`script`]): text ->
//!    [`text::Line`]s, noise flagged; [`split::documents`]: one `Vec` per plan.
//! 4. structure ([`structure`], [`heading`], [`meta`]): lines -> [`meta::Meta`]
//!    and the outline, preamble paragraphs + a tree of [`structure::Node`]s.
//! 5. units ([`units`]): a task's text -> text without unit brackets +
//!    [`units::Units`] (牵头/配合/责任单位).
//! 6. targets ([`targets`]): a task's or chapter's text -> [`Target`]s.
//! 7. assemble ([`assemble`], [`table`], [`markdown`]): outline (+ tables) ->
//!    [`Section`](crate::model::Section)s of tasks, running 5 and 6 on each
//!    -> [`Plan`]; [`write`](mod@write) writes it.
//!
//! [`text`] (the line type, the folded shadow of a text) and [`heading`]
//! (heading numbers) are leaves that passes 3 and 4 share, so no pass needs
//! a later one: `clean` calls `pages`, `split` and `heading`, and none of
//! them calls back.
//!
//! The notice's cover letter (addressees, "现印发给你们", signature) is kept
//! out of `intro`: it belongs to the notice, not the plan, and what it says
//! that matters (issuer, date, 发文字号) is stored as metadata.

mod assemble;
mod blocks;
mod clean;
mod decode;
mod docx;
mod heading;
mod html;
mod markdown;
mod meta;
mod pages;
mod panics;
mod pdf;
mod read;
mod script;
mod sheet;
mod split;
mod structure;
mod table;
mod targets;
mod text;
mod units;
mod write;

use std::path::PathBuf;

pub use write::Written;

use crate::diag::Diagnostic;
use crate::model::{Period, Plan, Target};

/// One plan imported from a document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan file's suggested slug.
    pub slug: String,
    /// The plan as read.
    pub plan: Plan,
    /// Every place the importer guessed, for a person to review.
    pub report: Vec<Guess>,
    /// The reader that read the file (`web page`, `Word document`, …).
    pub format: &'static str,
    /// What the importer repaired and a person should know about (lines of
    /// a UTF-8 file that were in another encoding); the same for every plan
    /// of one file.
    pub warnings: Vec<Diagnostic>,
}

/// How likely a guess is to be right; the report lists the least likely
/// first, because that is where a reviewer's minutes are best spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// A fallback with little evidence: check it.
    Low,
    /// Decided from evidence in the text, which can mislead.
    Medium,
    /// The document says so itself (a table header, 列第一位的为牵头单位).
    High,
}

impl Confidence {
    fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A place where the importer had to guess; `line` is 1-based in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// 1-based line of the source.
    pub line: usize,
    /// What was guessed.
    pub message: String,
    /// 1-based column in that line, where the reader can tell.
    pub col: Option<usize>,
    /// How likely the guess is right.
    pub confidence: Confidence,
    /// The same guess made for many items (every task with unlabelled
    /// units) is one note in the report, listing its lines; this says what
    /// the note says for all of them.
    pub group: Option<&'static str>,
    /// Text printed where the guess applies (a heading's title), to find
    /// its column in a long source line.
    pub anchor: Option<String>,
}

impl Guess {
    /// A guess of [`Confidence::Medium`].
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Guess {
        Guess {
            line,
            message: message.into(),
            col: None,
            confidence: Confidence::Medium,
            group: None,
            anchor: None,
        }
    }

    pub(crate) fn low(self) -> Guess {
        Guess {
            confidence: Confidence::Low,
            ..self
        }
    }

    pub(crate) fn high(self) -> Guess {
        Guess {
            confidence: Confidence::High,
            ..self
        }
    }

    pub(crate) fn at(self, anchor: &str) -> Guess {
        Guess {
            anchor: (!anchor.is_empty()).then(|| anchor.to_string()),
            ..self
        }
    }

    pub(crate) fn grouped(self, group: &'static str) -> Guess {
        Guess {
            group: Some(group),
            ..self
        }
    }
}

/// Why a document could not be imported at all.
#[derive(Debug)]
pub(crate) enum ImportError {
    /// Nothing but whitespace or site boilerplate.
    Empty,
    /// NUL bytes or control characters: a PDF, Word file or image rather
    /// than text; `what` names the format when its magic number is known;
    /// `line` holds the first such byte (0 when unknown).
    Binary { what: Option<String>, line: usize },
    /// Neither UTF-8 nor any encoding tried decodes the bytes cleanly;
    /// `line` holds the first undecodable character.
    Undecodable {
        encoding: &'static str,
        bad: usize,
        line: usize,
    },
    /// No numbered headings at all.
    NoStructure,
    /// A spreadsheet or CSV file with no table whose header names tasks or
    /// units; `header` is its first row.
    NoTaskTable { header: String },
    /// A file of a known format (`format`) that its reader cannot read.
    Unreadable { format: &'static str, why: String },
    /// A Word document whose package or XML cannot be read; `problem` says
    /// what is wrong with it.
    BadDocx { problem: String },
    /// A PDF with no text layer: its `pages` pages are images (a scan) or
    /// drawings only.
    NoText { pages: usize },
}

impl ImportError {
    /// The diagnostic for `source`: what is wrong, where, and what to do.
    fn diagnostic(&self, source: &str) -> Diagnostic {
        let file = std::path::Path::new(source);
        match self {
            ImportError::Empty => Diagnostic::error(
                file,
                "the document is empty (or holds only site navigation and footers)",
            )
            .help("check that this is the right file"),
            ImportError::Binary {
                what: Some(what),
                line,
            } => Diagnostic::error(file, format!("the file is binary, not text: it seems to be {what}"))
                .at(*line, usize::from(*line > 0))
                .help("extract its text (e.g. copy it out or use a PDF/Word-to-text tool) and import the .txt"),
            ImportError::Binary { what: None, line } => Diagnostic::error(
                file,
                "the file contains NUL bytes or control characters, so it is binary (PDF, Word, image?), not text",
            )
            .at(*line, usize::from(*line > 0))
            .help("extract its text and save it as UTF-8 first"),
            ImportError::Undecodable {
                encoding,
                bad,
                line,
            } => Diagnostic::error(
                file,
                format!(
                    "the file is not valid UTF-8 and not cleanly readable as GB18030/GBK or Big5 either (best guess {encoding}: {bad} undecodable characters)"
                ),
            )
            .at(*line, usize::from(*line > 0))
            .help("it may be binary or damaged: re-save it as UTF-8 text"),
            ImportError::NoStructure => Diagnostic::error(
                file,
                "found no numbered headings (一、 / (一) / 1.) in the text, so there are no chapters or tasks to import",
            )
            .help("check that the file is a plan, or add the numbering"),
            ImportError::Unreadable { format, why } => Diagnostic::error(
                file,
                format!("the {format} could not be read: {why}"),
            )
            .help("open it in the program that made it and save it again, or export it as text"),
            ImportError::NoTaskTable { header } => Diagnostic::error(
                file,
                format!("found no task table: no header row names a task or unit column (the first row is `{header}`)"),
            )
            .help("put a header row such as `序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限` above the tasks, or save the plan's text and import that"),
            ImportError::BadDocx { problem } => Diagnostic::error(
                file,
                format!("the Word document cannot be read: {problem}"),
            )
            .help("open it in Word or WPS and save it again as .docx, or save its text as .txt and import that"),
            ImportError::NoText { pages } => Diagnostic::error(
                file,
                format!(
                    "the PDF has no text layer: its {pages} {} only images or drawings (a scanned document?), so there is no text to import",
                    if *pages == 1 { "page holds" } else { "pages hold" }
                ),
            )
            .help("run OCR on it (e.g. `ocrmypdf`, which adds a text layer) or export the text from the program that made it, and import that"),
        }
    }
}

/// 1-based line of byte `offset` in `bytes`.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Imports a file's bytes, reading it by its content: a web page, Word
/// document, spreadsheet, CSV table, PDF or plain text in UTF-8 (BOM or
/// not), UTF-16 with BOM, GB18030/GBK or Big5. Never panics.
pub fn import_bytes(bytes: &[u8], source_name: &str) -> Result<Vec<Imported>, Diagnostic> {
    read::read(bytes, source_name)
        .and_then(|r| import_document(r, source_name))
        .map_err(|e| e.diagnostic(source_name))
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
/// `split::documents`). Never panics.
pub fn import_text(text: &str, source_name: &str) -> Result<Vec<Imported>, Diagnostic> {
    import_document(read::read_text(text), source_name).map_err(|e| e.diagnostic(source_name))
}

fn import_document(doc: read::Read, source_name: &str) -> Result<Vec<Imported>, ImportError> {
    let format = doc.format.name();
    let mut blocks = doc.blocks;
    strip_controls(&mut blocks);
    // The name titles a bare sheet and is written into the plan file's
    // header comment, where a line break would end the comment.
    let source_name = &text::strip_controls(source_name).replace(['\n', '\r', '\t'], " ");
    if matches!(doc.format, read::Format::Csv | read::Format::Xlsx)
        && !blocks.iter().any(table::is_read_block)
    {
        let header = blocks.iter().find_map(|b| match &b.kind {
            blocks::BlockKind::Table(t) => t.rows.first().map(|r| r.texts().join(" | ")),
            blocks::BlockKind::Para(p) | blocks::BlockKind::Heading(p) => Some(p.clone()),
        });
        let header: String = header.unwrap_or_default().chars().take(120).collect();
        return Err(ImportError::NoTaskTable { header });
    }
    let (text, origins) = blocks::lay_out(&mut blocks, table::is_read_block);
    let mut plans = import_blocks(blocks, &text, source_name)?;
    let source_lines: Vec<&str> = doc
        .source
        .as_deref()
        .map_or(Vec::new(), |s| s.lines().collect());
    for p in &mut plans {
        p.format = format;
        for g in &mut p.report {
            locate(g, &origins, &source_lines);
        }
        // Already at source lines.
        p.report.extend(decode::repair_notes(&doc.repaired));
        p.warnings = decode::repair_warnings(&doc.repaired, source_name);
    }
    Ok(plans)
}

/// Every text of every block without control characters
/// ([`text::strip_controls`]), before any stage reads them.
fn strip_controls(blocks: &mut [blocks::Block]) {
    let strip = |s: &mut String| {
        if let std::borrow::Cow::Owned(clean) = text::strip_controls(s) {
            *s = clean;
        }
    };
    for b in blocks {
        match &mut b.kind {
            blocks::BlockKind::Para(t) | blocks::BlockKind::Heading(t) => strip(t),
            blocks::BlockKind::Table(t) => t
                .rows
                .iter_mut()
                .flat_map(|r| &mut r.cells)
                .for_each(|c| strip(&mut c.text)),
        }
    }
}

/// Moves a guess from its line in the laid-out text to its line and column
/// in the source, refining the column to where its anchor (the item's
/// title) is printed when the source's text is at hand.
fn locate(g: &mut Guess, origins: &blocks::Origins, source: &[&str]) {
    let Some(&(line, col)) = g.line.checked_sub(1).and_then(|i| origins.get(i)) else {
        return;
    };
    g.line = line;
    g.col = Some(col);
    let (Some(anchor), Some(src)) = (&g.anchor, source.get(line - 1)) else {
        return;
    };
    let from = src.char_indices().nth(col - 1).map_or(0, |(i, _)| i);
    if let Some(at) = src[from..].find(anchor.as_str()) {
        g.col = Some(src[..from + at].chars().count() + 1);
    }
}

fn import_blocks(
    blocks: Vec<blocks::Block>,
    text: &str,
    source_name: &str,
) -> Result<Vec<Imported>, ImportError> {
    let (_, tables) = take_tables(blocks);
    if let Some(nul) = text.find('\0') {
        return Err(ImportError::Binary {
            what: None,
            line: line_of(text.as_bytes(), nul),
        });
    }
    let docs = split::documents(clean::lines(text));
    if docs.len() == 1 {
        return import_lines(
            docs.into_iter().flatten().collect(),
            tables,
            text,
            source_name,
        );
    }
    // Each table goes with the document it is printed in.
    let mut tables = tables;
    let mut out = Vec::new();
    let mut first_err = None;
    let n = docs.len();
    for (k, doc) in docs.into_iter().enumerate() {
        let last = doc.last().map_or(0, |l| l.no);
        let mine: Vec<Captioned> = if k + 1 == n {
            std::mem::take(&mut tables)
        } else {
            let (mine, rest) = tables.into_iter().partition(|t| t.line <= last);
            tables = rest;
            mine
        };
        let part: String = doc
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        match import_lines(doc, mine, &part, source_name) {
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

/// A task-division or indicator table, taken out of the text, with the
/// short line printed above it (its caption) if any.
struct Captioned {
    line: usize,
    table: blocks::Table,
    caption: Option<String>,
}

/// Takes the tables whose header names their columns out of the blocks:
/// they are read as tables, not as lines of text.
fn take_tables(all: Vec<blocks::Block>) -> (Vec<blocks::Block>, Vec<Captioned>) {
    let mut text = Vec::with_capacity(all.len());
    let mut tables = Vec::new();
    for b in all {
        match b.kind {
            blocks::BlockKind::Table(t) if table::is_read(&t) => {
                let caption = text.last().and_then(|p: &blocks::Block| match &p.kind {
                    blocks::BlockKind::Para(c) | blocks::BlockKind::Heading(c)
                        if c.chars().count() <= 40 && !c.ends_with('。') =>
                    {
                        Some(c.clone())
                    }
                    _ => None,
                });
                tables.push(Captioned {
                    line: b.line,
                    table: t,
                    caption,
                });
            }
            kind => text.push(blocks::Block { kind, ..b }),
        }
    }
    (text, tables)
}

/// Imports the cleaned lines of one document and the tables printed in it;
/// `text` is its source text.
fn import_lines(
    all: Vec<text::Line>,
    tables: Vec<Captioned>,
    text: &str,
    source_name: &str,
) -> Result<Vec<Imported>, ImportError> {
    let mut content: Vec<text::Line> = all.iter().filter(|l| !l.noise).cloned().collect();
    let repaired = structure::repair_garbled_items(&mut content);
    // Headings run into one paragraph (`…负责)(二)让企业…`) get lines of their own.
    let mut content = structure::split_run_in(content);
    if content.is_empty() && tables.is_empty() {
        return Err(ImportError::Empty);
    }
    if tables.is_empty()
        && !content
            .iter()
            .any(|l| heading::parse_heading(&l.text).is_some())
    {
        return Err(ImportError::NoStructure);
    }
    if content.is_empty() {
        // A bare sheet: the file's name titles it.
        let stem = std::path::Path::new(source_name).file_stem().map_or_else(
            || source_name.to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        content.push(text::Line {
            no: 1,
            text: stem,
            noise: false,
        });
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
    if roots.is_empty() && tables.is_empty() {
        return Err(ImportError::NoStructure);
    }
    let preamble_text: Vec<String> = preamble.iter().map(|(_, t)| t.clone()).collect();

    let mut ctx = assemble::Ctx::new(meta.jurisdiction.clone(), guesses);
    let holders: Vec<Option<usize>> = tables
        .iter()
        .map(|t| table_chapter(&roots, body, t.line))
        .collect();
    ctx.table_chapters = holders.iter().flatten().map(|&i| roots[i].line).collect();
    let mut sections = assemble::sections(&roots, &mut ctx);
    let mut table_targets = Vec::new();
    for (t, holder) in tables.into_iter().zip(holders) {
        // The section made for the chapter the table is printed in.
        let home = holder.and_then(|i| {
            let n = &roots[i];
            sections
                .iter()
                .position(|s| s.number == n.number && s.title == n.title)
                .or_else(|| sections.iter().position(|s| s.number == n.number))
        });
        match table::read(&t.table, t.caption.as_deref(), &mut ctx) {
            Some(table::Reading::Tasks(secs)) => {
                let n: usize = secs.iter().map(|s| s.tasks.len()).sum();
                ctx.guesses.push(
                    Guess::new(
                        t.line,
                        format!("a task table: {n} row(s) read as tasks, columns by their headers"),
                    )
                    .high(),
                );
                let mut rest = table::merge_into(&mut sections, secs, &mut ctx.guesses, t.line);
                match home {
                    // One group of rows under the chapter: its tasks.
                    Some(k) if rest.len() == 1 && rest[0].number.is_empty() => {
                        sections[k].tasks.append(&mut rest[0].tasks);
                        sections[k].sections.append(&mut rest[0].sections);
                    }
                    Some(k) => sections[k].sections.append(&mut rest),
                    None => sections.append(&mut rest),
                }
            }
            Some(table::Reading::Targets(ts)) => {
                let g = Guess::new(
                    t.line,
                    format!(
                        "an indicator table: {} target(s), its rows are not tasks",
                        ts.len()
                    ),
                );
                // Headed like indicators, yet no row gave a target: the
                // header may have been misread.
                ctx.guesses
                    .push(if ts.is_empty() { g.low() } else { g.high() });
                match home {
                    Some(k) => sections[k].targets.extend(ts),
                    None => table_targets.extend(ts),
                }
            }
            None => {}
        }
    }

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
    // `一季度`, `元宵节前`: the year the plan is issued in (or starts).
    let plan_year = plan
        .issued
        .or(plan.published)
        .map(|d| d.year)
        .or(plan.period.map(|p| p.start));
    let implied = targets::implied_years(all_targets_mut(&mut plan).into_iter(), plan_year);
    if implied > 0 {
        let line = content.get(meta.body_start).map_or(1, |l| l.no);
        let (year, from) = match (plan_year, plan.issued.or(plan.published)) {
            (Some(y), Some(_)) => (y.to_string(), "the year the plan is dated"),
            (Some(y), None) => (y.to_string(), "the first year of its period"),
            (None, _) => ("no year".to_string(), "the text gives no date or period"),
        };
        guesses.push(Guess::new(
            line,
            format!("{implied} deadline(s) name no year (一季度, 年底前, 元宵节前…); they got {year}: {from}"),
        ).low());
    }
    // An indicator column without a year (目标值) is the plan's end year.
    let end = plan.period.map(|p| p.end);
    for mut t in table_targets {
        t.year = t.year.or(end);
        plan.targets.push(t);
    }
    let slug = crate::slug::slugify(&plan.title, 48);
    Ok(vec![Imported {
        slug,
        plan,
        report: guesses,
        format: read::Format::Text.name(),
        warnings: Vec::new(),
    }])
}

/// The chapter (index in `roots`) a table at `line` is printed in: the
/// last chapter heading before it, unless an `附件` line comes between (an
/// annex table belongs to the whole plan).
fn table_chapter(roots: &[structure::Node], body: &[text::Line], line: usize) -> Option<usize> {
    let k = roots.iter().rposition(|n| n.line <= line)?;
    let annex = body.iter().any(|l| {
        l.no > roots[k].line && l.no < line && {
            let t = l.text.trim_start_matches([' ', '\u{3000}']);
            t.starts_with("附件") && t.chars().count() <= 12
        }
    });
    (!annex).then_some(k)
}

/// The plan's period: from its title; else from the basis document it
/// implements; else from the issue year to the latest target year.
fn period(
    plan: &Plan,
    guesses: &mut Vec<Guess>,
    body_start: usize,
    content: &[text::Line],
) -> Option<Period> {
    let line = content
        .get(body_start.saturating_sub(1))
        .map_or(1, |l| l.no);
    if let Some((start, end)) = meta::period_in(&plan.title) {
        return Some(Period { start, end });
    }
    for b in &plan.basis {
        if let Some((start, end)) = meta::period_in(b) {
            guesses.push(
                Guess::new(
                    line,
                    format!("period {start}—{end} taken from the basis document 《{b}》"),
                )
                .high(),
            );
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

fn all_targets_mut(plan: &mut Plan) -> Vec<&mut Target> {
    fn walk<'a>(s: &'a mut [crate::model::Section], out: &mut Vec<&'a mut Target>) {
        for sec in s {
            out.extend(sec.targets.iter_mut());
            for t in &mut sec.tasks {
                out.extend(t.targets.iter_mut());
            }
            walk(&mut sec.sections, out);
        }
    }
    let mut v: Vec<&mut Target> = plan.targets.iter_mut().collect();
    walk(&mut plan.sections, &mut v);
    v
}

/// Options of `sitegen import`.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Directory the plan files go into.
    pub out: PathBuf,
    /// Also produce the `--report` text of each plan.
    pub report: bool,
    /// Overwrite plan files that were edited since they were imported.
    pub force: bool,
}

/// What `sitegen import` did with one source file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The source file as named on the command line.
    pub source: PathBuf,
    /// The plans written from it, or why it could not be imported.
    pub result: Result<Vec<PlanOutcome>, Diagnostic>,
    /// What the importer repaired in it (see [`Imported::warnings`]).
    pub warnings: Vec<Diagnostic>,
}

/// One plan file written (or kept) by `sitegen import`.
#[derive(Debug)]
pub struct PlanOutcome {
    /// The plan file.
    pub path: PathBuf,
    /// What happened to it.
    pub written: Written,
    /// Tasks, department names and targets found.
    pub tasks: usize,
    /// Department names over all tasks.
    pub units: usize,
    /// Targets, plan-level and in tasks.
    pub targets: usize,
    /// Places where the importer guessed.
    pub guesses: usize,
    /// The `--report` text, when asked for.
    pub report: Option<String>,
}

impl FileOutcome {
    /// True when the file was imported and no edited plan file was kept.
    pub fn ok(&self) -> bool {
        self.result
            .as_ref()
            .is_ok_and(|plans| plans.iter().all(|p| p.written != Written::Refused))
    }
}

/// `sitegen import FILE... --out DIR [--report] [--force]`: imports each
/// file and writes its plans. A file that cannot be read or imported is
/// reported in its outcome and the others are still imported; an output
/// directory that cannot be written fails the whole run.
pub fn run(files: &[PathBuf], opts: &ImportOptions) -> Result<Vec<FileOutcome>, Diagnostic> {
    std::fs::create_dir_all(&opts.out).map_err(|e| Diagnostic::io(&opts.out, "create", &e))?;
    let mut slugs = crate::slug::SlugSet::default();
    let mut outcomes = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let imported = std::fs::read(file)
            .map_err(|e| Diagnostic::io(file, "read", &e))
            .and_then(|bytes| import_bytes(&bytes, &shown));
        let imported = match imported {
            Ok(v) => v,
            Err(d) => {
                outcomes.push(FileOutcome {
                    source: file.clone(),
                    result: Err(d),
                    warnings: Vec::new(),
                });
                continue;
            }
        };
        let mut warnings: Vec<Diagnostic> = Vec::new();
        for w in imported.iter().flat_map(|imp| &imp.warnings) {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        let contents: Vec<(String, String)> = imported
            .iter()
            .map(|imp| {
                let source = imp.plan.source.clone().unwrap_or_else(|| shown.clone());
                let content = write::with_header(&crate::load::to_yaml(&imp.plan), &source);
                (source, content)
            })
            .collect();
        // Checked for every plan of the file before any is written: a file
        // is imported whole or not at all.
        if let Some(too_big) = contents
            .iter()
            .find_map(|(_, c)| write::too_big(file, c.len()))
        {
            outcomes.push(FileOutcome {
                source: file.clone(),
                result: Err(too_big),
                warnings,
            });
            continue;
        }
        let mut plans = Vec::new();
        for (imp, (source, content)) in imported.into_iter().zip(contents) {
            let path = write::choose_path(&opts.out, &imp.slug, &source, &mut slugs);
            let written = write::write_plan(&path, &content, opts.force)?;
            let (tasks, units, targets) = counts(&imp.plan);
            plans.push(PlanOutcome {
                path,
                written,
                tasks,
                units,
                targets,
                guesses: imp.report.len(),
                report: opts.report.then(|| report(&imp, &shown)),
            });
        }
        outcomes.push(FileOutcome {
            source: file.clone(),
            result: Ok(plans),
            warnings,
        });
    }
    Ok(outcomes)
}

fn counts(plan: &Plan) -> (usize, usize, usize) {
    let tasks = plan.tasks_with_path();
    let units = tasks
        .iter()
        .map(|(_, t)| t.lead.len() + t.partners.len() + t.responsible.len())
        .sum();
    (tasks.len(), units, all_targets(plan).count())
}

/// The `--report` text of one plan imported from `file`: what was found,
/// then every guess as `file:line: note: …`, least sure first (one note for
/// a guess made for many items, with all their lines), then the tasks with
/// their units and targets to check against the source.
pub(crate) fn report(imp: &Imported, file: &str) -> String {
    use std::fmt::Write as _;
    let plan = &imp.plan;
    let mut s = String::new();
    let _ = writeln!(s, "  plan: {} ({})", plan.title, plan.jurisdiction);
    let tasks = plan.tasks_with_path();
    let with_lead = tasks.iter().filter(|(_, t)| !t.lead.is_empty()).count();
    let no_unit = tasks
        .iter()
        .filter(|(_, t)| t.lead.is_empty() && t.partners.is_empty() && t.responsible.is_empty())
        .count();
    let mut departments: Vec<&str> = tasks
        .iter()
        .flat_map(|(_, t)| t.lead.iter().chain(&t.partners).chain(&t.responsible))
        .map(String::as_str)
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let (dated, undated) = all_targets(plan).fold((0, 0), |(d, u), t| match t.year {
        Some(_) => (d + 1, u),
        None => (d, u + 1),
    });
    let _ = writeln!(
        s,
        "  found: read as {}; {} chapter(s), {} task(s) ({with_lead} with a lead unit, {no_unit} with no unit), {} department(s), {dated} dated target(s){}{}",
        imp.format,
        plan.sections.len(),
        tasks.len(),
        departments.len(),
        if undated > 0 { format!(" and {undated} without a year") } else { String::new() },
        plan.period.map_or(String::new(), |p| format!(", period {}—{}", p.start, p.end)),
    );
    for note in notes(&imp.report) {
        let _ = writeln!(s, "{file}:{note}");
    }
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
    for t in &plan.targets {
        let _ = writeln!(s, "    target: {}", fmt_target(t));
    }
    for (path, t) in tasks {
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
    s
}

/// `line` or `line:col`.
fn place(g: &Guess) -> String {
    match g.col {
        Some(c) => format!("{}:{c}", g.line),
        None => g.line.to_string(),
    }
}

/// The guesses as report notes `line: note: [confidence] …`, least sure
/// first and in source order within a confidence; the guesses of one group
/// become one note at the group's first line.
fn notes(guesses: &[Guess]) -> Vec<String> {
    let mut order: Vec<&Guess> = guesses.iter().collect();
    order.sort_by_key(|g| (g.confidence, g.line, g.col));
    let mut out: Vec<(Confidence, (usize, Option<usize>), String)> = Vec::new();
    let mut done = std::collections::HashSet::new();
    for g in &order {
        let Some(group) = g.group else {
            out.push((g.confidence, (g.line, g.col), g.message.clone()));
            continue;
        };
        if !done.insert(group) {
            continue;
        }
        let members: Vec<&&Guess> = order.iter().filter(|o| o.group == Some(group)).collect();
        let text = if members.len() == 1 {
            g.message.clone()
        } else {
            // `157 (task (一))`: the line, and the item where the message
            // names one, since one line can hold many items.
            let mut at: Vec<String> = members
                .iter()
                .map(|m| {
                    match m
                        .message
                        .strip_prefix("task ")
                        .and_then(|r| r.split_once(": "))
                    {
                        Some((number, _)) => format!("{} (task {number})", place(m)),
                        None => place(m),
                    }
                })
                .collect();
            at.dedup();
            format!(
                "{group}: {} times, at lines {}",
                members.len(),
                at.join(", ")
            )
        };
        out.push((g.confidence, (g.line, g.col), text));
    }
    out.sort_by_key(|(c, line, _)| (*c, *line));
    out.into_iter()
        .map(|(c, (line, col), text)| {
            let col = col.map_or(String::new(), |c| format!(":{c}"));
            format!("{line}{col}: note: [{} confidence] {text}", c.label())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_clear() {
        assert!(matches!(
            import_document(read::read_text(""), "x.txt"),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            import_document(read::read_text(" \n\u{3000}\n【 关闭 】\n"), "x.txt"),
            Err(ImportError::Empty)
        ));
        let e = import_text("甲\n乙\na\0b", "dir/x.txt").unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "dir/x.txt:3:1: error: the file contains NUL bytes or control characters, so it is binary (PDF, Word, image?), not text"
        );
        let e = import_text("只有一段文字,没有编号。\n第二段。", "x.txt").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.txt: error: found no numbered headings"),
            "{e}"
        );
        assert!(
            e.to_string()
                .contains("= help: check that the file is a plan"),
            "{e}"
        );
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
        let first = run(std::slice::from_ref(&src), &opts).unwrap();
        assert!(first[0].ok());
        let file = std::fs::read_dir(&out)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let again = run(std::slice::from_ref(&src), &opts).unwrap();
        assert_eq!(again[0].result.as_ref().unwrap()[0].written, Written::Same);
        std::fs::write(&file, "title: changed\n").unwrap();
        let refused = run(std::slice::from_ref(&src), &opts).unwrap();
        assert!(!refused[0].ok());
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
