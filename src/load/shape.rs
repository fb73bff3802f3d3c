//! Bounds on a YAML text's shape, checked in one streaming pass before the
//! text is parsed for real: characters YAML forbids, nesting depth, the size
//! that aliases expand to, and a single document.
//!
//! The YAML reader `yaml_serde` reads all of a file's events before it
//! applies its own limits, and its scanner is quadratic in flow nesting:
//! `sections: ` followed by 100,000 `[` took 15 to 60 s, an 8 MiB file
//! about a day. Its alias limit counts events, not bytes: 300 aliases of a
//! 1 MB string built a 309 MB page. This pass uses the pull parser
//! `saphyr-parser` (already used for positions) and stops at the first
//! event past a bound, so the work it does is linear in the file and a
//! refused file costs no more than the part of it read.

use saphyr_parser::{Event, Parser, Span};

use crate::diag::Diagnostic;

/// Collections nested deeper than this are refused. A plan is a mapping of
/// sections, each a mapping holding its subsections: 64 levels leave room
/// for 31 levels of sections, where real plans use three or four.
pub(crate) const MAX_DEPTH: usize = 64;

/// Aliases may expand a file to this many times its size (and always to
/// 1 MiB): a register of names reused by a hundred tasks stays far below,
/// a billion-laughs file stops at the first alias past it.
const EXPANSION_FACTOR: u64 = 8;
const EXPANSION_FLOOR: u64 = 1 << 20;

/// Checks `text` (the file `shown`) against the bounds above; the first
/// breach is an error at its line and column.
pub(crate) fn check(text: &str, shown: &std::path::Path) -> Result<(), Diagnostic> {
    let located = |index: usize, message: String, help: &str| {
        let (line, col) = char_line_col(text, index);
        Diagnostic::error(shown, message)
            .at(line, col)
            .with_source(text)
            .help(help)
    };
    if let Some((index, c)) = forbidden_char(text) {
        return Err(located(
            index,
            format!("character {} is not allowed in YAML", escaped(c)),
            "delete it: it is invisible in most editors (text copied from a PDF or a web page often carries one)",
        ));
    }
    match walk(text) {
        Ok(()) => Ok(()),
        Err(Breach::Depth(index)) => Err(located(
            index,
            format!("the YAML nests more than {MAX_DEPTH} levels deep"),
            "a plan's sections nest a few levels; write deeper levels as sections of their own (a long run of `[` or `{` is refused before reading, as YAML readers slow down on it)",
        )),
        Err(Breach::Expansion { index, size, limit }) => Err(located(
            index,
            format!(
                "YAML aliases (*name) expand this file to more than {limit} characters (at least {size} here)"
            ),
            "a plan needs few aliases: write the content out, or reuse small values only",
        )),
        Err(Breach::SecondDocument(index)) => Err(located(
            index,
            "a second YAML document starts here; a plan file holds one plan".into(),
            "delete the `---` line, or move the second plan into a file of its own",
        )),
    }
}

enum Breach {
    Depth(usize),
    Expansion { index: usize, size: u64, limit: u64 },
    SecondDocument(usize),
}

/// One pass over the events. Sizes are counted in characters, the unit of
/// the parser's offsets.
fn walk(text: &str) -> Result<(), Breach> {
    let chars = text.chars().count() as u64;
    let limit = (chars.saturating_mul(EXPANSION_FACTOR)).max(EXPANSION_FLOOR);
    // Per open collection: its anchor, where it starts, the expansion
    // counted when it started.
    let mut open: Vec<(usize, usize, u64)> = Vec::new();
    // Expanded size of each anchored node, by anchor id.
    let mut anchored: std::collections::HashMap<usize, u64> = Default::default();
    // Characters that aliases add beyond the text itself.
    let mut extra: u64 = 0;
    let mut documents = 0;
    for next in Parser::new_from_str(text) {
        let Ok((event, span)) = next else {
            // The real parse reports the error, with its own wording; a
            // text this parser rejects is still bounded lexically, since the
            // two parsers do not agree on every edge of YAML.
            return lexical_depth(text);
        };
        let Span { start, end } = span;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Breach::SecondDocument(start.index()));
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(Breach::Depth(start.index()));
                }
                open.push((anchor, start.index(), extra));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, from, extra_then)) = open.pop() {
                    if anchor > 0 {
                        let own = end.index().saturating_sub(from) as u64;
                        anchored.insert(anchor, own + (extra - extra_then));
                    }
                }
            }
            Event::Scalar(_, _, anchor, _) if anchor > 0 => {
                anchored.insert(anchor, end.index().saturating_sub(start.index()) as u64);
            }
            Event::Alias(id) => {
                extra = extra.saturating_add(anchored.get(&id).copied().unwrap_or(0));
                let size = chars.saturating_add(extra);
                if size > limit {
                    return Err(Breach::Expansion {
                        index: start.index(),
                        size,
                        limit,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The flow nesting depth read from brackets alone, skipping quoted text
/// and comments: the bound for a text the event parser gave up on.
fn lexical_depth(text: &str) -> Result<(), Breach> {
    let mut depth = 0usize;
    let mut prev = '\n';
    let mut chars = text.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if prev.is_whitespace() => {
                chars.by_ref().find(|&(_, c)| c == '\n');
                prev = '\n';
                continue;
            }
            '"' if matches!(prev, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':') => {
                let mut escape = false;
                for (_, c) in chars.by_ref() {
                    match c {
                        _ if escape => escape = false,
                        '\\' => escape = true,
                        '"' => break,
                        _ => {}
                    }
                }
            }
            // `''` inside single quotes reads as a close and a reopen.
            '\'' if matches!(prev, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':' | '\'') => {
                chars.by_ref().find(|&(_, c)| c == '\'');
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Breach::Depth(i));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// The first character YAML 1.2 does not allow in a stream (C0 controls
/// other than tab and line ends, DEL, C1 controls other than NEL,
/// noncharacters U+FFFE and U+FFFF), with its character offset. The YAML
/// reader refuses them too but always at line 1, column 1.
fn forbidden_char(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|&(_, c)| {
        matches!(c,
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'
            | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
    })
}

fn escaped(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Line and column (1-based, counting `\n` only) of a character offset.
fn char_line_col(text: &str, index: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    for c in text.chars().take(index) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn refused(text: &str) -> Diagnostic {
        check(text, Path::new("p.yaml")).expect_err("refused")
    }

    #[test]
    fn ordinary_plans_pass() {
        let plan = "title: T\nlead: &edu [市教育局]\nsections:\n  - title: S\n    tasks:\n      - {number: '1', title: x, lead: *edu}\n      - {number: '2', title: y, lead: *edu}\n";
        assert!(check(plan, Path::new("p.yaml")).is_ok());
    }

    #[test]
    fn deep_flow_nesting_is_refused_where_it_passes_the_bound() {
        let d = refused(&format!("title: x\nsections: {}\n", "[".repeat(100_000)));
        assert_eq!((d.line, d.column), (2, 11 + MAX_DEPTH), "{d}");
        assert!(d.message.contains("64 levels"), "{d}");
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut y = String::from("title: x\nsections:\n");
        let mut indent = String::new();
        for i in 0..40 {
            y.push_str(&format!("{indent}- title: s{i}\n{indent}  sections:\n"));
            indent.push_str("    ");
        }
        let d = refused(&y);
        assert!(d.message.contains("nests more than"), "{d}");
        assert!(!d.help.as_deref().unwrap_or("").contains("alias"), "{d}");
    }

    #[test]
    fn unparsable_deep_flow_is_bounded_lexically() {
        // `]` at the start makes the event parser give up at once.
        let d = refused(&format!("title: ]\nsections: {}\n", "{".repeat(1000)));
        assert_eq!(d.line, 2, "{d}");
    }

    #[test]
    fn aliases_are_bounded_by_what_they_expand_to() {
        let big = "x".repeat(200_000);
        let refs = vec!["*s"; 60].join(", ");
        let d = refused(&format!("title: &s {big}\nbasis: [{refs}]\nsections: []\n"));
        assert!(d.message.contains("expand this file"), "{d}");
        assert_eq!(d.line, 2, "{d}");
        // Through nested anchors too: each level doubles.
        let mut y = String::from("a0: &a0 [xxxxxxxxxxxxxxxx]\n");
        for i in 1..40 {
            y.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
        }
        let d = refused(&y);
        assert!(d.message.contains("expand this file"), "{d}");
    }

    #[test]
    fn control_characters_are_located() {
        let d = refused("title: 计划\nintro: a\u{1}b\n");
        assert_eq!((d.line, d.column), (2, 9), "{d}");
        assert!(d.message.contains("U+0001"), "{d}");
    }

    #[test]
    fn a_second_document_is_located() {
        let d = refused("title: a\nsections: []\n---\ntitle: b\n");
        assert_eq!(d.line, 3, "{d}");
    }
}
