//! The output folder: refuses dangerous targets, stages every file in a temporary folder
//! beside it, and swaps it into place only when the whole build succeeded.
//!
//! Northstar never deletes a file it did not create: the output folder carries a manifest
//! of the files Northstar wrote, and a folder with other files in it is refused.
//!
//! A file whose bytes are the same as in the previous output is hard-linked from it rather
//! than written again: a rebuild then creates (and later deletes) only the files that
//! changed, which spares the file system most of its work. The previous output is never
//! modified, so a failed build still leaves it whole.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::diagnostics::Diagnostic;
use crate::fsutil;

/// The manifest file inside an output folder Northstar made.
pub const MANIFEST: &str = ".northstar-output";

/// Where built files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    /// Copies the file at `from` to `path`.
    fn copy(&self, path: &str, from: &Path) -> Result<()>;
}

/// A sink that keeps nothing: `check` renders everything without writing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> Result<()> {
        fs::metadata(from)
            .map(|_| ())
            .with_context(|| format!("could not read {}", from.display()))
    }
}

/// A temporary folder beside the output; [`Staged::commit`] swaps it in, dropping it removes it.
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    /// The files of the previous output (from its manifest), which unchanged files reuse.
    previous: HashSet<String>,
    written: Mutex<Vec<String>>,
    /// Folders already created in the staging folder, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staged {
    /// Checks `target` is safe to (re)place and creates the staging folder beside it.
    pub fn create(target: &Path, protected: &Protected) -> Result<Staged, OutputError> {
        protected.check(target)?;
        let previous = check_previous(target)?;
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        fsutil::create_dir_all(parent).map_err(OutputError::Io)?;
        let temp = parent.join(format!(".{name}.northstar-tmp-{}", std::process::id()));
        if temp.exists() {
            fsutil::remove_dir_all(&temp).map_err(OutputError::Io)?;
        }
        fsutil::create_dir_all(&temp).map_err(OutputError::Io)?;
        Ok(Staged {
            target: target.to_path_buf(),
            temp,
            previous,
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    fn prepare(&self, path: &str) -> Result<PathBuf> {
        let full = self.temp.join(path);
        if let Some(parent) = full.parent() {
            let known = self.folders.lock().expect("folder lock").contains(parent);
            if !known {
                fsutil::create_dir_all(parent)?;
                self.folders
                    .lock()
                    .expect("folder lock")
                    .insert(parent.to_path_buf());
            }
        }
        self.written
            .lock()
            .expect("manifest lock")
            .push(path.to_string());
        Ok(full)
    }

    /// Writes the manifest and replaces the previous output with the staged one.
    pub fn commit(mut self) -> Result<()> {
        let mut written = std::mem::take(&mut *self.written.lock().expect("manifest lock"));
        written.sort();
        written.dedup();
        let manifest = format!(
            "# Files written by Northstar; it only ever deletes these.\n{}\n",
            written.join("\n")
        );
        fsutil::write(&self.temp.join(MANIFEST), manifest.as_bytes())?;
        if self.target.exists() {
            let old = self.temp.with_file_name(format!(
                "{}-old",
                self.temp
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            fsutil::rename(&self.target, &old)?;
            if let Err(error) = fsutil::rename(&self.temp, &self.target) {
                let _ = fs::rename(&old, &self.target);
                return Err(error);
            }
            fsutil::remove_tree_in_parallel(&old)?;
        } else {
            fsutil::rename(&self.temp, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Staged {
    /// Hard-links the previous output's `path` to `full` if it holds exactly `bytes`.
    fn reuse(&self, path: &str, full: &Path, bytes: &[u8]) -> bool {
        if !self.previous.contains(path) {
            return false;
        }
        let old = self.target.join(path);
        holds_exactly(&old, bytes) && fs::hard_link(&old, full).is_ok()
    }
}

/// Whether `path` is a plain file (never a symlink, never a pipe waited on) that holds
/// exactly `bytes`, read a piece at a time into a buffer on the stack: a large unchanged file
/// costs no fresh memory to compare, and a page costs no allocation.
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = open_plain(path) else {
        return false;
    };
    let same_size = file
        .metadata()
        .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
    if !same_size {
        return false;
    }
    let mut piece = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut piece) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && piece[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Opens `path` for reading without following a symlink at its end and without waiting on
/// a named pipe (the file's type is checked after opening, from the open file).
#[cfg(unix)]
fn open_plain(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Opens `path` for reading if it is not a symlink.
#[cfg(not(unix))]
fn open_plain(path: &Path) -> std::io::Result<fs::File> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symlink"));
    }
    fs::File::open(path)
}

impl Sink for Staged {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let full = self.prepare(path)?;
        if self.reuse(path, &full, bytes) {
            return Ok(());
        }
        if self.previous.contains(path) {
            // Written twice: never write through a link into the previous output.
            let _ = fs::remove_file(&full);
        }
        fsutil::write(&full, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        let full = self.prepare(path)?;
        if self.previous.contains(path) {
            let bytes =
                fs::read(from).with_context(|| format!("could not read {}", from.display()))?;
            if self.reuse(path, &full, &bytes) {
                return Ok(());
            }
            let _ = fs::remove_file(&full);
            return fsutil::write(&full, &bytes);
        }
        fsutil::copy(from, &full)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

/// Why the output cannot be written.
#[derive(Debug)]
pub enum OutputError {
    /// The target is unsafe: a usage error.
    Refused(Diagnostic),
    Io(anyhow::Error),
}

impl From<anyhow::Error> for OutputError {
    fn from(error: anyhow::Error) -> Self {
        OutputError::Io(error)
    }
}

/// Folders the output must never be, contain, or sit inside of.
pub struct Protected {
    pub root: PathBuf,
    pub content: PathBuf,
    pub home: Option<PathBuf>,
}

impl Protected {
    fn check(&self, target: &Path) -> Result<(), OutputError> {
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
        if target.starts_with(&self.content) {
            return refuse("it is inside content/".into());
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

/// An existing output folder must be empty or hold only files Northstar wrote; returns
/// those files.
fn check_previous(target: &Path) -> Result<HashSet<String>, OutputError> {
    if !target.exists() {
        return Ok(HashSet::new());
    }
    if !target.is_dir() {
        return Err(OutputError::Refused(
            Diagnostic::error(format!("{} exists and is not a folder", target.display()))
                .help("choose another output folder or move the file away"),
        ));
    }
    let manifest_path = target.join(MANIFEST);
    let listed: HashSet<String> = match fs::read_to_string(&manifest_path) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        Err(_) => {
            let empty = fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty {
                return Ok(HashSet::new());
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
        let relative = relative.to_string_lossy().replace('\\', "/");
        if relative != MANIFEST && !listed.contains(&relative) {
            foreign.push(relative);
        }
    }
    if foreign.is_empty() {
        return Ok(listed);
    }
    foreign.sort();
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
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
