//! Markdown to safe HTML: pulldown-cmark events, code blocks highlighted by
//! syntect with CSS classes, and the result sanitized by ammonia so raw HTML
//! or `javascript:` links in content can never reach a reader's browser.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Loaded once per build: the syntax set takes milliseconds to deserialize.
pub(crate) struct Markdown {
    syntaxes: SyntaxSet,
    sanitizer: ammonia::Builder<'static>,
}

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

impl Default for Markdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Markdown {
    pub(crate) fn new() -> Self {
        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .add_generic_attributes(["class", "id"])
            .id_prefix(Some("md-"))
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"));
        Markdown {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            sanitizer,
        }
    }

    /// Renders Markdown to sanitized HTML.
    pub(crate) fn render(&self, source: &str) -> String {
        if source.trim().is_empty() {
            return String::new();
        }
        let mut out_events: Vec<Event<'_>> = Vec::new();
        let mut code: Option<(String, String)> = None; // (lang, text)
        let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for ev in Parser::new_ext(source, opts) {
            match (&mut code, ev) {
                (None, Event::Start(Tag::CodeBlock(kind))) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => {
                            l.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                (Some((_, text)), Event::Text(t)) => text.push_str(&t),
                (Some(_), Event::End(TagEnd::CodeBlock)) => {
                    let (lang, text) = code.take().expect("inside a code block");
                    out_events.push(Event::Html(self.highlight(&lang, &text).into()));
                }
                (_, ev) => out_events.push(ev),
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
        self.sanitizer.clean(&html).to_string()
    }

    fn highlight(&self, lang: &str, text: &str) -> String {
        let syntax = self
            .syntaxes
            .find_syntax_by_token(lang)
            .unwrap_or_else(|| self.syntaxes.find_syntax_plain_text());
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(text) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return format!("<pre><code>{}</code></pre>", escape(text));
            }
        }
        format!(
            "<pre class=\"hl-code\"><code>{}</code></pre>",
            gen.finalize()
        )
    }
}

/// The stylesheet for highlighted code, generated from a syntect theme.
pub(crate) fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default()
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_sanitizes() {
        let md = Markdown::new();
        let html = md.render("加强**德育**。\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>");
        assert!(html.contains("<strong>德育</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn highlights_code_with_classes() {
        let md = Markdown::new();
        let html = md.render("```rust\nfn main() {}\n```\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("main"), "{html}");
        assert!(syntax_css().contains(".hl-"));
    }
}
