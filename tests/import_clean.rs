//! The cleaning stage: encodings, script, scrape noise, page breaks,
//! run-in documents, several documents in one file, coverage of the text
//! and robustness on arbitrary input.

use std::path::{Path, PathBuf};

use sitegen::import::{import_bytes, import_text, Imported};

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
    let mut v = Vec::new();
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
        v.extend(
            files
                .into_iter()
                .filter(|f| f.extension().is_some_and(|e| e == "txt")),
        );
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
