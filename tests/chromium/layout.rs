//! Layout checks run in the page: nothing wider than the viewport, nothing
//! clipped. Used at 320 CSS px and with enlarged text (`tests/reflow.rs`)
//! and in print media at the width of an A4 page (`tests/print.rs`).

use fantoccini::Client;
use serde_json::{json, Value};

/// What [`layout`] found on one page.
pub struct Layout {
    /// Rendered elements and text nodes looked at.
    pub elements: u64,
    pub texts: u64,
    /// One line per problem, naming the element.
    pub problems: Vec<String>,
}

/// Script prelude: `name(el)`, an element's tag, id or classes and those
/// of up to three ancestors, and the start of its text, for messages;
/// `px(n)`, `n` rounded to a tenth.
pub const JS_NAME: &str = r#"
const px = n => Math.round(n * 10) / 10;
const name = el => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    let s = e.localName;
    if (e.id) { parts.unshift(s + '#' + e.id); break; }
    if (e.classList.length) s += '.' + [...e.classList].join('.');
    parts.unshift(s);
  }
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  return parts.join(' > ') + (text ? ` "${text}"` : '');
};
"#;

/// Runs after [`JS_NAME`]; `arguments[0]`: `{scrollRegions, offscreen}`.
/// Walks every rendered element and text node of the body. Problems: the page scrolls sideways;
/// a box or a line of text lies (partly) outside the viewport horizontally;
/// a text is squeezed into a column of one character a line; an element
/// with `overflow: hidden`/`clip` cuts off its content; an
/// element scrolls sideways, unless `scrollRegions` and it is a
/// keyboard-reachable, labelled region holding a table (WCAG 1.4.10 lets
/// data tables scroll in two dimensions; what is inside it may then lie
/// outside the viewport, but must not be cut off or squeezed). Elements matching `offscreen` (skip links) may sit outside the
/// viewport unless they have the focus.
pub const LAYOUT_JS: &str = r#"
const opts = arguments[0];
const de = document.documentElement;
const vw = de.clientWidth;
const SLACK = 1;
const problems = [];
let elements = 0, texts = 0;
const inView = r => r.left >= -SLACK && r.right <= vw + SLACK;
const clips = v => v === 'hidden' || v === 'clip';
const scrolls = v => v === 'auto' || v === 'scroll';
const replaced = new Set(['img', 'svg', 'video', 'canvas', 'iframe', 'object', 'embed',
  'input', 'textarea', 'select', 'math']);
const tableRegion = el => opts.scrollRegions && el.matches('[role=region][tabindex="0"]')
  && (el.hasAttribute('aria-labelledby') || el.hasAttribute('aria-label'))
  && el.querySelector('table') !== null;
if (de.scrollWidth > vw + SLACK) {
  problems.push(`the page scrolls sideways: ${de.scrollWidth} px of content in a ${vw} px wide viewport`);
}
const range = document.createRange();
const visit = (el, scrolled) => {
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || el.localName === 'script' || el.localName === 'style') return;
  if (opts.offscreen.some(s => el.matches(s)) && document.activeElement !== el) return;
  const shown = cs.visibility !== 'hidden';
  if (shown && el.getClientRects().length > 0) {
    elements++;
    const r = el.getBoundingClientRect();
    if ((r.width > 0 || r.height > 0) && !scrolled && !inView(r)) {
      problems.push(`${name(el)}: box at x ${px(r.left)}..${px(r.right)}, outside the ${vw} px wide viewport`);
    }
    if (!replaced.has(el.localName)) {
      const wide = el.scrollWidth > el.clientWidth + SLACK;
      const tall = el.scrollHeight > el.clientHeight + SLACK;
      if (wide && clips(cs.overflowX)) {
        problems.push(`${name(el)}: cuts off its content (${el.scrollWidth} px wide in ${el.clientWidth} px, overflow-x: ${cs.overflowX})`);
      }
      if (tall && clips(cs.overflowY)) {
        problems.push(`${name(el)}: cuts off its content (${el.scrollHeight} px high in ${el.clientHeight} px, overflow-y: ${cs.overflowY})`);
      }
      if (wide && scrolls(cs.overflowX)) {
        if (!tableRegion(el)) {
          problems.push(`${name(el)}: scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px); only a table in a labelled role=region with tabindex=0 may`);
          return;
        }
        scrolled = true;
      }
    }
  }
  for (const child of el.childNodes) {
    if (child.nodeType === 1) {
      visit(child, scrolled);
    } else if (child.nodeType === 3 && shown && child.data.trim()) {
      range.selectNodeContents(child);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length) texts++;
      const out = !scrolled && rects.find(r => !inView(r));
      if (out) {
        problems.push(`${name(el)}: text "${child.data.trim().slice(0, 30)}" at x ${px(out.left)}..${px(out.right)}, outside the ${vw} px wide viewport`);
      }
      const em = parseFloat(cs.fontSize);
      // A column of single characters, not a word wrapping at a line's end.
      if (rects.length > 1 && rects.every(r => r.width < 1.6 * em && Math.abs(r.left - rects[0].left) < em / 2)) {
        problems.push(`${name(el)}: text "${child.data.trim().slice(0, 30)}" squeezed to a character a line (${rects.length} lines)`);
      }
    }
  }
};
visit(document.body, false);
return {elements, texts, problems};
"#;

/// Runs [`LAYOUT_JS`] on the current page. `scroll_regions`: whether tables
/// in a scrollable region may be wider than the viewport (on screen, not on
/// paper); `offscreen`: selectors of elements kept off screen until focused.
pub async fn layout(c: &Client, scroll_regions: bool, offscreen: &[&str]) -> Layout {
    let r: Value = c
        .execute(
            &format!("{JS_NAME}{LAYOUT_JS}"),
            vec![json!({"scrollRegions": scroll_regions, "offscreen": offscreen})],
        )
        .await
        .expect("layout check");
    Layout {
        elements: r["elements"].as_u64().unwrap(),
        texts: r["texts"].as_u64().unwrap(),
        problems: crate::chromium::strings(&r["problems"]),
    }
}
