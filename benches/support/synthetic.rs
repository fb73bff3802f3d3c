//! A synthetic portal of any size, shared by the benchmarks and by tests
//! that need a build long enough to interrupt.
#![allow(unreachable_pub)]

use std::path::Path;

/// Writes a site at `dir` with `plans` plans of `tasks_per_plan` tasks each.
pub fn synthetic_site(dir: &Path, plans: usize, tasks_per_plan: usize) {
    sitegen::init(dir).unwrap();
    std::fs::remove_file(dir.join("content/plans/example.yaml")).unwrap();
    let units = [
        "市教育局",
        "市财政局",
        "市发展和改革委",
        "市自然资源局",
        "市住房城乡建设局",
        "市人力资源和社会保障局",
        "市卫生健康委",
        "团市委",
        "各县(市、区)人民政府",
    ];
    for p in 0..plans {
        let mut y = format!("title: 合成计划{p}\njurisdiction: 市{}\nperiod: [2021, 2025]\nintro: 为推进工作,制定本计划。\nsections:\n", p % 7);
        for s in 0..(tasks_per_plan / 10) {
            y.push_str(&format!(
                "  - number: ({})\n    title: 第{s}节\n    tasks:\n",
                s + 1
            ));
            for t in 0..10 {
                let lead = units[(p + s + t) % units.len()];
                let partner = units[(p + 2 * s + t + 1) % units.len()];
                y.push_str(&format!(
                    "      - number: \"{}\"\n        title: 任务{p}-{s}-{t}加强学前教育资源建设\n        body: |\n          到{}年,学前教育毛入园率达9{}%。加强体育场地场馆建设和器材设施配备,配齐配强体育教师。\n        lead: [{lead}]\n        partners: [{partner}]\n        targets:\n          - {{year: {}, text: 学前教育毛入园率达9{}%, value: 9{}, unit: \"%\"}}\n",
                    t + 1, 2021 + t % 5, t, 2021 + t % 5, t, t
                ));
            }
        }
        std::fs::write(dir.join(format!("content/plans/plan-{p}.yaml")), y).unwrap();
    }
}
