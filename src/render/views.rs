//! Serializable views handed to templates. Every `url` is root-relative;
//! templates prefix it with `root` (the path back to the site root), so the
//! output works from `file://` and from any sub-path.

use serde::Serialize;

use crate::link::{DeptIx, PlanIx, Site, TargetIx, TaskIx};

#[derive(Serialize, Clone)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub url: String,
    pub label: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct TaskRef {
    pub url: String,
    pub number: String,
    pub title: String,
    pub plan_url: String,
    pub plan_title: String,
    pub years: Vec<Link>,
}

#[derive(Serialize, Clone)]
pub(crate) struct DeptRef {
    pub url: String,
    pub name: String,
    pub jurisdiction: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct TargetView {
    pub year: Link,
    pub text: String,
    pub value: Option<String>,
    pub unit: Option<String>,
    pub task: Option<TaskRef>,
    pub plan_url: String,
    pub plan_title: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct PlanSummary {
    pub url: String,
    pub slug: String,
    pub title: String,
    pub jurisdiction: String,
    pub issuer: String,
    pub doc_number: Option<String>,
    pub issued: Option<String>,
    pub published: Option<String>,
    pub period: Option<String>,
    pub task_count: usize,
    pub department_count: usize,
    pub target_count: usize,
}

pub(crate) fn year_link(year: Option<i32>) -> Link {
    Link {
        url: crate::link::year_url(year),
        label: year.map_or_else(|| "年份不详".to_string(), |y| format!("{y}年")),
    }
}

pub(crate) fn task_ref(site: &Site, t: TaskIx) -> TaskRef {
    let task = &site.tasks[t];
    let plan = &site.plans[task.plan];
    TaskRef {
        url: task.url.clone(),
        number: site.task_number(t).to_string(),
        title: task.task.title.clone(),
        plan_url: plan.url.clone(),
        plan_title: plan.plan.title.clone(),
        years: site.task_years(t).into_iter().map(year_link).collect(),
    }
}

pub(crate) fn dept_ref(site: &Site, d: DeptIx) -> DeptRef {
    let d = &site.departments[d];
    DeptRef {
        url: d.url.clone(),
        name: d.name.clone(),
        jurisdiction: d.jurisdiction.clone(),
    }
}

pub(crate) fn dept_refs(site: &Site, ds: &[DeptIx]) -> Vec<DeptRef> {
    ds.iter().map(|&d| dept_ref(site, d)).collect()
}

pub(crate) fn target_view(site: &Site, ix: TargetIx) -> TargetView {
    let t = &site.targets[ix];
    let plan = &site.plans[t.plan];
    TargetView {
        year: year_link(t.target.year),
        text: t.target.text.clone(),
        value: t.target.value.clone(),
        unit: t.target.unit.clone(),
        task: t.task.map(|tk| task_ref(site, tk)),
        plan_url: plan.url.clone(),
        plan_title: plan.plan.title.clone(),
    }
}

pub(crate) fn plan_summary(site: &Site, p: PlanIx) -> PlanSummary {
    let node = &site.plans[p];
    let plan = &node.plan;
    PlanSummary {
        url: node.url.clone(),
        slug: node.slug.clone(),
        title: plan.title.clone(),
        jurisdiction: plan.jurisdiction.clone(),
        issuer: plan.issuer.join("、"),
        doc_number: plan.doc_number.clone(),
        issued: plan.issued.map(|d| d.chinese()),
        published: plan.published.map(|d| d.chinese()),
        period: plan.period.map(|p| format!("{}—{}年", p.start, p.end)),
        task_count: node.tasks.len(),
        department_count: node.departments.len(),
        target_count: node.target_count,
    }
}
