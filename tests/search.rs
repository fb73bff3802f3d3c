//! The search index of the demo portal: a script file every page refers to,
//! holding every task, plan and department as plain text, and a fold map
//! from traditional to simplified characters.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// The JSON assigned by `search-index.js`.
fn index(out: &Path) -> Value {
    let js = read(out, "search-index.js");
    let start = js.find("window.SITEGEN_SEARCH = ").expect("assignment") + 24;
    let body = js[start..].trim_end().trim_end_matches(';');
    serde_json::from_str(body).expect("index is JSON")
}

#[test]
fn index_is_complete_and_referenced_by_every_page() {
    let (_tmp, out) = build_repo_site();
    assert!(out.join("search.html").is_file());
    assert!(out.join("search.js").is_file());
    let idx = index(&out);

    // Every page has the search box pointing at the search page, and loads
    // the index (the search page directly, the others on demand).
    let pages = html_files(&out);
    assert!(pages.len() > 50);
    for f in &pages {
        let html = std::fs::read_to_string(f).unwrap();
        let rel = f
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let root = "../".repeat(rel.matches('/').count());
        assert!(
            html.contains(&format!("{root}search-index.js\"")),
            "{rel} does not refer to the index"
        );
        assert!(
            html.contains(&format!("action=\"{root}search.html\"")),
            "{rel} has no search box"
        );
        assert!(
            html.contains("<label for=\"site-search-q\">"),
            "{rel}: label"
        );
        assert!(html.contains(&format!("src=\"{root}search.js\"")), "{rel}");
    }

    // Every task, with its title, plain text and URL.
    let tasks = serde_json::from_str::<Value>(&read(&out, "data/tasks.json")).unwrap();
    let tasks = tasks.as_array().unwrap();
    let itasks = idx["tasks"].as_array().unwrap();
    let iplans = idx["plans"].as_array().unwrap();
    assert_eq!(itasks.len(), tasks.len());
    for (t, it) in tasks.iter().zip(itasks) {
        assert_eq!(it[3], t["title"]);
        let plan = &iplans[it[0].as_u64().unwrap() as usize];
        let folder = plan[0].as_str().unwrap().trim_end_matches("index.html");
        assert_eq!(
            format!("{folder}{}", it[1].as_str().unwrap()),
            t["url"].as_str().unwrap()
        );
    }
    let plans = serde_json::from_str::<Value>(&read(&out, "data/plans.json")).unwrap();
    assert_eq!(iplans.len(), plans.as_array().unwrap().len());
    assert!(!idx["depts"].as_array().unwrap().is_empty());

    // The task that mentions 特殊教育 is found by its text.
    assert!(itasks
        .iter()
        .any(|t| t[4].as_str().unwrap().contains("特殊教育")));
    // Plain text only: no markup survives.
    let js = read(&out, "search-index.js");
    for tag in ["<p>", "<a ", "<strong>", "</"] {
        assert!(!js.contains(tag), "index contains {tag}");
    }

    // The fold map maps 學 to 学, char for char.
    let from: Vec<char> = idx["fold"][0].as_str().unwrap().chars().collect();
    let to: Vec<char> = idx["fold"][1].as_str().unwrap().chars().collect();
    assert_eq!(from.len(), to.len());
    let at = from
        .iter()
        .position(|&c| c == '\u{5B78}')
        .expect("學 in map");
    assert_eq!(to[at], '\u{5B66}');
    // Kept small: only characters that matter for this content.
    assert!(from.len() < 4000, "{} fold entries", from.len());

    // The search page works without JavaScript as far as it can.
    let page = read(&out, "search.html");
    assert!(page.contains("JavaScript"));
    assert!(page.contains("href=\"departments/index.html\""));
    assert!(page.contains("href=\"timeline/index.html\""));
    assert!(page.contains("role=\"status\""));
}
