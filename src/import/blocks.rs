//! The format-neutral document every reader produces: a sequence of
//! blocks (paragraph, heading candidate, table), each with its position in
//! the source. Everything after the readers works on this, whatever the
//! file was.
//!
//! A leaf module: it depends on no other stage.

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    /// 1-based line of the source where the block starts (for a web page or
    /// a Word file: the line of the reader's text rendering; for a sheet:
    /// the row).
    pub line: usize,
    /// 1-based column (in chars) of the block's start in that line: a web
    /// page often prints its whole article on one source line.
    pub col: usize,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BlockKind {
    /// A paragraph of running text (numbering, if any, still in the text).
    Para(String),
    /// Text the source marks as a heading (`<h2>`, a Word heading style);
    /// the text stages still decide its level from its numbering.
    Heading(String),
    /// A table: rows of cells, merged cells already spread over every row
    /// and column they cover, line breaks inside a cell kept as `\n`.
    Table(Table),
}

/// A table as a grid of cell texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Table {
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Row {
    /// 1-based source line of the row.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// One cell of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Cell {
    pub text: String,
    /// A copy of a merged cell whose text starts in a row above or a column
    /// to the left: read as part of this row, printed once.
    pub copy: bool,
}

impl Cell {
    pub(super) fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            copy: false,
        }
    }

    pub(super) fn copy(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            copy: true,
        }
    }
}

impl Row {
    /// The cells' texts, copies of merged cells included.
    pub(super) fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.text.as_str()).collect()
    }
}

impl Block {
    pub(super) fn para(line: usize, text: impl Into<String>) -> Block {
        Block {
            line,
            col: 1,
            kind: BlockKind::Para(text.into()),
        }
    }
}

/// Plain text as blocks: one paragraph per non-empty line, and runs of
/// tab-separated lines (two or more cells, two or more rows) as a table.
pub(super) fn from_text(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut table: Vec<Row> = Vec::new();
    let flush = |table: &mut Vec<Row>, out: &mut Vec<Block>| {
        if table.len() >= 2 {
            let line = table[0].line;
            out.push(Block {
                line,
                col: 1,
                kind: BlockKind::Table(Table {
                    rows: std::mem::take(table),
                }),
            });
        } else {
            for r in table.drain(..) {
                out.push(Block::para(r.line, r.texts().join("\t")));
            }
        }
    };
    for (i, l) in text.lines().enumerate() {
        let cells: Vec<&str> = l.split('\t').map(str::trim).collect();
        if cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            table.push(Row {
                line: i + 1,
                cells: cells.into_iter().map(Cell::new).collect(),
            });
            continue;
        }
        flush(&mut table, &mut out);
        let t = l.trim_matches('\t');
        if !t.trim().is_empty() {
            out.push(Block::para(i + 1, t));
        }
    }
    flush(&mut table, &mut out);
    out
}

/// The blocks as text for the line stages: a block a line (a table row a
/// line, cells joined by tabs, line breaks in a cell as spaces), each on
/// the source line it came from where possible, so line numbers the text
/// stages report point at the source.
#[cfg(test)]
pub(super) fn to_text(blocks: &[Block]) -> String {
    let mut blocks = blocks.to_vec();
    lay_out(&mut blocks, |_| false).0
}

/// Where each line of a laid-out text came from: `(line, col)` of the
/// source, both 1-based.
pub(super) type Origins = Vec<(usize, usize)>;

/// Lays the blocks out as text for the line stages (see [`to_text`]) and
/// renumbers every block and row to its line in that text, so that the
/// text's lines and the blocks' lines count the same way even where several
/// blocks share one source line. Blocks for which `hidden` holds keep their
/// lines but print empty (tables read as tables). Returns the text and the
/// source position of each of its lines.
pub(super) fn lay_out(blocks: &mut [Block], hidden: impl Fn(&Block) -> bool) -> (String, Origins) {
    let mut out = String::new();
    let mut origins: Origins = Vec::new();
    let put = |at: (usize, usize), text: &str, out: &mut String, origins: &mut Origins| {
        // Pad with empty lines (dropped by `clean`) up to the source line.
        while origins.len() + 1 < at.0 {
            out.push('\n');
            origins.push((origins.len() + 1, 1));
        }
        out.push_str(text);
        out.push('\n');
        origins.push(at);
        origins.len()
    };
    for b in blocks.iter_mut() {
        let hide = hidden(b);
        let at = (b.line, b.col);
        match &mut b.kind {
            BlockKind::Para(t) | BlockKind::Heading(t) => {
                let t = if hide {
                    String::new()
                } else {
                    t.replace(['\n', '\r'], " ")
                };
                b.line = put(at, &t, &mut out, &mut origins);
            }
            BlockKind::Table(t) => {
                let mut first = None;
                for (k, r) in t.rows.iter_mut().enumerate() {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| {
                            if c.copy || hide {
                                String::new()
                            } else {
                                c.text.replace(['\n', '\r'], " ")
                            }
                        })
                        .collect();
                    let row = if hide {
                        String::new()
                    } else {
                        cells.join("\t")
                    };
                    let col = if k == 0 { at.1 } else { 1 };
                    r.line = put((r.line, col), &row, &mut out, &mut origins);
                    first.get_or_insert(r.line);
                }
                b.line = first.unwrap_or(origins.len() + 1);
            }
        }
    }
    (out, origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_and_tab_tables() {
        let b = from_text("标题\n\n序号\t任务\t牵头单位\n1\t做事\t市教育局\n正文。\n甲\t\n");
        assert_eq!(b.len(), 4);
        assert_eq!(b[0], Block::para(1, "标题"));
        let BlockKind::Table(t) = &b[1].kind else {
            panic!("{b:?}")
        };
        assert_eq!(b[1].line, 3);
        assert_eq!(t.rows[1].texts(), ["1", "做事", "市教育局"]);
        assert_eq!(b[2], Block::para(5, "正文。"));
        assert_eq!(b[3], Block::para(6, "甲"));
        assert_eq!(
            to_text(&b),
            "标题\n\n序号\t任务\t牵头单位\n1\t做事\t市教育局\n正文。\n甲\n"
        );
    }
}
