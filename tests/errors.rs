//! Broken input: every error is reported as file:line:col, the exit code
//! is 1, and the previous good site survives.

mod common;
use common::*;

const GOOD: &str = "title: 好计划\njurisdiction: 某市\nsections:\n  - number: 一\n    title: 主要任务\n    tasks:\n      - number: \"1\"\n        title: 第一项任务\n        lead: [市教育局]\n";

fn site_with(plans: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = sitegen(&["init", dir.path().to_str().unwrap()], &repo());
    assert!(o.status.success());
    std::fs::remove_file(dir.path().join("content/plans/example.yaml")).unwrap();
    for (name, text) in plans {
        std::fs::write(dir.path().join("content/plans").join(name), text).unwrap();
    }
    dir
}

#[test]
fn every_broken_file_is_reported_and_old_site_survives() {
    let dir = site_with(&[("good.yaml", GOOD)]);
    let root = dir.path().to_str().unwrap();
    let o = sitegen(&["build", "--root", root], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let index = dir.path().join("public/index.html");
    let before = std::fs::read(&index).unwrap();
    assert!(text(&before).contains("好计划"));

    // Three files, each broken in one way.
    let plans = dir.path().join("content/plans");
    std::fs::write(
        plans.join("indent.yaml"),
        "title: 缩进\nsections:\n  - number: 一\n    title: 主要任务\n   tasks: []\n",
    )
    .unwrap();
    std::fs::write(
        plans.join("notitle.yaml"),
        "title: 无标题任务\nsections:\n  - number: 一\n    title: 主要任务\n    tasks:\n      - number: \"1\"\n        body: 没有标题。\n",
    )
    .unwrap();
    std::fs::write(
        plans.join("baddate.yaml"),
        "title: 坏日期\nissued: 2022-13-45\nsections: []\n",
    )
    .unwrap();

    let o = sitegen(&["build", "--root", root], &repo());
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    // file:line:col for each of the three, in one run.
    assert!(err.contains("content/plans/indent.yaml:5:"), "{err}");
    assert!(
        err.contains(
            "content/plans/notitle.yaml:6:9: error: sections[0].tasks[0]: missing field `title`"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/plans/baddate.yaml:2:9: error:"),
        "{err}"
    );
    assert!(err.contains("month 13"), "{err}");
    assert!(err.contains("help:"), "messages say what to do: {err}");
    assert!(err.contains("3 errors"), "{err}");
    // The previous site is untouched, and no staging directory is left behind.
    assert_eq!(std::fs::read(&index).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "leftovers: {names:?}");
}

#[test]
fn unknown_field_and_bad_slug_are_explained() {
    let dir = site_with(&[
        (
            "typo.yaml",
            "title: 拼写\njurisdicton: 某市\nsections: []\n",
        ),
        (
            "slug.yaml",
            "slug: ../../etc/passwd\ntitle: 路径\nsections: []\n",
        ),
    ]);
    let o = sitegen(&["build", "--root", dir.path().to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("typo.yaml:2:1: error: unknown field `jurisdicton`"),
        "{err}"
    );
    assert!(
        err.contains("slug.yaml:1:1: error: slug `../../etc/passwd` is not allowed"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "nothing written");
}

#[test]
fn broken_config_and_missing_theme() {
    let dir = site_with(&[("good.yaml", GOOD)]);
    std::fs::write(
        dir.path().join("sitegen.toml"),
        "title = \"x\"\nthem = \"nope\"\n",
    )
    .unwrap();
    let o = sitegen(&["build", "--root", dir.path().to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("sitegen.toml:2:1: error: unknown field `them`"),
        "{err}"
    );

    std::fs::write(dir.path().join("sitegen.toml"), "theme = \"nope\"\n").unwrap();
    let o = sitegen(&["build", "--root", dir.path().to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("theme `nope` not found"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn refuses_dangerous_output_directories() {
    let dir = site_with(&[("good.yaml", GOOD)]);
    let root = dir.path().to_str().unwrap();
    let unrelated = dir.path().join("notes");
    std::fs::create_dir_all(&unrelated).unwrap();
    std::fs::write(unrelated.join("diary.txt"), "keep me").unwrap();
    for (out, why) in [
        (root.to_string(), "contains the site root"),
        (
            dir.path().join("..").to_string_lossy().into_owned(),
            "contains the site root",
        ),
        (
            dir.path()
                .join("content/out")
                .to_string_lossy()
                .into_owned(),
            "inside the site's content/",
        ),
        (
            unrelated.to_string_lossy().into_owned(),
            "does not look like a site",
        ),
    ] {
        let o = sitegen(&["build", "--root", root, "--output", &out], &repo());
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(text(&o.stderr).contains(why), "{out}: {}", text(&o.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(unrelated.join("diary.txt")).unwrap(),
        "keep me"
    );
    assert!(dir.path().join("content/plans/good.yaml").is_file());
}
