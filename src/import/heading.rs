//! Heading numbers: 第一章, 第一条, 一、, (一), 1. / 1、, (1), ①, half- or
//! full-width. The one place that says what a heading number looks like;
//! cleaning, splitting, metadata, tables and the chapter tree all ask here.

use std::sync::LazyLock;

use regex::Regex;

use super::text::Folded;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// 第一章 / 第一部分
    Part,
    /// 第一条: an article of a measures document (若干措施, 办法)
    Article,
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
pub(super) struct Heading {
    pub style: Style,
    /// As printed, normalised to ASCII parentheses and digits: 二, (一), 1, (1), ①.
    pub number: String,
    /// The line after the number.
    pub rest: String,
}

pub(super) const CN: &str = "[一二三四五六七八九十百零〇]+";

static PATTERNS: LazyLock<Vec<(Style, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Style::Part,
            Regex::new(&format!(r"^第({CN})(?:章|部分|篇)\s*")).unwrap(),
        ),
        (
            Style::Article,
            Regex::new(&format!(r"^第({CN})条\s*[、.:：]?\s*")).unwrap(),
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
            Regex::new(r"^(\d{1,3})\s*(?:[、]\s*|\.(?:\s+|$|[^\d\s]|\d{4}\s*年))").unwrap(),
        ),
        (Style::Circled, Regex::new(r"^([①-⑳])\s*").unwrap()),
    ]
});

/// Recognises a numbered heading line.
pub(super) fn parse_heading(line: &str) -> Option<Heading> {
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
            Style::Article => format!("第{num}条"),
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
            h("第十二条 优化公积金政策。"),
            Some((Style::Article, "第十二条".into(), "优化公积金政策。".into()))
        );
        assert_eq!(
            h("第三章 保障"),
            Some((Style::Part, "第三".into(), "保障".into()))
        );
        assert_eq!(h("1.5亿元用于"), None);
        assert_eq!(h("2023年10月10日"), None);
        assert_eq!(h("一、"), None);
        assert_eq!(h("贵港市"), None);
    }
}
