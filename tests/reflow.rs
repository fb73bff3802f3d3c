//! Reflow and text resize (WCAG 2.1 1.4.10 and 1.4.4) of the default theme
//! in headless Chromium, on one page of every kind of the demo portal (the
//! pages of `tests/a11y.rs`, and the header's search box with its live
//! results open), one Chromium session for all of them:
//!
//! - at 320 x 256 CSS px (a 1280 x 1024 window zoomed to 400 %, emulated
//!   with the DevTools protocol's device metrics): the page does not scroll
//!   sideways, no box or line of text lies outside the viewport (except
//!   inside a labelled, focusable region that scrolls a table), nothing cuts
//!   off its content, no text shown at 1280 px is hidden, the header's
//!   title, navigation and search box are visible, inside the viewport,
//!   not overlapping or covered, the search box has room to type in, the
//!   skip link comes into view when focused; and axe-core's WCAG 2.1 A/AA
//!   rules pass there too;
//! - with the root font size at 200 %, at 1280 and at 640 px: every text
//!   doubles and the same layout checks pass.
//!
//! `reflow_check_fails_on_a_broken_page` shows that the checks catch a
//! fixed-width block, clipped text, content hidden on small screens, px
//! font sizes and an overlapping header.
//!
//! Needs `chromium`, `chromedriver` and `node_modules/axe-core` like
//! `tests/a11y.rs`; `bash .ci/test` installs them. Without them plain
//! `cargo test` skips the gate and names what is missing in one line; under
//! `CI` or `SITEGEN_REQUIRE_GATES=1` it fails instead (see `common::Gate`).

mod chromium;
mod common;
use chromium::*;
use common::*;

use chromium::axe::{axe, axe_source, show};
use chromium::layout::{layout, JS_NAME};

use fantoccini::Client;
use serde_json::json;

const GATE: Gate = Gate {
    name: "reflow gate",
    file: file!(),
    needs: &[CHROMIUM, CHROMEDRIVER, AXE_CORE],
};

/// Kept off screen until focused.
const OFFSCREEN: [&str; 1] = [".skip-link"];

/// `[shown, text]` for every non-blank text node of the body, in document
/// order: shown when it has a box of some size.
const TEXT_SHOWN_JS: &str = r#"
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let n; (n = walker.nextNode());) {
  if (!n.data.trim() || n.parentElement.closest('script, style')) continue;
  range.selectNodeContents(n);
  const shown = getComputedStyle(n.parentElement).visibility !== 'hidden'
    && [...range.getClientRects()].some(r => r.width > 0 && r.height > 0);
  out.push([shown, n.data.trim().replace(/\s+/g, ' ').slice(0, 40)]);
}
return out;
"#;

/// Runs after `JS_NAME`. The header's controls: the site title, the
/// navigation links and the search box's label, input and button must be
/// visible, inside the viewport, not covered (hit testing at their centre),
/// not overlapping each other; the input must fit six characters and the
/// input and button be at least 24 px high; the skip link must come into
/// view when focused.
const HEADER_JS: &str = r#"
const vw = document.documentElement.clientWidth;
const problems = [];
const items = [...document.querySelectorAll(
  '.site-header .site-title, .site-header nav a, .site-search label, .site-search input, .site-search button')];
const label = el => `${el.localName}${el.className ? '.' + el.className : ''} "${(el.textContent || el.id || '').trim().slice(0, 20)}"`;
if (items.length < 7) {
  problems.push(`header: ${items.length} controls, not the title, 4 navigation links and the search box's label, input and button`);
}
window.scrollTo(0, 0);
const boxes = items.map(el => {
  const r = el.getBoundingClientRect();
  return {el, w: r.width, h: r.height, left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY};
});
for (const b of boxes) {
  if (!(b.w > 0 && b.h > 0) || !b.el.checkVisibility({opacityProperty: true, visibilityProperty: true})) {
    problems.push(`${label(b.el)}: not visible`);
    continue;
  }
  if (b.left < -1 || b.right > vw + 1) {
    problems.push(`${label(b.el)}: at x ${px(b.left)}..${px(b.right)}, outside the ${vw} px wide viewport`);
  }
  b.el.scrollIntoView({block: 'center', inline: 'nearest'});
  const f = b.el.getClientRects()[0];
  const hit = document.elementFromPoint(f.left + f.width / 2, f.top + f.height / 2);
  if (!hit || !(hit === b.el || b.el.contains(hit))) {
    problems.push(`${label(b.el)}: covered by ${hit ? label(hit) : 'nothing'}`);
  }
}
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (x > 1 && y > 1) problems.push(`${label(a.el)} and ${label(b.el)} overlap`);
  }
}
const input = document.getElementById('site-search-q');
const button = document.querySelector('.site-search button');
if (input) {
  const fs = parseFloat(getComputedStyle(input).fontSize);
  const w = input.getBoundingClientRect().width;
  if (w < 6 * fs) problems.push(`search box ${px(w)} px wide: no room for 6 characters of ${fs} px`);
}
for (const el of [input, button]) {
  if (el && el.getBoundingClientRect().height < 24) {
    problems.push(`${label(el)}: ${px(el.getBoundingClientRect().height)} px high, less than 24`);
  }
}
const skip = document.querySelector('.skip-link');
window.scrollTo(0, 0);
if (skip) {
  skip.focus();
  const r = skip.getBoundingClientRect();
  if (document.activeElement !== skip || r.width === 0 || r.left < -1 || r.right > vw + 1 || r.bottom < 0) {
    problems.push(`skip link not in view when focused: x ${px(r.left)}..${px(r.right)}, y ${px(r.top)}..${px(r.bottom)}`);
  }
  skip.blur();
}
window.scrollTo(0, 0);
return {controls: items.length, problems};
"#;

/// Sets the root font size to `arguments[0]` times the default and returns
/// the elements holding text whose font size did not grow as much.
const TEXT_SIZE_JS: &str = r#"
const factor = arguments[0];
const els = [...document.body.querySelectorAll('*')]
  .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim()));
const before = els.map(el => parseFloat(getComputedStyle(el).fontSize));
document.documentElement.style.fontSize = (factor * 100) + '%';
const problems = [];
els.forEach((el, i) => {
  const after = parseFloat(getComputedStyle(el).fontSize);
  if (after < before[i] * factor * 0.95) {
    problems.push(`${el.localName}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 20)}": font size ${before[i]} px became ${after} px, not ${before[i] * factor}`);
  }
});
return {elements: els.length, problems};
"#;

/// Counts over all pages.
#[derive(Default)]
struct Stats {
    /// Viewport/text-size combinations checked.
    layouts: u64,
    /// Rendered elements and text nodes checked at 320 px.
    elements_320: u64,
    texts_320: u64,
    /// Elements and text nodes checked at 200 % text.
    elements_200: u64,
    /// Header controls checked.
    controls: u64,
    /// Text nodes compared against 1280 px.
    compared: u64,
    /// Elements whose font size had to double.
    resized: u64,
}

async fn text_shown(c: &Client) -> Vec<(bool, String)> {
    let v = c.execute(TEXT_SHOWN_JS, vec![]).await.unwrap();
    serde_json::from_value(v).unwrap()
}

/// Text shown in `wide` but not in `now`.
fn lost(wide: &[(bool, String)], now: &[(bool, String)], at: &str) -> Vec<String> {
    if wide.len() != now.len() {
        return vec![format!(
            "{at}: {} text nodes, {} at 1280 px: the page changed",
            now.len(),
            wide.len()
        )];
    }
    wide.iter()
        .zip(now)
        .filter(|((w, _), (n, _))| *w && !*n)
        .map(|((_, text), _)| format!("{at}: text \"{text}\" shown at 1280 px is hidden"))
        .collect()
}

/// Layout and header checks on the page as it is now.
async fn layout_and_header(c: &Client, at: &str, stats: &mut Stats) -> Vec<String> {
    let l = layout(c, true, &OFFSCREEN).await;
    let h = c
        .execute(&format!("{JS_NAME}{HEADER_JS}"), vec![])
        .await
        .expect("header check");
    stats.layouts += 1;
    stats.controls += h["controls"].as_u64().unwrap();
    let mut problems: Vec<String> = l.problems.iter().map(|p| format!("{at}: {p}")).collect();
    problems.extend(strings(&h["problems"]).iter().map(|p| format!("{at}: {p}")));
    if at.starts_with("320") {
        stats.elements_320 += l.elements;
        stats.texts_320 += l.texts;
    } else {
        stats.elements_200 += l.elements;
    }
    problems
}

/// Every check on the page open in `c` (no reload between them): 320 px,
/// then 200 % text at 1280 and 640 px. Leaves the window at 1280 px with
/// the default text size.
async fn reflow_checks(c: &Client, stats: &mut Stats) -> Vec<String> {
    set_viewport(c, 1280, 1024, 1.0).await;
    let wide = text_shown(c).await;
    let mut problems = Vec::new();

    set_viewport(c, 320, 256, 4.0).await;
    problems.extend(layout_and_header(c, "320 px", stats).await);
    let now = text_shown(c).await;
    stats.compared += now.len() as u64;
    problems.extend(lost(&wide, &now, "320 px"));

    set_viewport(c, 1280, 1024, 1.0).await;
    let r = c.execute(TEXT_SIZE_JS, vec![json!(2)]).await.unwrap();
    stats.resized += r["elements"].as_u64().unwrap();
    problems.extend(
        strings(&r["problems"])
            .iter()
            .map(|p| format!("200 % text: {p}")),
    );
    for (w, h) in [(1280, 1024), (640, 512)] {
        set_viewport(c, w, h, 1.0).await;
        let at = format!("200 % text at {w} px");
        problems.extend(layout_and_header(c, &at, stats).await);
        let now = text_shown(c).await;
        problems.extend(lost(&wide, &now, &at));
    }
    c.execute("document.documentElement.style.fontSize = '';", vec![])
        .await
        .unwrap();
    set_viewport(c, 1280, 1024, 1.0).await;
    problems
}

#[tokio::test(flavor = "current_thread")]
async fn every_kind_of_page_reflows_at_320_px_and_with_200_percent_text() {
    if GATE.skip() {
        return;
    }
    let source = axe_source();
    let (tmp, out) = build_repo_site();
    let pages = page_kinds(&out);
    with_chromium(move |c| async move {
        let _tmp = tmp;
        let mut stats = Stats::default();
        let mut report = String::new();
        let mut axe_report = String::new();
        let task = pages[2].1.clone();
        for (kind, rel) in &pages {
            open_kind(&c, &out, kind, rel).await;
            let problems = reflow_checks(&c, &mut stats).await;
            set_viewport(&c, 320, 256, 4.0).await;
            let (_, violations) = axe(&c, &source).await;
            println!(
                "reflow: {kind} ({rel}): {} problems, {} axe violations at 320 px",
                problems.len(),
                violations.len()
            );
            for p in problems {
                report += &format!("{kind} ({rel}): {p}\n");
            }
            axe_report += &show(&format!("{kind} ({rel}) at 320 px"), &violations);
        }
        // The header's search box with its live results open, at 320 px.
        set_viewport(&c, 320, 256, 4.0).await;
        open_search_box(&c, &out, &task).await;
        let mut open = layout_and_header(&c, "320 px", &mut stats).await;
        let pop = c
            .execute(
                "const r = document.getElementById('site-search-pop').getBoundingClientRect(); \
                 return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        if pop != json!(true) {
            open.push("the open search results are not inside the viewport".into());
        }
        let (_, violations) = axe(&c, &source).await;
        println!(
            "reflow: search box results ({task}): {} problems, {} axe violations at 320 px",
            open.len(),
            violations.len()
        );
        for p in open {
            report += &format!("search box results ({task}): {p}\n");
        }
        axe_report += &show(&format!("search box results ({task}) at 320 px"), &violations);
        println!(
            "reflow: {} pages (+ the open search box): {} layouts checked; at 320 px {} elements \
             and {} text nodes in view, {} text nodes compared with 1280 px; {} header controls; \
             at 200 % text {} elements resized, {} elements in view",
            pages.len(),
            stats.layouts,
            stats.elements_320,
            stats.texts_320,
            stats.compared,
            stats.controls,
            stats.resized,
            stats.elements_200,
        );
        assert!(
            report.is_empty() && axe_report.is_empty(),
            "reflow problems:\n{report}\naxe violations at 320 px:\n{axe_report}"
        );
    })
    .await;
}

/// The checks can fail: a fixed 600 px block, text cut off by
/// `overflow: hidden`, a box scrolling sideways, a line that does not wrap,
/// a paragraph hidden on small screens, a px font size, a label squeezed to
/// one character a line and a search box laid over the site title each
/// give a problem.
#[tokio::test(flavor = "current_thread")]
async fn reflow_check_fails_on_a_broken_page() {
    if GATE.skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.html");
    std::fs::write(
        &bad,
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>broken</title>
<style>
.fixed { width: 600px; }
.clip { overflow: hidden; white-space: nowrap; width: 10rem; }
.scroll { overflow-x: auto; }
.scroll p { width: 40rem; }
.nowrap { white-space: nowrap; }
.px { font-size: 14px; }
.row { display: flex; }
.row .fill { flex: none; width: 18rem; }
.site-header { position: relative; }
.site-search { position: absolute; top: 0; left: 0; }
@media (max-width: 40rem) { .wide-only { display: none; } }
</style></head><body>
<a class="skip-link" href="#main">Skip</a>
<header class="site-header"><a class="site-title" href="#">Portal title</a>
<nav><a href="#">One</a> <a href="#">Two</a> <a href="#">Three</a> <a href="#">Four</a></nav>
<form class="site-search"><label for="site-search-q">Search</label> <input id="site-search-q"> <button>Go</button></form>
</header>
<main id="main"><h1>Broken</h1>
<div class="fixed">a block 600 px wide</div>
<p class="clip">a line of text much too long for its box, cut off</p>
<div class="scroll"><p>a box scrolling sideways that is not a labelled region</p></div>
<p class="nowrap">a_line_that_does_not_wrap_at_all_however_narrow_the_screen</p>
<p class="wide-only">only on wide screens</p>
<p class="px">text sized in px</p>
<div class="row"><span class="squeezed">牵头单位</span><span class="fill"></span></div>
</main></body></html>"##,
    )
    .unwrap();
    let url = file_url(&bad);
    with_chromium(move |c| async move {
        let _tmp = tmp;
        c.goto(&url).await.unwrap();
        let problems = reflow_checks(&c, &mut Stats::default()).await.join("\n");
        for want in [
            "the page scrolls sideways",
            "div.fixed \"a block 600 px wide\": box at x",
            "p.clip \"a line of text much too long f\": cuts off its content",
            "div.scroll \"a box scrolling sideways that \": scrolls sideways",
            "p.nowrap \"a_line_that_does_not_wrap_at_a\": text",
            "text \"only on wide screens\" shown at 1280 px is hidden",
            "p.px \"text sized in px\": font size 14 px became 14 px",
            "span.squeezed \"牵头单位\": text \"牵头单位\" squeezed to a character a line (4 lines)",
            "a.site-title \"Portal title\" and label \"Search\" overlap",
        ] {
            assert!(
                problems.contains(want),
                "no problem `{want}` on the broken page; found:\n{problems}"
            );
        }
    })
    .await;
}
