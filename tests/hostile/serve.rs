//! The preview server against other sites in the browser (DNS rebinding),
//! other methods and idle connections; the output directory and the
//! bundle's temporary files against links and killed runs; every command
//! against an output it cannot write.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

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

/// `sitegen serve` on a free port, once it listens.
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
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server { child, port }
}

/// Sends `request` as written and reads the whole answer: (status, head
/// lowercased, body).
fn raw(port: u16, request: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, head.to_lowercase(), body.to_string())
}

fn request(method: &str, host: &str) -> String {
    format!("{method} / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
}

fn served_site() -> (tempfile::TempDir, Server) {
    let dir = crate::load::site();
    let server = start(&dir.path().join("s"));
    (dir, server)
}

#[test]
fn serve_refuses_foreign_host_names() {
    let (_dir, server) = served_site();
    let port = server.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let (status, head, body) = raw(port, &request("GET", &host));
        assert_eq!(status, 421, "Host: {host}: {head}\n{body}");
        assert!(head.contains("content-type: text/plain"), "{head}");
        assert!(
            body.contains(&format!("host `{host}`"))
                && body.contains("localhost, 127.0.0.1, [::1]")
                && body.contains("--allow-host"),
            "says what is refused, what is accepted and what to do: {body}"
        );
        assert!(!body.contains("<html"), "no page leaks: {body}");
    }
    // An absolute target names the host that counts, whatever Host says.
    let (status, _, _) = raw(
        port,
        "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 421);
}

#[test]
fn serve_answers_loopback_names_and_the_sites_own() {
    let (_dir, server) = served_site();
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        // The host of base_url in the scaffold's sitegen.toml.
        "portal.example.org".to_string(),
    ] {
        let (status, _, body) = raw(port, &request("GET", &host));
        assert_eq!(status, 200, "Host: {host}");
        assert!(body.contains("</html>"), "Host: {host}: the home page");
    }
    let (status, _, body) = raw(port, &request("HEAD", &format!("localhost:{port}")));
    assert_eq!((status, body.as_str()), (200, ""), "HEAD has no body");
}

#[test]
fn serve_answers_other_methods_with_405() {
    let (_dir, server) = served_site();
    let port = server.port;
    for method in ["POST", "OPTIONS", "PUT", "DELETE", "PATCH"] {
        let (status, head, body) = raw(port, &request(method, &format!("localhost:{port}")));
        assert_eq!(status, 405, "{method}: {head}");
        assert!(head.contains("\r\nallow: get, head"), "{method}: {head}");
        assert!(body.contains("only GET and HEAD"), "{method}: {body}");
    }
}

#[test]
fn serve_closes_connections_that_send_nothing() {
    let (_dir, server) = served_site();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 64];
    let read = s.read(&mut buf);
    let waited = start.elapsed();
    println!("an idle connection was closed after {waited:.1?}");
    match read {
        Ok(0) => {}
        Ok(n) => {
            // hyper may answer 408 before closing; the connection must end.
            let mut rest = Vec::new();
            let end = s.read_to_end(&mut rest);
            assert!(end.is_ok(), "closed after {n} bytes: {end:?}");
        }
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("still open after {waited:.0?}: {e}"),
    }
    assert!(waited < Duration::from_secs(60), "closed by the server");

    // A half-sent request is cut off the same way.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let mut rest = Vec::new();
    let end = s.read_to_end(&mut rest);
    assert!(
        end.is_ok()
            || end
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "still open: {end:?}"
    );
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
}

#[test]
fn serve_event_stream_outlives_the_header_timeout() {
    let (dir, server) = served_site();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET /__sitegen/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut lines = BufReader::new(s).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("200"), "{first}");
    // Past the 10 s header timeout, an edit still reaches the stream.
    std::thread::sleep(Duration::from_secs(12));
    let plan = dir.path().join("s/content/plans/example.yaml");
    let mut yaml = std::fs::read_to_string(&plan).unwrap();
    yaml.push_str("# edited\n");
    std::fs::write(&plan, yaml).unwrap();
    let got = lines
        .map_while(Result::ok)
        .find(|l| l.contains("event: reload"));
    assert!(got.is_some(), "the stream ended before the reload event");
}

/// `sitegen` with `args` and stdout going to `stdout`; (exit code, stderr).
fn with_stdout(args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .current_dir(repo())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (o.status.code(), text(&o.stderr))
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn output_directory_that_is_a_symlink_is_refused() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    let real = root.join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink("real", root.join("public")).unwrap();
    let before = entries(&root);
    let (code, err) = crate::load::build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("public: error: the output directory is a symbolic link to real (")
            && err.contains("will not follow links")
            && err
                .contains("help: point --output (or output_dir in sitegen.toml) at the real path"),
        "{err}"
    );
    assert!(
        root.join("public").is_symlink(),
        "the link is left as it was"
    );
    assert!(entries(&real).is_empty(), "nothing written into its target");
    assert_eq!(entries(&root), before, "no staging directory left");

    // A dangling link, and one named with a trailing slash, the same.
    std::fs::remove_dir(&real).unwrap();
    let (code, err) = crate::load::build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("symbolic link to real;"), "{err}");
    std::fs::create_dir(&real).unwrap();
    let out = format!("{}/", root.join("public").display());
    let o = sitegen(
        &["build", "--root", root.to_str().unwrap(), "--output", &out],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(entries(&real).is_empty());
    assert!(root.join("public").is_symlink());

    // The bundle's zip is replaced by rename too.
    std::fs::write(real.join("old.zip"), "old").unwrap();
    std::os::unix::fs::symlink("real/old.zip", root.join("portal.zip")).unwrap();
    let zip = root.join("portal.zip");
    let o = sitegen(
        &[
            "bundle",
            "--root",
            root.to_str().unwrap(),
            "--out",
            zip.to_str().unwrap(),
        ],
        &repo(),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("portal.zip: error: the bundle path is a symbolic link to real/old.zip")
            && err.contains("help: point --out at the real path"),
        "{err}"
    );
    assert!(zip.is_symlink());
    assert_eq!(
        std::fs::read_to_string(real.join("old.zip")).unwrap(),
        "old"
    );
}

#[test]
fn bundle_removes_temporary_zips_a_killed_bundle_left() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    // What `kill -9` during the zip write leaves: a partial, unlocked file.
    let stale = root.join(".portal.zip.new-K1ll3d");
    std::fs::write(&stale, b"PK\x03\x04 partial").unwrap();
    let f = std::fs::File::options().write(true).open(&stale).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(f);
    let zip = root.join("portal.zip");
    let o = sitegen(
        &[
            "bundle",
            "-q",
            "--root",
            root.to_str().unwrap(),
            "--out",
            zip.to_str().unwrap(),
        ],
        &repo(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!stale.exists(), "the killed bundle's file is removed");
    let left: Vec<String> = entries(&root)
        .into_iter()
        .filter(|n| n.contains("portal.zip"))
        .collect();
    assert_eq!(left, ["portal.zip"]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut index = String::new();
    archive
        .by_name("portal/index.html")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(index.contains("</html>"), "the zip holds the site");
}

#[test]
fn build_removes_staging_directories_a_killed_build_left() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    // A build killed while writing: its staging directory, mark unlocked.
    let staging = root.join(".public.new-K1ll3d");
    std::fs::create_dir_all(staging.join("plans")).unwrap();
    std::fs::write(staging.join(".sitegen-building"), "").unwrap();
    std::fs::write(staging.join("plans/partial.html"), "<p>half").unwrap();
    let (code, err) = crate::load::build(&root);
    assert_eq!(code, Some(0), "{err}");
    assert!(!staging.exists(), "the killed build's directory is removed");
    assert!(
        !entries(&root).iter().any(|n| n.starts_with(".public")),
        "{:?}",
        entries(&root)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn commands_report_an_unwritable_stdout_without_panicking() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    let root = root.to_str().unwrap();
    for args in [
        &["check", "--root", root][..],
        &["check", "--format", "json", "--root", root],
        &["build", "-q", "--root", root],
        &[
            "bundle",
            "-q",
            "--root",
            root,
            "--out",
            &format!("{root}/p.zip"),
        ],
        &["schema"],
        &["--help"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let (code, err) = with_stdout(args, Stdio::from(full));
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(
            err.contains("error: cannot write")
                && err.contains("No space left on device")
                && err.lines().count() == 1,
            "{args:?}: one line saying why: {err}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn commands_survive_a_closed_pipe() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["check", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // `| head -0`: the reader is gone
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("Broken pipe"), "{err}");

    // Nowhere to say it: stderr unwritable too, still no panic (101).
    let full = std::fs::File::create("/dev/full").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args([
            "build",
            "--root",
            dir.path().join("nowhere").to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::from(full))
        .status()
        .unwrap();
    assert_eq!(o.code(), Some(1));
}
