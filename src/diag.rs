//! Diagnostics: `file:line:col: level: message`, collected rather than
//! thrown, so one run reports every problem it can find. The one error type
//! of the library: every stage, the importer and the preview server report
//! through it, and only the binary prints it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file: 1-based line and column (in characters);
/// `0` when unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
}

impl Pos {
    /// True when the position points somewhere.
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// How bad a finding is: an error fails the command, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Worth a look; the command still succeeds.
    Warning,
    /// The command fails.
    Error,
}

/// One finding, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// The file concerned, relative to the site root where there is one;
    /// empty for a problem that concerns no file (a port already in use).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What the user can do about it.
    pub help: Option<String>,
    /// The offending source line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// An error about `file`.
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// A warning about `file`.
    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error that concerns no file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic::error(Path::new(""), message)
    }

    /// An I/O failure on `file`: `cannot {doing} {file}: {error}`.
    pub fn io(file: &Path, doing: &str, e: &std::io::Error) -> Self {
        Diagnostic::error(file, format!("cannot {doing}: {e}"))
    }

    /// Points the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Points the diagnostic at `pos` (a no-op when it is unknown).
    pub fn at_pos(self, pos: Pos) -> Self {
        if pos.is_known() {
            self.at(pos.line as usize, pos.column as usize)
        } else {
            self
        }
    }

    /// Adds what the user can do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the source line the position points into.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.snippet = source.lines().nth(self.line - 1).map(str::to_string);
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        if !self.file.as_os_str().is_empty() {
            let file = self.file.display().to_string();
            write!(f, "{}", escape_line(&file))?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column.max(1))?;
            }
            f.write_str(": ")?;
        }
        write!(f, "{level}: {}", escape_text(&self.message))?;
        if let Some(full) = &self.snippet {
            let (snippet, column) = window(full, self.column);
            let snippet = snippet.as_str();
            let gutter = self.line.to_string();
            write!(f, "\n {gutter} | {}", escape_line(snippet))?;
            if column > 0 {
                // The caret goes under the character as printed: a tab
                // stays a tab, an escaped character takes its escape's
                // width, a CJK character two cells.
                let pad: String = snippet
                    .chars()
                    .take(column - 1)
                    .map(|c| match escape_char(c) {
                        Some(e) => " ".repeat(e.len()),
                        None if c == '\t' => "\t".to_string(),
                        None if c.is_ascii() => " ".to_string(),
                        None => "  ".to_string(),
                    })
                    .collect();
                write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", escape_text(help))?;
        }
        Ok(())
    }
}

/// At most [`WINDOW`] characters of a long source line around `column`,
/// cut ends shown as `...`, and the column within what is shown: a 100 KB
/// line (a run of `[`, a web page on one line) would flood the terminal.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(WINDOW / 3);
    let end = (start + WINDOW).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push_str("...");
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str("...");
    }
    let column = match column {
        0 => 0,
        c => c - start + if start > 0 { 3 } else { 0 },
    };
    (shown, column)
}

const WINDOW: usize = 120;

/// How a character that could drive a terminal is printed, as a visible
/// escape (`\u{1b}`); None for one printed as it is. Content (a title, a
/// slug, a file name) must not set the terminal's title, clear the screen
/// or reorder what is shown: C0 controls but tab and newline, DEL, C1, and
/// the bidi embeddings, overrides and isolates.
fn escape_char(c: char) -> Option<String> {
    let drives_terminal = matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    drives_terminal.then(|| c.escape_unicode().to_string())
}

fn escape_with(s: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| !keep(c) || escape_char(c).is_some()) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match escape_char(c) {
            Some(e) => out.push_str(&e),
            None if keep(c) => out.push(c),
            None => out.extend(c.escape_unicode()),
        }
    }
    out.into()
}

/// Text for a terminal, several lines allowed: every character that could
/// drive the terminal shown as an escape, newlines and tabs kept. Everything
/// the binary prints goes through this or [`Diagnostic`]'s `Display`.
pub fn escape_text(s: &str) -> std::borrow::Cow<'_, str> {
    escape_with(s, |_| true)
}

/// JSON for a terminal: the characters [`escape_text`] escapes, written
/// as JSON escapes (`\u202e`), which leave the document's meaning as it
/// was (JSON serialisers escape C0 controls already, not DEL, C1 or bidi
/// controls).
pub fn escape_json(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(|c| escape_char(c).is_some()) {
        return json.into();
    }
    json.chars()
        .map(|c| match escape_char(c) {
            Some(_) => format!("\\u{:04x}", c as u32),
            None => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// One line for a terminal (a file name, a source line): as
/// [`escape_text`], and a newline or carriage return escaped too.
pub fn escape_line(s: &str) -> std::borrow::Cow<'_, str> {
    escape_with(s, |c| c != '\n')
}

impl std::error::Error for Diagnostic {}

/// A failed stage: every diagnostic it produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// How many of them are errors.
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.level == Level::Error).count()
    }

    /// True when any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.level == Level::Error)
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.errors();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("sections: {}x{}", "[".repeat(5000), "]".repeat(5000));
        let d = Diagnostic::error(Path::new("p.yaml"), "bad")
            .at(1, 5011)
            .with_source(&line);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].len() < 140, "{}", lines[1]);
        assert!(
            lines[1].starts_with(" 1 | ...[[[") && lines[1].ends_with("]]]..."),
            "{shown}"
        );
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[1][caret..caret + 1], "x", "{shown}");
    }

    #[test]
    fn control_characters_print_as_escapes() {
        let d = Diagnostic::error(
            Path::new("a\u{1b}[2J.yaml"),
            "slug `\u{1b}]0;x\u{7}` is bad",
        )
        .at(1, 9)
        .with_source("slug: \u{1b}\u{202e}x\tq")
        .help("not \u{9b}this\u{7f}");
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| escape_char(c).is_some()),
            "{shown:?}"
        );
        assert_eq!(
            shown,
            "a\\u{1b}[2J.yaml:1:9: error: slug `\\u{1b}]0;x\\u{7}` is bad\n \
             1 | slug: \\u{1b}\\u{202e}x\tq\n   \
             |                     ^\n  = help: not \\u{9b}this\\u{7f}"
        );
    }

    #[test]
    fn the_caret_stays_under_its_character() {
        let d = Diagnostic::error(Path::new("a.yaml"), "m")
            .at(1, 4)
            .with_source("\u{7}\t一x");
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        // `\u{7}` takes 5 cells, the tab is kept, 一 takes two cells.
        assert_eq!(lines[1], " 1 | \\u{7}\t一x");
        assert_eq!(lines[2], "   |      \t  ^");
    }

    #[test]
    fn newlines_are_kept_in_text_and_escaped_in_a_line() {
        assert_eq!(escape_text("a\nb\r\u{2066}"), "a\nb\\u{d}\\u{2066}");
        assert_eq!(escape_line("a\nb"), "a\\u{a}b");
        assert!(matches!(
            escape_text("市教育局"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            escape_json("[\"a\u{202e}\u{7f}\"]"),
            "[\"a\\u202e\\u007f\"]"
        );
    }
}
