//! Decoding and cleaning: bytes -> trimmed, numbered lines with web-page
//! boilerplate (navigation, footers, publication stamps) flagged as noise.

use std::sync::LazyLock;

use regex::Regex;

/// One non-empty source line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
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
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        _ => super::script::simp_char(c),
    }
}

pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A folded copy of a text that can map byte ranges of the folded copy back
/// to the original text (fold is one char for one char).
pub struct Folded {
    pub f: String,
    orig: Vec<char>,
    starts: Vec<usize>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
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
    pub fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&x| x < byte)
    }

    /// The original text of the folded byte range `start..end`.
    pub fn orig(&self, start: usize, end: usize) -> String {
        let (a, b) = (self.char_at(start), self.char_at(end));
        self.orig[a.min(b)..b].iter().collect()
    }
}

pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{3000}' | '\u{A0}' | '\u{FEFF}' | '\u{200B}')
    })
}

static NOISE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(您|你)?当前(所在)?(的)?位置",
        r"^(首页|网站首页)\s*(>|»|/)",
        r">>",
        r"^【?\s*(关闭|打印|关闭窗口|打印本页|返回顶部)\s*】?(\s*【?\s*(关闭|打印|关闭窗口|打印本页|返回顶部)\s*】?)*$",
        r"^(通知公告|政策文件|政府文件|信息公开|文件下载|关联文件|相关文件|相关链接|附件下载|分享到|扫一扫.*)\s*:?\s*$",
        r"(发布日期|发布时间|發布日期|发布机构).*(来源|點擊|点击|浏览|瀏覽|作者)",
        r"^(来源|作者|责任编辑|浏览次数|阅读次数|访问量|瀏覽量|浏览量|字号|字体)\s*:",
        r"^【?\s*字体\s*:",
        r"^(上一篇|下一篇)\s*:",
        r"^\(此件.{0,12}\)$",
        r"^(发文单位|发文机关|成文日期|标\s*题|发文字号|索\s*引\s*号|主题分类|发布日期|主\s*题\s*词)\s*:.*",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("noise pattern"))
    .collect()
});

/// True for a site navigation, footer or metadata line.
pub fn is_noise(line: &str) -> bool {
    let f = fold(line);
    NOISE.iter().any(|r| r.is_match(&f))
}

/// Splits text into trimmed, non-empty lines, flagging noise.
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = super::script::strip_romanisation(trim(l));
            (!t.is_empty()).then(|| Line {
                no: i + 1,
                noise: is_noise(&t),
                text: t,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_navigation_and_footer() {
        for l in [
            "您当前所在的位置: 首页 >> 动态要闻 >> 通知公告 >> 正文",
            "发布日期:2023-10-16 16:11:20 来源:某某 作者: 点击:[]",
            "【 关闭 】",
            "通知公告",
            "文件下载:",
            "(此件公开发布)",
            "发文字号:贵政通〔2022〕12号 | 发布日期:2022年04月19日 |",
        ] {
            assert!(is_noise(l), "{l}");
        }
        for l in ["一、总体要求", "贵港市教育提质行动计划", "2022年3月19日"] {
            assert!(!is_noise(l), "{l}");
        }
    }

    #[test]
    fn lines_are_numbered_from_one() {
        let ls = lines("a\r\n\r\n\u{3000}b \n");
        assert_eq!(
            ls.iter()
                .map(|l| (l.no, l.text.as_str()))
                .collect::<Vec<_>>(),
            [(1, "a"), (3, "b")]
        );
    }

    #[test]
    fn folded_maps_back() {
        let f = Folded::new("\u{FF08}一\u{FF09}x");
        assert_eq!(f.f, "(一)x");
        let i = f.f.find('x').unwrap();
        assert_eq!(f.orig(0, i), "\u{FF08}一\u{FF09}");
    }
}
