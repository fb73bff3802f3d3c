//! Resolving loaded plans into a site graph: stable ids and URLs, the
//! section tree, department identity, and the indexes by department, year
//! and plan. Everything a page needs to link to another page, and every
//! number a reader sees, is decided here, once; render, check, search and
//! the data exports read the graph and never walk [`model::Section`] again.
//!
//! [`model::Section`]: crate::model::Section

mod departments;
mod origins;
mod related;

use std::collections::{BTreeMap, HashSet};

use crate::config::Config;
use crate::diag::Pos;
use crate::load::{Content, DepartmentDef, SectionPositions, TaskPositions};
use crate::model::{Plan, Section, Target, Task};
use crate::slug::{self, SlugSet};
use departments::DeptTable;

/// Index types into the arenas of [`Site`].
pub(crate) type PlanIx = usize;
pub(crate) type SectionIx = usize;
pub(crate) type TaskIx = usize;
pub(crate) type DeptIx = usize;
pub(crate) type TargetIx = usize;

#[derive(Debug)]
pub(crate) struct Site {
    pub config: Config,
    pub plans: Vec<PlanNode>,
    /// Every section of every plan, each plan's in document order (pre-order).
    pub sections: Vec<SectionNode>,
    pub tasks: Vec<TaskNode>,
    pub departments: Vec<Department>,
    pub targets: Vec<TargetNode>,
    /// Years in ascending order; targets without a year come last.
    pub years: Vec<YearNode>,
    /// `content/departments.yaml` as loaded.
    pub register: Vec<DepartmentDef>,
}

#[derive(Debug)]
pub(crate) struct PlanNode {
    pub slug: String,
    pub file: std::path::PathBuf,
    /// The plan's metadata and intro. Its `sections` and `targets` are moved
    /// into the graph ([`PlanNode::sections`], [`PlanNode::goals`]) and are
    /// empty here.
    pub plan: Plan,
    /// Root-relative URL of the plan page.
    pub url: String,
    pub lang: String,
    /// Top-level sections, in document order.
    pub sections: Vec<SectionIx>,
    /// Every section of the plan, nested ones included, in document order:
    /// a plan's sections are contiguous in [`Site::sections`].
    pub all_sections: std::ops::Range<SectionIx>,
    /// Every task of the plan in document order.
    pub tasks: Vec<TaskIx>,
    /// Plan-level targets (general goals), not inside any section.
    pub goals: Vec<TargetIx>,
    /// Departments named anywhere in the plan.
    pub departments: Vec<DeptIx>,
    /// Every target of the plan: goals, section targets and task targets.
    pub target_count: usize,
    /// Where the intro's text starts in `file`.
    pub intro_pos: Pos,
}

/// A chapter or sub-chapter of a plan.
#[derive(Debug)]
pub(crate) struct SectionNode {
    pub plan: PlanIx,
    pub parent: Option<SectionIx>,
    /// `sec-2-1`: the id of the section's heading on the plan page, unique
    /// within the plan. An unnumbered section is named by its place among
    /// its siblings (`sec-2-s1`).
    pub anchor: String,
    /// Numbering as printed (二, (一)); empty when the source has none.
    pub number: String,
    pub title: String,
    /// Markdown text of the section that is not a task.
    pub body: String,
    /// The section's own tasks (not those of subsections), in order.
    pub tasks: Vec<TaskIx>,
    /// The section's own targets.
    pub targets: Vec<TargetIx>,
    pub children: Vec<SectionIx>,
    /// Where its body's text starts.
    pub body_pos: Pos,
}

#[derive(Debug)]
pub(crate) struct TaskNode {
    pub plan: PlanIx,
    /// The innermost section holding the task.
    pub section: SectionIx,
    /// Unique within the plan, ASCII: `2-1-1`, `2-6-u1`.
    pub id: String,
    /// The task's own number as printed; empty when the source has none
    /// (the plan file then says `u1`, `u2` ..., which no reader sees).
    pub number: String,
    /// The printed numbering with the sections', `二、(一)1`: what readers see.
    pub display_number: String,
    /// The task as written; its `targets` are moved into [`TaskNode::targets`].
    pub task: Task,
    pub url: String,
    pub lead: Vec<DeptIx>,
    pub partners: Vec<DeptIx>,
    pub responsible: Vec<DeptIx>,
    pub targets: Vec<TargetIx>,
    pub prev: Option<TaskIx>,
    pub next: Option<TaskIx>,
    pub related: Vec<TaskIx>,
    /// Where the task and its department names are in the plan file.
    pub pos: TaskPositions,
}

impl Site {
    /// The sections enclosing `section`, outermost first, `section` last.
    pub(crate) fn section_trail(&self, section: SectionIx) -> Vec<SectionIx> {
        let mut trail = vec![section];
        let mut s = section;
        while let Some(p) = self.sections[s].parent {
            trail.push(p);
            s = p;
        }
        trail.reverse();
        trail
    }

    /// The printed numbering of a task with its sections, `二、(一)1`; empty
    /// for a task the source does not number.
    pub(crate) fn task_number(&self, t: TaskIx) -> &str {
        &self.tasks[t].display_number
    }

    fn printed_number(&self, t: TaskIx) -> String {
        let task = &self.tasks[t];
        if task.number.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        for s in self.section_trail(task.section) {
            out.push_str(&display_part(&self.sections[s].number));
        }
        out.push_str(&task.number);
        out
    }

    /// The task's numbering path as the plan file writes it, outermost
    /// first, unnumbered sections left out: `["二", "(一)", "1"]`, or
    /// `["二", "(六)", "u1"]` for an unnumbered task. A stable key for data
    /// exports and gold files; readers see [`Site::task_number`].
    pub(crate) fn task_path(&self, t: TaskIx) -> Vec<&str> {
        let task = &self.tasks[t];
        let mut v: Vec<&str> = self
            .section_trail(task.section)
            .into_iter()
            .map(|s| self.sections[s].number.as_str())
            .filter(|n| !n.is_empty())
            .collect();
        v.push(&task.task.number);
        v
    }

    /// Distinct target years of a task, sorted (unknown years first).
    pub(crate) fn task_years(&self, t: TaskIx) -> Vec<Option<i32>> {
        let mut ys: Vec<Option<i32>> = self.tasks[t]
            .targets
            .iter()
            .map(|&x| self.targets[x].target.year)
            .collect();
        ys.sort();
        ys.dedup();
        ys
    }
}

/// A chapter number printed with its enumeration comma (一 → 一、); other
/// numbers carry their own punctuation ((一), 1.).
fn display_part(number: &str) -> String {
    if !number.is_empty() && number.chars().all(|c| "一二三四五六七八九十".contains(c)) {
        format!("{number}、")
    } else {
        number.to_string()
    }
}

/// `u1`, `u2` ...: the plan-file placeholder of a task the source does not number.
pub(crate) fn is_placeholder_number(number: &str) -> bool {
    number
        .strip_prefix('u')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

#[derive(Debug)]
pub(crate) struct Department {
    pub jurisdiction: String,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub lead: Vec<TaskIx>,
    pub partner: Vec<TaskIx>,
    pub responsible: Vec<TaskIx>,
}

#[derive(Debug)]
pub(crate) struct TargetNode {
    pub plan: PlanIx,
    pub task: Option<TaskIx>,
    pub target: Target,
    /// The target's `year:` (else its start) in the plan file.
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct YearNode {
    pub year: Option<i32>,
    /// `2023`, or `unknown` for redacted years.
    pub slug: String,
    pub url: String,
    pub targets: Vec<TargetIx>,
}

/// Root-relative URL of a year page.
pub(crate) fn year_url(year: Option<i32>) -> String {
    format!("timeline/{}.html", year_slug(year))
}

fn year_slug(year: Option<i32>) -> String {
    year.map_or_else(|| "unknown".to_string(), |y| y.to_string())
}

/// Builds the site graph. Pure: no I/O.
pub(crate) fn link(config: Config, content: Content) -> Site {
    let mut site = Site {
        config,
        plans: Vec::new(),
        sections: Vec::new(),
        tasks: Vec::new(),
        departments: Vec::new(),
        targets: Vec::new(),
        years: Vec::new(),
        register: Vec::new(),
    };
    let mut depts = DeptTable::new(&content.departments);

    for (pix, loaded) in content.plans.into_iter().enumerate() {
        let mut plan = loaded.plan;
        let lang = plan
            .lang
            .clone()
            .unwrap_or_else(|| site.config.language.clone());
        let targets_before = site.targets.len();
        let positions = loaded.positions;
        let goals = std::mem::take(&mut plan.targets)
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let pos = positions.goals.get(i).copied().unwrap_or_default();
                site.push_target(pix, None, t, pos)
            })
            .collect();
        let sections = std::mem::take(&mut plan.sections);
        site.plans.push(PlanNode {
            url: format!("plans/{}/index.html", loaded.slug),
            slug: loaded.slug,
            file: loaded.file,
            lang,
            sections: Vec::new(),
            all_sections: 0..0,
            tasks: Vec::new(),
            goals,
            departments: Vec::new(),
            target_count: 0,
            intro_pos: positions.intro_text,
            plan,
        });
        let first_section = site.sections.len();
        let mut walk = PlanWalk {
            site: &mut site,
            depts: &mut depts,
            plan: pix,
            anchors: SlugSet::default(),
            // `index.html` is the plan page, in the same directory.
            ids: SlugSet::reserving(slug::RESERVED),
        };
        let top = walk.sections(
            sections,
            &positions.sections,
            None,
            &mut Vec::new(),
            &mut Vec::new(),
        );
        site.plans[pix].sections = top;
        site.plans[pix].all_sections = first_section..site.sections.len();
        site.plans[pix].target_count = site.targets.len() - targets_before;
    }

    site.departments = depts.finish();
    site.register = content.departments;
    index_departments(&mut site);
    chain_tasks(&mut site);
    index_years(&mut site);
    related::relate_tasks(&mut site);
    site
}

impl Site {
    fn push_target(
        &mut self,
        plan: PlanIx,
        task: Option<TaskIx>,
        target: Target,
        pos: Pos,
    ) -> TargetIx {
        self.targets.push(TargetNode {
            plan,
            task,
            target,
            pos,
        });
        self.targets.len() - 1
    }
}

/// The one walk over a plan's sections: sections, tasks and their targets
/// get their indices, anchors and ids in document order (a section's own
/// tasks, then its subsections).
struct PlanWalk<'a> {
    site: &'a mut Site,
    depts: &'a mut DeptTable,
    plan: PlanIx,
    anchors: SlugSet,
    ids: SlugSet,
}

impl PlanWalk<'_> {
    /// `anchor_trail`: anchor parts of the enclosing sections; `id_trail`:
    /// id parts of their printed numbers (unnumbered sections add none, so
    /// task URLs stay as they were when ids were first published).
    fn sections(
        &mut self,
        sections: Vec<Section>,
        positions: &[SectionPositions],
        parent: Option<SectionIx>,
        anchor_trail: &mut Vec<String>,
        id_trail: &mut Vec<String>,
    ) -> Vec<SectionIx> {
        let mut out = Vec::with_capacity(sections.len());
        for (i, s) in sections.into_iter().enumerate() {
            let none = SectionPositions::default();
            let sp = positions.get(i).unwrap_or(&none);
            let numbered = !s.number.is_empty();
            anchor_trail.push(if numbered {
                slug::number_id(&s.number)
            } else {
                format!("s{}", i + 1)
            });
            if numbered {
                id_trail.push(slug::number_id(&s.number));
            }
            let six = self.site.sections.len();
            self.site.sections.push(SectionNode {
                plan: self.plan,
                parent,
                anchor: self
                    .anchors
                    .claim(&format!("sec-{}", anchor_trail.join("-"))),
                number: s.number,
                title: s.title,
                body: s.body,
                tasks: Vec::new(),
                targets: Vec::new(),
                children: Vec::new(),
                body_pos: sp.body_text,
            });
            let targets = s
                .targets
                .into_iter()
                .enumerate()
                .map(|(j, t)| {
                    let pos = sp.targets.get(j).copied().unwrap_or_default();
                    self.site.push_target(self.plan, None, t, pos)
                })
                .collect();
            self.site.sections[six].targets = targets;
            let tasks = s
                .tasks
                .into_iter()
                .enumerate()
                .map(|(j, t)| {
                    let pos = sp.tasks.get(j).cloned().unwrap_or_default();
                    self.task(t, pos, six, id_trail)
                })
                .collect();
            self.site.sections[six].tasks = tasks;
            let children =
                self.sections(s.sections, &sp.sections, Some(six), anchor_trail, id_trail);
            self.site.sections[six].children = children;
            anchor_trail.pop();
            if numbered {
                id_trail.pop();
            }
            out.push(six);
        }
        out
    }

    fn task(
        &mut self,
        mut task: Task,
        pos: TaskPositions,
        section: SectionIx,
        id_trail: &[String],
    ) -> TaskIx {
        let tix = self.site.tasks.len();
        let mut parts = id_trail.to_vec();
        parts.push(slug::number_id(&task.number));
        let id = self
            .ids
            .claim(&slug::fit(&parts.join("-"), slug::MAX_COMPONENT));
        let jur = &self.site.plans[self.plan].plan.jurisdiction;
        let lead = self.depts.resolve_all(jur, &task.lead);
        let partners = self.depts.resolve_all(jur, &task.partners);
        let responsible = self.depts.resolve_all(jur, &task.responsible);
        let targets = std::mem::take(&mut task.targets)
            .into_iter()
            .enumerate()
            .map(|(j, t)| {
                let at = pos.targets.get(j).copied().unwrap_or_default();
                self.site.push_target(self.plan, Some(tix), t, at)
            })
            .collect();
        let number = if is_placeholder_number(&task.number) {
            String::new()
        } else {
            task.number.clone()
        };
        let plan = &mut self.site.plans[self.plan];
        plan.tasks.push(tix);
        let url = format!("plans/{}/{}.html", plan.slug, id);
        self.site.tasks.push(TaskNode {
            plan: self.plan,
            section,
            id,
            number,
            display_number: String::new(),
            task,
            url,
            lead,
            partners,
            responsible,
            targets,
            prev: None,
            next: None,
            related: Vec::new(),
            pos,
        });
        self.site.tasks[tix].display_number = self.site.printed_number(tix);
        tix
    }
}

fn index_departments(site: &mut Site) {
    let mut in_plan: HashSet<(PlanIx, DeptIx)> = HashSet::new();
    for (tix, t) in site.tasks.iter().enumerate() {
        for &d in &t.lead {
            site.departments[d].lead.push(tix);
        }
        for &d in &t.partners {
            site.departments[d].partner.push(tix);
        }
        for &d in &t.responsible {
            site.departments[d].responsible.push(tix);
        }
        let plan = &mut site.plans[t.plan];
        for &d in t.lead.iter().chain(&t.partners).chain(&t.responsible) {
            if in_plan.insert((t.plan, d)) {
                plan.departments.push(d);
            }
        }
    }
}

fn chain_tasks(site: &mut Site) {
    for plan in &site.plans {
        for w in plan.tasks.windows(2) {
            site.tasks[w[0]].next = Some(w[1]);
            site.tasks[w[1]].prev = Some(w[0]);
        }
    }
}

fn index_years(site: &mut Site) {
    let mut by_year: BTreeMap<(bool, i32), Vec<TargetIx>> = BTreeMap::new();
    for (ix, t) in site.targets.iter().enumerate() {
        // Unknown years sort after every real year.
        let key = match t.target.year {
            Some(y) => (false, y),
            None => (true, 0),
        };
        by_year.entry(key).or_default().push(ix);
    }
    site.years = by_year
        .into_iter()
        .map(|((unknown, y), targets)| {
            let year = (!unknown).then_some(y);
            YearNode {
                year,
                slug: year_slug(year),
                url: year_url(year),
                targets,
            }
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedPlan;

    fn plan() -> Plan {
        let yaml = "title: P\njurisdiction: 某市\ntargets:\n- {year: 2023, text: 达到90%}\nsections:\n- number: 二\n  title: 主要任务\n  sections:\n  - number: (一)\n    title: A\n    tasks:\n    - {number: '1', title: T1, lead: [市教育局], partners: [市财政局], targets: [{year: 2023, text: x}]}\n    - {number: '2', title: T2, lead: [市教育局], responsible: [ 市 财政局 ]}\n    - {number: u1, title: T3, targets: [{text: 202*年完成}]}\n";
        crate::load::parse_plan(yaml, std::path::Path::new("p.yaml")).unwrap()
    }

    #[test]
    fn links_tasks_departments_and_years() {
        let content = Content {
            plans: vec![LoadedPlan {
                slug: "p".into(),
                file: "p.yaml".into(),
                positions: Default::default(),
                plan: plan(),
            }],
            departments: vec![],
            warnings: vec![],
        };
        let site = link(Config::default(), content);
        assert_eq!(site.tasks.len(), 3);
        assert_eq!(site.tasks[0].id, "2-1-1");
        assert_eq!(site.tasks[2].id, "2-1-u1");
        assert_eq!(site.tasks[0].url, "plans/p/2-1-1.html");
        assert_eq!(site.task_number(0), "二、(一)1");
        assert_eq!(
            site.task_number(2),
            "",
            "u1 is a placeholder, not a printed number"
        );
        assert_eq!(site.task_path(2), vec!["二", "(一)", "u1"]);
        assert_eq!(site.tasks[1].prev, Some(0));
        assert_eq!(
            site.departments.len(),
            2,
            "whitespace in 市 财政局 is folded"
        );
        let jyj = site
            .departments
            .iter()
            .find(|d| d.name == "市教育局")
            .unwrap();
        assert_eq!(jyj.lead, vec![0, 1]);
        assert!(jyj.slug.starts_with("mou-shi-shi-jiao-yu-ju"));
        let years: Vec<Option<i32>> = site.years.iter().map(|y| y.year).collect();
        assert_eq!(years, vec![Some(2023), None]);
        assert_eq!(site.years[0].targets.len(), 2);
        assert_eq!(site.plans[0].target_count, 3);
        assert!(site.tasks[0].related.contains(&1), "shares lead 市教育局");
    }

    #[test]
    fn departments_match_across_scripts() {
        let mut p = plan();
        p.sections[0].sections[0].tasks[1].lead = vec!["市教育局".into()];
        p.sections[0].sections[0].tasks[0].partners = vec!["市財政局".into()];
        p.jurisdiction = "某市".into();
        let content = Content {
            plans: vec![LoadedPlan {
                slug: "p".into(),
                file: "p.yaml".into(),
                positions: Default::default(),
                plan: p,
            }],
            departments: vec![],
            warnings: vec![],
        };
        let site = link(Config::default(), content);
        let cz: Vec<_> = site
            .departments
            .iter()
            .filter(|d| d.name.ends_with("政局"))
            .collect();
        assert_eq!(cz.len(), 1, "市財政局 and 市财政局 are one department");
        assert_eq!(cz[0].name, "市財政局", "shown as first written");
        assert_eq!(cz[0].partner.len() + cz[0].responsible.len(), 2);
        assert_eq!(cz[0].slug, "mou-shi-shi-cai-zheng-ju");
    }

    #[test]
    fn aliases_merge_departments() {
        let mut p = plan();
        p.sections[0].sections[0].tasks[1].lead = vec!["教育局".into()];
        let content = Content {
            plans: vec![LoadedPlan {
                slug: "p".into(),
                file: "p.yaml".into(),
                positions: Default::default(),
                plan: p,
            }],
            departments: vec![DepartmentDef {
                jurisdiction: "某市".into(),
                name: "市教育局".into(),
                aliases: vec!["教育局".into()],
                slug: Some("edu".into()),
            }],
            warnings: vec![],
        };
        let site = link(Config::default(), content);
        let d = site
            .departments
            .iter()
            .find(|d| d.name == "市教育局")
            .unwrap();
        assert_eq!(d.lead.len(), 2);
        assert_eq!(d.url, "departments/edu.html");
    }
}
