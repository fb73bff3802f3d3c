//! Task-division tables (任务分工表) in spreadsheets, CSV files, web pages
//! and text, and indicator tables. The tables are built from a real plan:
//! seed 000 is imported as text, and its tasks are written out as the
//! rows of a 分工表 the way publishers lay them out (a title row, a
//! category column merged down, multi-line unit cells, a deadline column).

use rust_xlsxwriter::{Format, Workbook};
use sitegen::{import_bytes, import_text, Imported, Plan, Task};

fn seed() -> Imported {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_d3d8d3678e9b4b54.txt"
    ))
    .unwrap();
    import_text(&text, "seeds/000.txt").unwrap().remove(0)
}

/// One row of the 分工表 made from a seed task.
struct Spec {
    /// The heading the task stands under, as printed.
    category: String,
    title: String,
    lead: Vec<String>,
    partners: Vec<String>,
}

/// The rows of the seed's tasks.
fn rows(plan: &Plan) -> Vec<Spec> {
    fn walk(secs: &[sitegen::Section], out: &mut Vec<Spec>) {
        for s in secs {
            // The innermost heading as printed is the row's category.
            let ch = if s.number.starts_with('(') {
                format!("{}{}", s.number, s.title)
            } else {
                format!("{}、{}", s.number, s.title)
            };
            for t in &s.tasks {
                out.push(Spec {
                    category: ch.clone(),
                    title: t.title.clone(),
                    lead: t.lead.clone(),
                    partners: t.partners.clone(),
                });
            }
            walk(&s.sections, out);
        }
    }
    let mut out = Vec::new();
    walk(&plan.sections, &mut out);
    out
}

fn all_tasks(plan: &Plan) -> Vec<&Task> {
    plan.tasks_with_path().into_iter().map(|(_, t)| t).collect()
}

/// Every row came back as a task with its title, lead and partners.
fn assert_same_tasks(from_table: &Plan, seed: &Plan) {
    let want = rows(seed);
    let got = all_tasks(from_table);
    assert_eq!(got.len(), want.len(), "task count");
    for (t, w) in got.iter().zip(&want) {
        assert_eq!(t.title, w.title);
        assert_eq!(t.lead, w.lead, "lead of {}", w.title);
        assert_eq!(t.partners, w.partners, "partners of {}", w.title);
    }
}

#[test]
fn xlsx_task_table_with_merged_categories_and_multiline_cells() {
    let seed = seed();
    let want = rows(&seed.plan);
    assert!(want.len() >= 20, "the seed has its tasks");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    let wrap = Format::new().set_text_wrap();
    ws.merge_range(
        0,
        0,
        0,
        5,
        &format!("{}重点任务分工表", seed.plan.title),
        &plain,
    )
    .unwrap();
    for (c, h) in [
        "序号",
        "任务类别",
        "重点任务",
        "牵头单位",
        "配合单位",
        "完成时限",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let mut start = 2u32;
    for (r, (i, w)) in (2u32..).zip(want.iter().enumerate()) {
        ws.write_string(r, 0, (i + 1).to_string()).unwrap();
        ws.write_string(r, 2, &w.title).unwrap();
        ws.write_string_with_format(r, 3, w.lead.join("\n"), &wrap)
            .unwrap();
        ws.write_string_with_format(r, 4, w.partners.join("\n"), &wrap)
            .unwrap();
        ws.write_string(r, 5, "2023年12月底前").unwrap();
        let last_of_chapter = want.get(i + 1).is_none_or(|n| n.category != w.category);
        if last_of_chapter {
            if r > start {
                ws.merge_range(start, 1, r, 1, &w.category, &plain).unwrap();
            } else {
                ws.write_string(r, 1, &w.category).unwrap();
            }
            start = r + 1;
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let imp = import_bytes(&bytes, "fengong.xlsx").unwrap().remove(0);
    let p = &imp.plan;
    assert_eq!(p.title, format!("{}重点任务分工表", seed.plan.title));
    assert_same_tasks(p, &seed.plan);
    let chapters: Vec<&str> = {
        let mut v: Vec<&str> = want.iter().map(|w| w.category.as_str()).collect();
        v.dedup();
        v
    };
    let sections: Vec<String> = p
        .sections
        .iter()
        .map(|s| {
            if s.number.starts_with('(') {
                format!("{}{}", s.number, s.title)
            } else {
                format!("{}、{}", s.number, s.title)
            }
        })
        .collect();
    assert_eq!(sections, chapters, "one section per merged category");
    assert!(
        all_tasks(p)
            .iter()
            .all(|t| t.targets.iter().any(|g| g.year == Some(2023))),
        "each deadline is a dated target"
    );
    assert!(
        imp.report.iter().any(|g| g.message.contains("task table")),
        "{:?}",
        imp.report
    );
}

fn csv_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn csv_task_table_fills_categories_down() {
    let seed = seed();
    let want = rows(&seed.plan);
    let mut csv = String::from("\u{FEFF}序号,重点领域,工作任务,牵头单位,配合单位,完成时间\n");
    let mut last = "";
    for (i, w) in want.iter().enumerate() {
        // A category is written once and left blank below, as people do.
        let cat = if w.category == last {
            ""
        } else {
            w.category.as_str()
        };
        last = &w.category;
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            i + 1,
            csv_quote(cat),
            csv_quote(&w.title),
            csv_quote(&w.lead.join("、")),
            csv_quote(&w.partners.join("\n")),
            "2023年"
        ));
    }
    let imp = import_bytes(csv.as_bytes(), "fengong.csv")
        .unwrap()
        .remove(0);
    assert_eq!(
        imp.plan.title, "fengong",
        "a bare table is titled by its file"
    );
    assert_same_tasks(&imp.plan, &seed.plan);
    let tasks = imp.plan.tasks_with_path();
    assert_eq!(tasks[0].0[1], "1", "the 序号 is the task number");
    // The row's line in the CSV file is where a reviewer looks.
    assert!(imp.report.iter().any(|g| g.line == 1 || g.line == 2));
    // Chosen by content: the same table saved as `.txt` is still a table.
    let as_txt = import_bytes(csv.as_bytes(), "fengong.txt")
        .unwrap()
        .remove(0);
    assert_eq!(as_txt.format, "CSV table");
    assert_eq!(as_txt.plan.sections, imp.plan.sections);
}

#[test]
fn web_page_table_with_rowspan_and_an_indicator_table() {
    let html = r#"<!DOCTYPE html><html><head><title>x</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="article"><h1>某市教育提质行动方案</h1>
<p>为推进教育高质量发展，制定本方案。</p>
<p>一、主要指标</p>
<table><tr><td>指标</td><td>单位</td><td>2020年基期值</td><td>2025年目标值</td><td>属性</td></tr>
<tr><td>学前教育毛入园率</td><td>%</td><td>88</td><td>92.4</td><td>预期性</td></tr>
<tr><td>新建公办幼儿园</td><td>所</td><td>—</td><td>28</td><td>约束性</td></tr></table>
<p>二、重点任务分工</p>
<table><tr><th>序号</th><th>类别</th><th>任务</th><th>责任单位</th><th>时限</th></tr>
<tr><td>1</td><td rowspan="2">学前教育</td><td>扩大普惠性资源。新建幼儿园28所。</td><td>市教育局牵头，市财政局、市自然资源局配合</td><td>2025年底</td></tr>
<tr><td>2</td><td>提升保教质量</td><td>市教育局</td><td>持续推进</td></tr>
<tr><td>3</td><td>义务教育</td><td>推进集团化办学</td><td>各县（市、区）人民政府</td><td>2024年</td></tr>
</table></div><div class="footer">版权所有</div></body></html>"#;
    let imp = import_bytes(html.as_bytes(), "page.html")
        .unwrap()
        .remove(0);
    let p = &imp.plan;
    assert_eq!(p.title, "某市教育提质行动方案");
    let tasks = p.tasks_with_path();
    let titles: Vec<&str> = tasks.iter().map(|(_, t)| t.title.as_str()).collect();
    assert_eq!(titles, ["扩大普惠性资源", "提升保教质量", "推进集团化办学"]);
    assert_eq!(tasks[0].1.lead, ["市教育局"]);
    assert_eq!(tasks[0].1.partners, ["市财政局", "市自然资源局"]);
    assert_eq!(tasks[2].1.responsible, ["各县（市、区）人民政府"]);
    assert_eq!(
        tasks[0].0,
        ["二", "1"],
        "the table's tasks are in its chapter"
    );
    // rowspan: the second row is still 学前教育.
    let chapter = p.sections.iter().find(|s| s.number == "二").unwrap();
    let cats: Vec<&str> = chapter.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(cats, ["学前教育", "义务教育"]);
    assert_eq!(
        chapter
            .sections
            .iter()
            .find(|s| s.title == "学前教育")
            .unwrap()
            .tasks
            .len(),
        2
    );
    // The indicator table: targets of its chapter, never tasks.
    let inds: Vec<(Option<i32>, Option<&str>)> = p.sections[0]
        .targets
        .iter()
        .map(|t| (t.year, t.value.as_deref()))
        .collect();
    assert!(inds.contains(&(Some(2025), Some("92.4"))), "{inds:?}");
    assert!(inds.contains(&(Some(2025), Some("28"))), "{inds:?}");
    assert!(!titles.iter().any(|t| t.contains("入园率")));
}

#[test]
fn annex_table_restating_the_tasks_gives_them_their_units() {
    let text = "某市促进就业若干措施\n\
        一、稳定岗位\n(一)支持企业稳岗。对不裁员的企业返还失业保险费。\n(二)开发公益岗位。统筹开发乡村公益性岗位。\n\
        附件\n重点任务分工表\n\
        序号\t重点任务\t牵头单位\t配合单位\t完成时限\n\
        1\t支持企业稳岗\t市人力资源社会保障局\t市财政局\t2024年6月底前\n\
        2\t开发公益岗位\t市人力资源社会保障局\t市农业农村局、市民政局\t2024年\n";
    let imp = import_text(text, "x.txt").unwrap().remove(0);
    let tasks = imp.plan.tasks_with_path();
    assert_eq!(
        tasks.len(),
        2,
        "the annex rows are not extra tasks: {tasks:#?}"
    );
    assert_eq!(tasks[0].1.lead, ["市人力资源社会保障局"]);
    assert_eq!(tasks[1].1.partners, ["市农业农村局", "市民政局"]);
    assert_eq!(tasks[0].1.targets[0].year, Some(2024));
    assert!(
        imp.report.iter().any(|g| g.message.contains("restate")),
        "{:?}",
        imp.report
    );
}

#[test]
fn broken_spreadsheets_are_errors_not_panics() {
    // A zip that claims to be a workbook but holds garbage.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"<not xml").unwrap();
        z.finish().unwrap();
    }
    let e = import_bytes(buf.get_ref(), "x.xlsx")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("x.xlsx: error: the spreadsheet could not be read"),
        "{e}"
    );
    let e = import_bytes("姓名,电话\n张三,1\n".as_bytes(), "x.csv").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("x.csv: error: found no task table: no header row names a task or unit column (the first row is `姓名 | 电话`)"),
        "{e}"
    );
    assert!(e.to_string().contains("help: put a header row"), "{e}");
    // More rows than a task table has: refused, not cut.
    let long: String = std::iter::once("序号,重点任务,牵头单位\n".to_string())
        .chain((1..=20_001).map(|i| format!("{i},任务{i},市教育局\n")))
        .collect();
    let e = import_bytes(long.as_bytes(), "long.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("at most 20000 are read"), "{e}");
}

/// A page that holds only a 任务分工表: group rows merged across the table
/// straight under the header (not a second header row), a 牵头领导 column
/// of people (not units), and the page's `<h1>` as the plan's title.
#[test]
fn page_with_only_a_task_table_under_group_rows() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/group-rows-table.html"
    );
    let imp = import_bytes(&std::fs::read(path).unwrap(), "group-rows-table.html")
        .unwrap()
        .remove(0);
    let p = &imp.plan;
    assert_eq!(p.title, "南宁市2024年城市更新重点任务分工表");
    assert_eq!(p.jurisdiction, "南宁市");
    let titles: Vec<&str> = p.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["老旧小区改造方面", "基础设施方面"]);
    let tasks = p.tasks_with_path();
    assert_eq!(tasks.len(), 3);
    let (_, first) = &tasks[0];
    assert_eq!(
        first.lead,
        ["市住房城乡建设局"],
        "张三 leads as a person, not a unit"
    );
    assert_eq!(first.partners, ["市财政局", "各城区政府"]);
    assert_eq!(first.targets[0].year, Some(2024));
    assert!(tasks
        .iter()
        .all(|(_, t)| !t.lead.iter().any(|l| l == "张三" || l == "李四")));
}

/// A workbook whose merge regions run backwards (`E1:A1`) and past the sheet
/// makes calamine panic (an overflow); the import says so as an error or
/// reads what it can, and no panic message reaches the user.
#[test]
fn a_workbook_that_makes_the_reader_panic_is_an_error() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/importer/seed-table-bad-merge.xlsx"
    );
    let out = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["import", seed, "--out", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if !o.status.success() {
        assert!(
            stderr.contains("the spreadsheet could not be read"),
            "{stderr}"
        );
    }
}
