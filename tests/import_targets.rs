//! Where targets are attached: goal chapters feed the plan's own targets.

use sitegen::import_text;

#[test]
fn general_requirements_state_plan_targets() {
    let text = "某市某某实施方案\n一、总体要求\n以提高质量为目标，补短板、强弱项。到2020年，基础教育普及水平进一步提升，建成5所学校。\n二、主要任务\n(一)甲行动\n1.做好乙。内容。(牵头单位：市教育局)\n三、保障措施\n(一)加强领导。2020年底前完成考核。\n";
    let imp = import_text(text, "seeds/x.txt").unwrap().remove(0);
    let got: Vec<(Option<i32>, &str)> = imp
        .plan
        .targets
        .iter()
        .map(|t| (t.year, t.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(2020), "基础教育普及水平进一步提升"),
            (Some(2020), "建成5所学校")
        ]
    );
}

#[test]
fn substantive_chapters_keep_their_targets_safeguards_do_not() {
    let text = "某市某某实施方案\n一、总体目标\n到2025年，建成5所学校。\n二、城乡统筹发展\n(一)编制规划。到2025年，新增学位3000个。\n三、主要任务\n(一)甲行动\n1.做好乙。内容。(牵头单位：市教育局)\n四、保障措施\n(一)加强领导。2025年底前完成考核。\n";
    let imp = import_text(text, "seeds/x.txt").unwrap().remove(0);
    let mut found = Vec::new();
    fn walk(s: &[sitegen::Section], out: &mut Vec<String>) {
        for x in s {
            out.extend(x.targets.iter().map(|t| t.text.clone()));
            walk(&x.sections, out);
        }
    }
    walk(&imp.plan.sections, &mut found);
    assert!(!found.iter().any(|t| t.contains("考核")), "{found:?}");
    let all: Vec<String> = imp
        .plan
        .targets
        .iter()
        .map(|t| t.text.clone())
        .chain(found)
        .collect();
    assert!(all.iter().any(|t| t == "新增学位3000个"), "{all:?}");
}

/// Every (year, value) stated in the tasks of a one-chapter plan.
fn task_targets(text: &str) -> Vec<(Option<i32>, String)> {
    let imp = import_text(text, "x.txt").unwrap().remove(0);
    imp.plan
        .tasks_with_path()
        .iter()
        .flat_map(|(_, t)| t.targets.clone())
        .map(|t| (t.year, t.text))
        .collect()
}

#[test]
fn deadlines_without_a_year_take_the_plans_year() {
    let text = "某市关于实现一季度经济开门红的若干措施\n发布日期：2026-01-28\n\
        一、稳产增产。鼓励企业早复工，争取元宵节前规上工业企业复工率达90%以上。春节期间，政务大厅保留必要窗口。（责任单位：市工业和信息化局）\n\
        二、扩大投资。力争一季度新开工重大项目超74个，完成投资300亿元以上。对一季度符合条件的企业给予奖励。（责任单位：市发展改革局）\n\
        三、稳定预期。6月底前出台细则。本措施有效期至2026年3月31日。（责任单位：市住房城乡建设局）\n";
    let got = task_targets(text);
    let y = Some(2026);
    assert_eq!(
        got,
        [
            (y, "规上工业企业复工率达90%以上".to_string()),
            (y, "新开工重大项目超74个".to_string()),
            (y, "完成投资300亿元以上".to_string()),
            (y, "出台细则".to_string()),
        ],
        "春节期间 is a span, 对一季度… a condition, 有效期至 a validity window"
    );
}

#[test]
fn windows_stock_dates_and_conditions_are_not_deadlines() {
    let text = "某省大气污染防治实施方案\n一、重点任务\n\
        (一)淘汰黄标车。到2015年，基本淘汰2005年以前注册的营运黄标车。（牵头单位：省公安厅）\n\
        (二)实施补贴。2022年4月25日至2022年12月31日期间购车的，给予补贴。截至2022年底，全省已建成充电桩3万个。（牵头单位：省商务厅）\n\
        (三)发展托育。2025年每千人口拥有3岁以下婴幼儿托位数达4.5个。2020年起，每年新增托位1000个。（牵头单位：省卫生健康委）\n";
    let got = task_targets(text);
    assert_eq!(
        got,
        [
            (Some(2015), "基本淘汰2005年以前注册的营运黄标车".to_string()),
            (
                Some(2025),
                "每千人口拥有3岁以下婴幼儿托位数达4.5个".to_string()
            ),
        ]
    );
}
