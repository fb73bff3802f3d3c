//! The chapter tree -> sections and tasks. Task chapters (主要任务, 重点任务,
//! …行动) hold tasks; every other chapter is kept as sections with its text
//! in `body`, so nothing is lost. Goal chapters (总体目标, 年度目标) feed the
//! plan's own targets.

use super::markdown;
use super::structure::{split_title, Node};
use super::targets;
use super::units;
use super::Guess;
use crate::model::{Section, Target, Task};

pub struct Ctx {
    pub guesses: Vec<Guess>,
    pub plan_targets: Vec<Target>,
    /// "列第一位的为牵头单位": a 责任单位 list's first unit leads.
    pub first_listed_leads: bool,
    /// The plan's jurisdiction; bare unit names are only suspicious in a local plan.
    pub jurisdiction: String,
}

const NOT_TASKS: &[&str] = &[
    "指导思想",
    "基本原则",
    "原则",
    "目标",
    "要求",
    "保障",
    "组织实施",
    "实施步骤",
    "步骤",
    "背景",
    "形势",
    "基础",
    "总则",
    "附则",
    "意义",
    "现状",
    "职责",
];
const TASKS: &[&str] = &[
    "任务",
    "行动",
    "举措",
    "措施",
    "工程",
    "重点工作",
    "主要工作",
    "工作内容",
    "计划",
    "项目",
];

/// True for a chapter whose items are tasks.
pub fn is_task_chapter(title: &str) -> bool {
    !NOT_TASKS.iter().any(|w| title.contains(w)) && TASKS.iter().any(|w| title.contains(w))
}

fn is_goal(title: &str) -> bool {
    title.contains("目标")
}

/// Whether a chapter may hold tasks when no chapter says so by name.
pub fn could_be_tasks(title: &str) -> bool {
    !NOT_TASKS.iter().any(|w| title.contains(w))
}

fn texts(paras: &[(usize, String)]) -> Vec<String> {
    paras.iter().map(|(_, t)| t.clone()).collect()
}

/// A chapter (or sub-chapter) that holds no tasks.
pub fn plain_section(node: &Node, goal: bool, ctx: &mut Ctx) -> Section {
    let goal = goal || is_goal(&node.title);
    let own = node.own_paras();
    if goal {
        let year = targets::heading_year(&node.title);
        ctx.plan_targets
            .extend(targets::scan(&texts(&own).join("\n"), year));
    }
    Section {
        number: node.number.clone(),
        title: non_empty(&node.title, &node.number),
        body: markdown::paragraphs(&texts(&own)),
        sections: node
            .children
            .iter()
            .map(|c| plain_section(c, goal, ctx))
            .collect(),
        ..Section::default()
    }
}

/// A task chapter: children with their own items become sections of tasks;
/// childless children are tasks themselves (or, when only a heading with
/// paragraphs under it, a section of unnumbered tasks).
pub fn task_chapter(node: &Node, ctx: &mut Ctx) -> Section {
    let own = node.own_paras();
    let mut sec = Section {
        number: node.number.clone(),
        title: non_empty(&node.title, &node.number),
        body: markdown::paragraphs(&texts(&own)),
        targets: targets::scan(&texts(&own).join("\n"), None),
        ..Section::default()
    };
    for c in &node.children {
        if c.children.is_empty() {
            if c.lead.is_empty() && !c.paras.is_empty() {
                sec.sections.push(unnumbered(c, ctx));
            } else {
                sec.tasks
                    .push(task(&c.number, &c.title, &c.own_paras(), c.line, ctx));
            }
        } else {
            let own = c.own_paras();
            let mut sub = Section {
                number: c.number.clone(),
                title: non_empty(&c.title, &c.number),
                body: markdown::paragraphs(&texts(&own)),
                targets: targets::scan(&texts(&own).join("\n"), None),
                ..Section::default()
            };
            for g in &c.children {
                sub.tasks
                    .push(task(&g.number, &g.title, &g.all_paras(), g.line, ctx));
            }
            sec.sections.push(sub);
        }
    }
    sec
}

/// A heading with paragraphs and no numbered items: its paragraphs are
/// tasks u1, u2 …, a new one after each paragraph that names its units.
fn unnumbered(node: &Node, ctx: &mut Ctx) -> Section {
    let mut groups: Vec<Vec<(usize, String)>> = vec![Vec::new()];
    for p in &node.paras {
        groups.last_mut().expect("a group").push(p.clone());
        if !units::extract(&p.1).1.is_empty() {
            groups.push(Vec::new());
        }
    }
    if groups.len() > 1 && groups.last().is_some_and(Vec::is_empty) {
        groups.pop();
    } else if groups.len() > 1 {
        // Trailing paragraphs without units belong to the last task.
        let tail = groups.pop().unwrap_or_default();
        groups.last_mut().expect("a group").extend(tail);
    }
    ctx.guesses.push(Guess::new(
        node.line,
        format!(
            "{} {} has no numbered items; its text became {} unnumbered task(s)",
            node.number,
            node.title,
            groups.len()
        ),
    ));
    let mut sec = Section {
        number: node.number.clone(),
        title: non_empty(&node.title, &node.number),
        ..Section::default()
    };
    for (i, g) in groups.iter().enumerate() {
        let (title, rest) = split_title(&g[0].1);
        let mut paras = Vec::new();
        if !rest.is_empty() {
            paras.push((g[0].0, rest));
        }
        paras.extend(g[1..].iter().cloned());
        sec.tasks
            .push(task(&format!("u{}", i + 1), &title, &paras, g[0].0, ctx));
    }
    sec
}

fn non_empty(title: &str, number: &str) -> String {
    if title.trim().is_empty() {
        number.to_string()
    } else {
        title.to_string()
    }
}

/// One task from its title and paragraphs: unit brackets go to
/// lead/partners/responsible, dated clauses to targets.
pub fn task(
    number: &str,
    title: &str,
    paras: &[(usize, String)],
    line: usize,
    ctx: &mut Ctx,
) -> Task {
    let mut all = units::Units::default();
    let mut add = |u: units::Units| {
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
    };
    let (title, tu) = units::extract(title);
    add(tu);
    let mut body_paras = Vec::new();
    for (_, p) in paras {
        let (text, u) = units::extract(p);
        add(u);
        if !text.is_empty() {
            body_paras.push(text);
        }
    }
    let mut title = title.trim_end_matches('。').trim().to_string();
    if title.is_empty() {
        // `1.` alone on its line, or a bracket only: the first sentence titles it.
        if let Some(first) = body_paras.first().cloned() {
            let (t, rest) = split_title(&first);
            title = t;
            if rest.is_empty() {
                body_paras.remove(0);
            } else {
                body_paras[0] = rest;
            }
        }
    }
    if title.is_empty() {
        title = number.to_string();
        ctx.guesses
            .push(Guess::new(line, format!("task {number} has no title")));
    }
    if ctx.first_listed_leads && all.lead.is_empty() && !all.responsible.is_empty() {
        let mut r = std::mem::take(&mut all.responsible);
        all.lead.push(r.remove(0));
        all.partners.extend(r);
    }
    if !ctx.jurisdiction.is_empty() && !all.unprefixed.is_empty() {
        ctx.guesses.push(Guess::new(
            line,
            format!(
                "task {number}: {} named without a level prefix (市/州/县/区) and none precedes it; left as written",
                all.unprefixed.join("、")
            ),
        ));
    }
    let mut text = title.clone();
    text.push('。');
    text.push_str(&body_paras.join("\n"));
    Task {
        number: number.to_string(),
        targets: targets::scan(&text, None),
        body: markdown::paragraphs(&body_paras),
        title,
        lead: all.lead,
        partners: all.partners,
        responsible: all.responsible,
    }
}
