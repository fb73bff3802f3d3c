//! Printing (the default theme's `@media print`): every plan page and two
//! task pages of the demo portal printed to PDF through WebDriver's Print
//! Page command in headless Chromium (A4, 1 cm margins, no shrinking to
//! fit), the text read back with `pdftotext` (Debian's `poppler-utils`).
//!
//! - The PDF holds the plan's title and every task of the plan, by number
//!   and title, twice: in its section and in the 任务分工表 row that also
//!   names its lead, responsible and partner units and its target years
//!   (so no column of the table is cut off); a task page holds its plan,
//!   number, title, units and targets. Every text of `<main>` that print
//!   shows is in the PDF; none of the screen-only chrome (skip link, header
//!   navigation, search box, breadcrumbs, table of contents, pager, footer)
//!   is; an external link prints its address; no page is blank and the page
//!   count is what the printed length needs.
//! - In print media (emulated through the DevTools protocol) at the width
//!   of the A4 page: the chrome is `display: none`, all text is black on
//!   white, headings avoid a page break after them and table rows and list
//!   items one inside them, table headers repeat, scroll regions print all
//!   they hold, and nothing is wider than the page or cut off.
//!
//! `print_check_fails_on_a_broken_page` shows the checks catch a page
//! without a print stylesheet.
//!
//! Needs `chromium`, `chromedriver` (Debian's `chromium-driver`),
//! `pdftotext` (`poppler-utils`; `PDFTOTEXT` overrides the path) and a CJK
//! font (`fonts-noto-cjk`, found with fontconfig's `fc-list :lang=zh`);
//! `bash .ci/test` installs them. Without them plain `cargo test` skips the
//! gate and names what is missing in one line; under `CI` or
//! `SITEGEN_REQUIRE_GATES=1` it fails instead (see `common::Gate`).

mod chromium;
mod common;
use chromium::*;
use common::*;

use chromium::layout::{layout, JS_NAME};

use std::path::Path;
use std::process::Command;

use fantoccini::wd::{PrintConfiguration, PrintSize};
use fantoccini::Client;
use serde_json::{json, Value};

const GATE: Gate = Gate {
    name: "print gate",
    file: file!(),
    needs: &[CHROMIUM, CHROMEDRIVER, PDFTOTEXT, CJK_FONT],
};

/// The content box of an A4 page with 1 cm margins, 19 x 27.7 cm, in CSS px.
const PAGE_W: u32 = 718;
const PAGE_H: u32 = 1047;

/// Added to the first paragraph of `<main>` before printing: print must
/// show where it leads.
const EXTERNAL: &str = "https://example.org/zhengce/2023/tongzhi.html";

/// The text of screen-only chrome, read in screen media: none of it may be
/// printed.
const CHROME_JS: &str = r#"
const sel = '.skip-link, .site-header nav a, .site-search label, .site-search button, '
  + '.crumbs, .toc h2, .pager a, .site-footer a, .site-footer p';
return [...document.querySelectorAll(sel)].map(el => el.textContent.trim()).filter(t => t);
"#;

/// Print media checks (after `JS_NAME`), returning `{problems, elements,
/// texts, height}`: `texts`, every text of `<main>` print shows; `height`,
/// the printed length in CSS px.
const PRINT_JS: &str = r#"
const problems = [];
const hidden = ['.skip-link', '.site-header nav', '.site-search', '#site-search-pop', '.crumbs',
  '.toc', '.pager', '.site-footer'];
for (const el of document.querySelectorAll(hidden.join(', '))) {
  if (getComputedStyle(el).display !== 'none') problems.push(`${name(el)}: printed, but it is screen-only`);
}
const shown = el => el.checkVisibility() && el.getClientRects().length > 0;
let elements = 0;
for (const el of document.body.querySelectorAll('*')) {
  if (!shown(el)) continue;
  elements++;
  const cs = getComputedStyle(el);
  const text = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
  if (text && cs.color !== 'rgb(0, 0, 0)') problems.push(`${name(el)}: text in ${cs.color}, not black`);
  const bg = cs.backgroundColor;
  if (!(bg === 'rgba(0, 0, 0, 0)' || bg === 'rgb(255, 255, 255)') || cs.backgroundImage !== 'none') {
    problems.push(`${name(el)}: background ${bg} ${cs.backgroundImage}, not white`);
  }
  if (/^h[1-6]$/.test(el.localName) && !['avoid', 'avoid-page'].includes(cs.breakAfter)) {
    problems.push(`${name(el)}: break-after: ${cs.breakAfter}, a page may end right after the heading`);
  }
  if ((el.localName === 'tr' || el.localName === 'li') && !['avoid', 'avoid-page'].includes(cs.breakInside)) {
    problems.push(`${name(el)}: break-inside: ${cs.breakInside}, a page break may split it`);
  }
  if (el.localName === 'thead' && cs.display !== 'table-header-group') {
    problems.push(`${name(el)}: display: ${cs.display}, not repeated on every page`);
  }
  if (el.matches('.table-scroll, [role=region][tabindex]') && (cs.overflowX !== 'visible' || cs.overflowY !== 'visible')) {
    problems.push(`${name(el)}: overflow ${cs.overflowX} ${cs.overflowY}; paper does not scroll`);
  }
}
const ext = document.querySelector('main a[href^="http"]');
if (ext) {
  const after = getComputedStyle(ext, '::after').content;
  if (!after.includes('attr(href)') && !after.includes(ext.getAttribute('href'))) {
    problems.push(`${name(ext)}: its address is not printed (::after content: ${after})`);
  }
}
for (const a of document.querySelectorAll('main a[href]:not([href^="http"])')) {
  const after = getComputedStyle(a, '::after').content;
  if (after.includes('attr(href)')) { problems.push(`${name(a)}: prints its relative address`); break; }
}
const texts = [];
const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let n; (n = walker.nextNode());) {
  if (!n.data.trim()) continue;
  range.selectNodeContents(n);
  if ([...range.getClientRects()].some(r => r.width > 0) && getComputedStyle(n.parentElement).visibility !== 'hidden') {
    texts.push(n.data);
  }
}
return {problems, elements, texts, height: document.documentElement.scrollHeight};
"#;

/// Counts over all printed pages.
#[derive(Default)]
struct Stats {
    pages: u64,
    pdf_pages: u64,
    /// Texts looked for in the PDFs (and found).
    found: u64,
    /// Screen-only texts looked for (and not found).
    absent: u64,
    /// Elements whose print styles were checked.
    elements: u64,
    /// Task rows of 任务分工表 checked.
    rows: u64,
}

/// Whitespace and the enumeration comma 、 dropped: the PDF breaks lines
/// anywhere in CJK text, and a task's number is printed 二、(一)1 from its
/// path 二 (一) 1.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3001}')
        .collect()
}

/// The PDF's text in drawing order (`pdftotext -raw`, so that the cells of
/// a table row stay together), each page ended by a form feed.
fn pdf_text(pdf: &[u8], dir: &Path) -> String {
    let bin = PDFTOTEXT.path();
    let file = dir.join("page.pdf");
    std::fs::write(&file, pdf).unwrap();
    let o = Command::new(&bin)
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert!(o.status.success(), "pdftotext: {}", text(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Prints the page open in `c` and checks the PDF and the print styles.
/// `expect`: texts the PDF must hold besides those of `<main>`. Returns the
/// PDF's text (normalized by [`norm`]) and the problems.
async fn print_checks(
    c: &Client,
    expect: &[String],
    dir: &Path,
    stats: &mut Stats,
) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    let chrome = strings(&c.execute(CHROME_JS, vec![]).await.unwrap());
    c.execute(
        "const p = document.querySelector('main p'); const a = document.createElement('a'); \
         a.href = arguments[0]; a.textContent = '\u{539f}\u{6587}'; p.append(' ', a);",
        vec![json!(EXTERNAL)],
    )
    .await
    .unwrap();
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .shrink_to_fit(false)
        .build()
        .unwrap();
    let pdf = c.print(config).await.expect("WebDriver Print Page");
    let raw = pdf_text(&pdf, dir);
    let cjk = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(
        cjk(&raw) || !expect.iter().any(|t| cjk(t)),
        "no Chinese text in the PDF: is a CJK font installed? (apt-get install fonts-noto-cjk)"
    );

    emulate_media(c, "print").await;
    set_viewport(c, PAGE_W, PAGE_H, 1.0).await;
    let r = c
        .execute(&format!("{JS_NAME}{PRINT_JS}"), vec![])
        .await
        .expect("print style check");
    let l = layout(c, false, &[]).await;
    emulate_media(c, "").await;
    reset_viewport(c).await;
    problems.extend(strings(&r["problems"]));
    problems.extend(
        l.problems
            .iter()
            .map(|p| format!("at the A4 page's width: {p}")),
    );
    stats.elements += r["elements"].as_u64().unwrap();

    // Pages: none blank, as many as the printed length needs (with room
    // for headings and rows moved to the next page).
    let pages: Vec<&str> = raw.split('\u{c}').collect();
    let pages = &pages[..pages.len() - 1];
    stats.pdf_pages += pages.len() as u64;
    for (i, p) in pages.iter().enumerate() {
        if p.trim().is_empty() {
            problems.push(format!("page {} of {} is blank", i + 1, pages.len()));
        }
    }
    let need = r["height"].as_f64().unwrap() / PAGE_H as f64;
    if pages.is_empty() || pages.len() as f64 > need * 1.5 + 1.0 {
        problems.push(format!(
            "{} pages for {need:.1} pages of printed length",
            pages.len()
        ));
    }

    let all = norm(&raw);
    let mut want: Vec<String> = strings(&r["texts"]);
    want.extend(expect.iter().cloned());
    want.push(EXTERNAL.into());
    for t in &want {
        let n = norm(t);
        if n.is_empty() {
            continue;
        }
        stats.found += 1;
        if !all.contains(&n) {
            problems.push(format!("not in the PDF: \"{t}\""));
        }
    }
    for t in &chrome {
        stats.absent += 1;
        if all.contains(&norm(t)) {
            problems.push(format!("screen-only text in the PDF: \"{t}\""));
        }
    }
    stats.pages += 1;
    (all, problems)
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// A task's units, lead first.
fn units(t: &Value) -> Vec<String> {
    ["lead", "responsible", "partners"]
        .iter()
        .flat_map(|k| t[*k].as_array().unwrap().iter().map(s))
        .collect()
}

/// `二(一)1增强德育工作实效性`: the task's printed number (none for a task
/// the source does not number) and title as [`norm`] leaves them.
fn task_key(t: &Value) -> String {
    norm(&format!("{}{}", s(&t["number"]), s(&t["title"])))
}

/// In the plan's PDF text `all`: every task twice (its section, its table
/// row), and the row names its units and target years before the next row.
fn check_rows(all: &str, tasks: &[&Value], stats: &mut Stats) -> Vec<String> {
    let mut problems = Vec::new();
    let rows: Vec<Option<usize>> = tasks.iter().map(|t| all.rfind(&task_key(t))).collect();
    for (t, row) in tasks.iter().zip(&rows) {
        let key = task_key(t);
        let Some(start) = *row else {
            problems.push(format!("task {key} is not in the PDF"));
            continue;
        };
        if all.matches(&key).count() < 2 {
            problems.push(format!(
                "task {key} is in the PDF once, not in its section and in the table"
            ));
        }
        let end = rows
            .iter()
            .flatten()
            .copied()
            .filter(|&r| r > start)
            .min()
            .unwrap_or(all.len());
        let row = &all[start..end];
        let years = t["targets"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|g| g["year"].as_i64())
            .map(|y| y.to_string());
        for want in units(t).into_iter().map(|u| norm(&u)).chain(years) {
            if !row.contains(&want) {
                problems.push(format!("task {key}: {want} is not in its row of the table"));
            }
        }
        stats.rows += 1;
    }
    problems
}

#[tokio::test(flavor = "current_thread")]
async fn plans_and_tasks_print_cleanly() {
    if GATE.skip() {
        return;
    }
    let (tmp, out) = build_repo_site();
    let plans = read_json(&out, "data/plans.json");
    let tasks = read_json(&out, "data/tasks.json");
    let kinds = page_kinds(&out);
    with_chromium(move |c| async move {
        let dir = tmp.path();
        let tasks = tasks.as_array().unwrap();
        let mut stats = Stats::default();
        let mut report = String::new();
        for plan in plans.as_array().unwrap() {
            let rel = s(&plan["url"]);
            let own: Vec<&Value> = tasks.iter().filter(|t| t["plan"] == plan["slug"]).collect();
            c.goto(&file_url(&out.join(&rel))).await.unwrap();
            let mut expect = vec![s(&plan["title"])];
            expect.extend(s(&plan["issuer"]).split(" / ").map(str::to_string));
            expect.extend(own.iter().map(|t| task_key(t)));
            let (all, mut problems) = print_checks(&c, &expect, dir, &mut stats).await;
            problems.extend(check_rows(&all, &own, &mut stats));
            println!(
                "print: {rel}: {} tasks, {} problems",
                own.len(),
                problems.len()
            );
            for p in problems {
                report += &format!("{rel}: {p}\n");
            }
        }
        // The task page of the quality gates (lead and partner units and
        // targets) and the first task with responsible units only.
        let task_pages = [
            kinds.iter().find(|(k, _)| *k == "task").unwrap().1.clone(),
            s(&tasks
                .iter()
                .find(|t| t["responsible"].as_array().is_some_and(|a| !a.is_empty()))
                .expect("a task with responsible units")["url"]),
        ];
        for rel in &task_pages {
            let t = tasks.iter().find(|t| s(&t["url"]) == *rel).unwrap();
            c.goto(&file_url(&out.join(rel))).await.unwrap();
            let mut expect = vec![s(&t["plan_title"]), task_key(t)];
            expect.extend(units(t));
            expect.extend(
                t["targets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| s(&g["text"])),
            );
            let (_, problems) = print_checks(&c, &expect, dir, &mut stats).await;
            println!("print: {rel}: {} problems", problems.len());
            for p in problems {
                report += &format!("{rel}: {p}\n");
            }
        }
        println!(
            "print: {} pages printed to {} PDF pages; {} texts found, {} screen-only texts absent, \
             {} task rows checked, print styles of {} elements",
            stats.pages, stats.pdf_pages, stats.found, stats.absent, stats.rows, stats.elements
        );
        assert!(report.is_empty(), "print problems:\n{report}");
    })
    .await;
}

/// The checks can fail: a page without a print stylesheet prints its
/// navigation and footer in colour, a table cut off by its scroll region,
/// no address for an external link, a page for each of three short list
/// items, and allows page breaks anywhere.
#[tokio::test(flavor = "current_thread")]
async fn print_check_fails_on_a_broken_page() {
    if GATE.skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.html");
    std::fs::write(
        &bad,
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>broken print</title>
<style>
.num { color: #9b1c1c; }
th { background: #eeeeee; }
.table-scroll { overflow-x: auto; }
.one-a-page { break-before: page; }
</style></head><body>
<a class="skip-link" href="#main">Skip to the text</a>
<header class="site-header"><nav><a href="#">Departments</a></nav></header>
<main id="main"><h1><span class="num">1</span> Broken print</h1>
<p>The first paragraph.</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="Tasks"><table>
<tr><th>Task</th><td><div style="width: 1200px">a cell 1200 px wide</div></td><td>the far right cell</td></tr>
</table></div>
<ul><li class="one-a-page">A</li><li class="one-a-page">B</li><li class="one-a-page">C</li></ul>
</main>
<footer class="site-footer"><p>The footer</p></footer></body></html>"##,
    )
    .unwrap();
    let url = file_url(&bad);
    with_chromium(move |c| async move {
        c.goto(&url).await.unwrap();
        let (_, problems) = print_checks(&c, &[], tmp.path(), &mut Stats::default()).await;
        let problems = problems.join("\n");
        for want in [
            "header.site-header > nav \"Departments\": printed, but it is screen-only",
            "footer.site-footer \"The footer\": printed",
            "span.num \"1\": text in rgb(155, 28, 28), not black",
            "th \"Task\": background rgb(238, 238, 238) none, not white",
            "h1 \"1 Broken print\": break-after: auto",
            "tr \"Taska cell 1200 px widethe far\": break-inside: auto",
            "div.table-scroll \"Taska cell 1200 px widethe far\": overflow auto auto; paper does not scroll",
            "at the A4 page's width: main#main > div.table-scroll \"Taska cell 1200 px widethe far\": scrolls sideways",
            "p > a \"\u{539f}\u{6587}\": its address is not printed",
            "not in the PDF: \"the far right cell\"",
            "not in the PDF: \"https://example.org/",
            "screen-only text in the PDF: \"Departments\"",
            "screen-only text in the PDF: \"The footer\"",
            "4 pages for 1.0 pages of printed length",
        ] {
            assert!(
                problems.contains(want),
                "no problem `{want}` on the broken page; found:\n{problems}"
            );
        }
    })
    .await;
}
