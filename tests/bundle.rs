//! `sitegen bundle`: the portal as one zip that works unpacked anywhere.

mod common;
use common::*;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// `a/b/../c` -> `a/c`, lexically, for paths inside the zip.
fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn bundle_of_the_demo_unzips_to_a_site_with_working_links() {
    let work = tempfile::tempdir().unwrap();
    // No --out: portal.zip in the current directory.
    let o = sitegen(&["bundle", "--root", repo().to_str().unwrap()], work.path());
    assert!(o.status.success(), "bundle failed:\n{}", text(&o.stderr));
    let summary = text(&o.stdout);
    assert!(
        summary.starts_with("bundled ")
            && summary.contains("portal.zip")
            && summary.contains(" bytes"),
        "{summary}"
    );
    let zip_path = work.path().join("portal.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: BTreeSet<String> = zip.file_names().map(str::to_string).collect();
    assert!(
        names.iter().all(|n| n.starts_with("portal/")),
        "everything under one folder: {names:?}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(work.path()).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 1, "only portal.zip: {leftovers:?}");

    let unpacked = tempfile::tempdir().unwrap();
    zip.extract(unpacked.path()).unwrap();
    let site = unpacked.path().join("portal");
    assert!(site.join("index.html").is_file());
    for data in [
        "data/plans.json",
        "data/tasks.json",
        "data/targets.json",
        "data/plans.csv",
        "data/tasks.csv",
        "data/targets.csv",
        "sitemap.xml",
        "search.html",
        "search.js",
        "search-index.js",
    ] {
        assert!(site.join(data).is_file(), "{data} is in the bundle");
    }
    let index = std::fs::read_to_string(site.join("search-index.js")).unwrap();
    assert!(
        index.contains("\nwindow.SITEGEN_SEARCH = "),
        "the index loads from file:// as a script"
    );
    assert!(
        index.contains("学前教育毛入园率达92.4%"),
        "the index holds the plan text"
    );
    assert!(check_links(&site) > 500);

    // Every stylesheet and script a page loads is in the zip itself.
    let sel = scraper::Selector::parse("script[src], link[href], img[src]").unwrap();
    let mut assets = 0;
    for f in html_files(&site) {
        let rel = f.strip_prefix(&site).unwrap().to_path_buf();
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(&f).unwrap());
        for el in doc.select(&sel) {
            let url = el.value().attr("src").or(el.value().attr("href")).unwrap();
            assert!(
                !url.contains("://") && !url.starts_with("//"),
                "{}: external request {url}",
                rel.display()
            );
            let path = url.split(['#', '?']).next().unwrap();
            let target: PathBuf = rel.parent().unwrap().join(path);
            let name = format!("portal/{}", normalize(&target));
            assert!(
                names.contains(&name),
                "{}: {url} not in the zip",
                rel.display()
            );
            assets += 1;
        }
    }
    assert!(assets > 50, "pages load their stylesheet: {assets}");
}

#[test]
fn broken_content_exits_1_and_writes_no_zip() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let o = sitegen(&["init", root.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::write(
        root.join("content/plans/bad.yaml"),
        "title: 坏日期\nissued: 2022-13-45\nsections: []\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let zip = out.join("portal.zip");
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
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("content/plans/bad.yaml:2:9: error:"), "{err}");
    assert!(
        std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );

    // A previous bundle at that path is left as it was.
    std::fs::write(&zip, b"previous").unwrap();
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
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&zip).unwrap(), b"previous");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "no temp files left"
    );

    // Fixed content bundles, replacing the previous zip.
    std::fs::remove_file(root.join("content/plans/bad.yaml")).unwrap();
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
    assert!(text(&o.stderr).is_empty(), "--quiet: {}", text(&o.stderr));
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert!(z.by_name("portal/plans/example/index.html").is_ok());
}
