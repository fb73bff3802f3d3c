//! Resolving loaded plans into a site graph: stable ids and URLs, department
//! identity, and the indexes by department, year and plan. Everything a page
//! needs to link to another page is decided here, once.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::Config;
use crate::load::{Content, DepartmentDef};
use crate::model::{Plan, Section, Target, Task};
use crate::slug::{self, SlugSet};

/// Index types into the arenas of [`Site`].
pub type PlanIx = usize;
pub type TaskIx = usize;
pub type DeptIx = usize;
pub type TargetIx = usize;

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub plans: Vec<PlanNode>,
    pub tasks: Vec<TaskNode>,
    pub departments: Vec<Department>,
    pub targets: Vec<TargetNode>,
    /// Years in ascending order; targets without a year come last.
    pub years: Vec<YearNode>,
}

#[derive(Debug)]
pub struct PlanNode {
    pub slug: String,
    pub file: std::path::PathBuf,
    pub plan: Plan,
    /// Root-relative URL of the plan page.
    pub url: String,
    pub lang: String,
    pub tasks: Vec<TaskIx>,
    /// Plan-level targets (general goals).
    pub targets: Vec<TargetIx>,
    /// Departments named anywhere in the plan.
    pub departments: Vec<DeptIx>,
    /// Every target of the plan, plan-level and inside tasks.
    pub target_count: usize,
}

#[derive(Debug)]
pub struct TaskNode {
    pub plan: PlanIx,
    /// Unique within the plan, ASCII: `2-1-1`, `2-6-u1`.
    pub id: String,
    /// Numbering as printed, outermost first.
    pub path: Vec<String>,
    /// (number, title) of the enclosing sections, outermost first.
    pub sections: Vec<(String, String)>,
    pub task: Task,
    pub url: String,
    pub lead: Vec<DeptIx>,
    pub partners: Vec<DeptIx>,
    pub responsible: Vec<DeptIx>,
    pub targets: Vec<TargetIx>,
    pub prev: Option<TaskIx>,
    pub next: Option<TaskIx>,
    pub related: Vec<TaskIx>,
}

impl TaskNode {
    /// 二(一)1 — the printed numbering, joined.
    pub fn display_number(&self) -> String {
        self.path
            .iter()
            .map(|p| {
                if p.chars().all(|c| "一二三四五六七八九十".contains(c)) {
                    format!("{p}、")
                } else {
                    p.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("")
    }

    pub fn target_years(&self, site: &Site) -> Vec<Option<i32>> {
        let mut ys: Vec<Option<i32>> = self
            .targets
            .iter()
            .map(|&t| site.targets[t].target.year)
            .collect();
        ys.sort();
        ys.dedup();
        ys
    }
}

#[derive(Debug)]
pub struct Department {
    pub jurisdiction: String,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub lead: Vec<TaskIx>,
    pub partner: Vec<TaskIx>,
    pub responsible: Vec<TaskIx>,
}

#[derive(Debug)]
pub struct TargetNode {
    pub plan: PlanIx,
    pub task: Option<TaskIx>,
    pub target: Target,
}

#[derive(Debug)]
pub struct YearNode {
    pub year: Option<i32>,
    /// `2023`, or `unknown` for redacted years.
    pub slug: String,
    pub url: String,
    pub targets: Vec<TargetIx>,
}

impl YearNode {
    pub fn label(&self) -> String {
        match self.year {
            Some(y) => format!("{y}年"),
            None => "年份不详".to_string(),
        }
    }
}

/// Root-relative URL of a year page.
pub fn year_url(year: Option<i32>) -> String {
    format!("timeline/{}.html", year_slug(year))
}

fn year_slug(year: Option<i32>) -> String {
    year.map_or_else(|| "unknown".to_string(), |y| y.to_string())
}

/// Builds the site graph. Pure: no I/O.
pub fn link(config: Config, content: Content) -> Site {
    let mut site = Site {
        config,
        plans: Vec::new(),
        tasks: Vec::new(),
        departments: Vec::new(),
        targets: Vec::new(),
        years: Vec::new(),
    };
    let mut depts = DeptTable::new(&content.departments);

    for (pix, loaded) in content.plans.into_iter().enumerate() {
        let lang = loaded
            .plan
            .lang
            .clone()
            .unwrap_or_else(|| site.config.language.clone());
        let url = format!("plans/{}/index.html", loaded.slug);
        let mut node = PlanNode {
            slug: loaded.slug,
            file: loaded.file,
            url,
            lang,
            tasks: Vec::new(),
            targets: Vec::new(),
            departments: Vec::new(),
            target_count: 0,
            plan: loaded.plan,
        };
        for t in &node.plan.targets {
            node.targets.push(site.targets.len());
            site.targets.push(TargetNode {
                plan: pix,
                task: None,
                target: t.clone(),
            });
        }
        collect_section_targets(
            &node.plan.sections,
            pix,
            &mut node.targets,
            &mut site.targets,
        );

        let mut ids = SlugSet::default();
        let mut flat = Vec::new();
        flatten(&node.plan.sections, &mut Vec::new(), &mut flat);
        for (sections, task) in flat {
            let tix = site.tasks.len();
            let mut path: Vec<String> = sections
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| !n.is_empty())
                .collect();
            path.push(task.number.clone());
            let id = ids.claim(
                &path
                    .iter()
                    .map(|p| slug::number_id(p))
                    .collect::<Vec<_>>()
                    .join("-"),
            );
            let jur = &node.plan.jurisdiction;
            let mut resolve = |names: &[String]| -> Vec<DeptIx> {
                let mut v: Vec<DeptIx> = Vec::new();
                for n in names {
                    let d = depts.resolve(jur, n);
                    if !v.contains(&d) {
                        v.push(d);
                    }
                }
                v
            };
            let lead = resolve(&task.lead);
            let partners = resolve(&task.partners);
            let responsible = resolve(&task.responsible);
            let mut targets = Vec::new();
            for t in &task.targets {
                targets.push(site.targets.len());
                site.targets.push(TargetNode {
                    plan: pix,
                    task: Some(tix),
                    target: t.clone(),
                });
            }
            node.tasks.push(tix);
            site.tasks.push(TaskNode {
                plan: pix,
                url: format!("plans/{}/{}.html", node.slug, id),
                id,
                path,
                sections,
                task,
                lead,
                partners,
                responsible,
                targets,
                prev: None,
                next: None,
                related: Vec::new(),
            });
        }
        node.target_count = site.targets.iter().filter(|t| t.plan == pix).count();
        site.plans.push(node);
    }

    site.departments = depts.finish();
    index_departments(&mut site);
    chain_tasks(&mut site);
    index_years(&mut site);
    relate_tasks(&mut site);
    site
}

fn collect_section_targets(
    sections: &[Section],
    pix: PlanIx,
    plan_targets: &mut Vec<TargetIx>,
    all: &mut Vec<TargetNode>,
) {
    for s in sections {
        for t in &s.targets {
            plan_targets.push(all.len());
            all.push(TargetNode {
                plan: pix,
                task: None,
                target: t.clone(),
            });
        }
        collect_section_targets(&s.sections, pix, plan_targets, all);
    }
}

type Flat = Vec<(Vec<(String, String)>, Task)>;

fn flatten(sections: &[Section], trail: &mut Vec<(String, String)>, out: &mut Flat) {
    for s in sections {
        trail.push((s.number.clone(), s.title.clone()));
        for t in &s.tasks {
            out.push((trail.clone(), t.clone()));
        }
        flatten(&s.sections, trail, out);
        trail.pop();
    }
}

/// Department identity is (jurisdiction, canonical name); the register in
/// `content/departments.yaml` maps aliases to canonical names.
struct DeptTable {
    /// Folded (jurisdiction, alias) -> canonical display name.
    alias: HashMap<(String, String), String>,
    slugs_wanted: HashMap<(String, String), String>,
    index: HashMap<(String, String), DeptIx>,
    /// Display (jurisdiction, name), as first seen or as registered.
    list: Vec<(String, String)>,
    keys: Vec<(String, String)>,
}

impl DeptTable {
    fn new(defs: &[DepartmentDef]) -> Self {
        let mut alias = HashMap::new();
        let mut slugs_wanted = HashMap::new();
        for d in defs {
            for a in &d.aliases {
                alias.insert(key(&d.jurisdiction, a), normalize(&d.name));
            }
            if let Some(s) = &d.slug {
                slugs_wanted.insert(key(&d.jurisdiction, &d.name), s.clone());
            }
        }
        DeptTable {
            alias,
            slugs_wanted,
            index: HashMap::new(),
            list: Vec::new(),
            keys: Vec::new(),
        }
    }

    fn resolve(&mut self, jurisdiction: &str, name: &str) -> DeptIx {
        let display = match self.alias.get(&key(jurisdiction, name)) {
            Some(canon) => canon.clone(),
            None => normalize(name),
        };
        let k = key(jurisdiction, &display);
        if let Some(&ix) = self.index.get(&k) {
            return ix;
        }
        let ix = self.list.len();
        self.index.insert(k.clone(), ix);
        self.keys.push(k);
        self.list.push((jurisdiction.to_string(), display));
        ix
    }

    fn finish(self) -> Vec<Department> {
        let mut slugs = SlugSet::default();
        self.list
            .into_iter()
            .zip(self.keys)
            .map(|((jurisdiction, name), k)| {
                let wanted = self
                    .slugs_wanted
                    .get(&k)
                    .filter(|s| slug::is_valid(s))
                    .cloned()
                    .unwrap_or_else(|| slug::slugify(&format!("{} {}", k.0, k.1), 80));
                let slug = slugs.claim(&wanted);
                Department {
                    url: format!("departments/{slug}.html"),
                    slug,
                    jurisdiction,
                    name,
                    lead: Vec::new(),
                    partner: Vec::new(),
                    responsible: Vec::new(),
                }
            })
            .collect()
    }
}

/// Whitespace inside a name is an artefact of the source layout.
fn normalize(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Identity of a department: whitespace folded and script folded to
/// simplified, so 市教育局 in a traditional-script plan (市教育局 / 市敎育局)
/// is the same body as in a simplified one.
fn key(jurisdiction: &str, name: &str) -> (String, String) {
    let fold = |s: &str| zhconv::zhconv(&normalize(s), zhconv::Variant::ZhHans);
    (fold(jurisdiction), fold(name))
}

fn index_departments(site: &mut Site) {
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
            if !plan.departments.contains(&d) {
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

/// Related tasks: those sharing a lead department or a target year, closest
/// (same plan, most shared) first, at most eight.
fn relate_tasks(site: &mut Site) {
    const MAX: usize = 8;
    let years: Vec<Vec<Option<i32>>> = site.tasks.iter().map(|t| t.target_years(site)).collect();
    let mut by_lead: HashMap<DeptIx, Vec<TaskIx>> = HashMap::new();
    let mut by_year: HashMap<Option<i32>, Vec<TaskIx>> = HashMap::new();
    for (ix, t) in site.tasks.iter().enumerate() {
        for &d in &t.lead {
            by_lead.entry(d).or_default().push(ix);
        }
        for &y in &years[ix] {
            by_year.entry(y).or_default().push(ix);
        }
    }
    let related: Vec<Vec<TaskIx>> = (0..site.tasks.len())
        .into_par_iter()
        .map(|ix| {
            let t = &site.tasks[ix];
            let mut score: HashMap<TaskIx, u32> = HashMap::new();
            for d in &t.lead {
                for &o in &by_lead[d] {
                    *score.entry(o).or_default() += 2;
                }
            }
            for y in &years[ix] {
                for &o in &by_year[y] {
                    *score.entry(o).or_default() += 1;
                }
            }
            score.remove(&ix);
            let key = |&(o, s): &(TaskIx, u32)| {
                let other_plan = site.tasks[o].plan != t.plan;
                (std::cmp::Reverse(s), other_plan, o.abs_diff(ix), o)
            };
            let mut v: Vec<(TaskIx, u32)> = score.into_iter().collect();
            // Only the best few are kept: select them in linear time, then order those.
            if v.len() > MAX {
                v.select_nth_unstable_by_key(MAX, key);
                v.truncate(MAX);
            }
            v.sort_by_key(key);
            // A fresh vector: collecting from `v` in place would keep its
            // whole (candidate-sized) allocation alive for every task.
            let mut out = Vec::with_capacity(v.len());
            out.extend(v.iter().map(|&(o, _)| o));
            out
        })
        .collect();
    for (t, r) in site.tasks.iter_mut().zip(related) {
        t.related = r;
    }
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
        assert_eq!(site.tasks[0].display_number(), "二、(一)1");
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
