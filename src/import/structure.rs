//! The chapter tree from numbered headings ([`super::heading`]). Which
//! numbering style is which depth is decided by the order in which styles
//! first appear, like a reader would.

use std::sync::LazyLock;

use regex::Regex;

use super::heading::{parse_heading, Heading, Style, CN};
use super::text::{Folded, Line};

/// Converter garbage such as `關(guān)`: a Han character followed by its
/// pinyin in brackets. The cleaning stage removes it; structure calls this
/// again so it stays safe on text that did not pass through cleaning.
pub(super) fn detrash(s: &str) -> String {
    super::script::strip_romanisation(s)
}

/// Simplified-script form of a keyword or unit name, for matching.
pub(super) fn simp(s: &str) -> String {
    super::script::to_simplified(s)
}

/// 1..=99 as a Chinese numeral: 8 -> 八, 13 -> 十三, 20 -> 二十.
fn cn_numeral(n: u32) -> Option<String> {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (t, u) = (n / 10, n % 10);
    match (t, u) {
        (0, 0) | (10.., _) => None,
        (0, u) => Some(D[u as usize].to_string()),
        (1, u) => Some(format!("十{}", D[u as usize])),
        (t, u) => Some(format!("{}十{}", D[t as usize], D[u as usize])),
    }
}

/// Item numbers garbled by text extraction (`(A)` where `(八)` was printed):
/// where item `(n)` is followed by item `(n+2)`, one bracket of one or two
/// non-numeral characters inside item `(n)` that closes a sentence or a
/// unit clause and opens a heading sentence is item `(n+1)`. Returns the
/// (line, message) of each repair.
pub(super) fn repair_garbled_items(lines: &mut [Line]) -> Vec<(usize, String)> {
    static GARBLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:[。;)]|负责|牵头|配合)\s*\(([A-Za-z]{1,2}|[^\p{Han}\d\s()]{1,2})\)\s*\p{Han}[^。;()]{1,30}。").unwrap()
    });
    let items: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.noise)
        .filter_map(|(i, l)| {
            let h = parse_heading(&l.text).filter(|h| h.style == Style::ParenCn)?;
            Some((i, heading_value(&h)?))
        })
        .collect();
    let mut out = Vec::new();
    for w in items.windows(2) {
        let ((i, n), (_, m)) = (w[0], w[1]);
        if m != n + 2 {
            continue;
        }
        let fl = Folded::new(&lines[i].text);
        let found: Vec<_> = GARBLED.captures_iter(&fl.f).collect();
        let ([c], Some(num)) = (found.as_slice(), cn_numeral(n + 1)) else {
            continue;
        };
        let Some(g) = c.get(1) else { continue };
        let (open, close) = (g.start() - 1, g.end() + 1);
        let text = format!("{}({num}){}", fl.orig(0, open), fl.orig(close, fl.f.len()));
        out.push((
            lines[i].no,
            format!(
                "`({})` between items ({}) and ({}) read as item ({num})",
                g.as_str(),
                cn_numeral(n).unwrap_or_default(),
                cn_numeral(m).unwrap_or_default()
            ),
        ));
        lines[i].text = text;
    }
    out
}

/// Splits lines where numbered headings run into the text, as in text
/// pasted from a web page that lost its line breaks:
/// `…负责)(二)让企业…` or `具体措施:1.及时总结…`. A run-in number counts
/// only when it continues its style's sequence (or restarts it at 1) and
/// follows a sentence end, a closing bracket or a colon (a chapter-style
/// `(一)` may follow a chapter title directly); so `1.5亿元` and `第(一)项` stay.
pub(super) fn split_run_in(lines: Vec<Line>) -> Vec<Line> {
    static CAND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:^|[。;:)\]])\s*((?:{CN})、|\(\s*(?:{CN})\s*\)|\d{{1,2}}\s*[.、](?:[^\d.]|\d{{4}}\s*年|$))|\(\s*({CN})\s*\)"
        ))
        .unwrap()
    });
    let mut out = Vec::with_capacity(lines.len());
    let mut last: std::collections::HashMap<&'static str, u32> = Default::default();
    static DOTTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})[.\x{FF0E}](\d)").unwrap());
    for mut line in lines {
        // `11.121人才梯队项目` after item 10: a heading, not the decimal 11.121.
        if parse_heading(&line.text).is_none() {
            if let Some(c) = DOTTED.captures(&line.text) {
                let n: u32 = c[1].parse().unwrap_or(0);
                if n > 1 && last.get("ar").is_some_and(|&l| n == l + 1) {
                    let at = c.get(2).map_or(0, |m| m.start());
                    line.text.insert(at, ' ');
                }
            }
        }
        let fl = Folded::new(&line.text);
        if fl.f.chars().count() < 60 || line.noise {
            if let Some(h) = parse_heading(&line.text) {
                note(&mut last, &h);
            }
            out.push(line);
            continue;
        }
        let mut cuts: Vec<usize> = Vec::new();
        if let Some(h) = parse_heading(&line.text) {
            note(&mut last, &h);
        }
        for c in CAND.captures_iter(&fl.f) {
            let Some(m) = c.get(1).or(c.get(2)) else {
                continue;
            };
            // The start of the number itself (for `(一)` include the bracket).
            let start = if c.get(2).is_some() {
                fl.f[..m.start()].rfind('(').unwrap_or(m.start())
            } else {
                m.start()
            };
            if start == 0 || fl.f[..start].ends_with('第') {
                continue;
            }
            let piece = &fl.f[start..];
            let Some(h) = parse_heading(piece) else {
                continue;
            };
            if c.get(2).is_some() && h.style != Style::ParenCn {
                continue;
            }
            if !continues(&last, &h) {
                continue;
            }
            note(&mut last, &h);
            cuts.push(start);
        }
        if cuts.is_empty() {
            out.push(line);
            continue;
        }
        let mut prev = 0;
        for cut in cuts.into_iter().chain(std::iter::once(fl.f.len())) {
            let piece = fl.orig(prev, cut);
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push(Line {
                    no: line.no,
                    text: piece.to_string(),
                    noise: false,
                });
            }
            prev = cut;
        }
    }
    out
}

fn style_key(s: Style) -> &'static str {
    match s {
        Style::Part => "part",
        Style::Article => "art",
        Style::Cn => "cn",
        Style::ParenCn => "pcn",
        Style::Arabic => "ar",
        Style::ParenArabic => "par",
        Style::Circled => "circ",
    }
}

fn heading_value(h: &Heading) -> Option<u32> {
    let n = h
        .number
        .trim_start_matches(['(', '第'])
        .trim_end_matches([')', '条']);
    n.parse()
        .ok()
        .or_else(|| crate::slug::chinese_numeral(n))
        .or_else(|| {
            n.chars()
                .next()
                .filter(|c| ('①'..='⑳').contains(c))
                .map(|c| c as u32 - '①' as u32 + 1)
        })
}

fn continues(last: &std::collections::HashMap<&'static str, u32>, h: &Heading) -> bool {
    let Some(v) = heading_value(h) else {
        return false;
    };
    v == 1 || last.get(style_key(h.style)).is_some_and(|&l| v == l + 1)
}

fn note(last: &mut std::collections::HashMap<&'static str, u32>, h: &Heading) {
    if let Some(v) = heading_value(h) {
        last.insert(style_key(h.style), v);
    }
}

/// Splits `标题。正文` into the heading sentence (without the final 。) and the
/// rest. A line without 。 is all title.
pub(super) fn split_title(text: &str) -> (String, String) {
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
pub(super) struct Node {
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
    pub(super) fn own_paras(&self) -> Vec<(usize, String)> {
        let mut v = Vec::new();
        if !self.lead.is_empty() {
            v.push((self.line, self.lead.clone()));
        }
        v.extend(self.paras.iter().cloned());
        v
    }

    /// Everything below the title, descendants included as printed.
    pub(super) fn all_paras(&self) -> Vec<(usize, String)> {
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
pub(super) fn build(lines: &[Line]) -> (Vec<(usize, String)>, Vec<Node>) {
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
        let text = detrash(&line.text);
        if let Some(h) = parse_heading(&text) {
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
                raw: text.clone(),
                title,
                lead,
                ..Node::default()
            });
        } else if let Some(top) = stack.last_mut() {
            top.paras.push((line.no, text));
        } else {
            preamble.push((line.no, text));
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
    use crate::import::text::lines_of;

    #[test]
    fn garbled_item_number_between_its_neighbours() {
        let line = |t: &str| Line {
            no: 3,
            text: t.to_string(),
            noise: false,
        };
        let mut lines = vec![
            line("（七）完善入学机制。简化流程。市教育局牵头，市财政局负责(A)提高普及水平。全面普及。市教育局负责"),
            line("（九）加强关爱保护。落实责任。"),
        ];
        let r = repair_garbled_items(&mut lines);
        assert_eq!(r.len(), 1);
        assert!(
            lines[0].text.contains("负责(八)提高普及水平。"),
            "{}",
            lines[0].text
        );
        // Consecutive numbers: nothing to repair.
        let mut lines = vec![
            line("（七）完善机制。见附件(A)说明。"),
            line("（八）加强保护。"),
        ];
        assert!(repair_garbled_items(&mut lines).is_empty());
        assert_eq!(cn_numeral(8).as_deref(), Some("八"));
        assert_eq!(cn_numeral(13).as_deref(), Some("十三"));
        assert_eq!(cn_numeral(20).as_deref(), Some("二十"));
        assert_eq!(cn_numeral(24).as_deref(), Some("二十四"));
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
        let lines = lines_of(&text.lines().collect::<Vec<_>>());
        let (pre, roots) = build(&lines);
        assert_eq!(pre.len(), 1);
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[0].children[0].children[0].lead, "丁");
        assert_eq!(roots[0].children[0].children[0].paras[0].1, "段落");
        assert_eq!(roots[1].children[0].number, "1");
    }
}
