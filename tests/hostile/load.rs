//! Plan files and content/: YAML bombs, sizes, encodings, links.

use crate::common::*;

pub(crate) fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        sitegen(&["init", dir.path().join("s").to_str().unwrap()], &repo())
            .status
            .success()
    );
    dir
}

pub(crate) fn build(root: &std::path::Path) -> (Option<i32>, String) {
    let o = sitegen(&["build", "--root", root.to_str().unwrap()], &repo());
    (o.status.code(), text(&o.stderr))
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let dir = site();
    let root = dir.path().join("s");
    // Nine levels of nine-fold aliases through the recursive `sections`: 9^9 sections if expanded.
    let mut y = String::from("title: bomb\nsections:\n  - &a {title: x}\n");
    let mut prev = 'a';
    for n in "bcdefghij".chars() {
        let refs = vec![format!("*{prev}"); 9].join(",");
        y.push_str(&format!("  - &{n} {{title: x, sections: [{refs}]}}\n"));
        prev = n;
    }
    std::fs::write(root.join("content/plans/bomb.yaml"), y).unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/plans/bomb.yaml") && err.contains("aliases (*name) expand this file"),
        "{err}"
    );
    assert!(
        err.contains("help: a plan needs few aliases"),
        "explains what to do: {err}"
    );
    assert!(
        err.contains("content/plans/bomb.yaml:8:"),
        "points at the alias that passes the bound (line 8): {err}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn huge_plan_file_is_refused_before_parsing() {
    let dir = site();
    let root = dir.path().join("s");
    let f = std::fs::File::create(root.join("content/plans/huge.yaml")).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    let (code, err) = build(&root);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/plans/huge.yaml") && err.contains("byte limit"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn invalid_utf8_names_the_position() {
    let dir = site();
    let root = dir.path().join("s");
    std::fs::write(
        root.join("content/plans/latin1.yaml"),
        b"title: ok\nintro: caf\xe9 au lait\nsections: []\n",
    )
    .unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/plans/latin1.yaml:2:11: error: file is not valid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("sitegen import"),
        "suggests the importer for other encodings: {err}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_pointing_outside_are_not_followed() {
    let dir = site();
    let root = dir.path().join("s");
    let outside = dir.path().join("outside.yaml");
    std::fs::write(&outside, "title: 外部秘密计划\nsections: []\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/plans/link.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.path(), root.join("content/plans/linked-dir")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/departments.yaml")).unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, Some(0), "{err}");
    for shown in [
        "content/plans/link.yaml: warning: symbolic link",
        "content/plans/linked-dir: warning: symbolic link",
        "content/departments.yaml: warning: symbolic link",
    ] {
        assert!(err.contains(shown), "{shown} in:\n{err}");
    }
    assert!(err.contains("help: copy the file into content/"), "{err}");
    let o = sitegen(&["check", "--root", root.to_str().unwrap()], &repo());
    assert!(
        text(&o.stdout).contains("content/plans/link.yaml: warning: symbolic link"),
        "sitegen check reports them too: {}",
        text(&o.stdout)
    );
    for f in html_files(&root.join("public")) {
        assert!(
            !std::fs::read_to_string(&f)
                .unwrap()
                .contains("外部秘密计划"),
            "{}",
            f.display()
        );
    }
}

fn plan(root: &std::path::Path, name: &str, yaml: &[u8]) {
    std::fs::write(root.join("content/plans").join(name), yaml).unwrap();
}

/// The YAML scanner is quadratic in flow nesting: 100 KB of `[` took 15 s
/// (57 s on a loaded machine), 400 KB 298 s, an 8 MiB file would take a
/// day. Refused at the 65th level, in time linear in what was read.
#[test]
fn nested_flow_collections_are_refused_before_parsing() {
    let dir = site();
    let root = dir.path().join("s");
    for (n, open) in [
        (100_000, '['),
        (400_000, '['),
        (400_000, '{'),
        (8_000_000, '['),
    ] {
        let body: String = std::iter::repeat_n(open, n).collect();
        plan(
            &root,
            "deep.yaml",
            format!("title: x\nsections: {body}\n").as_bytes(),
        );
        let run = sitegen_within(
            60,
            2000,
            &["build", "--root", root.to_str().unwrap()],
            &repo(),
        );
        let err = text(&run.output.stderr);
        assert_eq!(run.output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(
                "content/plans/deep.yaml:2:75: error: the YAML nests more than 64 levels deep"
            ),
            "{n} x {open}: {}",
            &err[..err.len().min(600)]
        );
        assert!(
            err.contains("help: a plan's sections nest a few levels"),
            "{err:.600}"
        );
        assert!(!root.join("public").exists());
    }
}

/// Sections nested 40 deep: told about nesting, not about alias bombs.
#[test]
fn deep_sections_get_help_about_nesting() {
    let dir = site();
    let root = dir.path().join("s");
    let mut y = String::from("title: x\nsections:\n");
    let mut indent = String::new();
    for i in 0..63 {
        y.push_str(&format!("{indent}- title: s{i}\n{indent}  sections:\n"));
        indent.push_str("    ");
    }
    y.push_str(&format!("{indent}- title: last\n"));
    plan(&root, "deep.yaml", y.as_bytes());
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/plans/deep.yaml:65:"), "{err}");
    assert!(err.contains("nests more than 64 levels"), "{err}");
    assert!(!err.contains("alias"), "{err}");
}

/// 300 aliases of a 1 MB string built a 309 MB page with 946 MB of memory;
/// 3,000 aborted on allocation failure with no diagnostic.
#[test]
fn aliases_are_bounded_by_the_size_they_expand_to() {
    let dir = site();
    let root = dir.path().join("s");
    let big = "政".repeat(350_000); // ~1 MB
    for refs in [300, 3000] {
        let list = vec!["*big"; refs].join(", ");
        plan(
            &root,
            "aliases.yaml",
            format!("title: x\nintro: &big {big}\nbasis: [{list}]\nsections: []\n").as_bytes(),
        );
        let run = sitegen_within(
            60,
            1000,
            &["build", "--root", root.to_str().unwrap()],
            &repo(),
        );
        let err = text(&run.output.stderr);
        assert_eq!(run.output.status.code(), Some(1), "{err:.600}");
        assert!(
            err.contains("content/plans/aliases.yaml:3:")
                && err.contains("aliases (*name) expand this file to more than"),
            "{err:.600}"
        );
        assert!(!root.join("public").exists());
    }
    // A few aliases of small values, as people write them, still build.
    plan(
        &root,
        "aliases.yaml",
        "title: x\nsections:\n  - title: s\n    tasks:\n      - {number: '1', title: a, lead: &edu [市教育局]}\n      - {number: '2', title: b, lead: *edu}\n".as_bytes(),
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn control_characters_and_second_documents_are_located() {
    let dir = site();
    let root = dir.path().join("s");
    plan(
        &root,
        "ctl.yaml",
        "title: 计划\nintro: 见\u{1}下文\nsections: []\n".as_bytes(),
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/plans/ctl.yaml:2:9: error: character U+0001 is not allowed in YAML"),
        "{err}"
    );
    std::fs::remove_file(root.join("content/plans/ctl.yaml")).unwrap();
    plan(
        &root,
        "two.yaml",
        b"title: a\nsections: []\n---\ntitle: b\n",
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/plans/two.yaml:3:1: error: a second YAML document starts here"),
        "{err}"
    );
}

/// walkdir follows the root of a walk: a linked content/plans or content/
/// was reported as skipped and published all the same.
#[cfg(unix)]
#[test]
fn linked_content_roots_are_refused() {
    for linked in ["content/plans", "content"] {
        let dir = site();
        let root = dir.path().join("s");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::rename(root.join(linked), &elsewhere).unwrap();
        let secret = if linked == "content" {
            elsewhere.join("plans/secret.yaml")
        } else {
            elsewhere.join("secret.yaml")
        };
        std::fs::write(&secret, "title: 外部秘密计划\nsections: []\n").unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join(linked)).unwrap();
        for cmd in ["build", "check"] {
            let o = sitegen(&[cmd, "--root", root.to_str().unwrap()], &repo());
            let all = text(&o.stdout) + &text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{cmd}: {all}");
            assert!(
                all.contains(&format!(
                    "{linked}: error: {linked} is a symbolic link (to "
                )),
                "{cmd}: {all}"
            );
            assert!(all.contains("help: move the directory itself"), "{all}");
        }
        assert!(!root.join("public").exists());
    }
}

/// Values that parsed but were not checked: a `javascript:` base_url
/// reached sitemap.xml, any `lang` reached `<html lang>`, invalid register
/// slugs were ignored and of two entries for one body the last won.
#[test]
fn values_that_reach_pages_are_validated() {
    let dir = site();
    let root = dir.path().join("s");
    let toml = std::fs::read_to_string(root.join("sitegen.toml")).unwrap();
    let hostile = toml
        .lines()
        .map(|l| {
            if l.starts_with("base_url") {
                "base_url = \"javascript:alert(document.domain)\""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("sitegen.toml"), &hostile).unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("sitegen.toml:")
            && err.contains(
                "base_url `javascript:alert(document.domain)` is not an http or https address"
            ),
        "{err}"
    );
    assert!(!root.join("public").exists());
    std::fs::write(root.join("sitegen.toml"), &toml).unwrap();

    plan(
        &root,
        "lang.yaml",
        "title: x\nlang: 'zh\" onload=\"alert(1)'\nsections: []\n".as_bytes(),
    );
    let (code, err) = build(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/plans/lang.yaml:2:1: error: lang `zh\" onload=\"alert(1)` is not a language tag"), "{err}");
    std::fs::remove_file(root.join("content/plans/lang.yaml")).unwrap();

    std::fs::write(
        root.join("content/departments.yaml"),
        "- {jurisdiction: 贵港市, name: 贵港市教育局, slug: ../../etc}\n- {jurisdiction: 贵港市, name: 贵港市教育局, aliases: [市教育局]}\n",
    )
    .unwrap();
    for cmd in ["build", "check"] {
        let o = sitegen(&[cmd, "--root", root.to_str().unwrap()], &repo());
        let all = text(&o.stdout) + &text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{all}");
        assert!(
            all.contains("content/departments.yaml:1:")
                && all.contains("department slug `../../etc` is not allowed"),
            "{cmd}: {all}"
        );
        assert!(
            all.contains("content/departments.yaml:2:")
                && all.contains("is registered twice: first at line 1"),
            "{cmd}: {all}"
        );
    }
}
