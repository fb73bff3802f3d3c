//! `sitegen init DIR`: a minimal new portal that builds as created. The
//! default theme is compiled into the binary so a new portal needs nothing else.

use std::path::Path;

use crate::diag::Diagnostic;

/// The default theme's files, as shipped in `themes/default/`.
pub(crate) const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "templates/plan.html",
        include_str!("../themes/default/templates/plan.html"),
    ),
    (
        "templates/task.html",
        include_str!("../themes/default/templates/task.html"),
    ),
    (
        "templates/departments.html",
        include_str!("../themes/default/templates/departments.html"),
    ),
    (
        "templates/department.html",
        include_str!("../themes/default/templates/department.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../themes/default/templates/timeline.html"),
    ),
    (
        "templates/year.html",
        include_str!("../themes/default/templates/year.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "static/search.js",
        include_str!("../themes/default/static/search.js"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
];

const CONFIG: &str = r#"# Settings of this portal; see docs/plan-format.md of sitegen.
title = "示例市政策行动计划公开平台"
description = "行动计划、任务分工与目标进度"
base_url = "https://portal.example.org/"
language = "zh-Hans"
theme = "default"
output_dir = "public"
"#;

const EXAMPLE_PLAN: &str = r#"# One plan per file. Validate with the schema from `sitegen schema`.
title: 示例市教育提质行动计划
issuer: 示例市人民政府
jurisdiction: 示例市
doc_number: 示政发〔2024〕1号
issued: 2024-03-01
published: 2024-03-05
period: [2024, 2026]
basis: [示例省教育提质三年行动计划(2024—2026年)]
intro: |
  为推动教育高质量发展,结合我市实际,制定本行动计划。
targets:
  - {year: 2026, text: 学前教育毛入园率达95%, value: 95, unit: "%"}
sections:
  - number: 一
    title: 主要任务
    tasks:
      - number: "1"
        title: 扩大普惠性学前教育资源
        body: |
          新建公办幼儿园10所,到2025年,普惠性幼儿园覆盖率达90%。
        lead: [市教育局]
        partners: [市财政局, 市自然资源局]
        targets:
          - {year: 2025, text: 普惠性幼儿园覆盖率达90%, value: 90, unit: "%"}
      - number: "2"
        title: 加强教师队伍建设
        body: |
          完善教师培训体系。
        responsible: [市教育局, 市人力资源和社会保障局]
"#;

/// `sitegen init DIR`: a minimal portal with one example plan and the
/// default theme; refuses a directory that holds a portal already.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    if dir.join("sitegen.toml").exists() {
        return Err(Diagnostic::error(
            &dir.join("sitegen.toml"),
            format!("{} already holds a portal", dir.display()),
        )
        .help("choose an empty directory"));
    }
    let mut files: Vec<(String, &str)> = vec![
        ("sitegen.toml".into(), CONFIG),
        ("content/plans/example.yaml".into(), EXAMPLE_PLAN),
    ];
    for (rel, text) in DEFAULT_THEME {
        files.push((format!("themes/default/{rel}"), text));
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, "create", &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, "write", &e))?;
    }
    Ok(())
}
