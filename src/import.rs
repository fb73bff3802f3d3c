//! Raw policy text -> plan files (being written on the importer branch).
use std::path::PathBuf;
pub struct ImportOptions {
    pub out: PathBuf,
    pub report: bool,
    pub force: bool,
}
pub fn run(_files: &[PathBuf], _opts: &ImportOptions) -> anyhow::Result<()> {
    anyhow::bail!("import is not available in this build yet")
}
