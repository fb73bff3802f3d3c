//! Targets: a deadline year (到2023年 / 2023年底 / 2021—2023年 / 202*年)
//! followed by the clauses it governs, split on ,;、 the way a reader lists
//! commitments, each with the number and unit as printed.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold_char, Folded};
use crate::model::Target;

/// The year a heading sets for the text under it: `2023年重点建机制`.
/// `Some(None)` is a redacted year (202*).
pub(super) fn heading_year(title: &str) -> Option<Option<i32>> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:到|至)?\s*(\d{4}|\d{2,3}\*+)\s*年(?:底|末)?").unwrap());
    // A phase of a schedule: `启动阶段（2024年4月1日至2024年12月31日）`
    // sets its end year for the work listed in it.
    static PHASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:阶段|时期)\s*\(.*?[至到—\-~]\s*(\d{4})\s*年[^)]*\)").unwrap()
    });
    let f = Folded::new(title);
    if let Some(y) = PHASE
        .captures(&f.f)
        .and_then(|c| year_of(c.get(1)?.as_str()))
        .filter(|y| (1990..=2100).contains(y))
    {
        return Some(Some(y));
    }
    let c = RE.captures(&f.f)?;
    let y = year_of(c.get(1)?.as_str());
    match y {
        Some(v) if !(1990..=2100).contains(&v) => None,
        _ => Some(y),
    }
}

fn year_of(s: &str) -> Option<i32> {
    s.parse().ok()
}

/// The last year of a five-year plan period: 十三五 -> 2020, 十四五 -> 2025.
fn five_year_plan_end(s: &str) -> Option<i32> {
    match s {
        "十一" => Some(2010),
        "十二" => Some(2015),
        "十三" => Some(2020),
        "十四" => Some(2025),
        "十五" => Some(2030),
        _ => None,
    }
}

const Y: &str = r"(?:\d{4}|\d{2,3}\*+)";

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        ^\s*{Y}\s*年?\s*[—–\-~至到]+\s*({Y})\s*年(?:底|末)?   # 2021—2023年 at clause start
        | (?:到|至)\s*({Y})\s*年(?:\d{{1,2}}\s*月)?(?:底|末|份)?(?:前|以前|左右)?  # 到2023年(底)
        | ({Y})\s*年\s*(?:\d{{1,2}}\s*月\s*)?(?:底|末)?(?:前|以前)  # 2023年(3月)(底)前
        | ({Y})\s*年(?:底|末)                               # 2023年底
        | ^\s*({Y})\s*年\s*$                                 # a clause that is only 2023年
        | (?:到|至)?“?(十[一二三四五])五”?(?:规划)?(?:期末|末|时期末)   # 到“十四五”末
        | ^\s*(?:力争|确保|争取)?\s*(\d{{4}})\s*年\s*(?:[,，]\s*)?[^\d\s,，月起以度内]   # 2025年每千人口…
        "
    ))
    .unwrap()
});

/// The year of a deadline that names none (`一季度`, `元宵节前`, `6月底前`):
/// the plan's own year, filled in by [`implied_years`] once it is known.
pub(super) const PLAN_YEAR: i32 = -1;

/// A deadline without a year, opening a clause: `力争一季度…`,
/// `争取元宵节前…`, `6月底前完成…`.
static IMPLIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:力争|确保|争取|计划|预计)?\s*(?:第?[一二三四1-4]季度(?:末|底)?(?:前)?|上半年|年底前|年内|(?:元宵|春|国庆|中秋|端午)节前|\d{1,2}\s*月(?:底|末|中旬|上旬|下旬)?(?:前|以前))",
    )
    .unwrap()
});

/// A task's deadline stated as a field (`完成时限：2025年6月底前`, on a line
/// of its own or after the units): a target quoting the task's title and
/// the field, like a deadline column of a task table. A field without a
/// year (`6月底前`) takes the plan's year; one without a date (`长期坚持`)
/// is none.
pub(super) fn deadline_field(text: &str, title: &str) -> Option<Target> {
    static FIELD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|办结时限)\s*[:：]\s*([^;；。\n()（）〔〕]{2,40})")
            .unwrap()
    });
    let c = FIELD.captures(text)?;
    let (label, value) = (&c[1], c[2].trim());
    let masked = mask(value);
    static FIRST_YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(20\d\d|19\d\d)\s*年").unwrap());
    let year = match find_year(&masked) {
        Some((y, _, _)) => y?,
        None if IMPLIED.is_match(&masked) => PLAN_YEAR,
        // `2025年12月`, `2024年3月31日`: any date names its year.
        None => year_of(&FIRST_YEAR.captures(&masked)?[1])?,
    };
    Some(Target {
        year: Some(year),
        text: format!("{title}（{label}：{value}）"),
        value: None,
        unit: None,
    })
}

/// Words after a year that make it the date of a condition, not a
/// deadline: `2005年以前注册的车辆`, `2020年底前建成的项目`.
fn conditions(after: &str) -> bool {
    [
        "注册",
        "登记",
        "出厂",
        "购买",
        "购置",
        "建成的",
        "取得",
        "成立",
        "竣工的",
        "签订",
        "出生",
        "入职",
        "毕业",
    ]
    .iter()
    .any(|w| after.trim_start().starts_with(w))
}

/// Finds the deadline year of a clause: (year, byte start and end of the
/// expression in the folded clause). Text inside brackets is ignored.
/// Policy windows (`2022年4月25日至2022年12月31日…`, `…至…期间`), stock
/// dates (`截至2022年底`) and start years (`从2021年`, `2020年起`) are not
/// deadlines.
fn find_year(masked: &str) -> Option<(Option<i32>, usize, usize)> {
    if masked.contains("期间") && masked.contains('至') {
        return None;
    }
    for c in YEAR.captures_iter(masked) {
        let m = c.get(0)?;
        let y = (1..=7).find_map(|i| c.get(i))?.as_str();
        let year = five_year_plan_end(y).or_else(|| year_of(y));
        if let Some(v) = year {
            if !(1990..=2100).contains(&v) {
                continue;
            }
        }
        // 从2021年…, 自2021年… are start years, not deadlines.
        let before = masked[..m.start()].trim_end();
        if before.ends_with('从')
            || before.ends_with('自')
            || ["截至", "截止", "有效期", "执行期", "实施期"]
                .iter()
                .any(|w| before.ends_with(w))
        {
            continue;
        }
        // `…25日至2022年12月31日`, `之日起至2023年…`: the end of a window.
        let to = m.as_str().trim_start().starts_with(['至', '到']);
        if to && (before.ends_with(['日', '月', '起', '截']) || before.ends_with("年")) {
            continue;
        }
        let mut end = m.end();
        if c.get(7).is_some() {
            // A bare `2025年…` opening a clause is a deadline only for a
            // quantity (`2025年每千人口托位数达4.5个`), not for a report of
            // what was done that year; the pattern took the next char too.
            end -= m.as_str().chars().next_back().map_or(0, char::len_utf8);
            if !masked[end..].chars().any(|ch| ch.is_ascii_digit()) {
                continue;
            }
        }
        let after = &masked[end..];
        if conditions(after)
            || (after.trim_start().starts_with('起') || after.trim_start().starts_with("以来"))
        {
            continue;
        }
        return Some((year, m.start(), end));
    }
    IMPLIED
        .find(masked)
        .filter(|m| !conditions(&masked[m.end()..]))
        .map(|m| (Some(PLAN_YEAR), m.start(), m.end()))
}

/// Gives targets whose deadline named no year (`一季度`) the plan's year;
/// without one, their year stays unknown.
pub(super) fn implied_years<'a>(
    targets: impl Iterator<Item = &'a mut Target>,
    plan_year: Option<i32>,
) -> usize {
    let mut n = 0;
    for t in targets {
        if t.year == Some(PLAN_YEAR) {
            t.year = plan_year;
            n += 1;
        }
    }
    n
}

fn opens(c: char) -> bool {
    matches!(fold_char(c), '(' | '[') || matches!(c, '〔' | '【' | '《' | '〈' | '“' | '‘')
}
fn closes(c: char) -> bool {
    matches!(fold_char(c), ')' | ']') || matches!(c, '〕' | '】' | '》' | '〉' | '”' | '’')
}

/// Splits on any of `seps` outside brackets and quotes.
fn split_top(s: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        if opens(c) {
            depth += 1;
        } else if closes(c) {
            depth = (depth - 1).max(0);
        }
        if depth == 0 && seps.contains(&fold_char(c)) {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Replaces bracketed content (parentheses, 〔〕, 《》) by □, keeping the
/// char count, so numbers and years inside them are not read.
fn mask(s: &str) -> String {
    let mut depth = 0i32;
    s.chars()
        .map(|c| {
            let f = fold_char(c);
            let open = matches!(f, '(' | '[') || matches!(c, '〔' | '《' | '【');
            let close = matches!(f, ')' | ']') || matches!(c, '〕' | '》' | '】');
            if open {
                depth += 1;
                '□'
            } else if close {
                depth = (depth - 1).max(0);
                '□'
            } else if depth > 0 {
                '□'
            } else {
                f
            }
        })
        .collect()
}

/// Clause splitting: `,;` first, then 、/和/及 where the next part starts
/// with a number and the previous one states a quantity
/// (新建28所幼儿园、8所学校 -> two clauses).
pub(super) fn split_clauses(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    for clause in split_top(sentence, &[',', ';', ':']) {
        let parts = split_top_keep(&clause);
        let mut cur = String::new();
        for p in parts {
            let starts_num = mask(&p).chars().next().is_some_and(|c| c.is_ascii_digit());
            if !cur.is_empty()
                && starts_num
                && !cur.contains("分别")
                && quantity(&cur.clone()).0.is_some()
            {
                out.push(
                    std::mem::take(&mut cur)
                        .trim_end_matches(['、', '和', '及'])
                        .to_string(),
                );
            }
            cur.push_str(&p);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Splits after 、 and the conjunctions 和/及 (outside brackets), keeping the
/// separator at the end of the left part.
fn split_top_keep(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        if opens(c) {
            depth += 1;
        } else if closes(c) {
            depth = (depth - 1).max(0);
        }
        cur.push(c);
        if depth == 0 && matches!(c, '、' | '和' | '及') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const UNITS: &[&str] = &[
    "个百分点",
    "万平方米",
    "平方米",
    "立方米",
    "亿元",
    "万元",
    "千元",
    "元",
    "人次",
    "人",
    "所",
    "个",
    "家",
    "项",
    "节",
    "名",
    "座",
    "张",
    "台",
    "套",
    "间",
    "亩",
    "公顷",
    "公里",
    "亿千瓦时",
    "万千瓦时",
    "千瓦时",
    "亿千瓦",
    "万千瓦",
    "千瓦",
    "千米",
    "米",
    "吨",
    "次",
    "条",
    "门",
    "支",
    "批",
    "倍",
    "天",
    "小时",
    "学时",
    "课时",
    "学分",
    "分钟",
    "班",
    "种",
    "户",
    "村",
    "件",
    "部",
    "场",
    "期",
    "本",
    "册",
    "位",
    "处",
    "床",
    "辆",
    "类",
    "届",
    "篇",
    "%",
    "‰",
    "GB",
    "Mbps",
    "M",
    "G",
    "兆",
];

static NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)?(?:\s*[—–\-~至]\s*\d+(?:\.\d+)?)?").unwrap());

/// The number and unit a clause states, as printed: `达92.4%` -> (92.4, %),
/// `3万人次` -> (3万, 人次), `19.28亿元` -> (19.28, 亿元). A number right
/// after 达/达到/提高到 wins over an earlier one (`人口超过20万的…覆盖率达100%`).
pub(super) fn quantity(clause: &str) -> (Option<String>, Option<String>) {
    let masked = mask(clause);
    let orig: Vec<char> = clause.chars().collect();
    let mut best: Option<(String, String, bool)> = None;
    for m in NUM.find_iter(&masked) {
        let a = masked[..m.start()].chars().count();
        let b = masked[..m.end()].chars().count();
        let after: String = masked[m.end()..].chars().take(5).collect();
        let mut value: String = orig[a..b].iter().collect();
        // `30 个`: a PDF line may space the number from its unit.
        let spaced = after.trim_start_matches([' ', '\u{3000}']);
        let mut k = b + (after.chars().count() - spaced.chars().count());
        let mut tail = spaced;
        // Years and dates are not quantities.
        if tail.starts_with('年')
            || tail.starts_with('月')
            || tail.starts_with('日')
            || tail.starts_with('号')
        {
            continue;
        }
        for big in ['万', '亿', '千'] {
            let Some(after_big) = tail.strip_prefix(big) else {
                continue;
            };
            let unit_word = after_big.starts_with('元')
                || (big != '千' && after_big.starts_with("千瓦"))
                || after_big.starts_with("平方")
                || (big == '千' && after_big.starts_with(['瓦', '米', '克']));
            if !unit_word {
                if let Some(&c) = orig.get(k) {
                    value.push(c);
                }
                k += 1;
                tail = after_big;
            }
        }
        let Some(unit) = UNITS.iter().find(|u| tail.starts_with(**u)) else {
            continue;
        };
        let before: String = masked[..m.start()]
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after_verb = [
            "达",
            "到",
            "至",
            "为",
            "超过",
            "不低于",
            "不少于",
            "提高",
            "提升",
        ]
        .iter()
        .any(|v| before.ends_with(v));
        let lead: Vec<char> = masked[..m.start()].chars().collect();
        let lead: String = lead[lead.len().saturating_sub(6)..].iter().collect();
        if lead.contains("分别") {
            // `分别达到65%和55%`: the values as printed, `65和55`.
            let rest: String = masked[m.end()..].chars().collect();
            value.push_str(&respective(&rest, unit));
        }
        match &best {
            Some((_, _, true)) => {}
            Some(_) if !after_verb => {}
            _ => best = Some((value, unit.to_string(), after_verb)),
        }
    }
    match best {
        Some((v, u, _)) => (Some(v), Some(u)),
        None => (None, None),
    }
}

/// The further values of `分别达到65%和55%` after the first one's number:
/// `%和55%` -> `和55`. Each must carry the same unit.
fn respective(rest: &str, unit: &str) -> String {
    static NEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([、和及与])\s*(\d+(?:\.\d+)?)").unwrap());
    let mut out = String::new();
    let mut r = rest.trim_start();
    while let Some(after_unit) = r.strip_prefix(unit) {
        let Some(c) = NEXT.captures(after_unit) else {
            break;
        };
        let next = &after_unit[c.get(0).unwrap().end()..];
        if !next.trim_start().starts_with(unit) {
            break;
        }
        out.push_str(&c[1]);
        out.push_str(&c[2]);
        r = next.trim_start();
    }
    out
}

/// Drops a trailing parenthetical list: `新建普通高中3所(甲、乙)` -> `新建普通高中3所`.
fn tidy(clause: &str) -> String {
    let t = clause
        .trim()
        .trim_end_matches(['。', '、', '\u{FF1B}', ';'])
        .trim();
    let chars: Vec<char> = t.chars().collect();
    if chars.last().is_some_and(|&c| matches!(fold_char(c), ')')) {
        let mut depth = 0i32;
        for i in (0..chars.len()).rev() {
            match fold_char(chars[i]) {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = chars.len() - i - 2;
                        if inner >= 4 && i > 0 {
                            return chars[..i].iter().collect();
                        }
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    t.to_string()
}

fn target(year: Option<i32>, clause: &str) -> Option<Target> {
    let text = tidy(clause);
    let text = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(fold_char(c), ',' | ':' | ';' | '、' | '—' | '-')
    });
    if text.chars().count() < 2 || !mask(text).chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    // Connectives left over from clause splitting are not targets.
    if matches!(
        text,
        "其中" | "同时" | "此外" | "另外" | "并且" | "目前" | "为此"
    ) {
        return None;
    }
    // `其中灌排机械动力达到1.2亿千瓦`: the connective is not part of the target.
    let text = match text.strip_prefix("其中") {
        Some(rest) if rest.chars().count() >= 4 => rest.trim_start_matches([',', '\u{FF0C}']),
        _ => text,
    };
    let (value, unit) = quantity(text);
    Some(Target {
        year,
        text: text.to_string(),
        value,
        unit,
    })
}

/// A clause that opens with a span of time which is not a deadline
/// (`“十四五”期间`, `每年`, `今后3年`): the year in force does not reach it.
fn ends_scope(masked: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:“?十[一二三四五]五”?(?:期间|时期)|每年|每学年|年均|平均每年|今后|逐年|此后)",
        )
        .unwrap()
    });
    RE.is_match(masked)
}

/// A clause stating what the targets before it serve:
/// `促进学生全面发展`, `为智慧教育提供支撑` (either script). Actions
/// (`推进…`, `推动…`) are not purposes: `2021年6月底前修改指引，推进数据共享`.
fn purpose(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:促[进進]|[维維][护護]|助力|[从從]而|[进進]而|以便|[为為][^，,]*(?:提供|奠定|营造|營造|创造|創造|打下))").unwrap()
    });
    RE.is_match(text)
}

/// Words that may precede a deadline year opening a sentence:
/// `力争到2025年`, `确保2023年底前`.
fn opens_sentence(before: &str) -> bool {
    let b = before.trim();
    b.is_empty()
        || matches!(
            b,
            "力争" | "确保" | "争取" | "预计" | "计划" | "目标是" | "总体目标是" | "主要目标是"
        )
}

/// Targets stated in `text` (paragraphs separated by newlines). A sentence
/// contributes the clauses from its first deadline year on; with `context`
/// (a year set by the heading) every clause of a sentence without its own
/// year is a target. A deadline year that opens a paragraph
/// (`到2020年，…。…达到…%。`) also governs the paragraph's following
/// sentences that state a quantity, until another year or a span of time
/// that is no deadline (`“十四五”期间`, `每年`) is stated; a later sentence
/// opening with a new year takes over.
pub(super) fn scan(text: &str, context: Option<Option<i32>>) -> Vec<Target> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        // The year the paragraph opened with, while it still holds.
        let mut carry: Option<Option<i32>> = None;
        for (n, sentence) in split_top(para, &['。', '!', '?']).into_iter().enumerate() {
            let mut year: Option<Option<i32>> = context;
            let inherited = context.is_none() && carry.is_some();
            if inherited {
                year = carry;
            }
            let mut own_year = false;
            let mut found: Vec<Target> = Vec::new();
            let mut purpose_seen = false;
            for (i, clause) in split_top(&sentence, &[',', ';', ':'])
                .into_iter()
                .enumerate()
            {
                let masked = mask(&clause);
                if ends_scope(&masked) {
                    year = if own_year { None } else { context };
                    carry = None;
                    continue;
                }
                let mut rest = clause.clone();
                if let Some((y, start, end)) = find_year(&masked) {
                    year = Some(y);
                    let opening = i == 0 && opens_sentence(&masked[..start]);
                    carry = if opening && (n == 0 || carry.is_some()) {
                        Some(y)
                    } else {
                        None
                    };
                    own_year = true;
                    let skip = masked[..end].chars().count();
                    rest = clause.chars().skip(skip).collect();
                }
                let Some(y) = year else { continue };
                for piece in split_clauses(&rest) {
                    let Some(t) = target(y, &piece) else { continue };
                    // `…形成…机制，促进学生全面发展，维护教育公平`: once a
                    // target is stated, a clause of purpose closes the list.
                    if !found.is_empty() && t.value.is_none() && purpose(&t.text) {
                        purpose_seen = true;
                    }
                    if purpose_seen && t.value.is_none() {
                        continue;
                    }
                    found.push(t);
                }
            }
            // A sentence read under the paragraph's year counts when it
            // states a quantity; a closing summary does not.
            if inherited && !own_year && !found.iter().any(|t| t.value.is_some()) {
                continue;
            }
            out.extend(found);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(year: i32, text: &str, value: Option<&str>, unit: Option<&str>) -> Target {
        Target {
            year: Some(year),
            text: text.into(),
            value: value.map(Into::into),
            unit: unit.map(Into::into),
        }
    }

    #[test]
    fn clauses_split_on_quantities() {
        assert_eq!(
            split_clauses("全市新建28所公办幼儿园、8所义务教育学校、3所普通高中"),
            ["全市新建28所公办幼儿园", "8所义务教育学校", "3所普通高中"]
        );
        assert_eq!(
            split_clauses("规划建设甲学院、乙学院"),
            ["规划建设甲学院、乙学院"]
        );
        assert_eq!(
            split_clauses("组建不少于10个基础教育集团和20个义务教育学区制管理示范区"),
            ["组建不少于10个基础教育集团", "20个义务教育学区制管理示范区"]
        );
        assert_eq!(
            split_clauses("新建普通高中3所(甲中学、乙中学和丙高中)"),
            ["新建普通高中3所(甲中学、乙中学和丙高中)"]
        );
    }

    #[test]
    fn quantities_as_printed() {
        assert_eq!(
            quantity("学前教育毛入园率达92.4%"),
            (Some("92.4".into()), Some("%".into()))
        );
        assert_eq!(
            quantity("完成3万人次的教师培训"),
            (Some("3万".into()), Some("人次".into()))
        );
        assert_eq!(
            quantity("全市计划投入资金19.28亿元"),
            (Some("19.28".into()), Some("亿元".into()))
        );
        assert_eq!(
            quantity("新建1—2所中等职业学校"),
            (Some("1—2".into()), Some("所".into()))
        );
        assert_eq!(
            quantity("人口超过20万的县市特殊教育学校覆盖率达100%"),
            (Some("100".into()), Some("%".into()))
        );
        assert_eq!(quantity("完成三期建设"), (None, None));
        assert_eq!(quantity("特殊教育提升计划(2021—2025年)"), (None, None));
    }

    #[test]
    fn sentence_targets_start_at_the_year() {
        let got = scan("继续抓好工作,确保到2023年实现减负。到2023年底,全市不少于20%的县(市、区)通过认定。无年份5所。", None);
        assert_eq!(
            got,
            [
                t(2023, "实现减负", None, None),
                t(
                    2023,
                    "全市不少于20%的县(市、区)通过认定",
                    Some("20"),
                    Some("%")
                )
            ]
        );
        let got = scan(
            "2021—2023年全市计划投入资金19.28亿元,新建义务教育学校8所。从2021年入学的开始。",
            None,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].text, "全市计划投入资金19.28亿元");
    }

    #[test]
    fn heading_year_context_and_redaction() {
        assert_eq!(heading_year("2023年重点建机制"), Some(Some(2023)));
        assert_eq!(heading_year("202*年目标"), Some(None));
        assert_eq!(heading_year("重点任务"), None);
        let got = scan("建好课堂,组建5个以上共同体、1个联合体。", Some(Some(2024)));
        assert_eq!(
            got.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["建好课堂", "组建5个以上共同体", "1个联合体"]
        );
        let got = scan("到202*年,建成10所学校。", None);
        assert_eq!(
            got,
            [Target {
                year: None,
                text: "建成10所学校".into(),
                value: Some("10".into()),
                unit: Some("所".into())
            }]
        );
    }

    #[test]
    fn a_paragraph_opening_with_a_year_carries_it() {
        let got = scan(
            "到2020年，产业能力持续提升。全国总动力超过10亿千瓦，作业条件加快改善。各项事业全面进步，治理能力进一步增强。\n加快建设，完成20所学校。",
            None,
        );
        assert_eq!(
            got.iter()
                .map(|t| (t.year, t.text.as_str()))
                .collect::<Vec<_>>(),
            [
                (Some(2020), "产业能力持续提升"),
                (Some(2020), "全国总动力超过10亿千瓦"),
                (Some(2020), "作业条件加快改善"),
            ]
        );
        // A new year opening a sentence takes over.
        let got = scan(
            "到2020年，普及率达到90%。到2035年，普及率达到99%。建成5所学校。",
            None,
        );
        assert_eq!(
            got.iter().map(|t| t.year).collect::<Vec<_>>(),
            [Some(2020), Some(2035), Some(2035)]
        );
    }

    #[test]
    fn a_year_inside_a_paragraph_does_not_carry() {
        let got = scan(
            "推进集团化办学。到2023年，完成3万人次的教师培训。新建5所学校。\n扩大资源，2023年底前建成2所学校。新建3所学校。",
            None,
        );
        assert_eq!(
            got.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["完成3万人次的教师培训", "建成2所学校"]
        );
    }

    #[test]
    fn spans_of_time_end_the_year() {
        let got = scan(
            "到2025年，全面消除大班额\u{FF1B}“十四五”期间，平均每年新建不少于20所学校。每年化解比例不低于25%。",
            None,
        );
        assert_eq!(
            got.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["全面消除大班额"]
        );
        // Unit brackets closing a paragraph are no target.
        let got = scan("到2020年，建成3所学校。(责任单位：市教育局)", None);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn value_forms() {
        assert_eq!(
            quantity("全国农机总动力超过10亿千瓦"),
            (Some("10".into()), Some("亿千瓦".into()))
        );
        assert_eq!(
            quantity("装机容量达到500万千瓦"),
            (Some("500".into()), Some("万千瓦".into()))
        );
        assert_eq!(
            quantity("总规模达到2万亿元"),
            (Some("2万".into()), Some("亿元".into()))
        );
        assert_eq!(
            quantity("花生种植、收获机械化率分别达到65%和55%"),
            (Some("65和55".into()), Some("%".into()))
        );
        assert_eq!(
            quantity("小学、初中入学率分别达到99%、98%和97%"),
            (Some("99、98和97".into()), Some("%".into()))
        );
        assert_eq!(
            quantity("至少建成优质教育集团 30 个"),
            (Some("30".into()), Some("个".into()))
        );
        assert_eq!(
            split_clauses("种植、收获机械化率分别达到50%和65%"),
            ["种植、收获机械化率分别达到50%和65%"]
        );
        let got = scan(
            "到2025年，全国总动力稳定在11亿千瓦左右，其中灌排机械动力达到1.3亿千瓦。到 202*年左右初步形成招生录取模式。",
            None,
        );
        assert_eq!(
            got.iter()
                .map(|t| (t.year, t.text.as_str()))
                .collect::<Vec<_>>(),
            [
                (Some(2025), "全国总动力稳定在11亿千瓦左右"),
                (Some(2025), "灌排机械动力达到1.3亿千瓦"),
                (None, "初步形成招生录取模式"),
            ]
        );
    }

    #[test]
    fn a_purpose_closes_the_list() {
        let got = scan(
            "到2020年，85%以上教师拥有网络空间，为智慧教育提供有力支撑。到2025年，初步形成招生录取模式，促进学生全面发展，维护教育公平。",
            None,
        );
        assert_eq!(
            got.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["85%以上教师拥有网络空间", "初步形成招生录取模式"]
        );
        // Actions after a deadline are part of it.
        let got = scan(
            "2021年6月底前修改完善指引，推进部门间数据共享，优化注销程序。",
            None,
        );
        assert_eq!(got.len(), 3);
    }
}
