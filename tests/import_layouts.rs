//! One test per input layout the importer meets, each on a small realistic
//! snippet, plus checks on the real documents (seeds and shared corpus).

use std::path::Path;

use sitegen::{import_text, Imported};
use sitegen::{Plan, Task};

fn imp(text: &str) -> Imported {
    import_text(text, "x.txt").unwrap().remove(0)
}

fn task<'a>(plan: &'a Plan, path: &[&str]) -> &'a Task {
    plan.tasks_with_path()
        .into_iter()
        .find(|(p, _)| p.iter().map(String::as_str).eq(path.iter().copied()))
        .map(|(_, t)| t)
        .unwrap_or_else(|| {
            panic!(
                "no task {path:?}; have {:?}",
                plan.tasks_with_path()
                    .iter()
                    .map(|(p, _)| p.join(" "))
                    .collect::<Vec<_>>()
            )
        })
}

fn paths(plan: &Plan) -> Vec<String> {
    plan.tasks_with_path()
        .iter()
        .map(|(p, _)| p.join(" "))
        .collect()
}

/// Local plan: 一、/(一)/1. with 〔牵头单位:…;配合单位:…〕 and (责任单位:…).
#[test]
fn local_plan_with_labelled_brackets() {
    let t = "某市教育提质行动计划\n一、总体目标\n到2023年,全市新建28所公办幼儿园、8所义务教育学校。\n二、主要任务\n(一)实施学前教育计划。\n1.扩大资源。新建幼儿园。〔牵头单位:市教育局;配合单位:市财政局、自然资源局,各县(市、区)人民政府〕\n2.深化改革。推进保教。(责任单位:市教育局)\n三、保障措施\n(一)加强领导。市教育局牵头负责。\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["二 (一) 1", "二 (一) 2"]);
    let t1 = task(&p, &["二", "(一)", "1"]);
    assert_eq!(t1.lead, ["市教育局"]);
    assert_eq!(
        t1.partners,
        ["市财政局", "市自然资源局", "各县(市、区)人民政府"]
    );
    assert_eq!(task(&p, &["二", "(一)", "2"]).responsible, ["市教育局"]);
    assert_eq!(p.targets.len(), 2);
    assert_eq!(p.targets[0].value.as_deref(), Some("28"));
}

/// Traditional script with converter garbage (`關(guān)`), (責任單位:…) and the
/// convention "列第一位的單位為牽頭單位,下同" stated inside the first bracket.
#[test]
fn traditional_with_first_listed_lead() {
    let t = "某市實施方案\n一、總體要求\n堅持發展。\n二、主要任務(wù)\n(一)發(fā)展學前教育。\n1.擴大資源。到2020年,毛入園率達到95%以上。(責任單位:各縣區(qū)政府、市教育局、市發(fā)改委,列第一位的單位為牽頭單位,下同)\n2.補充教師。做好工作。(責任單位:市教育局、市財政局)\n三、組織實施\n(一)加強領導。建立機制。\n";
    let imp = imp(t);
    let p = &imp.plan;
    assert_eq!(paths(p), ["二 (一) 1", "二 (一) 2"]);
    let t1 = task(p, &["二", "(一)", "1"]);
    assert_eq!(t1.lead, ["各县区政府"]);
    assert_eq!(t1.partners, ["市教育局", "市发改委"]);
    let t2 = task(p, &["二", "(一)", "2"]);
    assert_eq!(t2.lead, ["市教育局"]);
    assert_eq!(t2.partners, ["市财政局"]);
    assert_eq!(t1.targets[0].year, Some(2020));
    assert_eq!(t1.targets[0].value.as_deref(), Some("95"));
    assert!(imp
        .report
        .iter()
        .any(|g| g.message.contains("first listed")));
}

/// Numbered items whose paragraphs open with a short heading sentence: each
/// such paragraph is a task u1, u2 …; a definitional paragraph is not.
#[test]
fn heading_sentence_paragraphs_become_unnumbered_tasks() {
    let t = "某区教育现代化2035\n一、总体要求\n坚持优先发展。\n二、战略任务\n(一)落实立德树人\n坚持育人为本。\n1.完善长效机制\n把立德树人融入各环节,贯穿各领域。\n促进学生健康成长。树立健康第一的理念。\n促进家校合作共育。完善家长委员会。\n2.加强师德建设\n把师德建设作为基础工作,始终抓紧抓好。\n(二)促进协同发展\n协同发展是发展的基础和先导。创新机制。\n三、组织实施\n(一)加强领导\n落实责任。\n";
    let imp = imp(t);
    assert_eq!(
        paths(&imp.plan),
        ["二 (二)", "二 (一) 2", "二 (一) 1 u1", "二 (一) 1 u2"]
    );
    let u1 = task(&imp.plan, &["二", "(一)", "1", "u1"]);
    assert_eq!(u1.title, "促进学生健康成长");
    assert!(imp.report.iter().any(|g| g.message.contains("unnumbered")));
}

/// National 意见: chapters each named after a line of work, units as
/// `(甲、乙等负责。列第一位者为牵头单位，下同)`, signature at the end.
#[test]
fn national_opinion_with_line_of_work_chapters() {
    let t = "国务院关于加快推进某产业发展的指导意见\n国发〔2018〕42号\n各省、自治区、直辖市人民政府：\n某产业是重要基础。\n一、总体要求\n（一）指导思想。坚持发展。\n（二）发展目标。到2025年，总动力达到1.3亿千瓦。\n二、加快推动产业高质量发展\n（三）完善创新体系。加强研发。（工业和信息化部、发展改革委、科技部等负责。列第一位者为牵头单位，下同）\n三、持续改善作业基础条件\n（四）提高便利程度。加强建设。（农业农村部、财政部等负责）\n四、强化组织领导\n（五）健全实施机制。建立机制。（农业农村部、工业和信息化部牵头负责）\n国务院\n2018年12月21日\n";
    let imp = imp(t);
    let p = &imp.plan;
    assert_eq!(paths(p), ["二 (三)", "三 (四)"]);
    let t3 = task(p, &["二", "(三)"]);
    assert_eq!(t3.lead, ["工业和信息化部"]);
    assert_eq!(t3.partners, ["发展改革委", "科技部"]);
    assert_eq!(task(p, &["三", "(四)"]).lead, ["农业农村部"]);
    assert_eq!(p.jurisdiction, "全国");
    assert_eq!(p.issuer, ["国务院"]);
    assert_eq!(p.doc_number.as_deref(), Some("国发〔2018〕42号"));
    assert_eq!(
        p.issued.map(|d| d.to_string()).as_deref(),
        Some("2018-12-21")
    );
    assert_eq!(
        (p.targets[0].value.as_deref(), p.targets[0].unit.as_deref()),
        (Some("1.3"), Some("亿千瓦"))
    );
}

/// Sub-items as heading-sentence paragraphs each closing with
/// `(甲牵头，乙参与)` / `(甲指导)`; a closing safeguard-like chapter holds
/// no tasks even where its items name units.
#[test]
fn guided_and_participating_units() {
    let t = "国务院办公厅关于印发某试点工作方案的通知\n国办发〔2018〕128号\n某试点工作方案\n一、总体要求\n（一）指导思想。坚持发展。\n二、主要任务\n（一）强化顶层设计，发挥引领作用。建立指标体系，发挥导向作用。到2020年，建成指标体系。（生态环境部牵头，国家发展改革委、工业和信息化部参与）\n优化管理体制，强化分工协作。建立责任清单。（生态环境部指导）\n发展回收产业，推广新模式。（商务部指导，供销合作总社参与）\n三、强化协调配合，加强资金保障\n（二）完善投入机制。引导投资。（财政部、人民银行负责）\n（三）加大金融支持。创新产品。（人民银行、银保监会负责）\n";
    let imp = imp(t);
    let p = &imp.plan;
    assert_eq!(paths(p), ["二 (一) u1", "二 (一) u2", "二 (一) u3",]);
    let u1 = task(p, &["二", "(一)", "u1"]);
    assert_eq!(u1.title, "建立指标体系，发挥导向作用");
    assert_eq!(u1.lead, ["生态环境部"]);
    assert_eq!(u1.partners, ["国家发展改革委", "工业和信息化部"]);
    assert_eq!(u1.targets[0].year, Some(2020));
    assert_eq!(task(p, &["二", "(一)", "u2"]).responsible, ["生态环境部"]);
    let u3 = task(p, &["二", "(一)", "u3"]);
    assert_eq!(
        (u3.lead.as_slice(), u3.partners.as_slice()),
        (
            ["商务部".to_string()].as_slice(),
            ["供销合作总社".to_string()].as_slice()
        )
    );
    assert_eq!(p.title, "某试点工作方案");
    assert_eq!(p.jurisdiction, "全国");
}

/// A whole document run into one paragraph: headings are found mid-line when
/// they continue their numbering; `(甲牵头，国务院相关部门及各地区按职责分工负责)`.
#[test]
fn run_in_single_paragraph() {
    let t = "为落实会议部署，国务院有关部门制定如下分工方案。一、把宏观政策和改革结合起来（一）落实减税降费政策，提供支撑。（财政部、税务总局等国务院相关部门及各地区按职责分工负责）具体措施：1．总结经验做法，完善直达机制。（财政部牵头，国务院相关部门及各地区按职责分工负责）2．2020年底前开展涉企收费专项治理，投入1.5亿元。（市场监管总局牵头，国务院相关部门及各地区按职责分工负责）二、放要放出活力（二）精简审批。（国务院办公厅牵头，各地区、各部门负责）";
    let imp = imp(t);
    let p = &imp.plan;
    assert_eq!(paths(p), ["一 (一)", "一 (一) 1", "一 (一) 2", "二 (二)"]);
    let t1 = task(p, &["一", "(一)", "1"]);
    assert_eq!(t1.lead, ["财政部"]);
    assert_eq!(t1.partners, ["国务院相关部门", "各地区"]);
    let t2 = task(p, &["一", "(一)", "2"]);
    assert_eq!(t2.targets[0].year, Some(2020));
    assert_eq!(t2.targets[0].text, "开展涉企收费专项治理");
    assert_eq!(
        task(p, &["一", "(一)"]).responsible,
        ["财政部", "税务总局", "国务院相关部门", "各地区"]
    );
    assert_eq!(p.jurisdiction, "全国");
}

/// Item numbers running on across chapters (`11.121人才梯队项目` after 10),
/// `（牵头单位：…，配合单位：…，各区、县级市）`, chapters not named as task
/// chapters whose items name units, jurisdiction from the bodies named.
#[test]
fn continued_numbering_and_collective_partners() {
    let t = "关于推进人才工程的实施意见\n根据《中共广州市委、广州市人民政府关于推进发展的决定》，提出以下意见。\n一、总体目标\n1.目标。到2016年，人才总量达到320万名左右。\n二、实施人才行动计划\n（一）产业人才行动计划。培养人才。\n2.紧缺人才开发项目。引进人才。（牵头单位：市发展改革委，配合单位：市委组织部、人力资源和社会保障局，各区、县级市）\n10.特聘岗位项目。设立岗位。（牵头单位：市委组织部，配合单位：各有关单位）\n11.121人才梯队项目。培养后备人才。（牵头单位：市人力资源和社会保障局，配合单位：各有关区、县级市）\n三、构建支撑体系\n（一）人才服务体系。完善服务。\n12.人才公寓。建设公寓。（牵头单位：市住房保障办，配合单位：市规划局）\n13.信息平台。开发系统。（牵头单位：市人力资源和社会保障局，配合单位：市委组织部）\n四、强化组织实施\n14.加强组织领导。统筹协调。\n";
    let imp = imp(t);
    let p = &imp.plan;
    assert_eq!(
        paths(p),
        [
            "二 (一) 2",
            "二 (一) 10",
            "二 (一) 11",
            "三 (一) 12",
            "三 (一) 13"
        ]
    );
    let t2 = task(p, &["二", "(一)", "2"]);
    assert_eq!(
        t2.partners,
        ["市委组织部", "市人力资源和社会保障局", "各区、县级市"]
    );
    assert_eq!(
        task(p, &["二", "(一)", "11"]).partners,
        ["各有关区、县级市"]
    );
    assert_eq!(task(p, &["二", "(一)", "11"]).title, "121人才梯队项目");
    assert_eq!(p.jurisdiction, "广州市");
    assert_eq!(p.targets[0].year, Some(2016));
}

/// Run-in units closing a paragraph (`甲牵头，乙、丙负责`), and
/// `(甲、乙，各区、市政府按职责分工负责)` under 列第一位者为牵头单位.
#[test]
fn run_in_units_and_district_governments() {
    let t = "某市推动义务教育均衡发展行动方案\n一、主要任务\n（一）统筹学校规划。\n1.优化布局。每年化解比例不低于25%。（市教育局、市发展改革委，各区、市政府按职责分工负责。列第一位者为牵头单位，下同）\n2.消除大班额。到2022年，基本消除大班额。市教育局牵头，市财政局、住房城乡建设局负责。\n3.加强宣传。营造氛围。（这是说明，不含单位）\n";
    let p = imp(t).plan;
    let t1 = task(&p, &["一", "(一)", "1"]);
    assert_eq!(t1.lead, ["市教育局"]);
    assert_eq!(t1.partners, ["市发展改革委", "各区、市政府"]);
    let t2 = task(&p, &["一", "(一)", "2"]);
    assert_eq!(t2.lead, ["市教育局"]);
    assert_eq!(t2.partners, ["市财政局", "市住房城乡建设局"]);
    assert!(
        t2.body.contains("市教育局牵头"),
        "the units sentence stays in the text"
    );
    let t3 = task(&p, &["一", "(一)", "3"]);
    assert!(t3.lead.is_empty() && t3.responsible.is_empty());
}

/// Chapters named `实施…保障…行动` hold tasks (the task word outweighs the
/// safeguard word), and a run-in clause may list units without their own role
/// word before the one closing the clause: `甲牵头，乙、丙，各县（区）政府负责`.
#[test]
fn action_chapters_with_safeguard_words_and_shared_role_words() {
    let t = "某市教育行动方案\n一、实施学位扩容行动，保障充足学位供给\n（一）编制建设规划。科学编制规划。市教育局牵头，市住房城乡建设局、财政局，各县（区）政府（管委会）负责\n（二）解决用地问题。足额预留用地。市自然资源局牵头，市教育局负责\n二、实施公平保障行动\n（三）完善入学机制。简化流程。（市教育局负责）\n三、健全保障机制\n（四）健全财政保障。确保投入。市财政局牵头，市教育局负责\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["一 (一)", "一 (二)", "二 (三)"]);
    let t1 = task(&p, &["一", "(一)"]);
    assert_eq!(t1.lead, ["市教育局"]);
    assert_eq!(
        t1.partners,
        ["市住房城乡建设局", "市财政局", "各县（区）政府（管委会）"]
    );
    assert_eq!(task(&p, &["二", "(三)"]).responsible, ["市教育局"]);
}

/// A closing safeguard-like chapter (`加强资金保障` after the lines of
/// work) holds no tasks even where its items name units; a safeguard-like
/// name between lines of work (`加强宣传引导`) holds tasks when its items
/// name units.
#[test]
fn closing_safeguard_chapter_is_not_tasks() {
    let t = "国务院办公厅关于促进某产业发展的指导意见\n一、总体要求\n（一）指导思想。坚持发展。\n二、丰富产品供给\n（二）发展赛事。培育品牌。（体育总局、民政部负责）\n（三）引进赛事。完善机制。（体育总局负责）\n三、加强宣传引导\n（四）营造氛围。开展宣传。（中央宣传部、体育总局负责）\n（五）树立典型。推广经验。（体育总局负责）\n四、壮大市场主体\n（六）支持企业。扶持企业。（体育总局、市场监管总局负责）\n五、优化审批服务，加强资金保障\n（七）推进改革。简化审批。（公安部、体育总局负责）\n（八）完善投入。加大投入。（财政部、体育总局负责）\n";
    let p = imp(t).plan;
    assert_eq!(
        paths(&p),
        ["二 (二)", "二 (三)", "三 (四)", "三 (五)", "四 (六)"]
    );
}

/// A document signed at its very end: the signature and date are metadata,
/// not text of the last section.
#[test]
fn closing_signature_leaves_the_last_section() {
    let t = "国务院关于推进某项工作的指导意见\n一、总体要求\n（一）指导思想。坚持发展。\n二、重点任务\n（二）完善机制。健全制度。（农业农村部负责）\n三、保障措施\n（三）加强领导。各地区要加强组织领导。\n国务院\n2018年12月21日\n";
    let p = imp(t).plan;
    assert_eq!(p.issuer, ["国务院"]);
    assert_eq!(
        p.issued.map(|d| d.to_string()).as_deref(),
        Some("2018-12-21")
    );
    let last = p.sections.last().unwrap();
    let text = format!("{}{:?}", last.body, last.sections);
    assert!(text.contains("加强组织领导"), "{text}");
    assert!(!text.contains("2018年12月21日"), "{text}");
    assert!(!text.contains("国务院\n"), "{text}");
}

/// Deadlines as printed: 到“十四五”末, 2021-2023年, 202*年 (redacted).
#[test]
fn deadline_forms() {
    let t = "某市行动方案\n一、重点任务\n1.建设学校。到“十四五”末，建成学校10所。\n2.培训教师。2021-2023年完成3万人次培训。\n3.消除大班额。到202*年，大班额比例降到5%以下。\n";
    let p = imp(t).plan;
    let y = |path: &[&str]| {
        task(&p, path)
            .targets
            .first()
            .map(|t| (t.year, t.value.clone(), t.unit.clone()))
    };
    assert_eq!(
        y(&["一", "1"]),
        Some((Some(2025), Some("10".into()), Some("所".into())))
    );
    assert_eq!(
        y(&["一", "2"]),
        Some((Some(2023), Some("3万".into()), Some("人次".into())))
    );
    assert_eq!(
        y(&["一", "3"]),
        Some((None, Some("5".into()), Some("%".into())))
    );
}

fn real(path: &str) -> Option<Imported> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&p).ok()?;
    Some(import_text(&text, path).ok()?.remove(0))
}

fn units_of(plan: &Plan) -> usize {
    plan.tasks_with_path()
        .iter()
        .map(|(_, t)| t.lead.len() + t.partners.len() + t.responsible.len())
        .sum()
}

/// The real documents keep the figures read by eye (lower bounds, so
/// improvements do not break the test).
#[test]
fn real_documents() {
    // (path, tasks at least, tasks at most, units at least, jurisdiction)
    let cases = [
        ("seeds/001_ccb1687fb92b58b4.txt", 29, 29, 130, "西宁市"),
        ("seeds/002_a030626080f97a2c.txt", 35, 45, 0, ""),
        (
            "../shared/corpus/gov_nongji_zhidaoyijian_2018.txt",
            15,
            15,
            60,
            "全国",
        ),
        (
            "../shared/corpus/gov_tiyu_jingsai_2018.txt",
            14,
            14,
            45,
            "全国",
        ),
        (
            "../shared/corpus/gov_wufeichengshi_shidian_2018.txt",
            20,
            20,
            80,
            "全国",
        ),
        (
            "../shared/corpus/gov_fangguanfu_fengong_2020.txt",
            95,
            98,
            400,
            "全国",
        ),
        (
            "../shared/corpus/guangzhou_rencaijiju_2012.txt",
            41,
            41,
            130,
            "广州市",
        ),
    ];
    for (path, lo, hi, units, j) in cases {
        let Some(imp) = real(path) else {
            continue;
        };
        let n = imp.plan.tasks_with_path().len();
        assert!((lo..=hi).contains(&n), "{path}: {n} tasks");
        assert!(
            units_of(&imp.plan) >= units,
            "{path}: {} units",
            units_of(&imp.plan)
        );
        if !j.is_empty() {
            assert_eq!(imp.plan.jurisdiction, j, "{path}");
        }
    }
}

/// A measures document (若干措施): the numbered items `一、`…`九、` carry no
/// items of their own and each ends with its units, so each is a task, and
/// its numbering path is its own number (东莞, 2026; text shortened).
#[test]
fn measures_document_numbered_items_are_tasks() {
    let t = "关于奋力实现一季度经济“开门红”的若干措施\n为深入贯彻中央经济工作会议精神，制定以下措施。\n一、支持企业稳产增产。对倍增企业一季度规模与效益发展情况开展综合评价，分档给予企业最高50万元的奖励。（责任单位：市工业和信息化局、市市场监管局）\n二、千方百计扩投资。抢抓工程项目施工黄金期，力争一季度完成投资。（责任单位：市发展改革局、市住房城乡建设局）\n三、全面保障用工需求。保障企业稳定用工。（责任单位：市人力资源社会保障局）\n本政策措施自印发之日起实施，有效期至2026年3月31日。\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["一", "二", "三"]);
    let t2 = task(&p, &["二"]);
    assert_eq!(t2.title, "千方百计扩投资");
    assert_eq!(t2.responsible, ["市发展改革局", "市住房城乡建设局"]);
}

/// Articles `第一条`…: a numbering of their own, kept as printed, each
/// article a task with its trailing `(牵头单位:…)` (泸州, 2023; shortened).
#[test]
fn articles_are_numbered_items() {
    let t = "促进房地产市场平稳健康发展的若干措施（试行）\n为促进房地产市场平稳健康发展，制定以下措施。\n第一条 优化土地出让条件。可申请同步核发《建设用地规划许可证》。(牵头单位:市自然资源和规划局)\n第二条 落实税收优惠政策。依法办理延期缴纳税款。(牵头单位:国家税务总局泸州市税务局)\n第三条 做好金融信贷支持。下调新发放首套住房商业贷款利率下限。(牵头单位:人行泸州市分行、市住房城乡建设局)\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["第一条", "第二条", "第三条"]);
    assert_eq!(task(&p, &["第二条"]).lead, ["国家税务总局泸州市税务局"]);
    assert_eq!(
        task(&p, &["第三条"]).lead,
        ["人行泸州市分行", "市住房城乡建设局"]
    );
}

/// An annex after the signature (`附件` alone on a line) whose numbering
/// starts again at 一、 is an indicator table, not more tasks (国办发
/// 〔2019〕4号, its annex of 55 indicators rendered one cell per line;
/// shortened).
#[test]
fn annex_indicator_table_is_not_tasks() {
    let t = "国务院办公厅关于加强三级公立医院绩效考核工作的意见\n一、总体要求\n(一)指导思想。以习近平新时代中国特色社会主义思想为指导。\n二、主要任务\n(一)提高病案首页质量。三级公立医院要加强以电子病历为核心的医院信息化建设。(国家卫生健康委负责)\n(二)统一编码和术语集。2019年3月底前，国家卫生健康委推行全国统一的疾病分类编码。(国家卫生健康委负责)\n附件：三级公立医院绩效考核指标\n国务院办公厅\n2019年1月16日\n附件\n三级公立医院绩效考核指标\n一级指标\n二级指标\n一、医疗质量\n(一)功能定位\n1.门诊人次数与出院人次数比\n定量\n计算方法：门诊患者人次数/同期出院患者人次数。\n2.下转患者人次数（门急诊、住院）\n定量\n(二)质量安全\n3.手术患者并发症发生率\n定量\n二、运营效率\n(一)资源效率\n4.每名执业医师日均住院工作负担\n定量\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["二 (一)", "二 (二)"]);
}

/// "以下均需A、B负责，不再列出": A and B are responsible for every later
/// measure; names that carry a place keep it; `A和市B` is two units.
#[test]
fn implied_units_places_and_joined_names() {
    let t = "某市关于促进消费的工作措施\n一、稳定预期\n\
        (一)建立补贴制度。实施补贴。（市卫生健康委、各区政府按职责分工负责。以下均需各区政府、北京经济技术开发区管委会负责，不再列出）\n\
        (二)发展托育。扩大供给。（市卫生健康委、北京金融监管局按职责分工负责）\n\
        (三)优化服务。开展活动。（市妇联、计划生育协会和市托育联席会议其他成员单位按职责分工负责）\n";
    let p = import_text(t, "x.txt").unwrap().remove(0).plan;
    assert_eq!(
        task(&p, &["一", "(一)"]).responsible,
        ["市卫生健康委", "各区政府"],
        "the clause itself names no one new"
    );
    assert_eq!(
        task(&p, &["一", "(二)"]).responsible,
        [
            "市卫生健康委",
            "北京金融监管局",
            "各区政府",
            "北京经济技术开发区管委会"
        ]
    );
    assert_eq!(
        task(&p, &["一", "(三)"]).responsible,
        [
            "市妇联",
            "市计划生育协会",
            "市托育联席会议其他成员单位",
            "各区政府",
            "北京经济技术开发区管委会"
        ]
    );
    let d = "东莞市关于稳增长的若干措施\n一、支持企业。保障要素供应。（责任单位：市工业和信息化局、东莞供电局、有关行业主管部门）\n二、扩大投资。推进项目。（责任单位：市发展改革局、东莞港务集团）\n";
    let p = import_text(d, "x.txt").unwrap().remove(0).plan;
    let units: Vec<String> = p
        .tasks_with_path()
        .iter()
        .flat_map(|(_, t)| t.responsible.clone())
        .collect();
    assert_eq!(
        units,
        [
            "市工业和信息化局",
            "东莞供电局",
            "有关行业主管部门",
            "市发展改革局",
            "东莞港务集团"
        ]
    );
}

/// Which chapters hold tasks is decided from evidence where no chapter is
/// named for it: items with deadlines are work (even under 考核程序),
/// items that only describe (指标体系) are not, and a schedule of phases
/// (推进计划: 启动阶段, 实施阶段) is not either.
#[test]
fn task_chapters_from_evidence() {
    let t = "关于加强绩效考核工作的意见\n一、总体要求\n(一)指导思想。坚持公益性。\n\
        二、指标体系\n(一)医疗质量。通过代表性的指标，体现医疗质量。\n(二)运营效率。通过人力资源配比，体现效率。\n\
        三、支撑体系\n(一)提高病案首页质量。2019年3月底前，完成编码统一。\n(二)建立考核信息系统。2019年6月底前，建立信息系统。\n\
        四、考核程序\n(一)医院自查自评。在2019年9月底前，完成自评。\n(二)省级年度考核。于2019年11月底前完成考核工作。\n\
        五、推进计划\n(一)启动阶段（2024年4月1日至2024年12月31日）。制定方案。\n(二)实施阶段（2025年1月1日至2025年12月31日）。全面实施。\n\
        六、组织实施\n(一)加强领导。各地要高度重视。\n";
    let imp = imp(t);
    assert_eq!(
        paths(&imp.plan),
        ["三 (一)", "三 (二)", "四 (一)", "四 (二)"],
        "{:#?}",
        imp.report
    );
    assert!(imp
        .report
        .iter()
        .any(|g| g.message.contains("二、指标体系")
            && g.message.contains("names units or a deadline")));
}

/// A page's metadata table, as tag-stripped text (label and value on lines
/// of their own), as table cells (tab-joined) or as `[标签] 值` lines: the
/// fields are read, and a value line is never taken for a signature.
#[test]
fn metadata_tables_in_every_shape() {
    let body = "各省、自治区、直辖市人民政府：\n为推进改革，提出以下意见。\n一、主要任务\n（一）完善考核。2019年底前完成。\n（二）加强督导。\n";
    let lines = format!("索 引 号：\n000014349/2019-00004\n发文机关：\n国务院办公厅\n成文日期：\n2019年01月16日\n标　　题：\n国务院办公厅关于加强绩效考核工作的意见\n发文字号：\n国办发〔2019〕4号\n发布日期：\n2019年01月30日\n国务院办公厅关于加强绩效考核工作的意见\n{body}");
    let cells = format!("索 引 号：\t000014349/2019-00004\t主题分类：\t卫生\n发文机关：\t国务院办公厅\t成文日期：\t2019年01月16日\n发文字号：\t国办发〔2019〕4号\t发布日期：\t2019年01月30日\n国务院办公厅关于加强绩效考核工作的意见\n{body}");
    let tagged = format!("[发文机关] 国务院办公厅\n[成文日期] 2019年01月16日\n[发文字号] 国办发〔2019〕4号\n[发布日期] 2019年01月30日\n国务院办公厅关于加强绩效考核工作的意见\n{body}");
    for (shape, text) in [("lines", lines), ("cells", cells), ("tagged", tagged)] {
        let p = imp(&text).plan;
        assert_eq!(p.issuer, ["国务院办公厅"], "{shape}");
        assert_eq!(
            p.doc_number.as_deref(),
            Some("国办发〔2019〕4号"),
            "{shape}"
        );
        assert_eq!(
            p.issued.map(|d| d.to_string()).as_deref(),
            Some("2019-01-16"),
            "{shape}"
        );
        assert_eq!(
            p.published.map(|d| d.to_string()).as_deref(),
            Some("2019-01-30"),
            "{shape}"
        );
        assert_eq!(p.title, "国务院办公厅关于加强绩效考核工作的意见", "{shape}");
        assert_eq!(p.jurisdiction, "全国", "{shape}");
    }
}

/// A title that begins like a place (`促进房地产市场…`) names none; the
/// city comes from the bodies the text names. A saved page's browser title
/// (`标题_栏目_网站`) keeps the breadcrumb out of the plan's title.
#[test]
fn jurisdiction_and_title_of_untitled_pages() {
    let t = "促进房地产市场平稳健康发展的若干措施\n泸州市住房和城乡建设局发布了征求意见的公示。\n第一条 优化土地出让条件。泸州市住房和城乡建设局牵头。\n第二条 支持刚性住房需求。泸州市住房和城乡建设局负责。\n";
    assert_eq!(imp(t).plan.jurisdiction, "泸州市");
    let t = "某市人民政府办公室关于促进房地产市场平稳健康发展的意见_文件通知_某市住房和城乡建设局\n首页 >\n文件通知\n某市人民政府办公室关于促进房地产市场平稳健康发展的意见\n各县人民政府：\n为落实部署，提出如下意见。\n一、实施购房契税补贴\n给予补贴。\n责任单位：市财政局\n二、优化预售资金监管\n责任单位：市住房城乡建设局\n";
    let p = imp(t).plan;
    assert_eq!(
        p.title,
        "某市人民政府办公室关于促进房地产市场平稳健康发展的意见"
    );
}

/// The whole family of unit labels, in brackets, on a line of their own,
/// and as a run-in clause before a deadline sentence: 牵头… leads,
/// 配合/协同/参与 are partners, 指导 leads the work others take part in,
/// 责任… alone is responsible; an office in brackets belongs to its unit.
#[test]
fn unit_label_family() {
    let t = "贵港市2024年优化营商环境工作方案\n为深入推进改革，制定本方案。\n一、主要任务\n（一）深化“一网通办”。推进政务服务事项全程网办。（牵头责任单位：市政务服务局；协同单位：市大数据局、各区政府）\n（二）优化企业开办。压缩开办时间至1个工作日。\n责任单位及承办科室：市市场监管局（登记注册科）\n（三）加强信用监管。市发展改革委牵头，市市场监管局、人民银行贵港市分行配合。2024年底前完成。\n（四）推进工程建设审批改革。（指导部门：市住房城乡建设局；参与单位：市自然资源局）\n（五）提升跨境贸易便利化。\n责任部门：市商务局\n二、保障措施\n（一）加强组织领导。\n";
    let p = imp(t).plan;
    assert_eq!(
        paths(&p),
        ["一 (一)", "一 (二)", "一 (三)", "一 (四)", "一 (五)"]
    );
    let t1 = task(&p, &["一", "(一)"]);
    assert_eq!(t1.lead, ["市政务服务局"]);
    assert_eq!(t1.partners, ["市大数据局", "各区政府"]);
    assert_eq!(task(&p, &["一", "(二)"]).responsible, ["市市场监管局"]);
    let t3 = task(&p, &["一", "(三)"]);
    assert_eq!(t3.lead, ["市发展改革委"]);
    assert_eq!(t3.partners, ["市市场监管局", "人民银行贵港市分行"]);
    assert_eq!(t3.targets[0].year, Some(2024));
    let t4 = task(&p, &["一", "(四)"]);
    assert_eq!(t4.lead, ["市住房城乡建设局"]);
    assert_eq!(t4.partners, ["市自然资源局"]);
    assert_eq!(task(&p, &["一", "(五)"]).responsible, ["市商务局"]);
}

/// Units and deadlines as fields on lines of their own (`牵头单位：甲  配合单位：乙`,
/// `完成时限：2025年6月底前`, `责任单位：…；时间节点：…`), a suffix clause
/// closed by 落实, and a place whose shortest match stops at 州 (梧州市).
#[test]
fn units_and_deadlines_as_fields() {
    let t = "梧州市2025年数字政府建设工作要点\n为加快数字政府建设，制定本要点。\n一、夯实数字基础设施\n1.推进政务云扩容升级。完成政务云平台扩容。\n牵头单位：市大数据发展局  配合单位：市财政局、市工业和信息化局\n完成时限：2025年6月底前\n2.完善电子政务外网。实现乡镇全覆盖。\n牵头单位：市大数据发展局\n完成时间：2025年12月\n二、提升政务服务效能\n3.推行“高效办成一件事”。新增10个重点事项。（市政务服务监督管理局负责，各县（市、区）人民政府落实）\n4.建设城市运行管理中心。\n责任单位：市城市管理局，市公安局；时间节点：2025年11月\n三、保障措施\n（一）加强组织领导。各部门要高度重视。\n";
    let p = imp(t).plan;
    assert_eq!(p.jurisdiction, "梧州市");
    let t1 = task(&p, &["一", "1"]);
    assert_eq!(t1.lead, ["市大数据发展局"]);
    assert_eq!(t1.partners, ["市财政局", "市工业和信息化局"]);
    assert_eq!(t1.targets.len(), 1);
    assert_eq!(t1.targets[0].year, Some(2025));
    assert_eq!(
        t1.targets[0].text,
        "推进政务云扩容升级（完成时限：2025年6月底前）"
    );
    assert_eq!(task(&p, &["一", "2"]).targets[0].year, Some(2025));
    assert_eq!(
        task(&p, &["二", "3"]).responsible,
        ["市政务服务监督管理局", "各县（市、区）人民政府"]
    );
    let t4 = task(&p, &["二", "4"]);
    assert_eq!(t4.responsible, ["市城市管理局", "市公安局"]);
    assert_eq!(
        t4.targets[0].text,
        "建设城市运行管理中心（时间节点：2025年11月）"
    );
}

/// A paragraph that is only units (`各县（区）教育局负责，市教育局指导。`)
/// belongs to the task above it, but a sentence of people (`学校负责，家长
/// 配合。`) is text; a deadline field in the units' bracket is a target.
#[test]
fn a_line_of_units_without_labels() {
    let t = "钦州市2024年学前教育发展工作方案\n一、重点任务\n1.新建改扩建公办幼儿园10所。（责任单位：市教育局，各县（区）人民政府；完成时限：2024年12月底）\n2.认定普惠性民办幼儿园20所。\n各县（区）教育局负责，市教育局指导。\n3.开展家园共育活动。\n学校负责，家长配合。\n二、保障措施\n（一）加强经费保障。\n";
    let p = imp(t).plan;
    assert_eq!(paths(&p), ["一 1", "一 2", "一 3"]);
    let t1 = task(&p, &["一", "1"]);
    assert_eq!(t1.responsible, ["市教育局", "各县（区）人民政府"]);
    assert_eq!(
        t1.targets[0].text,
        "新建改扩建公办幼儿园10所（完成时限：2024年12月底）"
    );
    let t2 = task(&p, &["一", "2"]);
    assert!(
        t2.responsible.contains(&"各县（区）教育局".to_string()),
        "{t2:?}"
    );
    let t3 = task(&p, &["一", "3"]);
    assert!(t3.responsible.is_empty() && t3.lead.is_empty(), "{t3:?}");
}
