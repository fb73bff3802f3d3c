//! A bound on how deeply Markdown nests, applied to pulldown-cmark's events
//! before any HTML exists: html5ever (inside ammonia) spends time
//! proportional to the open-element stack on each tag, so 100,000 nested
//! `>`, `- ` or `<div>` took minutes. Containers past [`MAX_DEPTH`] are
//! dropped and their contents kept, so a reader still sees every word.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Tag, TagEnd};

/// Block quotes, lists, emphasis, links and raw HTML elements, counted together.
pub(crate) const MAX_DEPTH: usize = 32;

/// Elements that never have a closing tag, so they add no depth.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements an end tag cannot close across (html5ever's "scope" boundaries):
/// `</div>` after `<div><table>` closes nothing, so it must not lower our count.
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "marquee", "object", "table", "td", "template", "th",
];

/// The HTML standard's "special" elements: an end tag of an ordinary
/// element (`</span>`) is ignored when one of them is open above it.
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// One element the browser would hold open, as far as we can tell: its
/// name, whether we kept it, and who opened it.
struct Open {
    name: String,
    kept: bool,
    /// `Some(n)` for the n-th Markdown container, None for a raw HTML tag.
    md: Option<usize>,
}

/// Tracks the open elements of one Markdown text (Markdown's containers and
/// raw HTML tags in one stack, as html5ever will see them) and drops those
/// past the cap. It errs on the side of counting an element as open.
#[derive(Default)]
pub(crate) struct DepthCap {
    stack: Vec<Open>,
    kept: usize,
    /// How many entries of `stack` have each name, so a stray end tag costs
    /// nothing and matching stays linear.
    names: HashMap<String, usize>,
    /// The Markdown containers still on `stack`, so that looking for one
    /// that is gone never walks the whole stack.
    md_on_stack: HashSet<usize>,
    /// Per open Markdown container, outermost first: (kept, its number).
    md: Vec<(bool, usize)>,
    md_count: usize,
    /// Byte offset (in the Markdown text) of the first container dropped.
    pub(crate) first_drop: Option<usize>,
    /// The deepest nesting seen, kept or not.
    pub(crate) deepest: usize,
}

impl DepthCap {
    /// Pushes an element; returns whether it is kept.
    fn push(&mut self, name: &str, md: Option<usize>, offset: usize) -> bool {
        self.deepest = self.deepest.max(self.stack.len() + 1);
        let kept = self.kept < MAX_DEPTH;
        if kept {
            self.kept += 1;
        } else {
            self.first_drop.get_or_insert(offset);
        }
        *self.names.entry(name.to_string()).or_default() += 1;
        if let Some(n) = md {
            self.md_on_stack.insert(n);
        }
        self.stack.push(Open {
            name: name.to_string(),
            kept,
            md,
        });
        kept
    }

    /// Pops down to and including entry `at`.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let open = self.stack.pop().expect("at < len");
            if let Some(c) = self.names.get_mut(&open.name) {
                *c -= 1;
            }
            if let Some(n) = open.md {
                self.md_on_stack.remove(&n);
            }
            if open.kept {
                self.kept -= 1;
            }
        }
    }

    /// The event to emit for `ev` (found at byte `offset`), or None to drop it.
    pub(crate) fn event<'a>(&mut self, ev: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match ev {
            Event::Start(tag) => {
                let Some(name) = element(&tag) else {
                    return Some(Event::Start(tag));
                };
                let n = self.md_count;
                self.md_count += 1;
                // An item lives and dies with its list.
                let parent_dropped =
                    matches!(tag, Tag::Item) && self.md.last().is_some_and(|m| !m.0);
                let kept = if parent_dropped {
                    false
                } else {
                    self.push(name, Some(n), offset)
                };
                self.md.push((kept, n));
                kept.then_some(Event::Start(tag))
            }
            Event::End(end) if end_element(&end) => {
                let (kept, n) = self.md.pop().unwrap_or((true, usize::MAX));
                // A raw end tag may have closed it already.
                if self.md_on_stack.contains(&n) {
                    if let Some(at) = self.stack.iter().rposition(|o| o.md == Some(n)) {
                        self.pop_to(at);
                    }
                }
                match (kept, end) {
                    (true, end) => Some(Event::End(end)),
                    // The items of a flattened list stay on lines of their own.
                    (false, TagEnd::Item) => Some(Event::SoftBreak),
                    (false, _) => None,
                }
            }
            Event::Html(s) => Some(Event::Html(self.html(s, offset))),
            Event::InlineHtml(s) => Some(Event::InlineHtml(self.html(s, offset))),
            ev => Some(ev),
        }
    }

    /// `s` with the tags that would nest too deeply taken out, and a tag
    /// left open at its end too (it would swallow what follows).
    pub(crate) fn html<'a>(
        &mut self,
        s: pulldown_cmark::CowStr<'a>,
        offset: usize,
    ) -> pulldown_cmark::CowStr<'a> {
        let mut out = String::new();
        let mut copied = 0; // bytes of `s` already in `out`
        let mut changed = false;
        let mut i = 0;
        while let Some(lt) = s[i..].find('<').map(|p| p + i) {
            let tag = match scan_tag(&s.as_bytes()[lt..]) {
                Scan::NotATag => {
                    i = lt + 1;
                    continue;
                }
                Scan::Unterminated => {
                    out.push_str(&s[copied..lt]);
                    copied = s.len();
                    changed = true;
                    break;
                }
                Scan::Tag(t) => t,
            };
            let end = lt + tag.len;
            let name = String::from_utf8_lossy(&s.as_bytes()[lt + tag.name.0..lt + tag.name.1])
                .to_ascii_lowercase();
            // `<div/>` opens a div all the same: only void elements stay empty.
            let keep = match tag.closing {
                false if VOID.contains(&name.as_str()) => true,
                false => self.push(&name, None, offset),
                true => self.close(&name),
            };
            if !keep {
                out.push_str(&s[copied..lt]);
                copied = end;
                changed = true;
            }
            i = end;
        }
        if !changed {
            return s;
        }
        out.push_str(&s[copied..]);
        out.into()
    }

    /// Whether to keep the end tag `</name>`: kept when it closes a kept
    /// element the way a browser would; one that closes nothing is dropped
    /// (browsers ignore it).
    fn close(&mut self, name: &str) -> bool {
        if self.names.get(name).copied().unwrap_or(0) == 0 {
            return false;
        }
        let Some(at) = self.stack.iter().rposition(|o| o.name == name) else {
            return false;
        };
        let special = SPECIAL.contains(&name);
        let blocked = self.stack[at + 1..].iter().any(|o| {
            o.kept
                && (SCOPE.contains(&o.name.as_str())
                    || (!special && SPECIAL.contains(&o.name.as_str())))
        });
        if blocked {
            return false;
        }
        let kept = self.stack[at].kept;
        self.pop_to(at);
        kept
    }
}

/// The HTML element a Markdown container becomes, for those that nest.
fn element(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag {
        Tag::BlockQuote(_) => "blockquote",
        Tag::List(Some(_)) => "ol",
        Tag::List(None) => "ul",
        Tag::Item => "li",
        Tag::Emphasis => "em",
        Tag::Strong => "strong",
        Tag::Strikethrough => "del",
        Tag::Link { .. } => "a",
        _ => return None,
    })
}

fn end_element(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
    )
}

struct ScannedTag {
    /// Byte range of the name, from the `<`.
    name: (usize, usize),
    closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

enum Scan {
    Tag(ScannedTag),
    NotATag,
    /// A tag that does not end before the text does.
    Unterminated,
}

/// Reads an HTML start or end tag at the start of `b` (which begins with
/// `<`) with the HTML tokenizer's states, so that what counts as a tag
/// here is what html5ever will take for one.
fn scan_tag(b: &[u8]) -> Scan {
    #[derive(Clone, Copy)]
    enum St {
        Name,
        BeforeAttr,
        Attr,
        AfterAttr,
        BeforeValue,
        Quoted(u8),
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return Scan::NotATag;
    }
    let start = i;
    let mut name_end = 0;
    let mut st = St::Name;
    while let Some(&c) = b.get(i) {
        st = match (st, c) {
            (St::Quoted(q), c) if c == q => St::AfterQuoted,
            (St::Quoted(q), _) => St::Quoted(q),
            (St::SelfClosing, b'>') => {
                return Scan::Tag(ScannedTag {
                    name: (start, name_end.max(start)),
                    closing,
                    len: i + 1,
                })
            }
            (_, b'>') => {
                return Scan::Tag(ScannedTag {
                    name: (start, if name_end == 0 { i } else { name_end }),
                    closing,
                    len: i + 1,
                })
            }
            (St::Name, c) if ws(c) || c == b'/' => {
                name_end = i;
                if c == b'/' {
                    St::SelfClosing
                } else {
                    St::BeforeAttr
                }
            }
            (St::Name, _) => St::Name,
            (St::BeforeAttr | St::AfterQuoted | St::SelfClosing | St::Unquoted, c) if ws(c) => {
                St::BeforeAttr
            }
            (St::BeforeAttr | St::AfterQuoted | St::Attr | St::AfterAttr, b'/') => St::SelfClosing,
            (St::Unquoted, _) => St::Unquoted,
            (St::Attr | St::AfterAttr, b'=') => St::BeforeValue,
            (St::Attr, c) if ws(c) => St::AfterAttr,
            (St::AfterAttr, c) if ws(c) => St::AfterAttr,
            (St::BeforeValue, c) if ws(c) => St::BeforeValue,
            (St::BeforeValue, b'"' | b'\'') => St::Quoted(c),
            (St::BeforeValue, _) => St::Unquoted,
            (St::BeforeAttr | St::AfterQuoted | St::SelfClosing | St::Attr | St::AfterAttr, _) => {
                St::Attr
            }
        };
        i += 1;
    }
    Scan::Unterminated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap_html(s: &str) -> (String, DepthCap) {
        let mut cap = DepthCap::default();
        let out = cap.html(s.into(), 0).to_string();
        (out, cap)
    }

    #[test]
    fn deep_html_is_flattened_and_text_kept() {
        let n = 1000;
        let (out, cap) = cap_html(&format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)));
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains('x'));
        assert_eq!(cap.deepest, n);
        assert_eq!(cap.first_drop, Some(0));
    }

    #[test]
    fn stray_end_tags_do_not_lower_the_count() {
        let (out, _) = cap_html(&"<div></span>".repeat(100));
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert!(!out.contains("</span>"));
        let (out, _) = cap_html(&"<div><table></div>".repeat(100));
        assert!(out.matches("<div>").count() + out.matches("<table>").count() <= MAX_DEPTH);
    }

    #[test]
    fn shallow_html_is_untouched() {
        let s = "<p class='a>b'>x<br/><img src=a.png></p>";
        let (out, cap) = cap_html(s);
        assert_eq!(out, s);
        assert_eq!(cap.first_drop, None);
    }
}
