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
        config.validate(&path, &text)?;
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

    /// Values that parse but would make a broken or unsafe site: a
    /// `javascript:` base_url reached sitemap.xml, any string reached
    /// `<html lang>`.
    fn validate(&self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        let at = |key: &str, message: String, help: &str| {
            let (line, col) = key_line_col(text, key);
            Diagnostic::error(path, message)
                .at(line, col)
                .with_source(text)
                .help(help)
        };
        if !self.base_url.is_empty() && !is_site_address(&self.base_url) {
            return Err(at(
                "base_url",
                format!("base_url `{}` is not an http or https address", self.base_url),
                "write the portal's public address, e.g. base_url = \"https://portal.example.org/\", or leave it empty",
            ));
        }
        if !is_language_tag(&self.language) {
            return Err(at(
                "language",
                format!("language `{}` is not a language tag", self.language),
                "use zh-Hans (simplified Chinese) or zh-Hant (traditional), or another BCP 47 tag such as en",
            ));
        }
        Ok(())
    }
}

/// An absolute http(s) URL with a host, nothing a browser would run.
fn is_site_address(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
}

/// The shape of a BCP 47 language tag (`zh-Hans`, `zh-Hant-TW`, `en`):
/// letters and digits in subtags of one to eight, the first of letters.
pub(crate) fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && s.len() <= 35
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Line and column of `key =` in a TOML text (1:1 when not found).
fn key_line_col(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or((1, 1), |i| {
            let line = text.lines().nth(i).unwrap_or("");
            (i + 1, line.len() - line.trim_start().len() + 1)
        })
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["zh-Hans", "zh-Hant", "zh-Hant-TW", "en", "zh"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "x",
            "zh_CN",
            "zh-\"><script>",
            "中文",
            "zh-",
            "en-toolongsubtag",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn bad_values_are_located() {
        let dir = tempfile::tempdir().unwrap();
        for (toml, want) in [
            (
                "title = \"x\"\nbase_url = \"javascript:alert(1)\"\n",
                (2, 1, "base_url `javascript:alert(1)`"),
            ),
            (
                "  base_url = \"portal.example.org\"\n",
                (1, 3, "not an http or https address"),
            ),
            (
                "language = \"zh\\\" onload=\\\"x\"\n",
                (1, 1, "is not a language tag"),
            ),
        ] {
            std::fs::write(dir.path().join(CONFIG_FILE), toml).unwrap();
            let d = Config::load(dir.path()).expect_err(toml);
            assert_eq!((d.line, d.column), (want.0, want.1), "{d}");
            assert!(d.message.contains(want.2), "{d}");
        }
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "base_url = \"https://portal.example.org/sub/\"\nlanguage = \"zh-Hant\"\n",
        )
        .unwrap();
        assert!(Config::load(dir.path()).is_ok());
    }
}
