//! Word documents through `import_bytes`, built here from the text of real
//! plans: a .docx of the text imports to the same plan as the text; so does
//! one whose chapter and task numbers Word's list numbering gives instead of
//! the text; a damaged file is an error that says what is wrong, never a
//! panic.

mod common;

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use sitegen::{import_bytes, import_text, Imported};

// ---- building .docx files ----

fn package(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in members {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap().into_inner()
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn xml(root: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{root} {NS}>{inner}</w:{root}>"#
    )
}

/// A minimal valid Word package around a body, with optional numbering
/// and styles parts.
fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let numbering = numbering.map(|n| xml("numbering", n));
    let styles = styles.map(|s| xml("styles", s));
    if numbering.is_some() {
        types += &format!(
            r#"<Override PartName="/word/numbering.xml" ContentType="{ct}.numbering+xml"/>"#
        );
        rels +=
            &format!(r#"<Relationship Id="rId1" Type="{rel}/numbering" Target="numbering.xml"/>"#);
    }
    if styles.is_some() {
        types +=
            &format!(r#"<Override PartName="/word/styles.xml" ContentType="{ct}.styles+xml"/>"#);
        rels += &format!(r#"<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>"#);
    }
    types += "</Types>";
    rels += "</Relationships>";
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let doc = xml("document", &format!("<w:body>{body}<w:sectPr/></w:body>"));
    let mut members: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ];
    if let Some(n) = &numbering {
        members.push(("word/numbering.xml", n.as_bytes()));
    }
    if let Some(s) = &styles {
        members.push(("word/styles.xml", s.as_bytes()));
    }
    package(&members)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph whose text is cut into runs as Word cuts it (every few
/// characters, some bold), so the reader must join runs.
fn para(ppr: &str, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let runs: String = chars
        .chunks(9)
        .enumerate()
        .map(|(i, c)| {
            let t = esc(&c.iter().collect::<String>());
            let rpr = if i % 3 == 1 {
                "<w:rPr><w:b/></w:rPr>"
            } else {
                ""
            };
            format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>"#)
        })
        .collect();
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn num_pr(num: usize, ilvl: usize) -> String {
    format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#)
}

// ---- the documents ----

fn sources() -> Vec<PathBuf> {
    let repo = common::repo();
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo.join("seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let shared = repo.join("../shared/corpus-dev");
    match std::fs::read_dir(&shared) {
        Ok(dir) => v.extend(
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt")),
        ),
        Err(_) => eprintln!(
            "import_docx: {} is absent; the corpus-dev documents are skipped (seeds only)",
            shared.display()
        ),
    }
    v.sort();
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Everything a plan's reader sees, one line per field, so a difference
/// names the field.
fn summary(v: &[Imported]) -> Vec<String> {
    let mut out = Vec::new();
    for imp in v {
        let p = &imp.plan;
        out.push(format!("title: {}", p.title));
        out.push(format!("issuer: {:?}", p.issuer));
        out.push(format!("jurisdiction: {}", p.jurisdiction));
        out.push(format!("doc_number: {:?}", p.doc_number));
        out.push(format!("dates: {:?} {:?}", p.issued, p.published));
        out.push(format!("period: {:?}", p.period));
        out.push(format!("basis: {:?}", p.basis));
        out.push(format!("intro: {}", p.intro));
        out.push(format!("targets: {:?}", p.targets));
        for (path, t) in p.tasks_with_path() {
            let path = path.join(" ");
            out.push(format!("task {path}: {}", t.title));
            out.push(format!("  lead {path}: {:?}", t.lead));
            out.push(format!("  partners {path}: {:?}", t.partners));
            out.push(format!("  responsible {path}: {:?}", t.responsible));
            out.push(format!("  targets {path}: {}", t.targets.len()));
            out.push(format!("  body {path}: {}", t.body));
        }
    }
    out
}

#[track_caller]
fn assert_same(docx: &[String], text: &[String], what: &str) {
    if let Some(i) = (0..docx.len().max(text.len())).find(|&i| docx.get(i) != text.get(i)) {
        panic!(
            "{what}: the .docx imports differently from the text at line {i} of the summary:\n  docx: {:?}\n  text: {:?}",
            docx.get(i),
            text.get(i)
        );
    }
}

fn text_import(text: &str, source: &str) -> Vec<String> {
    summary(&import_text(text, source).unwrap())
}

fn docx_import(bytes: &[u8], source: &str) -> Vec<String> {
    summary(
        &import_bytes(bytes, source)
            .unwrap_or_else(|d| panic!("{source}: the .docx did not import: {d}")),
    )
}

fn tasks(summary: &[String]) -> usize {
    summary.iter().filter(|l| l.starts_with("task ")).count()
}

/// Test 1: each line of the text as a paragraph imports to the same plan.
#[test]
fn docx_of_the_text_imports_like_the_text() {
    for src in sources() {
        let text = std::fs::read_to_string(&src).unwrap();
        let source = name(&src);
        let body: String = text.lines().map(|l| para("", l)).collect();
        let from_text = text_import(&text, &source);
        let from_docx = docx_import(&docx(&body, None, None), &source);
        assert_same(&from_docx, &from_text, &source);
        eprintln!("{source}: {} tasks, same as the text", tasks(&from_docx));
    }
}

// ---- Word numbering in place of the numbers in the text ----

/// A number the text stages read at the start of a line, as Word would
/// define it: the level text (`%1、`), the number format, the value, and
/// the text after it.
struct Number<'a> {
    template: String,
    fmt: &'static str,
    /// `w:suff`: Word's default `tab` (which the reader turns into the
    /// space after `第一条`), or `nothing`.
    suffix: &'static str,
    value: u32,
    rest: &'a str,
}

const CN: &str = "一二三四五六七八九";

fn cn_value(s: &str) -> Option<u32> {
    let d = |c: char| CN.chars().position(|x| x == c).map(|i| i as u32 + 1);
    let c: Vec<char> = s.chars().collect();
    match c.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

fn leading_number(line: &str) -> Option<Number<'_>> {
    let is_cn = |c: char| CN.contains(c) || c == '十';
    if let Some(after) = line.strip_prefix('第') {
        let end = after
            .char_indices()
            .find(|&(_, c)| !is_cn(c))
            .map_or(after.len(), |(i, _)| i);
        for unit in ["条", "章"] {
            if let Some(rest) = after[end..].strip_prefix(unit) {
                let spaced = rest.trim_start();
                return Some(Number {
                    template: format!("第%1{unit}"),
                    fmt: "chineseCounting",
                    suffix: if spaced.len() < rest.len() {
                        "tab"
                    } else {
                        "nothing"
                    },
                    value: cn_value(&after[..end])?,
                    rest: spaced,
                });
            }
        }
        return None;
    }
    let cn_end = line
        .char_indices()
        .find(|&(_, c)| !is_cn(c))
        .map_or(line.len(), |(i, _)| i);
    if cn_end > 0 {
        if let Some(rest) = line[cn_end..].strip_prefix('、') {
            return Some(Number {
                template: "%1、".into(),
                fmt: "chineseCounting",
                suffix: "tab",
                value: cn_value(&line[..cn_end])?,
                rest,
            });
        }
    }
    for (open, close) in [("（", "）"), ("(", ")")] {
        let Some(inner) = line.strip_prefix(open) else {
            continue;
        };
        let (num, rest) = inner.split_once(close)?;
        if let Some(v) = cn_value(num) {
            let template = format!("{open}%1{close}");
            return Some(Number {
                template,
                fmt: "chineseCounting",
                suffix: "tab",
                value: v,
                rest,
            });
        }
        if (1..=2).contains(&num.len()) && num.bytes().all(|b| b.is_ascii_digit()) {
            let template = format!("{open}%1{close}");
            return Some(Number {
                template,
                fmt: "decimal",
                suffix: "tab",
                value: num.parse().ok()?,
                rest,
            });
        }
        return None;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        for sep in [".", "、", "．"] {
            if let Some(rest) = line[digits..].strip_prefix(sep) {
                if rest.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace()) {
                    return None;
                }
                return Some(Number {
                    template: format!("%1{sep}"),
                    fmt: "decimal",
                    suffix: "tab",
                    value: line[..digits].parse().ok()?,
                    rest,
                });
            }
        }
    }
    let first = line.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some(Number {
            template: "%1".into(),
            fmt: "decimalEnclosedCircle",
            suffix: "tab",
            value: first as u32 - '①' as u32 + 1,
            rest: &line[first.len_utf8()..],
        });
    }
    None
}

fn level(ilvl: usize, fmt: &str, text: &str, suffix: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>"#
    )
}

/// A docx of the text in which every numbered line's number is left to
/// Word: one single-level list per kind of number (`%1、` chineseCounting,
/// `（%1）` chineseCounting, `%1.` decimal, `第%1条`, …), restarted where the text
/// restarts by a new list instance with `w:startOverride`, as Word's
/// "restart numbering" writes it. Returns the package and how many numbers
/// Word gives.
fn docx_with_lists(text: &str) -> (Vec<u8>, usize) {
    let mut kinds: Vec<(String, &'static str, &'static str)> = Vec::new();
    let mut current: HashMap<usize, (usize, u32)> = HashMap::new();
    let mut nums: Vec<(usize, u32)> = Vec::new();
    let mut body = String::new();
    let mut given = 0;
    for line in text.lines() {
        let line = line.trim();
        let Some(n) = leading_number(line) else {
            body += &para("", line);
            continue;
        };
        let kind = kinds
            .iter()
            .position(|k| *k == (n.template.clone(), n.fmt, n.suffix))
            .unwrap_or_else(|| {
                kinds.push((n.template.clone(), n.fmt, n.suffix));
                kinds.len() - 1
            });
        let num = match current.get(&kind) {
            Some(&(num, last)) if n.value == last + 1 => num,
            _ => {
                nums.push((kind, n.value));
                nums.len()
            }
        };
        current.insert(kind, (num, n.value));
        body += &para(&num_pr(num, 0), n.rest);
        given += 1;
    }
    let mut numbering: String = kinds
        .iter()
        .enumerate()
        .map(|(i, (tpl, fmt, suffix))| {
            format!(
                r#"<w:abstractNum w:abstractNumId="{i}"><w:multiLevelType w:val="singleLevel"/>{}</w:abstractNum>"#,
                level(0, fmt, tpl, suffix)
            )
        })
        .collect();
    for (i, (kind, start)) in nums.iter().enumerate() {
        numbering += &format!(
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{kind}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>"#,
            i + 1
        );
    }
    (docx(&body, Some(&numbering), None), given)
}

/// A docx of the text with one multi-level list, as a plan template
/// defines it: level 1 `%1、` given by the heading style 标题 1 (styleId
/// `1`), level 2 `（%2）` chineseCounting, level 3 `%3.`, level 4 `（%4）`,
/// level 5 `%5` circled; a deeper level restarts when a higher one advances. A numbered
/// line takes Word's number when Word's counters would print exactly it,
/// and keeps its number in the text otherwise (as when the text numbers
/// items across chapters). Returns the package and how many numbers Word
/// gives.
fn docx_multilevel(text: &str) -> (Vec<u8>, usize) {
    // The level of each kind of number; its level text is the one the
    // document first prints (`(%2)` or `（%2）`, `%3.` or `%3、`).
    const KINDS: [(&str, bool); 5] = [
        ("chineseCounting", false),
        ("chineseCounting", true),
        ("decimal", false),
        ("decimal", true),
        ("decimalEnclosedCircle", false),
    ];
    let mut templates: [Option<String>; 5] = Default::default();
    let mut counters = [0u32; 5];
    let mut body = String::new();
    let mut given = 0;
    for line in text.lines() {
        let line = line.trim();
        let n = leading_number(line);
        let ilvl = n.as_ref().filter(|n| n.suffix == "tab").and_then(|n| {
            let paren = n.template.starts_with(['(', '（']);
            KINDS.iter().position(|k| *k == (n.fmt, paren))
        });
        match (n, ilvl) {
            (Some(n), Some(i))
                if n.value == counters[i] + 1
                    && templates[i].get_or_insert_with(|| n.template.clone()) == &n.template =>
            {
                counters[i] += 1;
                counters[i + 1..].iter_mut().for_each(|c| *c = 0);
                let ppr = if i == 0 {
                    r#"<w:pStyle w:val="1"/>"#.to_string()
                } else {
                    num_pr(1, i)
                };
                body += &para(&ppr, n.rest);
                given += 1;
            }
            _ => body += &para("", line),
        }
    }
    let lvls: String = KINDS
        .iter()
        .zip(&templates)
        .enumerate()
        .map(|(i, ((fmt, _), t))| {
            let t = t
                .as_deref()
                .unwrap_or("%1")
                .replace("%1", &format!("%{}", i + 1));
            level(i, fmt, &t, "tab")
        })
        .collect();
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
    );
    let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#;
    (docx(&body, Some(&numbering), Some(styles)), given)
}

/// Test 2: the numbers removed from the text and given by Word numbering
/// import to the same plan.
#[test]
fn word_numbering_gives_the_same_tasks_as_numbers_in_the_text() {
    for src in sources() {
        let text = std::fs::read_to_string(&src).unwrap();
        let source = name(&src);
        let from_text = text_import(&text, &source);
        let numbered = text
            .lines()
            .filter(|l| leading_number(l.trim()).is_some())
            .count();

        let (bytes, given) = docx_with_lists(&text);
        assert_eq!(given, numbered);
        let from_lists = docx_import(&bytes, &source);
        assert_same(&from_lists, &from_text, &format!("{source} (lists)"));

        let (bytes, given_ml) = docx_multilevel(&text);
        let from_multilevel = docx_import(&bytes, &source);
        assert_same(
            &from_multilevel,
            &from_text,
            &format!("{source} (multi-level list)"),
        );
        eprintln!(
            "{source}: {} tasks; Word gives {given} of {numbered} numbers as separate lists, {given_ml} as one multi-level list",
            tasks(&from_text)
        );
    }
    // The seed with a textbook hierarchy really takes its numbers from Word.
    let seed = common::repo().join("seeds/000_d3d8d3678e9b4b54.txt");
    let text = std::fs::read_to_string(seed).unwrap();
    let numbered = text
        .lines()
        .filter(|l| leading_number(l.trim()).is_some())
        .count();
    assert!(numbered >= 40, "{numbered}");
    let (_, given) = docx_multilevel(&text);
    assert!(given * 10 >= numbered * 9, "{given} of {numbered}");
}

// ---- damaged files ----

fn import_error(bytes: &[u8]) -> String {
    match import_bytes(bytes, "x.docx") {
        Ok(v) => panic!("imported {} plans", v.len()),
        Err(d) => d.to_string(),
    }
}

/// Test 4: a damaged package is an error naming the problem, never a panic.
#[test]
fn damaged_docx_is_an_error_that_names_the_problem() {
    let e = import_error(&package(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"\x00\x01 this is not XML <w:p"),
    ]));
    assert!(
        e.contains("the Word document cannot be read: word/document.xml is not well-formed XML"),
        "{e}"
    );
    assert!(e.contains("save it again as .docx"), "{e}");

    let e = import_error(&package(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/styles.xml", xml("styles", "").as_bytes()),
    ]));
    assert!(e.contains("has no word/document.xml"), "{e}");

    // A zip bomb: 65 MiB of spaces packs into a few tens of kilobytes.
    let bomb = vec![b' '; 65 << 20];
    let e = import_error(&package(&[("word/document.xml", &bomb)]));
    assert!(e.contains("unpacks to more than 64 MiB"), "{e}");

    let e = import_error(&docx("", None, None));
    assert!(e.contains("empty"), "{e}");
}

/// Cut and corrupted copies of a real .docx: each imports or is refused,
/// none panics.
#[test]
fn cut_and_corrupted_docx_never_panics() {
    let text =
        std::fs::read_to_string(common::repo().join("seeds/003_273fabc37fb0533b.txt")).unwrap();
    let head: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    let (good, _) = docx_with_lists(&head);
    assert!(import_bytes(&good, "x.docx").is_ok());
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut refused, mut read) = (0, 0);
    for cut in (0..good.len()).step_by(good.len() / 97 + 1) {
        match import_bytes(&good[..cut], "x.docx") {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    for _ in 0..300 {
        let mut bad = good.clone();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() % bad.len() as u64) as usize;
            bad[at] = next() as u8;
        }
        match import_bytes(&bad, "x.docx") {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    // The XML itself damaged inside an intact package.
    let body: String = head.lines().map(|l| para("", l)).collect();
    for _ in 0..300 {
        let mut b = body.clone().into_bytes();
        for _ in 0..(next() % 3 + 1) {
            let at = (next() % b.len() as u64) as usize;
            const BYTES: &[u8] = b"<>/&\"= wp:x\x00\xff";
            b[at] = BYTES[(next() % BYTES.len() as u64) as usize];
        }
        let b = String::from_utf8_lossy(&b);
        match import_bytes(&docx(&b, None, None), "x.docx") {
            Ok(_) => read += 1,
            Err(_) => refused += 1,
        }
    }
    eprintln!("damaged copies: {read} imported, {refused} refused, no panic");
    assert!(refused > 0 && read > 0);
}

/// `sitegen import x.docx --out DIR` writes the plan.
#[test]
fn cli_imports_a_docx() {
    let text =
        std::fs::read_to_string(common::repo().join("seeds/000_d3d8d3678e9b4b54.txt")).unwrap();
    let (bytes, _) = docx_multilevel(&text);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("计划.docx");
    std::fs::write(&file, bytes).unwrap();
    let out = tmp.path().join("plans");
    let o = common::sitegen(
        &[
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let stdout = common::text(&o.stdout);
    assert!(o.status.success(), "{}", common::text(&o.stderr));
    assert!(stdout.contains("30 tasks"), "{stdout}");
    let plans: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(plans.len(), 1);
    let plan = std::fs::read_to_string(plans[0].path()).unwrap();
    assert!(plan.contains("title: 增强德育工作实效性"), "{plan}");
}
