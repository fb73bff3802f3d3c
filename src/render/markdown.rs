//! Markdown to safe HTML: pulldown-cmark events, code blocks highlighted by
//! syntect with CSS classes, and the result sanitized by ammonia so raw HTML
//! or `javascript:` links in content can never reach a reader's browser.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::nesting;

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

/// A Markdown text rendered: its HTML and what was changed in it.
pub(crate) struct MarkdownHtml {
    pub html: String,
    pub issues: Vec<Issue>,
}

/// Something of a Markdown text that did not reach the page as written.
pub(crate) struct Issue {
    /// 0-based line inside the text.
    pub line: usize,
    pub message: String,
    pub help: &'static str,
}

impl Markdown {
    pub(crate) fn new() -> Self {
        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .add_generic_attributes(["class", "id"])
            .attribute_filter(super::resources::filter)
            .id_prefix(Some("md-"))
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"));
        Markdown {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            sanitizer,
        }
    }

    /// Renders Markdown to sanitized HTML.
    #[cfg(test)]
    pub(crate) fn render(&self, source: &str) -> String {
        self.render_checked(source).html
    }

    /// Renders Markdown to sanitized HTML, saying what had to be changed:
    /// nesting past [`nesting::MAX_DEPTH`] flattened, external images dropped.
    pub(crate) fn render_checked(&self, source: &str) -> MarkdownHtml {
        let mut issues = Vec::new();
        if source.trim().is_empty() {
            return MarkdownHtml {
                html: String::new(),
                issues,
            };
        }
        let line_of = |offset: usize| source[..offset.min(source.len())].matches('\n').count();
        let mut out_events: Vec<Event<'_>> = Vec::new();
        let mut code: Option<(String, String)> = None; // (lang, text)
        let mut html_block: Option<(String, usize)> = None; // (text, offset)
        let mut images: Vec<bool> = Vec::new(); // per open image: external?
        let mut cap = nesting::DepthCap::default();
        let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for (ev, range) in Parser::new_ext(source, opts).into_offset_iter() {
            match (&mut code, &mut html_block, ev) {
                (None, _, Event::Start(Tag::CodeBlock(kind))) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => {
                            l.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                (Some((_, text)), _, Event::Text(t)) => text.push_str(&t),
                (Some(_), _, Event::End(TagEnd::CodeBlock)) => {
                    let (lang, text) = code.take().expect("inside a code block");
                    out_events.push(Event::Html(self.highlight(&lang, &text).into()));
                }
                // A block's lines are scanned as one text: a tag may span them.
                (_, None, Event::Start(Tag::HtmlBlock)) => {
                    html_block = Some((String::new(), range.start));
                    out_events.push(Event::Start(Tag::HtmlBlock));
                }
                (_, Some((text, _)), Event::Html(h)) => text.push_str(&h),
                (_, Some(_), Event::End(TagEnd::HtmlBlock)) => {
                    let (text, at) = html_block.take().expect("inside an HTML block");
                    out_events.push(Event::Html(cap.html(text.into(), at)));
                    out_events.push(Event::End(TagEnd::HtmlBlock));
                }
                (
                    _,
                    _,
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                ) => {
                    let external = super::resources::is_external(&dest_url);
                    images.push(external);
                    if external {
                        // Only the alt text stays: the reader sees that
                        // something was there, nothing names the host.
                        issues.push(external_issue(line_of(range.start), &dest_url));
                    } else {
                        out_events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                (_, _, Event::End(TagEnd::Image)) => {
                    if !images.pop().unwrap_or(false) {
                        out_events.push(Event::End(TagEnd::Image));
                    }
                }
                (_, _, ev) => out_events.extend(cap.event(ev, range.start)),
            }
        }
        if let Some(at) = cap.first_drop {
            issues.push(Issue {
                line: line_of(at),
                message: format!(
                    "Markdown nested {} levels deep; levels past {} were flattened (the text is kept)",
                    cap.deepest,
                    nesting::MAX_DEPTH
                ),
                help: "nest block quotes, lists, emphasis and HTML elements less deeply",
            });
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
        super::resources::take_dropped();
        let clean = self.sanitizer.clean(&html).to_string();
        for url in super::resources::take_dropped() {
            let line = source.find(url.as_str()).map_or(0, line_of);
            issues.push(external_issue(line, &url));
        }
        issues.sort_by_key(|i| i.line);
        MarkdownHtml {
            html: clean,
            issues,
        }
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

fn external_issue(line: usize, url: &str) -> Issue {
    Issue {
        line,
        message: format!("external resource `{url}` not loaded: a published site loads nothing from other hosts"),
        help: "copy the file into static/ and refer to it by a relative path, or link to it with [text](url)",
    }
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
