//! `sitegen check`: validates content and the rendered site without writing
//! anything. Every finding is a [`Diagnostic`] pointing into the plan file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::build::{self, BuildOptions};
use crate::diag::{Diagnostic, Diagnostics, Level};
use crate::load::{self, DepartmentDef, LoadedPlan};
use crate::model::{Section, Target, Task};

/// Runs every check on the site at `root`. A site that fails to load or
/// render returns those diagnostics as the findings.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let pages = match build::render_pages(&opts) {
        Ok((pages, _)) => pages,
        Err(Diagnostics(d)) => return d,
    };
    let content = match load::load_content(root) {
        Ok(c) => c,
        Err(Diagnostics(d)) => return d,
    };
    let config = match crate::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => return vec![d],
    };
    let site = crate::link::link(config, content.clone());
    let html: HashMap<&str, &[u8]> = pages
        .iter()
        .map(|p| (p.path.as_str(), p.bytes.as_slice()))
        .collect();

    let mut diags = content.warnings.clone();
    let mut uses: Vec<DeptUse> = Vec::new();
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    for (pix, lp) in content.plans.iter().enumerate() {
        let text = std::fs::read_to_string(root.join(&lp.file)).unwrap_or_default();
        let src = Source {
            file: &lp.file,
            text: &text,
        };
        let node = &site.plans[pix];
        let task_urls: Vec<&str> = node
            .tasks
            .iter()
            .map(|&t| site.tasks[t].url.as_str())
            .collect();
        let mut cx = PlanCx {
            src: &src,
            lp,
            plan_url: &node.url,
            task_urls: &task_urls,
            next_task: 0,
            html: &html,
            diags: &mut diags,
            uses: &mut uses,
        };
        cx.check_links(&lp.plan.intro, 0, node.url.as_str());
        for t in &lp.plan.targets {
            cx.check_target(t, 0);
        }
        cx.sections(&lp.plan.sections, 0);
        texts.insert(lp.file.clone(), text);
    }
    check_departments(&uses, &content.departments, &mut diags);
    for d in &mut diags {
        if let Some(text) = texts.get(&d.file) {
            *d = d.clone().with_source(text);
        }
    }
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diags
}

/// One mention of a department in a task.
struct DeptUse {
    jurisdiction: String,
    name: String,
    file: PathBuf,
    line: usize,
    column: usize,
}

struct Source<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    /// First line at or after `from` (0-based) for which `f` gives a column.
    fn find(&self, from: usize, f: impl Fn(&str) -> Option<usize>) -> Option<(usize, usize)> {
        self.text
            .lines()
            .enumerate()
            .skip(from)
            .find_map(|(i, l)| f(l).map(|c| (i, c)))
    }

    /// Line (0-based) and 1-based char column of `needle` at or after line `from`.
    fn find_str(&self, from: usize, needle: &str) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        self.find(from, |l| l.find(needle).map(|b| l[..b].chars().count() + 1))
    }
}

/// `key: value` on a line, optionally as a list item, value maybe quoted.
fn key_value_col(line: &str, key: &str, value: &str) -> Option<usize> {
    let t = line.trim_start();
    let t2 = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let rest = t2.strip_prefix(key)?.strip_prefix(':')?.trim();
    let unq = rest.trim_matches(|c| c == '\'' || c == '"');
    if unq == value {
        let byte = line.len() - t2.len();
        Some(line[..byte].chars().count() + 1)
    } else {
        None
    }
}

/// Column of `name` when the line is the list item `- name` or a flow list
/// (`[a, name]`) holding it.
fn list_item_col(line: &str, name: &str) -> Option<usize> {
    let t = line.trim_start();
    let col = |b: usize| line[..b].chars().count() + 1;
    if let Some(rest) = t.strip_prefix("- ") {
        let v = rest.trim();
        if v.trim_matches(|c| c == '\'' || c == '"') == name {
            let b = line.find(name)?;
            return Some(col(b));
        }
    }
    let open = line.find('[')?;
    let inner = line[open + 1..].split(']').next()?;
    let mut off = open + 1;
    for item in inner.split(',') {
        let v = item.trim().trim_matches(|c| c == '\'' || c == '"');
        if v == name {
            return Some(col(off + item.find(name)?));
        }
        off += item.len() + 1;
    }
    None
}

struct PlanCx<'a> {
    src: &'a Source<'a>,
    lp: &'a LoadedPlan,
    plan_url: &'a str,
    task_urls: &'a [&'a str],
    next_task: usize,
    html: &'a HashMap<&'a str, &'a [u8]>,
    diags: &'a mut Vec<Diagnostic>,
    uses: &'a mut Vec<DeptUse>,
}

impl PlanCx<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn at(&self, level: Level, pos: Option<(usize, usize)>, msg: String) -> Diagnostic {
        let d = match level {
            Level::Error => Diagnostic::error(self.src.file, msg),
            Level::Warning => Diagnostic::warning(self.src.file, msg),
        };
        match pos {
            Some((l, c)) => d.at(l + 1, c),
            None => d,
        }
    }

    /// Tasks are visited in the order `link` numbers them: a section's own
    /// tasks, then its subsections.
    fn sections(&mut self, sections: &[Section], from: usize) {
        for s in sections {
            let line = self
                .src
                .find(from, |l| key_value_col(l, "title", &s.title))
                .map_or(from, |(l, _)| l);
            self.check_links(&s.body, line, self.plan_url);
            for t in &s.targets {
                self.check_target(t, line);
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let mut cursor = line;
            let mut task_lines = Vec::new();
            for t in &s.tasks {
                let pos = self.task_pos(t, cursor);
                if let Some((l, _)) = pos {
                    cursor = l + 1;
                }
                task_lines.push(pos);
                if let Some(&first) = seen.get(t.number.as_str()) {
                    let d = self
                        .at(
                            Level::Error,
                            pos,
                            format!(
                                "task number `{}` is used twice in section {}",
                                t.number,
                                format!("{} {}", s.number, s.title).trim()
                            ),
                        )
                        .help(format!(
                            "the first task `{}` is at line {}; renumber one of them (unnumbered tasks use u1, u2 ...)",
                            t.number,
                            task_lines[first].map_or(0, |(l, _)| l + 1)
                        ));
                    self.push(d);
                } else {
                    seen.insert(&t.number, task_lines.len() - 1);
                }
            }
            for (t, pos) in s.tasks.iter().zip(task_lines) {
                self.task(t, pos);
            }
            self.sections(&s.sections, line + 1);
        }
    }

    /// Position of a task's `number:` line, found near its `title:` line.
    fn task_pos(&self, t: &Task, from: usize) -> Option<(usize, usize)> {
        let lines: Vec<&str> = self.src.text.lines().collect();
        let title = self.src.find(from, |l| key_value_col(l, "title", &t.title));
        if let Some((tl, tc)) = title {
            for l in (tl.saturating_sub(4)..=tl).rev() {
                if let Some(c) = key_value_col(lines[l], "number", &t.number) {
                    return Some((l, c));
                }
            }
            return Some((tl, tc));
        }
        self.src
            .find(from, |l| key_value_col(l, "number", &t.number))
    }

    fn task(&mut self, t: &Task, pos: Option<(usize, usize)>) {
        let url = self.task_urls.get(self.next_task).copied().unwrap_or("");
        self.next_task += 1;
        let from = pos.map_or(0, |(l, _)| l);
        if t.body.trim().is_empty()
            && t.lead.is_empty()
            && t.partners.is_empty()
            && t.responsible.is_empty()
            && t.targets.is_empty()
        {
            let d = self
                .at(
                    Level::Warning,
                    pos,
                    format!("task `{}` ({}) is empty", t.number, t.title),
                )
                .help("add a `body:`, responsible units (`lead:`, `partners:`, `responsible:`) or `targets:`");
            self.push(d);
        }
        if !url.is_empty() {
            self.check_links(&t.body, from, url);
        }
        for t in &t.targets {
            self.check_target(t, from);
        }
        for name in t.lead.iter().chain(&t.partners).chain(&t.responsible) {
            let p = self
                .src
                .find(from, |l| list_item_col(l, name))
                .or_else(|| self.src.find(0, |l| list_item_col(l, name)))
                .or_else(|| self.src.find_str(from, name))
                .or_else(|| self.src.find_str(0, name));
            let (line, column) = p.map_or((0, 0), |(l, c)| (l + 1, c));
            self.uses.push(DeptUse {
                jurisdiction: self.lp.plan.jurisdiction.clone(),
                name: name.trim().to_string(),
                file: self.lp.file.clone(),
                line,
                column,
            });
        }
    }

    fn check_target(&mut self, t: &Target, from: usize) {
        let (Some(year), Some(period)) = (t.year, self.lp.plan.period) else {
            return;
        };
        if year >= period.start && year <= period.end {
            return;
        }
        let needle = format!("year: {year}");
        let pos = self
            .src
            .find_str(from, &needle)
            .or_else(|| self.src.find_str(0, &needle));
        let d = self
            .at(
                Level::Warning,
                pos,
                format!(
                    "target year {year} is outside the plan's period {}–{}: {}",
                    period.start, period.end, t.text
                ),
            )
            .help(format!(
                "check the year, or widen `period: [{}, {}]`",
                period.start.min(year),
                period.end.max(year)
            ));
        self.push(d);
    }

    /// Relative links and fragments in a Markdown body rendered on `page`.
    fn check_links(&mut self, body: &str, from: usize, page: &str) {
        if body.is_empty() {
            return;
        }
        for ev in Parser::new(body) {
            let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                continue;
            };
            let url = dest_url.to_string();
            if let Some(problem) = broken(&url, page, self.html) {
                let pos = self
                    .src
                    .find_str(from, &url)
                    .or_else(|| self.src.find_str(0, &url));
                let d = self
                    .at(Level::Error, pos, format!("broken link `{url}`: {problem}"))
                    .help("links are relative to the page the text appears on; check the path and the #anchor against the built site");
                self.push(d);
            }
        }
    }
}

/// Why an internal link from `page` does not resolve, or None when it does
/// or is external.
fn broken(url: &str, page: &str, html: &HashMap<&str, &[u8]>) -> Option<String> {
    let scheme = url
        .find(':')
        .is_some_and(|i| !url[..i].contains(['/', '?', '#']));
    if scheme || url.starts_with("//") {
        return None;
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let joined = if let Some(abs) = path.strip_prefix('/') {
            abs.to_string()
        } else {
            match page.rfind('/') {
                Some(i) => format!("{}/{}", &page[..i], path),
                None => path.to_string(),
            }
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some("it points above the site root".into());
                    }
                }
                s => parts.push(s),
            }
        }
        let mut t = parts.join("/");
        if joined.ends_with('/') || t.is_empty() {
            t = format!("{t}/index.html")
                .trim_start_matches('/')
                .to_string();
        }
        if !html.contains_key(t.as_str()) && html.contains_key(format!("{t}/index.html").as_str()) {
            t = format!("{t}/index.html");
        }
        t
    };
    let Some(bytes) = html.get(target.as_str()) else {
        return Some(format!("no page `{target}` in the site"));
    };
    let frag = frag.filter(|f| !f.is_empty())?;
    let frag = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
    let text = String::from_utf8_lossy(bytes);
    let found = [format!("id=\"{frag}\""), format!("name=\"{frag}\"")]
        .iter()
        .any(|n| text.contains(n.as_str()));
    if found {
        None
    } else {
        Some(format!("page `{target}` has no anchor `#{frag}`"))
    }
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How far a name may be from another to count as a misspelling: one
/// character for short names (two would pair most four-character bureaus),
/// two from six characters on.
fn max_typo_distance(name: &str) -> usize {
    if name.chars().count() >= 6 {
        2
    } else {
        1
    }
}

fn check_departments(uses: &[DeptUse], register: &[DepartmentDef], diags: &mut Vec<Diagnostic>) {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for u in uses {
        *counts.entry((&u.jurisdiction, &u.name)).or_default() += 1;
    }
    let warn = |u: &DeptUse, msg: String, help: String| {
        Diagnostic::warning(&u.file, msg)
            .at(u.line, u.column)
            .help(help)
    };
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    if register.is_empty() {
        for u in uses {
            let k = (u.jurisdiction.as_str(), u.name.as_str());
            if counts[&k] != 1 || !reported.insert(k) {
                continue;
            }
            let best = counts
                .iter()
                .filter(|((j, n), &c)| *j == k.0 && *n != k.1 && c > 1)
                .map(|((_, n), &c)| (edit_distance(n, k.1), std::cmp::Reverse(c), *n))
                .filter(|(d, _, _)| *d >= 1 && *d <= max_typo_distance(k.1))
                .min();
            if let Some((_, std::cmp::Reverse(c), n)) = best {
                diags.push(warn(
                    u,
                    format!(
                        "department `{}` appears only once; did you mean {n}?",
                        u.name
                    ),
                    format!("`{n}` is named {c} times in {}", u.jurisdiction),
                ));
            }
        }
        return;
    }
    let mut known: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for d in register {
        let e = known.entry(d.jurisdiction.as_str()).or_default();
        e.push((&d.name, &d.name));
        for a in &d.aliases {
            e.push((a, &d.name));
        }
    }
    for u in uses {
        let k = (u.jurisdiction.as_str(), u.name.as_str());
        let names = known.get(k.0).map(Vec::as_slice).unwrap_or(&[]);
        if names.iter().any(|(n, _)| *n == k.1) || !reported.insert(k) {
            continue;
        }
        let nearest = names
            .iter()
            .map(|(n, canon)| (edit_distance(n, k.1), *canon))
            .min();
        let help = match nearest {
            Some((_, canon)) => format!(
                "did you mean {canon}? otherwise add `{}` to content/departments.yaml",
                u.name
            ),
            None => format!(
                "add `{}` under jurisdiction `{}` to content/departments.yaml",
                u.name, u.jurisdiction
            ),
        };
        diags.push(warn(
            u,
            format!(
                "department `{}` is not in content/departments.yaml{}",
                u.name,
                nearest.map_or(String::new(), |(_, c)| format!("; did you mean {c}?"))
            ),
            help,
        ));
    }
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

pub fn summary(diags: &[Diagnostic]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_chars() {
        assert_eq!(edit_distance("市教育局", "市教肓局"), 1);
        assert_eq!(edit_distance("市教育局", "市敎育局"), 1);
        assert_eq!(edit_distance("市财政局", "市民政局"), 1);
        assert_eq!(edit_distance("市发展改革委", "市发展和改革委员会"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        let mut html: HashMap<&str, &[u8]> = HashMap::new();
        html.insert("plans/a/index.html", b"<h2 id=\"x\">");
        html.insert("plans/a/1.html", b"");
        let p = "plans/a/1.html";
        assert_eq!(broken("index.html#x", p, &html), None);
        assert_eq!(broken("./", p, &html), None);
        assert_eq!(broken("https://e.org/x", p, &html), None);
        assert!(broken("index.html#y", p, &html).unwrap().contains("#y"));
        assert!(broken("2.html", p, &html)
            .unwrap()
            .contains("plans/a/2.html"));
        assert!(broken("#z", p, &html).is_some());
    }

    #[test]
    fn key_values_match_quoted() {
        assert_eq!(key_value_col("  - number: '1'", "number", "1"), Some(5));
        assert_eq!(key_value_col("    number: \"1\"", "number", "1"), Some(5));
        assert_eq!(key_value_col("    number: 12", "number", "1"), None);
    }
}
