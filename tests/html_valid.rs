//! HTML validity gate: the Nu HTML Checker (`vnu.jar`, from the npm package
//! `vnu-jar` pinned in `package.json`; run `npm ci`) on every page of the
//! demo portal, in one invocation. Any error fails the test.
//!
//! Needs `java` (Debian's `default-jre-headless`) and `node_modules/vnu-jar`;
//! `bash .ci/test` installs them. Without them plain `cargo test` skips the
//! gate and names what is missing in one line; under `CI` or
//! `SITEGEN_REQUIRE_GATES=1` it fails instead (see `common::Gate`). `JAVA`
//! overrides the java binary.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const GATE: Gate = Gate {
    name: "HTML validity gate",
    file: file!(),
    needs: &[JAVA, VNU_JAR],
};

/// Runs vnu on `files` (in one JVM) and returns its error messages.
fn vnu_errors(files: &[&Path]) -> Vec<Value> {
    let jar = VNU_JAR.path();
    let java = JAVA.path();
    let o = Command::new(&java)
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--errors-only"])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", java.display()));
    // vnu writes its JSON report on stderr.
    let report: Value = serde_json::from_slice(&o.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu output is not JSON ({e}); status {}\nstdout: {}\nstderr: {}",
            o.status,
            text(&o.stdout),
            text(&o.stderr)
        )
    });
    let errors: Vec<Value> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] != "info")
        .cloned()
        .collect();
    assert_eq!(
        errors.is_empty(),
        o.status.success(),
        "vnu exit status {} disagrees with its report: {report}",
        o.status
    );
    errors
}

fn show(errors: &[Value]) -> String {
    errors
        .iter()
        .map(|m| {
            format!(
                "{}:{}:{}: {}: {}\n    {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_page_is_valid_html() {
    if GATE.skip() {
        return;
    }
    let (_tmp, out) = build_repo_site();
    let files = html_files(&out);
    // Each kind of page must be among them (the list would silently shrink
    // if a renamed template stopped producing pages).
    for (kind, rel) in page_kinds(&out) {
        assert!(files.contains(&out.join(&rel)), "{kind}: {rel} not built");
    }
    assert!(
        files.len() > 200,
        "the demo portal has {} pages",
        files.len()
    );
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let errors = vnu_errors(&refs);
    println!(
        "vnu: {} pages checked, {} errors",
        files.len(),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} HTML errors:\n{}",
        errors.len(),
        show(&errors)
    );
}

/// The gate can fail: an invalid page gives errors.
#[test]
fn vnu_reports_errors_on_an_invalid_page() {
    if GATE.skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=en><head></head><body><p><div>x</div><foo>y</foo></body></html>",
    )
    .unwrap();
    let errors = vnu_errors(&[&bad]);
    let all = show(&errors);
    assert!(all.contains("“title”"), "no missing-title error:\n{all}");
    assert!(all.contains("“foo”"), "no unknown-element error:\n{all}");
}
