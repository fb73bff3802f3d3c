//! Every page has a path of its own. `link` keeps slugs off the names the
//! site gives its own pages (a task numbered `index` gets `index-2.html`
//! beside its plan's `index.html`), so a path wanted twice here is a
//! theme's static file landing on a page, or a bug: either way an error
//! naming what made both, never a page silently replaced.

use std::collections::HashMap;
use std::path::Path;

use super::theme::Theme;
use super::Page;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::link::Site;

/// What made a page.
enum Maker<'a> {
    Entry(&'static str, &'a Path, Pos),
    Static(&'a Path),
    /// A page of the site itself: the home page, an index, a data export.
    Sitegen,
}

impl std::fmt::Display for Maker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Maker::Entry(what, file, pos) => write!(
                f,
                "the {what} at {}:{}:{}",
                file.display(),
                pos.line,
                pos.column
            ),
            Maker::Static(src) => write!(f, "the static file {}", src.display()),
            Maker::Sitegen => f.write_str("sitegen itself"),
        }
    }
}

/// An error for each path that more than one of `pages` has.
pub(crate) fn unique(site: &Site, theme: &Theme, pages: &[Page]) -> Result<(), Diagnostics> {
    let mut count: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for p in pages {
        *count.entry(&p.path).or_default() += 1;
    }
    let mut twice: Vec<&str> = count
        .iter()
        .filter(|&(_, &n)| n > 1)
        .map(|(&p, _)| p)
        .collect();
    if twice.is_empty() {
        return Ok(());
    }
    twice.sort_unstable();
    let mut makers: HashMap<&str, Vec<Maker<'_>>> =
        twice.iter().map(|&p| (p, Vec::new())).collect();
    for o in site.origins() {
        if let Some(m) = makers.get_mut(o.page) {
            m.push(Maker::Entry(o.what, o.file, o.pos));
        }
    }
    for (rel, src) in &theme.static_files {
        if let Some(m) = makers.get_mut(rel.as_str()) {
            m.push(Maker::Static(src));
        }
    }
    let diags = twice
        .into_iter()
        .map(|path| {
            let mut m = makers.remove(path).unwrap_or_default();
            m.resize_with(count[path].max(m.len()), || Maker::Sitegen);
            collision(path, m)
        })
        .collect();
    Err(Diagnostics(diags))
}

/// The error for one path: at the static file when one is involved (it is
/// what lands on a page), else at the last entry, naming the others.
fn collision(path: &str, mut makers: Vec<Maker<'_>>) -> Diagnostic {
    let at = makers
        .iter()
        .position(|m| matches!(m, Maker::Static(_)))
        .or_else(|| makers.iter().rposition(|m| matches!(m, Maker::Entry(..))));
    let Some(at) = at else {
        return bug(path);
    };
    let here = makers.remove(at);
    let others: Vec<String> = makers.iter().map(ToString::to_string).collect();
    let others = others.join(" and by ");
    match here {
        Maker::Static(src) => Diagnostic::error(
            src,
            format!("the static file `{path}` would replace the page `{path}` made by {others}"),
        )
        .help("rename or move the static file: the site writes that page itself"),
        Maker::Entry(what, file, pos) => Diagnostic::error(
            file,
            format!("this {what} and {others} both make the page `{path}`"),
        )
        .at_pos(pos)
        .help("give one of them another number or slug"),
        Maker::Sitegen => bug(path),
    }
}

/// Two pages of sitegen's own wanting one path.
fn bug(path: &str) -> Diagnostic {
    Diagnostic::general(format!(
        "two pages of the site have the path `{path}`; nothing was written"
    ))
    .help("this is a bug in sitegen: please report it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collision_names_both_makers() {
        let (a, b) = (
            Path::new("content/plans/a.yaml"),
            Path::new("content/plans/b.yaml"),
        );
        let at = |line| Pos { line, column: 5 };
        let d = collision(
            "plans/a/index.html",
            vec![
                Maker::Entry("plan", a, at(1)),
                Maker::Entry("task", b, at(9)),
            ],
        );
        assert_eq!(d.file, b);
        assert_eq!((d.line, d.column), (9, 5));
        assert_eq!(
            d.message,
            "this task and the plan at content/plans/a.yaml:1:5 both make the page `plans/a/index.html`"
        );
        let d = collision("index.html", vec![Maker::Sitegen, Maker::Sitegen]);
        assert!(d.message.contains("`index.html`"), "{}", d.message);
        assert!(format!("{:?}", d.help).contains("bug"), "{:?}", d.help);
    }
}
