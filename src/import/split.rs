//! Splitting text into lines and documents: headings printed twice by PDF
//! extraction (`一、甲一、甲`, `(一)(一)乙乙`) are printed once, run-in
//! documents (the whole plan on one line) are broken before numbered
//! headings, and a file holding several plans is cut into one group of
//! lines per plan.

use std::sync::LazyLock;

use regex::Regex;

use super::heading::{run_in_marker, Style};
use super::text::{fold, fold_char, Line};

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Depth of a numbering style in run-in text, where no order of first
/// appearance has been seen yet to go by: 一、 > (一) > 1. > (1).
fn depth(style: Style) -> u8 {
    match style {
        Style::Cn => 0,
        Style::ParenCn => 1,
        Style::Arabic => 2,
        _ => 3,
    }
}

/// The folded chars of a text, and the same as a string, so the heading
/// recogniser can be asked at any char.
struct Shadow {
    chars: Vec<char>,
    text: String,
    starts: Vec<usize>,
}

impl Shadow {
    fn new(chars: Vec<char>) -> Shadow {
        let text: String = chars.iter().collect();
        let starts = text.char_indices().map(|(i, _)| i).collect();
        Shadow {
            chars,
            text,
            starts,
        }
    }

    /// The style and length in chars of a run-in heading number at char `p`.
    fn marker(&self, p: usize) -> Option<(Style, usize)> {
        let at = *self.starts.get(p)?;
        run_in_marker(p.checked_sub(1).map(|q| self.chars[q]), &self.text[at..])
    }

    fn marker_len(&self, p: usize) -> Option<usize> {
        self.marker(p).map(|(_, len)| len)
    }
}

/// Collapses text printed twice in a row. Returns the chars kept and the
/// ranges (in the output) of the text that had been doubled.
fn dedupe(orig: &[char], shadow: &Shadow) -> (Vec<char>, Vec<(usize, usize)>) {
    let f = &shadow.chars;
    let n = f.len();
    let mut out = Vec::with_capacity(n);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let same = |a: usize, l: usize| f[a..a + l] == f[a + l..a + 2 * l];
        // A heading number printed twice: (一)(一), 一、一、.
        if let Some(m) = shadow.marker_len(i) {
            if i + 2 * m <= n && same(i, m) {
                let s = out.len();
                out.extend_from_slice(&orig[i..i + m]);
                ranges.push((s, out.len()));
                i += 2 * m;
                continue;
            }
        }
        // A longer text printed twice: six chars or more, mostly Han
        // (`教师、优秀教师、优秀教育工作者` is a real list, not a double),
        // and a heading, which is what PDFs print twice (to fake bold):
        // see `reads_as_doubled_heading`.
        let max = ((n - i) / 2).min(80);
        let after_range = ranges.last().is_some_and(|r| r.1 == out.len());
        let found = (6..=max).rev().find(|&l| {
            f[i] == f[i + l]
                && (is_han(f[i]) || shadow.marker_len(i).is_some())
                && f[i..i + l].iter().filter(|&&c| is_han(c)).count() * 3 >= l * 2
                && same(i, l)
                && reads_as_doubled_heading(shadow, i, l, after_range)
        });
        // Right after a doubled text, short pieces too: 行动方案方案.
        let found = found.or_else(|| {
            after_range
                .then(|| {
                    (1..=3.min(max)).find(|&l| f[i..i + l].iter().all(|&c| is_han(c)) && same(i, l))
                })
                .flatten()
        });
        if let Some(l) = found {
            let s = out.len();
            out.extend_from_slice(&orig[i..i + l]);
            ranges.push((s, out.len()));
            i += 2 * l;
            continue;
        }
        out.push(orig[i]);
        i += 1;
    }
    (out, ranges)
}

/// Whether the text `f[a..a + l]`, printed twice from `a`, is a heading
/// printed twice rather than text a document holds twice (a clause, a
/// sentence, words repeated in a sentence): it holds no sentence end and
/// does not end like a clause; it starts where a heading starts (at the
/// line start, after a sentence end or a unit bracket, redaction marks
/// aside); and unless its own number or a doubled text just before
/// (`chained`) shows it is a heading, it ends where a heading ends (the
/// line end, punctuation, a heading number, or more doubled text:
/// 行动方案方案).
fn reads_as_doubled_heading(shadow: &Shadow, a: usize, l: usize, chained: bool) -> bool {
    let f = &shadow.chars;
    let text = &f[a..a + l];
    if text.iter().any(|c| matches!(c, '。' | ';' | '!' | '?'))
        || matches!(text[l - 1], ',' | '、' | ':' | '.')
    {
        return false;
    }
    let numbered = shadow.marker_len(a).is_some();
    let mut s = a;
    while s > 0 && matches!(f[s - 1], '*' | '×' | 'X' | 'x' | '某') {
        s -= 1;
    }
    let starts = chained
        || numbered
        || s == 0
        || matches!(f[s - 1], '。' | ';' | ':' | '!' | '?' | ' ')
        || after_units(f, s);
    if !starts {
        return false;
    }
    let e = a + 2 * l;
    chained
        || numbered
        || e == f.len()
        || matches!(
            f[e],
            '.' | ',' | ';' | ':' | '、' | '。' | ')' | '!' | '?' | '”' | '"' | ' '
        )
        || shadow.marker_len(e).is_some()
        || (is_han(f[e])
            && (1..=((f.len() - e) / 2).min(80)).any(|k| f[e..e + k] == f[e + k..e + 2 * k]))
}

/// Whether the text before `p` ends a unit bracket or a unit list:
/// `（财政部牵头，…负责）`, `…各县(区)政府负责`.
fn after_units(f: &[char], p: usize) -> bool {
    let before: String = f[p.saturating_sub(40)..p].iter().collect();
    let before = before.trim_end();
    if before.ends_with("负责") || before.ends_with("牵头") {
        return true;
    }
    if let Some(inner) = before.strip_suffix(')') {
        let open = inner.rfind('(').map_or(inner, |k| &inner[k..]);
        return ["负责", "牵头", "配合", "单位", "责任"]
            .iter()
            .any(|w| open.contains(w));
    }
    false
}

/// Breaks a long run-in line before its numbered headings and around
/// headings that had been printed twice. Short lines are left alone unless
/// they held doubled text.
pub(super) fn split_run_in(text: &str) -> Vec<String> {
    let orig: Vec<char> = text.chars().collect();
    let (orig, ranges) = dedupe(
        &orig,
        &Shadow::new(orig.iter().map(|&c| fold_char(c)).collect()),
    );
    if orig.len() < 300 && ranges.is_empty() {
        return vec![orig.into_iter().collect()];
    }
    let shadow = Shadow::new(orig.iter().map(|&c| fold_char(c)).collect());
    let f = &shadow.chars;
    let n = f.len();
    let mut boundary = vec![false; n + 1];
    let mut cuts = vec![false; n + 1];
    // Chains of adjacent doubled texts are headings: cut before each chain
    // (with a redaction mark or a heading number just before it) and after
    // it unless punctuation follows.
    let mut k = 0;
    while k < ranges.len() {
        let mut e = ranges[k].1;
        let s = ranges[k].0;
        boundary[s] = true;
        boundary[e] = true;
        while k + 1 < ranges.len() && ranges[k + 1].0 == e {
            k += 1;
            e = ranges[k].1;
            boundary[ranges[k].0] = true;
            boundary[e] = true;
        }
        let mut s2 = s;
        while s2 > 0 && matches!(f[s2 - 1], '*' | '×' | 'X' | 'x' | '某') {
            s2 -= 1;
        }
        if s2 == s {
            // `(一)` + doubled title: the number belongs to the heading.
            for m in 2..=5.min(s) {
                if shadow.marker_len(s - m) == Some(m) {
                    s2 = s - m;
                    break;
                }
            }
        }
        cuts[s2] = true;
        if e < n
            && !matches!(
                f[e],
                '.' | ',' | ';' | ':' | '、' | '。' | ')' | '!' | '?' | '”' | '"'
            )
        {
            cuts[e] = true;
        }
        k += 1;
    }
    // The heading that opens the current piece, while no sentence ended.
    let mut open_heading: Option<(usize, Style)> = shadow.marker(0).map(|(style, _)| (0, style));
    for p in 1..n {
        if matches!(f[p - 1], '。' | ';' | '!' | '?') {
            open_heading = None;
        }
        let Some((style, _)) = shadow.marker(p) else {
            if cuts[p] {
                open_heading = None;
            }
            continue;
        };
        let mut q = p;
        while q > 0 && f[q - 1] == ' ' {
            q -= 1;
        }
        let prev = f[q - 1];
        // A heading's title ends without punctuation where a sub-heading
        // follows: `一、甲乙(一)丙`.
        let first_child =
            open_heading.is_some_and(|(s, st)| p - s <= 80 && depth(style) > depth(st));
        if matches!(prev, '。' | ';' | ':' | '!' | '?')
            || boundary[p]
            || after_units(f, q)
            || first_child
        {
            cuts[p] = true;
        }
        if cuts[p] {
            open_heading = Some((p, style));
        }
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for (p, c) in orig.iter().enumerate() {
        if cuts[p] && !cur.trim().is_empty() {
            out.push(std::mem::take(&mut cur).trim().to_string());
        }
        cur.push(*c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(方案|计划|意见|办法|规划|通知|决定|纲要|细则|规定|要点|措施)(\(\d{4}[-—–~至]+\d{4}年?\))?$")
        .expect("title pattern")
});

static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(为|根据|按照|依据|结合|贯彻|近年来)").expect("preamble pattern")
});

fn is_title_line(s: &str) -> bool {
    let f = fold(s);
    let len = f.chars().count();
    (6..=60).contains(&len)
        && TITLE_END.is_match(&f)
        && !f.contains(['。', ';', ':', ','])
        && run_in_marker(None, &f).is_none()
}

fn is_chapter_one(s: &str) -> bool {
    fold(s).starts_with("一、")
}

/// Cuts the lines of a file into documents: a title line followed by a
/// new preamble (为… / 根据…), after a document that already had its
/// chapters, while chapters follow again.
pub(super) fn documents(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].noise).collect();
    let mut starts = Vec::new();
    let mut last_start = 0;
    for (k, &i) in content.iter().enumerate() {
        if !is_title_line(&lines[i].text) {
            continue;
        }
        let Some(&next) = content.get(k + 1) else {
            continue;
        };
        if !PREAMBLE.is_match(&fold(&lines[next].text)) {
            continue;
        }
        let before = content
            .iter()
            .filter(|&&j| j >= last_start && j < i)
            .any(|&j| is_chapter_one(&lines[j].text));
        let after = content
            .iter()
            .filter(|&&j| j > i)
            .any(|&j| is_chapter_one(&lines[j].text));
        if before && after {
            starts.push(i);
            last_start = i;
        }
    }
    if starts.is_empty() {
        return vec![lines];
    }
    let mut out = Vec::new();
    let mut rest = lines;
    for &s in starts.iter().rev() {
        let tail = rest.split_off(s);
        out.push(tail);
    }
    out.push(rest);
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::lines_of;

    #[test]
    fn doubled_headings_once() {
        let v = split_run_in("一、实施学位扩容行动,保障充足学位供给一、实施学位扩容行动,保障充足学位供给(一)(一)编制中小学校建设规划编制中小学校建设规划。各县区要按照标准。");
        assert_eq!(
            v,
            [
                "一、实施学位扩容行动,保障充足学位供给",
                "(一)编制中小学校建设规划。各县区要按照标准。"
            ]
        );
        let v = split_run_in("*市推动义务教育优质均衡发展行动市推动义务教育优质均衡发展行动方案方案为全面贯彻党的十九大精神。");
        assert_eq!(
            v,
            [
                "*市推动义务教育优质均衡发展行动方案",
                "为全面贯彻党的十九大精神。"
            ]
        );
        let v =
            split_run_in("负责(二)解决中小学教育用地问题(二)解决中小学教育用地问题。各县区要。");
        assert_eq!(v, ["负责", "(二)解决中小学教育用地问题。各县区要。"]);
    }

    #[test]
    fn repeated_text_that_reads_as_no_heading_stays() {
        // A clause twice: it ends with a comma, as no heading does.
        let p = "坚持以人民为中心的发展思想,全面推进教育现代化,加快建设高质量教育体系,";
        let twice = format!("{p}{p}");
        assert_eq!(split_run_in(&twice), [twice.as_str()]);
        // A heading's text that goes on into a sentence.
        let s = "加强教师队伍建设加强教师队伍建设的工作要求是到2025年完成。";
        assert_eq!(split_run_in(s), [s]);
        // Doubled words in the middle of a sentence.
        let s = "各地要结合实际加强教师队伍建设加强教师队伍建设。";
        assert_eq!(split_run_in(s), [s]);
        // A paragraph of sentences twice.
        let a = "坚持以人民为中心的发展思想,全面推进教育现代化。";
        let twice = format!("{a}{a}");
        assert_eq!(split_run_in(&twice), [twice.as_str()]);
    }

    #[test]
    fn run_in_lines_break_before_headings() {
        let filler: String = (0..60).map(|i| format!("加强第{i}项工作。")).collect();
        let s = format!("为推进工作,制定本方案。一、总体要求{filler}(一)指导思想。内容(2021—2023年)达到1.5倍。二、主要任务1.做好甲。(财政部牵头,各地区负责)2.做好乙,实现“多报合一、信息共享”。3.2020年底前完成。");
        let v = split_run_in(&s);
        let heads: Vec<String> = v.iter().map(|l| l.chars().take(3).collect()).collect();
        assert_eq!(
            heads,
            ["为推进", "一、总", "(一)", "二、主", "1.做", "2.做", "3.2"]
        );
    }

    #[test]
    fn short_lines_stay() {
        let s = "1.问题导向,改革创新。2.坚持公平。";
        assert_eq!(split_run_in(s), [s]);
    }

    #[test]
    fn two_documents() {
        let ls = lines_of(&[
            "甲市某某行动方案",
            "为推进工作,制定本方案。",
            "一、总体要求",
            "内容。",
            "乙市某某创建实施方案",
            "为加快推进创建工作,制定本方案。",
            "一、工作目标",
            "内容。",
        ]);
        let docs = documents(ls);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1][0].text, "乙市某某创建实施方案");
    }
}
