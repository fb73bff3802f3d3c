//! `sitegen check`: validates content and the rendered site without writing
//! anything. It reuses the build: the site graph and the pages that
//! [`build::render_in_memory`] returns, with the source positions `load` recorded, so
//! every finding is a [`Diagnostic`] pointing at the plan entry it concerns.

mod departments;
mod links;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::build::{self, BuildOptions, Rendered};
use crate::diag::{Diagnostic, Diagnostics, Level, Pos};
use crate::link::Site;
use departments::{check_departments, DeptUse};
use links::LinkGraph;
pub use links::{check_links, LinkReport};

/// Runs every check on the site at `root`. A site that fails to load or
/// render returns those diagnostics as the findings.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let Rendered {
        site,
        pages,
        report,
    } = match build::render_in_memory(&opts) {
        Ok(r) => r,
        Err(Diagnostics(d)) => return d,
    };
    let graph = LinkGraph::new(&pages);
    let mut cx = Cx {
        site: &site,
        graph: &graph,
        found: Vec::new(),
        reported_links: HashSet::new(),
    };
    cx.content();
    cx.site_links();
    let mut diags: Vec<Diagnostic> = report.warnings;
    let mut uses = Vec::new();
    for t in &site.tasks {
        let file = &site.plans[t.plan].file;
        let jurisdiction = &site.plans[t.plan].plan.jurisdiction;
        let roles = [
            (&t.task.lead, &t.pos.lead),
            (&t.task.partners, &t.pos.partners),
            (&t.task.responsible, &t.pos.responsible),
        ];
        for (names, positions) in roles {
            for (i, name) in names.iter().enumerate() {
                uses.push(DeptUse {
                    jurisdiction: jurisdiction.clone(),
                    name: name.trim().to_string(),
                    file: file.clone(),
                    pos: positions.get(i).copied().unwrap_or(t.pos.at),
                });
            }
        }
    }
    check_departments(&uses, &site.register, &mut diags);
    let mut found: Vec<Finding> = diags
        .into_iter()
        .map(|d| Finding {
            diag: d,
            needle: None,
        })
        .collect();
    found.append(&mut cx.found);
    let mut diags = with_sources(root, found);
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diags
}

/// A diagnostic and, for a link inside a Markdown text, the link itself,
/// so its line can be found from where the text starts.
struct Finding {
    diag: Diagnostic,
    needle: Option<String>,
}

struct Cx<'a> {
    site: &'a Site,
    graph: &'a LinkGraph,
    found: Vec<Finding>,
    /// (page, url) of Markdown links already reported at their text.
    reported_links: HashSet<(String, String)>,
}

impl Cx<'_> {
    fn push(&mut self, diag: Diagnostic) {
        self.found.push(Finding { diag, needle: None });
    }

    fn content(&mut self) {
        let site = self.site;
        for p in &site.plans {
            self.markdown_links(&p.file, &p.plan.intro, p.intro_pos, &p.url);
        }
        for s in &site.sections {
            let plan = &site.plans[s.plan];
            self.markdown_links(&plan.file, &s.body, s.body_pos, &plan.url);
            self.duplicate_numbers(s.plan, &s.tasks, &format!("{} {}", s.number, s.title));
        }
        for t in &site.tasks {
            let file = &site.plans[t.plan].file;
            let task = &t.task;
            if task.body.trim().is_empty()
                && task.lead.is_empty()
                && task.partners.is_empty()
                && task.responsible.is_empty()
                && t.targets.is_empty()
            {
                self.push(
                    Diagnostic::warning(
                        file,
                        format!("task `{}` ({}) is empty", task.number, task.title),
                    )
                    .at_pos(t.pos.at)
                    .help("add a `body:`, responsible units (`lead:`, `partners:`, `responsible:`) or `targets:`"),
                );
            }
            self.markdown_links(file, &task.body, t.pos.body_text, &t.url);
        }
        for t in &site.targets {
            let plan = &site.plans[t.plan];
            let (Some(year), Some(period)) = (t.target.year, plan.plan.period) else {
                continue;
            };
            if year >= period.start && year <= period.end {
                continue;
            }
            self.push(
                Diagnostic::warning(
                    &plan.file,
                    format!(
                        "target year {year} is outside the plan's period {}–{}: {}",
                        period.start, period.end, t.target.text
                    ),
                )
                .at_pos(t.pos)
                .help(format!(
                    "check the year, or widen `period: [{}, {}]`",
                    period.start.min(year),
                    period.end.max(year)
                )),
            );
        }
    }

    fn duplicate_numbers(&mut self, plan: usize, tasks: &[usize], section: &str) {
        let site = self.site;
        let file = &site.plans[plan].file;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for &t in tasks {
            let node = &site.tasks[t];
            let number = node.task.number.as_str();
            match seen.get(number) {
                Some(&first) => {
                    let first_line = site.tasks[first].pos.at.line;
                    self.push(
                        Diagnostic::error(
                            file,
                            format!(
                                "task number `{number}` is used twice in section {}",
                                section.trim()
                            ),
                        )
                        .at_pos(node.pos.at)
                        .help(format!(
                            "the first task `{number}` is at line {first_line}; renumber one of them (unnumbered tasks use u1, u2 ...)"
                        )),
                    );
                }
                None => {
                    seen.insert(number, t);
                }
            }
        }
    }

    /// Relative links and fragments in a Markdown text rendered on `page`.
    fn markdown_links(&mut self, file: &Path, body: &str, at: Pos, page: &str) {
        if body.is_empty() {
            return;
        }
        for ev in Parser::new(body) {
            let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                continue;
            };
            let url = dest_url.to_string();
            let Some(problem) = self.graph.broken(&url, page) else {
                continue;
            };
            // Where the link is: the text's first line plus the lines
            // before the link inside the text (exact for `|` blocks).
            let before = body
                .find(&url)
                .map_or(0, |b| body[..b].matches('\n').count());
            let pos = if at.is_known() {
                Pos {
                    line: at.line + u32::try_from(before).unwrap_or(0),
                    column: if before == 0 { at.column } else { 1 },
                }
            } else {
                at
            };
            self.reported_links.insert((page.to_string(), url.clone()));
            self.found.push(Finding {
                diag: Diagnostic::error(file, format!("broken link `{url}`: {problem}"))
                    .at_pos(pos)
                    .help("links are relative to the page the text appears on; check the path and the #anchor against the built site"),
                needle: Some(url),
            });
        }
    }

    /// Every link of every rendered page, reported at the plan entry that
    /// produced the page (or the theme, for pages of no single entry).
    fn site_links(&mut self) {
        let origins = origins(self.site);
        let theme = PathBuf::from("themes")
            .join(&self.site.config.theme)
            .join("templates");
        for (page, links) in &self.graph.links {
            let mut seen = HashSet::new();
            for url in links {
                if !seen.insert(url) || self.reported_links.contains(&(page.clone(), url.clone())) {
                    continue;
                }
                let Some(problem) = self.graph.broken(url, page) else {
                    continue;
                };
                let d = match origins.get(page.as_str()) {
                    Some((file, pos)) => Diagnostic::error(
                        file,
                        format!("page `{page}` made from this entry has a broken link `{url}`: {problem}"),
                    )
                    .at_pos(*pos)
                    .help("the link comes from the entry's text or from the theme's templates; fix whichever wrote it"),
                    None => Diagnostic::error(
                        &theme,
                        format!("page `{page}` has a broken link `{url}`: {problem}"),
                    )
                    .help("the page is made by the theme's templates; fix the link there"),
                };
                self.push(d);
            }
        }
    }
}

/// The entry each page is made from ([`Site::origins`]).
fn origins(site: &Site) -> HashMap<&str, (&Path, Pos)> {
    site.origins()
        .into_iter()
        .map(|o| (o.page, (o.file, o.pos)))
        .collect()
}

/// Attaches the source line to each finding, reading only the files that
/// have findings; a Markdown link's column is found on its line.
fn with_sources(root: &Path, found: Vec<Finding>) -> Vec<Diagnostic> {
    let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
    found
        .into_iter()
        .map(|Finding { mut diag, needle }| {
            if diag.line == 0 || diag.snippet.is_some() {
                return diag;
            }
            let text = texts
                .entry(diag.file.clone())
                .or_insert_with(|| std::fs::read_to_string(root.join(&diag.file)).ok());
            let Some(text) = text else { return diag };
            if let Some(needle) = &needle {
                // A folded or quoted text may wrap differently from the
                // value: look on the estimated line and the few after it.
                let found = text
                    .lines()
                    .enumerate()
                    .skip(diag.line - 1)
                    .take(20)
                    .find_map(|(i, l)| {
                        l.find(needle.as_str())
                            .map(|b| (i + 1, l[..b].chars().count() + 1))
                    });
                if let Some((line, column)) = found {
                    diag = diag.at(line, column);
                }
            }
            diag.with_source(text)
        })
        .collect()
}

/// Text output: every diagnostic, then "N errors, M warnings".
pub fn format_text(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        s.push_str(&d.to_string());
        s.push('\n');
    }
    s.push_str(&summary(diags));
    s
}

pub(crate) fn summary(diags: &[Diagnostic]) -> String {
    let e = diags.iter().filter(|d| d.level == Level::Error).count();
    let w = diags.len() - e;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!("{e} error{}, {w} warning{}", plural(e), plural(w))
}

/// JSON output: an array of `{file, line, column, level, message, help}`.
pub fn format_json(diags: &[Diagnostic]) -> String {
    let v: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.file.display().to_string(),
                "line": d.line,
                "column": d.column,
                "level": match d.level { Level::Error => "error", Level::Warning => "warning" },
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&v).expect("plain JSON")
}
