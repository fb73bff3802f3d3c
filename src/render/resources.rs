//! What sanitised Markdown may load and how it may look. A published bundle
//! is read offline, so content must not load anything from another host (a
//! tracking pixel), and it must not borrow the theme's classes to pose as
//! its navigation or notices: only the classes the renderer itself writes
//! (syntect's `hl-` highlighting classes) survive.

use std::borrow::Cow;
use std::cell::RefCell;

/// Attributes that make a browser fetch their URL as the page loads.
const FETCHED: &[&str] = &[
    "src",
    "srcset",
    "poster",
    "data",
    "background",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "xlink:href",
    "ping",
];

thread_local! {
    /// URLs the sanitiser dropped during the current `clean` on this thread:
    /// ammonia's attribute filter is a shared closure, and each text is
    /// cleaned on one thread from start to end.
    static DROPPED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// True when the browser would fetch `url` from another host: it has a
/// scheme, or starts with two slashes (`//host/x.png`; browsers read `\` as
/// `/` there). Plain relative and root-relative paths stay on the site.
pub(crate) fn is_external(url: &str) -> bool {
    // Browsers skip leading spaces and controls and drop tabs and newlines.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let b = url.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// ammonia's attribute filter: external fetches and foreign classes go.
pub(crate) fn filter<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if attribute == "class" {
        if !matches!(element, "span" | "pre") {
            return None;
        }
        let kept: Vec<&str> = value
            .split_ascii_whitespace()
            .filter(|c| c.starts_with("hl-"))
            .collect();
        return (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")));
    }
    if FETCHED.contains(&attribute) && is_external(value) {
        DROPPED.with(|d| d.borrow_mut().push(value.to_string()));
        return None;
    }
    Some(Cow::Borrowed(value))
}

/// The URLs dropped on this thread since the last call.
pub(crate) fn take_dropped() -> Vec<String> {
    DROPPED.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::is_external;

    #[test]
    fn external_urls() {
        for u in [
            "https://evil.example/p.gif",
            "//evil.example/p.gif",
            "\\\\evil.example/p.gif",
            "/\\evil.example/p.gif",
            " \u{1}https://evil.example",
            "ht\ttps://evil.example",
            "data:image/png;base64,AA",
        ] {
            assert!(is_external(u), "{u}");
        }
        for u in ["img/a.png", "/a.png", "../a.png", "a.png?x=1:2", "#x"] {
            assert!(!is_external(u), "{u}");
        }
    }
}
