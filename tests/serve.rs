//! `sitegen serve` end to end: pages served, a file edit observed as a
//! rebuilt page and a reload event, build errors pushed to the browser,
//! and no request ever reaching a file outside the built site.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving DIR on http://127.0.0.1:PORT/ (...)"
    assert!(
        line.contains("http://127.0.0.1:"),
        "binds loopback by default: {line}"
    );
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server { child, port }
}

/// A raw HTTP/1.1 GET, so the path reaches the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

/// Lines of the event stream, delivered through a channel.
fn events(port: u16) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__sitegen/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, what: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            let done = line.contains(what);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }
    panic!("no `{what}` within 20 s; got {seen:?}")
}

fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = sitegen(&["init", dir.path().to_str().unwrap()], &repo());
    assert!(o.status.success());
    dir
}

#[test]
fn serves_rebuilds_on_edit_and_reports_errors() {
    let site = new_site();
    let server = start(site.path());
    let (status, head, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("示例市政策行动计划公开平台"));
    assert!(
        body.contains("data-sitegen-live-reload"),
        "the reload client is injected when serving"
    );
    let (status, head, _) = get(server.port, "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"));
    let (status, head, _) = get(server.port, "/data/tasks.json");
    assert_eq!((status, head.contains("application/json")), (200, true));
    let (status, _, body) = get(server.port, "/plans/example/");
    assert_eq!(status, 200, "directory index");
    assert!(body.contains("示例市教育提质行动计划"));
    let (status, _, body) = get(server.port, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到"), "the site's own 404 page");

    let rx = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    let plan = site.path().join("content/plans/example.yaml");
    let original = std::fs::read_to_string(&plan).unwrap();
    let saved = Instant::now();
    std::fs::write(
        &plan,
        original.replace("扩大普惠性学前教育资源", "扩大普惠性学前教育资源供给"),
    )
    .unwrap();
    wait_for(&rx, "event: reload");
    println!("reload event {:.0?} after saving the file", saved.elapsed());
    let (_, _, task) = get(server.port, "/plans/example/1-1.html");
    assert!(
        task.contains("扩大普惠性学前教育资源供给"),
        "rebuilt page served"
    );

    // A broken edit: the browser gets the error, the last good site stays.
    std::fs::write(
        &plan,
        original.replace("issued: 2024-03-01", "issued: 2024-02-30"),
    )
    .unwrap();
    let lines = wait_for(&rx, "event: error");
    let data = wait_for(&rx, "data:").concat();
    let all = format!("{lines:?}{data}");
    assert!(
        all.contains("example.yaml:6:9") && all.contains("day 30"),
        "{all}"
    );
    let (status, _, task) = get(server.port, "/plans/example/1-1.html");
    assert_eq!(status, 200);
    assert!(
        task.contains("扩大普惠性学前教育资源供给"),
        "last good site still served"
    );

    std::fs::write(&plan, &original).unwrap();
    wait_for(&rx, "event: reload");
}

#[test]
fn never_serves_files_outside_the_site() {
    let site = new_site();
    let secret = site.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    #[cfg(unix)]
    {
        std::fs::create_dir_all(site.path().join("static")).unwrap();
        std::os::unix::fs::symlink(&secret, site.path().join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", site.path().join("static/etc")).unwrap();
    }
    let server = start(site.path());
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/plans/%2e%2e/%2e%2e/sitegen.toml",
        "/..%2fsecret.txt",
        "/plans/..%5c..%5csecret.txt",
        "/secret.txt",
        "/sitegen.toml",
        "/content/plans/example.yaml",
        "/leak.txt",
        "/etc/passwd",
        "/static/leak.txt",
    ] {
        let (status, _, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        for leaked in ["TOP-SECRET", "root:", "title = ", "jurisdiction:"] {
            assert!(!body.contains(leaked), "{path} leaked {leaked}");
        }
    }
}

#[test]
fn build_output_has_no_reload_script() {
    let site = new_site();
    let o = sitegen(&["build", "--root", site.path().to_str().unwrap()], &repo());
    assert!(o.status.success());
    for f in html_files(&site.path().join("public")) {
        let html = std::fs::read_to_string(&f).unwrap();
        assert!(
            !html.contains("sitegen-live-reload") && !html.contains("__sitegen"),
            "{}",
            f.display()
        );
    }
}
