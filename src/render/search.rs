//! The client-side search index: `search-index.js`, a script that assigns
//! `window.SITEGEN_SEARCH`, so search works from `file://` (browsers refuse
//! `fetch` of local files but run `<script src>`). It holds plain text only
//! (Markdown reduced to its text, no HTML) and a traditional → simplified
//! character map with which `search.js` folds both the text and the query.
//!
//! Layout (arrays rather than objects, to keep the file small):
//!
//! ```text
//! window.SITEGEN_SEARCH = {
//!   "v": 1,
//!   "fold": ["學園…", "学园…"],            // char i of the first maps to char i of the second
//!   "plans": [[url, title, context, text]], // context: jurisdiction · issuer · 文号
//!   "depts": [[url, name, jurisdiction, lead, partner, responsible]],
//!   "tasks": [[plan, file, number, title, text, [dept, …]]]  // url = plan's folder + file
//! };
//! ```

use std::collections::BTreeSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, TagEnd};
use serde_json::{json, Value};

use super::Page;
use crate::link::Site;

/// Output path of the index script.
pub(crate) const INDEX_FILE: &str = "search-index.js";
/// The search page and its template.
pub(crate) const PAGE: &str = "search.html";
pub(crate) const TEMPLATE: &str = "search.html";
pub(crate) const TITLE: &str = "\u{641C}\u{7D22}";

/// The visible text of a Markdown string: no markup, no HTML, whitespace
/// collapsed to single spaces.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for ev in Parser::new_ext(markdown, opts) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::CodeBlock) => out.push(' '),
            // Raw HTML in content is not text a reader sees.
            _ => {}
        }
    }
    collapse(&out)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every traditional character that `zhconv` turns into a different single
/// simplified character, over the BMP's CJK blocks: `(traditional, simplified)`.
/// Computed once per process (one `zhconv` call over ~28,000 characters).
fn full_fold_table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = ('\u{3400}'..='\u{4DBF}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FAFF}')
            .collect();
        // One character per line: conversion works on phrases, and no phrase
        // spans a line break, so each character converts on its own.
        let joined: String = chars.iter().flat_map(|&c| [c, '\n']).collect();
        let converted = zhconv::zhconv(&joined, zhconv::Variant::ZhHans);
        let lines: Vec<&str> = converted.split('\n').collect();
        if lines.len() < chars.len() {
            return Vec::new();
        }
        chars
            .iter()
            .zip(lines)
            .filter_map(|(&c, line)| {
                let mut it = line.chars();
                match (it.next(), it.next()) {
                    (Some(s), None) if s != c && is_bmp_cjk(s) => Some((c, s)),
                    _ => None,
                }
            })
            .collect()
    })
}

fn is_bmp_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The fold map restricted to what matters for `text`: a traditional
/// character is kept when it occurs in the text or its simplified form does
/// (so a traditional query finds simplified text and the other way round).
/// Both sides are single BMP characters, so folding keeps UTF-16 offsets.
pub(crate) fn fold_map(text: &str) -> Vec<(char, char)> {
    let present: BTreeSet<char> = text.chars().filter(|&c| is_bmp_cjk(c)).collect();
    full_fold_table()
        .iter()
        .filter(|(t, s)| present.contains(t) || present.contains(s))
        .copied()
        .collect()
}

/// Folds `s` with `map` character for character (what `search.js` does).
#[cfg(test)]
fn fold(s: &str, map: &[(char, char)]) -> String {
    let m: std::collections::BTreeMap<char, char> = map.iter().copied().collect();
    s.chars().map(|c| *m.get(&c).unwrap_or(&c)).collect()
}

/// The folder part of a root-relative URL (`plans/x/index.html` → `plans/x/`).
fn folder(url: &str) -> &str {
    url.rfind('/').map_or("", |i| &url[..=i])
}

/// The index as a JSON value (see the module docs for its layout).
pub(crate) fn index_value(site: &Site) -> Value {
    let mut all_text = String::new();
    let plans: Vec<Value> = site
        .plans
        .iter()
        .map(|p| {
            let plan = &p.plan;
            let mut context = vec![plan.jurisdiction.clone(), plan.issuer.join("、")];
            context.extend(plan.doc_number.clone());
            context.retain(|s| !s.is_empty());
            let mut text = plain_text(&plan.intro);
            for s in &site.sections[p.all_sections.clone()] {
                text.push(' ');
                text.push_str(&s.number);
                text.push(' ');
                text.push_str(&s.title);
                text.push(' ');
                text.push_str(&plain_text(&s.body));
            }
            let text = collapse(&text);
            all_text.push_str(&plan.title);
            all_text.push_str(&text);
            json!([p.url, plan.title, context.join(" · "), text])
        })
        .collect();
    let depts: Vec<Value> = site
        .departments
        .iter()
        .map(|d| {
            all_text.push_str(&d.name);
            all_text.push_str(&d.jurisdiction);
            json!([
                d.url,
                d.name,
                d.jurisdiction,
                d.lead.len(),
                d.partner.len(),
                d.responsible.len()
            ])
        })
        .collect();
    let tasks: Vec<Value> = site
        .tasks
        .iter()
        .enumerate()
        .map(|(tix, t)| {
            let plan_url = &site.plans[t.plan].url;
            let file = t
                .url
                .strip_prefix(folder(plan_url))
                .unwrap_or(&t.url)
                .to_string();
            let mut ds: Vec<usize> = Vec::new();
            for &d in t.lead.iter().chain(&t.partners).chain(&t.responsible) {
                if !ds.contains(&d) {
                    ds.push(d);
                }
            }
            let text = plain_text(&t.task.body);
            all_text.push_str(&t.task.title);
            all_text.push_str(&text);
            json!([t.plan, file, site.task_number(tix), t.task.title, text, ds])
        })
        .collect();
    let map = fold_map(&all_text);
    let from: String = map.iter().map(|p| p.0).collect();
    let to: String = map.iter().map(|p| p.1).collect();
    json!({
        "v": 1,
        "fold": [from, to],
        "plans": plans,
        "depts": depts,
        "tasks": tasks,
    })
}

/// `search-index.js`.
pub(crate) fn index_page(site: &Site) -> Page {
    let mut js = String::from(
        "/* sitegen search index: plain text of plans, tasks and departments. */\nwindow.SITEGEN_SEARCH = ",
    );
    js.push_str(&index_value(site).to_string());
    js.push_str(";\n");
    Page::new(INDEX_FILE, js.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("**加强**学前教育\n建设。\n\n- 一\n- <b>二</b>\n"),
            "加强学前教育 建设。 一 二"
        );
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn fold_map_maps_traditional_to_simplified() {
        let map = fold_map("学前教育");
        assert!(map.contains(&('\u{5B78}', '\u{5B66}')), "學→学");
        assert_eq!(fold("\u{5B78}前教育", &map), "学前教育");
        // Restricted to what the text needs: 園 is kept only with 园 or 園 present.
        assert!(!map.iter().any(|p| p.0 == '\u{5712}'));
        let map = fold_map("\u{5712}");
        assert!(map.contains(&('\u{5712}', '\u{56ED}')), "園→园");
    }

    #[test]
    fn fold_keeps_length() {
        let map = fold_map("\u{5B78}前教育\u{8CEA}量");
        let s = "\u{5B78}前教育\u{8CEA}量 abc";
        assert_eq!(fold(s, &map).chars().count(), s.chars().count());
        assert_eq!(fold(s, &map), "学前教育质量 abc");
    }

    #[test]
    fn folder_of_url() {
        assert_eq!(folder("plans/x/index.html"), "plans/x/");
        assert_eq!(folder("index.html"), "");
    }
}
