//! The site graph and its checks: related tasks and department names at
//! scale, output paths that collide, path components too long for a file
//! system.

use std::path::Path;

use crate::common::*;
use crate::load::site;

/// A site of `content/plans/<name>.yaml` files, none of the demo's.
fn site_of(plans: &[(&str, String)]) -> tempfile::TempDir {
    let dir = site();
    let root = dir.path().join("s");
    let dir_plans = root.join("content/plans");
    for e in std::fs::read_dir(&dir_plans).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    for (name, yaml) in plans {
        std::fs::write(dir_plans.join(format!("{name}.yaml")), yaml).unwrap();
    }
    dir
}

/// Runs sitegen on `root` within `secs` seconds and 2000 MiB.
fn run(secs: u64, root: &Path, args: &[&str]) -> Bounded {
    let mut all = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    sitegen_within(secs, 2000, &all, &repo())
}

/// Bound of the runs over tens of thousands of pages: a debug build renders
/// them in about a minute on two loaded cores, the quadratic steps they
/// guard took ten times that.
const LARGE: u64 = 300;

#[test]
fn related_tasks_of_forty_thousand_tasks_sharing_a_lead_and_a_year() {
    // Normal content at scale: every task led by one bureau, due one year.
    let plans: Vec<(String, String)> = (0..4)
        .map(|p| {
            let mut y = format!("title: 计划{p}\njurisdiction: 某市\nsections:\n- number: 一\n  title: 任务\n  tasks:\n");
            for i in 1..=10_000 {
                y.push_str(&format!(
                    "  - {{number: '{i}', title: 任务{p}-{i}, lead: [市教育局], targets: [{{year: 2025, text: 完成}}]}}\n"
                ));
            }
            (format!("p{p}"), y)
        })
        .collect();
    let plans: Vec<(&str, String)> = plans.iter().map(|(n, y)| (n.as_str(), y.clone())).collect();
    let dir = site_of(&plans);
    let root = dir.path().join("s");
    let b = run(LARGE, &root, &["build"]);
    assert!(b.output.status.success(), "{}", text(&b.output.stderr));
    let page = read(&root.join("public"), "plans/p1/1-500.html");
    assert!(page.contains("相关任务"), "related tasks are listed");
    for near in ["1-499.html", "1-501.html"] {
        assert!(
            page.contains(near),
            "the nearest tasks of the plan come first: {near}"
        );
    }
}

#[test]
fn check_of_ten_thousand_departments_is_near_linear() {
    // 5,000 departments named twice, 5,000 named once, one misspelling:
    // each name named once used to be compared with every other name.
    let half = 5_000;
    let mut y = String::from(
        "title: 部门\njurisdiction: 某市\nsections:\n- number: 一\n  title: 任务\n  tasks:\n",
    );
    for i in 0..half {
        y.push_str(&format!(
            "  - {{number: '{}', title: 任务{i}, lead: [部门{i}局], partners: [部门{}局], responsible: [单位{i}]}}\n",
            i + 1,
            (i + 1) % half
        ));
    }
    y.push_str(&format!(
        "  - {{number: '{}', title: 甲, lead: [市教育局]}}\n  - {{number: '{}', title: 错字, lead: [市教育局], responsible: [市教肓局]}}\n",
        half + 1,
        half + 2
    ));
    let dir = site_of(&[("d", y)]);
    let root = dir.path().join("s");
    let b = run(LARGE, &root, &["check"]);
    let out = text(&b.output.stdout);
    assert_eq!(b.output.status.code(), Some(0), "{out}");
    let line = half + 8;
    assert!(
        out.contains(&format!(
            "content/plans/d.yaml:{line}:61: warning: department `市教肓局` appears only once; did you mean 市教育局?"
        )),
        "{}",
        out.chars().take(3000).collect::<String>()
    );
    assert!(out.trim_end().ends_with("0 errors, 1 warning"), "{out}");
}

/// build, check and bundle of `root`: (exit code, stdout + stderr) each.
fn all_three(root: &Path) -> [(Option<i32>, String); 3] {
    let zip = root.join("portal.zip");
    let runs = [
        run(120, root, &["build"]),
        run(120, root, &["check"]),
        run(120, root, &["bundle", "--out", zip.to_str().unwrap()]),
    ];
    runs.map(|b| {
        (
            b.output.status.code(),
            text(&b.output.stdout) + &text(&b.output.stderr),
        )
    })
}

fn assert_all_pass(root: &Path) {
    for (code, out) in all_three(root) {
        assert_eq!(code, Some(0), "{out}");
        assert!(!out.contains("error:"), "{out}");
    }
}

const PLAN_HEAD: &str = "title: 计划甲\njurisdiction: 某市\nsections:\n";

#[test]
fn a_task_numbered_index_does_not_replace_its_plan_page() {
    let y = format!(
        "{PLAN_HEAD}- title: 无编号章节\n  tasks:\n  - {{number: index, title: 索引任务, lead: [市教育局]}}\n  - {{number: '1', title: 第一项, lead: [市教育局]}}\n"
    );
    let dir = site_of(&[("p", y)]);
    let root = dir.path().join("s");
    assert_all_pass(&root);
    let out = root.join("public");
    let plan = read(&out, "plans/p/index.html");
    assert!(plan.contains("<h1") && plan.contains("计划甲"), "{plan}");
    assert!(
        plan.contains("index-2.html"),
        "the plan links to the task: {plan}"
    );
    assert!(read(&out, "plans/p/index-2.html").contains("索引任务"));
}

#[test]
fn a_department_slugged_index_does_not_replace_the_department_index() {
    // A name whose slug is `index` gets `index-2`; a register that asks
    // for `index` outright is told why not.
    // No jurisdiction: the slug is the name's alone.
    let y = "title: 计划甲\nsections:\n- number: 一\n  title: 任务\n  tasks:\n  - {number: '1', title: 第一项, lead: [Index, 市教育局]}\n".to_string();
    let dir = site_of(&[("p", y)]);
    let root = dir.path().join("s");
    assert_all_pass(&root);
    let out = root.join("public");
    let index = read(&out, "departments/index.html");
    assert!(
        index.contains("部门索引") && index.contains("index-2.html"),
        "{index}"
    );
    assert!(read(&out, "departments/index-2.html").contains("Index"));

    std::fs::write(
        root.join("content/departments.yaml"),
        "- jurisdiction: ''\n  name: 市教育局\n  slug: index\n",
    )
    .unwrap();
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("content/departments.yaml:3:9: error: department slug `index` is the name of the page that lists all departments"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn plan_slugs_named_like_site_folders_stay_under_plans() {
    // Plan pages live under plans/, so these never collided; kept as a guard.
    let dir = site_of(&[
        ("a", format!("slug: departments\n{PLAN_HEAD}- number: 一\n  title: 甲\n  tasks:\n  - {{number: '1', title: 甲一, lead: [市教育局]}}\n")),
        ("b", "slug: data\ntitle: 计划乙\nsections:\n- number: 一\n  title: 乙\n  tasks:\n  - {number: '1', title: 乙一, lead: [市教育局]}\n".to_string()),
        ("c", "slug: index\ntitle: 计划丙\nsections: []\n".to_string()),
    ]);
    let root = dir.path().join("s");
    assert_all_pass(&root);
    let out = root.join("public");
    assert!(read(&out, "plans/departments/index.html").contains("计划甲"));
    assert!(read(&out, "plans/data/index.html").contains("计划乙"));
    assert!(read(&out, "plans/index/index.html").contains("计划丙"));
    assert!(read(&out, "departments/index.html").contains("部门索引"));
    assert!(read(&out, "data/plans.csv").contains("计划乙"));
}

#[test]
fn a_static_file_landing_on_a_page_is_a_located_error() {
    let y = format!(
        "{PLAN_HEAD}- number: 一\n  title: 任务\n  tasks:\n  - {{number: '1', title: 第一项, lead: [市教育局]}}\n"
    );
    let dir = site_of(&[("p", y)]);
    let root = dir.path().join("s");
    std::fs::create_dir_all(root.join("static/plans/p")).unwrap();
    std::fs::write(root.join("static/index.html"), "<p>not the home page</p>").unwrap();
    std::fs::write(root.join("static/plans/p/1-1.html"), "<p>not the task</p>").unwrap();
    for (code, out) in all_three(&root) {
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.contains("static/index.html: error: the static file `index.html` would replace the page `index.html` made by sitegen itself"),
            "{out}"
        );
        assert!(
            out.contains("static/plans/p/1-1.html: error: the static file `plans/p/1-1.html` would replace the page `plans/p/1-1.html` made by the task at content/plans/p.yaml:7:6"),
            "{out}"
        );
        assert!(
            out.contains("help: rename or move the static file"),
            "{out}"
        );
    }
    assert!(
        !root.join("public").exists(),
        "a failed build writes nothing"
    );
    assert!(
        !root.join("portal.zip").exists(),
        "nor does a failed bundle"
    );
}

#[test]
fn ids_longer_than_a_file_name_get_short_distinct_pages() {
    // A task number of 402 bytes, and two tasks eight sections deep whose
    // ids share 300 bytes: their pages used to fail with "File name too long".
    let long = "长".repeat(134);
    let mut y = format!(
        "{PLAN_HEAD}- number: 一\n  title: 长编号\n  tasks:\n  - {{number: '{long}', title: 长任务, lead: [市教育局]}}\n"
    );
    let prefix = "深".repeat(100);
    let mut indent = String::new();
    for d in 0..8 {
        y.push_str(&format!(
            "{indent}- number: '{}{d}'\n{indent}  title: 第{d}层\n",
            "层".repeat(20)
        ));
        y.push_str(&format!(
            "{indent}  {}:\n",
            if d < 7 { "sections" } else { "tasks" }
        ));
        indent.push_str("  ");
    }
    for (n, title) in [("甲", "深任务甲"), ("乙", "深任务乙")] {
        y.push_str(&format!(
            "{indent}- {{number: '{prefix}{n}', title: {title}, lead: [{}]}}\n",
            "局".repeat(200)
        ));
    }
    let dir = site_of(&[("l", y)]);
    let root = dir.path().join("s");
    assert_all_pass(&root);
    let plan_dir = root.join("public/plans/l");
    let mut pages: Vec<String> = std::fs::read_dir(&plan_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(
        pages.len(),
        4,
        "the plan and three distinct task pages: {pages:?}"
    );
    for p in &pages {
        assert!(p.len() <= 90, "{p}");
    }
    let texts: Vec<String> = pages.iter().map(|p| read(&plan_dir, p)).collect();
    for title in ["长任务", "深任务甲", "深任务乙"] {
        assert_eq!(
            texts
                .iter()
                .filter(|t| t.contains(&format!("{title}</h1>")))
                .count(),
            1,
            "{title} has a page of its own"
        );
    }
}

#[test]
fn twenty_thousand_tasks_numbered_alike_get_ids_in_linear_time() {
    // Each repeat of an id used to count up from `-2` again: quadratic.
    let mut y = String::from("title: 同号\nsections:\n- number: 一\n  title: 任务\n  tasks:\n");
    for i in 0..20_000 {
        y.push_str(&format!(
            "  - {{number: '1', title: 任务{i}, lead: [部门{}]}}\n",
            i % 50
        ));
    }
    let dir = site_of(&[("s", y)]);
    let root = dir.path().join("s");
    let b = run(LARGE, &root, &["build"]);
    assert!(b.output.status.success(), "{}", text(&b.output.stderr));
    let out = root.join("public");
    assert!(read(&out, "plans/s/1-1.html").contains("任务0</h1>"));
    assert!(read(&out, "plans/s/1-1-20000.html").contains("任务19999</h1>"));
}
