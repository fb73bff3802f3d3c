//! PDF files through `sitegen import`: a passage of a real plan (seed 000:
//! its general goals with the dated target, the first task chapter with
//! numbered tasks and their 〔牵头单位:…;配合单位:…〕 brackets), printed to
//! PDF by headless Chromium in the layout of a government document
//! (justified, first lines indented, several pages, a page number cutting a
//! sentence), imports to the same plan as the passage as text, with the
//! tasks, numbers, units, targets and period expected; a PDF whose fonts
//! name radicals for ideographs (as Noto CJK's do) imports as if they were
//! the ideographs; a damaged PDF is refused with its name and a helpful
//! message, and a PDF without text gets the "no text layer" error, both
//! with exit code 1 and no plan file written.
//!
//! The Chromium tests need `chromium` and a CJK font (`fonts-noto-cjk`);
//! `bash .ci/test` installs them. Without them plain `cargo test` skips
//! them and names what is missing; under `CI` or `SITEGEN_REQUIRE_GATES=1`
//! they fail instead (see `common::Gate`). The hand-made PDFs need nothing.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitegen::{parse_plan, Plan};

const GATE: Gate = Gate {
    name: "PDF import test",
    file: file!(),
    needs: &[CHROMIUM, CJK_FONT],
};

const SEED: &str = "seeds/000_d3d8d3678e9b4b54.txt";

/// Lines 9–29 of seed 000: title, preamble, 一、总体要求 (its 总体目标 with
/// 到2023年), 二、主要任务 up to the end of its second task group.
fn passage() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(SEED)).unwrap();
    let lines: Vec<String> = text.lines().skip(8).take(21).map(str::to_string).collect();
    assert_eq!(lines[0], "贵港市教育提质行动计划");
    assert!(
        lines[20].starts_with("2.深化学前教育保教改革"),
        "{}",
        lines[20]
    );
    lines
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

/// Where the page number cuts a sentence: inside the second paragraph of
/// task 二 (一) 1, after `开展中小学德育微课教学`.
const CUT_AFTER: &str = "开展中小学德育微课教学";

/// The passage as a printed government document: A4, justified, first
/// lines indented two characters, no space between paragraphs, the title
/// centred and larger; a footer `- 2 -` and a page break in the middle of a
/// sentence, the rest of the sentence at the top of the next page.
fn html(lines: &[String]) -> String {
    let mut body = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            body += &format!("<p class=title>{}</p>\n", esc(l));
        } else if let Some(k) = l.find(CUT_AFTER).filter(|_| !l.starts_with("1.")) {
            let (a, b) = l.split_at(k + CUT_AFTER.len());
            body += &format!(
                "<p>{}</p>\n<p class=folio>- 2 -</p>\n<p class=cont>{}</p>\n",
                esc(a),
                esc(b)
            );
        } else {
            body += &format!("<p>{}</p>\n", esc(l));
        }
    }
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>plan</title>
<style>
@page {{ size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }}
body {{ margin: 0; font-size: 16pt; line-height: 1.75; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.title {{ text-indent: 0; text-align: center; font-size: 22pt; margin-bottom: 1em; }}
.folio {{ text-indent: 0; text-align: center; font-size: 14pt; margin-top: 2em; break-after: page; }}
.cont {{ text-indent: 0; }}
</style></head>
<body>
{body}</body></html>
"#
    )
}

/// Prints `html` to `pdf` with headless Chromium, no header or footer.
fn print_pdf(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(CHROMIUM.path())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("chromium did not print {} within 120 s", html.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(pdf).unwrap_or_else(|e| panic!("chromium wrote no PDF: {e}"));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF: {}", pdf.display());
}

/// Pages of a PDF Chromium wrote (its page objects are not compressed).
fn page_count(pdf: &[u8]) -> usize {
    let re = regex::bytes::Regex::new(r"/Type\s*/Page[^s]").unwrap();
    re.find_iter(pdf).count()
}

/// `sitegen import FILE --out OUT --report`: (exit code, stdout, stderr).
fn import(file: &Path, out: &Path) -> (Option<i32>, String, String) {
    let o = sitegen(
        &[
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--report",
        ],
        &repo(),
    );
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn plan_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The one plan file written to `out`, loaded, without its `source`.
fn the_plan(out: &Path) -> Plan {
    let files = plan_files(out);
    assert_eq!(files.len(), 1, "{files:?}");
    let yaml = std::fs::read_to_string(&files[0]).unwrap();
    let mut plan = parse_plan(&yaml, &files[0]).unwrap_or_else(|d| panic!("{d}\n{yaml}"));
    plan.source = None;
    plan
}

/// The `--report` without the file names, the reader's name and the places
/// of notes (a PDF's lines are its paragraphs, and the cut sentence is two
/// of them).
fn report_body(stdout: &str) -> Vec<String> {
    let place = regex::Regex::new(r"^\S+:\d+(:\d+)?: note: ").unwrap();
    let reader = regex::Regex::new(r"^  found: read as [^;]+;").unwrap();
    stdout
        .lines()
        .skip(1)
        .map(|l| {
            let l = place.replace(l, "note: ");
            reader.replace(&l, "  found:").into_owned()
        })
        .collect()
}

#[track_caller]
fn refused(code: Option<i32>, stderr: &str, out: &Path, name: &str, message: &str, help: &str) {
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{name}: error: {message}")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("= help: {help}")), "{stderr}");
    assert!(plan_files(out).is_empty(), "a plan was written: {stderr}");
}

#[test]
fn printed_plan_imports_like_its_text() {
    if GATE.skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let lines = passage();
    let txt = tmp.path().join("plan.txt");
    std::fs::write(&txt, lines.join("\n") + "\n").unwrap();
    let page = tmp.path().join("plan.html");
    std::fs::write(&page, html(&lines)).unwrap();
    let pdf = tmp.path().join("plan.pdf");
    print_pdf(&page, &pdf);
    let pages = page_count(&std::fs::read(&pdf).unwrap());
    assert!(
        pages >= 3,
        "the passage should fill 3 pages or more, got {pages}"
    );

    let (code, from_text, err) = import(&txt, &tmp.path().join("out-txt"));
    assert_eq!(code, Some(0), "{err}");
    let (code, from_pdf, err) = import(&pdf, &tmp.path().join("out-pdf"));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        from_pdf.starts_with(&format!("{} -> ", pdf.display())),
        "{from_pdf}"
    );
    assert_eq!(report_body(&from_pdf), report_body(&from_text));
    let plan = the_plan(&tmp.path().join("out-pdf"));
    assert_eq!(plan, the_plan(&tmp.path().join("out-txt")));

    // What the text gives, stated: the PDF gives it too.
    assert_eq!(plan.title, "贵港市教育提质行动计划");
    assert_eq!(plan.jurisdiction, "贵港市");
    assert_eq!(
        plan.basis,
        ["广西壮族自治区人民政府关于印发广西教育提质振兴三年行动计划(2021—2023年)的通知"]
    );
    let period = plan.period.as_ref().expect("period from the basis");
    assert_eq!((period.start, period.end), (2021, 2023));
    let rate = plan
        .targets
        .iter()
        .find(|t| t.text == "学前教育毛入园率达92.4%")
        .unwrap_or_else(|| panic!("no enrolment target in {:#?}", plan.targets));
    assert_eq!(rate.year, Some(2023));
    assert_eq!(rate.value.as_deref(), Some("92.4"));
    assert_eq!(rate.unit.as_deref(), Some("%"));
    assert!(plan
        .targets
        .iter()
        .any(|t| t.year == Some(2023) && t.text == "全市新建28所公办幼儿园"));

    let tasks = plan.tasks_with_path();
    let found: Vec<(String, &str)> = tasks
        .iter()
        .map(|(path, t)| (path.join(" "), t.title.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("二 (一) 1".to_string(), "增强德育工作实效性"),
            ("二 (一) 2".to_string(), "促进学生身心健康全面发展"),
            ("二 (一) 3".to_string(), "健全协同育人机制"),
            ("二 (二) 1".to_string(), "继续扩大普惠性学前教育资源"),
            ("二 (二) 2".to_string(), "深化学前教育保教改革"),
        ]
    );
    let (_, moral) = &tasks[0];
    assert_eq!(moral.lead, ["市教育局"]);
    assert_eq!(
        moral.partners,
        ["市委宣传部", "团市委", "市民宗委", "市文化广电体育旅游局"]
    );
    // The sentence the page number cut is whole again, the number gone.
    assert!(
        moral
            .body
            .contains("开展中小学德育微课教学“精彩一课”遴选活动"),
        "{}",
        moral.body
    );
    assert!(!moral.body.contains("- 2 -"), "{}", moral.body);
    let (_, preschool) = &tasks[3];
    assert_eq!(preschool.lead, ["市教育局"]);
    assert!(preschool
        .partners
        .contains(&"各县(市、区)人民政府".to_string()));
    assert!(
        preschool
            .targets
            .iter()
            .any(|t| t.year == Some(2023) && t.text.contains("不少于20%")),
        "{:#?}",
        preschool.targets
    );
    assert_eq!(tasks[4].1.responsible, ["市教育局", "各县(市、区)人民政府"]);
}

#[test]
fn printed_page_without_text_has_no_text_layer() {
    if GATE.skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("drawing.html");
    std::fs::write(
        &page,
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title></head>
<body><div></div><svg width="300" height="200"><rect x="10" y="10" width="200" height="100" fill="navy"/></svg></body></html>"#,
    )
    .unwrap();
    let pdf = tmp.path().join("drawing.pdf");
    print_pdf(&page, &pdf);
    let out = tmp.path().join("out");
    let (code, _, err) = import(&pdf, &out);
    refused(
        code,
        &err,
        &out,
        &pdf.display().to_string(),
        "the PDF has no text layer: its 1 page holds only images or drawings (a scanned document?)",
        "run OCR on it",
    );
}

// ---- hand-made PDFs (no Chromium) ----

/// A PDF of the given objects (numbered from 1, the first the catalog),
/// with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend(data);
    v.extend(b"\nendstream");
    v
}

/// A one-page PDF whose lines are drawn with a CID font that has no glyphs
/// of its own, only a ToUnicode map: each character a two-byte code. The
/// map names `to_unicode(c)` for the character `c`, as a printer's does.
fn cid_pdf(lines: &[&str], to_unicode: impl Fn(char) -> char) -> Vec<u8> {
    let mut chars: Vec<char> = lines.concat().chars().collect();
    chars.sort();
    chars.dedup();
    let code = |c: char| chars.binary_search(&c).unwrap() + 1;
    let mut content = String::from("BT /F1 12 Tf 14 TL 72 760 Td\n");
    for l in lines {
        let hex: String = l.chars().map(|c| format!("{:04X}", code(c))).collect();
        content += &format!("<{hex}> Tj T*\n");
    }
    content += "ET";
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /X def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in chars.chunks(100) {
        cmap += &format!("{} beginbfchar\n", chunk.len());
        for &c in chunk {
            let mut utf16 = [0u16; 2];
            let u: String = to_unicode(c)
                .encode_utf16(&mut utf16)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap += &format!("<{:04X}> <{u}>\n", code(c));
        }
        cmap += "endbfchar\n";
    }
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end";
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJK /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_vec(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor 8 0 R >>".to_vec(),
        stream("", cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /NotoSansCJK /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_vec(),
    ])
}

/// The radicals Noto CJK draws with the glyphs of these ideographs.
fn radical_for(c: char) -> char {
    match c {
        '一' => '\u{2F00}',
        '人' => '\u{2F08}',
        '民' => '\u{2EA0}',
        '门' => '\u{2ED4}',
        '—' => '\u{2015}',
        c => c,
    }
}

const SMALL_PLAN: [&str; 6] = [
    "某市教育提质行动计划(2021—2023年)",
    "一、总体目标",
    "到2023年,全市新建5所学校。",
    "二、主要任务",
    "1.扩大教育资源。新建学校。(牵头单位:市教育局;配合单位:市人民政府各部门)",
    "2.加强队伍建设。(责任单位:市人力资源社会保障局)",
];

#[test]
fn radicals_in_the_fonts_unicode_map_read_as_ideographs() {
    let tmp = tempfile::tempdir().unwrap();
    let txt = tmp.path().join("small.txt");
    std::fs::write(&txt, SMALL_PLAN.join("\n") + "\n").unwrap();
    let pdf = tmp.path().join("small.pdf");
    std::fs::write(&pdf, cid_pdf(&SMALL_PLAN, radical_for)).unwrap();
    let (code, from_pdf, err) = import(&pdf, &tmp.path().join("out-pdf"));
    assert_eq!(code, Some(0), "{err}");
    let (code, from_text, err) = import(&txt, &tmp.path().join("out-txt"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report_body(&from_pdf), report_body(&from_text));
    assert!(from_pdf.contains("found: read as PDF;"), "{from_pdf}");
    let plan = the_plan(&tmp.path().join("out-pdf"));
    assert_eq!(plan, the_plan(&tmp.path().join("out-txt")));
    let tasks = plan.tasks_with_path();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].0, ["二", "1"]);
    assert_eq!(tasks[0].1.partners, ["市人民政府各部门"]);
    assert_eq!(
        plan.period.as_ref().map(|p| (p.start, p.end)),
        Some((2021, 2023))
    );
}

#[test]
fn damaged_pdfs_are_refused_with_their_name() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = cid_pdf(&SMALL_PLAN, |c| c);
    let cases: [(&str, Vec<u8>); 3] = [
        ("cut.pdf", whole[..whole.len() / 2].to_vec()),
        (
            "garbage.pdf",
            b"%PDF-1.7\n\x00\x01 not a PDF at all \xff\xfe\n".to_vec(),
        ),
        // The cross-reference table points at the wrong bytes.
        ("xref.pdf", {
            let mut v = whole.clone();
            let at = v.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
            v.splice(at..at + 3, *b"999");
            v
        }),
    ];
    for (name, bytes) in cases {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = tmp.path().join(format!("out-{name}"));
        let (code, _, err) = import(&file, &out);
        refused(
            code,
            &err,
            &out,
            &file.display().to_string(),
            "the PDF could not be read: it is damaged or cut short",
            "open it in the program that made it and save it again, or export it as text",
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn hand_made_pdf_without_text_has_no_text_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("lines.pdf");
    std::fs::write(
        &file,
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
            stream("", b"0 0 m 100 100 l S"),
        ]),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = import(&file, &out);
    refused(
        code,
        &err,
        &out,
        &file.display().to_string(),
        "the PDF has no text layer: its 2 pages hold only images or drawings",
        "run OCR on it (e.g. `ocrmypdf`, which adds a text layer) or export the text from the program that made it, and import that",
    );
}

/// A one-page PDF: the content stream `content` drawn with `resources`,
/// then `extra` objects (numbered from 6; 4 is Helvetica, 5 the content).
fn page_pdf(resources: &str, content: Vec<u8>, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 5 0 R >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        content,
    ];
    objects.extend(extra.iter().cloned());
    pdf(&objects)
}

const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (1. Read this) Tj ET";

/// Deflate data that unpacks to `mib` MiB of zeros, built from one
/// compressed MiB repeated, with a wrong checksum (lopdf keeps what it
/// unpacked before it).
fn deflate_bomb(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut c = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 16);
    c.compress_vec(&vec![0u8; 1 << 20], &mut block, FlushCompress::Sync)
        .unwrap();
    let mut out = vec![0x78, 0xDA];
    for _ in 0..mib {
        out.extend(&block);
    }
    out.extend([0x03, 0x00, 0xDE, 0xAD, 0xBE, 0xEF]);
    out
}

#[test]
fn hostile_pdfs_are_refused_before_they_run() {
    let tmp = tempfile::tempdir().unwrap();
    let form = |body: &[u8], resources: &str| {
        stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] {resources}"),
            body,
        )
    };
    // Twelve forms, each drawing the next twenty times: 20^11 drawings.
    let fan_out: Vec<Vec<u8>> = (0..12)
        .map(|k| match k {
            11 => form(b"0 0 m 1 1 l S", "/Resources << >>"),
            _ => form(
                &b"/X Do ".repeat(20),
                &format!("/Resources << /XObject << /X {} 0 R >> >>", 7 + k),
            ),
        })
        .collect();
    // The page's content unpacks to 600 MiB.
    let bomb_page = page_pdf(
        "<< /Font << /F1 4 0 R >> >>",
        stream("/Filter /FlateDecode", &deflate_bomb(600)),
        &[],
    );
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "self.pdf",
            page_pdf(
                "<< /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >>",
                stream("", &[b"/X Do ", TEXT].concat()),
                // Without resources of its own, /X is looked up in the page's: itself.
                &[form(b"/X Do", "")],
            ),
            "a form in it draws itself",
        ),
        (
            "fan-out.pdf",
            page_pdf(
                "<< /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >>",
                stream("", &[b"/X Do ", TEXT].concat()),
                &fan_out,
            ),
            "drawing its pages would run more than 1024 MiB of operators",
        ),
        (
            "parent.pdf",
            pdf(&[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
                stream("", TEXT),
            ]),
            "its page tree loops",
        ),
        (
            "bomb.pdf",
            bomb_page,
            "its compressed streams unpack to more than 512 MiB",
        ),
    ];
    for (name, bytes, why) in cases {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = tmp.path().join(format!("out-{name}"));
        let (code, _, err) = import(&file, &out);
        refused(
            code,
            &err,
            &out,
            &file.display().to_string(),
            &format!("the PDF could not be read: {why}"),
            "open it in the program that made it",
        );
    }
}

#[test]
fn scanned_page_has_no_text_layer() {
    // An image of noise, compressed, drawn full-page: pixels are not text,
    // and they are not run as drawing operators either.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let pixels: Vec<u8> = (0..300 * 200 * 3)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, &pixels).unwrap();
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 300 /Height 200 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
        &z.finish().unwrap(),
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("scan.pdf");
    std::fs::write(
        &file,
        page_pdf(
            "<< /XObject << /Im0 6 0 R >> >>",
            stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            &[image],
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = import(&file, &out);
    refused(
        code,
        &err,
        &out,
        &file.display().to_string(),
        "the PDF has no text layer: its 1 page holds only images or drawings",
        "run OCR on it",
    );
}

#[test]
fn text_turned_sideways_is_not_taken_for_a_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("turned.pdf");
    std::fs::write(
        &file,
        page_pdf(
            "<< /Font << /F1 4 0 R >> >>",
            stream("", b"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (1. Read this) Tj ET"),
            &[],
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = import(&file, &out);
    refused(
        code,
        &err,
        &out,
        &file.display().to_string(),
        "the PDF could not be read: its only text is drawn turned or slanted, which is not read",
        "open it in the program that made it",
    );
}
