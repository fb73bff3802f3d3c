//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A quality gate or browser test: what it is called, its file, and what it
/// needs that cargo does not provide.
pub struct Gate {
    pub name: &'static str,
    pub file: &'static str,
    pub needs: &'static [Need],
}

impl Gate {
    /// True when the gate must not run here; every test of the gate starts
    /// with `if GATE.skip() { return; }`.
    ///
    /// With everything it needs present it runs. When something is missing
    /// (or `SITEGEN_SKIP_BROWSER=1` opts out), plain `cargo test` skips it
    /// and says so in one line on stderr, once per test binary, written
    /// past libtest's output capture so that it shows in a passing run;
    /// under `CI` (set, and not `0` or `false`) or `SITEGEN_REQUIRE_GATES=1`
    /// (set by `.ci/test` once it has installed everything) the gate is
    /// mandatory: a missing need or the opt-out fails the test, naming
    /// what is missing and how to install it.
    #[track_caller]
    pub fn skip(&self) -> bool {
        let missing: Vec<&Need> = self.needs.iter().filter(|n| n.find().is_none()).collect();
        let opt_out = std::env::var("SITEGEN_SKIP_BROWSER").as_deref() == Ok("1");
        let (name, file) = (self.name, self.file);
        if let Some(why) = gates_required() {
            assert!(
                !opt_out,
                "{name} ({file}) is mandatory under {why}: SITEGEN_SKIP_BROWSER=1 cannot skip it"
            );
            assert!(
                missing.is_empty(),
                "{name} ({file}) is mandatory under {why}, but {} {} missing: {}",
                list(&missing),
                if missing.len() == 1 { "is" } else { "are" },
                how_to_install(&missing)
            );
            return false;
        }
        let reason = if opt_out {
            "SITEGEN_SKIP_BROWSER=1".to_string()
        } else if !missing.is_empty() {
            format!(
                "{} missing; run `bash .ci/test` to install them and run it",
                list(&missing)
            )
        } else {
            return false;
        };
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            // libtest captures `eprintln!`, not writes to the stderr handle.
            // Running one test at a time, it has printed `test name ... `
            // on this line already.
            let nl = if one_test_thread() { "\n" } else { "" };
            let _ = writeln!(std::io::stderr(), "{nl}skipped {name} ({file}): {reason}");
        });
        true
    }
}

/// Why the gates may not be skipped: `CI=...` or `SITEGEN_REQUIRE_GATES=1`.
fn gates_required() -> Option<String> {
    if std::env::var("SITEGEN_REQUIRE_GATES").as_deref() == Ok("1") {
        return Some("SITEGEN_REQUIRE_GATES=1".into());
    }
    let ci = std::env::var("CI").unwrap_or_default();
    let off = ci.is_empty() || ci == "0" || ci.eq_ignore_ascii_case("false");
    (!off).then(|| format!("CI={ci}"))
}

/// Whether libtest runs the tests one at a time (`--test-threads=1`,
/// `RUST_TEST_THREADS=1`, or one CPU).
fn one_test_thread() -> bool {
    let mut threads = std::env::var("RUST_TEST_THREADS").ok();
    let mut args = std::env::args();
    while let Some(a) = args.next() {
        if let Some(n) = a.strip_prefix("--test-threads=") {
            threads = Some(n.to_string());
        } else if a == "--test-threads" {
            threads = args.next();
        }
    }
    match threads {
        Some(n) => n.trim() == "1",
        None => std::thread::available_parallelism().map_or(true, |n| n.get() == 1),
    }
}

fn list(needs: &[&Need]) -> String {
    let names: Vec<String> = needs.iter().map(|n| n.describe()).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// One sentence: the apt and npm commands that install `needs`.
fn how_to_install(needs: &[&Need]) -> String {
    let mut apt: Vec<&str> = Vec::new();
    let mut npm = false;
    let mut envs = Vec::new();
    for n in needs {
        match n.install {
            Install::Apt(p) => apt.extend(p.split(' ')),
            Install::Npm => npm = true,
        }
        envs.extend(n.env);
    }
    let mut steps = Vec::new();
    if !apt.is_empty() {
        steps.push(format!("`apt-get install -y {}`", apt.join(" ")));
    }
    if npm {
        steps.push("`npm ci` in the repository root".to_string());
    }
    let mut s = format!(
        "install with `bash .ci/test` (as root it installs them, otherwise it prints the \
         command), or with {}",
        steps.join(" and ")
    );
    if !envs.is_empty() {
        let (vars, paths) = match envs.len() {
            1 => (envs[0].to_string(), "its path"),
            _ => (envs.join(", "), "their paths"),
        };
        s += &format!("; or set {vars} to {paths}");
    }
    s
}

/// How a [`Need`] is installed: a Debian package, or `npm ci`.
#[derive(Clone, Copy)]
pub enum Install {
    Apt(&'static str),
    Npm,
}

/// Something a gate needs: a program (overridable by an environment
/// variable), a CJK font, or an npm package of `package-lock.json`.
pub struct Need {
    pub name: &'static str,
    pub env: Option<&'static str>,
    pub install: Install,
    find: fn() -> Option<PathBuf>,
}

impl Need {
    /// Where it is, or None when it is missing.
    pub fn find(&self) -> Option<PathBuf> {
        (self.find)()
    }

    /// Where it is, or a panic saying how to install it.
    pub fn path(&self) -> PathBuf {
        self.find()
            .unwrap_or_else(|| panic!("{} not found: {}", self.describe(), how_to_install(&[self])))
    }

    /// The name, and the override when it is set (to something not found).
    fn describe(&self) -> String {
        match self.env.and_then(|e| Some((e, std::env::var(e).ok()?))) {
            Some((e, v)) => format!("{} ({e}={v})", self.name),
            None => self.name.to_string(),
        }
    }
}

pub const CHROMIUM: Need = Need {
    name: "chromium",
    env: Some("CHROME"),
    install: Install::Apt("chromium"),
    find: || {
        find_binary(
            "CHROME",
            &["/usr/bin/chromium", "chromium", "chromium-browser"],
        )
    },
};

pub const CHROMEDRIVER: Need = Need {
    name: "chromedriver",
    env: Some("CHROMEDRIVER"),
    install: Install::Apt("chromium-driver"),
    find: || find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver", "chromedriver"]),
};

pub const JAVA: Need = Need {
    name: "java",
    env: Some("JAVA"),
    install: Install::Apt("default-jre-headless"),
    find: || find_binary("JAVA", &["java"]),
};

pub const PDFTOTEXT: Need = Need {
    name: "pdftotext",
    env: Some("PDFTOTEXT"),
    install: Install::Apt("poppler-utils"),
    find: || find_binary("PDFTOTEXT", &["/usr/bin/pdftotext", "pdftotext"]),
};

/// A font for Chinese text, as fontconfig lists it (the first one's file).
pub const CJK_FONT: Need = Need {
    name: "a CJK font (fc-list :lang=zh)",
    env: None,
    install: Install::Apt("fontconfig fonts-noto-cjk"),
    find: || {
        let o = Command::new("fc-list")
            .args([":lang=zh", "file"])
            .output()
            .ok()?;
        let list = String::from_utf8_lossy(&o.stdout).into_owned();
        list.lines()
            .map(|l| l.trim().trim_end_matches(':'))
            .find(|l| !l.is_empty())
            .map(PathBuf::from)
    },
};

/// `node_modules/axe-core` (its `axe.min.js`).
pub const AXE_CORE: Need = Need {
    name: "node_modules/axe-core",
    env: None,
    install: Install::Npm,
    find: || npm_file("axe-core/axe.min.js"),
};

/// `node_modules/vnu-jar` (its `vnu.jar`).
pub const VNU_JAR: Need = Need {
    name: "node_modules/vnu-jar",
    env: None,
    install: Install::Npm,
    find: || npm_file("vnu-jar/build/dist/vnu.jar"),
};

fn npm_file(rel: &str) -> Option<PathBuf> {
    let p = repo().join("node_modules").join(rel);
    p.is_file().then_some(p)
}

/// The program the variable `env` names (a path, or a name looked up on
/// `PATH`) when it is set, else the first of `candidates` found (absolute
/// paths as they are, names on `PATH`). None when nothing is found, also
/// when `env` names a program that is not there.
pub fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    let lookup = |name: &OsStr| -> Option<PathBuf> {
        let p = Path::new(name);
        if p.components().count() > 1 {
            return p.is_file().then(|| p.to_path_buf());
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|dir| dir.join(p))
            .find(|p| p.is_file())
    };
    match std::env::var_os(env) {
        Some(p) if !p.is_empty() => lookup(&p),
        _ => candidates.iter().find_map(|c| lookup(OsStr::new(c))),
    }
}

pub fn sitegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("sitegen runs")
}

/// What a bounded run of sitegen ([`sitegen_within`]) took.
pub struct Bounded {
    pub output: Output,
    pub elapsed: std::time::Duration,
    /// Peak resident memory in MiB (VmHWM, sampled while it runs; 0 where
    /// /proc is not there).
    pub peak_mib: u64,
}

/// Runs sitegen with a time and memory bound enforced by the harness: a
/// child that is still running after `secs` seconds, or whose resident
/// memory passes `mib`, is killed and the test fails. The bounds are
/// generous (a hang or an explosion, not a slow path); what the run
/// actually took is printed, so `cargo test -- --nocapture` documents each
/// attack's cost.
#[track_caller]
pub fn sitegen_within(secs: u64, mib: u64, args: &[&str], cwd: &Path) -> Bounded {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sitegen runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Some(s) = child.try_wait().expect("waits for sitegen") {
            break s;
        }
        if let Ok(st) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = st
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        let over_time = start.elapsed() > Duration::from_secs(secs);
        let over_memory = peak_kib / 1024 > mib;
        if over_time || over_memory {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
            panic!(
                "sitegen {args:?} killed by the test harness: {} (ran {:.1} s, peak {} MiB; bounds {secs} s, {mib} MiB)\nstderr so far:\n{}",
                if over_time { "time bound passed" } else { "memory bound passed" },
                start.elapsed().as_secs_f64(),
                peak_kib / 1024,
                stderr.chars().take(4000).collect::<String>()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let output = Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    };
    eprintln!(
        "sitegen {}: {:.2} s, peak {} MiB (bounds {secs} s, {mib} MiB)",
        args.first().copied().unwrap_or(""),
        elapsed.as_secs_f64(),
        peak_kib / 1024
    );
    Bounded {
        output,
        elapsed,
        peak_mib: peak_kib / 1024,
    }
}

pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Builds the repository's own portal into a fresh temporary directory.
pub fn build_repo_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = sitegen(&["build", "--output", out.to_str().unwrap()], &repo());
    assert!(o.status.success(), "build failed:\n{}", text(&o.stderr));
    (tmp, out)
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A JSON file of the built site, e.g. `data/tasks.json`.
pub fn read_json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Every `href`/`src` of every page under `out` must resolve to a file
/// inside it, and every `#fragment` to an `id` in its target page: the
/// link check of `sitegen check`, run on files on disk. Returns the number
/// of links checked; panics listing every broken one.
pub fn check_links(out: &Path) -> usize {
    let pages: Vec<sitegen::Page> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            sitegen::Page::new(rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    let report = sitegen::check_links(&pages);
    assert!(
        report.broken.is_empty(),
        "{} broken links:\n{}",
        report.broken.len(),
        report.broken.join("\n")
    );
    report.checked
}

pub fn gold(name: &str) -> serde_json::Value {
    let p = repo().join("tests/fixtures/gold").join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// One page of every kind of a built portal, for the quality gates
/// (`tests/a11y.rs`, `tests/html_valid.rs`): `(kind, root-relative path)`.
/// The plan is the first plan, the task the first task with targets, the
/// department and the year the first ones in name order.
pub fn page_kinds(out: &Path) -> Vec<(&'static str, String)> {
    let plans = read_json(out, "data/plans.json");
    let tasks = read_json(out, "data/tasks.json");
    let tasks = tasks.as_array().unwrap();
    let plan = plans[0]["url"].as_str().unwrap().to_string();
    let task = tasks
        .iter()
        .find(|t| t["targets"].as_array().is_some_and(|a| !a.is_empty()))
        .unwrap_or(&tasks[0])["url"]
        .as_str()
        .unwrap()
        .to_string();
    let first_in = |dir: &str| -> String {
        let mut names: Vec<String> = std::fs::read_dir(out.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html") && n != "index.html")
            .collect();
        names.sort();
        format!(
            "{dir}/{}",
            names.first().unwrap_or_else(|| panic!("no page in {dir}/"))
        )
    };
    vec![
        ("home", "index.html".to_string()),
        ("plan", plan),
        ("task", task),
        ("departments index", "departments/index.html".to_string()),
        ("department", first_in("departments")),
        ("timeline", "timeline/index.html".to_string()),
        ("year", first_in("timeline")),
        ("search", "search.html".to_string()),
        ("404", "404.html".to_string()),
    ]
}

/// Copies `tests/fixtures/sites/<name>` and the repository's themes into a
/// fresh temporary directory: `(tmp, site root)`.
pub fn fixture_site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(name);
    copy_tree(&repo().join("tests/fixtures/sites").join(name), &root);
    copy_tree(&repo().join("themes"), &root.join("themes"));
    (tmp, root)
}

pub fn copy_tree(from: &Path, to: &Path) {
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
