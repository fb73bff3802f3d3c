//! Rendering and themes: deeply nested Markdown, external resources and
//! borrowed classes in content, templates that read the environment, fail
//! at render or recurse, and roots of the theme outside the site.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::load::{build, site};

/// A fresh site holding one plan `p.yaml` whose intro is `intro` (one line).
fn site_with_intro(intro: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = site();
    let root = dir.path().join("s");
    std::fs::write(
        root.join("content/plans/p.yaml"),
        format!("title: t\nintro: |\n  {intro}\nsections: []\n"),
    )
    .unwrap();
    (dir, root)
}

fn plan_page(root: &Path) -> String {
    std::fs::read_to_string(root.join("public/plans/p/index.html")).unwrap()
}

/// Builds under the harness's bound: it finishes, succeeds, warns at the
/// plan's line 3 and keeps the innermost text.
fn nested(intro: &str) {
    let (_dir, root) = site_with_intro(intro);
    let run = sitegen_within(
        60,
        2000,
        &["build", "--root", root.to_str().unwrap()],
        &repo(),
    );
    let err = text(&run.output.stderr);
    assert_eq!(run.output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/plans/p.yaml:3:") && err.contains("levels past 32 were flattened"),
        "{err}"
    );
    assert!(plan_page(&root).contains("INNERMOST"));
}

const N: usize = 100_000;

#[test]
fn nested_block_quotes_are_flattened() {
    nested(&format!("{} INNERMOST", ">".repeat(N)));
}

#[test]
fn nested_bullet_lists_are_flattened() {
    nested(&format!("{}INNERMOST", "- ".repeat(N)));
}

#[test]
fn nested_numbered_lists_are_flattened() {
    nested(&format!("{}INNERMOST", "1. ".repeat(N)));
}

#[test]
fn nested_divs_are_flattened() {
    nested(&format!(
        "{}INNERMOST{}",
        "<div>".repeat(N),
        "</div>".repeat(N)
    ));
}

#[test]
fn nested_inline_tags_are_flattened() {
    nested(&format!(
        "x {}INNERMOST{}",
        "<span><em>".repeat(N / 2),
        "</em></span>".repeat(N / 2)
    ));
}

#[test]
fn nested_mix_is_flattened() {
    nested(&format!("{}INNERMOST", "> - 1. <div>".repeat(N / 4)));
}

#[test]
fn shallow_nesting_is_kept_without_warning() {
    let (_dir, root) = site_with_intro(&format!("{} INNERMOST", ">".repeat(10)));
    let (code, err) = build(&root);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("flattened"), "{err}");
    assert_eq!(plan_page(&root).matches("<blockquote>").count(), 10);
}

#[test]
fn external_images_are_dropped_and_reported() {
    let (_dir, root) = site_with_intro(
        "![pixel](https://evil.example/pixel.gif) <img src=\"//evil.example/a.png\" alt=\"tracker\"> \
         <img srcset=\"https://evil.example/x.png 2x\" src=\"local.png\"> \
         <video poster=\"https://evil.example/p.png\"><source src=\"https://evil.example/v.mp4\"></video> \
         <audio src=\"https://evil.example/a.mp3\"></audio> [a link](https://example.org/doc)",
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(0), "{err}");
    let html = plan_page(&root);
    assert!(!html.contains("evil.example"), "{html}");
    assert!(
        html.contains("pixel") && html.contains("alt=\"tracker\""),
        "{html}"
    );
    assert!(html.contains("src=\"local.png\""), "{html}");
    assert!(
        html.contains("href=\"https://example.org/doc\""),
        "links stay: {html}"
    );
    assert!(
        err.contains("content/plans/p.yaml:3:")
            && err.contains("external resource `https://evil.example/pixel.gif`")
            && err.contains("`//evil.example/a.png`"),
        "{err}"
    );
    let o = sitegen(&["check", "--root", root.to_str().unwrap()], &repo());
    let out = text(&o.stdout) + &text(&o.stderr);
    assert!(
        out.contains("content/plans/p.yaml:3:") && out.contains("https://evil.example/pixel.gif"),
        "check reports it too: {out}"
    );
}

#[test]
fn only_highlighting_classes_survive() {
    let dir = site();
    let root = dir.path().join("s");
    std::fs::write(
        root.join("content/plans/p.yaml"),
        "title: t\nintro: |\n  <div class=\"nav\">fake</div> <span class=\"notice hl-x\">y</span>\n\n  ```rust\n  fn main() {}\n  ```\nsections: []\n",
    )
    .unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, Some(0), "{err}");
    let html = plan_page(&root);
    let intro = &html[html.find("fake").unwrap() - 40..];
    assert!(!intro.contains("class=\"nav\""), "{intro}");
    assert!(!intro.contains("notice"), "{intro}");
    assert!(html.contains("class=\"hl-code\""), "{html}");
    assert!(html.contains("class=\"hl-source hl-rust\""), "{html}");
}

fn override_template(root: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates").join(name), body).unwrap();
}

#[test]
fn get_env_is_refused_at_load() {
    let dir = site();
    let root = dir.path().join("s");
    override_template(
        &root,
        "404.html",
        "{% extends \"base.html\" %}{% block content %}\n<p>{{ get_env(name=\"HOME\") }}</p>{% endblock content %}",
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("templates/404.html:2:7") && err.contains("get_env"),
        "{err}"
    );
    assert!(!root.join("public").exists());
    let home = std::env::var("HOME").unwrap_or_default();
    assert!(
        home.len() < 2 || !err.contains(&format!("{home}<")),
        "{err}"
    );
}

#[test]
fn template_syntax_error_names_file_line_col() {
    let dir = site();
    let root = dir.path().join("s");
    override_template(&root, "404.html", "<p>ok</p>\n<p>{{ oops( }}</p>\n");
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("templates/404.html:2:"), "{err}");
}

#[test]
fn unused_template_is_checked_at_load() {
    let dir = site();
    let root = dir.path().join("s");
    // No page uses it: tera would only notice the filter when rendering.
    override_template(&root, "unused.html", "<p>\n{{ x | no_such_filter }}</p>\n");
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("templates/unused.html:2:6") && err.contains("filter `no_such_filter`"),
        "{err}"
    );
}

#[test]
fn render_error_names_template_line() {
    let dir = site();
    let root = dir.path().join("s");
    override_template(
        &root,
        "404.html",
        "{% extends \"base.html\" %}{% block content %}\n<p>ok</p>\n<p>{{ no_such_variable.x }}</p>{% endblock content %}",
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("templates/404.html:3:7"), "{err}");
    assert!(err.contains("no_such_variable"), "{err}");
}

#[test]
fn recursive_macro_is_refused_at_load() {
    let dir = site();
    let root = dir.path().join("s");
    override_template(
        &root,
        "loop.html",
        "{% macro a(x) %}{{ self::b(x=x) }}{% endmacro a %}\n{% macro b(x) %}\n  {{ self::a(x=x) }}{% endmacro b %}\n{% macro c(s) %}{% for sub in s.items %}{{ self::c(s=sub) }}{% endfor %}{% endmacro c %}\n",
    );
    let run = sitegen_within(
        60,
        2000,
        &["build", "--root", root.to_str().unwrap()],
        &repo(),
    );
    let err = text(&run.output.stderr);
    assert_eq!(run.output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("templates/loop.html:3:6") && err.contains("macro `a` calls itself"),
        "{err}"
    );
    assert!(
        !err.contains("macro `c`"),
        "descending into an argument is allowed: {err}"
    );
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn symlinked_static_root_is_not_followed() {
        let dir = site();
        let root = dir.path().join("s");
        let secret = dir.path().join("home");
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("id_rsa"), "PRIVATE KEY").unwrap();
        symlink(&secret, root.join("static")).unwrap();
        let (code, err) = build(&root);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            err.contains("static") && err.contains("symbolic link"),
            "{err}"
        );
        assert!(!root.join("public/id_rsa").exists());
    }

    #[test]
    fn symlinked_files_in_static_are_skipped() {
        let dir = site();
        let root = dir.path().join("s");
        std::fs::write(dir.path().join("id_rsa"), "PRIVATE KEY").unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        symlink(dir.path().join("id_rsa"), root.join("static/id_rsa")).unwrap();
        let (code, err) = build(&root);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            err.contains("static/id_rsa") && err.contains("symbolic link"),
            "{err}"
        );
        assert!(!root.join("public/id_rsa").exists());
    }

    #[test]
    fn symlinked_templates_root_is_not_followed() {
        let dir = site();
        let root = dir.path().join("s");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("404.html"), "{{ get_env(name=\"HOME\") }}").unwrap();
        symlink(&other, root.join("templates")).unwrap();
        let (code, err) = build(&root);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            err.contains("templates") && err.contains("symbolic link"),
            "{err}"
        );
    }

    #[test]
    fn symlinked_theme_is_refused() {
        let dir = site();
        let root = dir.path().join("s");
        std::fs::rename(root.join("themes/default"), dir.path().join("elsewhere")).unwrap();
        symlink(dir.path().join("elsewhere"), root.join("themes/default")).unwrap();
        let (code, err) = build(&root);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("themes/default") && err.contains("symbolic link"),
            "{err}"
        );
        assert!(!root.join("public").exists());
    }
}

#[test]
fn theme_must_be_a_plain_name() {
    for bad in ["/etc", "../../etc", "a/b", "..", "a\\\\b"] {
        let dir = site();
        let root = dir.path().join("s");
        let toml = std::fs::read_to_string(root.join("sitegen.toml")).unwrap();
        let line = toml.lines().position(|l| l.starts_with("theme")).unwrap() + 1;
        let toml = toml.replace("theme = \"default\"", &format!("theme = \"{bad}\""));
        std::fs::write(root.join("sitegen.toml"), toml).unwrap();
        let (code, err) = build(&root);
        assert_eq!(code, Some(1), "{bad}: {err}");
        assert!(
            err.contains(&format!("sitegen.toml:{line}:9")) && err.contains("theme"),
            "{bad}: {err}"
        );
        assert!(!root.join("public").exists());
    }
}
