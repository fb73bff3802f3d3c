//! Heading numbers: 第一章, 第一条, 一、, (一), 1. / 1、, (1), ①, half- or
//! full-width. The one place that says what a heading number looks like;
//! cleaning, splitting, metadata, tables and the chapter tree all ask here.
//!
//! A number is read in two places: at the start of a line
//! ([`parse_heading`]), and anywhere inside run-in text
//! ([`run_in_marker`]), where only its tight forms count.

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

/// The Chinese numerals of a run-in heading number, at most three of them
/// (`二十一`).
const RUN_IN_CN: &str = "一二三四五六七八九十";

/// The printed form of each style, `arabic_tail` being what may follow the
/// digits of `1.` / `1、`.
fn patterns(arabic_tail: &str) -> Vec<(Style, Regex)> {
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
        (
            Style::Arabic,
            Regex::new(&format!(r"^(\d{{1,3}})\s*{arabic_tail}")).unwrap(),
        ),
        (Style::Circled, Regex::new(r"^([①-⑳])\s*").unwrap()),
    ]
}

/// At the start of a line, `1.` must be followed by text that does not
/// continue a decimal number (`1.5亿`).
static PATTERNS: LazyLock<Vec<(Style, Regex)>> =
    LazyLock::new(|| patterns(r"(?:[、]\s*|\.(?:\s+|$|[^\d\s]|\d{4}\s*年))"));

/// The same forms for run-in text, where [`tight`] decides what may follow
/// `1.`: more strictly than a line start, except that it takes `1.` before
/// a digit of another script, which a line start reads as a decimal.
static RUN_IN: LazyLock<Vec<(Style, Regex)>> = LazyLock::new(|| patterns("[、.]"));

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

/// A heading number inside run-in text (a whole plan printed as one line):
/// a number as [`parse_heading`] reads it, written tightly (see [`tight`]).
/// Looser forms are left alone because there is no line break to confirm
/// them: a wrong cut splits a sentence, a missed one only leaves a long
/// line. `before` is the folded char before the number and `f` the folded
/// text from it on. Returns the style and the length in chars, up to and
/// with the `、`, `.` or `)`.
pub(super) fn run_in_marker(before: Option<char>, f: &str) -> Option<(Style, usize)> {
    // The splitter asks at every char of a line; most chars cannot start a
    // run-in number and are turned away before any pattern runs.
    let first = f.chars().next()?;
    if !(RUN_IN_CN.contains(first) || first == '(' || first.is_ascii_digit()) {
        return None;
    }
    let (style, c) = RUN_IN
        .iter()
        .find_map(|(style, re)| Some((*style, re.captures(f)?)))?;
    let num = c.get(1)?;
    tight(
        style,
        before,
        &f[..num.start()],
        num.as_str(),
        &f[num.end()..],
    )
    .map(|len| (style, len))
}

/// Whether a heading number read at a line start may also cut run-in text,
/// and its length in chars. Run-in text takes only 一、 (一) 1. 1、 (1), with
/// no spaces inside, [`RUN_IN_CN`] numerals, ASCII digits, at most two of
/// them before `.`/`、`; `1.`/`1、` not inside a number (after a digit or a
/// `.`) and followed by a char that is no digit, `%`, `.` or `、`, unless a
/// year follows the dot (`3.2020年底前` is item 3). `一、` needs no text
/// after it, and a `、` after a bracket is not part of the number.
fn tight(style: Style, before: Option<char>, open: &str, num: &str, after: &str) -> Option<usize> {
    let k = num.chars().count();
    let cn = k <= 3 && num.chars().all(|c| RUN_IN_CN.contains(c));
    let ascii = |max: usize| k <= max && num.bytes().all(|b| b.is_ascii_digit());
    let mut next = after.chars();
    match style {
        Style::Cn => (cn && next.next() == Some('、')).then_some(k + 1),
        Style::ParenCn => (open == "(" && cn && next.next() == Some(')')).then_some(k + 2),
        Style::ParenArabic => {
            (open == "(" && ascii(3) && next.next() == Some(')')).then_some(k + 2)
        }
        Style::Arabic => {
            if before.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            let sep = next.next()?;
            let year: Vec<char> = next.clone().take(5).collect();
            let year_follows = sep == '.'
                && year.len() == 5
                && year[..4].iter().all(char::is_ascii_digit)
                && year[4] == '年';
            let ends = matches!(sep, '.' | '、')
                && next
                    .next()
                    .is_some_and(|x| !x.is_ascii_digit() && !matches!(x, '%' | '.' | '、'));
            (ascii(2) && (ends || year_follows)).then_some(k + 1)
        }
        Style::Part | Style::Article | Style::Circled => None,
    }
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

    /// How the two places read a (folded) text: the style at a line start,
    /// and the style and length in run-in text after a sentence end.
    fn both(s: &str) -> (Option<Style>, Option<(Style, usize)>) {
        (
            parse_heading(s).map(|h| h.style),
            run_in_marker(Some('。'), s),
        )
    }

    #[test]
    fn tight_numbers_are_read_in_both_places() {
        use Style::*;
        assert_eq!(both("一、甲"), (Some(Cn), Some((Cn, 2))));
        assert_eq!(both("二十一、甲"), (Some(Cn), Some((Cn, 4))));
        assert_eq!(both("(一)甲"), (Some(ParenCn), Some((ParenCn, 3))));
        assert_eq!(both("(12)甲"), (Some(ParenArabic), Some((ParenArabic, 4))));
        assert_eq!(both("(123)甲"), (Some(ParenArabic), Some((ParenArabic, 5))));
        assert_eq!(both("12、甲"), (Some(Arabic), Some((Arabic, 3))));
        assert_eq!(both("3.2020年底前"), (Some(Arabic), Some((Arabic, 2))));
        assert_eq!(both("1. 甲"), (Some(Arabic), Some((Arabic, 2))));
        assert_eq!(both("1.5倍"), (None, None));
    }

    #[test]
    fn chapters_articles_and_circled_numbers_only_start_lines() {
        for s in ["第三章 保障", "第十二条 优化", "②圈"] {
            assert!(both(s).0.is_some() && both(s).1.is_none(), "{s}");
        }
    }

    #[test]
    fn spaced_numbers_only_start_lines() {
        for s in ["( 一 )甲", "一 、甲", "1 .甲", "( 1 )甲"] {
            assert!(both(s).0.is_some() && both(s).1.is_none(), "{s}");
        }
    }

    #[test]
    fn long_or_rare_chinese_numerals_only_start_lines() {
        for s in ["一百、甲", "(〇)甲", "一二三四、甲", "(十一二三)甲"] {
            assert!(both(s).0.is_some() && both(s).1.is_none(), "{s}");
        }
    }

    #[test]
    fn a_dot_after_a_chinese_numeral_only_starts_lines() {
        assert_eq!(both("一.甲"), (Some(Style::Cn), None));
    }

    #[test]
    fn three_digits_and_other_scripts_digits_only_start_lines() {
        assert_eq!(both("123.甲"), (Some(Style::Arabic), None));
        assert_eq!(both("٣.甲"), (Some(Style::Arabic), None));
        assert_eq!(both("(٣)甲"), (Some(Style::ParenArabic), None));
    }

    #[test]
    fn what_follows_an_arabic_number() {
        // A line start takes these; run-in text would cut numbers and
        // lists apart.
        for s in [
            "1、2023年",
            "1.%",
            "1..甲",
            "1.、甲",
            "1.",
            "1、",
            "1.2023 年",
        ] {
            assert_eq!(both(s), (Some(Style::Arabic), None), "{s}");
        }
        // The one form run-in text takes and a line start does not: there a
        // digit of any script after the dot is a decimal.
        assert_eq!(both("1.٣甲"), (None, Some((Style::Arabic, 2))));
    }

    #[test]
    fn run_in_arabic_numbers_are_not_inside_a_number() {
        assert_eq!(run_in_marker(Some('2'), "1.甲"), None);
        assert_eq!(run_in_marker(Some('.'), "1.甲"), None);
        assert_eq!(run_in_marker(None, "1.甲"), Some((Style::Arabic, 2)));
        // Chinese numbers do not look behind.
        assert_eq!(run_in_marker(Some('2'), "一、甲"), Some((Style::Cn, 2)));
    }

    #[test]
    fn a_mark_after_a_bracket_belongs_to_the_line_not_the_number() {
        let h = parse_heading("(一)、甲").unwrap();
        assert_eq!((h.number.as_str(), h.rest.as_str()), ("(一)", "甲"));
        assert_eq!(run_in_marker(None, "(一)、甲"), Some((Style::ParenCn, 3)));
    }

    #[test]
    fn a_bare_chinese_number_cuts_run_in_text_but_is_no_heading_line() {
        assert_eq!(both("一、"), (None, Some((Style::Cn, 2))));
    }
}
