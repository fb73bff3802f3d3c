//! `sitegen check`: findings with positions, exit codes, JSON, and that it
//! writes nothing.

mod common;
use common::*;

use std::path::Path;

const BAD: &str = r#"title: 测试计划
jurisdiction: 示例市
period: [2024, 2026]
intro: |
  见[任务](1-1.html)和[缺失](nope.html)。
sections:
  - number: 一
    title: 主要任务
    body: |
      见[锚点](#sec-1)与[坏锚点](#no-such)。
    tasks:
      - number: "1"
        title: 甲
        body: 甲的内容。
        lead: [市教育局]
        targets:
          - {year: 2030, text: 远期目标}
      - number: "1"
        title: 乙
        body: 乙的内容,见[上一项](1-1.html#main)。
        lead: [市教育局]
      - number: "3"
        title: 丙
      - number: "4"
        title: 丁
        body: 丁
        lead: [市教肓局]
"#;

const WARN_ONLY: &str = r#"title: 只有警告
jurisdiction: 示例市
period: [2024, 2026]
sections:
  - number: 一
    title: 任务
    tasks:
      - number: "1"
        title: 甲
        lead: [市教育局]
        targets:
          - year: 2023
            text: 提前完成
      - number: "2"
        title: 乙
        lead: [市教育局]
      - number: "3"
        title: 丙
        responsible: [市敎育局]
      - number: "4"
        title: 空
"#;

fn site_with(plans: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = sitegen(&["init", dir.path().to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    for (name, yaml) in plans {
        std::fs::write(dir.path().join("content/plans").join(name), yaml).unwrap();
    }
    dir
}

fn check(root: &Path, json: bool) -> (i32, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    if json {
        args.extend(["--format", "json"]);
    }
    let o = sitegen(&args, &repo());
    assert!(o.status.code().is_some(), "{}", text(&o.stderr));
    (o.status.code().unwrap(), text(&o.stdout))
}

fn at(root: &Path, rel: &str, line: usize, col: usize) -> String {
    let _ = root;
    format!(
        "{}:{line}:{col}:",
        Path::new("content/plans").join(rel).display()
    )
}

#[test]
fn every_problem_is_reported_at_its_position() {
    let dir = site_with(&[("bad.yaml", BAD)]);
    let root = dir.path();
    let (code, out) = check(root, false);
    assert_eq!(code, 1, "{out}");
    let expect = [
        (5, 24, "error: broken link `nope.html`"),
        (10, 27, "error: broken link `#no-such`"),
        (
            17,
            14,
            "warning: target year 2030 is outside the plan's period",
        ),
        (18, 9, "error: task number `1` is used twice"),
        (22, 9, "warning: task `3` (丙) is empty"),
        (
            27,
            16,
            "warning: department `市教肓局` appears only once; did you mean 市教育局?",
        ),
    ];
    for (line, col, msg) in expect {
        let want = format!("{} {msg}", at(root, "bad.yaml", line, col));
        assert!(out.contains(&want), "missing `{want}` in:\n{out}");
    }
    assert!(!out.contains("1-1.html`"), "valid links pass:\n{out}");
    assert!(!out.contains("`#sec-1`"), "valid anchors pass:\n{out}");
    assert!(out.contains("= help:"), "{out}");
    assert!(out.trim_end().ends_with("3 errors, 3 warnings"), "{out}");
    assert!(!root.join("public").exists(), "check writes nothing");
}

#[test]
fn json_output_lists_every_finding() {
    let dir = site_with(&[("bad.yaml", BAD)]);
    let (code, out) = check(dir.path(), true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 6, "{out}");
    let dup = items
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("used twice"))
        .unwrap();
    assert_eq!(dup["level"], "error");
    assert_eq!(dup["line"], 18);
    assert_eq!(dup["column"], 9);
    assert!(dup["file"].as_str().unwrap().ends_with("bad.yaml"));
    assert!(dup["help"].as_str().unwrap().contains("renumber"));
    assert_eq!(
        items.iter().filter(|d| d["level"] == "warning").count(),
        3,
        "{out}"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = site_with(&[("warn.yaml", WARN_ONLY)]);
    let root = dir.path();
    let (code, out) = check(root, false);
    assert_eq!(code, 0, "{out}");
    for (line, col, msg) in [
        (12, 13, "warning: target year 2023 is outside"),
        (
            19,
            23,
            "warning: department `市敎育局` appears only once; did you mean 市教育局?",
        ),
        (20, 9, "warning: task `4` (空) is empty"),
    ] {
        let want = format!("{} {msg}", at(root, "warn.yaml", line, col));
        assert!(out.contains(&want), "missing `{want}` in:\n{out}");
    }
    assert!(out.trim_end().ends_with("0 errors, 3 warnings"), "{out}");
}

#[test]
fn department_register_suggests_the_nearest_name() {
    let dir = site_with(&[("warn.yaml", WARN_ONLY)]);
    let root = dir.path();
    std::fs::write(
        root.join("content/departments.yaml"),
        "- jurisdiction: 示例市\n  name: 市教育局\n  aliases: [市教育委员会]\n- jurisdiction: 示例市\n  name: 市财政局\n- jurisdiction: 示例市\n  name: 市自然资源局\n",
    )
    .unwrap();
    let (code, out) = check(root, false);
    assert_eq!(code, 0, "{out}");
    let want = format!(
        "{} warning: department `市敎育局` is not in content/departments.yaml; did you mean 市教育局?",
        at(root, "warn.yaml", 19, 23)
    );
    assert!(out.contains(&want), "missing `{want}` in:\n{out}");
    assert!(
        out.contains("department `市人力资源和社会保障局` is not in content/departments.yaml"),
        "{out}"
    );
    assert!(!out.contains("`市教育局` is not"), "{out}");
    assert!(!out.contains("`市财政局` is not"), "{out}");
}

#[test]
fn load_errors_are_reported_and_fail() {
    let dir = site_with(&[("broken.yaml", "title: [unclosed\n")]);
    let (code, out) = check(dir.path(), false);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("broken.yaml:"), "{out}");
}

#[test]
fn the_repository_content_passes_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::copy(repo().join("sitegen.toml"), root.join("sitegen.toml")).unwrap();
    copy_tree(&repo().join("content"), &root.join("content"));
    copy_tree(&repo().join("themes"), &root.join("themes"));
    let (code, out) = check(root, false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.trim_end().ends_with(" warnings") || out.contains("0 errors"),
        "{out}"
    );
    assert!(out.contains("0 errors"), "{out}");
    assert!(!root.join("public").exists(), "check must not build");
    let mut names: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["content", "sitegen.toml", "themes"]);
}

#[test]
fn the_unnumbered_section_fixture_has_no_broken_link() {
    let (_tmp, root) = fixture_site("unnumbered");
    let (code, out) = check(&root, false);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("0 errors, 0 warnings"), "{out}");
}

#[test]
fn a_broken_anchor_is_reported_at_the_link() {
    let (_tmp, root) = fixture_site("unnumbered");
    let plan = root.join("content/plans/mixed.yaml");
    let yaml = std::fs::read_to_string(&plan).unwrap();
    let yaml = yaml.replace("index.html#sec-s2-s1)", "index.html#sec-s2-s9)");
    std::fs::write(&plan, &yaml).unwrap();
    let (line, l) = yaml
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("#sec-s2-s9"))
        .unwrap();
    let col = l[..l.find("index.html#sec-s2-s9").unwrap()].chars().count() + 1;
    let (code, out) = check(&root, false);
    assert_eq!(code, 1, "{out}");
    let want = format!(
        "content/plans/mixed.yaml:{}:{col}: error: broken link `index.html#sec-s2-s9`: page `plans/mixed/index.html` has no anchor `#sec-s2-s9`",
        line + 1
    );
    assert!(out.contains(&want), "missing `{want}` in:\n{out}");
    assert_eq!(
        out.matches("sec-s2-s9").count(),
        3,
        "reported once, at the text (message and snippet), not again at the page:\n{out}"
    );
    assert!(out.trim_end().ends_with("1 error, 0 warnings"), "{out}");
}

#[test]
fn a_broken_link_made_by_a_template_is_reported() {
    let (_tmp, root) = fixture_site("unnumbered");
    let theme = root.join("themes/default/templates/task.html");
    let html = std::fs::read_to_string(&theme).unwrap();
    std::fs::write(
        &theme,
        html.replacen("<h1>", "<a href=\"{{ root }}nowhere.html#x\">x</a><h1>", 1),
    )
    .unwrap();
    let (code, out) = check(&root, false);
    assert_eq!(code, 1, "{out}");
    // Reported once per task page, at the task that made the page.
    assert!(
        out.contains("content/plans/mixed.yaml:13:10: error: page `plans/mixed/1-u1.html` made from this entry has a broken link `../../nowhere.html#x`: no page `nowhere.html` in the site"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("6 errors, 0 warnings"), "{out}");
}
