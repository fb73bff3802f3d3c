//! Which plan entry each page is made from, so that what is found about a
//! page (a broken link, a path two pages want) is reported at the entry.

use std::path::Path;

use super::Site;
use crate::diag::Pos;

/// A page made from one plan entry.
pub(crate) struct Origin<'a> {
    /// The page's root-relative path.
    pub page: &'a str,
    /// The plan file and where in it the entry is.
    pub file: &'a Path,
    pub pos: Pos,
    /// What the entry is, for messages: `plan`, `task`, ...
    pub what: &'static str,
}

impl Site {
    /// Every page made from an entry: plan pages from the plan, task pages
    /// from the task, department pages from the first mention of the
    /// department, year pages from the year's first target.
    pub(crate) fn origins(&self) -> Vec<Origin<'_>> {
        let mut v = Vec::with_capacity(
            self.plans.len() + self.tasks.len() + self.departments.len() + self.years.len(),
        );
        for p in &self.plans {
            v.push(Origin {
                page: &p.url,
                file: &p.file,
                pos: Pos { line: 1, column: 1 },
                what: "plan",
            });
        }
        for t in &self.tasks {
            v.push(Origin {
                page: &t.url,
                file: &self.plans[t.plan].file,
                pos: t.pos.at,
                what: "task",
            });
        }
        for d in &self.departments {
            let first = d.lead.iter().chain(&d.partner).chain(&d.responsible).min();
            if let Some(&t) = first {
                let t = &self.tasks[t];
                v.push(Origin {
                    page: &d.url,
                    file: &self.plans[t.plan].file,
                    pos: t.pos.at,
                    what: "department named in the task",
                });
            }
        }
        for y in &self.years {
            if let Some(&t) = y.targets.first() {
                let t = &self.targets[t];
                v.push(Origin {
                    page: &y.url,
                    file: &self.plans[t.plan].file,
                    pos: t.pos,
                    what: "year of the target",
                });
            }
        }
        v
    }
}
