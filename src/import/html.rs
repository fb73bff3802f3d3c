//! Saved web pages: the page's text, read with a real HTML parser
//! (html5ever through `scraper`), in the line layout the text stages
//! expect: one line per block (paragraph, heading, list item, `<br>`,
//! table row), table cells separated by tabs, scripts, styles and comments
//! dropped, entities decoded. Page noise (navigation, share buttons,
//! footers) is left to `clean`, which removes it from scraped text anyway.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::blocks::{Block, BlockKind, Cell, Row, Table};

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

/// The page as blocks: one paragraph per block element, `<br>` or layout
/// table cell, `<h1>`–`<h6>` as heading candidates, and every data table
/// (one holding no other table) as a [`Table`] with `rowspan` and
/// `colspan` spread. Each block's line is the line of the page source where
/// its text starts, found by searching forward for it.
pub(super) fn to_blocks(html: &str) -> Vec<Block> {
    let doc = Html::parse_document(html);
    let mut w = Walker {
        src: html,
        from: 0,
        line: 1,
        buf: String::new(),
        link_chars: 0,
        heading: false,
        out: Vec::new(),
    };
    let mut in_link = 0usize;
    let mut skip = 0usize;
    // A data table is read whole; its subtree is skipped until it closes.
    let mut inside_table: Option<ego_tree::NodeId> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if inside_table.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        if SKIP.contains(&name) {
                            skip += 1;
                        } else if name == "a" {
                            in_link += 1;
                        } else if skip == 0 && name == "table" && is_data_table(node) {
                            w.flush();
                            let table = read_table(node);
                            if !table.rows.is_empty() {
                                w.push_table(table);
                            }
                            inside_table = Some(node.id());
                        } else if skip == 0 && (name == "br" || BLOCK.contains(&name)) {
                            w.flush();
                            w.heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                        }
                    }
                    Node::Text(t) if skip == 0 => {
                        let before = w.buf.len();
                        push_text(&mut w.buf, t);
                        if in_link > 0 {
                            w.link_chars += w.buf[before..].trim().chars().count();
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = inside_table {
                    if id == node.id() {
                        inside_table = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if SKIP.contains(&name) {
                        skip = skip.saturating_sub(1);
                    } else if name == "a" {
                        in_link = in_link.saturating_sub(1);
                    } else if skip == 0 {
                        if matches!(name, "td" | "th") {
                            w.buf.push('\t');
                        } else if BLOCK.contains(&name) && name != "br" {
                            w.flush();
                        }
                    }
                }
            }
        }
    }
    w.flush();
    w.out
}

/// The page's text, one block a line, cells of a row joined by tabs.
#[cfg(test)]
fn to_text(html: &str) -> String {
    let mut s = super::blocks::to_text(&to_blocks(html));
    s.retain(|c| c != '\r');
    s.lines()
        .filter(|l| !l.is_empty())
        .flat_map(|l| [l, "\n"])
        .collect()
}

/// Whitespace in HTML source is layout, not text: runs become one space.
fn push_text(out: &mut String, t: &str) {
    let mut last_space = out.is_empty() || out.ends_with([' ', '\n', '\t']);
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

fn tidy(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}')
        .to_string()
}

struct Walker<'a> {
    src: &'a str,
    /// Byte offset in `src` after the last block found there.
    from: usize,
    line: usize,
    buf: String,
    /// Chars of `buf` inside links: a block that is mostly links is
    /// navigation, a share bar or a "related articles" list.
    link_chars: usize,
    heading: bool,
    out: Vec<Block>,
}

impl Walker<'_> {
    /// The source line of `text`: where its first word occurs after the
    /// previous block; the previous block's line when it cannot be found
    /// (entities, inline tags inside the first word).
    fn locate(&mut self, text: &str) -> usize {
        let word: String = text
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .take(8)
            .collect();
        if word.chars().count() >= 2 {
            if let Some(at) = self.src.get(self.from..).and_then(|s| s.find(&word)) {
                let at = self.from + at;
                self.line += self.src[self.from..at]
                    .bytes()
                    .filter(|&b| b == b'\n')
                    .count();
                self.from = at;
            }
        }
        self.line
    }

    /// The column of the last block found in the source.
    fn col(&self) -> usize {
        let before = self.src.get(..self.from).unwrap_or("");
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        before[start..].chars().count() + 1
    }

    fn flush(&mut self) {
        let heading = std::mem::take(&mut self.heading);
        let buf = std::mem::take(&mut self.buf);
        let links = std::mem::take(&mut self.link_chars);
        let total = buf.chars().filter(|c| !c.is_whitespace()).count();
        if links * 2 > total && total <= 80 {
            return;
        }
        for part in buf.split('\n') {
            let t = tidy(part);
            if t.trim_matches('\t').is_empty() {
                continue;
            }
            let line = self.locate(&t);
            self.out.push(Block {
                line,
                col: self.col(),
                kind: if heading {
                    BlockKind::Heading(t)
                } else {
                    BlockKind::Para(t)
                },
            });
        }
    }

    fn push_table(&mut self, mut table: Table) {
        let mut first = None;
        for r in &mut table.rows {
            let cell = r.cells.iter().find(|c| !c.text.trim().is_empty());
            let cell = cell.map(|c| c.text.clone());
            r.line = cell.map_or(self.line, |c| self.locate(&c));
            let col = self.col();
            first.get_or_insert((r.line, col));
        }
        let (line, col) = first.unwrap_or((self.line, self.col()));
        self.out.push(Block {
            line,
            col,
            kind: BlockKind::Table(table),
        });
    }
}

/// A table that holds no other table and has a row of two or more cells:
/// data, not page layout.
fn is_data_table(node: ego_tree::NodeRef<'_, Node>) -> bool {
    let mut wide_row = false;
    for d in node.descendants().skip(1) {
        if let Node::Element(el) = d.value() {
            match el.name() {
                "table" => return false,
                "tr" => {
                    let cells = d
                        .children()
                        .filter(|c| {
                            matches!(c.value(), Node::Element(e) if matches!(e.name(), "td" | "th"))
                        })
                        .count();
                    wide_row |= cells >= 2;
                }
                _ => {}
            }
        }
    }
    wide_row
}

/// The text of a cell: blocks inside it become line breaks.
fn cell_text(cell: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    let mut skip = 0usize;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(el) if SKIP.contains(&el.name()) => skip += 1,
                Node::Element(el)
                    if skip == 0
                        && (el.name() == "br" || BLOCK.contains(&el.name()))
                        && !s.is_empty()
                        && !s.ends_with('\n') =>
                {
                    s.push('\n');
                }
                Node::Text(t) if skip == 0 => push_text(&mut s, t),
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(el) = n.value() {
                    if SKIP.contains(&el.name()) {
                        skip = skip.saturating_sub(1);
                    }
                }
            }
        }
    }
    s.split('\n')
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spans are capped so a hostile `rowspan=1000000` cannot blow up the grid.
const MAX_SPAN: usize = 1000;

/// The table as a grid: a cell with `rowspan`/`colspan` is spread over every
/// row and column it covers (the copies marked as such).
fn read_table(table: ego_tree::NodeRef<'_, Node>) -> Table {
    let span = |el: &scraper::node::Element, name: &str| {
        el.attr(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_SPAN)
    };
    let mut rows: Vec<Row> = Vec::new();
    // (column, rows left, text) of cells spanning down from rows above.
    let mut pending: Vec<(usize, usize, String)> = Vec::new();
    for tr in table.descendants() {
        let Node::Element(el) = tr.value() else {
            continue;
        };
        if el.name() != "tr" {
            continue;
        }
        let mut cells: Vec<Cell> = Vec::new();
        let fill = |cells: &mut Vec<Cell>, pending: &mut Vec<(usize, usize, String)>| {
            while let Some(p) = pending.iter_mut().find(|p| p.0 == cells.len() && p.1 > 0) {
                p.1 -= 1;
                cells.push(Cell::copy(p.2.clone()));
            }
        };
        for td in tr.children() {
            let Node::Element(cel) = td.value() else {
                continue;
            };
            if !matches!(cel.name(), "td" | "th") {
                continue;
            }
            fill(&mut cells, &mut pending);
            let text = cell_text(td);
            let (rs, cs) = (span(cel, "rowspan"), span(cel, "colspan"));
            for k in 0..cs {
                let col = cells.len();
                if rs > 1 {
                    pending.retain(|p| p.0 != col || p.1 > 0);
                    pending.push((col, rs - 1, text.clone()));
                }
                cells.push(if k == 0 {
                    Cell::new(text.clone())
                } else {
                    Cell::copy(text.clone())
                });
            }
        }
        fill(&mut cells, &mut pending);
        pending.retain(|p| p.1 > 0);
        if cells.iter().any(|c| !c.text.is_empty()) {
            rows.push(Row { line: 0, cells });
        }
    }
    Table { rows }
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
            "一、总体要求\n到2025年， 建成5所学校。\n第一条 甲\n第二条 乙\n序号\t任务\n1\t做事\n"
        );
    }

    #[test]
    fn prose_is_not_html() {
        assert!(!looks_like_html("一、总体要求\n见<附件>。\n"));
        assert!(!looks_like_html("<附件1>说明</附件1>"));
    }
}
