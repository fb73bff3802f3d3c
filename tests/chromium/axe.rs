//! axe-core (the npm package `axe-core` pinned in `package.json`; run
//! `npm ci`) injected into the current page: the accessibility gate of
//! `tests/a11y.rs`, also run at 320 CSS px by `tests/reflow.rs`.

use fantoccini::Client;
use serde_json::{json, Value};

use crate::common::AXE_CORE;

/// The WCAG 2.1 A/AA rule tags run.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The axe-core script, or a panic telling to run `npm ci`.
pub fn axe_source() -> String {
    let path = AXE_CORE.path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
pub async fn axe(c: &Client, source: &str) -> (u64, Vec<Value>) {
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

/// One line (and the offending HTML) per node of every violation.
pub fn show(page: &str, violations: &[Value]) -> String {
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
