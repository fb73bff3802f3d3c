//! Headless Chromium through chromedriver (Debian's `chromium` and
//! `chromium-driver`), shared by the browser tests.
#![allow(dead_code, unreachable_pub)]

pub mod axe;
pub mod layout;

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Kills chromedriver when the test ends, however it ends.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    format!("file://{}", path.to_str().unwrap())
}

pub fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Starts chromedriver on a free port and waits until it listens. A free
/// port can be taken by another process between choosing and binding it
/// (tests run in parallel); chromedriver then exits at once, so a driver
/// that has exited is started again on another port instead of talking to
/// whatever holds the port.
fn start_chromedriver(chromedriver: &Path) -> (Driver, u16) {
    for _attempt in 0..5 {
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let mut driver = Driver(child);
        let start = Instant::now();
        loop {
            if matches!(driver.0.try_wait(), Ok(Some(_))) {
                break; // exited: try another port
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return (driver, port);
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("chromedriver exited at start five times (ports taken?)");
}

/// Starts chromedriver and a headless Chromium session (the tests check
/// first that both are there, see `common::Gate`), runs `f` on it and
/// closes the session (so Chromium quits) even when `f` panics.
pub async fn with_chromium<F, Fut>(f: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let chromedriver = crate::common::CHROMEDRIVER.path();
    let chrome = crate::common::CHROMIUM.path();
    let profile = tempfile::tempdir().unwrap();
    let (_driver, port) = start_chromedriver(&chromedriver);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chrome,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session with chromium");
    let result = tokio::spawn(f(c.clone())).await;
    c.close().await.ok();
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A Chrome DevTools Protocol command, sent through chromedriver's
/// `POST /session/{id}/goog/cdp/execute` (WebDriver has no standard
/// command for device metrics or emulated media).
#[derive(Debug)]
pub struct Cdp {
    pub cmd: &'static str,
    pub params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("CDP command outside a WebDriver session");
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs the CDP command `cmd` on the current page; returns its result.
pub async fn cdp(c: &Client, cmd: &'static str, params: Value) -> Value {
    c.issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}

/// The strings of a JSON array (a script's list of messages).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a JSON array")
        .iter()
        .map(|p| p.as_str().expect("a string").to_string())
        .collect()
}

/// Emulates a viewport of `width` x `height` CSS px at `scale` device pixels
/// per CSS px (a 1280 x 1024 window at 400 % zoom is 320 x 256 at scale 4),
/// for this and later pages, and checks that the page sees it.
pub async fn set_viewport(c: &Client, width: u32, height: u32, scale: f64) {
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": scale, "mobile": false}),
    )
    .await;
    let seen = c
        .execute("return [window.innerWidth, window.innerHeight]", vec![])
        .await
        .unwrap();
    assert_eq!(seen, json!([width, height]), "emulated viewport");
}

/// Back to the window's own size.
pub async fn reset_viewport(c: &Client) {
    cdp(c, "Emulation.clearDeviceMetricsOverride", json!({})).await;
}

/// Emulates the CSS media type `media` (`"print"`, or `""` for the default).
pub async fn emulate_media(c: &Client, media: &str) {
    cdp(c, "Emulation.setEmulatedMedia", json!({"media": media})).await;
}

/// The query the search page is opened with by [`open_kind`].
pub const SEARCH_QUERY: &str = "教育";

/// Opens the page `rel` of `out` (one of `page_kinds` in `tests/common`); the
/// search page with [`SEARCH_QUERY`] in its URL, once it shows its results.
pub async fn open_kind(c: &Client, out: &Path, kind: &str, rel: &str) {
    let mut url = file_url(&out.join(rel));
    if kind == "search" {
        url += &format!("?q={}", percent(SEARCH_QUERY));
    }
    c.goto(&url).await.unwrap();
    if kind == "search" {
        wait_for_search(c).await;
    }
}

/// Waits until the search page shows its results for the query in the URL.
pub async fn wait_for_search(c: &Client) {
    let start = Instant::now();
    loop {
        let done = c
            .execute(
                "const s = document.getElementById('search-status'); \
                 return !!(s && s.textContent && document.querySelector('#search-results li'));",
                vec![],
            )
            .await
            .unwrap();
        if done == json!(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "search page shows no results"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens `rel` and types [`SEARCH_QUERY`] into the header's search box;
/// returns once the live results are shown under it.
pub async fn open_search_box(c: &Client, out: &Path, rel: &str) {
    c.goto(&file_url(&out.join(rel))).await.unwrap();
    let input = c.find(Locator::Id("site-search-q")).await.unwrap();
    input.send_keys(SEARCH_QUERY).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#site-search-pop .search-results li"))
        .await
        .expect("live search results under the search box");
}
