//! Headless Chromium through chromedriver (Debian's `chromium` and
//! `chromium-driver`), shared by the browser tests.
#![allow(dead_code)]

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// Kills chromedriver when the test ends, however it ends.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in candidates {
        let p = Path::new(name);
        if p.is_absolute() && p.is_file() {
            return Some(p.to_path_buf());
        }
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
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

/// Starts chromedriver and a headless Chromium session, runs `f` on it and
/// closes the session (so Chromium quits) even when `f` panics.
pub async fn with_chromium<F, Fut>(f: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(chromedriver) =
        find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver", "chromedriver"])
    else {
        panic!(
            "chromedriver not found: install Debian's `chromium` and `chromium-driver` \
             (apt-get install chromium chromium-driver), set CHROMEDRIVER to its path, \
             or set SITEGEN_SKIP_BROWSER=1 to skip this test"
        );
    };
    let chrome = find_binary(
        "CHROME",
        &["/usr/bin/chromium", "chromium", "chromium-browser"],
    )
    .expect("chromium not found (apt-get install chromium), or set CHROME");
    let profile = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
    let _driver = Driver(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
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
