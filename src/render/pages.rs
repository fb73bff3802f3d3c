//! One function per page kind: each decides the output path, the template
//! and the context. No page embeds a list of all pages, so output grows
//! linearly with content.

use serde::Serialize;
use tera::Context;

use super::markdown::Markdown;
use super::views::*;
use crate::diag::{Diagnostic, Pos};
use crate::link::{SectionIx, Site, TaskIx};

/// `text` rendered, its issues added to `warnings` at the lines of `file`
/// they come from (`at` is where the text starts).
fn markdown(
    md: &Markdown,
    text: &str,
    file: &std::path::Path,
    at: Pos,
    warnings: &mut Vec<Diagnostic>,
) -> String {
    let out = md.render_checked(text);
    for issue in out.issues {
        let line = u32::try_from(issue.line).unwrap_or(0);
        let pos = match (at.is_known(), line) {
            (false, _) => at,
            (true, 0) => at,
            (true, l) => Pos {
                line: at.line.saturating_add(l),
                column: 1,
            },
        };
        warnings.push(
            Diagnostic::warning(file, issue.message)
                .at_pos(pos)
                .help(issue.help),
        );
    }
    out.html
}

/// A page to render: where it goes, with which template and data.
pub(crate) struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub lang: String,
    pub context: Context,
    /// What the page's Markdown lost on the way (flattened nesting,
    /// external images), at the plan entries it came from.
    pub warnings: Vec<Diagnostic>,
}

impl PageJob {
    fn new(path: String, template: &'static str, title: String, lang: &str) -> Self {
        PageJob {
            path,
            template,
            title,
            lang: lang.to_string(),
            context: Context::new(),
            warnings: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct SectionView {
    anchor: String,
    number: String,
    title: String,
    body_html: String,
    targets: Vec<TargetView>,
    tasks: Vec<TaskRef>,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct RespRow {
    task: TaskRef,
    lead: Vec<DeptRef>,
    partners: Vec<DeptRef>,
    responsible: Vec<DeptRef>,
}

#[derive(Serialize)]
struct TaskRow {
    task: TaskRef,
    targets: Vec<TargetView>,
}

#[derive(Serialize)]
struct DeptPlanGroup {
    plan: Link,
    lead: Vec<TaskRow>,
    partner: Vec<TaskRow>,
    responsible: Vec<TaskRow>,
}

#[derive(Serialize)]
struct DeptSummary {
    dept: DeptRef,
    lead: usize,
    partner: usize,
    responsible: usize,
}

#[derive(Serialize)]
struct Jurisdiction {
    name: String,
    departments: Vec<DeptSummary>,
}

#[derive(Serialize)]
struct YearView {
    link: Link,
    anchor: String,
    /// All targets of the year, or the first [`TIMELINE_PER_YEAR`] on the timeline.
    targets: Vec<TargetView>,
    total: usize,
}

/// On the timeline overview a year lists at most this many targets and links
/// to its own page for the rest, so the overview stays readable (and small)
/// on portals with thousands of targets.
pub(crate) const TIMELINE_PER_YEAR: usize = 300;

/// Which page to render; its context is built only when it is rendered, so
/// at most one context per thread is alive at a time.
#[derive(Clone, Copy)]
pub(crate) enum PageKind {
    Home,
    Departments,
    Timeline,
    NotFound,
    Plan(usize),
    Task(usize),
    Department(usize),
    Year(usize),
}

pub(crate) fn all_kinds(site: &Site) -> Vec<PageKind> {
    let mut kinds = vec![
        PageKind::Home,
        PageKind::Departments,
        PageKind::Timeline,
        PageKind::NotFound,
    ];
    kinds.extend((0..site.plans.len()).map(PageKind::Plan));
    kinds.extend((0..site.tasks.len()).map(PageKind::Task));
    kinds.extend((0..site.departments.len()).map(PageKind::Department));
    kinds.extend((0..site.years.len()).map(PageKind::Year));
    kinds
}

pub(crate) fn job(site: &Site, kind: PageKind, md: &Markdown) -> PageJob {
    match kind {
        PageKind::Home => home(site),
        PageKind::Departments => departments_index(site),
        PageKind::Timeline => timeline(site),
        PageKind::NotFound => not_found(site),
        PageKind::Plan(p) => plan_page(site, p, md),
        PageKind::Task(t) => task_page(site, t, md),
        PageKind::Department(d) => department_page(site, d),
        PageKind::Year(y) => year_page(site, y),
    }
}

fn lang(site: &Site) -> &str {
    &site.config.language
}

fn home(site: &Site) -> PageJob {
    let mut job = PageJob::new(
        "index.html".into(),
        "index.html",
        site.config.title.clone(),
        lang(site),
    );
    let plans: Vec<PlanSummary> = (0..site.plans.len())
        .map(|p| plan_summary(site, p))
        .collect();
    job.context.insert("plans", &plans);
    job.context.insert(
        "totals",
        &serde_json::json!({
            "plans": site.plans.len(),
            "tasks": site.tasks.len(),
            "departments": site.departments.len(),
            "targets": site.targets.len(),
        }),
    );
    let years: Vec<Link> = site.years.iter().map(|y| year_link(y.year)).collect();
    job.context.insert("years", &years);
    job
}

fn not_found(site: &Site) -> PageJob {
    PageJob::new(
        "404.html".into(),
        "404.html",
        "页面未找到".into(),
        lang(site),
    )
}

fn section_view(
    site: &Site,
    s: SectionIx,
    md: &Markdown,
    warnings: &mut Vec<Diagnostic>,
) -> SectionView {
    let node = &site.sections[s];
    let file = &site.plans[node.plan].file;
    SectionView {
        anchor: node.anchor.clone(),
        number: node.number.clone(),
        title: node.title.clone(),
        body_html: markdown(md, &node.body, file, node.body_pos, warnings),
        targets: node.targets.iter().map(|&t| target_view(site, t)).collect(),
        tasks: node.tasks.iter().map(|&t| task_ref(site, t)).collect(),
        sections: node
            .children
            .iter()
            .map(|&c| section_view(site, c, md, warnings))
            .collect(),
    }
}

fn plan_page(site: &Site, p: usize, md: &Markdown) -> PageJob {
    let node = &site.plans[p];
    let mut job = PageJob::new(
        node.url.clone(),
        "plan.html",
        node.plan.title.clone(),
        &node.lang,
    );
    let sections: Vec<SectionView> = node
        .sections
        .iter()
        .map(|&s| section_view(site, s, md, &mut job.warnings))
        .collect();
    let rows: Vec<RespRow> = node
        .tasks
        .iter()
        .map(|&t| {
            let task = &site.tasks[t];
            RespRow {
                task: task_ref(site, t),
                lead: dept_refs(site, &task.lead),
                partners: dept_refs(site, &task.partners),
                responsible: dept_refs(site, &task.responsible),
            }
        })
        .collect();
    let plan_targets: Vec<TargetView> = node.goals.iter().map(|&t| target_view(site, t)).collect();
    job.context.insert("plan", &plan_summary(site, p));
    job.context.insert("basis", &node.plan.basis);
    job.context.insert("source", &node.plan.source);
    let intro = markdown(
        md,
        &node.plan.intro,
        &node.file,
        node.intro_pos,
        &mut job.warnings,
    );
    job.context.insert("intro_html", &intro);
    job.context.insert("targets", &plan_targets);
    job.context.insert("sections", &sections);
    job.context.insert("rows", &rows);
    job
}

fn task_page(site: &Site, t: usize, md: &Markdown) -> PageJob {
    let task = &site.tasks[t];
    let plan = &site.plans[task.plan];
    let mut job = PageJob::new(
        task.url.clone(),
        "task.html",
        task.task.title.clone(),
        &plan.lang,
    );
    let mut crumbs = vec![Link {
        url: plan.url.clone(),
        label: plan.plan.title.clone(),
    }];
    for s in site.section_trail(task.section) {
        let s = &site.sections[s];
        crumbs.push(Link {
            url: format!("{}#{}", plan.url, s.anchor),
            label: format!("{} {}", s.number, s.title).trim().to_string(),
        });
    }
    job.context.insert("plan", &plan_summary(site, task.plan));
    job.context.insert("crumbs", &crumbs);
    job.context.insert("task", &task_ref(site, t));
    job.context.insert("id", &task.id);
    let body = markdown(
        md,
        &task.task.body,
        &plan.file,
        task.pos.body_text,
        &mut job.warnings,
    );
    job.context.insert("body_html", &body);
    job.context.insert("lead", &dept_refs(site, &task.lead));
    job.context
        .insert("partners", &dept_refs(site, &task.partners));
    job.context
        .insert("responsible", &dept_refs(site, &task.responsible));
    let targets: Vec<TargetView> = task.targets.iter().map(|&x| target_view(site, x)).collect();
    job.context.insert("targets", &targets);
    job.context
        .insert("prev", &task.prev.map(|x| task_ref(site, x)));
    job.context
        .insert("next", &task.next.map(|x| task_ref(site, x)));
    let related: Vec<TaskRef> = task.related.iter().map(|&x| task_ref(site, x)).collect();
    job.context.insert("related", &related);
    job
}

fn departments_index(site: &Site) -> PageJob {
    let mut job = PageJob::new(
        "departments/index.html".into(),
        "departments.html",
        "部门索引".into(),
        lang(site),
    );
    let mut groups: Vec<Jurisdiction> = Vec::new();
    let mut order: Vec<usize> = (0..site.departments.len()).collect();
    // Within a jurisdiction: most accountable first (leads, then other roles).
    order.sort_by_key(|&d| {
        let x = &site.departments[d];
        (
            x.jurisdiction.clone(),
            std::cmp::Reverse(x.lead.len()),
            std::cmp::Reverse(x.partner.len() + x.responsible.len()),
            x.slug.clone(),
        )
    });
    for d in order {
        let dept = &site.departments[d];
        let summary = DeptSummary {
            dept: dept_ref(site, d),
            lead: dept.lead.len(),
            partner: dept.partner.len(),
            responsible: dept.responsible.len(),
        };
        match groups.last_mut() {
            Some(g) if g.name == dept.jurisdiction => g.departments.push(summary),
            _ => groups.push(Jurisdiction {
                name: dept.jurisdiction.clone(),
                departments: vec![summary],
            }),
        }
    }
    job.context.insert("jurisdictions", &groups);
    job.context.insert("count", &site.departments.len());
    job
}

fn department_page(site: &Site, d: usize) -> PageJob {
    let dept = &site.departments[d];
    let mut job = PageJob::new(
        dept.url.clone(),
        "department.html",
        dept.name.clone(),
        lang(site),
    );
    let row = |t: TaskIx| TaskRow {
        task: task_ref(site, t),
        targets: site.tasks[t]
            .targets
            .iter()
            .map(|&x| target_view(site, x))
            .collect(),
    };
    let mut groups: Vec<DeptPlanGroup> = Vec::new();
    for (p, plan) in site.plans.iter().enumerate() {
        let pick = |list: &[TaskIx]| -> Vec<TaskRow> {
            list.iter()
                .filter(|&&t| site.tasks[t].plan == p)
                .map(|&t| row(t))
                .collect()
        };
        let g = DeptPlanGroup {
            plan: Link {
                url: plan.url.clone(),
                label: plan.plan.title.clone(),
            },
            lead: pick(&dept.lead),
            partner: pick(&dept.partner),
            responsible: pick(&dept.responsible),
        };
        if !(g.lead.is_empty() && g.partner.is_empty() && g.responsible.is_empty()) {
            groups.push(g);
        }
    }
    job.context.insert("dept", &dept_ref(site, d));
    job.context.insert(
        "counts",
        &serde_json::json!({"lead": dept.lead.len(), "partner": dept.partner.len(), "responsible": dept.responsible.len()}),
    );
    job.context.insert("plans", &groups);
    job
}

fn year_view(site: &Site, y: usize, limit: usize) -> YearView {
    let year = &site.years[y];
    YearView {
        link: year_link(year.year),
        anchor: format!("y-{}", year.slug),
        targets: year
            .targets
            .iter()
            .take(limit)
            .map(|&t| target_view(site, t))
            .collect(),
        total: year.targets.len(),
    }
}

fn timeline(site: &Site) -> PageJob {
    let mut job = PageJob::new(
        "timeline/index.html".into(),
        "timeline.html",
        "目标时间表".into(),
        lang(site),
    );
    let years: Vec<YearView> = (0..site.years.len())
        .map(|y| year_view(site, y, TIMELINE_PER_YEAR))
        .collect();
    job.context.insert("years", &years);
    job.context.insert("count", &site.targets.len());
    job
}

fn year_page(site: &Site, y: usize) -> PageJob {
    let view = year_view(site, y, usize::MAX);
    let mut job = PageJob::new(
        site.years[y].url.clone(),
        "year.html",
        view.link.label.clone(),
        lang(site),
    );
    job.context.insert(
        "prev",
        &y.checked_sub(1).map(|p| year_link(site.years[p].year)),
    );
    job.context
        .insert("next", &site.years.get(y + 1).map(|n| year_link(n.year)));
    job.context.insert("year", &view);
    job
}
