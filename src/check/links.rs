//! Links: every `href` and `src` of every rendered page must resolve to a
//! file of the site, and every `#fragment` to an `id` in its target page.
//! A link is resolved the way a browser opening the site from disk would:
//! relative to the page, with no directory indexes beyond `index.html`.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::render::Page;

/// What [`check_links`] found.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Links looked at (every `href` and `src` of every HTML page).
    pub checked: usize,
    /// `page: url: why`, one line per broken link.
    pub broken: Vec<String>,
}

/// Checks every link of a set of output files, as `sitegen check` does for
/// the site it renders; for output already on disk (an unpacked bundle).
pub fn check_links(pages: &[Page]) -> LinkReport {
    let graph = LinkGraph::new(pages);
    let mut report = LinkReport::default();
    for (page, links) in &graph.links {
        for url in links {
            report.checked += 1;
            if let Some(why) = graph.broken(url, page) {
                report.broken.push(format!("{page}: {url}: {why}"));
            }
        }
    }
    report
}

/// The ids of each HTML page and the links of each page, read once.
pub(super) struct LinkGraph {
    /// Every output file; HTML pages map to their ids.
    files: HashMap<String, Option<HashSet<String>>>,
    /// (page, every href/src on it), HTML pages only, in path order.
    pub(super) links: Vec<(String, Vec<String>)>,
}

impl LinkGraph {
    pub(super) fn new(pages: &[Page]) -> Self {
        let parsed: Vec<(String, Option<PageLinks>)> = pages
            .par_iter()
            .map(|p| {
                let html = p.path.ends_with(".html");
                (p.path.clone(), html.then(|| ids_and_links(&p.bytes)))
            })
            .collect();
        let mut files = HashMap::with_capacity(parsed.len());
        let mut links = Vec::new();
        for (path, info) in parsed {
            match info {
                Some((ids, l)) => {
                    links.push((path.clone(), l));
                    files.insert(path, Some(ids));
                }
                None => {
                    files.insert(path, None);
                }
            }
        }
        links.sort_by(|a, b| a.0.cmp(&b.0));
        LinkGraph { files, links }
    }

    /// Why `url` on `page` does not resolve, or None when it does or
    /// points outside the site (another scheme, another host).
    pub(super) fn broken(&self, url: &str, page: &str) -> Option<String> {
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
            if path.starts_with('/') {
                return Some(
                    "it starts at the server root, so it breaks when the site is opened from \
                     disk or served under a sub-path"
                        .into(),
                );
            }
            let joined = match page.rfind('/') {
                Some(i) => format!("{}/{}", &page[..i], path),
                None => path.to_string(),
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
            let t = parts.join("/");
            if joined.ends_with('/') || t.is_empty() {
                return Some(format!(
                    "it names a directory (`{t}/`); a browser opening the site from disk \
                     shows no index there: link to `{}index.html`",
                    if t.is_empty() {
                        String::new()
                    } else {
                        format!("{t}/")
                    }
                ));
            }
            t
        };
        let Some(ids) = self.files.get(target.as_str()) else {
            return Some(format!("no page `{target}` in the site"));
        };
        let frag = frag.filter(|f| !f.is_empty())?;
        let frag = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
        match ids {
            Some(ids) if !ids.contains(frag.as_ref()) => {
                Some(format!("page `{target}` has no anchor `#{frag}`"))
            }
            _ => None,
        }
    }
}

/// A page's ids and its links.
type PageLinks = (HashSet<String>, Vec<String>);

/// The `id`s of a page and its `href`/`src` values, through a real HTML
/// parser (entities decoded, comments and scripts skipped).
fn ids_and_links(bytes: &[u8]) -> PageLinks {
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        for (name, value) in el.attrs() {
            match name {
                "id" => {
                    ids.insert(value.to_string());
                }
                // `<a name>` is an anchor too.
                "name" if el.name() == "a" => {
                    ids.insert(value.to_string());
                }
                "href" | "src" => links.push(value.to_string()),
                _ => {}
            }
        }
    }
    (ids, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> LinkGraph {
        LinkGraph::new(&[
            Page::new("plans/a/index.html", b"<h2 id=\"x\">x</h2>".to_vec()),
            Page::new("plans/a/1.html", b"<a href=\"index.html#x\">x</a>".to_vec()),
            Page::new("style.css", b"body{}".to_vec()),
        ])
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        let g = graph();
        let p = "plans/a/1.html";
        assert_eq!(g.broken("index.html#x", p), None);
        assert_eq!(g.broken("../../style.css", p), None);
        assert_eq!(g.broken("https://e.org/x", p), None);
        assert_eq!(g.broken("mailto:a@b.cn", p), None);
        assert!(g.broken("index.html#y", p).unwrap().contains("#y"));
        assert!(g.broken("2.html", p).unwrap().contains("plans/a/2.html"));
        assert!(g.broken("#z", p).is_some());
        assert!(g.broken("./", p).unwrap().contains("index.html"));
        assert!(g
            .broken("/plans/a/index.html", p)
            .unwrap()
            .contains("server root"));
        assert!(g.broken("../../../x.html", p).unwrap().contains("above"));
    }

    #[test]
    fn links_are_read_from_the_html() {
        let g = graph();
        assert_eq!(
            g.links,
            vec![
                (
                    "plans/a/1.html".to_string(),
                    vec!["index.html#x".to_string()]
                ),
                ("plans/a/index.html".to_string(), vec![]),
            ]
        );
    }
}
