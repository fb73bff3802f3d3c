//! Accessibility gate (WCAG 2.1 A and AA): axe-core, from the npm package
//! `axe-core` pinned in `package.json` (run `npm ci`), injected into one page
//! of every kind of the demo portal opened from `file://` in headless
//! Chromium (one session for all pages). Any violation fails the test.
//!
//! Needs `chromium` and `chromium-driver` like `tests/browser.rs`. Without
//! chromedriver or `node_modules/axe-core` the test fails, unless
//! `SITEGEN_SKIP_BROWSER=1`. `CHROMEDRIVER` and `CHROME` override the
//! binaries' paths.

mod chromium;
mod common;
use chromium::*;
use common::*;

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// The WCAG 2.1 A/AA rule tags run.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

fn skip() -> bool {
    let skip = std::env::var("SITEGEN_SKIP_BROWSER").as_deref() == Ok("1");
    if skip {
        eprintln!("SITEGEN_SKIP_BROWSER=1: accessibility test skipped");
    }
    skip
}

/// The axe-core script, or a panic telling to run `npm ci`.
fn axe_source() -> String {
    let path = repo().join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run `npm ci` in the repository root (installs the pinned axe-core \
             and vnu-jar from package-lock.json), or set SITEGEN_SKIP_BROWSER=1",
            path.display()
        )
    })
}

const RUN_AXE: &str = r#"
const tags = arguments[0];
return axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => ({
  rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
  violations: r.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  })),
}));
"#;

/// Injects axe-core into the current page and runs the WCAG 2.1 A/AA rules.
/// Returns (rules run, violations).
async fn axe(c: &Client, source: &str) -> (u64, Vec<Value>) {
    c.execute(source, vec![]).await.expect("inject axe-core");
    let r = c
        .execute(RUN_AXE, vec![json!(TAGS)])
        .await
        .expect("axe.run");
    (
        r["rules"].as_u64().unwrap(),
        r["violations"].as_array().unwrap().clone(),
    )
}

fn show(page: &str, violations: &[Value]) -> String {
    let mut s = String::new();
    for v in violations {
        for n in v["nodes"].as_array().unwrap() {
            s += &format!(
                "{page}: {} [{}] {}: {}\n    {}\n",
                v["id"].as_str().unwrap(),
                v["impact"].as_str().unwrap_or("?"),
                n["target"].as_str().unwrap(),
                v["help"].as_str().unwrap(),
                n["html"].as_str().unwrap_or("").replace('\n', " "),
            );
        }
    }
    s
}

/// Waits until the search page shows its results for the query in the URL.
async fn wait_for_search(c: &Client) {
    let start = Instant::now();
    loop {
        let done = c
            .execute(
                "const s = document.getElementById('search-status'); \
                 return !!(s && s.textContent && document.querySelector('#search-results li'));",
                vec![],
            )
            .await
            .unwrap();
        if done == json!(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "search page shows no results"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_kind_of_page_passes_axe_wcag21_aa() {
    if skip() {
        return;
    }
    let source = axe_source();
    let (tmp, out) = build_repo_site();
    let pages = page_kinds(&out);
    with_chromium(move |c| async move {
        let _tmp = tmp;
        let mut report = String::new();
        let mut rules = 0;
        for (kind, rel) in &pages {
            let mut url = file_url(&out.join(rel));
            if *kind == "search" {
                url += &format!("?q={}", percent("教育"));
            }
            c.goto(&url).await.unwrap();
            if *kind == "search" {
                wait_for_search(&c).await;
            }
            let (n, violations) = axe(&c, &source).await;
            rules = rules.max(n);
            println!(
                "axe: {kind} ({rel}): {n} rules, {} violations",
                violations.len()
            );
            report += &show(&format!("{kind} ({rel})"), &violations);
        }
        // The live results of the header's search box, open on the task page.
        let (_, task) = &pages[2];
        c.goto(&file_url(&out.join(task))).await.unwrap();
        let input = c.find(Locator::Id("site-search-q")).await.unwrap();
        input.send_keys("教育").await.unwrap();
        c.wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#site-search-pop .search-results li"))
            .await
            .expect("live search results under the search box");
        let (n, violations) = axe(&c, &source).await;
        rules = rules.max(n);
        println!(
            "axe: search box results ({task}): {n} rules, {} violations",
            violations.len()
        );
        report += &show(&format!("search box results ({task})"), &violations);
        println!(
            "axe-core: {} pages checked (+ the open search box), {rules} rules run (tags {})",
            pages.len(),
            TAGS.join(", ")
        );
        assert!(report.is_empty(), "accessibility violations:\n{report}");
    })
    .await;
}

/// The gate can fail: a page with an image without alt text and an
/// unlabeled input and low-contrast text gives `image-alt`, `label` and
/// `color-contrast` violations.
#[tokio::test(flavor = "current_thread")]
async fn axe_reports_violations_on_a_broken_page() {
    if skip() {
        return;
    }
    let source = axe_source();
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=\"en\"><head><title>broken</title></head><body>\
         <main><h1>Broken</h1><img src=\"x.png\"><input type=\"text\">\
         <p style=\"color:#aaa;background:#fff\">low contrast</p></main></body></html>",
    )
    .unwrap();
    let url = file_url(&bad);
    with_chromium(move |c| async move {
        let _tmp = tmp;
        c.goto(&url).await.unwrap();
        let (_, violations) = axe(&c, &source).await;
        let ids: Vec<&str> = violations
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        for want in ["image-alt", "label", "color-contrast"] {
            assert!(
                ids.contains(&want),
                "no `{want}` violation on the broken page: {ids:?}\n{}",
                show("bad.html", &violations)
            );
        }
    })
    .await;
}
