//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True (and says so on stderr) when `SITEGEN_SKIP_BROWSER=1`: the browser
/// tests and the quality gates that need `npm ci`, chromium or java are
/// then skipped.
pub fn skip_browser(what: &str) -> bool {
    let skip = std::env::var("SITEGEN_SKIP_BROWSER").as_deref() == Ok("1");
    if skip {
        eprintln!("SITEGEN_SKIP_BROWSER=1: {what} skipped");
    }
    skip
}

pub fn sitegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("sitegen runs")
}

pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Builds the repository's own portal into a fresh temporary directory.
pub fn build_repo_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = sitegen(&["build", "--output", out.to_str().unwrap()], &repo());
    assert!(o.status.success(), "build failed:\n{}", text(&o.stderr));
    (tmp, out)
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A JSON file of the built site, e.g. `data/tasks.json`.
pub fn read_json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Every `href`/`src` of every page under `out` must resolve to a file
/// inside it, and every `#fragment` to an `id` in its target page: the
/// link check of `sitegen check`, run on files on disk. Returns the number
/// of links checked; panics listing every broken one.
pub fn check_links(out: &Path) -> usize {
    let pages: Vec<sitegen::Page> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            sitegen::Page::new(rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    let report = sitegen::check_links(&pages);
    assert!(
        report.broken.is_empty(),
        "{} broken links:\n{}",
        report.broken.len(),
        report.broken.join("\n")
    );
    report.checked
}

pub fn gold(name: &str) -> serde_json::Value {
    let p = repo().join("tests/fixtures/gold").join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// One page of every kind of a built portal, for the quality gates
/// (`tests/a11y.rs`, `tests/html_valid.rs`): `(kind, root-relative path)`.
/// The plan is the first plan, the task the first task with targets, the
/// department and the year the first ones in name order.
pub fn page_kinds(out: &Path) -> Vec<(&'static str, String)> {
    let plans = read_json(out, "data/plans.json");
    let tasks = read_json(out, "data/tasks.json");
    let tasks = tasks.as_array().unwrap();
    let plan = plans[0]["url"].as_str().unwrap().to_string();
    let task = tasks
        .iter()
        .find(|t| t["targets"].as_array().is_some_and(|a| !a.is_empty()))
        .unwrap_or(&tasks[0])["url"]
        .as_str()
        .unwrap()
        .to_string();
    let first_in = |dir: &str| -> String {
        let mut names: Vec<String> = std::fs::read_dir(out.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html") && n != "index.html")
            .collect();
        names.sort();
        format!(
            "{dir}/{}",
            names.first().unwrap_or_else(|| panic!("no page in {dir}/"))
        )
    };
    vec![
        ("home", "index.html".to_string()),
        ("plan", plan),
        ("task", task),
        ("departments index", "departments/index.html".to_string()),
        ("department", first_in("departments")),
        ("timeline", "timeline/index.html".to_string()),
        ("year", first_in("timeline")),
        ("search", "search.html".to_string()),
        ("404", "404.html".to_string()),
    ]
}

/// Copies `tests/fixtures/sites/<name>` and the repository's themes into a
/// fresh temporary directory: `(tmp, site root)`.
pub fn fixture_site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(name);
    copy_tree(&repo().join("tests/fixtures/sites").join(name), &root);
    copy_tree(&repo().join("themes"), &root.join("themes"));
    (tmp, root)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
