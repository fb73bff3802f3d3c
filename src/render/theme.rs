//! Themes: `themes/<name>/templates` and `themes/<name>/static`, with the
//! site's own `templates/` and `static/` overriding files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::template_check::{self, Source};
use crate::diag::Diagnostic;

pub(crate) struct Theme {
    pub tera: tera::Tera,
    /// Output-relative path -> source file; site files win over theme files.
    pub static_files: BTreeMap<String, PathBuf>,
    /// Every template's file and text, to find the line of a render error.
    sources: Vec<Source>,
    /// Links that were not followed.
    pub warnings: Vec<Diagnostic>,
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

/// Why `name` cannot be a theme: it must name a folder directly under
/// `themes/`, so that no setting reaches a directory outside the site.
pub(crate) fn bad_theme_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) || Path::new(name).is_absolute() {
        Some("is a path; it must be the name of a folder under themes/")
    } else if name == "." || name == ".." {
        Some("names no folder under themes/")
    } else if name.chars().any(char::is_control) {
        Some("contains control characters")
    } else {
        None
    }
}

impl Theme {
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let themes = root.join("themes");
        let theme_dir = themes.join(name);
        if let Some(why) = bad_theme_name(name) {
            return Err(vec![Diagnostic::error(
                &root.join(crate::config::CONFIG_FILE),
                format!("theme `{name}` {why}"),
            )
            .help(
                "set `theme` in sitegen.toml to the name of a folder under themes/",
            )]);
        }
        for dir in [&themes, &theme_dir, &theme_dir.join("templates")] {
            if is_symlink(dir) {
                return Err(vec![Diagnostic::error(
                    dir,
                    "is a symbolic link; a theme is read only from real folders of the site",
                )
                .help("replace the link by a copy of the folder it points to")]);
            }
        }
        if !theme_dir.is_dir() {
            return Err(vec![Diagnostic::error(
                &theme_dir,
                format!("theme `{name}` not found"),
            )
            .help("set `theme` in sitegen.toml to a folder under themes/")]);
        }
        let mut templates: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let mut warnings = Vec::new();
        for base in [theme_dir.clone(), root.to_path_buf()] {
            collect(&base.join("templates"), &mut templates, &mut warnings);
            collect(&base.join("static"), &mut static_files, &mut warnings);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera escapes `/` too, which mangles every relative URL; quotes and
        // angle brackets are what matter for safety.
        tera.set_escape_fn(crate::render::markdown::escape);
        // The check at load refuses calls; this covers any it cannot see.
        tera.register_function(
            "get_env",
            |_: &std::collections::HashMap<String, tera::Value>| {
                Err(tera::Error::msg(
                    "`get_env` is disabled: templates may not read the environment",
                ))
            },
        );
        let mut diags = Vec::new();
        let mut sources = Vec::new();
        for (name, path) in &templates {
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    // Parsed one by one first, so a syntax error names its own file.
                    if let Err(e) = tera::Template::new(name, None, &text) {
                        diags.push(template_diag(path, &e).with_source(&text));
                    }
                    sources.push(Source {
                        name: name.clone(),
                        file: path.clone(),
                        text,
                    });
                }
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
                .map(|s| (s.name.as_str(), s.text.as_str()))
                .collect();
            match tera.add_raw_templates(batch) {
                Ok(()) => diags.extend(template_check::check(&tera, &sources)),
                Err(e) => {
                    let msg = error_chain(&e);
                    let path = sources
                        .iter()
                        .find(|s| {
                            msg.contains(&format!("'{}'", s.name))
                                || msg.contains(&format!("`{}`", s.name))
                        })
                        .map_or(theme_dir.join("templates"), |s| s.file.clone());
                    diags.push(template_diag(&path, &e));
                }
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
        Ok(Theme {
            tera,
            static_files,
            sources,
            warnings,
        })
    }

    /// A render error of `template`, at the template file and, where the
    /// failing name can be found in it, the line: tera's render errors
    /// carry no position, but they name the variable, filter or function.
    pub(crate) fn render_error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let msg = error_chain(e);
        // The innermost template named (`while rendering 'base.html'`) is
        // where the expression is; the page's template otherwise.
        let named = msg
            .split('\'')
            .skip(1)
            .step_by(2)
            .filter_map(|n| self.sources.iter().find(|s| s.name == n))
            .last();
        let own = self.sources.iter().find(|s| s.name == template);
        let needle = msg.split('`').nth(1).filter(|n| !n.is_empty());
        let candidates = named.into_iter().chain(own).chain(self.sources.iter());
        let found = needle.and_then(|needle| {
            let last = needle.rsplit('.').next().unwrap_or(needle);
            candidates
                .clone()
                .find_map(|s| s.text.find(needle).map(|at| (s, at)))
                .or_else(|| {
                    candidates
                        .clone()
                        .find_map(|s| s.text.find(last).map(|at| (s, at)))
                })
        });
        match found.or_else(|| named.or(own).map(|s| (s, usize::MAX))) {
            Some((s, at)) if at != usize::MAX => {
                let (line, col) = crate::config::line_col(&s.text, at);
                Diagnostic::error(&s.file, msg)
                    .at(line, col)
                    .with_source(&s.text)
            }
            Some((s, _)) => Diagnostic::error(&s.file, msg),
            None => Diagnostic::error(&Path::new("templates").join(template), msg),
        }
    }
}

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn skipped_link(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        path,
        "is a symbolic link and was skipped: only real files of the site are published",
    )
    .help("replace the link by a copy of the file or folder it points to")
}

/// The files under `dir`, by `/`-separated relative path. A symbolic link
/// is never followed, `dir` itself included: it could point anywhere.
fn collect(dir: &Path, into: &mut BTreeMap<String, PathBuf>, warnings: &mut Vec<Diagnostic>) {
    if is_symlink(dir) {
        warnings.push(skipped_link(dir));
        return;
    }
    if !dir.is_dir() {
        return;
    }
    for e in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if e.path_is_symlink() {
            warnings.push(skipped_link(e.path()));
        } else if e.file_type().is_file() {
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
