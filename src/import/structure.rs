//! Numbering levels and the chapter tree: 一、 / (一) / 1. / (1) / ①,
//! half- or full-width. Which style is which depth is decided by the order
//! in which styles first appear, like a reader would.

use std::sync::LazyLock;

use regex::Regex;

use super::clean::{Folded, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 第一章 / 第一部分
    Part,
    /// 一、
    Cn,
    /// (一)
    ParenCn,
    /// 1. / 1、
    Arabic,
    /// (1)
    ParenArabic,
    /// ①
    Circled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub style: Style,
    /// As printed, normalised to ASCII parentheses and digits: 二, (一), 1, (1), ①.
    pub number: String,
    /// The line after the number.
    pub rest: String,
}

const CN: &str = "[一二三四五六七八九十百零〇]+";

static PATTERNS: LazyLock<Vec<(Style, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Style::Part,
            Regex::new(&format!(r"^第({CN})(?:章|部分|篇)\s*")).unwrap(),
        ),
        (
            Style::Cn,
            Regex::new(&format!(r"^({CN})\s*[、.]\s*")).unwrap(),
        ),
        (
            Style::ParenCn,
            Regex::new(&format!(r"^\(\s*({CN})\s*\)\s*[、.]?\s*")).unwrap(),
        ),
        (
            Style::ParenArabic,
            Regex::new(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*").unwrap(),
        ),
        // `1.` followed by text that does not continue a decimal number (`1.5亿`).
        (
            Style::Arabic,
            Regex::new(r"^(\d{1,3})\s*(?:[、]\s*|\.(?:\s+|$|[^\d\s]))").unwrap(),
        ),
        (Style::Circled, Regex::new(r"^([①-⑳])\s*").unwrap()),
    ]
});

/// Recognises a numbered heading line.
pub fn parse_heading(line: &str) -> Option<Heading> {
    let fl = Folded::new(line);
    for (style, re) in PATTERNS.iter() {
        let Some(c) = re.captures(&fl.f) else {
            continue;
        };
        let num = c.get(1)?.as_str();
        let whole = c.get(0)?;
        // The Arabic pattern may have consumed the first char of the text.
        let end = if *style == Style::Arabic {
            let m = whole.as_str();
            let body_start = m
                .char_indices()
                .find(|&(i, ch)| i > num.len() && !matches!(ch, '.' | '、' | ' ' | '\t'))
                .map(|(i, _)| i)
                .unwrap_or(m.len());
            whole.start() + body_start
        } else {
            whole.end()
        };
        let rest = fl.orig(end, fl.f.len());
        let rest = rest.trim().to_string();
        if *style == Style::Cn && rest.is_empty() {
            return None;
        }
        let number = match style {
            Style::Part => format!("第{num}"),
            Style::ParenCn | Style::ParenArabic => format!("({num})"),
            _ => num.to_string(),
        };
        return Some(Heading {
            style: *style,
            number,
            rest,
        });
    }
    None
}

/// Splits `标题。正文` into the heading sentence (without the final 。) and the
/// rest. A line without 。 is all title.
pub fn split_title(text: &str) -> (String, String) {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '\u{FF08}' | '“' | '《' | '〔' | '【' => depth += 1,
            ')' | '\u{FF09}' | '”' | '》' | '〕' | '】' => depth -= 1,
            '。' | '\u{FF01}' | '\u{FF1F}' if depth <= 0 => {
                let title = text[..i].trim();
                let rest = text[i + c.len_utf8()..].trim();
                return (strip_colon(title), rest.to_string());
            }
            _ => {}
        }
    }
    (strip_colon(text.trim()), String::new())
}

fn strip_colon(s: &str) -> String {
    s.trim_end_matches([':', '\u{FF1A}', '。'])
        .trim()
        .to_string()
}

#[derive(Debug, Clone, Default)]
pub struct Node {
    pub style: Option<Style>,
    pub number: String,
    pub line: usize,
    /// The heading line as printed.
    pub raw: String,
    pub title: String,
    /// Text after the title sentence on the heading line.
    pub lead: String,
    /// Following paragraphs (line number, text) up to the next heading.
    pub paras: Vec<(usize, String)>,
    pub children: Vec<Node>,
}

impl Node {
    /// The node's own text: rest of the heading line and its paragraphs.
    pub fn own_paras(&self) -> Vec<(usize, String)> {
        let mut v = Vec::new();
        if !self.lead.is_empty() {
            v.push((self.line, self.lead.clone()));
        }
        v.extend(self.paras.iter().cloned());
        v
    }

    /// Everything below the title, descendants included as printed.
    pub fn all_paras(&self) -> Vec<(usize, String)> {
        let mut v = self.own_paras();
        for c in &self.children {
            v.push((c.line, c.raw.clone()));
            v.extend(c.paras.iter().cloned());
            for g in &c.children {
                v.extend(g.flatten());
            }
        }
        v
    }

    fn flatten(&self) -> Vec<(usize, String)> {
        let mut v = vec![(self.line, self.raw.clone())];
        v.extend(self.paras.iter().cloned());
        for c in &self.children {
            v.extend(c.flatten());
        }
        v
    }
}

/// Preamble paragraphs and the top-level nodes.
pub fn build(lines: &[Line]) -> (Vec<(usize, String)>, Vec<Node>) {
    let mut preamble = Vec::new();
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    fn close(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
        if let Some(n) = stack.pop() {
            match stack.last_mut() {
                Some(p) => p.children.push(n),
                None => roots.push(n),
            }
        }
    }
    for line in lines.iter().filter(|l| !l.noise) {
        if let Some(h) = parse_heading(&line.text) {
            if let Some(pos) = stack.iter().position(|n| n.style == Some(h.style)) {
                while stack.len() > pos {
                    close(&mut stack, &mut roots);
                }
            }
            let (title, lead) = split_title(&h.rest);
            stack.push(Node {
                style: Some(h.style),
                number: h.number,
                line: line.no,
                raw: line.text.clone(),
                title,
                lead,
                ..Node::default()
            });
        } else if let Some(top) = stack.last_mut() {
            top.paras.push((line.no, line.text.clone()));
        } else {
            preamble.push((line.no, line.text.clone()));
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    (preamble, roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Option<(Style, String, String)> {
        parse_heading(s).map(|h| (h.style, h.number, h.rest))
    }

    #[test]
    fn numbering_styles() {
        assert_eq!(
            h("二、主要任务"),
            Some((Style::Cn, "二".into(), "主要任务".into()))
        );
        assert_eq!(
            h("(一)指导思想。"),
            Some((Style::ParenCn, "(一)".into(), "指导思想。".into()))
        );
        assert_eq!(
            h("\u{FF08}十二\u{FF09}任务"),
            Some((Style::ParenCn, "(十二)".into(), "任务".into()))
        );
        assert_eq!(
            h("1.增强德育"),
            Some((Style::Arabic, "1".into(), "增强德育".into()))
        );
        assert_eq!(
            h("1. 2023年重点建机制。"),
            Some((Style::Arabic, "1".into(), "2023年重点建机制。".into()))
        );
        assert_eq!(
            h("\u{FF11}\u{FF0E}全角"),
            Some((Style::Arabic, "1".into(), "全角".into()))
        );
        assert_eq!(
            h("12、顿号"),
            Some((Style::Arabic, "12".into(), "顿号".into()))
        );
        assert_eq!(
            h("(3)小项"),
            Some((Style::ParenArabic, "(3)".into(), "小项".into()))
        );
        assert_eq!(h("②圈"), Some((Style::Circled, "②".into(), "圈".into())));
        assert_eq!(
            h("第三章 保障"),
            Some((Style::Part, "第三".into(), "保障".into()))
        );
        assert_eq!(h("1.5亿元用于"), None);
        assert_eq!(h("2023年10月10日"), None);
        assert_eq!(h("一、"), None);
        assert_eq!(h("贵港市"), None);
    }

    #[test]
    fn title_sentence() {
        assert_eq!(
            split_title("增强实效性。坚持。"),
            ("增强实效性".into(), "坚持。".into())
        );
        assert_eq!(
            split_title("全方位推进“平安校园。”创建"),
            ("全方位推进“平安校园。”创建".into(), String::new())
        );
        assert_eq!(split_title("指导思想:"), ("指导思想".into(), String::new()));
    }

    #[test]
    fn tree_follows_first_appearance() {
        let text = "前言。\n一、甲\n(一)乙\n1.丙。丁\n段落\n2.戊\n(二)己\n二、庚\n1.辛";
        let (pre, roots) = build(&super::super::clean::lines(text));
        assert_eq!(pre.len(), 1);
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[0].children[0].children[0].lead, "丁");
        assert_eq!(roots[0].children[0].children[0].paras[0].1, "段落");
        assert_eq!(roots[1].children[0].number, "1");
    }
}
