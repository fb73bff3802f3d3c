//! Writing imported plans without ever losing a person's edits.
//!
//! Every imported file starts with a header recording a hash of the YAML the
//! importer wrote. On re-import, a file whose body still has that hash was
//! not edited and may be replaced; a file that was edited (or written by
//! hand, without a header) is only replaced with `--force`. A file imported
//! from another source document is never replaced: the new plan gets the
//! next free file name instead.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use sha2::{Digest, Sha256};

const HASH_KEY: &str = "# import-hash: ";

/// What happened to a plan file on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new file.
    New,
    /// The file already held exactly this.
    Same,
    /// Replaced a file the importer wrote and nobody edited since.
    Updated,
    /// Replaced an edited file because of `--force`.
    Forced,
    /// Not written: the existing file was edited by a person.
    Refused,
}

/// The complete file text for a plan's YAML, with its header.
pub(super) fn with_header(yaml: &str, source: &str) -> String {
    format!(
        "# Imported by `sitegen import` from {source}.\n\
         # Review it, then edit freely: re-importing never overwrites an edited\n\
         # file unless --force is given.\n\
         {HASH_KEY}{}\n{yaml}",
        hash(yaml)
    )
}

fn hash(yaml: &str) -> String {
    let digest = Sha256::digest(yaml.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Splits a file into (recorded hash, body after the header), if it has one.
fn parse_header(text: &str) -> Option<(&str, &str)> {
    let start = text.find(HASH_KEY)?;
    let rest = &text[start + HASH_KEY.len()..];
    let end = rest.find('\n')?;
    Some((rest[..end].trim(), &rest[end + 1..]))
}

/// True when `text` is an imported file nobody has edited since.
pub(super) fn is_pristine(text: &str) -> bool {
    parse_header(text).is_some_and(|(h, body)| h == hash(body))
}

/// The `source:` an existing plan file names, if it parses.
fn source_of(text: &str) -> Option<String> {
    crate::load::parse_plan(text, Path::new("existing"))
        .ok()?
        .source
}

/// Picks the file for a plan from `source`: `<slug>.yaml`, or the next free
/// `<slug>-N.yaml` when that file holds a plan from another source.
pub(super) fn choose_path(
    dir: &Path,
    slug: &str,
    source: &str,
    taken: &mut crate::slug::SlugSet,
) -> PathBuf {
    loop {
        let candidate = taken.claim(slug);
        let path = dir.join(format!("{candidate}.yaml"));
        match std::fs::read_to_string(&path) {
            Ok(text) => match source_of(&text) {
                Some(s) if s != source => continue,
                _ => return path,
            },
            Err(_) => return path,
        }
    }
}

/// The refusal of a plan file of `bytes` bytes imported from `source`
/// that `sitegen build` would refuse to read (`load::MAX_PLAN_BYTES`).
pub(super) fn too_big(source: &Path, bytes: usize) -> Option<Diagnostic> {
    let limit = crate::load::MAX_PLAN_BYTES;
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    (bytes as u64 > limit).then(|| {
        Diagnostic::error(
            source,
            format!(
                "the plan file would be {bytes} bytes ({:.1} MiB), more than the {limit} byte limit ({:.0} MiB) of a plan file that `sitegen build` reads; nothing was written",
                mib(bytes as u64),
                mib(limit)
            ),
        )
        .help("split the source document into smaller plans (a plan per file, or its task table into several tables) and import each part")
    })
}

/// Writes `content` (header included) to `path` unless that would destroy an edit.
pub(crate) fn write_plan(path: &Path, content: &str, force: bool) -> Result<Written, Diagnostic> {
    let status = match std::fs::read_to_string(path) {
        Ok(old) if old == content => return Ok(Written::Same),
        Ok(old) if is_pristine(&old) => Written::Updated,
        Ok(_) if force => Written::Forced,
        Ok(_) => return Ok(Written::Refused),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Written::New,
        Err(_) if force => Written::Forced,
        Err(_) => return Ok(Written::Refused),
    };
    // Write beside the target and rename, so an interrupted import never
    // leaves a truncated plan file.
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| Diagnostic::io(dir, "write in", &e))?;
    std::io::Write::write_all(&mut tmp, content.as_bytes())
        .map_err(|e| Diagnostic::io(path, "write", &e))?;
    // The temporary file is private (0600); a plan file is an ordinary
    // document that a web server or a colleague must be able to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Diagnostic::io(path, "write", &e))?;
    }
    tmp.persist(path)
        .map_err(|e| Diagnostic::io(path, "write", &e.error))?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_file_build_would_refuse_is_refused() {
        let limit = crate::load::MAX_PLAN_BYTES as usize;
        assert!(too_big(Path::new("a.txt"), limit).is_none());
        let d = too_big(Path::new("a.txt"), limit + 1).unwrap().to_string();
        assert!(
            d.starts_with("a.txt: error: the plan file would be 8388609 bytes (8.0 MiB), more than the 8388608 byte limit (8 MiB)"),
            "{d}"
        );
        assert!(d.contains("help: split the source document"), "{d}");
    }

    #[test]
    fn edits_are_detected() {
        let text = with_header("title: A\n", "a.txt");
        assert!(is_pristine(&text));
        assert!(!is_pristine(&text.replace("title: A", "title: B")));
        assert!(
            !is_pristine("title: A\n"),
            "hand-written files have no header"
        );
    }

    #[test]
    fn never_overwrites_edits_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        let v1 = with_header("title: A\nsource: a.txt\n", "a.txt");
        let v2 = with_header("title: A2\nsource: a.txt\n", "a.txt");
        assert_eq!(write_plan(&p, &v1, false).unwrap(), Written::New);
        assert_eq!(write_plan(&p, &v1, false).unwrap(), Written::Same);
        assert_eq!(
            write_plan(&p, &v2, false).unwrap(),
            Written::Updated,
            "unedited: refreshed"
        );
        let edited = std::fs::read_to_string(&p)
            .unwrap()
            .replace("A2", "A2 (reviewed)");
        std::fs::write(&p, &edited).unwrap();
        assert_eq!(write_plan(&p, &v1, false).unwrap(), Written::Refused);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), edited);
        assert_eq!(write_plan(&p, &v1, true).unwrap(), Written::Forced);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), v1);
    }

    #[test]
    fn another_source_gets_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.yaml"), "title: X\nsource: other.txt\n").unwrap();
        let mut taken = crate::slug::SlugSet::default();
        assert_eq!(
            choose_path(dir.path(), "x", "mine.txt", &mut taken),
            dir.path().join("x-2.yaml")
        );
        let mut taken = crate::slug::SlugSet::default();
        assert_eq!(
            choose_path(dir.path(), "x", "other.txt", &mut taken),
            dir.path().join("x.yaml")
        );
    }
}
