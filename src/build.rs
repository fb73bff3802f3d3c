//! The whole pipeline: load -> link -> render -> write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Site;
use crate::progress::{Reporter, Stage};
use crate::render::markdown::Markdown;
use crate::render::theme::Theme;
use crate::render::Page;
use crate::{link, load, output, render};

/// What to build and where.
#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Site root holding `sitegen.toml`, `content/`, `themes/`.
    pub root: PathBuf,
    /// Overrides `output_dir` from `sitegen.toml`.
    pub output: Option<PathBuf>,
    /// Where progress goes; by default nowhere.
    pub progress: Reporter,
}

/// What a build made; its `Display` is the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The output directory.
    pub output: PathBuf,
    /// Files written, HTML and others.
    pub files: usize,
    /// HTML pages among them.
    pub html_pages: usize,
    /// Plans built.
    pub plans: usize,
    /// Tasks over all plans.
    pub tasks: usize,
    /// Distinct departments.
    pub departments: usize,
    /// Dated targets over all plans.
    pub targets: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Wall time of each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages ({} files: {} plans, {} tasks, {} departments, {} targets) into {} in {:.0?}",
            self.html_pages,
            self.files,
            self.plans,
            self.tasks,
            self.departments,
            self.targets,
            self.output.display(),
            self.elapsed
        )
    }
}

/// Resolves the output directory: a command-line path is taken as given,
/// the configured one relative to the site root.
pub(crate) fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    match &opts.output {
        Some(o) => o.clone(),
        None if config.output_dir.is_absolute() => config.output_dir.clone(),
        None => opts.root.join(&config.output_dir),
    }
}

/// Loads, links and renders the site and swaps it into the output
/// directory; on any error the previous output is left untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let config = Config::load(&opts.root).map_err(|d| Diagnostics(vec![d]))?;
    let out = output_dir(opts, &config);
    check_output_dir(&opts.root, &out).map_err(|d| Diagnostics(vec![d]))?;
    let Rendered {
        pages, mut report, ..
    } = render_loaded(opts, config, start, &Markdown::new())?;
    let lap = Instant::now();
    opts.progress.start(Stage::Write, None);
    output::write_site(&out, &pages).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            &out,
            format!("cannot write the site: {e}"),
        )
        .help("the previous output was left untouched")])
    })?;
    opts.progress
        .finish(Stage::Write, pages.len(), lap.elapsed());
    report.stages.push(("write", lap.elapsed()));
    report.elapsed = start.elapsed();
    Ok(report)
}

/// A site rendered in memory: the graph it was rendered from, its pages and
/// the report (whose `output` is where `build` would write them).
#[derive(Debug)]
pub struct Rendered {
    pub(crate) site: Site,
    /// Every output file.
    pub pages: Vec<Page>,
    /// What was rendered.
    pub report: BuildReport,
}

/// Loads, links and renders the site without writing anything.
pub fn render_in_memory(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    render_with(opts, &Markdown::new())
}

/// [`render_in_memory`] with a Markdown renderer the caller keeps between builds
/// (`sitegen serve`), so its syntax set is loaded once.
pub(crate) fn render_with(opts: &BuildOptions, md: &Markdown) -> Result<Rendered, Diagnostics> {
    let start = Instant::now();
    let config = Config::load(&opts.root).map_err(|d| Diagnostics(vec![d]))?;
    render_loaded(opts, config, start, md)
}

fn render_loaded(
    opts: &BuildOptions,
    config: Config,
    start: Instant,
    md: &Markdown,
) -> Result<Rendered, Diagnostics> {
    let root = &opts.root;
    let progress = &opts.progress;
    let out = output_dir(opts, &config);
    // Theme and content are independent: report the problems of both at once.
    let mut stages = Vec::new();
    let mut lap = Instant::now();
    let mut stage = |name: &'static str| {
        let took = lap.elapsed();
        stages.push((name, took));
        lap = Instant::now();
        took
    };
    progress.start(Stage::Load, None);
    let (theme, content) = rayon::join(
        || Theme::load(root, &config.theme),
        || load::load_content(root),
    );
    let (theme, mut content) = match (theme, content) {
        (Ok(t), Ok(c)) => (t, c),
        (t, c) => {
            let mut all = Vec::new();
            if let Err(mut d) = t {
                all.append(&mut d);
            }
            if let Err(mut d) = c {
                all.append(&mut d.0);
            }
            return Err(Diagnostics(all));
        }
    };
    let plans = content.plans.len();
    let mut warnings = std::mem::take(&mut content.warnings);
    warnings.extend(theme.warnings.iter().cloned());
    progress.finish(Stage::Load, plans, stage("load"));
    progress.start(Stage::Link, None);
    let site = link::link(config, content);
    progress.finish(Stage::Link, site.tasks.len(), stage("link"));
    let (pages, mut render_warnings) =
        render::render_site_with_progress(&site, &theme, md, progress)?;
    warnings.append(&mut render_warnings);
    let html_pages = pages.iter().filter(|p| p.path.ends_with(".html")).count();
    progress.finish(Stage::Render, html_pages, stage("render"));
    let report = BuildReport {
        output: out,
        files: pages.len(),
        html_pages,
        plans: site.plans.len(),
        tasks: site.tasks.len(),
        departments: site.departments.len(),
        targets: site.targets.len(),
        elapsed: start.elapsed(),
        stages,
        warnings,
    };
    Ok(Rendered {
        site,
        pages,
        report,
    })
}

/// The output directory is replaced wholesale, so it must never be the site
/// itself, hold it, sit inside its sources, or be some unrelated folder.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (normalize(&abs(root)), normalize(&abs(out)));
    let refuse = |why: &str| {
        Err(Diagnostic::error(out, format!("refusing to use this output directory: {why}"))
            .help("choose a dedicated directory such as public/ with --output or output_dir in sitegen.toml"))
    };
    crate::output::refuse_link(
        out,
        "output directory",
        "--output (or output_dir in sitegen.toml)",
    )?;
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site root, and building replaces the whole directory");
    }
    for src in ["content", "themes", "templates", "static", "seeds"] {
        if out_abs.starts_with(root_abs.join(src)) {
            return refuse(&format!("it is inside the site's {src}/ directory"));
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(out)
            .map_err(|e| Diagnostic::error(out, format!("cannot read: {e}")))?;
        if entries.next().is_some() && !out.join("index.html").is_file() {
            return refuse(
                "it is not empty and does not look like a site built by sitegen (no index.html)",
            );
        }
    }
    Ok(())
}

/// Removes `.` and `..` lexically, so `a/b/..` and `a` compare equal.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
