//! Document metadata: title, issuers, dates, 发文字号, jurisdiction, basis,
//! and where the plan's own text starts (after the notice's cover letter).

use std::sync::LazyLock;

use regex::Regex;

use super::heading::{parse_heading, Style};
use super::structure::{detrash, simp};
use super::text::{fold, Folded, Line};
use super::Guess;
use crate::date::Date;

#[derive(Debug, Clone, Default)]
pub(super) struct Meta {
    pub title: String,
    pub issuer: Vec<String>,
    pub jurisdiction: String,
    pub doc_number: Option<String>,
    pub issued: Option<Date>,
    pub published: Option<Date>,
    /// Index into the content lines of the first line after the title.
    pub body_start: usize,
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(发文单位|发文机关|成文日期|标\s*题|发文字号|文\s*号|发布日期|发布时间|發布日期|印发日期|时间|時間)\s*:\s*([^|]*)").unwrap()
});

/// `[发文机关] 国务院办公厅`: a label in brackets instead of before a colon.
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\[【]\s*([^\]】]{2,8}?)\s*[\]】]\s*").unwrap());

/// A label of a page's metadata table on its own (`索 引 号：`, `主题分类：`),
/// never the value of the label before it.
static LABEL_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}\s\u{3000}]{2,10}[:：]$").unwrap());

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))")
        .unwrap()
});

static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$").unwrap()
});

static DOC_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^\s,。《》:]{1,14}[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,5}\s*[号號])").unwrap()
});

/// The first date in a text: 2022年3月19日, 2023-10-16, 二〇二三年十月十日.
pub(super) fn parse_date(s: &str) -> Option<Date> {
    let f = fold(s);
    if let Some(c) = DATE.captures(&f) {
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        let m: u32 = c.get(2).or(c.get(4))?.as_str().parse().ok()?;
        let d: u32 = c.get(3).or(c.get(5))?.as_str().parse().ok()?;
        return Date::new(y, m, d).ok();
    }
    let c = CN_DATE.captures(f.trim())?;
    let y: String = c[1]
        .chars()
        .map(|ch| {
            if matches!(ch, '〇' | '零') {
                '0'
            } else {
                char::from_digit(
                    crate::slug::chinese_numeral(&ch.to_string()).unwrap_or(0),
                    10,
                )
                .unwrap_or('0')
            }
        })
        .collect();
    Date::new(
        y.parse().ok()?,
        crate::slug::chinese_numeral(&c[2])?,
        crate::slug::chinese_numeral(&c[3])?,
    )
    .ok()
}

/// A line that is nothing but a date (the date under a signature).
fn is_date_line(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim();
    static FULL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$").unwrap());
    FULL.is_match(f) || CN_DATE.is_match(f)
}

/// Where a document's closing signature starts: a final date line
/// (`2018年12月11日`, `2019年7月3日印发`) and the issuer lines just above
/// it. `None` when the document does not end so.
pub(super) fn signature_start(lines: &[Line]) -> Option<usize> {
    static COLOPHON: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布|印發|發布)$").unwrap()
    });
    let last = lines.last()?;
    let f = fold(&last.text);
    if !(is_date_line(&last.text) || COLOPHON.is_match(f.trim())) {
        return None;
    }
    let mut k = lines.len() - 1;
    while k > 0 && lines.len() - 1 - k < 4 && is_org_line(&lines[k - 1].text) {
        k -= 1;
    }
    Some(k)
}

#[derive(Default)]
struct Fields {
    unit: Option<String>,
    written: Option<Date>,
    title: Option<String>,
    number: Option<String>,
    published: Option<Date>,
    /// Lines that hold only a field's value (`2019年01月16日` under
    /// `成文日期：`): never a signature.
    values: std::collections::HashSet<usize>,
}

/// The metadata fields of a web page's header: `发文机关：国务院办公厅` on
/// one line, the label on its own line or cell and the value on the next
/// (a metadata table, tag-stripped or read as cells), or `[发文机关] 值`.
fn fields(all: &[Line]) -> Fields {
    let mut out = Fields::default();
    // Table cells arrive tab-joined; each is a token of its own.
    let tokens: Vec<(&str, bool, usize)> = all
        .iter()
        .take(80)
        .flat_map(|l| {
            l.text
                .split('\t')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(move |c| (c, l.noise, l.no))
        })
        .collect();
    for (i, &(token, noise, _)) in tokens.iter().enumerate() {
        let token = BRACKETED.replace(token, "$1:");
        let fl = Folded::new(&token);
        for c in FIELD.captures_iter(&fl.f) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let mut value = fl.orig(v.start(), v.end());
            value = value.split("  ").next().unwrap_or("").trim().to_string();
            if value.is_empty() {
                // `成文日期：` alone: its value is the next cell or line,
                // unless that is another label.
                if let Some(&(next, _, no)) = tokens.get(i + 1) {
                    if !FIELD.is_match(&Folded::new(next).f) && !LABEL_ONLY.is_match(next) {
                        value = next.to_string();
                        out.values.insert(no);
                    }
                }
            }
            let key: String = k.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            match key.as_str() {
                "发文单位" | "发文机关" if !value.is_empty() => {
                    out.unit.get_or_insert(value);
                }
                "成文日期" | "印发日期" => out.written = out.written.or(parse_date(&value)),
                "标题" if !value.is_empty() => {
                    out.title.get_or_insert(value);
                }
                "发文字号" | "文号" if !value.is_empty() => {
                    out.number.get_or_insert(value);
                }
                "发布日期" | "发布时间" | "發布日期" => {
                    out.published = out.published.or(parse_date(&value))
                }
                // A bare `时间:` only: `上传时间`, `更新时间` stamp a site's
                // copy of the file, not the document's 发布日期.
                "时间" | "時間" if noise && !after_word(&fl.f, k.start()) => {
                    out.published = out.published.or(parse_date(&value))
                }
                _ => {}
            }
        }
    }
    out
}

/// True when the text just before byte `at` ends in a CJK character, so a
/// key found there is the tail of a longer label (`上传时间`).
fn after_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn is_titleish(s: &str) -> bool {
    let n = s.chars().count();
    n <= 60
        && !s.contains('。')
        && !BRACKETED.is_match(s)
        && !is_date_line(s)
        && parse_heading(s).is_none()
        && !fold(s).ends_with(':')
        && !s.starts_with("为")
        && !s.starts_with("根据")
        && !DOC_NO.is_match(&fold(s))
}

fn is_org_line(s: &str) -> bool {
    let f = fold(s);
    f.chars().count() <= 40
        && !f.contains(['。', ',', ':', ';', '《'])
        && parse_heading(s).is_none()
        && !is_date_line(s)
}

/// Extracts the metadata. `content` are the non-noise lines.
pub(super) fn extract(
    all: &[Line],
    content: &[Line],
    source_name: &str,
    guesses: &mut Vec<Guess>,
) -> Meta {
    let fields = fields(all);
    let mut meta = Meta {
        published: fields.published,
        ..Meta::default()
    };
    let first_heading = content
        .iter()
        .position(|l| {
            parse_heading(&l.text).is_some_and(|h| matches!(h.style, Style::Cn | Style::Part))
        })
        .or_else(|| {
            content
                .iter()
                .position(|l| parse_heading(&l.text).is_some())
        })
        // No numbered heading (a page holding only a task table): the plan
        // starts where the first sentence after the title lines does.
        .or_else(|| {
            let t = content.iter().position(|l| is_titleish(&l.text))?;
            content[t..]
                .iter()
                .position(|l| !is_titleish(&l.text) && !l.noise)
                .map(|k| t + k)
        })
        .unwrap_or(content.len());

    // The signature: org lines above the last full-date line before the plan.
    let sig_date = content[..first_heading]
        .iter()
        .rposition(|l| is_date_line(&l.text) && !fields.values.contains(&l.no));
    let mut lower = 0;
    if let Some(d) = sig_date {
        meta.issued = parse_date(&content[d].text);
        lower = d + 1;
        let mut orgs = Vec::new();
        let mut k = d;
        while k > 0
            && orgs.len() < 4
            && is_org_line(&content[k - 1].text)
            && !fields.values.contains(&content[k - 1].no)
        {
            k -= 1;
            orgs.push(content[k].text.clone());
        }
        orgs.reverse();
        meta.issuer = orgs
            .iter()
            .flat_map(|o| o.split_whitespace().map(str::to_string))
            .collect();
    }
    if meta.issuer.is_empty() {
        if let Some(u) = &fields.unit {
            meta.issuer = u.split_whitespace().map(str::to_string).collect();
        }
    }
    if let (Some(w), Some(i)) = (fields.written, meta.issued) {
        if w != i {
            guesses.push(Guess::new(content.get(sig_date.unwrap_or(0)).map_or(1, |l| l.no), format!("成文日期 field says {w} but the signature date is {i}; used the signature date")));
        }
    }
    meta.issued = meta.issued.or(fields.written);

    // The plan title: title-like lines just above the preamble.
    let mut k = first_heading;
    while k > lower && !is_titleish(&content[k - 1].text) {
        k -= 1;
    }
    let title_end = k;
    while k > lower && title_end - k < 3 && is_titleish(&content[k - 1].text) {
        k -= 1;
    }
    let mut title_lines = &content[k..title_end];
    // A saved page's first line is its browser title, `标题_栏目_网站`:
    // a title line equal to its first part is the title on its own, and
    // the lines above it (`文件通知`) are the breadcrumb's tail.
    let page_title = all.first().and_then(|l| {
        let f = fold(&l.text);
        let first = f
            .split(['_', '|'])
            .next()
            .unwrap_or("")
            .split(" - ")
            .next()?
            .trim()
            .to_string();
        (first.chars().count() >= 6 && first.chars().count() < f.chars().count()).then_some(first)
    });
    if let Some(pt) = &page_title {
        if let Some(i) = title_lines.iter().rposition(|l| fold(&l.text).trim() == pt) {
            title_lines = &title_lines[i..=i];
        }
    }
    // A title-like line that is the notice's own title ("…关于印发…的通知")
    // is not the plan title when more lines follow.
    meta.title = detrash(
        &title_lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<String>(),
    );
    meta.body_start = title_end;
    if meta.title.is_empty() || (meta.title.contains("印发") && meta.title.ends_with("通知")) {
        let notice = fields.title.clone().or_else(|| {
            content[..first_heading]
                .iter()
                .find(|l| l.text.contains("印发") && l.text.contains("通知"))
                .map(|l| l.text.clone())
        });
        let from_notice = notice.as_deref().and_then(title_from_notice);
        let line = title_lines.first().map_or(1, |l| l.no);
        match from_notice {
            Some(t) => {
                guesses.push(Guess::new(
                    line,
                    format!(
                        "no title line before the preamble; took the title from the notice: {t}"
                    ),
                ));
                meta.title = t;
            }
            None if meta.title.is_empty() => {
                let preamble: String = content[..first_heading]
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect();
                if let Some(t) = title_from_preamble(&preamble) {
                    guesses.push(Guess::new(
                        line,
                        format!("no title line; derived the title from what the preamble says the document divides up: {t}"),
                    ));
                    meta.title = t;
                } else {
                    let stem = std::path::Path::new(source_name)
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or("plan");
                    guesses.push(
                        Guess::new(
                            line,
                            format!("no title found; using the file name `{stem}`"),
                        )
                        .low(),
                    );
                    meta.title = stem.to_string();
                }
            }
            None => {}
        }
    }
    if meta.issuer.is_empty() {
        let notice_line = content[..first_heading.min(content.len())]
            .iter()
            .find(|l| l.text.contains("关于") && l.text.contains("通知"))
            .map(|l| l.text.clone());
        if let Some(n) = fields
            .title
            .as_deref()
            .and_then(issuer_from_notice)
            .or_else(|| notice_line.as_deref().and_then(issuer_from_notice))
        {
            guesses.push(Guess::new(
                1,
                format!(
                    "no signature; issuer taken from the notice title: {}",
                    n.join(" / ")
                ),
            ));
            meta.issuer = n;
        }
    }

    meta.doc_number = fields.number.clone().or_else(|| {
        content[..first_heading.min(content.len())]
            .iter()
            .find_map(|l| {
                let fl = Folded::new(&l.text);
                DOC_NO
                    .captures(&fl.f)
                    .and_then(|c| c.get(1))
                    .map(|m| fl.orig(m.start(), m.end()))
            })
    });
    if meta.issuer.is_empty() {
        // 意见-style documents sign at the very end: org lines, then the date.
        if let Some(d) = content.iter().rposition(|l| is_date_line(&l.text)) {
            let mut orgs = Vec::new();
            let mut k = d;
            while k > first_heading && orgs.len() < 4 && is_org_line(&content[k - 1].text) {
                k -= 1;
                orgs.push(content[k].text.clone());
            }
            if !orgs.is_empty() && d > first_heading {
                orgs.reverse();
                meta.issuer = orgs
                    .iter()
                    .flat_map(|o| o.split_whitespace().map(str::to_string))
                    .collect();
                meta.issued = meta.issued.or(parse_date(&content[d].text));
            }
        }
    }
    meta.issuer = meta.issuer.iter().map(|i| simp(&detrash(i))).collect();
    // Zero-width spaces pasted from the page are invisible and break search.
    meta.doc_number = meta
        .doc_number
        .map(|n| simp(&detrash(&n)).replace(['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}'], ""));
    meta.jurisdiction = simp(&detrash(&jurisdiction(&meta.issuer, &meta.title)));
    if meta.jurisdiction.is_empty() {
        if let Some((j, line)) = jurisdiction_in_text(content) {
            guesses.push(Guess::new(
                line,
                format!("jurisdiction {j} guessed from the bodies the text names (no issuer or place in the title)"),
            ).low());
            meta.jurisdiction = j;
        }
    }
    if meta.jurisdiction.is_empty() {
        guesses.push(Guess::new(1, "could not tell the jurisdiction from the issuer or the title; set `jurisdiction:` by hand").low());
    }
    meta
}

/// A jurisdiction from the text when neither issuer nor title names one:
/// the place whose government or party committee the text names most
/// (`广州市人民政府`, `中共广州市委`), or national when it assigns work to
/// 国务院 departments and names no local government.
fn jurisdiction_in_text(content: &[Line]) -> Option<(String, usize)> {
    static GOV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:中共)?(\p{Han}{2,5}?(?:自治州|自治县|省|市|州|县|区))(?:人民政府|委员会|委|\p{Han}{1,10}?(?:局|厅|办公室))",
        )
        .unwrap()
    });
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let mut national = (0usize, 0usize);
    for l in content {
        let t = simp(&detrash(&l.text));
        for c in GOV.captures_iter(&t) {
            let p = c[1].trim_start_matches("中共").to_string();
            // `…管理总局泸州市…局`: the match began inside a body's name.
            if p.starts_with(['各', '本', '我', '全', '该', '县', '市', '区', '省', '州'])
                || p.contains(['局', '厅', '部', '委', '会', '院', '办', '署'])
            {
                continue;
            }
            match counts.iter_mut().find(|(q, _, _)| *q == p) {
                Some(e) => e.1 += 1,
                None => counts.push((p, 1, l.no)),
            }
        }
        let n = t.matches("国务院").count();
        if n > 0 && national.0 == 0 {
            national.1 = l.no;
        }
        national.0 += n;
    }
    if let Some((p, _, line)) = counts.into_iter().max_by_key(|(_, n, _)| *n) {
        return Some((p, line));
    }
    (national.0 >= 2).then(|| (NATIONAL.to_string(), national.1))
}

fn title_from_notice(notice: &str) -> Option<String> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"印发(?:了)?\s*《?(.+?)》?\s*的\s*通知").unwrap());
    let c = RE.captures(notice)?;
    let t = c
        .get(1)?
        .as_str()
        .trim()
        .trim_start_matches('《')
        .to_string();
    (!t.is_empty()).then_some(t)
}

/// A title for a text that has none (the attachment body of a notice),
/// from the sentence saying what it is: `…会议确定的重点任务…，现制定如下分工方案`
/// with the meeting named earlier (`在全国某某电视电话会议上`), or
/// `落实《某报告》确定的重点工作…制定本分工方案`.
fn title_from_preamble(preamble: &str) -> Option<String> {
    static MAKE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([^。;]*?)(确定|部署|提出)的(重点任务|重点工作|主要任务|各项任务|任务)[^。;]*?制定(?:了)?(?:如下|以下|本)?(\p{Han}{0,8}?(?:方案|计划|清单))").unwrap()
    });
    static MEETING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"在([^,。;在]{4,50}?会议)上").unwrap());
    static BOOK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《([^》]{2,60})》$").unwrap());
    let f = fold(preamble);
    let c = MAKE.captures(&f)?;
    let before = c.get(1)?.as_str();
    let (obj, kind) = (c.get(3)?.as_str(), c.get(4)?.as_str());
    let referent = if let Some(b) = BOOK.captures(before) {
        format!("《{}》", &b[1])
    } else if before.ends_with("会议") {
        let m = MEETING.captures_iter(&f[..c.get(0)?.start()]).last()?;
        m[1].to_string()
    } else {
        return None;
    };
    // Titles keep the source's own punctuation: map back from the fold.
    let t = format!("{referent}{obj}{kind}");
    let orig: String = preamble
        .find(&referent)
        .map(|_| referent.clone())
        .or_else(|| unfold_in(preamble, &referent))?;
    Some(t.replacen(&referent, &orig, 1))
}

/// The span of `text` whose fold is `folded`, if any.
fn unfold_in(text: &str, folded: &str) -> Option<String> {
    let fl = Folded::new(text);
    let at = fl.f.find(folded)?;
    Some(fl.orig(at, at + folded.len()))
}

fn issuer_from_notice(notice: &str) -> Option<Vec<String>> {
    let i = notice.find("关于")?;
    // `为推进…，根据省教育厅关于…的通知，…`: a preamble, not a notice title.
    let head = fold(&notice[..i]);
    if head.contains([',', '。', ':', ';']) || head.starts_with('为') || head.starts_with("根据")
    {
        return None;
    }
    let v: Vec<String> = notice[..i].split_whitespace().map(str::to_string).collect();
    (!v.is_empty()).then_some(v)
}

/// The jurisdiction of national documents (国务院, 国务院办公厅, ministries).
/// `全国` rather than `中国`: it is what the documents themselves say of their
/// scope (在全国范围内, 全国农机总动力), and it reads as a scope, not a state.
pub(super) const NATIONAL: &str = "全国";

pub(super) fn is_national(j: &str) -> bool {
    j == NATIONAL
}

/// 贵港市人民政府 -> 贵港市; otherwise the place the title starts with.
pub(super) fn jurisdiction(issuers: &[String], title: &str) -> String {
    let central = |s: &str| {
        let s = simp(s);
        ["国务院", "中共中央", "中央办公厅"]
            .iter()
            .any(|p| s.starts_with(p))
            || (s.ends_with('部') && !s.contains(['省', '市', '州', '县', '区']))
    };
    if issuers.iter().any(|i| central(i)) || (issuers.is_empty() && central(title)) {
        return NATIONAL.to_string();
    }
    for i in issuers {
        if let Some(p) = i.find("人民政府") {
            let j = i[..p].trim_start_matches("中共").trim();
            if !j.is_empty() {
                return j.to_string();
            }
        }
    }
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:中共)?([^\s,。《》、]{1,8}?(?:自治州|自治县|自治区|省|市|州|县|区|盟|旗))")
            .unwrap()
    });
    for s in std::iter::once(title).chain(issuers.iter().map(String::as_str)) {
        if let Some(c) = PLACE.captures(s) {
            let mut p = c[1].to_string();
            let mut rest = &s[c.get(0).map_or(0, |m| m.end())..];
            // `梧州市`, not `梧州`: the shortest match stopped at a 州 or 县
            // that a level follows.
            if let Some(level) = rest
                .chars()
                .next()
                .filter(|l| matches!(l, '市' | '县' | '区'))
            {
                p.push(level);
                rest = &rest[level.len_utf8()..];
            }
            // `促进房地产市场…`, `全县域`, `省级`: the suffix begins a word.
            let word_goes_on = rest.starts_with(['场', '域', '级', '间', '划']);
            if p.chars().count() >= 2 && !p.ends_with("城市") && !word_goes_on {
                return p;
            }
        }
    }
    String::new()
}

/// Titles in 《》 cited after 根据/依据/按照/贯彻落实 in the preamble, nested
/// quotes (〈〉, inner 《》) kept.
pub(super) fn basis(preamble: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in preamble.split(['。', '\n']) {
        let Some(at) = [
            "根据",
            "依据",
            "按照",
            "贯彻落实",
            "落实",
            "貫徹落實",
            "根據",
            "依據",
        ]
        .iter()
        .filter_map(|t| sentence.find(t))
        .min() else {
            continue;
        };
        let mut depth = 0;
        let mut cur = String::new();
        for c in sentence[at..].chars() {
            match c {
                '《' => {
                    if depth > 0 {
                        cur.push(c);
                    }
                    depth += 1;
                }
                '》' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        let t = std::mem::take(&mut cur).trim().to_string();
                        if !t.is_empty() && !out.contains(&t) {
                            out.push(t);
                        }
                    } else {
                        cur.push(c);
                    }
                }
                _ if depth > 0 => cur.push(c),
                _ => {}
            }
        }
    }
    out
}

/// `(2023—2025年)` in a title -> [2023, 2025].
pub(super) fn period_in(text: &str) -> Option<(i32, i32)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d{2})\s*年?\s*[—–\-~至到]+\s*((?:19|20)\d{2})\s*年").unwrap()
    });
    let f = fold(text);
    let c = RE.captures(&f)?;
    let (a, b): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (a <= b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2022年03月19日").unwrap().to_string(),
            "2022-03-19"
        );
        assert_eq!(
            parse_date("2023-10-16 16:11:20").unwrap().to_string(),
            "2023-10-16"
        );
        assert_eq!(
            parse_date("二〇二三年十月十日").unwrap().to_string(),
            "2023-10-10"
        );
        assert!(parse_date("2022年13月1日").is_none());
        assert!(is_date_line("2023年10月10日"));
        assert!(!is_date_line("2023年10月10日印发"));
    }

    #[test]
    fn upload_stamps_are_not_publication_dates() {
        let line = |t: &str| Line {
            no: 1,
            text: t.to_string(),
            noise: true,
        };
        let f = fields(&[line("上传人:张**  上传时间:2022-11-18 格式:PDF")]);
        assert!(f.published.is_none());
        let f = fields(&[line("时间:2023-10-16 来源:市政府办公室")]);
        assert_eq!(f.published.unwrap().to_string(), "2023-10-16");
    }

    #[test]
    fn title_from_what_the_preamble_divides_up() {
        assert_eq!(
            title_from_preamble("近日，总理在全国推进某某改革电视电话会议上发表讲话。为确保会议确定的重点任务落到实处，现制定如下分工方案。").as_deref(),
            Some("全国推进某某改革电视电话会议重点任务分工方案")
        );
        assert_eq!(
            title_from_preamble("为落实《某省政府工作报告》确定的重点工作，制定本分工方案。")
                .as_deref(),
            Some("《某省政府工作报告》重点工作分工方案")
        );
        assert_eq!(title_from_preamble("为推进工作，制定本方案。"), None);
    }

    #[test]
    fn issuer_only_from_a_notice_title() {
        assert_eq!(
            issuer_from_notice("某市人民政府办公室关于印发某方案的通知"),
            Some(vec!["某市人民政府办公室".to_string()])
        );
        assert_eq!(
            issuer_from_notice("为推进创建工作，根据省教育厅关于印发某方案的通知，制定本方案。"),
            None
        );
    }

    #[test]
    fn basis_keeps_inner_quotes() {
        let p = "为促进发展,根据《甲关于印发〈乙(2023—2025年)〉的通知》(云办发〔2023〕7号)和《丙》精神,制定本方案。";
        assert_eq!(basis(p), ["甲关于印发〈乙(2023—2025年)〉的通知", "丙"]);
        assert!(basis("《丁》已经审议通过。").is_empty());
    }

    #[test]
    fn places() {
        assert_eq!(jurisdiction(&["贵港市人民政府".into()], "x"), "贵港市");
        assert_eq!(
            jurisdiction(
                &["中共楚雄州委办公室".into(), "楚雄州人民政府办公室".into()],
                "x"
            ),
            "楚雄州"
        );
        assert_eq!(
            jurisdiction(&[], "楚雄州教育高质量发展三年行动实施方案"),
            "楚雄州"
        );
        assert_eq!(period_in("方案(2023—2025年)"), Some((2023, 2025)));
        assert_eq!(
            title_from_notice("贵港市人民政府关于印发贵港市教育提质行动计划的通知").as_deref(),
            Some("贵港市教育提质行动计划")
        );
    }
}
