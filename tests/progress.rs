//! Progress output: plain stage lines on stderr when it is not a terminal
//! (as here, where output is piped), the summary on stdout, `--quiet`.

mod common;
use common::*;

#[test]
fn piped_build_prints_stage_lines_and_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = sitegen(&["build", "--output", out.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    let ms = r"\((\d+\.\d|\d+) ms\)$";
    let stages = [
        format!(r"^loaded 6 plans {ms}"),
        format!(r"^linked (\d+) tasks {ms}"),
        format!(r"^rendered (\d+) pages {ms}"),
        format!(r"^wrote (\d+) files {ms}"),
    ];
    assert_eq!(lines.len(), stages.len(), "one line per stage:\n{err}");
    let mut counts = Vec::new();
    for (line, re) in lines.iter().zip(&stages) {
        let caps = regex::Regex::new(re)
            .unwrap()
            .captures(line)
            .unwrap_or_else(|| panic!("`{line}` does not match {re}\n{err}"));
        counts.push(caps[1].to_string());
    }
    let summary = text(&o.stdout);
    assert!(
        summary.starts_with(&format!(
            "built {} pages ({} files: 6 plans, {} tasks,",
            counts[2], counts[3], counts[1]
        )),
        "{summary} vs {counts:?}"
    );
    assert_eq!(summary.lines().count(), 1, "{summary}");

    let q = sitegen(
        &["build", "--quiet", "--output", out.to_str().unwrap()],
        &repo(),
    );
    assert!(q.status.success(), "{}", text(&q.stderr));
    assert_eq!(text(&q.stderr), "", "--quiet prints no progress");
    assert!(text(&q.stdout).starts_with("built "));
}
