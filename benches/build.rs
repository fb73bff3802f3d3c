//! `cargo bench --bench build`: times full builds of the demo content and of
//! a synthetic 10,000-task portal. Prints figures; asserts nothing about time.

use std::path::Path;
use std::time::{Duration, Instant};

use sitegen::{build, BuildOptions};

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::synthetic_site;

fn time_builds(label: &str, root: &Path, runs: usize) {
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let report = build(&opts).unwrap_or_else(|e| panic!("{e}"));
        times.push(start.elapsed());
        last = Some(report);
    }
    times.sort();
    let r = last.unwrap();
    let bytes: u64 = walkdir::WalkDir::new(out.path())
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "{label}: {} tasks, {} html pages, {} files, {:.1} MiB output; build median {:.0?} (min {:.0?}, max {:.0?}) over {runs} runs",
        r.tasks,
        r.html_pages,
        r.files,
        bytes as f64 / 1048576.0,
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(n, d)| format!("{n} {d:.0?}"))
        .collect();
    let index = out.path().join("public").join("search-index.js");
    let index_bytes = std::fs::metadata(&index).map_or(0, |m| m.len());
    let gzipped = gzip_size(&index);
    println!(
        "  search index: {:.1} KiB ({}; {:.0} bytes per task)",
        index_bytes as f64 / 1024.0,
        gzipped.map_or_else(
            || "gzip not available".to_string(),
            |g| format!("{:.1} KiB gzipped", g as f64 / 1024.0)
        ),
        index_bytes as f64 / r.tasks.max(1) as f64
    );
    println!(
        "  stages of the last run: {}; peak RSS of the bench process so far: {}",
        stages.join(", "),
        peak_rss()
    );
}

/// Size of `path` compressed by `gzip -9` (what a static host would send),
/// if a `gzip` program is on the PATH.
fn gzip_size(path: &Path) -> Option<u64> {
    let o = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .ok()?;
    o.status.success().then_some(o.stdout.len() as u64)
}

/// VmHWM from /proc: the process's peak resident memory.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    // `cargo bench` passes --bench; a filter argument selects nothing here.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    time_builds("demo content", repo, 7);
    let dir = tempfile::tempdir().unwrap();
    synthetic_site(dir.path(), 20, 500);
    time_builds("synthetic 20 plans x 500 tasks", dir.path(), 3);
}
