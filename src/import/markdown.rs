//! Plain source text -> Markdown that renders to the same text.

/// Escapes what Markdown would interpret: emphasis, code, links, HTML,
/// entities, and block markers at the start of a line (`#`, `>`, `-`, `1.`).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_line(line, &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    let lead_ws = line.len() - line.trim_start_matches([' ', '\t']).len();
    let body = &line[lead_ws..];
    // Four spaces would start a code block: drop leading ASCII indentation.
    let chars = body.char_indices();
    // An ordered-list marker: digits then `.` or `)`.
    let digits = body.chars().take_while(|c| c.is_ascii_digit()).count();
    let list_marker = digits > 0 && digits <= 9 && body[digits..].starts_with(['.', ')']);
    let mut first = true;
    for (i, c) in chars {
        if first && matches!(c, '#' | '>' | '-' | '+' | '=' | '|') {
            out.push('\\');
        }
        if list_marker && i == digits {
            out.push('\\');
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!'
        ) && !(first && matches!(c, '>' | '|'))
        {
            out.push('\\');
        }
        out.push(c);
        first = false;
    }
}

/// Paragraphs as Markdown: each escaped, separated by a blank line.
pub(super) fn paragraphs<S: AsRef<str>>(paras: &[S]) -> String {
    paras
        .iter()
        .map(|p| escape(p.as_ref().trim()))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    /// Renders Markdown and returns its text content.
    fn rendered_text(md: &str) -> String {
        let mut s = String::new();
        for ev in Parser::new(md) {
            match ev {
                Event::Text(t) | Event::Code(t) => s.push_str(&t),
                Event::SoftBreak | Event::HardBreak => s.push('\n'),
                Event::Html(t) | Event::InlineHtml(t) => s.push_str(&format!("<HTML:{t}>")),
                _ => {}
            }
        }
        s
    }

    #[test]
    fn escaped_text_renders_verbatim() {
        for src in [
            "到202*年,建成*10*所",
            "a_b_c __x__",
            "<b>粗体</b> &amp; [链接](x)",
            "# 不是标题",
            "1. 不是列表",
            "12) 也不是",
            "- 不是列表",
            "> 不是引用",
            "`代码` ~删除~ \\反斜杠",
            "![图](x)",
            "1.5亿元",
        ] {
            assert_eq!(rendered_text(&escape(src)), src, "{src}");
        }
    }

    #[test]
    fn paragraphs_are_blank_line_separated() {
        assert_eq!(paragraphs(&["甲", " ", "乙"]), "甲\n\n乙");
    }
}
