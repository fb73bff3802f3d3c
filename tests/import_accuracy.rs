//! Importer accuracy on every annotated document, printed as a table:
//! `cargo test --test import_accuracy -- --nocapture`.
//!
//! `tests/fixtures/gold/` holds the project's hand-made gold (seeds 000, 003);
//! `tests/fixtures/gold-own/` holds annotations made by one careful reading
//! of further seeds and corpus documents. The gold thresholds of the issue
//! are asserted here; for the other documents a floor below the measured
//! figures guards against regressions.

mod common;
use common::repo;
use serde_json::Value;
use sitegen::{import_bytes, Imported};
use sitegen::{Plan, Section, Target};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Default, Clone, Copy)]
struct Pr {
    tp: usize,
    found: usize,
    expected: usize,
}

impl Pr {
    fn of<T: Ord + Clone>(found: &BTreeSet<T>, expected: &BTreeSet<T>) -> Pr {
        Pr {
            tp: found.intersection(expected).count(),
            found: found.len(),
            expected: expected.len(),
        }
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            (self.expected == 0) as u8 as f64
        } else {
            self.tp as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.tp as f64 / self.expected as f64
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

struct Scores {
    name: String,
    tasks: Pr,
    lead: Pr,
    partners: Pr,
    responsible: Pr,
    targets: Pr,
}

fn simp(s: &str) -> String {
    zhconv::zhconv(s, zhconv::Variant::ZhHans)
}

/// Numbering as comparable text: ASCII parentheses, no spaces.
fn norm_num(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF08}' => '(',
            '\u{FF09}' => ')',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn significant(s: &str) -> String {
    simp(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A target matches on year and value, or on year and text when it has no value.
fn target_key(year: Option<i64>, text: &str, value: Option<&str>) -> (Option<i64>, String) {
    match value {
        Some(v) => (year, format!("v:{}", norm_num(v))),
        None => (year, format!("t:{}", significant(text))),
    }
}

fn plan_targets(plan: &Plan) -> Vec<&Target> {
    fn walk<'a>(s: &'a [Section], out: &mut Vec<&'a Target>) {
        for x in s {
            out.extend(&x.targets);
            for t in &x.tasks {
                out.extend(&t.targets);
            }
            walk(&x.sections, out);
        }
    }
    let mut v: Vec<&Target> = plan.targets.iter().collect();
    walk(&plan.sections, &mut v);
    v
}

/// (task path, unit name) pairs.
type UnitSet = BTreeSet<(Vec<String>, String)>;

fn score(name: &str, plan: &Plan, gold: &Value) -> Scores {
    let tasks = plan.tasks_with_path();
    let path_of = |p: &[String]| p.iter().map(|x| norm_num(x)).collect::<Vec<_>>();
    let mine_tasks: BTreeSet<Vec<String>> = tasks.iter().map(|(p, _)| path_of(p)).collect();
    let gold_tasks: BTreeSet<Vec<String>> = gold["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| path_of(&strs(&t["path"])))
        .collect();
    let units = |field: &str| -> (UnitSet, UnitSet) {
        let mine = tasks
            .iter()
            .flat_map(|(p, t)| {
                let list = match field {
                    "lead" => &t.lead,
                    "partners" => &t.partners,
                    _ => &t.responsible,
                };
                list.iter().map(move |u| (path_of(p), simp(u)))
            })
            .collect();
        let gold = gold["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                strs(&t[field])
                    .into_iter()
                    .map(move |u| (path_of(&strs(&t["path"])), simp(&u)))
            })
            .collect();
        (mine, gold)
    };
    let (ml, gl) = units("lead");
    let (mp, gp) = units("partners");
    let (mr, gr) = units("responsible");
    let mine_targets: BTreeSet<_> = plan_targets(plan)
        .into_iter()
        .map(|t| target_key(t.year.map(i64::from), &t.text, t.value.as_deref()))
        .collect();
    let gold_targets: BTreeSet<_> = gold["targets"]
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
    Scores {
        name: name.to_string(),
        tasks: Pr::of(&mine_tasks, &gold_tasks),
        lead: Pr::of(&ml, &gl),
        partners: Pr::of(&mp, &gp),
        responsible: Pr::of(&mr, &gr),
        targets: Pr::of(&mine_targets, &gold_targets),
    }
}

fn source_path(dir: &Path, source: &str) -> PathBuf {
    let beside = dir.join(source);
    if beside.is_file() {
        return beside;
    }
    let seeds = repo().join("seeds").join(source);
    if seeds.is_file() {
        seeds
    } else {
        repo().join("tests/fixtures/corpus").join(source)
    }
}

/// The imported plan whose title shares most characters with the annotation's.
fn best_plan<'a>(plans: &'a [Imported], title: &str) -> Option<&'a Imported> {
    let want: BTreeSet<char> = significant(title).chars().collect();
    plans.iter().max_by_key(|p| {
        let have: BTreeSet<char> = significant(&p.plan.title).chars().collect();
        have.intersection(&want).count()
    })
}

fn evaluate(dir: &Path) -> Vec<Scores> {
    evaluate_as(dir, |source| source.to_string())
}

/// [`evaluate`], importing for each annotation the file `rename(source)`.
fn evaluate_as(dir: &Path, rename: impl Fn(&str) -> String) -> Vec<Scores> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            let source = &rename(gold["source"].as_str().unwrap());
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(source_path(dir, source)).unwrap();
            match import_bytes(&bytes, source) {
                Ok(plans) => {
                    match best_plan(&plans, gold["plan"]["title"].as_str().unwrap_or("")) {
                        Some(p) => score(&name, &p.plan, &gold),
                        None => score(&name, &Plan::default(), &gold),
                    }
                }
                Err(_) => score(&name, &Plan::default(), &gold),
            }
        })
        .collect()
}

fn table(title: &str, rows: &[Scores]) -> String {
    let mut s = format!(
        "\n{title}\n{:<34} {:>18} {:>18} {:>18} {:>18} {:>22}\n",
        "document",
        "tasks P/R/F1",
        "lead P/R/F1",
        "partners P/R/F1",
        "resp. P/R/F1",
        "targets P/R (n)"
    );
    let f = |p: &Pr| format!("{:.2}/{:.2}/{:.2}", p.precision(), p.recall(), p.f1());
    for r in rows {
        let _ = writeln!(
            s,
            "{:<34} {:>18} {:>18} {:>18} {:>18} {:>22}",
            r.name,
            f(&r.tasks),
            f(&r.lead),
            f(&r.partners),
            f(&r.responsible),
            format!(
                "{:.2}/{:.2} ({}/{})",
                r.targets.precision(),
                r.targets.recall(),
                r.targets.tp,
                r.targets.expected
            )
        );
    }
    s
}

fn total(rows: &[Scores], pick: impl Fn(&Scores) -> Pr) -> Pr {
    rows.iter().map(pick).fold(Pr::default(), |a, b| Pr {
        tp: a.tp + b.tp,
        found: a.found + b.found,
        expected: a.expected + b.expected,
    })
}

#[test]
fn accuracy_on_gold_meets_the_bar() {
    let rows = evaluate(&repo().join("tests/fixtures/gold"));
    println!("{}", table("hand-made gold", &rows));
    assert_eq!(rows.len(), 2);
    let (t, l, p, g) = (
        total(&rows, |r| r.tasks),
        total(&rows, |r| r.lead),
        total(&rows, |r| r.partners),
        total(&rows, |r| r.targets),
    );
    println!(
        "pooled: tasks F1 {:.3}, lead F1 {:.3}, partners F1 {:.3}, targets recall {:.3}",
        t.f1(),
        l.f1(),
        p.f1(),
        g.recall()
    );
    assert!(t.f1() >= 0.98 && l.f1() >= 0.98 && p.f1() >= 0.95 && g.recall() >= 0.90);
    for r in &rows {
        assert!(r.tasks.f1() >= 0.98, "{}", r.name);
        assert!(r.lead.f1() >= 0.98, "{}", r.name);
        assert!(r.partners.f1() >= 0.95, "{}", r.name);
        assert!(r.targets.recall() >= 0.90, "{}", r.name);
    }
}

#[test]
fn accuracy_on_further_documents_is_reported() {
    let rows = evaluate(&repo().join("tests/fixtures/gold-own"));
    println!(
        "{}",
        table("annotated by one reading (tests/fixtures/gold-own)", &rows)
    );
    let (t, l, p, g) = (
        total(&rows, |r| r.tasks),
        total(&rows, |r| r.lead),
        total(&rows, |r| r.partners),
        total(&rows, |r| r.targets),
    );
    println!(
        "pooled: tasks F1 {:.3}, lead F1 {:.3}, partners F1 {:.3}, targets recall {:.3}",
        t.f1(),
        l.f1(),
        p.f1(),
        g.recall()
    );
    assert!(rows.len() >= 6);
    // Regression floors, set below the figures measured when they were added.
    assert!(t.f1() >= 0.99, "tasks F1 {:.3}", t.f1());
    assert!(l.f1() >= 0.99, "lead F1 {:.3}", l.f1());
    assert!(p.f1() >= 0.99, "partners F1 {:.3}", p.f1());
    assert!(g.recall() >= 0.95, "targets recall {:.3}", g.recall());
}

/// `../shared/corpus-dev/` (beside the repository, read-only): eight real
/// web pages of other cities and domains, with gold annotations. Imports
/// `rename(source)` for each, prints the figures and checks the floors,
/// the bar of issue 10 (task F1 0.95, department F1 0.90, dated-target
/// recall 0.85, here counted over all gold targets, numeric or not). Skipped, with a line saying so,
/// when `shared/` is not beside the repository.
fn corpus_dev(form: &str, needs: &str, rename: impl Fn(&str) -> String) {
    let dir = repo().join("../shared/corpus-dev");
    if !dir.join(needs).exists() {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "skipped corpus-dev {form} accuracy (tests/import_accuracy.rs): {} not found",
            dir.join(needs).display()
        );
        return;
    }
    let rows = evaluate_as(&dir, rename);
    println!(
        "{}",
        table(&format!("../shared/corpus-dev ({form})"), &rows)
    );
    let (t, l, g) = (
        total(&rows, |r| r.tasks),
        total(&rows, |r| r.lead),
        total(&rows, |r| r.targets),
    );
    // Department F1: every (task, unit) pair, whatever its role.
    let d = total(&rows, |r| Pr {
        tp: r.lead.tp + r.partners.tp + r.responsible.tp,
        found: r.lead.found + r.partners.found + r.responsible.found,
        expected: r.lead.expected + r.partners.expected + r.responsible.expected,
    });
    println!(
        "pooled: tasks F1 {:.3}, lead F1 {:.3}, department F1 {:.3}, targets recall {:.3}",
        t.f1(),
        l.f1(),
        d.f1(),
        g.recall()
    );
    assert_eq!(rows.len(), 8);
    // The bar of issue 10; measured 1.000, 1.000, 1.000 and 0.953.
    assert!(t.f1() >= 0.95, "{form}: tasks F1 {:.3}", t.f1());
    assert!(l.f1() >= 0.90, "{form}: lead F1 {:.3}", l.f1());
    assert!(d.f1() >= 0.90, "{form}: department F1 {:.3}", d.f1());
    assert!(
        g.recall() >= 0.85,
        "{form}: targets recall {:.3}",
        g.recall()
    );
}

/// The pages' tag-stripped `.txt` renderings.
#[test]
fn accuracy_on_corpus_dev_is_reported() {
    corpus_dev(".txt", "README.md", str::to_string);
}

/// The same eight pages as saved (`html/*.html`), read by the HTML reader.
#[test]
fn accuracy_on_corpus_dev_html_is_reported() {
    corpus_dev(".html", "html", |source| {
        format!("html/{}", source.replace(".txt", ".html"))
    });
}
