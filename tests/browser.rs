//! Search in a real browser: headless Chromium driven through chromedriver
//! (WebDriver, with `fantoccini`), on the demo portal opened from `file://`.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium` and
//! `chromium-driver`; `bash .ci/test` installs them). Without them plain
//! `cargo test` skips the test and names what is missing in one line; under
//! `CI` or `SITEGEN_REQUIRE_GATES=1` it fails instead (see `common::Gate`).
//! `CHROMEDRIVER` and `CHROME` override the binaries' paths.

mod chromium;
mod common;
use chromium::*;
use common::*;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

const GATE: Gate = Gate {
    name: "browser search test",
    file: file!(),
    needs: &[CHROMIUM, CHROMEDRIVER],
};

/// One search result as the page shows it.
#[derive(Debug)]
struct Hit {
    href: String,
    kind: String,
    title: String,
    marks: Vec<String>,
}

const RESULTS_JS: &str = r#"
const [sel, q] = arguments;
const input = document.getElementById('site-search-q');
if (q !== null && input.value !== q) return null;
const list = document.querySelector(sel);
if (!list || (q !== null && list.getAttribute('data-query') !== q)) return null;
const status = list.parentElement.querySelector('[role=status]');
if (!status || !status.textContent) return null;
return Array.from(list.querySelectorAll('li.search-hit')).map(li => {
  const a = li.querySelector('a');
  return {
    href: a.href,
    kind: li.querySelector('.hit-kind').textContent,
    title: a.textContent,
    marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
  };
});
"#;

/// Polls the result list `sel` until it shows results for `q` (the input's
/// value; `None` to not check it).
async fn results(c: &Client, sel: &str, q: Option<&str>) -> Vec<Hit> {
    let start = Instant::now();
    loop {
        let v = c
            .execute(RESULTS_JS, vec![json!(sel), json!(q)])
            .await
            .unwrap();
        if let Some(list) = v.as_array().filter(|l| !l.is_empty()) {
            return list
                .iter()
                .map(|h| Hit {
                    href: h["href"].as_str().unwrap().to_string(),
                    kind: h["kind"].as_str().unwrap().to_string(),
                    title: h["title"].as_str().unwrap().to_string(),
                    marks: h["marks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| m.as_str().unwrap().to_string())
                        .collect(),
                })
                .collect();
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no results for {q:?} in {sel}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn h1(c: &Client) -> String {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn search_works_in_headless_chromium_from_file_urls() {
    if GATE.skip() {
        return;
    }
    let (_tmp, out) = build_repo_site();
    with_chromium(|c| run(c, out)).await;
}

async fn run(client: Client, out: PathBuf) {
    let c = &client;
    let out = out.as_path();
    let plans = read_json(out, "data/plans.json");
    let tasks = read_json(out, "data/tasks.json");
    let tasks = tasks.as_array().unwrap();
    let search = file_url(&out.join("search.html"));

    // 1. 毛入园率 from a bookmarked URL. In seed 000's plan the sentence
    //    学前教育毛入园率达92.4% stands in the 总体目标 section, not in a task,
    //    so the plan comes first: it has the query in its own script, while the
    //    traditional-script plan's task (毛入園率) matches only through folding.
    let seed0 = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"].as_str().unwrap_or("").contains("000_"))
        .expect("plan of seed 000");
    let seed0_url = seed0["url"].as_str().unwrap();
    let plan_page = read(out, seed0_url);
    assert!(plan_page.contains("学前教育毛入园率"), "seed 000 plan text");
    c.goto(&format!("{search}?q={}", percent("毛入园率")))
        .await
        .unwrap();
    let hits = results(c, "#search-results", Some("毛入园率")).await;
    assert!(
        hits[0].href.ends_with(seed0_url),
        "first hit for 毛入园率 should be {seed0_url}: {hits:#?}"
    );
    assert!(hits[0].marks.iter().any(|m| m == "毛入园率"), "{hits:#?}");
    // Every plan or task page that states the rate (in either script) is
    // found, whichever script the query was typed in.
    let pages: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .chain(tasks)
        .map(|x| x["url"].as_str().unwrap())
        .filter(|u| {
            let page = read(out, u);
            page.contains("毛入园率") || page.contains("毛入園率")
        })
        .collect();
    assert!(pages.len() > 1, "{pages:?}");
    for u in &pages {
        assert!(hits.iter().any(|h| h.href.ends_with(u)), "{u}: {hits:#?}");
    }
    // The status is announced.
    let status = c
        .find(Locator::Css("#search-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains(&hits.len().to_string()), "{status}");

    // 2. Typing 學前教育 (traditional) on the search page finds the tasks of
    //    simplified-script plans titled 学前教育…, marked in their own script.
    let input = c.find(Locator::Id("site-search-q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("學前教育").await.unwrap();
    let hits = results(c, "#search-results", Some("學前教育")).await;
    let simplified: Vec<&Value> = tasks
        .iter()
        .filter(|t| t["title"].as_str().unwrap().contains("学前教育"))
        .collect();
    assert!(!simplified.is_empty());
    for t in &simplified {
        let u = t["url"].as_str().unwrap();
        let hit = hits
            .iter()
            .find(|h| h.href.ends_with(u))
            .unwrap_or_else(|| panic!("{u} not found for 學前教育: {hits:#?}"));
        assert!(hit.marks.iter().any(|m| m == "学前教育"), "{hit:?}");
    }
    // Title matches rank above body matches.
    let first_body = hits
        .iter()
        .position(|h| !h.title.contains("学前教育") && !h.title.contains("學前教育"));
    if let Some(b) = first_body {
        assert!(
            hits[b..]
                .iter()
                .all(|h| !h.title.contains("学前教育") && !h.title.contains("學前教育")),
            "a title match after a body match: {hits:#?}"
        );
    }
    // The URL follows the query, so the search can be bookmarked.
    let url = c.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or("").contains(&percent("學前教育")),
        "{url}"
    );

    // 3. Clicking a result opens the task page.
    let first_task = hits.iter().find(|h| h.kind == "任务").unwrap();
    let expected = tasks
        .iter()
        .find(|t| first_task.href.ends_with(t["url"].as_str().unwrap()))
        .unwrap();
    let link = c
        .find(Locator::Css(".search-hit.hit-task a"))
        .await
        .unwrap();
    link.click().await.unwrap();
    let title = h1(c).await;
    assert!(
        title.contains(expected["title"].as_str().unwrap()),
        "h1 `{title}` after clicking {first_task:?}"
    );

    // 4. The search box of an ordinary page: live results while typing, and
    //    Enter opens the search page with the query.
    let task_page = file_url(&out.join(tasks[0]["url"].as_str().unwrap()));
    c.goto(&task_page).await.unwrap();
    let input = c.find(Locator::Id("site-search-q")).await.unwrap();
    input.send_keys("特殊教育").await.unwrap();
    let pop = results(c, "#site-search-pop .search-results", Some("特殊教育")).await;
    assert!(pop.len() <= 8);
    assert!(pop.iter().all(|h| !h.marks.is_empty()), "{pop:#?}");
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    let hits = results(c, "#search-results", Some("特殊教育")).await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/search.html"));
    let special: Vec<&str> = tasks
        .iter()
        .filter(|t| t["title"].as_str().unwrap().contains("特殊教育"))
        .map(|t| t["url"].as_str().unwrap())
        .collect();
    assert!(!special.is_empty());
    for u in special {
        assert!(hits.iter().any(|h| h.href.ends_with(u)), "{u}: {hits:#?}");
    }

    // 5. 教育局 finds the department and the tasks it leads.
    let input = c.find(Locator::Id("site-search-q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("教育局").await.unwrap();
    let hits = results(c, "#search-results", Some("教育局")).await;
    assert_eq!(hits[0].kind, "部门", "{hits:#?}");
    let led = tasks
        .iter()
        .find(|t| {
            t["lead"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d.as_str().unwrap().contains("教育局"))
        })
        .unwrap();
    let u = led["url"].as_str().unwrap();
    assert!(hits.iter().any(|h| h.href.ends_with(u)), "{u}");
}
