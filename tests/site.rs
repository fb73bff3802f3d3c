//! The demo portal built from `content/`: every page kind exists, counts
//! agree with the hand-made gold annotations, and every link resolves.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const GOLD: [&str; 2] = ["000_d3d8d3678e9b4b54.json", "003_273fabc37fb0533b.json"];

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap()
}

/// plan slug of the plan imported from `source` (a seed file name).
fn slug_for(out: &Path, source: &str) -> String {
    let plans = json(out, "data/plans.json");
    let p = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == source);
    p.unwrap_or_else(|| panic!("no plan from {source}"))["slug"]
        .as_str()
        .unwrap()
        .to_string()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn demo_portal_is_complete_and_matches_gold() {
    let (_tmp, out) = build_repo_site();
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "departments/index.html",
        "timeline/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let tasks = json(&out, "data/tasks.json");
    let tasks = tasks.as_array().unwrap();
    let home = read(&out, "index.html");

    for g in GOLD {
        let gold = gold(g);
        let source = gold["source"].as_str().unwrap();
        let slug = slug_for(&out, source);
        let gold_tasks = gold["tasks"].as_array().unwrap();

        // One task page per gold task, plus the plan page.
        let dir = out.join("plans").join(&slug);
        let pages = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "index.html")
            .count();
        assert_eq!(pages, gold_tasks.len(), "task pages of {slug}");
        let plan_page = read(&out, &format!("plans/{slug}/index.html"));
        assert!(plan_page.contains(gold["plan"]["title"].as_str().unwrap()));
        assert!(
            home.contains(&format!("plans/{slug}/index.html")),
            "home links the plan"
        );
        if let Some(n) = gold["plan"]["doc_number"].as_str() {
            assert!(plan_page.contains(n), "plan page shows 发文字号 {n}");
        }

        // data/tasks.json: lead and partner units equal the gold, task by task.
        let mine: BTreeMap<Vec<String>, &Value> = tasks
            .iter()
            .filter(|t| t["plan"] == slug.as_str())
            .map(|t| (strs(&t["path"]), t))
            .collect();
        assert_eq!(mine.len(), gold_tasks.len(), "{slug}: task count");
        for gt in gold_tasks {
            let path = strs(&gt["path"]);
            let t = mine
                .get(&path)
                .unwrap_or_else(|| panic!("{slug}: no task {path:?}"));
            for field in ["lead", "partners", "responsible"] {
                assert_eq!(strs(&t[field]), strs(&gt[field]), "{slug} {path:?} {field}");
            }
            let page = read(&out, t["url"].as_str().unwrap());
            assert!(
                page.contains(gt["title"].as_str().unwrap()),
                "{path:?} page shows its title"
            );
        }

        // Department pages: counts of led / supported / responsible tasks per unit.
        let jurisdiction = gold["plan"]["jurisdiction"].as_str().unwrap();
        let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for gt in gold_tasks {
            for (i, field) in ["lead", "partners", "responsible"].iter().enumerate() {
                for u in strs(&gt[field]) {
                    counts.entry(u).or_default()[i] += 1;
                }
            }
        }
        let index = read(&out, "departments/index.html");
        for (unit, [lead, partner, resp]) in &counts {
            let url = dept_url(&index, unit, jurisdiction);
            let page = read(&out, &format!("departments/{url}"));
            let expected = format!("牵头 {lead} 项 · 配合 {partner} 项 · 责任 {resp} 项");
            assert!(page.contains(&expected), "{unit}: expected `{expected}`");
        }
    }

    // 贵港市's 市教育局 leads 25 tasks of seed 000 and is responsible for the other 5.
    let index = read(&out, "departments/index.html");
    let jyj = read(
        &out,
        &format!("departments/{}", dept_url(&index, "市教育局", "贵港市")),
    );
    assert!(
        jyj.contains("牵头任务(25)") && jyj.contains("责任任务(5)"),
        "市教育局 page"
    );

    // Timeline: the 2023 page lists the preschool enrolment target.
    let y2023 = read(&out, "timeline/2023.html");
    assert!(y2023.contains("学前教育毛入园率达92.4%"));
    // Every target is on its year's page and on the timeline.
    let timeline = read(&out, "timeline/index.html");
    let targets = json(&out, "data/targets.json");
    for t in targets.as_array().unwrap() {
        let year = t["year"]
            .as_i64()
            .map_or("unknown".to_string(), |y| y.to_string());
        let text = escape(t["text"].as_str().unwrap());
        assert!(
            read(&out, &format!("timeline/{year}.html")).contains(&text),
            "{text} on {year}"
        );
        assert!(timeline.contains(&text));
    }

    // Sitemap lists every HTML page but 404.
    let sitemap = read(&out, "sitemap.xml");
    let pages = html_files(&out);
    assert_eq!(sitemap.matches("<loc>").count(), pages.len() - 1);
    // CSV twins start with a byte-order mark for spreadsheet programs.
    for csv in ["data/tasks.csv", "data/targets.csv", "data/plans.csv"] {
        assert!(
            std::fs::read(out.join(csv))
                .unwrap()
                .starts_with(b"\xEF\xBB\xBF"),
            "{csv}"
        );
    }
    let checked = check_links(&out);
    assert!(checked > 1000, "only {checked} links checked");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The department page file linked from the index for `unit` of `jurisdiction`.
fn dept_url(index: &str, unit: &str, jurisdiction: &str) -> String {
    let doc = scraper::Html::parse_document(index);
    let sec = scraper::Selector::parse("section").unwrap();
    let h2 = scraper::Selector::parse("h2").unwrap();
    let a = scraper::Selector::parse("td a").unwrap();
    let unit_text = escape(unit);
    for s in doc.select(&sec) {
        let name: String = s
            .select(&h2)
            .next()
            .map(|h| h.text().collect())
            .unwrap_or_default();
        if name.trim() != jurisdiction {
            continue;
        }
        for link in s.select(&a) {
            let t: String = link.text().collect();
            if t == unit || escape(&t) == unit_text {
                return link
                    .value()
                    .attr("href")
                    .unwrap()
                    .trim_start_matches("../departments/")
                    .to_string();
            }
        }
    }
    panic!("{unit} ({jurisdiction}) not on the department index")
}

#[test]
fn every_plan_file_in_content_is_built() {
    let (_tmp, out) = build_repo_site();
    let files: BTreeSet<String> = std::fs::read_dir(repo().join("content/plans"))
        .unwrap()
        .flatten()
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let plans = json(&out, "data/plans.json");
    let slugs: BTreeSet<String> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, slugs);
}
