//! Writing rendered pages atomically: everything goes into a fresh sibling
//! directory first, which then takes the output directory's place. A failed,
//! interrupted or killed build leaves the previous site intact; whatever a
//! killed build left behind is removed by the next one.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::Page;

/// Held (locked) inside a staging directory while its build is alive, so a
/// later build can tell a dead build's leftovers from a running one's.
const LIVE_MARK: &str = ".sitegen-building";

/// A staging directory without its mark is either a second old (its build
/// died between creating it and marking it) or being finished right now.
const UNMARKED_GRACE: Duration = Duration::from_secs(60);

/// Refuses to write `path` (the output directory, the bundle's zip) when it
/// is a symbolic link: the atomic swap renames onto the path, which would
/// replace the link itself and leave its target with the old content.
/// `what` names the path's role, `how` the option that sets it.
pub(crate) fn refuse_link(path: &Path, what: &str, how: &str) -> Result<(), Diagnostic> {
    let Ok(target) = std::fs::read_link(without_trailing_slash(path)) else {
        return Ok(());
    };
    let real = std::fs::canonicalize(path)
        .map(|p| format!(" ({})", p.display()))
        .unwrap_or_default();
    Err(Diagnostic::error(
        path,
        format!(
            "the {what} is a symbolic link to {}{real}; sitegen replaces it atomically and will not follow links",
            target.display()
        ),
    )
    .help(format!(
        "point {how} at the real path instead of the link; nothing was written"
    )))
}

/// `public/` names the link's target, `public` the link itself.
fn without_trailing_slash(path: &Path) -> PathBuf {
    path.components().collect()
}

/// Writes `pages` as the new content of `out`.
pub(crate) fn write_site(out: &Path, pages: &[Page]) -> io::Result<()> {
    // `build` refuses a link with a diagnostic first; this catches one
    // made during the build, before anything is staged.
    if without_trailing_slash(out).is_symlink() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it became a symbolic link during the build; sitegen will not follow it",
        ));
    }
    let (parent, name) = parent_and_name(out, "output path has no name")?;
    let prefix = format!(".{name}.new-");
    remove_dead_staging(&parent, &prefix);
    remove_trash(&parent, &format!(".{name}.trash-"));
    let staging = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)?;
    let mark_path = staging.path().join(LIVE_MARK);
    let mark = File::create(&mark_path)?;
    mark.lock()?;
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
    // The mark must not be published; from here until the swap the
    // directory is protected from other builds by UNMARKED_GRACE.
    std::fs::remove_file(&mark_path)?;
    drop(mark);
    let staged = staging.keep();
    let parked = old_prefix(&name);
    swap_into_place(&staged, out, &parked).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staged);
    })?;
    // A build killed between the fallback's two renames left the previous
    // site parked; only now, with a new site in place, is it not needed.
    remove_dead_staging(&parent, &parked);
    Ok(())
}

/// Where the two-rename swap parks the previous site, beside `out`.
fn old_prefix(name: &str) -> String {
    format!(".{name}.old-")
}

/// The (created) directory that holds `path`, where its staging copy goes,
/// and `path`'s file name; `unnamed` is the error when it has none.
pub(crate) fn parent_and_name(path: &Path, unnamed: &str) -> io::Result<(PathBuf, String)> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, unnamed.to_string()))?
        .to_string_lossy()
        .into_owned();
    Ok((parent, name))
}

/// Removes staging (or parked previous-site) directories of builds that
/// were killed: their mark is no longer locked (the lock dies with its
/// process), or they were never marked and are old.
fn remove_dead_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let dir = entry.path();
        let dead = match File::open(dir.join(LIVE_MARK)) {
            Ok(mark) => mark.try_lock().is_ok(),
            Err(_) => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > UNMARKED_GRACE),
        };
        if dead && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Puts `staged` where `out` is. On Linux the two directories are exchanged
/// in one atomic rename, so there is no moment without a site at `out`, even
/// if the process is killed; the previous site then sits in `staged` and is
/// deleted. Elsewhere two renames are used, with a very short window; the
/// previous site is parked meanwhile in a directory marked like a staging
/// one, so a kill between them leaves a leftover the next build removes.
fn swap_into_place(staged: &Path, out: &Path, old_prefix: &str) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staged, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staged, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `staged` now holds the previous site. Deleting it takes as
                // long as writing it did; renamed to a trash name first, a
                // kill meanwhile leaves a directory the next build removes
                // at once instead of after UNMARKED_GRACE.
                let trash = trash_path(staged);
                let doomed = match std::fs::rename(staged, &trash) {
                    Ok(()) => trash,
                    Err(_) => staged.to_path_buf(),
                };
                let _ = std::fs::remove_dir_all(doomed);
                return Ok(());
            }
            // Filesystems without RENAME_EXCHANGE fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let parent = staged.parent().unwrap_or(Path::new("."));
    let old = tempfile::Builder::new()
        .prefix(old_prefix)
        .tempdir_in(parent)?;
    let mark = File::create(old.path().join(LIVE_MARK))?;
    mark.lock()?;
    let old_path = old.path().join("site");
    std::fs::rename(out, &old_path)?;
    if let Err(e) = std::fs::rename(staged, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old_path, out);
        return Err(e);
    }
    drop(mark);
    drop(old); // removes the previous site
    Ok(())
}

/// `.public.new-abc` → `.public.trash-abc`: only ever a previous site
/// being deleted, so any such directory is dead.
fn trash_path(staged: &Path) -> PathBuf {
    let name = staged
        .file_name()
        .map(|n| n.to_string_lossy().replacen(".new-", ".trash-", 1))
        .unwrap_or_default();
    staged.with_file_name(name)
}

fn remove_trash(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Refuses any page path that could leave the output directory.
pub(crate) fn safe_relative(path: &str) -> io::Result<PathBuf> {
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

    #[test]
    fn removes_only_dead_staging_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let stage = |name: &str| {
            let d = dir.path().join(name);
            std::fs::create_dir(&d).unwrap();
            std::fs::write(d.join("index.html"), "x").unwrap();
            d
        };
        let dead = stage(".public.new-dead");
        File::create(dead.join(LIVE_MARK)).unwrap();
        let live = stage(".public.new-live");
        let held = File::create(live.join(LIVE_MARK)).unwrap();
        held.lock().unwrap();
        let fresh_unmarked = stage(".public.new-fresh");
        let other_site = stage(".other.new-dead");
        File::create(other_site.join(LIVE_MARK)).unwrap();

        remove_dead_staging(dir.path(), ".public.new-");
        assert!(!dead.exists(), "an unlocked mark means its build died");
        assert!(live.exists(), "a running build's directory is kept");
        assert!(fresh_unmarked.exists(), "a new unmarked directory is kept");
        assert!(
            other_site.exists(),
            "another output's directories are not touched"
        );
    }

    #[test]
    fn a_parked_previous_site_goes_once_a_new_one_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A build killed between the fallback's two renames: no public/,
        // the previous site parked beside it, the mark unlocked.
        let parked = dir.path().join(".public.old-dead");
        std::fs::create_dir_all(parked.join("site")).unwrap();
        File::create(parked.join(LIVE_MARK)).unwrap();
        std::fs::write(parked.join("site/index.html"), "previous").unwrap();
        let live = dir.path().join(".public.old-live");
        std::fs::create_dir_all(live.join("site")).unwrap();
        let held = File::create(live.join(LIVE_MARK)).unwrap();
        held.lock().unwrap();
        write_site(&out, &[Page::new("index.html", b"new".to_vec())]).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
        assert!(!parked.exists(), "the dead build's parked site is removed");
        assert!(live.exists(), "a running build's parked site is kept");
    }
}
