//! Rendering the site graph into pages in memory: HTML through tera, data
//! exports, sitemap and static files. Pages render in parallel with rayon.

pub(crate) mod data;
pub(crate) mod markdown;
mod nesting;
pub(crate) mod pages;
mod paths;
mod resources;
pub(crate) mod search;
mod template_check;
pub(crate) mod theme;
pub(crate) mod views;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Site;
use crate::progress::{Reporter, Stage};
use markdown::Markdown;
use theme::Theme;
use views::SiteView;

/// A file of the output: a root-relative `/`-separated path and its bytes.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where the file goes, relative to the output directory: `plans/x/1.html`.
    pub path: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// Renders sites in memory with a theme loaded once, for tools that render
/// many sites (the fuzz targets): link and render, no files read or written.
pub struct Renderer {
    theme: Theme,
    md: Markdown,
}

impl Renderer {
    /// Loads theme `name` of the site at `root`.
    pub fn load(root: &std::path::Path, name: &str) -> Result<Renderer, Diagnostics> {
        Ok(Renderer {
            theme: Theme::load(root, name).map_err(Diagnostics)?,
            md: Markdown::new(),
        })
    }

    /// Links `content` and renders every page of it.
    pub fn render(
        &self,
        config: crate::config::Config,
        content: crate::load::Content,
    ) -> Result<Vec<Page>, Diagnostics> {
        let site = crate::link::link(config, content);
        render_site(&site, &self.theme, &self.md)
    }
}

impl Page {
    /// A file at `path` holding `bytes`.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Page {
            path: path.into(),
            bytes,
        }
    }
}

/// `../` repeated once per directory level of `path`.
pub(crate) fn path_to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page. Template errors are collected, one per failing page kind.
pub(crate) fn render_site(
    site: &Site,
    theme: &Theme,
    md: &Markdown,
) -> Result<Vec<Page>, Diagnostics> {
    render_site_with_progress(site, theme, md, &Reporter::none()).map(|(pages, _)| pages)
}

/// [`render_site`], reporting each rendered HTML page to `progress`, with
/// the warnings about content that did not reach the pages as written.
pub(crate) fn render_site_with_progress(
    site: &Site,
    theme: &Theme,
    md: &Markdown,
    progress: &Reporter,
) -> Result<(Vec<Page>, Vec<Diagnostic>), Diagnostics> {
    let site_view = SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
    };
    let kinds = pages::all_kinds(site);
    progress.start(Stage::Render, Some(kinds.len()));
    let rendered: Vec<(Result<Page, Diagnostic>, Vec<Diagnostic>)> = kinds
        .into_par_iter()
        .map(|kind| {
            let mut job = pages::job(site, kind, md);
            job.context.insert("site", &site_view);
            job.context.insert("root", &path_to_root(&job.path));
            job.context.insert("page_path", &job.path);
            job.context.insert("page_title", &job.title);
            job.context.insert("lang", &job.lang);
            let page = theme
                .tera
                .render(job.template, &job.context)
                .map(|html| Page::new(job.path, html.into_bytes()))
                .map_err(|e| theme.render_error(job.template, &e));
            progress.advance(1);
            (page, job.warnings)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len() + 16);
    let mut failed: Vec<Diagnostic> = Vec::new();
    let mut warnings = Vec::new();
    for (r, mut w) in rendered {
        warnings.append(&mut w);
        match r {
            Ok(p) => pages.push(p),
            Err(d) => {
                if !failed.iter().any(|f| f.file == d.file && f.line == d.line) {
                    failed.push(d);
                }
            }
        }
    }
    // The search page, when the theme has one (themes written before search
    // existed keep building without it).
    if theme
        .tera
        .get_template_names()
        .any(|n| n == search::TEMPLATE)
    {
        let mut context = tera::Context::new();
        context.insert("site", &site_view);
        context.insert("root", "");
        context.insert("page_path", search::PAGE);
        context.insert("page_title", search::TITLE);
        context.insert("lang", &site.config.language);
        match theme.tera.render(search::TEMPLATE, &context) {
            Ok(html) => pages.push(Page::new(search::PAGE, html.into_bytes())),
            Err(e) => failed.push(theme.render_error(search::TEMPLATE, &e)),
        }
    }
    if !failed.is_empty() {
        return Err(Diagnostics(failed));
    }
    let html_paths: Vec<String> = pages.iter().map(|p| p.path.clone()).collect();
    pages.push(data::sitemap(site, &html_paths));
    pages.extend(data::data_pages(site));
    pages.push(search::index_page(site));
    pages.push(Page::new("syntax.css", markdown::syntax_css().into_bytes()));
    for (rel, src) in &theme.static_files {
        match std::fs::read(src) {
            Ok(bytes) => pages.push(Page::new(rel.clone(), bytes)),
            Err(e) => failed.push(Diagnostic::error(
                src,
                format!("cannot read static file: {e}"),
            )),
        }
    }
    if !failed.is_empty() {
        return Err(Diagnostics(failed));
    }
    paths::unique(site, theme, &pages)?;
    Ok((pages, warnings))
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_paths() {
        assert_eq!(super::path_to_root("index.html"), "");
        assert_eq!(super::path_to_root("plans/a/index.html"), "../../");
        assert_eq!(super::path_to_root("timeline/2023.html"), "../");
    }
}
