//! Which requests the preview server answers at all.
//!
//! Drafts are served to the browser, so a web page must not be able to read
//! them: with DNS rebinding, `evil.example` resolves to 127.0.0.1 and the
//! browser treats the preview as that site's own origin. The one thing such
//! a request cannot fake is its `Host` header, so only names that cannot be
//! rebound are accepted: `localhost`, IP literals this server is reachable
//! on, and the names its user vouched for (`--allow-host`, the host of the
//! site's `base_url`). Only GET and HEAD are answered; nothing here changes
//! state, and other methods have no business with a preview.

use std::net::IpAddr;

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;

/// The host names requests may name, lowercased and without a port.
#[derive(Debug, Clone)]
pub(super) struct Hosts {
    names: Vec<String>,
}

impl Hosts {
    /// Loopback names, the bound `interface`, and `extra` names.
    pub(super) fn new(interface: IpAddr, extra: impl IntoIterator<Item = String>) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(str::to_string)
            .collect();
        for name in std::iter::once(literal(interface)).chain(extra) {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        Hosts { names }
    }

    /// Whether `host` (a `Host` header value, port optional) may be served
    /// on a connection that reached this server at `local`.
    fn allows(&self, host: &str, local: IpAddr) -> bool {
        let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        let name = authority.host().to_ascii_lowercase();
        // Bound to every interface, a client may have reached any of them.
        self.names.contains(&name) || name == literal(local.to_canonical())
    }

    /// `localhost, 127.0.0.1, [::1]` and the others, for messages.
    fn list(&self) -> String {
        self.names.join(", ")
    }
}

/// How an IP address is written as a host name: IPv6 in brackets.
fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The response that refuses `req`, or None when it may be served. `local`
/// is the address the connection reached.
pub(super) fn refuse<B>(req: &Request<B>, hosts: &Hosts, local: IpAddr) -> Option<Response> {
    // An absolute request target (`GET http://x/ HTTP/1.1`) names the host
    // that counts; otherwise the Host header does.
    let host = match req.uri().authority() {
        Some(a) => Some(a.as_str()),
        None => req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok()),
    };
    let Some(host) = host else {
        return Some(text(
            StatusCode::BAD_REQUEST,
            format!(
                "sitegen serve: the request has no Host header; open http://localhost/ with the port this server listens on (accepted host names: {})\n",
                hosts.list()
            ),
        ));
    };
    if !hosts.allows(host, local) {
        return Some(text(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "sitegen serve: refusing a request for host `{host}`, which could be another site's name pointed at this preview (DNS rebinding).\n\
                 Accepted host names, with any port: {}.\n\
                 Open the preview as http://localhost:PORT/, or start it with --allow-host NAME to accept another name.\n",
                hosts.list()
            ),
        ));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "sitegen serve answers only GET and HEAD, not {}\n",
                req.method()
            ),
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(r);
    }
    None
}

fn text(status: StatusCode, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    fn req(method: &str, target: &str, host: Option<&str>) -> Request<()> {
        let mut b = Request::builder().method(method).uri(target);
        if let Some(h) = host {
            b = b.header(header::HOST, h);
        }
        b.body(()).unwrap()
    }

    fn status(r: &Request<()>, hosts: &Hosts, local: IpAddr) -> Option<u16> {
        refuse(r, hosts, local).map(|r| r.status().as_u16())
    }

    #[test]
    fn loopback_names_with_or_without_port() {
        let hosts = Hosts::new(LOOPBACK, []);
        for h in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
        ] {
            assert_eq!(
                status(&req("GET", "/", Some(h)), &hosts, LOOPBACK),
                None,
                "{h}"
            );
        }
        for h in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "user@localhost",
            "",
            "192.168.1.5",
        ] {
            assert_eq!(
                status(&req("GET", "/", Some(h)), &hosts, LOOPBACK),
                Some(421),
                "{h}"
            );
        }
        assert_eq!(status(&req("GET", "/", None), &hosts, LOOPBACK), Some(400));
        assert_eq!(
            status(
                &req("GET", "http://evil.example/", Some("localhost")),
                &hosts,
                LOOPBACK
            ),
            Some(421),
            "an absolute target names the host that counts"
        );
    }

    #[test]
    fn bound_and_reached_addresses_and_configured_names() {
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        let hosts = Hosts::new(lan, ["Preview.Example".to_string()]);
        for h in ["192.168.1.5:1111", "preview.example", "PREVIEW.example:80"] {
            assert_eq!(status(&req("GET", "/", Some(h)), &hosts, lan), None, "{h}");
        }
        let any = Hosts::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), []);
        let mapped = IpAddr::V6(Ipv4Addr::new(10, 0, 0, 7).to_ipv6_mapped());
        assert_eq!(
            status(&req("GET", "/", Some("10.0.0.7:1111")), &any, mapped),
            None,
            "the address the client reached, when bound to every interface"
        );
        assert_eq!(
            status(&req("GET", "/", Some("[::]:1111")), &any, mapped),
            None
        );
        assert_eq!(
            status(&req("GET", "/", Some("10.0.0.8")), &any, mapped),
            Some(421)
        );
    }

    #[test]
    fn only_get_and_head() {
        let hosts = Hosts::new(LOOPBACK, []);
        for m in ["GET", "HEAD"] {
            assert_eq!(
                status(&req(m, "/", Some("localhost")), &hosts, LOOPBACK),
                None
            );
        }
        for m in ["POST", "OPTIONS", "PUT", "DELETE", "PATCH"] {
            let r = refuse(&req(m, "/", Some("localhost")), &hosts, LOOPBACK).unwrap();
            assert_eq!(r.status(), 405, "{m}");
            assert_eq!(r.headers()[header::ALLOW], "GET, HEAD");
        }
    }

    #[test]
    fn the_refusal_says_what_is_accepted() {
        let hosts = Hosts::new(LOOPBACK, []);
        let r = refuse(&req("GET", "/", Some("evil.example")), &hosts, LOOPBACK).unwrap();
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "text/plain; charset=utf-8"
        );
        assert!(format!("{:?}", hosts.list()).contains("localhost, 127.0.0.1, [::1]"));
    }
}
