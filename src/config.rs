//! Site settings from `sitegen.toml`, overridable from the command line.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

pub(crate) const CONFIG_FILE: &str = "sitegen.toml";

/// `sitegen.toml`: the portal's settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Portal title shown in every page header.
    pub title: String,
    /// One line under the title on the home page.
    pub description: String,
    /// Public address of the site, used only for `sitemap.xml` (pages link relatively).
    pub base_url: String,
    /// Default page language (`zh-Hans` or `zh-Hant`); a plan may set its own.
    pub language: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Output directory, relative to the site root.
    pub output_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "政策行动计划公开平台".into(),
            description: String::new(),
            base_url: String::new(),
            language: "zh-Hans".into(),
            theme: "default".into(),
            output_dir: PathBuf::from("public"),
        }
    }
}

impl Config {
    /// Reads `root/sitegen.toml`; a missing file means defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(&path, format!("cannot read: {e}"))),
        };
        let config: Config = toml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::error(&path, e.message().to_string())
                .help("valid keys are title, description, base_url, language, theme, output_dir");
            if let Some(span) = e.span() {
                let (line, col) = line_col(&text, span.start);
                d = d.at(line, col).with_source(&text);
            }
            d
        })?;
        if let Some(why) = crate::render::theme::bad_theme_name(&config.theme) {
            // Where the value is: toml gives spans only for its own errors.
            let re = regex::Regex::new(r"(?m)^[ \t]*theme[ \t]*=[ \t]*").expect("a valid pattern");
            let (line, col) = re.find(&text).map_or((0, 0), |m| line_col(&text, m.end()));
            return Err(Diagnostic::error(&path, format!("theme `{}` {why}", config.theme))
                .at(line, col)
                .with_source(&text)
                .help("set `theme` to the name of a folder directly under themes/, such as \"default\""));
        }
        Ok(config)
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
