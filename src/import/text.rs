//! The shared vocabulary of the text stages: a source line, and the
//! folded *shadow* of a text that patterns are matched against while the
//! output keeps the document's own characters.
//!
//! A leaf: cleaning, page joining, splitting, heading recognition and the
//! chapter tree all read lines, so the line type lives below all of them
//! rather than in any one stage (it used to be in `clean`, which made
//! `clean` and the stages it calls depend on each other).

/// Test lines numbered from 1, none of them noise.
#[cfg(test)]
pub(super) fn lines_of(texts: &[&str]) -> Vec<Line> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.to_string(),
            noise: false,
        })
        .collect()
}

/// One non-empty source line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    /// 1-based line number in the source.
    pub no: usize,
    pub text: String,
    /// Navigation, footer or metadata field line: not part of the plan text.
    pub noise: bool,
}

/// Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space fold
/// to ASCII and traditional characters to simplified ones, one char for one
/// char, so positions in chars are preserved: patterns written in simplified
/// script and ASCII punctuation match any document (the *shadow* of a line),
/// while [`Folded::orig`] gives back the original text.
pub(super) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        _ => super::script::simp_char(c),
    }
}

pub(super) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A folded copy of a text that can map byte ranges of the folded copy back
/// to the original text (fold is one char for one char).
pub(super) struct Folded {
    pub f: String,
    orig: Vec<char>,
    starts: Vec<usize>,
}

impl Folded {
    pub(super) fn new(s: &str) -> Folded {
        let orig: Vec<char> = s.chars().collect();
        let mut f = String::with_capacity(s.len());
        let mut starts = Vec::with_capacity(orig.len());
        for &c in &orig {
            starts.push(f.len());
            f.push(fold_char(c));
        }
        Folded { f, orig, starts }
    }

    /// Char index of a byte offset of the folded text.
    pub(super) fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&x| x < byte)
    }

    /// The original text of the folded byte range `start..end`.
    pub(super) fn orig(&self, start: usize, end: usize) -> String {
        let (a, b) = (self.char_at(start), self.char_at(end));
        self.orig[a.min(b)..b].iter().collect()
    }
}

/// A reader's text without the control characters a document can smuggle
/// into titles, bodies, department names and file names: ESC sequences that
/// set a terminal's title or clear it, BEL, DEL, C1 controls, and the bidi
/// embeddings, overrides and isolates that reorder what a reviewer sees.
/// The ones that mean a gap (vertical tab, form feed, NEL) become a space;
/// tab, newline and carriage return stay, because the text stages read
/// them as whitespace and line ends; NUL stays for the binary check.
pub(super) fn strip_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let stripped = |c: char| {
        matches!(c,
            '\u{1}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.contains(stripped) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A whole escape sequence goes, not only its ESC: `ESC]0;x BEL`
            // left `]0;x` in a title and in the plan's file name.
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(&n) if (' '..='~').contains(&n) => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\u{b}' | '\u{c}' | '\u{85}' => out.push(' '),
            c if stripped(c) => {}
            c => out.push(c),
        }
    }
    out.into()
}

/// A control sequence's parameters, intermediates and final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| ('0'..='?').contains(c)).is_some() {}
    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
    chars.next_if(|c| ('@'..='~').contains(c));
}

/// An OSC/DCS string up to its terminator (BEL, ESC \\, ST), never past
/// the end of the line: an unterminated one must not eat the document.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\n' | '\r' => return,
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

/// Trims also the BOM and zero-width spaces that scraped pages and
/// converters leave at line ends, which `str::trim` keeps.
pub(super) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{3000}' | '\u{A0}' | '\u{FEFF}' | '\u{200B}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_stripped() {
        assert_eq!(
            strip_controls("市\u{1b}]0;x\u{7}局\u{c}甲\u{202e}乙\u{9b}\t丙\r\n丁\0"),
            "市局 甲乙\t丙\r\n丁\0"
        );
        // Whole sequences go: CSI with parameters, OSC to BEL or ST, a
        // two-character escape; an unterminated OSC ends at the line end.
        assert_eq!(
            strip_controls("\u{1b}[2J\u{1b}[1;31m红\u{1b}[0m\u{1b}c字\u{1b}]2;t\u{1b}\\了"),
            "红字了"
        );
        assert_eq!(strip_controls("甲\u{1b}]0;title\n下一行"), "甲\n下一行");
        assert!(matches!(
            strip_controls("一、总体要求\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn folded_maps_back() {
        let f = Folded::new("\u{FF08}一\u{FF09}x");
        assert_eq!(f.f, "(一)x");
        let i = f.f.find('x').unwrap();
        assert_eq!(f.orig(0, i), "\u{FF08}一\u{FF09}");
    }
}
