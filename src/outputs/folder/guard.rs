//! Which folders may receive the site: never the handbook, its source folders (`content/`,
//! `templates/`, `static/`, `themes/`) or a home folder, and an existing folder only if
//! Northstar made it and it holds nothing else.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::escape::escaped;
use super::manifest::{self, Record};
use super::{OutputError, MANIFEST};
use crate::model::diagnostics::Diagnostic;
use crate::util::fsutil;

/// The handbook's folders that hold its sources: an output inside one would be read back as
/// sources by the next build (or, for `content/`, published again inside itself).
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Folders the output must never be, contain, or sit inside of: the handbook folder `root`
/// (absolute, its links resolved), its [`SOURCE_FOLDERS`] and the home folder.
pub struct Protected {
    pub root: PathBuf,
    pub home: Option<PathBuf>,
}

impl Protected {
    pub(super) fn check(&self, target: &Path) -> Result<(), OutputError> {
        let refuse = |why: String| {
            Err(OutputError::Refused(
                Diagnostic::error(format!(
                    "refusing to write the site to {}: {why}",
                    target.display()
                ))
                .help("choose a dedicated output folder, e.g. `--output public` (the default)"),
            ))
        };
        if target.parent().is_none() {
            return refuse("it is the file system root".into());
        }
        if target == self.root {
            return refuse("it is the handbook folder itself".into());
        }
        if self.root.starts_with(target) {
            return refuse("it contains the handbook".into());
        }
        for folder in SOURCE_FOLDERS {
            let named = self.root.join(folder);
            // Where the folder leads when it is a link (the target's links are resolved).
            let resolved = fsutil::absolute(&named).unwrap_or_else(|_| named.clone());
            if target.starts_with(&named) || target.starts_with(&resolved) {
                return refuse(format!(
                    "it is inside {folder}/, which holds the handbook's sources (content/, templates/, static/ and themes/ are read by every build)"
                ));
            }
            if resolved.starts_with(target) {
                return refuse(format!("it contains the handbook's {folder}/"));
            }
        }
        if let Some(home) = &self.home {
            if home.starts_with(target) {
                return refuse("it is, or contains, a home folder".into());
            }
        }
        if target.parent() == Some(Path::new("/home")) {
            return refuse("it is a home folder".into());
        }
        Ok(())
    }
}

/// The files of a previous output, with their manifest records where it has them.
pub(super) type Previous = HashMap<String, Option<Record>>;

/// An existing output folder must be empty or hold only files Northstar wrote; returns
/// those files.
pub(super) fn check_previous(target: &Path) -> Result<Previous, OutputError> {
    if !target.exists() {
        return Ok(Previous::new());
    }
    if !target.is_dir() {
        return Err(OutputError::Refused(
            Diagnostic::error(format!("{} exists and is not a folder", target.display()))
                .help("choose another output folder or move the file away"),
        ));
    }
    let manifest_path = target.join(MANIFEST);
    let listed = match fs::read_to_string(&manifest_path) {
        Ok(text) => manifest::parse(&text),
        Err(_) => {
            let empty = fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty {
                return Ok(Previous::new());
            }
            return Err(OutputError::Refused(
                Diagnostic::error(format!("{} is not empty and was not made by Northstar", target.display()))
                    .help("Northstar only replaces folders it created; choose an empty or new --output folder"),
            ));
        }
    };
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(target).min_depth(1) {
        let entry = entry.map_err(|e| {
            OutputError::Io(anyhow::anyhow!("could not read {}: {e}", target.display()))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(target).unwrap_or(entry.path());
        match output_path(relative) {
            Some(path) if path == MANIFEST || listed.contains_key(&path) => {}
            // Northstar writes only UTF-8 names: one that is not is never its file.
            Some(path) => foreign.push(path),
            None => foreign.push(relative.to_string_lossy().into_owned()),
        }
    }
    if foreign.is_empty() {
        return Ok(listed);
    }
    foreign.sort();
    let shown: Vec<_> = foreign.iter().take(5).map(|p| escaped(p)).collect();
    Err(OutputError::Refused(
        Diagnostic::error(format!(
            "{} holds {} file(s) Northstar did not write: {}{}",
            target.display(),
            foreign.len(),
            shown.join(", "),
            if foreign.len() > 5 { ", …" } else { "" }
        ))
        .help(
            "move those files out (put files to publish in content/ or static/), then build again",
        ),
    ))
}

/// `relative` as the manifest lists it: its parts joined by `/` (on Unix a backslash is a
/// character of a name like any other); `None` when a part is not UTF-8.
fn output_path(relative: &Path) -> Option<String> {
    let mut path = String::with_capacity(relative.as_os_str().len());
    for part in relative.components() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part.as_os_str().to_str()?);
    }
    Some(path)
}
