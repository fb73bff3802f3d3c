//! The importer against hand-made gold annotations of seeds 000 and 003:
//! precision/recall/F1 of tasks, units and targets, metadata equality,
//! text coverage, and robustness on truncated and garbage input.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sitegen::{import_text, Imported};
use sitegen::{Plan, Section};

const SEEDS: [&str; 2] = ["000_d3d8d3678e9b4b54", "003_273fabc37fb0533b"];

/// CI has `../shared` beside the repo; the fixtures are a copy for a lone clone.
fn gold_dir() -> PathBuf {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold"));
    if shared.is_dir() {
        shared.to_path_buf()
    } else {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gold")).to_path_buf()
    }
}

fn seed_text(stem: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(format!("{stem}.txt"));
    std::fs::read_to_string(p).unwrap()
}

fn import(stem: &str) -> Imported {
    let mut v = import_text(&seed_text(stem), &format!("seeds/{stem}.txt")).unwrap();
    assert_eq!(v.len(), 1);
    v.remove(0)
}

fn gold(stem: &str) -> Value {
    let text = std::fs::read_to_string(gold_dir().join(format!("{stem}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[derive(Debug, Default)]
struct Score {
    tp: usize,
    got: usize,
    want: usize,
}

impl Score {
    fn of<T: Ord + Clone>(got: &[T], want: &[T]) -> Score {
        // Multiset intersection.
        let mut left: BTreeMap<T, usize> = BTreeMap::new();
        for w in want {
            *left.entry(w.clone()).or_default() += 1;
        }
        let mut tp = 0;
        for g in got {
            if let Some(n) = left.get_mut(g) {
                if *n > 0 {
                    *n -= 1;
                    tp += 1;
                }
            }
        }
        Score {
            tp,
            got: got.len(),
            want: want.len(),
        }
    }
    fn precision(&self) -> f64 {
        if self.got == 0 {
            if self.want == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.tp as f64 / self.got as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.want == 0 {
            1.0
        } else {
            self.tp as f64 / self.want as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

type TargetKey = (Option<i64>, String);

/// (task path, unit name).
type UnitPair = (Vec<String>, String);

/// (year, value) for numeric targets, (year, text) otherwise.
fn target_key(year: Option<i64>, text: &str, value: Option<&str>) -> TargetKey {
    match value {
        Some(v) => (year, format!("value:{v}")),
        None => (year, format!("text:{text}")),
    }
}

fn all_targets(plan: &Plan) -> Vec<TargetKey> {
    fn walk(s: &[Section], out: &mut Vec<TargetKey>) {
        for sec in s {
            for t in sec
                .targets
                .iter()
                .chain(sec.tasks.iter().flat_map(|t| &t.targets))
            {
                out.push(target_key(
                    t.year.map(i64::from),
                    &t.text,
                    t.value.as_deref(),
                ));
            }
            walk(&sec.sections, out);
        }
    }
    let mut out: Vec<TargetKey> = plan
        .targets
        .iter()
        .map(|t| target_key(t.year.map(i64::from), &t.text, t.value.as_deref()))
        .collect();
    walk(&plan.sections, &mut out);
    out
}

fn check_seed(stem: &str) {
    let imp = import(stem);
    let plan = &imp.plan;
    let g = gold(stem);
    let tasks = plan.tasks_with_path();

    let got_paths: Vec<Vec<String>> = tasks.iter().map(|(p, _)| p.clone()).collect();
    let want_paths: Vec<Vec<String>> = g["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| strs(&t["path"]))
        .collect();
    let task_score = Score::of(&got_paths, &want_paths);

    let pairs = |field: &str| -> (Vec<UnitPair>, Vec<UnitPair>) {
        let got = tasks
            .iter()
            .flat_map(|(p, t)| {
                let list = match field {
                    "lead" => &t.lead,
                    "partners" => &t.partners,
                    _ => &t.responsible,
                };
                list.iter().map(move |u| (p.clone(), u.clone()))
            })
            .collect();
        let want = g["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                let p = strs(&t["path"]);
                strs(&t[field]).into_iter().map(move |u| (p.clone(), u))
            })
            .collect();
        (got, want)
    };
    let unit_scores: Vec<(&str, Score)> = ["lead", "partners", "responsible"]
        .into_iter()
        .map(|f| {
            let (got, want) = pairs(f);
            (f, Score::of(&got, &want))
        })
        .collect();

    let want_targets: Vec<TargetKey> = g["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            target_key(
                t["year"].as_i64(),
                t["text"].as_str().unwrap_or(""),
                t["value"].as_str(),
            )
        })
        .collect();
    let got_targets = all_targets(plan);
    let target_score = Score::of(&got_targets, &want_targets);

    println!("== {stem}");
    println!(
        "tasks: P {:.3} R {:.3} F1 {:.3} ({} found, {} gold)",
        task_score.precision(),
        task_score.recall(),
        task_score.f1(),
        task_score.got,
        task_score.want
    );
    for (f, s) in &unit_scores {
        println!(
            "{f}: P {:.3} R {:.3} F1 {:.3} ({} found, {} gold)",
            s.precision(),
            s.recall(),
            s.f1(),
            s.got,
            s.want
        );
    }
    println!(
        "targets: recall {:.3} precision {:.3} ({} found, {} gold)",
        target_score.recall(),
        target_score.precision(),
        target_score.got,
        target_score.want
    );
    let got_set: BTreeSet<&TargetKey> = got_targets.iter().collect();
    for w in want_targets.iter().filter(|w| !got_set.contains(w)) {
        println!("  missed target: {w:?}");
    }

    // Metadata.
    let gp = &g["plan"];
    assert_eq!(plan.title, gp["title"].as_str().unwrap(), "title");
    assert_eq!(
        plan.issuer.join(" / "),
        gp["issuer"].as_str().unwrap(),
        "issuer"
    );
    assert_eq!(
        plan.jurisdiction,
        gp["jurisdiction"].as_str().unwrap(),
        "jurisdiction"
    );
    assert_eq!(
        plan.doc_number.as_deref(),
        gp["doc_number"].as_str(),
        "doc_number"
    );
    assert_eq!(
        plan.issued.map(|d| d.to_string()).as_deref(),
        gp["issued"].as_str(),
        "issued"
    );
    assert_eq!(
        plan.published.map(|d| d.to_string()).as_deref(),
        gp["published"].as_str(),
        "published"
    );
    let want_period = gp["period"]
        .as_array()
        .map(|a| (a[0].as_i64().unwrap() as i32, a[1].as_i64().unwrap() as i32));
    assert_eq!(plan.period.map(|p| (p.start, p.end)), want_period, "period");
    assert_eq!(plan.basis, strs(&gp["basis"]), "basis");
    assert_eq!(
        plan.source.as_deref(),
        Some(format!("seeds/{stem}.txt").as_str())
    );

    assert!(task_score.f1() >= 0.98, "tasks F1 {:.3}", task_score.f1());
    assert!(
        unit_scores[0].1.f1() >= 0.98,
        "lead F1 {:.3}",
        unit_scores[0].1.f1()
    );
    assert!(
        unit_scores[1].1.f1() >= 0.95,
        "partners F1 {:.3}",
        unit_scores[1].1.f1()
    );
    assert!(
        unit_scores[2].1.f1() >= 0.95,
        "responsible F1 {:.3}",
        unit_scores[2].1.f1()
    );
    assert!(
        target_score.recall() >= 0.90,
        "targets recall {:.3}",
        target_score.recall()
    );
}

#[test]
fn seed_000_matches_gold() {
    check_seed(SEEDS[0]);
}

#[test]
fn seed_003_matches_gold() {
    check_seed(SEEDS[1]);
}

/// Letters, digits and Han characters: what coverage counts.
fn significant(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Everything of a plan that holds source text, as serialised and read back.
fn plan_text(plan: &Plan) -> String {
    fn walk(s: &[Section], out: &mut String) {
        for sec in s {
            for x in [&sec.number, &sec.title, &sec.body] {
                out.push_str(x);
                out.push('\n');
            }
            for t in &sec.targets {
                out.push_str(&t.text);
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

/// Share of the plan's own text (from its title line on, site footer lines
/// removed) whose characters lie in a 6-character run found in the output.
fn coverage(stem: &str) -> f64 {
    let text = seed_text(stem);
    let imp = import(stem);
    let yaml = sitegen::to_yaml(&imp.plan);
    let back = sitegen::parse_plan(&yaml, Path::new("x.yaml")).unwrap();
    assert_eq!(back, imp.plan, "YAML round trip");
    let first_title_line = imp.plan.title.chars().take(6).collect::<String>();
    let footer = ["文件下载", "关联文件", "【 关闭 】"];
    let body: String = text
        .lines()
        .skip_while(|l| !l.trim().starts_with(&first_title_line))
        .filter(|l| !footer.iter().any(|f| l.contains(f)))
        .collect::<Vec<_>>()
        .join("\n");
    let src = significant(&body);
    let out = significant(&plan_text(&back));
    const N: usize = 6;
    let grams: HashSet<&[char]> = out.windows(N).collect();
    let mut covered = vec![false; src.len()];
    for (i, w) in src.windows(N).enumerate() {
        if grams.contains(w) {
            covered[i..i + N].iter_mut().for_each(|c| *c = true);
        }
    }
    let n = covered.iter().filter(|c| **c).count();
    n as f64 / src.len().max(1) as f64
}

#[test]
fn plan_text_is_kept() {
    for stem in SEEDS {
        let c = coverage(stem);
        println!("{stem}: coverage {:.4}", c);
        assert!(
            c >= 0.99,
            "{stem}: only {:.4} of the text is in the plan",
            c
        );
    }
}

fn all_inputs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    ] {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        {
            if let Ok(t) = std::fs::read_to_string(&f) {
                v.push((f.display().to_string(), t));
            }
        }
    }
    v
}

#[test]
fn never_panics_on_any_prefix_or_garbage() {
    let inputs = all_inputs();
    assert!(inputs.len() >= 5, "seeds not found");
    for (name, text) in &inputs {
        // Whole documents (the other seeds and the corpus need not be accurate yet).
        let _ = import_text(text, name);
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = import_text(&text[..cut], name);
            }
            cut += 997;
        }
    }
    // Deterministic pseudo-random garbage built from plan-like pieces.
    let pieces = [
        "一、",
        "(一)",
        "\u{FF08}二\u{FF09}",
        "1.",
        "1. ",
        "１．",
        "(牵头单位:",
        "〔",
        "〕",
        ")",
        "(",
        "、",
        ",",
        ";",
        "。",
        "到2023年",
        "202*",
        "—",
        "%",
        "所",
        "市",
        "各县(市、区)人民政府",
        "\n",
        "\n\n",
        "《",
        "》",
        "〈",
        "“",
        "”",
        "\u{3000}",
        "配合单位:",
        "责任单位:",
        "3万",
        "92.4",
        "\u{FEFF}",
        "*",
        "_",
        "#",
        "二〇二三年十月十日",
        "2023年10月10日",
        "发文字号:",
        "xyz",
        "é",
        "🙂",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 40) as usize;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let _ = import_text(&s, "garbage.txt");
    }
}

#[test]
fn unusable_input_gives_clear_errors() {
    for (input, needle) in [
        ("", "empty"),
        ("\n \n", "empty"),
        ("a\0b", "binary"),
        ("没有任何编号的文字。", "numbered headings"),
    ] {
        let e = import_text(input, "x.txt").unwrap_err();
        assert!(e.to_string().contains(needle), "{input:?}: {e}");
    }
}
