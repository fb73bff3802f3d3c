//! `cargo bench --bench reload`: time from saving a plan file to the reload
//! event of `sitegen serve`, on a copy of the demo portal. Prints figures.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for d in ["content", "themes"] {
        copy_dir(&repo.join(d), &site.path().join(d));
    }
    std::fs::copy(repo.join("sitegen.toml"), site.path().join("sitegen.toml")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            site.path().to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__sitegen/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(s).lines().map_while(Result::ok) {
            if l.contains("event: reload") && tx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));

    let plan = std::fs::read_dir(site.path().join("content/plans"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("gui-gang"))
        .expect("the 贵港市 plan");
    let original = std::fs::read_to_string(&plan).unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        let edited = original.replacen("增强德育工作实效性", &format!("增强德育工作实效性{i}"), 1);
        let saved = Instant::now();
        std::fs::write(&plan, edited).unwrap();
        let got = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("reload event");
        times.push(got - saved);
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    println!(
        "save -> reload event, demo portal (6 plans, 160 tasks), 20 edits: median {:.0?}, p90 {:.0?}, min {:.0?}, max {:.0?}",
        times[10], times[18], times[0], times[19]
    );
}
