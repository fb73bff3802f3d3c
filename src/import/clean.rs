//! Cleaning: decoded text -> trimmed, numbered lines with web-page
//! boilerplate (navigation, footers, publication stamps) flagged as noise,
//! page breaks joined (`pages`) and run-in text cut (`split`).

use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold, trim, Line};

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
        // Document-sharing sites: upload stamps, previews, footers.
        r"^(展开阅读全文|相关资源|相关搜索|资源描述|猜你喜欢|点击查看更多.{0,8}|加载中.{0,6}|全文阅读已结束.{0,30})$",
        r"^(返回|下载|相关|举报|分享|收藏|打印)(\s*(返回|下载|相关|举报|分享|收藏|打印))+$",
        r"(上传人|文档编号|上传时间|页数|格式)\s*:.*(上传人|文档编号|上传时间|页数|大小|格式)\s*:",
        r"\.(pdf|docx?|wps|txt|ppt)_第\s*\d+\s*页$",
        r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页$",
        r"^[^。]{1,80}\.(pdf|docx?|wps|txt|ppt)$",
        r"由会员分享.{0,10}可在线阅读",
        r"ICP备\s*\d+|备案号\s*:|公网安备",
        r"^[^。,;]{0,30}(扫一扫|二维码|扫码)[^。,;]{0,30}$",
        r"本站.{0,40}(上传|版权|删除|下载)|客服\s*(QQ|电话|微信)",
        r"^Copyright|^版权所有|©",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("noise pattern"))
    .collect()
});

/// True for a site navigation, footer or metadata line.
pub(super) fn is_noise(line: &str) -> bool {
    let f = fold(line);
    NOISE.iter().any(|r| r.is_match(&f)) || is_spam(&f)
}

/// Unrelated phrases joined by `_` (search-engine spam injected into
/// scraped pages): three or more pieces without any sentence punctuation.
fn is_spam(f: &str) -> bool {
    let parts: Vec<&str> = f.split('_').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            let n = p.chars().count();
            (2..=30).contains(&n) && !p.contains(['。', ',', ';', ':', '、', '(', '《'])
        })
}

/// Spaces that PDF extraction put between digits and units: `80 座` ->
/// `80座`, `2 0 2 3` -> `2023`, `到 2023 年` -> `到2023年`. Spaces next to
/// Latin letters stay.
pub(super) fn squeeze_number_spaces(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    if !cs.contains(&' ') {
        return s.to_string();
    }
    let numeric = |c: char| c.is_ascii_digit() || c == '*';
    let cjk = |c: char| (c as u32) >= 0x2E80 && !matches!(c, '\u{3000}' | '\u{FF08}'..='\u{FF5E}');
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == ' ' && i > 0 {
            let mut j = i;
            while j < cs.len() && cs[j] == ' ' {
                j += 1;
            }
            if let (Some(&a), Some(&b)) = (cs.get(i - 1), cs.get(j)) {
                let squeeze = (numeric(a) && (numeric(b) || cjk(b) || b == '%'))
                    || (cjk(a) && numeric(b) && !cs[..i - 1].ends_with(&['.']));
                if squeeze && j - i <= 2 {
                    i = j;
                    continue;
                }
            }
        }
        out.push(cs[i]);
        i += 1;
    }
    out
}

/// Splits text into trimmed, non-empty lines, flagging noise: romanisation
/// garbage removed, page chunks and page breaks joined, run-in text broken
/// before its headings, doubled headings and repeated lines printed once.
pub(super) fn lines(text: &str) -> Vec<Line> {
    let raw: Vec<Line> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = squeeze_number_spaces(&super::script::strip_romanisation(trim(l)));
            (!t.is_empty()).then(|| Line {
                no: i + 1,
                noise: is_noise(&t),
                text: t,
            })
        })
        .collect();
    let raw = super::pages::join_page_chunks(raw);
    let raw = super::pages::join_page_breaks(raw, |s| super::heading::parse_heading(s).is_some());
    let mut out: Vec<Line> = Vec::with_capacity(raw.len());
    // The last source line that is not noise, kept rather than searched
    // back for: searching was quadratic in a run of noise or repeated lines
    // (200,000 lines of `x` took 9 s, found while fuzzing the importer).
    let mut last_content: Option<String> = None;
    for l in raw {
        if l.noise {
            out.push(l);
            continue;
        }
        // The same source line twice in a row (a running header, a line a
        // converter printed twice): printed once. Only whole lines count:
        // two equal pieces cut from one line are text the document holds
        // twice, and a heading doubled inside a line is `split`'s to undo.
        let repeated = last_content.as_deref() == Some(l.text.as_str());
        if !repeated {
            last_content = Some(l.text.clone());
        }
        for t in super::split::split_run_in(&l.text) {
            let t = trim(&t).to_string();
            if t.is_empty() {
                continue;
            }
            let noise = repeated || is_noise(&t);
            out.push(Line {
                no: l.no,
                noise,
                text: t,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_of_repeated_lines_are_linear() {
        // Was quadratic: each line searched back over every noise line before
        // it. In a debug build 100,000 lines took ~30 s before the fix, ~0.3 s
        // after; times are not asserted (docs/performance.md has them), but a
        // regression makes this test conspicuously slow.
        let text = format!("某计划\n一、任务\n{}", "x\n".repeat(100_000));
        let out = lines(&text);
        assert_eq!(out.len(), 100_002);
        assert!(!out[2].noise && out[3..].iter().all(|l| l.noise));
    }

    #[test]
    fn a_line_of_two_equal_halves_keeps_both() {
        let a = "1.做好甲工作。加快建设高质量教育体系,办好人民满意的教育。健全学校家庭社会协同育人机制,促进学生全面发展。深化教育评价改革,扭转不科学的教育评价导向。推进教育数字化,建设学习型社会。加强师德师风建设,提高教师待遇。完善学前教育公共服务体系,推动义务教育优质均衡发展。深化产教融合校企合作,办好职业教育。";
        assert!(a.chars().count() * 2 >= 300, "long enough to be cut");
        let ls = lines(&format!("某方案\n一、任务\n{a}{a}\n"));
        let kept: Vec<&str> = ls
            .iter()
            .filter(|l| !l.noise)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(kept, ["某方案", "一、任务", a, a]);
        // A whole line twice is still printed once.
        let ls = lines(&format!("某方案\n{a}\n{a}\n"));
        assert_eq!(ls.iter().filter(|l| !l.noise).count(), 2);
    }

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
    fn flags_scrape_noise_only() {
        for l in [
            "日韩高清亚洲日韩精品一区二区_亚洲成a人片在线观看无码_有奶水三级电视频_婷婷五月天激情综合影院",
            "展开阅读全文",
            "相关资源",
            "点击查看更多>>",
            "资源描述",
            "返回 下载 相关 举报",
            "第1页 / 共22页",
            "某方案.pdf_第2页",
            "某方案.pdf",
            "上传人:赵** 文档编号:60814144 上传时间:2022-11-18 格式:PDF 页数:22 大小:797.08KB",
            "工信部备案号:黑ICP备15003705号© 2020-2023 www.example.com",
            "扫一扫在手机打开当前页",
            "瀏覽量:          時間:2019-01-21 13:12:36",
        ] {
            assert!(is_noise(l), "{l}");
        }
        for l in [
            "(三)推进二维码等信息技术在政务服务中的应用,提升群众办事便利度。",
            "建设市民服务中心_二期工程,完善配套。",
            "到2023年,全市建成标准化学校50所。",
            "各县(市、区)人民政府要加快推进相关资源整合。",
        ] {
            assert!(!is_noise(l), "{l}");
        }
    }

    #[test]
    fn number_spaces() {
        assert_eq!(squeeze_number_spaces("低于 80 座、40 座"), "低于80座、40座");
        assert_eq!(squeeze_number_spaces("2 0 2 3 年"), "2023年");
        assert_eq!(
            squeeze_number_spaces("(*办发(202*)67 号)"),
            "(*办发(202*)67号)"
        );
        assert_eq!(
            squeeze_number_spaces("1. 2023年重点建机制"),
            "1. 2023年重点建机制"
        );
        assert_eq!(
            squeeze_number_spaces("Windows 10 and Office 2016"),
            "Windows 10 and Office 2016"
        );
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
}
