//! Putting a successful rebuild in place over the previous output: only what changed moves.
//!
//! Replacing the whole folder cost two file-system operations per file even when nothing
//! changed (a hard link into the staging folder, deleting the old folder's link after the
//! swap): at 20,000 files, half of a rebuild's system time (0.9 s of 3.1 s processor time
//! at 10,000 documents; 0.47 s without them). Now an unchanged file stays where it is, and
//! the update is, in order:
//!
//! 1. a manifest listing the previous files and the new ones replaces the old manifest, so
//!    that if the update is cut short, the next build still knows every file is Northstar's
//!    (and rewrites whatever its record no longer describes);
//! 2. the previous files the build no longer makes are deleted (only files the manifest
//!    lists: Northstar's own), then the folders that left empty;
//! 3. each new or changed file is renamed from the staging folder into place, which replaces
//!    the old file in one step (a reader sees the old page or the new one, never half);
//! 4. the build's own manifest replaces the transitional one.
//!
//! Nothing of this starts before the build has succeeded: a failed build leaves the previous
//! output as it was.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::manifest::{self, Record};
use super::{Placed, MANIFEST};
use crate::util::fsutil;

/// A build to put over the previous output at `target`.
pub(super) struct Update<'a> {
    /// The staging folder, holding every [`Placed::Staged`] file.
    pub staged: &'a Path,
    pub target: &'a Path,
    /// The previous output's files, from its manifest.
    pub previous: &'a HashMap<String, Option<Record>>,
    /// Every file of the build, in path order.
    pub files: &'a [(String, Placed)],
}

impl<'a> Update<'a> {
    /// Applies the update; `manifest` is the build's manifest.
    pub fn apply(&self, manifest: &str) -> Result<()> {
        let stale = self.stale();
        self.write_manifest(&[manifest, &stale_lines(self.previous, &stale)])?;
        self.remove_stale(&stale)?;
        self.move_staged()?;
        self.write_manifest(&[manifest])
    }

    /// Whether the build makes `path`.
    fn makes(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|(made, _)| made.as_str().cmp(path))
            .is_ok()
    }

    /// The previous files this build does not make.
    fn stale(&self) -> Vec<&'a str> {
        self.previous
            .par_iter()
            .map(|(path, _)| path.as_str())
            .filter(|path| *path != MANIFEST && !self.makes(path))
            .collect()
    }

    /// Replaces the manifest in one step with the text of `parts` (written beside it, then
    /// renamed over it).
    fn write_manifest(&self, parts: &[&str]) -> Result<()> {
        let next = self.staged.join(MANIFEST);
        let written = fs::File::create(&next).and_then(|mut file| {
            parts
                .iter()
                .try_for_each(|part| file.write_all(part.as_bytes()))
        });
        written.with_context(|| format!("could not write {}", next.display()))?;
        fsutil::rename(&next, &self.target.join(MANIFEST))
    }

    /// Deletes the `stale` files, then the folders left empty, the deepest first (a folder
    /// that still holds something stays).
    fn remove_stale(&self, stale: &[&str]) -> Result<()> {
        stale.par_iter().try_for_each(|path| {
            let file = self.target.join(path);
            match fs::remove_file(&file) {
                Err(error) if error.kind() != ErrorKind::NotFound => {
                    Err(error).with_context(|| format!("could not remove {}", file.display()))
                }
                _ => Ok(()),
            }
        })?;
        let mut folders: BTreeSet<(usize, &str)> = BTreeSet::new();
        for path in stale {
            let mut rest = *path;
            while let Some(slash) = rest.rfind('/') {
                rest = &rest[..slash];
                folders.insert((rest.matches('/').count(), rest));
            }
        }
        for (_, folder) in folders.iter().rev() {
            let _ = fs::remove_dir(self.target.join(folder));
        }
        Ok(())
    }

    /// Renames each staged file over its place, making the folders it needs.
    fn move_staged(&self) -> Result<()> {
        let staged: Vec<&String> = self
            .files
            .iter()
            .filter(|(_, placed)| matches!(placed, Placed::Staged(_)))
            .map(|(path, _)| path)
            .collect();
        staged.par_iter().try_for_each(|path| {
            let from = self.staged.join(path);
            let to = self.target.join(path);
            match fs::rename(&from, &to) {
                Err(error) if error.kind() == ErrorKind::NotFound => {
                    if let Some(parent) = to.parent() {
                        fsutil::create_dir_all(parent)?;
                    }
                    fsutil::rename(&from, &to)
                }
                other => other.with_context(|| {
                    format!("could not move {} to {}", from.display(), to.display())
                }),
            }
        })
    }
}

/// The manifest lines of the `stale` previous files, which the transitional manifest adds to
/// the build's: what the output holds while the update runs. A previous file without a
/// record gets one that describes no file, so that it is compared byte for byte.
fn stale_lines(previous: &HashMap<String, Option<Record>>, stale: &[&str]) -> String {
    let unknown = Record {
        hash: 0,
        size: u64::MAX,
        seconds: 0,
        nanoseconds: 0,
        inode: 0,
    };
    let mut text = String::new();
    for path in stale {
        let record = previous.get(*path).copied().flatten().unwrap_or(unknown);
        manifest::push_entry(&mut text, path, &record);
    }
    text
}
