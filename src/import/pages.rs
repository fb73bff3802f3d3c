//! Page furniture of text extracted from PDFs and document-sharing sites:
//! page-number lines that cut sentences, and page previews printed as a
//! numbered list of page chunks (`1、…`, `2、…`) that continue each other.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold, Line};

static PAGE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-—–~ ]*\d{1,3}[-—–~ ]*|第\s*\d{1,3}\s*页(?:\s*[/,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$",
    )
    .expect("page number pattern")
});

/// A line that is only a page number: `- 3 -`, `3`, `第 3 页`, `3/22`.
pub(super) fn is_page_number(s: &str) -> bool {
    let f = fold(s).to_lowercase();
    let t = f.trim();
    !t.is_empty() && PAGE_NO.is_match(t)
}

/// Whether a line ends a sentence (or a heading or a list item).
pub(super) fn ends_sentence(s: &str) -> bool {
    let f = fold(s);
    let t = f.trim_end();
    t.ends_with([
        '.', ';', ':', '!', '?', '。', '…', '"', '”', ')', '】', '》', '〕', ']', '」', '』',
    ])
}

/// Drops page-number lines; where one cut a sentence (the line before does
/// not end one and the line after is no heading), the two parts are joined.
pub(super) fn join_page_breaks(lines: Vec<Line>, is_heading: impl Fn(&str) -> bool) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut pending_join = false;
    for l in lines {
        if !l.noise && is_page_number(&l.text) && !out.is_empty() {
            // Keep it, flagged, so line numbers stay traceable.
            pending_join = out
                .iter()
                .rev()
                .find(|x| !x.noise)
                .is_some_and(|p| !ends_sentence(&p.text));
            out.push(Line { noise: true, ..l });
            continue;
        }
        if pending_join && !l.noise {
            pending_join = false;
            if !is_heading(&l.text) {
                if let Some(prev) = out.iter_mut().rev().find(|x| !x.noise) {
                    prev.text.push_str(&l.text);
                    continue;
                }
            }
        }
        out.push(l);
    }
    out
}

static CHUNK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})[、.]").expect("chunk pattern"));

/// Page previews of document-sharing sites: long lines `1、…`, `2、…`,
/// numbered one by one, most of which go on mid-sentence from the chunk
/// before. Such chunks are joined into one run-in line (the prefix
/// dropped); real numbered paragraphs end their sentences and are left.
pub(super) fn join_page_chunks(lines: Vec<Line>) -> Vec<Line> {
    let chunks: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.noise && l.text.chars().count() >= 200)
        .filter_map(|(i, l)| {
            let n = CHUNK
                .captures(&fold(&l.text))?
                .get(1)?
                .as_str()
                .parse()
                .ok()?;
            Some((i, n))
        })
        .collect();
    // The longest run numbered 1, 2, 3, … in order.
    let mut best: &[(usize, u32)] = &[];
    let mut start = 0;
    for k in 0..chunks.len() {
        if k > start && chunks[k].1 != chunks[k - 1].1 + 1 {
            start = k;
        }
        if k + 1 - start > best.len() {
            best = &chunks[start..=k];
        }
    }
    if best.len() < 3 {
        return lines;
    }
    let cut = best
        .windows(2)
        .filter(|w| !ends_sentence(&lines[w[0].0].text))
        .count();
    if cut * 3 < (best.len() - 1) * 2 {
        return lines;
    }
    let first = best[0].0;
    let members: Vec<usize> = best.iter().map(|c| c.0).collect();
    let last = *members.last().unwrap_or(&first);
    let mut out = Vec::with_capacity(lines.len());
    let mut joined: Option<Line> = None;
    for (i, l) in lines.into_iter().enumerate() {
        if members.contains(&i) {
            let f = fold(&l.text);
            let skip = CHUNK.find(&f).map_or(0, |m| f[..m.end()].chars().count());
            let body: String = l.text.chars().skip(skip).collect();
            match joined.as_mut() {
                None => joined = Some(Line { text: body, ..l }),
                Some(j) => j.text.push_str(&body),
            }
            if i == last {
                out.extend(joined.take());
            }
        } else if i > first && i < last {
            // Lines between chunks are page furniture.
            out.push(Line { noise: true, ..l });
        } else {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(no: usize, t: &str) -> Line {
        Line {
            no,
            text: t.to_string(),
            noise: false,
        }
    }

    #[test]
    fn page_numbers() {
        for p in [
            "- 3 -",
            "3",
            "第 3 页",
            "—12—",
            "3/22",
            "第1页 / 共22页",
            "\u{FF0D} 3 \u{FF0D}",
        ] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["2023年", "3.加强领导", "一、总体要求", "1234"] {
            assert!(!is_page_number(p), "{p}");
        }
    }

    #[test]
    fn page_break_inside_a_sentence_is_joined() {
        let ls = vec![
            line(1, "一、总体要求"),
            line(2, "到2025年,全市建成"),
            line(3, "- 2 -"),
            line(4, "10所学校。"),
            line(5, "3"),
            line(6, "二、主要任务"),
        ];
        let out = join_page_breaks(ls, |s| s.starts_with("二、"));
        let kept: Vec<&str> = out
            .iter()
            .filter(|l| !l.noise)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            kept,
            [
                "一、总体要求",
                "到2025年,全市建成10所学校。",
                "二、主要任务"
            ]
        );
    }

    #[test]
    fn page_chunks_are_joined() {
        let a = "甲".repeat(210);
        let ls = vec![
            line(1, "标题.pdf"),
            line(2, &format!("1、为推进工作,制定本方案。一、总体要求{a}不")),
            line(3, &format!("2、低于80座{a}的")),
            line(4, &format!("3、标准{a}。")),
            line(5, "相关资源"),
        ];
        let out = join_page_chunks(ls);
        assert_eq!(out.len(), 3);
        assert!(out[1].text.starts_with("为推进工作"));
        assert!(out[1].text.contains("不低于80座"));
        assert!(out[1].text.contains("的标准"));
        // Real numbered paragraphs that end their sentences stay.
        let ls: Vec<Line> = (1..=4)
            .map(|i| line(i, &format!("{i}、做好工作{a}。")))
            .collect();
        assert_eq!(join_page_chunks(ls.clone()), ls);
    }
}
