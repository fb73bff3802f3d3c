//! The preview server's HTTP side: pages from memory, the live-reload
//! script injected into HTML responses only, and the event stream.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State as Extract;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::{Event, Pipeline};

/// Path of the event stream; pages never link here, only the injected script.
pub(super) const EVENTS_PATH: &str = "/__sitegen/events";

#[derive(Clone)]
pub(super) struct State {
    pub pipeline: Arc<Pipeline>,
    pub events: broadcast::Sender<Event>,
}

impl State {
    pub(super) fn new(pipeline: Arc<Pipeline>) -> Self {
        let (events, _) = broadcast::channel(16);
        State { pipeline, events }
    }
}

pub(super) fn router(state: State) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(state)
}

async fn events(
    Extract(state): Extract<State>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // A page that connects while the build is broken learns it at once.
    let initial = state
        .pipeline
        .last_error()
        .map(|e| Ok(SseEvent::default().event("error").data(e)));
    let stream = BroadcastStream::new(state.events.subscribe()).filter_map(|ev| match ev {
        Ok(Event::Reload) => Some(Ok(SseEvent::default().event("reload").data("reload"))),
        Ok(Event::Error(msg)) => Some(Ok(SseEvent::default().event("error").data(msg))),
        Err(_) => None,
    });
    Sse::new(tokio_stream::iter(initial).chain(stream)).keep_alive(KeepAlive::default())
}

/// Maps a request path to a page key, or None when the path is not allowed.
/// Percent-decoding happens first, so `%2e%2e` is caught like `..`.
pub(super) fn page_key(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) || s.starts_with('.') => return None,
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        Some(if key.is_empty() {
            "index.html".into()
        } else {
            format!("{key}/index.html")
        })
    } else {
        Some(key)
    }
}

async fn page(Extract(state): Extract<State>, uri: Uri) -> Response {
    let Some(key) = page_key(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let Some(site) = state.pipeline.site() else {
        let err = state.pipeline.last_error().unwrap_or_default();
        return html(StatusCode::SERVICE_UNAVAILABLE, &error_page(&err));
    };
    let found = site
        .pages
        .get(&key)
        .map(|b| (key.clone(), b.clone()))
        .or_else(|| {
            site.pages
                .get(&format!("{key}/index.html"))
                .map(|b| (format!("{key}/index.html"), b.clone()))
        });
    match found {
        Some((k, bytes)) if !k.contains('.') || k.ends_with(".html") => {
            html(StatusCode::OK, &String::from_utf8_lossy(&bytes))
        }
        Some((k, bytes)) => {
            let mime = mime_guess::from_path(&k).first_or_octet_stream();
            let mut r = Response::new(Body::from(bytes.as_ref().clone()));
            let value = if mime.type_() == "text"
                || mime.subtype() == "javascript"
                || mime.subtype() == "json"
            {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_string()
            };
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&value).expect("mime is ASCII"),
            );
            r
        }
        None => match site.pages.get("404.html") {
            Some(b) => html(StatusCode::NOT_FOUND, &String::from_utf8_lossy(b)),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

fn html(status: StatusCode, page: &str) -> Response {
    let mut r = Response::new(Body::from(inject(page)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The live-reload client: reloads on `reload`, shows build errors in an
/// overlay (as text, never as HTML) on `error`.
const CLIENT: &str = r#"<script data-sitegen-live-reload>
(function () {
  var es = new EventSource("/__sitegen/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("error", function (e) {
    if (!e.data) return;
    var o = document.getElementById("sitegen-error");
    if (!o) {
      o = document.createElement("pre");
      o.id = "sitegen-error";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:1rem;z-index:99999;overflow:auto;margin:0;padding:1rem;background:#fff;color:#8b0000;border:3px solid #8b0000;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(o);
    }
    o.textContent = "sitegen: the last build failed; showing the previous good site.\n\n" + e.data;
  });
})();
</script>"#;

fn inject(page: &str) -> String {
    match page.rfind("</body>") {
        Some(i) => format!("{}{CLIENT}\n{}", &page[..i], &page[i..]),
        None => format!("{page}{CLIENT}"),
    }
}

fn error_page(err: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site does not build yet</h1><pre>{}</pre></body></html>",
        crate::render::markdown::escape(err)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(page_key("/").as_deref(), Some("index.html"));
        assert_eq!(page_key("/plans/a/").as_deref(), Some("plans/a/index.html"));
        assert_eq!(
            page_key("/plans/a/1-1.html").as_deref(),
            Some("plans/a/1-1.html")
        );
        assert_eq!(page_key("/%E5%B8%82").as_deref(), Some("市"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/a/..%2fb",
            "/.git/config",
            "/a%5c..%5cb",
            "/%00",
        ] {
            assert_eq!(page_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject("<html><body><p>x</p></body></html>");
        assert!(out.contains("<p>x</p><script data-sitegen-live-reload>"));
        assert!(out.ends_with("</body></html>"));
    }
}
