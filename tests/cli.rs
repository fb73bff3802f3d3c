//! The command line: init, build, schema, theme overrides, escaping.

mod common;
use common::*;

fn init_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = sitegen(
        &["init", dir.path().join("portal").to_str().unwrap()],
        &repo(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    dir
}

#[test]
fn init_creates_a_portal_that_builds_with_valid_links() {
    let dir = init_site();
    let root = dir.path().join("portal");
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = text(&o.stdout);
    assert!(summary.contains("1 plans, 2 tasks"), "{summary}");
    let out = root.join("public");
    let plan = read(&out, "plans/example/index.html");
    assert!(
        plan.contains("示政发〔2024〕1号"),
        "metadata block shows 发文字号"
    );
    assert!(plan.contains("任务分工表"));
    let task = read(&out, "plans/example/1-1.html");
    assert!(
        task.contains("href=\"../../departments/shi-li-shi-shi-jiao-yu-ju.html\""),
        "lead links to its department"
    );
    assert!(
        task.contains("href=\"../../timeline/2025.html\""),
        "target links to its year"
    );
    assert!(check_links(&out) > 50);
    // init refuses to overwrite an existing portal.
    let again = sitegen(&["init", root.to_str().unwrap()], &repo());
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already holds a portal"));
}

#[test]
fn output_flag_overrides_config() {
    let dir = init_site();
    let root = dir.path().join("portal");
    let out = dir.path().join("elsewhere/site");
    let o = sitegen(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &repo(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.join("index.html").is_file());
    assert!(!root.join("public").exists());
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let dir = init_site();
    let root = dir.path().join("portal");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>自定义404</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(root.join("static/style.css"), "body{color:#000}").unwrap();
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(read(&root.join("public"), "404.html").contains("自定义404"));
    assert_eq!(read(&root.join("public"), "style.css"), "body{color:#000}");

    std::fs::write(root.join("templates/404.html"), "{% if %}").unwrap();
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("templates/404.html"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn content_text_is_escaped_and_markdown_sanitized() {
    let dir = init_site();
    let root = dir.path().join("portal");
    std::fs::write(
        root.join("content/plans/example.yaml"),
        "title: \"<script>alert('t')</script>计划\"\njurisdiction: 某市\nintro: \"<script>alert(1)</script>\\n\\n[点我](javascript:alert(2))\"\nsections:\n  - number: 一\n    title: 主要任务\n    tasks:\n      - number: \"1\"\n        title: \"<img src=x onerror=alert(3)>\"\n        body: \"<iframe src=x></iframe>正文\"\n        lead: [\"<b>市教育局</b>\"]\n",
    )
    .unwrap();
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    // The theme's own scripts (search) are the only scripts allowed.
    let theme_script =
        regex::Regex::new(r#"<script src="(\.\./)*search(-index)?\.js"( defer)?></script>"#)
            .unwrap();
    for f in html_files(&root.join("public")) {
        let html = std::fs::read_to_string(&f).unwrap();
        let html = theme_script.replace_all(&html, "");
        for bad in ["<script", "href=\"javascript:", "<img", "<iframe", "<b>"] {
            assert!(!html.contains(bad), "{} contains {bad}", f.display());
        }
    }
    let task = read(&root.join("public"), "plans/example/1-1.html");
    assert!(
        task.contains("&lt;img src=x onerror=alert(3)&gt;"),
        "title shown as text"
    );
    assert!(task.contains("正文"));
    let plan = read(&root.join("public"), "plans/example/index.html");
    assert!(
        plan.contains(">点我</a>"),
        "the link text stays, its javascript: target is dropped"
    );
}

#[test]
fn schema_is_json_schema_of_plan_files() {
    let o = sitegen(&["schema"], &repo());
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(v["title"], "Plan");
    assert!(v["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "title"));
    let defs = v["$defs"].as_object().unwrap();
    assert!(
        defs.contains_key("Task") && defs.contains_key("Target"),
        "{defs:?}"
    );
}

#[test]
fn published_schema_is_up_to_date() {
    let o = sitegen(&["schema"], &repo());
    let committed = std::fs::read_to_string(repo().join("docs/plan.schema.json")).unwrap();
    assert_eq!(
        text(&o.stdout).trim(),
        committed.trim(),
        "docs/plan.schema.json is stale: run `cargo run -- schema > docs/plan.schema.json`"
    );
}
