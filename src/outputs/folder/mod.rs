//! The output folder: refuses dangerous targets, stages every new or changed file in a
//! temporary folder beside it, and puts them in place only when the whole build succeeded.
//!
//! Northstar never deletes a file it did not create: the output folder carries a manifest
//! of the files Northstar wrote, and a folder with other files in it is refused.
//!
//! A file whose bytes are the same as in the previous output is kept where it is rather than
//! written again: a rebuild then touches only the files that changed, which spares the file
//! system most of its work (see [`in_place`]). The manifest's record of each file (size,
//! modification time, inode, hash of its bytes) tells whether it is unchanged without
//! reading it back; a file without a record, or whose size, time or inode moved, is compared
//! byte for byte. Nothing in the previous output changes before the build has succeeded, so
//! a failed build leaves it whole.
//!
//! A build stopped by SIGINT, SIGTERM or SIGHUP removes its staging folder before it exits
//! (see [`interrupt`]); one killed outright leaves it, and the next successful build of the
//! same output removes it (see [`staging`]).

mod escape;
mod guard;
mod in_place;
mod interrupt;
pub mod manifest;
mod staging;

use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};

use crate::model::diagnostics::Diagnostic;
use crate::util::fsutil;
pub use guard::Protected;
use guard::{check_previous, Previous};
pub use interrupt::{stop_on_signals, Interrupt};
use manifest::Record;

/// Copied files up to this size are read whole; larger ones are streamed.
const READ_WHOLE: u64 = 8 * 1024 * 1024;

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

/// A temporary folder beside the output for new and changed files; [`Staged::commit`] puts
/// them in place, dropping it removes it, and so does a signal (see [`interrupt`]).
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    /// Shared with whatever stops the build on a signal.
    interrupt: Arc<Interrupt>,
    /// This build's lock on its staging folder, which tells later builds it is in use.
    _claim: Option<staging::Claim>,
    /// The files of the previous output (from its manifest), which unchanged files reuse.
    previous: Previous,
    /// Every file placed so far, with its record for the manifest.
    written: Mutex<Vec<(String, Placed)>>,
    /// Folders already created in the staging folder, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staged {
    /// Checks `target` is safe to (re)place and creates the staging folder beside it; a stop
    /// through `interrupt` removes it.
    pub fn create(
        target: &Path,
        protected: &Protected,
        interrupt: Arc<Interrupt>,
    ) -> Result<Staged, OutputError> {
        protected.check(target)?;
        let previous = check_previous(target)?;
        let parent = target.parent().unwrap_or(Path::new("."));
        fsutil::create_dir_all(parent).map_err(OutputError::Io)?;
        let temp = staging::folder(target, std::process::id());
        interrupt.stage_in(&temp, || {
            // A folder of this process id is a dead process's: this one just started.
            if temp.exists() {
                fsutil::remove_dir_all(&temp)?;
            }
            fsutil::create_dir_all(&temp)
        })?;
        Ok(Staged {
            target: target.to_path_buf(),
            _claim: staging::claim(&temp),
            temp,
            interrupt,
            previous,
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// The staging folder's path for `path`, its folder created.
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
        Ok(full)
    }

    fn record(&self, path: &str, record: Placed) {
        self.written
            .lock()
            .expect("manifest lock")
            .push((path.to_string(), record));
    }

    /// Writes the manifest and puts the build in place: the staged folder itself when there
    /// is no previous output, else each new or changed file (see [`in_place`]). A signal
    /// meanwhile waits for it to finish. Then removes the staging folders that builds killed
    /// outright left beside the output (see [`staging`]).
    pub fn commit(mut self) -> Result<()> {
        self.interrupt.committing(|| self.put_in_place())?;
        self.committed = true;
        staging::remove_stale(&self.target);
        Ok(())
    }

    fn put_in_place(&self) -> Result<()> {
        let files = self.files_in_order();
        let manifest = manifest::format(
            files
                .iter()
                .map(|(path, placed)| (path.as_str(), placed.record())),
        );
        // A new folder (nothing to read), or an empty one: the staged folder takes its place.
        let fresh = fs::read_dir(&self.target).map(|mut entries| entries.next().is_none());
        if !matches!(fresh, Ok(false)) {
            fsutil::write(&self.temp.join(MANIFEST), manifest.as_bytes())?;
            if fresh.is_ok() {
                fs::remove_dir(&self.target).with_context(|| {
                    format!(
                        "could not replace the empty folder {}",
                        self.target.display()
                    )
                })?;
            }
            fsutil::rename(&self.temp, &self.target)?;
        } else {
            let update = in_place::Update {
                staged: &self.temp,
                target: &self.target,
                previous: &self.previous,
                files: &files,
            };
            update.apply(&manifest)?;
            fsutil::remove_tree_in_parallel(&self.temp)?;
        }
        Ok(())
    }

    /// Every file placed, in path order; a path placed twice keeps its last place, as the
    /// file keeps its last bytes. (Sorted on both threads: 20,000 paths one by one into a
    /// map were a noticeable serial step at the very end of a large build.)
    fn files_in_order(&self) -> Vec<(String, Placed)> {
        use rayon::slice::ParallelSliceMut;
        let mut files = std::mem::take(&mut *self.written.lock().expect("manifest lock"));
        // A stable sort keeps a path's places in the order they were made.
        files.par_sort_by(|a, b| a.0.cmp(&b.0));
        let mut last: Vec<(String, Placed)> = Vec::with_capacity(files.len());
        for (path, placed) in files {
            match last.last_mut() {
                Some(previous) if previous.0 == path => previous.1 = placed,
                _ => last.push((path, placed)),
            }
        }
        last
    }
}

/// Where a file of the build is: kept in the previous output, or new in the staging folder.
#[derive(Debug, Clone, Copy)]
enum Placed {
    Kept(Record),
    Staged(Record),
}

impl Placed {
    fn record(&self) -> &Record {
        match self {
            Placed::Kept(record) | Placed::Staged(record) => record,
        }
    }
}

impl Staged {
    /// Places the file `path`, of `size` bytes hashing to `hash`: the previous output's file
    /// is kept if its record says it holds those bytes (or, without a record that still
    /// describes it, if `same` says so of it), else `make` writes it into the staging folder;
    /// records which for the manifest.
    fn place(
        &self,
        path: &str,
        (size, hash): (u64, u128),
        same: impl FnOnce(&Path) -> bool,
        make: impl FnOnce(&Path) -> Result<Record>,
    ) -> Result<()> {
        let placed = match self.keep(path, (size, hash), same) {
            Some(record) => Placed::Kept(record),
            None => Placed::Staged(self.interrupt.writing(|| make(&self.prepare(path)?))?),
        };
        self.record(path, placed);
        Ok(())
    }

    /// The record of the previous output's `path` when it holds the bytes (see
    /// [`Staged::place`]).
    fn keep(
        &self,
        path: &str,
        (size, hash): (u64, u128),
        same: impl FnOnce(&Path) -> bool,
    ) -> Option<Record> {
        let recorded = self.previous.get(path)?;
        let old = self.target.join(path);
        // Never follows a symlink at the end of the path; a pipe or a folder is no match.
        let metadata = fs::symlink_metadata(&old).ok()?;
        if !metadata.file_type().is_file() || metadata.len() != size {
            return None;
        }
        let same = match recorded {
            Some(record) if record.still_describes(&metadata) => record.hash == hash,
            _ => same(&old),
        };
        same.then(|| Record::of(&metadata, hash))
    }
}

/// Copies `from` to a new file at `full` a piece at a time, hashing what it writes;
/// returns the copy's record.
fn copy_new(from: &Path, full: &Path) -> Result<Record> {
    let source =
        fs::File::open(from).with_context(|| format!("could not read {}", from.display()))?;
    let copied = fs::File::create(full)
        .and_then(|file| manifest::copy_hashing(source, file))
        .and_then(|(file, hash)| Ok((file.metadata()?, hash)));
    let (metadata, hash) = copied
        .with_context(|| format!("could not copy {} to {}", from.display(), full.display()))?;
    Ok(Record::of(&metadata, hash))
}

/// Writes `bytes` to a new file at `full`; returns its record.
fn write_new(full: &Path, bytes: &[u8], hash: u128) -> Result<Record> {
    let written = fs::File::create(full).and_then(|mut file| {
        file.write_all(bytes)?;
        file.metadata()
    });
    let metadata = written.with_context(|| format!("could not write {}", full.display()))?;
    Ok(Record::of(&metadata, hash))
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
        let hash = manifest::hash(bytes);
        let content = (bytes.len() as u64, hash);
        self.place(
            path,
            content,
            |old| holds_exactly(old, bytes),
            |full| write_new(full, bytes, hash),
        )
    }

    /// A file up to [`READ_WHOLE`] is read whole and written like a page; a larger one is
    /// hashed a piece at a time, linked if its record matches, else copied a piece at a time.
    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        let unreadable = || format!("could not read {}", from.display());
        let size = fs::metadata(from).with_context(unreadable)?.len();
        if size <= READ_WHOLE {
            let bytes = fs::read(from).with_context(unreadable)?;
            return self.write(path, &bytes);
        }
        let hash = manifest::hash_file(from).with_context(unreadable)?;
        // Without a record, a large file is copied again rather than compared.
        self.place(path, (size, hash), |_| false, |full| copy_new(from, full))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            self.interrupt.abandon();
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
