//! The section graph: unnumbered and nested unnumbered sections get one
//! anchor each, decided in `link`, and every page that points at a section
//! (the plan's contents, task breadcrumbs, Markdown links) uses it. Internal
//! placeholders (`u1`) never reach a reader.

mod common;
use common::*;

fn build_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = fixture_site("unnumbered");
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert!(o.status.success(), "build failed:\n{}", text(&o.stderr));
    let out = root.join("public");
    (tmp, out)
}

fn ids(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[id]").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("id"))
        .map(str::to_string)
        .collect()
}

/// The text a reader sees: element text, not attributes or URLs.
fn visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("body").unwrap();
    doc.select(&sel)
        .flat_map(|b| b.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_section_has_one_anchor_and_every_link_to_it_resolves() {
    let (_tmp, out) = build_fixture();
    let plan = read(&out, "plans/mixed/index.html");
    let ids = ids(&plan);
    for a in [
        "sec-1",
        "sec-s2",
        "sec-s2-s1",
        "sec-s2-s1-s1",
        "sec-s2-2",
        "sec-s3",
    ] {
        assert!(
            ids.iter().any(|i| i == a),
            "plan page lacks id {a}: {ids:?}"
        );
    }
    // The task in the doubly unnumbered section: its breadcrumbs name each
    // enclosing section by the plan page's own anchors.
    let tasks = read_json(&out, "data/tasks.json");
    let deep = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "建设智慧校园")
        .expect("task in the deepest section");
    assert_eq!(deep["section"], "sec-s2-s1-s1");
    assert_eq!(deep["number"], "1");
    let page = read(&out, deep["url"].as_str().unwrap());
    for a in ["sec-s2", "sec-s2-s1", "sec-s2-s1-s1"] {
        assert!(
            page.contains(&format!("plans/mixed/index.html#{a}\"")),
            "breadcrumb to #{a} missing"
        );
    }
    assert!(!page.contains("#sec-s\""), "the old `sec-s` anchor is gone");
    // Every href, src and #fragment of every page resolves.
    assert!(check_links(&out) > 100);
}

#[test]
fn placeholders_never_reach_a_reader() {
    let (_tmp, out) = build_fixture();
    let placeholder = regex::Regex::new(r"u[0-9]").unwrap();
    let mut pages = 0;
    for f in html_files(&out) {
        let html = std::fs::read_to_string(&f).unwrap();
        let text = visible_text(&html);
        assert!(
            !placeholder.is_match(&text),
            "{}: a placeholder number is visible: {:?}",
            f.display(),
            placeholder
                .find(&text)
                .map(|m| &text[m.start().saturating_sub(30)..m.end()])
        );
        pages += 1;
    }
    assert!(pages >= 10, "{pages} pages checked");
    let tasks = read_json(&out, "data/tasks.json");
    for t in tasks.as_array().unwrap() {
        let number = t["number"].as_str().unwrap();
        assert!(!placeholder.is_match(number), "{t}");
    }
    let unnumbered = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "完善学位供给")
        .unwrap();
    assert_eq!(unnumbered["number"], "", "shown without a number");
    assert_eq!(unnumbered["id"], "u1", "the URL keeps its stable id");
    assert_eq!(
        unnumbered["path"],
        serde_json::json!(["u1"]),
        "the machine key keeps the plan file's numbering"
    );
    let numbered = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "加强师资")
        .unwrap();
    assert_eq!(numbered["number"], "(二)1");
    let index = read(&out, "search-index.js");
    assert!(
        !index.contains("\"u1\""),
        "search results show no placeholder"
    );
}
