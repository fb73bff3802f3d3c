//! A build killed at any moment leaves the previous site in place, whole,
//! and the next build cleans up after it.

mod common;
use common::*;

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Every file of a site with a digest of its bytes.
type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let digest = Sha256::digest(std::fs::read(e.path()).unwrap()).to_vec();
            (rel, digest)
        })
        .collect()
}

fn staging_dirs(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            [".public.new-", ".public.trash-", ".public.old-"]
                .iter()
                .any(|p| n.starts_with(p))
        })
        .map(|e| e.path())
        .collect()
}

fn start_build(root: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["build", "--quiet", "--root", root.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn build_ok(root: &Path) {
    let o = sitegen(
        &["build", "--quiet", "--root", root.to_str().unwrap()],
        &repo(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
}

/// Files written so far into the staging directory, if there is one.
fn staged_files(root: &Path) -> usize {
    staging_dirs(root)
        .iter()
        .map(|d| {
            walkdir::WalkDir::new(d)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .count()
        })
        .sum()
}

/// The old site (a few pages) and a new, much larger one whose writing
/// takes long enough to be interrupted.
fn two_sites() -> (tempfile::TempDir, Snapshot, Snapshot) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    synthetic::synthetic_site(root, 1, 20);
    build_ok(root);
    let old = snapshot(&root.join("public"));

    let scratch = tempfile::tempdir().unwrap();
    synthetic::synthetic_site(scratch.path(), 3, 300);
    build_ok(scratch.path());
    let new = snapshot(&scratch.path().join("public"));
    let plans = root.join("content/plans");
    std::fs::remove_dir_all(&plans).unwrap();
    std::fs::rename(scratch.path().join("content/plans"), &plans).unwrap();
    assert!(new.len() > 900, "the new site is large: {}", new.len());
    (dir, old, new)
}

#[test]
fn killed_while_writing_leaves_previous_site_and_next_build_cleans_up() {
    let (dir, old, new) = two_sites();
    let root = dir.path();

    let mut child = start_build(root);
    let start = Instant::now();
    // Wait until the build is writing pages, then kill it without warning.
    while staged_files(root) < 200 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be interrupted"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "build never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left = staged_files(root);
    assert!(
        left >= 200 && left < new.len(),
        "killed in the middle of writing ({left} of {} files staged)",
        new.len()
    );
    assert!(
        snapshot(&root.join("public")) == old,
        "the previous public/ is intact, byte for byte"
    );

    build_ok(root);
    assert!(
        snapshot(&root.join("public")) == new,
        "the next build completes"
    );
    assert!(
        staging_dirs(root).is_empty(),
        "the killed build's staging directory was removed: {:?}",
        staging_dirs(root)
    );
}

#[test]
fn killed_at_any_moment_public_is_old_or_new_never_partial() {
    let (dir, old, new) = two_sites();
    let root = dir.path();
    let public = root.join("public");

    // How long one uninterrupted build of the new site takes here.
    let t0 = Instant::now();
    let mut probe = start_build(root);
    probe.wait().unwrap();
    let full = t0.elapsed();
    // Start from the old site again.
    std::fs::remove_dir_all(&public).unwrap();
    let small = tempfile::tempdir().unwrap();
    synthetic::synthetic_site(small.path(), 1, 20);
    build_ok(small.path());
    std::fs::rename(small.path().join("public"), &public).unwrap();
    assert!(snapshot(&public) == old);

    let kills = 6;
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..kills {
        let mut child = start_build(root);
        std::thread::sleep(full * (i + 1) / kills);
        let _ = child.kill();
        child.wait().unwrap();
        assert!(public.is_dir(), "kill {i}: public/ always exists");
        let now = snapshot(&public);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
            // Go back to the old site so later kills test the swap again.
            std::fs::remove_dir_all(&public).unwrap();
            build_ok(small.path());
            std::fs::rename(small.path().join("public"), &public).unwrap();
        } else {
            panic!("kill {i}: public/ is neither the old nor the new site");
        }
    }
    println!("{kills} kills over a {full:?} build: old site {saw_old}, new site {saw_new}");
    assert!(saw_old > 0, "some kills landed before the swap");
    build_ok(root);
    assert!(staging_dirs(root).is_empty(), "{:?}", staging_dirs(root));
}
