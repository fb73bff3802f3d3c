//! Saved web pages: the page's text, read with a real HTML parser
//! (html5ever through `scraper`), in the line layout the text stages
//! expect: one line per block (paragraph, heading, list item, `<br>`,
//! table row), table cells separated by tabs, scripts, styles and comments
//! dropped, entities decoded. Page noise (navigation, share buttons,
//! footers) is left to `clean`, which removes it from scraped text anyway.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// True when the text is an HTML document or fragment rather than prose
/// that mentions a tag: it opens with a tag or a doctype and holds closing
/// tags of block elements.
pub(super) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if !head.starts_with('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || ["</p>", "</div>", "</td>", "</table>", "<br"]
            .iter()
            .any(|t| lower.contains(t))
}

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object",
    "select", "option", "button", "textarea",
];

/// Elements that end a line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "form",
    "hr",
    "center",
    "main",
    "aside",
    "caption",
    "tbody",
    "thead",
];

/// The page's text, one block a line.
pub(super) fn to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 3);
    let mut skip = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if SKIP.contains(&name) {
                        skip += 1;
                    } else if skip == 0 && (name == "br" || BLOCK.contains(&name)) {
                        // A block starts on a line of its own.
                        out.push('\n');
                    }
                }
                Node::Text(t) if skip == 0 => {
                    // Whitespace in HTML source is layout, not text.
                    let mut last_space = out.ends_with([' ', '\n', '\t']);
                    for c in t.chars() {
                        let space = c.is_whitespace();
                        if space {
                            if !last_space {
                                out.push(' ');
                            }
                        } else {
                            out.push(c);
                        }
                        last_space = space;
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if SKIP.contains(&name) {
                        skip = skip.saturating_sub(1);
                    } else if skip == 0 {
                        if matches!(name, "td" | "th") {
                            out.push('\t');
                        } else if BLOCK.contains(&name) && name != "br" {
                            out.push('\n');
                        }
                    }
                }
            }
        }
    }
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}');
        if !line.is_empty() {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_cells_tabs() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>\
            <div class=nav><a href=/>首页</a></div><!-- 注释 -->\
            <div class=\"TRS_UEDITOR\"><p>一、总体要求</p><p>&nbsp;&nbsp;到2025年，\n  建成<b>5所</b>学校。</p>\
            第一条 甲<br>第二条 乙<script>var x='一、假';</script>\
            <table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>做事</td></tr></table></div></body></html>";
        assert!(looks_like_html(html));
        assert_eq!(
            to_text(html),
            "首页\n一、总体要求\n到2025年， 建成5所学校。\n第一条 甲\n第二条 乙\n序号\t任务\n1\t做事\n"
        );
    }

    #[test]
    fn prose_is_not_html() {
        assert!(!looks_like_html("一、总体要求\n见<附件>。\n"));
        assert!(!looks_like_html("<附件1>说明</附件1>"));
    }
}
