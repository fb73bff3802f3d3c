//! "Related tasks" on a task page: tasks that share a lead department or a
//! target year, closest first.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{DeptIx, Site, TaskIx};

/// Related tasks: those sharing a lead department or a target year, closest
/// (same plan, most shared) first, at most eight.
pub(super) fn relate_tasks(site: &mut Site) {
    const MAX: usize = 8;
    let years: Vec<Vec<Option<i32>>> = (0..site.tasks.len()).map(|t| site.task_years(t)).collect();
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
