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
