//! The chapter tree -> sections and tasks. Task chapters (主要任务, 重点任务,
//! …行动, or the substantive chapters of a document whose chapters are each
//! a line of work) hold tasks; every other chapter is kept as sections with
//! its text in `body`, so nothing is lost. Goal chapters (总体目标, 年度目标)
//! feed the plan's own targets.

use super::markdown;
use super::structure::{simp, split_title, Node};
use super::targets;
use super::units;
use super::Guess;
use crate::model::{Section, Target, Task};

pub(super) struct Ctx {
    pub guesses: Vec<Guess>,
    pub plan_targets: Vec<Target>,
    /// "列第一位的为牵头单位": from this source line on, the first unit of
    /// a list without labels leads and the others are partners.
    pub first_listed_from: Option<usize>,
    /// The plan's jurisdiction; bare unit names are only suspicious in a local plan.
    pub jurisdiction: String,
    /// Lines where the first-listed-lead convention was applied (one guess each).
    first_listed_used: bool,
    /// Units a clause makes responsible for every later item
    /// (`以下均需各区政府负责，不再列出`): from the line after it on.
    pub implied: Vec<(usize, Vec<String>)>,
    /// Heading lines of chapters whose content is a table read by
    /// `table`: never tasks themselves.
    pub table_chapters: Vec<usize>,
}

impl Ctx {
    pub(super) fn new(jurisdiction: String, guesses: Vec<Guess>) -> Ctx {
        Ctx {
            guesses,
            plan_targets: Vec::new(),
            first_listed_from: None,
            jurisdiction,
            first_listed_used: false,
            table_chapters: Vec::new(),
            implied: Vec::new(),
        }
    }
}

/// Chapter names that never hold tasks: principles, goals, safeguards,
/// organisation, background.
const NOT_TASKS: &[&str] = &[
    "指导思想",
    "指导方针",
    "基本原则",
    "原则",
    "总体要求",
    "工作要求",
    "有关要求",
    "目标",
    "保障措施",
    "保障机制",
    "组织保障",
    "组织实施",
    "组织领导",
    "实施步骤",
    "步骤",
    "推进计划",
    "实施进度",
    "时间进度",
    "阶段安排",
    "进度安排",
    "时间安排",
    "背景",
    "形势",
    "发展基础",
    "工作基础",
    "现实基础",
    "总则",
    "附则",
    "意义",
    "现状",
    "职责分工",
    "适用范围",
    "试点范围",
    "监督考核",
    "考核评估",
    "督导考核",
];
/// Names that usually mark a safeguard chapter but may name a line of work
/// (加强资金保障): tasks only when their items name accountable units.
const WEAK_NOT_TASKS: &[&str] = &["保障", "要求", "机制建设", "考核", "督查", "督导", "宣传"];
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

fn strong_not(title: &str) -> bool {
    let t = simp(title);
    NOT_TASKS.iter().any(|w| t.contains(w))
}

/// A schedule: every item is a phase (`启动阶段（2024年4月…）`), not work.
fn is_schedule(node: &Node) -> bool {
    node.children.len() >= 2
        && node.children.iter().all(|c| {
            let t = simp(&c.title);
            let head = t.split(['(', '（']).next().unwrap_or("");
            head.ends_with("阶段") || head.ends_with("时期")
        })
}

fn weak_not(title: &str) -> bool {
    let t = simp(title);
    WEAK_NOT_TASKS.iter().any(|w| t.contains(w))
}

/// Task words that outweigh a safeguard-like word in the same name:
/// `实施公平保障行动` is a line of work, `加强资金保障` is not.
const STRONG_TASKS: &[&str] = &["任务", "行动"];

/// True for a chapter whose name says it holds tasks.
pub(super) fn is_task_chapter(title: &str) -> bool {
    let t = simp(title);
    !strong_not(&t)
        && (!weak_not(&t) || STRONG_TASKS.iter().any(|w| t.contains(w)))
        && TASKS.iter().any(|w| t.contains(w))
}

/// Goal chapters, and the general requirements that state the goals
/// in their closing sentence (总体要求: …。到2020年，…).
fn is_goal(title: &str) -> bool {
    let t = simp(title);
    t.contains("目标") || t.contains("总体要求")
}

fn texts(paras: &[(usize, String)]) -> Vec<String> {
    paras.iter().map(|(_, t)| t.clone()).collect()
}

/// The first chapter of an annex: numbered 一 (or 第一…, 1) again, after a
/// line that is `附件`, `附件1` or `附件：…` alone in the text before it.
fn annex_start(roots: &[Node]) -> Option<usize> {
    let first = |n: &str| matches!(n, "一" | "第一" | "第一条" | "1");
    let marker = |p: &str| {
        let t = p.trim();
        let rest = t
            .strip_prefix("附件")
            .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
        rest.is_some_and(|r| r.is_empty() || r.starts_with([':', '：']))
    };
    (1..roots.len()).find(|&k| {
        first(&roots[k].number) && roots[k - 1].all_paras().iter().any(|(_, p)| marker(p))
    })
}

/// Whether a node's own text names accountable units.
fn own_units(node: &Node) -> bool {
    node.own_paras()
        .iter()
        .any(|(_, p)| !units::extract(p).1.is_empty())
}

/// How many of a chapter's items (children and grandchildren) name units.
fn items_with_units(node: &Node) -> (usize, usize) {
    items_with(node, |p| !units::extract(p).1.is_empty())
}

/// How many of a chapter's items set a deadline (`2019年3月底前…`).
fn items_with_dates(node: &Node) -> (usize, usize) {
    items_with(node, |p| {
        targets::scan(p, None).iter().any(|t| t.year.is_some())
    })
}

/// How many of a chapter's items (children, or grandchildren where a child
/// has items) have a paragraph for which `pred` holds.
fn items_with(node: &Node, pred: impl Fn(&str) -> bool) -> (usize, usize) {
    let mut with = 0;
    let mut all = 0;
    for c in &node.children {
        let items: Vec<&Node> = if c.children.is_empty() {
            vec![c]
        } else {
            c.children.iter().collect()
        };
        for i in items {
            all += 1;
            if i.all_paras()
                .iter()
                .chain(std::iter::once(&(i.line, i.title.clone())))
                .any(|(_, p)| pred(p))
            {
                with += 1;
            }
        }
    }
    (with, all)
}

/// Every chapter as a section; task chapters get tasks. A chapter holds
/// tasks when its name says so (主要任务, …行动); in a document where no
/// chapter says so, every chapter that is not about principles, goals or
/// safeguards does; a chapter with a neutral or safeguard-like name
/// (加强资金保障) does when most of its items name accountable units, or
/// when it sits between two task chapters.
pub(super) fn sections(roots: &[Node], ctx: &mut Ctx) -> Vec<Section> {
    ctx.first_listed_from = roots.iter().find_map(first_listed_line);
    for n in roots {
        implied_units(n, &mut ctx.implied);
    }
    for (line, names) in &ctx.implied {
        ctx.guesses.push(Guess::new(
            *line,
            format!(
                "the text makes {} responsible for every later item (以下均…负责); added to each later task",
                names.join("、")
            ),
        ));
    }
    let holds_table = |n: &Node| ctx.table_chapters.contains(&n.line);
    let named: Vec<bool> = roots
        .iter()
        .map(|n| !holds_table(n) && !is_schedule(n) && is_task_chapter(&n.title))
        .collect();
    // In a flat list of measures (no item has items) a name that sounds
    // like a task chapter (盘活开发项目存量车位) is a coincidence, not a
    // chapter: names decide only where there are chapters.
    let flat = roots
        .iter()
        .filter(|n| !holds_table(n))
        .all(|n| n.children.is_empty());
    let any_named = !flat && named.iter().any(|&b| b);
    let first_named = named.iter().position(|&b| b);
    let last_named = named.iter().rposition(|&b| b);
    // The closing run of safeguard-like chapters (`强化协调配合，加强资金保障`
    // after the lines of work): support, even where its items name units.
    let closing = (0..roots.len())
        .rposition(|k| {
            let t = &roots[k].title;
            named[k] || !(strong_not(t) || weak_not(t))
        })
        .map_or(0, |k| k + 1);
    let dated: Vec<(usize, usize)> = roots.iter().map(items_with_dates).collect();
    let unit_counts: Vec<(usize, usize)> = roots.iter().map(items_with_units).collect();
    let has_evidence = |k: usize| {
        let ((w, a), (d, _)) = (unit_counts[k], dated[k]);
        (w >= 2 && w * 2 >= a) || (d >= 2 && d * 2 >= a)
    };
    // Somewhere the items are work with units or deadlines: chapters whose
    // items have neither (二、指标体系 describing indicators) describe.
    let some_evidence = (0..roots.len()).any(|k| !holds_table(&roots[k]) && has_evidence(k));
    let mut kinds: Vec<bool> = Vec::with_capacity(roots.len());
    for (k, n) in roots.iter().enumerate() {
        let (with, all) = unit_counts[k];
        let (with_dates, _) = dated[k];
        let evidence = with >= 2 && with * 2 >= all;
        let dated_work = with_dates >= 2 && with_dates * 2 >= all;
        let deadline_work = || {
            chapter_note(n, format!("the name sounds like safeguards, but {with_dates} of its {all} items are work with a deadline; treated as a task chapter"))
        };
        let is_tasks = if named[k] {
            true
        } else if holds_table(n) || is_schedule(n) || strong_not(&n.title) {
            false
        } else if n.children.is_empty() && own_units(n) {
            // A numbered item with no items of its own that names its units
            // (`三、全面保障用工需求。…（责任单位：…）`): a line of work,
            // whatever its name sounds like.
            if any_named {
                ctx.guesses.push(chapter_note(n, "not named as a task chapter, but it has no items and names its own units; treated as a task").grouped("not named as task chapters, but with no items and their own units; treated as tasks"));
            }
            true
        } else if weak_not(&n.title) && k >= closing && k > 0 && dated_work && !evidence {
            ctx.guesses.push(deadline_work());
            true
        } else if weak_not(&n.title) && k >= closing && k > 0 {
            if evidence {
                ctx.guesses.push(chapter_note(n, format!("{with} of its {all} items name accountable units, but it is the closing safeguard chapter; not treated as a task chapter")).low());
            }
            false
        } else if weak_not(&n.title) {
            if evidence {
                ctx.guesses.push(chapter_note(n, format!("the name sounds like safeguards, but {with} of its {all} items name accountable units; treated as a task chapter")));
            } else if dated_work {
                ctx.guesses.push(deadline_work());
            }
            evidence || dated_work
        } else if !any_named
            && some_evidence
            && !n.children.is_empty()
            && with == 0
            && with_dates == 0
        {
            ctx.guesses.push(chapter_note(n, format!("none of its {all} items names units or a deadline, while other chapters' items do; not treated as a task chapter")));
            false
        } else if !any_named {
            true
        } else if evidence {
            ctx.guesses.push(chapter_note(n, format!("not named as a task chapter, but {with} of its {all} items name accountable units; treated as a task chapter")));
            true
        } else if first_named.is_some_and(|f| f < k) && last_named.is_some_and(|l| l > k) {
            ctx.guesses.push(
                chapter_note(n, "between two task chapters; treated as a task chapter").low(),
            );
            true
        } else {
            false
        };
        kinds.push(is_tasks);
    }
    // An annex (its numbering starts again after a line `附件`) is an
    // indicator table or a form, not more tasks, unless most of its items
    // name accountable units (a 任务分工表).
    if let Some(from) = annex_start(roots) {
        ctx.guesses.push(Guess::new(
            roots[from].line,
            format!(
                "{}、{}: numbering starts again after `附件`: read as an annex, whose items are tasks only where they name units",
                roots[from].number, roots[from].title
            ),
        ).at(&roots[from].title));
        for (k, n) in roots.iter().enumerate().skip(from) {
            let (with, all) = items_with_units(n);
            kinds[k] = with >= 2 && with * 2 >= all;
        }
    }
    if !any_named {
        if let Some(n) = roots.iter().zip(&kinds).find(|(_, &t)| t).map(|(n, _)| n) {
            ctx.guesses.push(Guess::new(
                n.line,
                "no chapter is named as holding tasks (主要任务, 重点任务, …行动); treated every chapter that is not about principles, goals or safeguards as a task chapter",
            ));
        }
    }
    // The deepest numbered level holds the tasks: a task chapter with no
    // numbered items and no itemised paragraphs is itself a task (a measures
    // document numbered `一、`…`九、` or `第一条`…, each item with its units).
    // Where chapters are named as task chapters, a childless one is a task
    // only when it names its units. Consecutive such items share one
    // unnumbered section, so their numbering path is the item's own number.
    let mut out = Vec::with_capacity(roots.len());
    let mut flat: Option<Section> = None;
    for (n, is_tasks) in roots.iter().zip(kinds) {
        let own = n.own_paras();
        let root_task = is_tasks
            && n.children.is_empty()
            && itemised(n, false).is_none()
            && (!any_named || own_units(n));
        if root_task {
            let sec = flat.get_or_insert_with(|| {
                ctx.guesses.push(chapter_note(n, "a numbered item with no items under it, in a chapter-less list of measures; treated as a task"));
                Section {
                    title: FLAT_SECTION.to_string(),
                    ..Section::default()
                }
            });
            sec.tasks.push(task(&n.number, &n.title, &own, n.line, ctx));
            continue;
        }
        out.extend(flat.take());
        out.push(if is_tasks {
            task_chapter(n, ctx)
        } else {
            plain_section(n, false, false, ctx)
        });
    }
    out.extend(flat);
    out
}

/// Title of the unnumbered section holding a measures document's items.
const FLAT_SECTION: &str = "各项措施";

/// Clauses that make units responsible for every later item.
fn implied_units(node: &Node, out: &mut Vec<(usize, Vec<String>)>) {
    for (line, text) in
        std::iter::once((node.line, node.raw.clone())).chain(node.paras.iter().cloned())
    {
        if let Some(names) = units::implied_from_here(&text) {
            out.push((line, names));
        }
    }
    for c in &node.children {
        implied_units(c, out);
    }
}

/// A guess about a chapter, at its heading: `一、标题: what`.
fn chapter_note(n: &Node, what: impl std::fmt::Display) -> Guess {
    Guess::new(n.line, format!("{}、{}: {what}", n.number, n.title)).at(&n.title)
}

/// The source line where "列第一位的为牵头单位" is stated, if anywhere.
fn first_listed_line(node: &Node) -> Option<usize> {
    std::iter::once((node.line, node.raw.clone()))
        .chain(node.paras.iter().cloned())
        .find(|(_, t)| units::first_listed_leads(t))
        .map(|(l, _)| l)
        .or_else(|| node.children.iter().find_map(first_listed_line))
}

/// A chapter (or sub-chapter) that holds no tasks. `quiet`: inside a
/// chapter of safeguards, steps or background, whose dates are no targets.
pub(super) fn plain_section(node: &Node, goal: bool, quiet: bool, ctx: &mut Ctx) -> Section {
    let goal = goal || is_goal(&node.title);
    let quiet = quiet || strong_not(&node.title);
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
        // A chapter of substance the structure did not read as tasks still
        // states its dated targets; safeguards, steps and background do not.
        // A dated step or phase (`启动阶段（…至2024年12月31日）`) sets the
        // deadline of the work it lists, even among the steps.
        targets: match targets::heading_year(&node.title) {
            _ if goal => Vec::new(),
            Some(year) => targets::scan(&texts(&own).join("\n"), Some(year)),
            None if quiet => Vec::new(),
            None => targets::scan(&texts(&own).join("\n"), None),
        },
        sections: node
            .children
            .iter()
            .map(|c| plain_section(c, goal, quiet, ctx))
            .collect(),
        ..Section::default()
    }
}

/// A task chapter: children with their own items become sections of tasks;
/// childless children are tasks themselves, or sections of unnumbered
/// tasks when their paragraphs are itemised (heading sentences, or each
/// closing with its units). A child with items that names its own units is
/// a task as well as the section of its items.
pub(super) fn task_chapter(node: &Node, ctx: &mut Ctx) -> Section {
    let own = node.own_paras();
    let mut sec = Section {
        number: node.number.clone(),
        title: non_empty(&node.title, &node.number),
        body: markdown::paragraphs(&texts(&own)),
        targets: targets::scan(&texts(&own).join("\n"), None),
        ..Section::default()
    };
    let section_position = node.children.iter().any(|c| !c.children.is_empty());
    for c in &node.children {
        if c.children.is_empty() {
            match itemised(c, section_position) {
                Some((intro, groups)) => sec.sections.push(unnumbered(c, &intro, groups, ctx)),
                None => sec
                    .tasks
                    .push(task(&c.number, &c.title, &c.own_paras(), c.line, ctx)),
            }
        } else {
            let own = c.own_paras();
            let own_units = own.iter().any(|(_, p)| !units::extract(p).1.is_empty());
            let mut sub = Section {
                number: c.number.clone(),
                title: non_empty(&c.title, &c.number),
                ..Section::default()
            };
            if own_units {
                // `(一)做某事。…(甲牵头)具体措施:1.… 2.…`: the item is a task too.
                sec.tasks.push(task(&c.number, &c.title, &own, c.line, ctx));
            } else {
                sub.body = markdown::paragraphs(&texts(&own));
                sub.targets = targets::scan(&texts(&own).join("\n"), None);
            }
            for g in &c.children {
                if g.children.is_empty() {
                    if let Some((intro, groups)) = itemised(g, false) {
                        sub.sections.push(unnumbered(g, &intro, groups, ctx));
                        continue;
                    }
                }
                sub.tasks
                    .push(task(&g.number, &g.title, &g.all_paras(), g.line, ctx));
            }
            sec.sections.push(sub);
        }
    }
    sec
}

type Paras = Vec<(usize, String)>;

/// A paragraph that opens with a short heading sentence: `促进学生健康成长。…`.
fn heading_paragraph(p: &str) -> bool {
    let (title, rest) = split_title(p);
    let n = title.chars().count();
    (2..=24).contains(&n)
        && !rest.is_empty()
        && !title.contains([',', '\u{FF0C}', ':', '\u{FF1A}', ';', '\u{FF1B}'])
        && !units::has_units(&title)
        // `对外开放是…的重要举措。` defines, it does not head.
        && !title.contains('是')
}

/// Whether a childless item's text is itself a list of unnumbered tasks:
/// (intro paragraphs, task paragraph groups). Either several paragraphs
/// each close with their own units, or several paragraphs open with a
/// heading sentence. Where the item sits beside sections of numbered items
/// (`section_position`), one such paragraph is enough.
fn itemised(node: &Node, section_position: bool) -> Option<(Paras, Vec<Paras>)> {
    if node.paras.is_empty() {
        return None;
    }
    let all = node.own_paras();
    // Groups closed by units.
    let closes: Vec<bool> = all
        .iter()
        .map(|(_, p)| !units::extract(p).1.is_empty())
        .collect();
    let n_closed = closes.iter().filter(|&&b| b).count();
    let min = if section_position && node.lead.is_empty() {
        1
    } else {
        2
    };
    let heads: Vec<bool> = node
        .paras
        .iter()
        .map(|(_, p)| heading_paragraph(p))
        .collect();
    let n_heads = heads.iter().filter(|&&b| b).count();
    if n_closed >= 2 && n_closed >= n_heads {
        let mut groups: Vec<Paras> = vec![Vec::new()];
        for (p, &c) in all.iter().zip(&closes) {
            groups.last_mut().expect("a group").push(p.clone());
            if c {
                groups.push(Vec::new());
            }
        }
        if groups.last().is_some_and(Vec::is_empty) {
            groups.pop();
        } else if let Some(tail) = groups.pop() {
            // Trailing paragraphs without units belong to the last task.
            groups.last_mut().expect("a group").extend(tail);
        }
        return Some((Vec::new(), groups));
    }
    if n_heads >= min && (n_heads >= 2 || heads[0]) {
        let first = heads.iter().position(|&b| b)?;
        let mut intro: Paras = Vec::new();
        if !node.lead.is_empty() {
            intro.push((node.line, node.lead.clone()));
        }
        intro.extend(node.paras[..first].iter().cloned());
        let mut groups: Vec<Paras> = Vec::new();
        for (p, &h) in node.paras[first..].iter().zip(&heads[first..]) {
            if h || groups.is_empty() {
                groups.push(Vec::new());
            }
            groups.last_mut().expect("a group").push(p.clone());
        }
        return Some((intro, groups));
    }
    None
}

/// An item whose paragraphs are tasks u1, u2 …
fn unnumbered(node: &Node, intro: &Paras, groups: Vec<Paras>, ctx: &mut Ctx) -> Section {
    ctx.guesses.push(
        Guess::new(
            node.line,
            format!(
                "{} {} has no numbered items; its text became {} unnumbered task(s)",
                node.number,
                node.title,
                groups.len()
            ),
        )
        .low(),
    );
    let mut sec = Section {
        number: node.number.clone(),
        title: non_empty(&node.title, &node.number),
        body: markdown::paragraphs(&texts(intro)),
        targets: targets::scan(&texts(intro).join("\n"), None),
        ..Section::default()
    };
    for (i, g) in groups.iter().enumerate() {
        // split_title skips brackets, so a closing unit bracket stays in `rest`.
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
pub(super) fn task(
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
        all.unlabelled |= u.unlabelled;
    };
    let (title, tu) = units::extract(title);
    add(tu);
    let mut body_paras = Vec::new();
    let mut last_line = line;
    for (l, p) in paras {
        let (_, u) = units::extract(p);
        if !u.is_empty() {
            last_line = last_line.max(*l);
        }
        add(u);
        // The body keeps the paragraph verbatim, unit bracket included: the
        // parsed lists are an interpretation (指导 read as lead, say), and a
        // reader must be able to check it against the words of the plan.
        if !p.trim().is_empty() {
            body_paras.push(p.clone());
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
        ctx.guesses.push(
            Guess::new(line, format!("task {number} has no title"))
                .low()
                .grouped("tasks with no title"),
        );
    }
    let first_listed = ctx.first_listed_from.is_some_and(|from| last_line >= from);
    if first_listed && all.lead.is_empty() && !all.responsible.is_empty() {
        let mut r = std::mem::take(&mut all.responsible);
        all.lead.push(r.remove(0));
        all.partners.extend(r);
        if !ctx.first_listed_used {
            ctx.first_listed_used = true;
            ctx.guesses.push(
                Guess::new(
                    ctx.first_listed_from.unwrap_or(line),
                    "the document says the first listed unit leads (列第一位的为牵头单位); from here on the first unit of each task is its lead and the others its partners",
                )
                .high(),
            );
        }
    } else if all.unlabelled && !all.responsible.is_empty() {
        ctx.guesses.push(Guess::new(
            last_line,
            format!(
                "task {number}: units named in brackets without 牵头/配合 labels ({}); recorded as responsible",
                all.responsible.join("、")
            ),
        ).at(&title).grouped("units named in brackets without 牵头/配合 labels; recorded as responsible"));
    }
    for list in [&mut all.lead, &mut all.partners, &mut all.responsible] {
        for n in list.iter_mut() {
            if let Some(own) = units::own_place(n, &ctx.jurisdiction) {
                *n = own;
            }
        }
    }
    for (from, names) in &ctx.implied {
        if line > *from {
            for n in names {
                let named = all
                    .lead
                    .iter()
                    .chain(&all.partners)
                    .chain(&all.responsible)
                    .any(|x| x == n);
                if !named {
                    all.responsible.push(n.clone());
                }
            }
        }
    }
    let national = super::meta::is_national(&ctx.jurisdiction);
    if !ctx.jurisdiction.is_empty() && !national && !all.unprefixed.is_empty() {
        ctx.guesses.push(Guess::new(
            line,
            format!(
                "task {number}: {} named without a level prefix (市/州/县/区) and none precedes it; left as written",
                all.unprefixed.join("、")
            ),
        ).at(&title).low().grouped("units named without a level prefix (市/州/县/区) and none precedes them; left as written"));
    }
    let mut text = title.clone();
    text.push('。');
    text.push_str(&body_paras.join("\n"));
    let mut found = targets::scan(&text, None);
    let field = targets::deadline_field(&text, &title).or_else(|| {
        // The field may sit in the units' line, which the body no longer has.
        paras
            .iter()
            .find_map(|(_, p)| targets::deadline_field(p, &title))
    });
    if let Some(t) = field.filter(|t| !found.iter().any(|f| f.year == t.year)) {
        found.push(t);
    }
    Task {
        number: number.to_string(),
        targets: found,
        body: markdown::paragraphs(&body_paras),
        title,
        lead: all.lead,
        partners: all.partners,
        responsible: all.responsible,
    }
}
