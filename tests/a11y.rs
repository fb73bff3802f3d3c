//! Accessibility gate (WCAG 2.1 A and AA): axe-core, from the npm package
//! `axe-core` pinned in `package.json` (run `npm ci`), injected into one page
//! of every kind of the demo portal opened from `file://` in headless
//! Chromium (one session for all pages). Any violation fails the test.
//!
//! Needs `chromium`, `chromedriver` (Debian's `chromium-driver`) and
//! `node_modules/axe-core`; `bash .ci/test` installs them. Without them
//! plain `cargo test` skips the gate and names what is missing in one line;
//! under `CI` or `SITEGEN_REQUIRE_GATES=1` it fails instead (see
//! `common::Gate`). `CHROMEDRIVER` and `CHROME` override the binaries'
//! paths.

mod chromium;
mod common;
use chromium::*;
use common::*;

use chromium::axe::{axe, axe_source, show, TAGS};

const GATE: Gate = Gate {
    name: "accessibility gate",
    file: file!(),
    needs: &[CHROMIUM, CHROMEDRIVER, AXE_CORE],
};

#[tokio::test(flavor = "current_thread")]
async fn every_kind_of_page_passes_axe_wcag21_aa() {
    if GATE.skip() {
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
            open_kind(&c, &out, kind, rel).await;
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
        open_search_box(&c, &out, task).await;
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
    if GATE.skip() {
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
