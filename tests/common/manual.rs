//! Helpers of the manual's tests (tests/manual.rs, tests/manual_reference.rs): the repository's
//! files and the binary run from the repository.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::Run;

/// The repository's root.
pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, as text.
pub fn read(relative: &str) -> String {
    fs::read_to_string(repository().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Runs the binary built by cargo with `args`, in `dir`.
pub fn northstar_in(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run northstar")
        .into()
}

/// Runs the binary built by cargo with `args`, from the repository's root.
pub fn northstar(args: &[&str]) -> Run {
    northstar_in(repository(), args)
}
