//! "Related tasks" on a task page: tasks that share a lead department or a
//! target year, closest first.
//!
//! One lead or one year is often shared by tens of thousands of tasks (every
//! task of a large plan led by one bureau, due the same year), and scoring
//! every pair made linking quadratic. Each task therefore scores, per shared
//! key, only the tasks of that key nearest to it in plan order, at most
//! `2 * WINDOW + 1` of them. A key shared by no more tasks than that is scored
//! whole, so a small site relates exactly the tasks it did when every pair
//! was compared, and the choice is deterministic at any size.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{DeptIx, Site, TaskIx};

/// At most this many related tasks are listed on a task page.
const MAX: usize = 8;

/// Tasks looked at on each side of a task in one key's bucket.
const WINDOW: usize = 32;

/// The tasks of `bucket` (ascending, as tasks are numbered in plan order)
/// nearest to `ix`: the whole bucket while it is small.
fn window(bucket: &[TaskIx], ix: TaskIx) -> &[TaskIx] {
    let span = 2 * WINDOW + 1;
    if bucket.len() <= span {
        return bucket;
    }
    let at = bucket.partition_point(|&o| o < ix);
    let start = at.saturating_sub(WINDOW).min(bucket.len() - span);
    &bucket[start..start + span]
}

/// Related tasks: those sharing a lead department or a target year, closest
/// (same plan, most shared) first, at most [`MAX`].
pub(super) fn relate_tasks(site: &mut Site) {
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
                for &o in window(&by_lead[d], ix) {
                    *score.entry(o).or_default() += 2;
                }
            }
            for y in &years[ix] {
                for &o in window(&by_year[y], ix) {
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

    #[test]
    fn windows_are_nearest_in_plan_order_and_whole_when_small() {
        let small: Vec<TaskIx> = (0..10).collect();
        assert_eq!(window(&small, 3), &small[..]);
        let big: Vec<TaskIx> = (0..1000).map(|i| i * 2).collect();
        let w = window(&big, 500);
        assert_eq!(w.len(), 2 * WINDOW + 1);
        assert_eq!(w[WINDOW], 500, "centred on the task itself");
        assert_eq!(window(&big, 0)[0], 0, "shifted, not cut, at the start");
        assert_eq!(window(&big, 0).len(), 2 * WINDOW + 1);
        assert_eq!(*window(&big, 5000).last().unwrap(), 1998, "and at the end");
        assert_eq!(window(&big, 5000).len(), 2 * WINDOW + 1);
    }
}
