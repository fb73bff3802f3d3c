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
#[allow(dead_code)] // `format` is read by the report (next step)
pub(super) struct Read {
    pub format: Format,
    pub blocks: Vec<Block>,
}

/// Reads a file's bytes into blocks. Never panics.
pub(super) fn read(bytes: &[u8], name: &str) -> Result<Read, ImportError> {
    let format = format_of(bytes, name);
    let blocks = match format {
        Format::Xlsx => super::sheet::read_xlsx(bytes)?,
        Format::Docx => docx::read(bytes)?,
        Format::Pdf => pdf::read(bytes)?,
        Format::Csv => super::sheet::read_csv(&decode::decode(bytes)?.text)?,
        Format::Text | Format::Html => return Ok(read_text(&decode::decode(bytes)?.text)),
    };
    Ok(Read { format, blocks })
}

/// Reads decoded text: a saved web page as HTML, anything else as plain text.
pub(super) fn read_text(text: &str) -> Read {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if html::looks_like_html(text) {
        Read {
            format: Format::Html,
            blocks: html::to_blocks(text),
        }
    } else {
        Read {
            format: Format::Text,
            blocks: blocks::from_text(text),
        }
    }
}
