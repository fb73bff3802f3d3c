//! The cleaning stage: encodings, script, scrape noise, page breaks,
//! run-in documents, several documents in one file, coverage of the text
//! and robustness on arbitrary input.

use std::path::{Path, PathBuf};

use sitegen::{import_bytes, import_text, Imported};

fn seed_text(stem: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(format!("{stem}.txt"));
    std::fs::read_to_string(p).unwrap()
}

/// (number path, title) of every task.
fn task_keys(v: &[Imported]) -> Vec<(Vec<String>, String)> {
    v.iter()
        .flat_map(|i| {
            i.plan
                .tasks_with_path()
                .into_iter()
                .map(|(p, t)| (p, t.title.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn gbk_input_gives_the_same_tasks() {
    for stem in ["000_d3d8d3678e9b4b54", "003_273fabc37fb0533b"] {
        let text = seed_text(stem);
        let utf8 = import_bytes(text.as_bytes(), "x.txt").unwrap();
        let (gbk, _, errors) = encoding_rs::GBK.encode(&text);
        assert!(!errors, "{stem} has characters GBK lacks");
        let from_gbk = import_bytes(&gbk, "x.txt").unwrap();
        assert!(!task_keys(&utf8).is_empty());
        assert_eq!(task_keys(&utf8), task_keys(&from_gbk), "{stem}");
        assert_eq!(utf8[0].plan.title, from_gbk[0].plan.title);
    }
}

#[test]
fn big5_input_gives_the_same_tasks() {
    let text = seed_text("003_273fabc37fb0533b");
    let trad = zhconv::zhconv(&text, zhconv::Variant::ZhHant);
    let (big5, _, errors) = encoding_rs::BIG5.encode(&trad);
    assert!(!errors, "characters Big5 lacks");
    let utf8 = import_bytes(trad.as_bytes(), "x.txt").unwrap();
    let from_big5 = import_bytes(&big5, "x.txt").unwrap();
    assert!(!task_keys(&utf8).is_empty());
    assert_eq!(task_keys(&utf8), task_keys(&from_big5));
    assert_eq!(from_big5[0].plan.lang.as_deref(), Some("zh-Hant"));
    // The traditional text gives the tasks of the simplified original.
    let simp = import_text(&text, "x.txt").unwrap();
    assert_eq!(task_keys(&simp).len(), task_keys(&from_big5).len());
    assert_eq!(simp[0].plan.lang, None);
}

#[test]
fn binary_and_undecodable_input_is_refused_clearly() {
    let e = import_bytes(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\x00", "a.pdf").unwrap_err();
    assert!(e.to_string().contains("PDF"), "{e}");
    let e = import_bytes(b"PK\x03\x04\x14\x00\x06\x00", "a.docx").unwrap_err();
    assert!(e.to_string().contains("Word"), "{e}");
    let e = import_bytes(&[0x01, 0x02, 0x03, 0x10, 0x11, 0x12], "x.bin").unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
}

fn all_inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = Vec::new();
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from("/work/shared/corpus"),
    ] {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let same = |g: &PathBuf| g.file_name() == f.file_name();
            if f.extension().is_some_and(|e| e == "txt") && !v.iter().any(same) {
                v.push(f);
            }
        }
    }
    v
}

#[test]
fn every_input_imports() {
    let inputs = all_inputs();
    assert!(inputs.len() >= 5);
    for f in inputs {
        let bytes = std::fs::read(&f).unwrap();
        let v = import_bytes(&bytes, &f.display().to_string());
        assert!(v.is_ok(), "{}: {:?}", f.display(), v.err());
    }
}

fn simplified(s: &str) -> String {
    zhconv::zhconv(s, zhconv::Variant::ZhHans)
}

/// Letters, digits and Han characters: what coverage counts.
fn significant(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Everything of a plan that holds source text.
fn plan_text(plan: &sitegen::Plan) -> String {
    fn walk(s: &[sitegen::Section], out: &mut String) {
        for sec in s {
            for x in [&sec.number, &sec.title, &sec.body] {
                out.push_str(x);
                out.push('\n');
            }
            for t in &sec.tasks {
                for x in [&t.number, &t.title, &t.body] {
                    out.push_str(x);
                    out.push('\n');
                }
                // The YAML keys stand for the bracket labels of the source.
                for (label, list) in [
                    ("牵头单位", &t.lead),
                    ("配合单位", &t.partners),
                    ("责任单位", &t.responsible),
                ] {
                    if !list.is_empty() {
                        out.push_str(label);
                        out.push_str(&list.join("、"));
                    }
                }
            }
            walk(&sec.sections, out);
        }
    }
    let mut out = format!("{}\n{}\n", plan.title, plan.intro);
    walk(&plan.sections, &mut out);
    out
}

/// Share of a file's plan text (from the first plan's title line on,
/// without the lines the cleaning stage flags as noise, without unit
/// brackets, which are stored as lists) whose characters lie in a
/// 6-character run found in the imported plans (read back from YAML).
fn coverage(path: &Path) -> f64 {
    let text = std::fs::read_to_string(path).unwrap();
    let imps = import_bytes(text.as_bytes(), "x.txt").unwrap();
    let mut out = Vec::new();
    for imp in &imps {
        let yaml = sitegen::to_yaml(&imp.plan);
        let back = sitegen::parse_plan(&yaml, Path::new("x.yaml")).unwrap();
        assert_eq!(back, imp.plan, "YAML round trip");
        out.extend(significant(&simplified(&plan_text(&back))));
    }
    let noise: std::collections::HashSet<usize> = sitegen::debug_lines(&text)
        .iter()
        .filter_map(|l| l.split_once('!').and_then(|(n, _)| n.parse().ok()))
        .collect();
    let head: String = imps[0]
        .plan
        .title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(6)
        .collect();
    let garbage = regex::Regex::new(r"\(?[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)").unwrap();
    // Unit labels become list keys; page-preview chunk numbers are page
    // furniture.
    let labels = regex::Regex::new(
        r"(按职责分工|按职责|分别|等)?(负责|牵头|参与)|列第一位者?为牵头单位,?下同",
    )
    .unwrap();
    let chunk_no = regex::Regex::new(r"^\d{1,3}、").unwrap();
    let kept: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| !noise.contains(&(i + 1)))
        .map(|(_, l)| {
            let l = garbage.replace_all(l, "");
            let l = labels.replace_all(&l, "");
            if l.chars().count() > 200 {
                chunk_no.replace(&l, "").into_owned()
            } else {
                l.into_owned()
            }
        })
        .collect();
    // From the title line on (the cover letter of a notice is left out).
    let starts_title = |l: &String| {
        let s: String = significant(l).into_iter().collect();
        s.trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(&head)
    };
    let from = kept
        .iter()
        .rposition(&starts_title)
        .filter(|_| !head.is_empty());
    let first_heading = kept
        .iter()
        .position(|l| l.starts_with("一、"))
        .unwrap_or(usize::MAX);
    let from = from
        .filter(|&i| i < first_heading)
        .or_else(|| kept.iter().position(starts_title))
        .unwrap_or(0);
    let body: String = kept[from..].join("\n");
    let src = significant(&simplified(&body));
    const N: usize = 6;
    let grams: std::collections::HashSet<&[char]> = out.windows(N).collect();
    let mut covered = vec![false; src.len()];
    for (i, w) in src.windows(N).enumerate() {
        if grams.contains(w) {
            covered[i..i + N].iter_mut().for_each(|c| *c = true);
        }
    }
    let n = covered.iter().filter(|c| **c).count();
    if std::env::var_os("SHOW_LOST").is_some() {
        let lost: String = src
            .iter()
            .zip(&covered)
            .map(|(&c, &k)| if k { '.' } else { c })
            .collect();
        let lost = regex::Regex::new(r"\.+").unwrap().replace_all(&lost, " ");
        println!("lost: {lost}");
    }
    n as f64 / src.len().max(1) as f64
}

#[test]
fn plan_text_is_kept_in_every_input() {
    let mut low = Vec::new();
    for f in all_inputs() {
        let c = coverage(&f);
        println!("{}: coverage {:.4}", f.display(), c);
        if c < 0.99 {
            low.push(format!("{}: {c:.4}", f.display()));
        }
    }
    assert!(low.is_empty(), "text lost: {low:?}");
}

/// Plan-like pieces for generated input.
const PIECES: &[&str] = &[
    "一、",
    "(一)",
    "(一)(一)",
    "\u{FF08}二\u{FF09}",
    "1.",
    "1、",
    "2、",
    "1.5倍",
    "。",
    ";",
    ":",
    "\n",
    "- 3 -\n",
    "第 3 页\n",
    "第1页 / 共22页\n",
    "關(guān)",
    "區(qū)",
    "?qū)",
    "(2021—2023年)",
    "(牵头单位:市教育局;配合单位:财政局)",
    "负责",
    "方案",
    "为推进工作,",
    "某市行动方案\n",
    "二、主要任务二、主要任务",
    "80 座",
    "2 0 2 3",
    "_",
    "a_b_c\n",
    "展开阅读全文\n",
    "*",
    "×",
    "\u{3000}",
    "\u{FEFF}",
    "é",
    "🙂",
    "\u{FFFD}",
    "甲乙丙丁戊己庚辛",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn import_bytes_never_panics_on_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
        let _ = import_bytes(&bytes, "x.txt");
    }

    #[test]
    fn import_never_panics_on_strings(s in "\\PC{0,400}") {
        let _ = import_bytes(s.as_bytes(), "x.txt");
        let _ = import_text(&s, "x.txt");
    }

    #[test]
    fn import_never_panics_on_plan_pieces(idx in proptest::collection::vec(0..PIECES.len(), 0..120), rep in 1usize..4) {
        let s: String = idx.iter().map(|&i| PIECES[i].repeat(rep)).collect();
        let _ = import_text(&s, "x.txt");
        let (gbk, _, _) = encoding_rs::GB18030.encode(&s);
        let _ = import_bytes(&gbk, "x.txt");
    }
}

#[test]
fn never_panics_on_prefixes_of_every_input() {
    for f in all_inputs() {
        let bytes = std::fs::read(&f).unwrap();
        let mut cut = 0;
        while cut < bytes.len() {
            // Byte prefixes: cut UTF-8 sequences too.
            let _ = import_bytes(&bytes[..cut], "x.txt");
            cut += 1499;
        }
    }
}
