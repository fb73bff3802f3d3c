//! Choosing the reader by content, not by extension, and running it: every
//! reader turns a file's bytes into [`Block`]s.

use super::blocks::{self, Block};
use super::{decode, docx, html, pdf, ImportError};

/// The formats `sitegen import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Text,
    Html,
    Csv,
    Xlsx,
    Docx,
    Pdf,
}

impl Format {
    pub(super) fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "web page",
            Format::Csv => "CSV table",
            Format::Xlsx => "spreadsheet",
            Format::Docx => "Word document",
            Format::Pdf => "PDF",
        }
    }
}

/// The names of the members of a ZIP archive, or `None` if it is not one.
fn zip_members(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    Some(archive.file_names().map(str::to_string).collect())
}

/// The format of a file's bytes. Binary formats are told by their magic
/// number and (for Office files) their members; text by its content, with
/// the extension only deciding between CSV and plain text.
pub(super) fn format_of(bytes: &[u8], name: &str) -> Format {
    if bytes.starts_with(b"%PDF") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if let Some(members) = zip_members(bytes) {
            // Any `word/` member: a Word file missing its document part is
            // still reported as a damaged Word file, not as an archive.
            if members.iter().any(|m| m.starts_with("word/")) {
                return Format::Docx;
            }
            if members.iter().any(|m| m == "xl/workbook.xml") {
                return Format::Xlsx;
            }
        }
        return Format::Text; // refused as binary by `decode`
    }
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() == Some("csv") {
        return Format::Csv;
    }
    Format::Text
}

/// A document read into blocks, with the text the blocks came from (for
/// script detection and error positions).
pub(super) struct Read {
    pub format: Format,
    pub blocks: Vec<Block>,
    /// The decoded source, for formats read from text (its lines are the
    /// lines the report cites).
    pub source: Option<String>,
    /// Lines of a UTF-8 source that were in another encoding.
    pub repaired: Vec<decode::Repaired>,
}

/// Reads a file's bytes into blocks. Never panics.
pub(super) fn read(bytes: &[u8], name: &str) -> Result<Read, ImportError> {
    let format = format_of(bytes, name);
    let blocks = match format {
        Format::Xlsx => super::sheet::read_xlsx(bytes)?,
        Format::Docx => docx::read(bytes)?,
        Format::Pdf => pdf::read(bytes)?,
        Format::Csv => {
            let decoded = decode::decode(bytes)?;
            return Ok(Read {
                format,
                blocks: super::sheet::read_csv(&decoded.text)?,
                source: Some(decoded.text),
                repaired: decoded.repaired,
            });
        }
        Format::Text | Format::Html => {
            let decoded = decode::decode(bytes)?;
            return Ok(Read {
                repaired: decoded.repaired,
                ..read_text(&decoded.text)
            });
        }
    };
    Ok(Read {
        format,
        blocks,
        source: None,
        repaired: Vec::new(),
    })
}

/// Text that is a CSV table whatever its name (`分工表.txt` exported from a
/// spreadsheet): the first lines split into the same number (two or more)
/// of `,` or `;` fields, and the table read from them has a task or
/// indicator header.
fn csv_table(text: &str) -> Option<Vec<Block>> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    if first.ends_with('。') {
        return None;
    }
    // Field counts of the first records, quotes respected: a quoted cell
    // may hold separators and line breaks.
    let even = |sep: u8| {
        let counts: Vec<usize> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sep)
            .from_reader(text.as_bytes())
            .records()
            .take(8)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        counts.len() >= 2
            && counts[0] >= 3
            && counts.iter().filter(|&&n| n == counts[0]).count() * 2 > counts.len()
    };
    if !(even(b',') || even(b';')) {
        return None;
    }
    let blocks = super::sheet::read_csv(text).ok()?;
    blocks
        .iter()
        .any(super::table::is_read_block)
        .then_some(blocks)
}

/// Reads decoded text: a saved web page as HTML, a CSV table as a table,
/// anything else as plain text.
pub(super) fn read_text(text: &str) -> Read {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(blocks) = csv_table(text) {
        return Read {
            format: Format::Csv,
            blocks,
            source: Some(text.to_string()),
            repaired: Vec::new(),
        };
    }
    if html::looks_like_html(text) {
        Read {
            format: Format::Html,
            blocks: html::to_blocks(text),
            source: Some(text.to_string()),
            repaired: Vec::new(),
        }
    } else {
        Read {
            format: Format::Text,
            blocks: blocks::from_text(text),
            source: Some(text.to_string()),
            repaired: Vec::new(),
        }
    }
}
