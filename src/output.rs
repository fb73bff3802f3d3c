//! Writing rendered pages atomically: everything goes into a fresh sibling
//! directory first, which then replaces the output directory with two
//! renames. A failed or interrupted build leaves the previous site intact.

use std::io;

use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

use crate::render::Page;

/// Writes `pages` as the new content of `out`.
pub fn write_site(out: &Path, pages: &[Page]) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output path has no name"))?
        .to_string_lossy()
        .into_owned();
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    let paths: Vec<PathBuf> = pages
        .iter()
        .map(|p| safe_relative(&p.path).map(|rel| staging.path().join(rel)))
        .collect::<io::Result<_>>()?;
    let mut dirs: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(dir)?;
    }
    paths
        .par_iter()
        .zip(pages.par_iter())
        .try_for_each(|(dest, page)| std::fs::write(dest, &page.bytes))?;
    let staged = staging.keep();
    swap_into_place(&staged, out).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staged);
    })
}

fn swap_into_place(staged: &Path, out: &Path) -> io::Result<()> {
    if out.exists() {
        let parent = staged.parent().unwrap_or(Path::new("."));
        let old = tempfile::Builder::new()
            .prefix(".sitegen-old-")
            .tempdir_in(parent)?;
        let old_path = old.path().join("site");
        std::fs::rename(out, &old_path)?;
        if let Err(e) = std::fs::rename(staged, out) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old_path, out);
            return Err(e);
        }
        drop(old); // removes the previous site
    } else {
        std::fs::rename(staged, out)?;
    }
    Ok(())
}

/// Refuses any page path that could leave the output directory.
pub fn safe_relative(path: &str) -> io::Result<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{path}`: it would leave the output directory"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_escaping_paths() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("plans/a/index.html").is_ok());
    }

    #[test]
    fn replaces_and_keeps_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Page::new("index.html", b"one".to_vec())]).unwrap();
        write_site(&out, &[Page::new("a/b.html", b"two".to_vec())]).unwrap();
        assert!(!out.join("index.html").exists(), "old files are gone");
        assert_eq!(std::fs::read(out.join("a/b.html")).unwrap(), b"two");
        let err = write_site(
            &out,
            &[Page::new("ok.html", vec![]), Page::new("../evil", vec![])],
        );
        assert!(err.is_err());
        assert_eq!(
            std::fs::read(out.join("a/b.html")).unwrap(),
            b"two",
            "previous site intact"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging directories left: {leftovers:?}"
        );
    }
}
