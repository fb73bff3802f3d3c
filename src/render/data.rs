//! Open-data exports (a stable public interface, see docs/plan-format.md)
//! and `sitemap.xml`.

use serde::Serialize;

use super::Page;
use crate::link::Site;
use crate::model::Target;

#[derive(Serialize)]
struct TaskRecord<'a> {
    plan: &'a str,
    plan_title: &'a str,
    jurisdiction: &'a str,
    id: &'a str,
    /// The printed numbering, `二、(一)1`; empty when the source has none.
    number: String,
    /// Numbering path as in the plan file (`u1` marks an unnumbered task).
    path: Vec<&'a str>,
    /// Anchor of the task's section on the plan page.
    section: &'a str,
    title: &'a str,
    url: &'a str,
    lead: Vec<&'a str>,
    partners: Vec<&'a str>,
    responsible: Vec<&'a str>,
    targets: Vec<TargetRecord<'a>>,
}

#[derive(Serialize)]
struct TargetRecord<'a> {
    year: Option<i32>,
    text: &'a str,
    value: Option<&'a str>,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct PlanTargetRecord<'a> {
    plan: &'a str,
    year: Option<i32>,
    text: &'a str,
    value: Option<&'a str>,
    unit: Option<&'a str>,
    task: Option<&'a str>,
}

#[derive(Serialize)]
struct PlanRecord<'a> {
    slug: &'a str,
    title: &'a str,
    issuer: String,
    jurisdiction: &'a str,
    doc_number: Option<&'a str>,
    issued: Option<String>,
    published: Option<String>,
    period: Option<[i32; 2]>,
    source: Option<String>,
    url: &'a str,
}

fn target_record(t: &Target) -> TargetRecord<'_> {
    TargetRecord {
        year: t.year,
        text: &t.text,
        value: t.value.as_deref(),
        unit: t.unit.as_deref(),
    }
}

pub(crate) fn data_pages(site: &Site) -> Vec<Page> {
    let names = |ds: &[usize]| -> Vec<&str> {
        ds.iter()
            .map(|&d| site.departments[d].name.as_str())
            .collect()
    };
    let tasks: Vec<TaskRecord<'_>> = site
        .tasks
        .iter()
        .enumerate()
        .map(|(tix, t)| {
            let plan = &site.plans[t.plan];
            TaskRecord {
                plan: &plan.slug,
                plan_title: &plan.plan.title,
                jurisdiction: &plan.plan.jurisdiction,
                id: &t.id,
                number: site.task_number(tix).to_string(),
                path: site.task_path(tix),
                section: &site.sections[t.section].anchor,
                title: &t.task.title,
                url: &t.url,
                lead: names(&t.lead),
                partners: names(&t.partners),
                responsible: names(&t.responsible),
                targets: t
                    .targets
                    .iter()
                    .map(|&x| target_record(&site.targets[x].target))
                    .collect(),
            }
        })
        .collect();
    let targets: Vec<PlanTargetRecord<'_>> = site
        .targets
        .iter()
        .map(|t| PlanTargetRecord {
            plan: &site.plans[t.plan].slug,
            year: t.target.year,
            text: &t.target.text,
            value: t.target.value.as_deref(),
            unit: t.target.unit.as_deref(),
            task: t.task.map(|x| site.tasks[x].id.as_str()),
        })
        .collect();
    let plans: Vec<PlanRecord<'_>> = site
        .plans
        .iter()
        .map(|p| PlanRecord {
            slug: &p.slug,
            title: &p.plan.title,
            issuer: p.plan.issuer.join(" / "),
            jurisdiction: &p.plan.jurisdiction,
            doc_number: p.plan.doc_number.as_deref(),
            issued: p.plan.issued.map(|d| d.to_string()),
            published: p.plan.published.map(|d| d.to_string()),
            period: p.plan.period.map(Into::into),
            source: p.plan.source.as_deref().map(|s| {
                std::path::Path::new(s)
                    .file_name()
                    .map_or(s.to_string(), |f| f.to_string_lossy().into_owned())
            }),
            url: &p.url,
        })
        .collect();

    let join = |v: &[&str]| v.join(";");
    let tasks_csv = csv_bytes(
        &[
            "plan",
            "id",
            "path",
            "title",
            "lead",
            "partners",
            "responsible",
            "target_years",
            "url",
        ],
        tasks.iter().map(|t| {
            let mut years: Vec<String> = t
                .targets
                .iter()
                .map(|x| x.year.map_or("?".into(), |y| y.to_string()))
                .collect();
            years.dedup();
            vec![
                t.plan.to_string(),
                t.id.to_string(),
                t.path.join("/"),
                t.title.to_string(),
                join(&t.lead),
                join(&t.partners),
                join(&t.responsible),
                years.join(";"),
                t.url.to_string(),
            ]
        }),
    );
    let targets_csv = csv_bytes(
        &["plan", "year", "text", "value", "unit", "task"],
        targets.iter().map(|t| {
            vec![
                t.plan.to_string(),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                t.text.to_string(),
                t.value.unwrap_or_default().to_string(),
                t.unit.unwrap_or_default().to_string(),
                t.task.unwrap_or_default().to_string(),
            ]
        }),
    );
    let plans_csv = csv_bytes(
        &[
            "slug",
            "title",
            "issuer",
            "jurisdiction",
            "doc_number",
            "issued",
            "published",
            "period",
            "source",
            "url",
        ],
        plans.iter().map(|p| {
            vec![
                p.slug.to_string(),
                p.title.to_string(),
                p.issuer.clone(),
                p.jurisdiction.to_string(),
                p.doc_number.unwrap_or_default().to_string(),
                p.issued.clone().unwrap_or_default(),
                p.published.clone().unwrap_or_default(),
                p.period
                    .map(|[a, b]| format!("{a}-{b}"))
                    .unwrap_or_default(),
                p.source.clone().unwrap_or_default(),
                p.url.to_string(),
            ]
        }),
    );
    let json = |v: &dyn erased::Json| v.to_bytes();
    vec![
        Page::new("data/tasks.json", json(&tasks)),
        Page::new("data/targets.json", json(&targets)),
        Page::new("data/plans.json", json(&plans)),
        Page::new("data/tasks.csv", tasks_csv),
        Page::new("data/targets.csv", targets_csv),
        Page::new("data/plans.csv", plans_csv),
    ]
}

mod erased {
    /// Lets one closure serialise the three record lists.
    pub(super) trait Json {
        fn to_bytes(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_bytes(&self) -> Vec<u8> {
            let mut v = serde_json::to_vec_pretty(self).expect("records serialise");
            v.push(b'\n');
            v
        }
    }
}

/// CSV with a UTF-8 byte-order mark, so spreadsheet programs detect the
/// encoding and show Chinese correctly.
fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(header).expect("writing to memory");
        for r in rows {
            w.write_record(r.iter().map(|c| inert_cell(c).into_owned()))
                .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    buf
}

/// A cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`,
/// `+1+cmd`, `@SUM(…)`, or one led by a tab or carriage return) gets a
/// leading apostrophe, which spreadsheets show as text and do not evaluate.
/// A plain number such as `-5` stays as it is.
fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if risky {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

pub(crate) fn sitemap(site: &Site, html_paths: &[String]) -> Page {
    let base = site.config.base_url.trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in html_paths.iter().filter(|p| p.as_str() != "404.html") {
        let loc = if base.is_empty() {
            p.clone()
        } else {
            format!("{base}/{p}")
        };
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            super::markdown::escape(&loc)
        ));
    }
    xml.push_str("</urlset>\n");
    Page::new("sitemap.xml", xml.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_run_as_formulas() {
        let bytes = csv_bytes(
            &["a", "b", "c", "d"],
            [vec![
                "=HYPERLINK(\"http://x\",\"y\")".to_string(),
                "@SUM(A1)".to_string(),
                "-5".to_string(),
                "市教育局".to_string(),
            ]]
            .into_iter(),
        );
        let text = String::from_utf8(bytes).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert_eq!(
            row,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),-5,市教育局"
        );
    }
}
