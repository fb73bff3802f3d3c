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
        err.contains("content/plans/bomb.yaml") && err.contains("repetition limit"),
        "{err}"
    );
    assert!(err.contains("alias"), "explains what to do: {err}");
    assert!(
        err.contains("content/plans/bomb.yaml:4:"),
        "points at the first alias (line 4): {err}"
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
