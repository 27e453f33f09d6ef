//! `init`: writes a new handbook — configuration and a cross-linked starter document of every
//! kind — from files compiled into the binary, into a folder that is empty or new.

use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::model::diagnostics::Diagnostic;
use crate::util::fsutil;

/// The starter handbook, compiled into the binary.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// Why `init` refused or failed.
#[derive(Debug)]
pub enum InitError {
    /// The folder is not empty: a usage error.
    NotEmpty(Diagnostic),
    Io(anyhow::Error),
}

/// Writes the starter handbook into `dir`; returns how many files were written.
pub fn init(dir: &Path) -> Result<usize, InitError> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_none())
            .map_err(|e| InitError::Io(anyhow::anyhow!("could not read {}: {e}", dir.display())))?;
        if !empty {
            return Err(InitError::NotEmpty(
                Diagnostic::error(format!("{} is not empty", dir.display())).help(
                    "run `northstar init` in a new or empty folder, e.g. `northstar init handbook`",
                ),
            ));
        }
    }
    let mut written = 0;
    let mut stack = vec![&STARTER];
    while let Some(folder) = stack.pop() {
        stack.extend(folder.dirs());
        for file in folder.files() {
            let target = dir.join(file.path());
            if let Some(parent) = target.parent() {
                fsutil::create_dir_all(parent).map_err(InitError::Io)?;
            }
            fsutil::write(&target, file.contents()).map_err(InitError::Io)?;
            written += 1;
        }
    }
    Ok(written)
}
