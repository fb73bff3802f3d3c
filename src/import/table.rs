//! Tables -> tasks and targets. The roles of a table's columns are read
//! from its header row, never from column positions:
//! - a **task-division table** (任务分工表: 序号 | 重点任务 | 牵头单位 |
//!   配合单位 | 完成时限, in any order and wording) gives a task per row,
//!   with its units and its deadline; group rows (`一、基础设施方面`, or a
//!   category column whose cells are merged down) give sections;
//! - an **indicator table** (指标 | 基期 | 目标 | 属性) gives targets, and
//!   its rows are never tasks;
//! - any other table is left to the text stages, a row a line.

use super::assemble;
use super::blocks::{Row, Table};
use super::heading::{parse_heading, Style};
use super::structure::{simp, split_title};
use super::targets;
use super::text::fold;
use super::units;
use super::Guess;
use crate::model::{Section, Target, Task};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Number,
    Category,
    Task,
    Body,
    Lead,
    Partners,
    Responsible,
    Deadline,
    Indicator,
    /// A target column; the year when its header names one (`2025年`).
    Goal(Option<i32>),
    /// 单位 of an indicator table: the unit of measure.
    Measure,
    Ignore,
}

fn norm(s: &str) -> String {
    let f = simp(&fold(s));
    f.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '★' | ':'))
        .collect()
}

fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let y = s.get(i..i + 4)?;
        let before_digit = i > 0 && b[i - 1].is_ascii_digit();
        let after_digit = b.get(i + 4).is_some_and(u8::is_ascii_digit);
        (y.starts_with(['1', '2'])
            && y.bytes().all(|c| c.is_ascii_digit())
            && !before_digit
            && !after_digit)
            .then(|| y.parse().ok())
            .flatten()
            .filter(|y| (1949..=2100).contains(y))
    })
}

/// The role a header cell names, if any.
fn role(cell: &str) -> Option<Col> {
    let h = norm(cell);
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if h.is_empty() || h.chars().count() > 16 {
        return None;
    }
    if matches!(
        h.as_str(),
        "序号" | "编号" | "序" | "No" | "No." | "NO" | "项目编号" | "任务编号"
    ) {
        return Some(Col::Number);
    }
    // People, not bodies: 牵头领导, 分管领导, 责任人, 联系人 (and their phones).
    if has(&[
        "备注",
        "说明",
        "依据",
        "来源",
        "完成情况",
        "进展",
        "领导",
        "责任人",
        "联系人",
        "电话",
    ]) {
        return Some(Col::Ignore);
    }
    if has(&[
        "时限",
        "完成时间",
        "时间节点",
        "时间安排",
        "进度安排",
        "完成期限",
        "截止",
        "时间要求",
        "办结",
    ]) || matches!(h.as_str(), "时间" | "期限" | "完成年限")
    {
        return Some(Col::Deadline);
    }
    if has(&["牵头", "主责", "主办"]) {
        return Some(Col::Lead);
    }
    if has(&["配合", "协同", "参与", "协办", "协作", "协助"]) {
        return Some(Col::Partners);
    }
    if has(&[
        "责任单位",
        "责任部门",
        "责任主体",
        "承办",
        "实施单位",
        "实施主体",
        "落实单位",
        "指导部门",
        "主管部门",
        "负责单位",
        "负责部门",
        "责任处室",
        "责任科室",
        "责任人",
    ]) || matches!(h.as_str(), "单位" | "部门" | "责任" | "责任分工")
    {
        return Some(Col::Responsible);
    }
    if has(&["领域", "类别", "分类", "方面", "板块", "专项", "类型"]) && !has(&["任务", "措施"])
    {
        return Some(Col::Category);
    }
    if has(&[
        "任务",
        "措施",
        "举措",
        "事项",
        "内容",
        "重点工作",
        "工作",
        "项目名称",
        "具体",
    ]) {
        return Some(Col::Task);
    }
    if has(&["指标"]) {
        return Some(Col::Indicator);
    }
    if has(&["目标", "预期", "规划值"])
        || (year_in(&h).is_some() && !has(&["基期", "基数", "现状"]))
    {
        return Some(Col::Goal(year_in(&h)));
    }
    if has(&["基期", "基数", "现状", "基准", "现值", "属性", "性质"]) {
        return Some(Col::Ignore);
    }
    None
}

/// The columns of a table and the row its data starts at.
struct Header {
    cols: Vec<Option<Col>>,
    data_from: usize,
}

fn header(table: &Table) -> Option<Header> {
    for (i, row) in table.rows.iter().enumerate().take(3) {
        let mut cols: Vec<Option<Col>> = row.cells.iter().map(|c| role(&c.text)).collect();
        let mut data_from = i + 1;
        // A two-row header: 责任单位 spread over 牵头单位 | 配合单位 below.
        if let Some(next) = table.rows.get(i + 1) {
            let below: Vec<Option<Col>> = next.cells.iter().map(|c| role(&c.text)).collect();
            let spread_over = next
                .cells
                .iter()
                .zip(&row.cells)
                .any(|(n, r)| r.copy || n.copy);
            // A group row merged across the table (`一、…方面`) is one text
            // spread over every column, not a second header row.
            let mut texts: Vec<&str> = next.cells.iter().map(|c| c.text.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            let group_row = texts.iter().filter(|t| !t.trim().is_empty()).count() < 2;
            if spread_over
                && !group_row
                && below.iter().flatten().count() >= 1
                && !looks_numbered(next)
            {
                for (c, b) in cols.iter_mut().zip(below) {
                    if b.is_some() {
                        *c = b;
                    }
                }
                data_from = i + 2;
            }
        }
        let known = cols.iter().flatten().filter(|c| **c != Col::Ignore).count();
        let task = cols.contains(&Some(Col::Task));
        let said = |f: fn(&Col) -> bool| cols.iter().flatten().any(f);
        let accountable = said(|c| {
            matches!(
                c,
                Col::Lead | Col::Partners | Col::Responsible | Col::Deadline
            )
        });
        let indicator = said(|c| matches!(c, Col::Indicator));
        if known >= 2 && ((task && accountable) || indicator) {
            return Some(Header { cols, data_from });
        }
    }
    None
}

fn looks_numbered(row: &Row) -> bool {
    row.cells
        .first()
        .is_some_and(|c| !c.text.is_empty() && c.text.chars().all(|ch| ch.is_ascii_digit()))
}

/// True when the table's header names its columns: it is read here, not
/// as lines of text.
pub(super) fn is_read(table: &Table) -> bool {
    header(table).is_some()
}

/// True when the block is a table read as a table ([`is_read`]).
pub(super) fn is_read_block(block: &super::blocks::Block) -> bool {
    matches!(&block.kind, super::blocks::BlockKind::Table(t) if is_read(t))
}

fn all_tasks(sections: &mut [Section]) -> Vec<&mut Task> {
    let mut out = Vec::new();
    for s in sections {
        out.extend(s.tasks.iter_mut());
        out.extend(all_tasks(&mut s.sections));
    }
    out
}

/// Adds a table's tasks to the plan. A table that restates tasks of the
/// text (an annex 分工表 after the measures) gives those tasks the units and
/// deadlines the text lacks; its other rows are returned, to be placed.
pub(super) fn merge_into(
    sections: &mut [Section],
    table: Vec<Section>,
    guesses: &mut Vec<Guess>,
    line: usize,
) -> Vec<Section> {
    let mut merged = 0usize;
    let rest = {
        let mut prose = all_tasks(sections);
        table
            .into_iter()
            .filter_map(|sec| merge_section(sec, &mut prose, &mut merged))
            .collect()
    };
    if merged > 0 {
        guesses.push(Guess::new(
            line,
            format!("{merged} row(s) of the table restate tasks of the text: their units and deadlines were added to those tasks"),
        ));
    }
    rest
}

/// Merges one table section (and those inside it) into the text's tasks;
/// what is left of it, if anything.
fn merge_section(mut sec: Section, prose: &mut [&mut Task], merged: &mut usize) -> Option<Section> {
    let mut kept = Vec::new();
    for t in std::mem::take(&mut sec.tasks) {
        let key = norm(&t.title);
        let same = prose.iter_mut().find(|p| {
            let k = norm(&p.title);
            k == key
                || (key.chars().count() >= 6
                    && k.chars().count() >= 6
                    && (k.contains(&key) || key.contains(&k)))
        });
        match same {
            Some(p) => {
                *merged += 1;
                for (dst, src) in [
                    (&mut p.lead, t.lead),
                    (&mut p.partners, t.partners),
                    (&mut p.responsible, t.responsible),
                ] {
                    if dst.is_empty() {
                        *dst = src;
                    }
                }
                p.targets.extend(t.targets);
            }
            None => kept.push(t),
        }
    }
    sec.tasks = kept;
    sec.sections = std::mem::take(&mut sec.sections)
        .into_iter()
        .filter_map(|s| merge_section(s, prose, merged))
        .collect();
    (!sec.tasks.is_empty() || !sec.sections.is_empty()).then_some(sec)
}

/// What a table holds.
pub(super) enum Reading {
    /// Tasks, in sections (one per group of rows).
    Tasks(Vec<Section>),
    /// An indicator table: its targets (possibly none).
    Targets(Vec<Target>),
}

/// Reads a table whose header names its columns; `None` for a table that is
/// neither a task-division nor an indicator table.
pub(super) fn read(
    table: &Table,
    caption: Option<&str>,
    ctx: &mut assemble::Ctx,
) -> Option<Reading> {
    let mut h = header(table)?;
    let rows = &table.rows[h.data_from.min(table.rows.len())..];
    if !h.cols.contains(&Some(Col::Task)) {
        // In an indicator table 单位 is the unit of measure, not a department.
        for (c, cell) in h.cols.iter_mut().zip(&table.rows[h.data_from - 1].cells) {
            if matches!(norm(&cell.text).as_str(), "单位" | "计量单位") {
                *c = Some(Col::Measure);
            }
        }
        return Some(Reading::Targets(indicator_targets(&h, rows)));
    }
    settle_task_columns(&mut h.cols, rows);
    Some(Reading::Tasks(task_sections(&h, rows, caption, ctx)))
}

/// Of several task-like columns, a leading one whose cells repeat (merged
/// down) is the category; after the task column, another is its body.
fn settle_task_columns(cols: &mut [Option<Col>], rows: &[Row]) {
    let task_cols: Vec<usize> = (0..cols.len())
        .filter(|&i| cols[i] == Some(Col::Task))
        .collect();
    if task_cols.len() < 2 {
        return;
    }
    let repeats = |c: usize| {
        let mut same = 0;
        for w in rows.windows(2) {
            let (a, b) = (w[0].cells.get(c), w[1].cells.get(c));
            if let (Some(a), Some(b)) = (a, b) {
                if b.copy || (!a.text.is_empty() && a.text == b.text) {
                    same += 1;
                }
            }
        }
        same * 3 >= rows.len().max(1)
    };
    let mut first = 0;
    if repeats(task_cols[0]) {
        cols[task_cols[0]] = Some(Col::Category);
        first = 1;
    }
    for &c in &task_cols[first + 1..] {
        cols[c] = Some(Col::Body);
    }
}

fn cell<'a>(h: &Header, row: &'a Row, want: Col) -> Vec<&'a str> {
    h.cols
        .iter()
        .zip(&row.cells)
        .filter(|(c, cell)| **c == Some(want) && !cell.text.trim().is_empty())
        .map(|(_, cell)| cell.text.trim())
        .collect()
}

/// A group row: one text across the row (merged), or a numbered heading
/// (`一、`, `(一)`) with no units, deadline or number of a task.
fn group_title(h: &Header, row: &Row) -> Option<String> {
    let texts: Vec<&str> = row
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let first = *texts.first()?;
    if texts.iter().all(|t| *t == first) {
        return Some(first.to_string());
    }
    let units = [Col::Lead, Col::Partners, Col::Responsible, Col::Deadline]
        .iter()
        .any(|&c| !cell(h, row, c).is_empty());
    if units {
        return None;
    }
    let number = cell(h, row, Col::Number);
    let task = cell(h, row, Col::Task).join("");
    let numbered_heading = |s: &str| {
        parse_heading(s)
            .is_some_and(|hd| matches!(hd.style, Style::Cn | Style::ParenCn | Style::Part))
    };
    let cn_number = number.first().is_some_and(|n| {
        n.chars()
            .all(|c| "一二三四五六七八九十百、()（）.".contains(c))
    });
    if numbered_heading(&task) || (cn_number && !task.is_empty()) {
        let n = number.first().map_or(String::new(), |n| format!("{n}、"));
        return Some(format!("{}{task}", n.replace("、、", "、")));
    }
    let noun = norm(&task);
    (texts.len() == 1
        && (noun.ends_with("方面") || noun.ends_with("领域"))
        && noun.chars().count() <= 20)
        .then(|| texts[0].to_string())
}

/// The units of a row's unit columns, read as the text would be.
fn row_units(h: &Header, row: &Row) -> units::Units {
    let mut all = units::Units::default();
    for (col, label) in [
        (Col::Lead, "牵头单位"),
        (Col::Partners, "配合单位"),
        (Col::Responsible, "责任单位"),
    ] {
        for text in cell(h, row, col) {
            let text = text.replace(['\n', '\r'], "、");
            // A cell may label its own parts (`A牵头，B、C配合`).
            let labelled = ["牵头", "配合", "协同", "参与", "责任单位"]
                .iter()
                .any(|w| text.contains(w));
            let bracket = if labelled && col == Col::Responsible {
                format!("（{text}）")
            } else {
                format!("（{label}：{text}）")
            };
            let (_, u) = units::extract(&bracket);
            for (dst, src) in [
                (&mut all.lead, u.lead),
                (&mut all.partners, u.partners),
                (&mut all.responsible, u.responsible),
            ] {
                for n in src {
                    if !dst.contains(&n) {
                        dst.push(n);
                    }
                }
            }
            all.unprefixed.extend(u.unprefixed);
        }
    }
    all
}

/// A deadline cell as a target of the task: the year it names (`2024年6月
/// 底前`, the end of `2023—2025年`); `None` for `长期坚持`, `持续推进`.
fn deadline_target(title: &str, deadline: &str) -> Option<Target> {
    let d = deadline.trim();
    let years: Vec<i32> = d
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| s.len() == 4)
        .filter_map(|s| s.parse().ok())
        .filter(|y| (1949..=2100).contains(y))
        .collect();
    let year = *years.iter().max()?;
    Some(Target {
        year: Some(year),
        text: format!("{title}（完成时限：{d}）"),
        value: None,
        unit: None,
    })
}

fn task_sections(
    h: &Header,
    rows: &[Row],
    caption: Option<&str>,
    ctx: &mut assemble::Ctx,
) -> Vec<Section> {
    let default_title = caption
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "重点任务".to_string());
    let mut sections: Vec<Section> = Vec::new();
    // A group row (`一、…方面`) opens a section; a category column's value
    // opens one inside it (or at the top where there are no group rows).
    let mut group: Option<String> = None;
    let mut category: Option<String> = None;
    let mut last: Option<(Option<String>, Option<String>)> = None;
    let mut unnumbered = 0usize;
    for row in rows {
        if let Some(g) = group_title(h, row) {
            group = Some(g);
            category = None;
            continue;
        }
        let cat = cell(h, row, Col::Category).join(" ");
        if !cat.is_empty() {
            category = Some(cat);
        }
        let text = cell(h, row, Col::Task).join("\n");
        if text.is_empty() {
            continue;
        }
        let key = (group.clone(), category.clone());
        if last.as_ref() != Some(&key) {
            let group_changed = last.as_ref().is_none_or(|(g, _)| *g != group);
            match (&group, &category) {
                (Some(g), Some(c)) => {
                    if group_changed {
                        sections.push(section_for(g));
                    }
                    let top = sections.last_mut().expect("pushed above");
                    top.sections.push(section_for(c));
                }
                (Some(t), None) | (None, Some(t)) => sections.push(section_for(t)),
                (None, None) => sections.push(section_for(&default_title)),
            }
            last = Some(key);
        }
        let top = sections.last_mut().expect("pushed above");
        let sec = if group.is_some() && category.is_some() {
            top.sections.last_mut().expect("pushed above")
        } else {
            top
        };
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or_default();
        let (title, rest) = split_title(first);
        let mut paras: Vec<(usize, String)> = Vec::new();
        if !rest.is_empty() {
            paras.push((row.line, rest));
        }
        paras.extend(lines.map(|l| (row.line, l.to_string())));
        paras.extend(
            cell(h, row, Col::Body)
                .into_iter()
                .map(|b| (row.line, b.to_string())),
        );
        let printed = cell(h, row, Col::Number)
            .first()
            .map(|n| n.trim_end_matches(['.', '、', '．']).to_string())
            .filter(|n| !n.is_empty() && sec.tasks.iter().all(|t| &t.number != n));
        let number = printed.unwrap_or_else(|| {
            unnumbered += 1;
            format!("u{unnumbered}")
        });
        let mut task: Task = assemble::task(&number, &title, &paras, row.line, ctx);
        let u = row_units(h, row);
        for (dst, src) in [
            (&mut task.lead, u.lead),
            (&mut task.partners, u.partners),
            (&mut task.responsible, u.responsible),
        ] {
            for n in src {
                if !dst.contains(&n) {
                    dst.push(n);
                }
            }
        }
        for d in cell(h, row, Col::Deadline) {
            match deadline_target(&task.title, d) {
                Some(t) => task.targets.push(t),
                None if !d.is_empty() => ctx.guesses.push(
                    Guess::new(
                        row.line,
                        format!("task {number}: deadline {d:?} names no year; not a target"),
                    )
                    .low()
                    .grouped("deadlines that name no year; not targets"),
                ),
                None => {}
            }
        }
        sec.tasks.push(task);
    }
    for s in &mut sections {
        s.sections.retain(|c| !c.tasks.is_empty());
    }
    sections.retain(|s| !s.tasks.is_empty() || !s.sections.is_empty());
    sections
}

fn section_for(group: &str) -> Section {
    match parse_heading(group) {
        Some(hd) if !hd.rest.is_empty() => Section {
            number: hd.number.clone(),
            title: hd.rest.trim_end_matches(['：', ':']).to_string(),
            ..Section::default()
        },
        _ => Section {
            title: group.to_string(),
            ..Section::default()
        },
    }
}

/// The targets of an indicator table: each goal cell of a row, with the
/// year its column names (or none: the caller gives the plan's end year).
fn indicator_targets(h: &Header, rows: &[Row]) -> Vec<Target> {
    let mut out = Vec::new();
    for row in rows {
        let names = cell(h, row, Col::Indicator);
        let Some(name) = names.last() else { continue };
        let measure = cell(h, row, Col::Measure).first().copied().unwrap_or("");
        for (col, c) in h.cols.iter().zip(&row.cells) {
            let Some(Col::Goal(year)) = col else { continue };
            let v = c.text.trim();
            if v.is_empty() || !v.chars().any(|ch| ch.is_ascii_digit()) {
                continue;
            }
            let clause = format!("{name}达到{v}{measure}");
            let (value, unit) = targets::quantity(&clause);
            out.push(Target {
                year: *year,
                text: clause,
                value,
                unit,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::Cell;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    line: i + 1,
                    cells: r
                        .iter()
                        .map(|t| match t.strip_prefix('^') {
                            Some(t) => Cell::copy(t),
                            None => Cell::new(*t),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn ctx() -> assemble::Ctx {
        assemble::Ctx::new("某市".into(), Vec::new())
    }

    #[test]
    fn roles_from_headers() {
        assert_eq!(role("序  号"), Some(Col::Number));
        assert_eq!(role("重点任务"), Some(Col::Task));
        assert_eq!(role("牵头单位"), Some(Col::Lead));
        assert_eq!(role("配合单位"), Some(Col::Partners));
        assert_eq!(role("责任单位及承办科室"), Some(Col::Responsible));
        assert_eq!(role("完成时限"), Some(Col::Deadline));
        assert_eq!(role("2025年目标值"), Some(Col::Goal(Some(2025))));
        assert_eq!(role("指标名称"), Some(Col::Indicator));
        assert_eq!(role("2020年基期值"), Some(Col::Ignore));
        assert_eq!(role("建设10所学校"), None);
    }

    #[test]
    fn task_table_with_groups_and_merged_categories() {
        let t = table(&[
            &[
                "序号",
                "领域",
                "重点任务",
                "牵头单位",
                "配合单位",
                "完成时限",
            ],
            &[
                "1",
                "教育",
                "新建5所学校。扩大学位供给",
                "市教育局",
                "市财政局、发展改革委",
                "2024年12月底前",
            ],
            &[
                "2",
                "^教育",
                "推进集团化办学",
                "市教育局",
                "各区政府",
                "长期坚持",
            ],
            &[
                "3",
                "卫生",
                "建设区域医疗中心",
                "市卫生健康委",
                "",
                "2023—2025年",
            ],
        ]);
        let mut c = ctx();
        let Some(Reading::Tasks(secs)) = read(&t, Some("重点任务分工表"), &mut c) else {
            panic!("not a task table")
        };
        assert_eq!(secs.len(), 2);
        assert_eq!(secs[0].title, "教育");
        let t1 = &secs[0].tasks[0];
        assert_eq!(t1.number, "1");
        assert_eq!(t1.title, "新建5所学校");
        assert_eq!(t1.lead, ["市教育局"]);
        assert_eq!(t1.partners, ["市财政局", "市发展改革委"]);
        assert_eq!(t1.targets[0].year, Some(2024));
        assert!(
            secs[0].tasks[1].targets.is_empty(),
            "长期坚持 is no deadline"
        );
        assert_eq!(secs[1].tasks[0].targets[0].year, Some(2025));
        assert!(c
            .guesses
            .iter()
            .any(|g| g.line == 3 && g.message.contains("长期坚持")));
    }

    #[test]
    fn group_rows_are_sections_not_tasks() {
        let t = table(&[
            &["序号", "工作任务", "责任单位"],
            &["一", "基础设施方面", ""],
            &["1", "修建道路", "市交通运输局牵头，市财政局配合"],
            &["二、产业发展", "^二、产业发展", "^二、产业发展"],
            &["2", "培育企业", "市工业和信息化局"],
        ]);
        let Some(Reading::Tasks(secs)) = read(&t, None, &mut ctx()) else {
            panic!()
        };
        assert_eq!(secs.len(), 2, "{secs:#?}");
        assert_eq!(
            (secs[0].number.as_str(), secs[0].title.as_str()),
            ("一", "基础设施方面")
        );
        assert_eq!(secs[1].title, "产业发展");
        assert_eq!(secs[0].tasks[0].lead, ["市交通运输局"]);
        assert_eq!(secs[0].tasks[0].partners, ["市财政局"]);
        assert_eq!(secs[1].tasks[0].responsible, ["市工业和信息化局"]);
    }

    #[test]
    fn indicator_table_gives_targets() {
        let t = table(&[
            &[
                "序号",
                "指标",
                "单位",
                "2020年基期值",
                "2025年目标值",
                "属性",
            ],
            &["1", "学前教育毛入园率", "%", "88", "92.4", "预期性"],
            &["2", "新建幼儿园", "所", "—", "20", "约束性"],
        ]);
        let Some(Reading::Targets(ts)) = read(&t, None, &mut ctx()) else {
            panic!()
        };
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].year, Some(2025));
        assert_eq!(ts[0].value.as_deref(), Some("92.4"));
        assert_eq!(ts[1].unit.as_deref(), Some("所"));
    }

    #[test]
    fn other_tables_are_left_alone() {
        let t = table(&[&["姓名", "电话"], &["张三", "123"]]);
        assert!(read(&t, None, &mut ctx()).is_none());
    }
}
