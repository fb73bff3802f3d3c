//! `sitegen bundle`: the built portal as one zip file.
//!
//! The site is rendered in memory ([`crate::build::render_in_memory`]) and every
//! page is stored (deflated) under one top folder, `portal/` for
//! `portal.zip`, so unzipping never spills files. Every link in the site is
//! relative and nothing is fetched from elsewhere, so `portal/index.html`
//! works straight from disk wherever the zip is unpacked. The zip is written
//! to a temporary file beside the target and renamed into place: a failed
//! build or write leaves no zip and no previous zip changed. A bundle holds
//! a lock on its temporary file while it writes, so the next bundle can
//! remove those a killed one left without touching a running one's.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::build::{render_in_memory, BuildOptions, BuildReport, Rendered};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::safe_relative;
use crate::progress::{Reporter, Stage};
use crate::render::Page;

/// What to bundle and where.
#[derive(Debug, Clone)]
pub struct BundleOptions {
    /// The site to build (`output` is ignored).
    pub build: BuildOptions,
    /// The zip file to write.
    pub out: PathBuf,
}

/// What a bundle holds; its `Display` is the one-line summary.
#[derive(Debug, Clone)]
pub struct BundleReport {
    /// The zip written.
    pub zip: PathBuf,
    /// The folder inside the zip that holds the site.
    pub folder: String,
    /// Files in it.
    pub files: usize,
    /// Size of the zip file.
    pub bytes: u64,
    /// Size of the site unpacked.
    pub unpacked: u64,
    /// Wall time, build included.
    pub elapsed: Duration,
    /// The build inside it.
    pub build: BuildReport,
}

impl std::fmt::Display for BundleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "bundled {} files ({} pages) into {} under {}/: {} bytes ({:.1} MiB, {:.1} MiB unpacked) in {:.0?}",
            self.files,
            self.build.html_pages,
            self.zip.display(),
            self.folder,
            self.bytes,
            mib(self.bytes),
            mib(self.unpacked),
            self.elapsed
        )
    }
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

/// Builds the site and writes it as a zip. Build problems come back as the
/// build's own diagnostics; nothing is written then.
pub fn bundle(opts: &BundleOptions) -> Result<BundleReport, Diagnostics> {
    let start = Instant::now();
    let fail = |msg: String| {
        Diagnostics(vec![Diagnostic::error(&opts.out, msg).help(
            "no zip was written; a previous one at this path is unchanged",
        )])
    };
    crate::output::refuse_link(&opts.out, "bundle path", "--out").map_err(Diagnostics::from)?;
    if opts.out.is_dir() {
        return Err(fail(
            "refusing to write the bundle: this is a directory".into(),
        ));
    }
    let Rendered { pages, report, .. } = render_in_memory(&opts.build)?;
    let folder = top_folder(&opts.out);
    let lap = Instant::now();
    let progress = &opts.build.progress;
    progress.start(Stage::Zip, Some(pages.len()));
    let bytes = write_zip(&opts.out, &folder, &pages, progress)
        .map_err(|e| fail(format!("cannot write the bundle: {e}")))?;
    progress.finish(Stage::Zip, pages.len(), lap.elapsed());
    Ok(BundleReport {
        zip: opts.out.clone(),
        folder,
        files: pages.len(),
        bytes,
        unpacked: pages.iter().map(|p| p.bytes.len() as u64).sum(),
        elapsed: start.elapsed(),
        build: report,
    })
}

/// The folder inside the zip: the zip's file stem (`portal.zip` ->
/// `portal`), or `portal` when the stem would not make a plain folder name.
pub(crate) fn top_folder(zip: &Path) -> String {
    let stem = zip.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let plain = !stem.is_empty()
        && !stem.starts_with('.')
        && !stem.contains(['/', '\\', ':'])
        && stem.chars().all(|c| !c.is_control());
    if plain {
        stem.to_string()
    } else {
        "portal".to_string()
    }
}

/// Writes `pages` under `folder/` into the zip at `path`, atomically.
/// Returns the size of the zip.
pub(crate) fn write_zip(
    path: &Path,
    folder: &str,
    pages: &[Page],
    progress: &Reporter,
) -> io::Result<u64> {
    let (parent, name) = crate::output::parent_and_name(path, "zip path has no file name")?;
    let prefix = format!(".{name}.new-");
    remove_abandoned(&parent, &prefix);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(&parent)?;
    tmp.as_file().lock()?;
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let time = zip_time();
    let dir_opts = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o755);
    let file_opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    {
        let mut zip = ZipWriter::new(BufWriter::new(tmp.as_file_mut())).set_auto_large_file();
        zip.add_directory(format!("{folder}/"), dir_opts)
            .map_err(io::Error::other)?;
        let mut dirs_done: std::collections::BTreeSet<String> = Default::default();
        for page in sorted {
            let rel = safe_relative(&page.path)?;
            // Directory entries first, so every unzip tool creates them.
            let mut dir = String::new();
            for comp in rel.parent().into_iter().flat_map(|p| p.components()) {
                dir.push_str(&comp.as_os_str().to_string_lossy());
                dir.push('/');
                if dirs_done.insert(dir.clone()) {
                    zip.add_directory(format!("{folder}/{dir}"), dir_opts)
                        .map_err(io::Error::other)?;
                }
            }
            zip.start_file(format!("{folder}/{}", page.path), file_opts)
                .map_err(io::Error::other)?;
            zip.write_all(&page.bytes)?;
            progress.advance(1);
        }
        zip.finish()
            .map_err(io::Error::other)?
            .into_inner()
            .map_err(|e| e.into_error())?;
    }
    // Temporary files are private (0600); a bundle is for sharing. Keep the
    // mode of a zip being replaced, else make it readable by all.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => readable_by_all(tmp.as_file().metadata()?.permissions()),
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.as_file().sync_all()?;
    let size = tmp.as_file().metadata()?.len();
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(size)
}

/// A temporary zip is locked the moment after it is created; one that is
/// unlocked and older than this belongs to a bundle that is gone.
const UNLOCKED_GRACE: Duration = Duration::from_secs(5);

/// Removes the temporary zips (`prefix` + random) that killed bundles left
/// in `parent`: their lock died with their process.
fn remove_abandoned(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix)
            || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > UNLOCKED_GRACE);
        let unlocked = File::open(&path).is_ok_and(|f| f.try_lock().is_ok());
        if old && unlocked {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn readable_by_all(mut p: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    p.set_mode(0o644);
    p
}

#[cfg(not(unix))]
fn readable_by_all(p: std::fs::Permissions) -> std::fs::Permissions {
    p
}

/// The files' time stamp: `SOURCE_DATE_EPOCH` when set (reproducible
/// bundles), else now; UTC.
fn zip_time() -> DateTime {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    DateTime::from_date_and_time(
        y.clamp(1980, 2107) as u16,
        m,
        d,
        (s / 3600) as u8,
        (s % 3600 / 60) as u8,
        (s % 60) as u8,
    )
    .unwrap_or_default()
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
    }

    #[test]
    fn folder_names() {
        assert_eq!(top_folder(Path::new("portal.zip")), "portal");
        assert_eq!(top_folder(Path::new("out/site-2025.zip")), "site-2025");
        assert_eq!(top_folder(Path::new(".zip")), "portal");
        assert_eq!(top_folder(Path::new("..")), "portal");
    }

    #[test]
    fn removes_only_abandoned_temporary_zips() {
        let dir = tempfile::tempdir().unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let file = |name: &str, modified: SystemTime| {
            let path = dir.path().join(name);
            let f = File::create(&path).unwrap();
            f.set_modified(modified).unwrap();
            (path, f)
        };
        let (dead, _) = file(".p.zip.new-dead01", hour_ago);
        let (live, held) = file(".p.zip.new-live01", hour_ago);
        held.lock().unwrap();
        let (fresh, _) = file(".p.zip.new-fresh1", SystemTime::now());
        let (other, _) = file(".q.zip.new-dead01", hour_ago);
        remove_abandoned(dir.path(), ".p.zip.new-");
        assert!(!dead.exists(), "an unlocked old file: its bundle died");
        assert!(live.exists(), "a running bundle's file is kept");
        assert!(
            fresh.exists(),
            "a file just created, not locked yet, is kept"
        );
        assert!(other.exists(), "another zip's files are not touched");
    }

    #[test]
    fn zip_holds_everything_under_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.zip");
        let pages = [
            Page::new("index.html", b"<p>hi</p>".to_vec()),
            Page::new("plans/a/index.html", b"a".to_vec()),
            Page::new("data/x.json", b"{}".to_vec()),
        ];
        write_zip(&path, "p", &pages, &Reporter::none()).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        assert!(names.iter().all(|n| n.starts_with("p/")), "{names:?}");
        assert!(names.contains(&"p/plans/a/".to_string()), "{names:?}");
        let mut s = String::new();
        io::Read::read_to_string(&mut zip.by_name("p/index.html").unwrap(), &mut s).unwrap();
        assert_eq!(s, "<p>hi</p>");
        // A page that would leave the folder fails the write and leaves no file.
        let bad = dir.path().join("bad.zip");
        let err = write_zip(&bad, "p", &[Page::new("../x", vec![])], &Reporter::none());
        assert!(err.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only p.zip, no temp files: {left:?}");
    }
}
