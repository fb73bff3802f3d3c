//! Spreadsheets (`.xlsx`, through calamine) and CSV files: every sheet
//! becomes a [`Table`] block, merged cells spread over the rows and columns
//! they cover; a title row above the table (one text across the sheet)
//! becomes a paragraph, so it can title the plan.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::blocks::{Block, BlockKind, Cell, Row, Table};
use super::ImportError;

/// Sheets larger than this are cut (and a real 任务分工表 is far smaller):
/// a hostile file cannot make the importer allocate a huge grid.
const MAX_ROWS: usize = 20_000;
const MAX_COLS: usize = 64;

fn unreadable(what: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable {
        format: "spreadsheet",
        why: what.to_string(),
    }
}

/// The text of a cell as a person sees it; dates as `YYYY年M月D日`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt.as_f64()).unwrap_or_default(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
    .trim()
    .to_string()
}

/// An Excel date serial (days since 1899-12-30) as a Chinese date.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01, then the civil-from-days algorithm.
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year}年{month}月{day}日"))
}

/// Reads every sheet of an `.xlsx` workbook. Never panics.
/// Refusing beats cutting: a task table of more rows than this is not a
/// plan, and reading part of it would silently lose tasks.
fn too_long(what: &str, rows: usize) -> ImportError {
    ImportError::Unreadable {
        format: "spreadsheet",
        why: format!(
            "{what} has {rows} or more rows; at most {MAX_ROWS} are read (a task table has far fewer): delete the empty or unrelated rows, or split the sheet"
        ),
    }
}

pub(super) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    // calamine is not known to panic, but a spreadsheet is untrusted input
    // and a panic would take the whole import run down.
    super::panics::quietly(|| read_xlsx_inner(bytes))
        .unwrap_or_else(|| Err(unreadable("the workbook could not be parsed")))
}

fn read_xlsx_inner(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(unreadable)?;
        let merges = wb.merge_cells_by_sheet_name(&name).ok();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        if range.height() > MAX_ROWS {
            return Err(too_long(&name, range.height()));
        }
        let height = range.height();
        let width = range.width().min(MAX_COLS);
        let mut grid: Vec<Vec<Cell>> = (0..height)
            .map(|r| {
                (0..width)
                    .map(|c| {
                        let v = range.get((r, c)).map(cell_text).unwrap_or_default();
                        Cell::new(v)
                    })
                    .collect()
            })
            .collect();
        for m in merges.unwrap_or_default() {
            spread(&mut grid, m.start, m.end, (r0, c0));
        }
        out.extend(grid_blocks(grid, r0 as usize + 1));
    }
    Ok(out)
}

/// Copies the top-left text of a merged region into every cell it covers.
fn spread(grid: &mut [Vec<Cell>], start: (u32, u32), end: (u32, u32), origin: (u32, u32)) {
    let (Some(r1), Some(c1)) = (start.0.checked_sub(origin.0), start.1.checked_sub(origin.1))
    else {
        return;
    };
    let (r1, c1) = (r1 as usize, c1 as usize);
    let Some(text) = grid.get(r1).and_then(|r| r.get(c1)).map(|c| c.text.clone()) else {
        return;
    };
    let r2 = end.0.saturating_sub(origin.0) as usize;
    let c2 = end.1.saturating_sub(origin.1) as usize;
    for (r, row) in grid.iter_mut().enumerate().take(r2 + 1).skip(r1) {
        for (c, cell) in row.iter_mut().enumerate().take(c2 + 1).skip(c1) {
            if (r, c) != (r1, c1) {
                *cell = Cell::copy(text.clone());
            }
        }
    }
}

/// A grid as blocks: rows of one text above the table (a title spread over
/// the sheet) become paragraphs; the rest a table.
/// `first_line` is the 1-based row number of the grid's first row.
fn grid_blocks(grid: Vec<Vec<Cell>>, first_line: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let flush = |rows: &mut Vec<Row>, out: &mut Vec<Block>| {
        if !rows.is_empty() {
            out.push(Block {
                line: rows[0].line,
                col: 1,
                kind: BlockKind::Table(Table {
                    rows: std::mem::take(rows),
                }),
            });
        }
    };
    for (i, cells) in grid.into_iter().enumerate() {
        let line = first_line + i;
        let own: Vec<&Cell> = cells
            .iter()
            .filter(|c| !c.copy && !c.text.is_empty())
            .collect();
        if own.is_empty() {
            continue;
        }
        if own.len() == 1 && rows.is_empty() {
            // A title or note above the table; inside it, a row of one text
            // is a group row and stays in the table.
            out.push(Block::para(line, own[0].text.clone()));
            continue;
        }
        rows.push(Row { line, cells });
    }
    flush(&mut rows, &mut out);
    out
}

/// Reads a CSV table (comma, semicolon or tab separated; the separator is
/// the one that gives the header row most cells). Never panics.
pub(super) fn read_csv(text: &str) -> Result<Vec<Block>, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let head = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // On a tie the comma wins (max_by_key keeps the last maximum).
    let sep = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|&s| head.bytes().filter(|&b| b == s).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut lines = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        if n == MAX_ROWS {
            return Err(too_long("the CSV file", n + 1));
        }
        let rec = rec.map_err(|e| ImportError::Unreadable {
            format: "CSV table",
            why: e.to_string(),
        })?;
        lines.push(rec.position().map_or(0, |p| p.line() as usize));
        grid.push(
            rec.iter()
                .take(MAX_COLS)
                .map(|c| Cell::new(c.trim()))
                .collect::<Vec<_>>(),
        );
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut grid {
        row.resize(width, Cell::default());
    }
    let mut blocks = grid_blocks(grid, 1);
    // Rows of a CSV file are its lines (a quoted cell may span several).
    for b in &mut blocks {
        if let BlockKind::Table(t) = &mut b.kind {
            for r in &mut t.rows {
                r.line = lines.get(r.line - 1).copied().unwrap_or(r.line);
            }
            b.line = t.rows.first().map_or(b.line, |r| r.line);
        } else {
            b.line = lines.get(b.line - 1).copied().unwrap_or(b.line);
        }
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45_657.0).as_deref(), Some("2024年12月31日"));
        assert_eq!(excel_date(1.0).as_deref(), Some("1899年12月31日"));
        assert_eq!(excel_date(-3.0), None);
    }

    #[test]
    fn csv_rows_titles_and_multiline_cells() {
        let b = read_csv(
            "某市重点任务分工表,,\n序号,重点任务,牵头单位\n1,\"建设学校\n新建5所\",市教育局\n",
        )
        .unwrap();
        assert_eq!(b[0], Block::para(1, "某市重点任务分工表"));
        let BlockKind::Table(t) = &b[1].kind else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows[0].texts(), ["序号", "重点任务", "牵头单位"]);
        assert_eq!(t.rows[1].texts(), ["1", "建设学校\n新建5所", "市教育局"]);
        assert_eq!((t.rows[0].line, t.rows[1].line), (2, 3));
    }

    #[test]
    fn merged_regions_are_spread() {
        let mut g: Vec<Vec<Cell>> = (0..3)
            .map(|r| {
                (0..2)
                    .map(|c| Cell::new(if c == 0 && r == 0 { "甲" } else { "" }))
                    .collect()
            })
            .collect();
        spread(&mut g, (0, 0), (2, 0), (0, 0));
        assert_eq!(g[2][0], Cell::copy("甲"));
        assert_eq!(g[0][0], Cell::new("甲"));
    }
}
