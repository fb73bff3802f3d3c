//! Themes: `themes/<name>/templates` and `themes/<name>/static`, with the
//! site's own `templates/` and `static/` overriding files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;

pub(crate) struct Theme {
    pub tera: tera::Tera,
    /// Output-relative path -> source file; site files win over theme files.
    pub static_files: BTreeMap<String, PathBuf>,
}

/// The templates every theme must provide.
pub(crate) const REQUIRED: &[&str] = &[
    "index.html",
    "plan.html",
    "task.html",
    "departments.html",
    "department.html",
    "timeline.html",
    "year.html",
    "404.html",
];

impl Theme {
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let theme_dir = root.join("themes").join(name);
        if !theme_dir.is_dir() {
            return Err(vec![Diagnostic::error(
                &theme_dir,
                format!("theme `{name}` not found"),
            )
            .help("set `theme` in sitegen.toml to a folder under themes/")]);
        }
        let mut templates: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        for base in [theme_dir.clone(), root.to_path_buf()] {
            collect(&base.join("templates"), &mut templates);
            collect(&base.join("static"), &mut static_files);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera escapes `/` too, which mangles every relative URL; quotes and
        // angle brackets are what matter for safety.
        tera.set_escape_fn(crate::render::markdown::escape);
        let mut diags = Vec::new();
        let mut sources = Vec::new();
        for (name, path) in &templates {
            match std::fs::read_to_string(path) {
                Ok(text) => sources.push((name.clone(), text, path.clone())),
                Err(e) => diags.push(Diagnostic::error(
                    path,
                    format!("cannot read template: {e}"),
                )),
            }
        }
        if diags.is_empty() {
            // Added in one batch: templates refer to each other (extends, import).
            let batch: Vec<(&str, &str)> = sources
                .iter()
                .map(|(n, t, _)| (n.as_str(), t.as_str()))
                .collect();
            if let Err(e) = tera.add_raw_templates(batch) {
                let msg = error_chain(&e);
                let path = sources
                    .iter()
                    .find(|(n, _, _)| {
                        msg.contains(&format!("'{n}'")) || msg.contains(&format!("`{n}`"))
                    })
                    .map_or(theme_dir.join("templates"), |(_, _, p)| p.clone());
                diags.push(template_diag(&path, &e));
            }
        }
        for req in REQUIRED {
            if !templates.contains_key(*req) {
                diags.push(
                    Diagnostic::error(
                        &theme_dir.join("templates"),
                        format!("template `{req}` is missing"),
                    )
                    .help("copy it from themes/default/templates/"),
                );
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Theme { tera, static_files })
    }
}

fn collect(dir: &Path, into: &mut BTreeMap<String, PathBuf>) {
    if !dir.is_dir() {
        return;
    }
    for e in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if e.file_type().is_file() {
            if let Ok(rel) = e.path().strip_prefix(dir) {
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                into.insert(key, e.path().to_path_buf());
            }
        }
    }
}

fn template_diag(path: &Path, e: &tera::Error) -> Diagnostic {
    let msg = error_chain(e);
    // Tera reports parse errors as " --> L:C" inside the message.
    let pos = msg.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    });
    let d = Diagnostic::error(
        path,
        msg.lines().next().unwrap_or("template error").to_string(),
    );
    match pos {
        Some((l, c)) => d.at(l, c).help(msg),
        None => d.help(msg),
    }
}

/// Tera nests the useful message in `source()`.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
