//! The staging folder beside the output, `.NAME.northstar-tmp-PID`: its name, the lock the
//! running build holds on it, and removing those that builds killed outright left behind.
//!
//! A build that is stopped by SIGINT or SIGTERM removes its own staging folder (see
//! [`super::interrupt`]); one killed by SIGKILL, a crash or a power cut cannot. The next
//! successful build of the same output removes such a folder when it is provably a dead
//! build's: a folder (not a link or a file) whose name is exactly this output's staging name
//! with a process id, that process is not running, and no process holds the folder's lock.
//! The lock covers what the process id cannot: a build in another PID namespace (a
//! container sharing the folder) whose id means nothing here.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

/// `.NAME.northstar-tmp-` for the output `target`, NAME being its folder's name.
fn prefix(target: &Path) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or(OsStr::new("public")));
    prefix.push(".northstar-tmp-");
    prefix
}

/// The staging folder of the process `pid` for the output `target`, beside it.
pub(super) fn folder(target: &Path, pid: u32) -> PathBuf {
    let mut name = prefix(target);
    name.push(pid.to_string());
    target.parent().unwrap_or(Path::new(".")).join(name)
}

/// A running build's hold on its staging folder: an exclusive `flock` on the folder, which
/// the system releases when the process ends, however it ends.
pub(super) struct Claim {
    /// Held open for the lock; never read.
    _folder: fs::File,
}

/// Locks the staging folder `path`; `None` where the file system cannot lock (the folder
/// then only has its process id to show that it is in use).
#[cfg(unix)]
pub(super) fn claim(path: &Path) -> Option<Claim> {
    let folder = open_folder(path).ok()?;
    try_lock(&folder).then_some(Claim { _folder: folder })
}

/// Opens the folder `path` itself: never a symbolic link to one.
#[cfg(unix)]
fn open_folder(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
        .open(path)
}

#[cfg(not(unix))]
pub(super) fn claim(_: &Path) -> Option<Claim> {
    None
}

/// Whether this process now holds the exclusive lock on the open `file` (or already did).
#[cfg(unix)]
fn try_lock(file: &fs::File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock only takes a lock on a descriptor that `file` keeps open.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// Removes the staging folders of `target` that dead builds left (see the module's notes);
/// whatever cannot be removed is left for a later build. Returns how many were removed.
#[cfg(unix)]
pub(super) fn remove_stale(target: &Path) -> usize {
    let parent = target.parent().unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return 0;
    };
    let prefix = prefix(target);
    let mut removed = 0;
    for entry in entries.flatten() {
        let Some(pid) = pid_in(&entry.file_name(), &prefix) else {
            continue;
        };
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if !is_folder || pid == std::process::id() || is_running(pid) {
            continue;
        }
        // Held while the folder is removed, so no build can claim it meanwhile. The standard
        // removal never follows a link, even one swapped in for the folder after this check.
        let Ok(folder) = open_folder(&entry.path()) else {
            continue;
        };
        if try_lock(&folder) && fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Without process ids to check, no staging folder is provably a dead build's.
#[cfg(not(unix))]
pub(super) fn remove_stale(_: &Path) -> usize {
    0
}

/// The process id in `name` when it is exactly `prefix` followed by one, as [`folder`]
/// writes it (no sign, no leading zero, not 0).
#[cfg(unix)]
fn pid_in(name: &OsStr, prefix: &OsStr) -> Option<u32> {
    use std::os::unix::ffi::OsStrExt;
    let digits = name.as_bytes().strip_prefix(prefix.as_bytes())?;
    let pid: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (pid != 0 && pid.to_string().as_bytes() == digits).then_some(pid)
}

/// Whether a process `pid` exists (one of another user counts; so does a zombie).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 is never sent; kill only checks that the process exists. `pid` is
    // positive, so it names one process, never a group.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_name_gives_a_process_id() {
        let prefix = prefix(Path::new("/h/public"));
        assert_eq!(prefix, ".public.northstar-tmp-");
        let pid = |name: &str| pid_in(OsStr::new(name), &prefix);
        assert_eq!(pid(".public.northstar-tmp-123"), Some(123));
        for name in [
            ".public.northstar-tmp-",
            ".public.northstar-tmp-0",
            ".public.northstar-tmp-0123",
            ".public.northstar-tmp-+123",
            ".public.northstar-tmp--123",
            ".public.northstar-tmp-12a",
            ".public.northstar-tmp-99999999999",
            ".site.northstar-tmp-123",
            "public.northstar-tmp-123",
        ] {
            assert_eq!(pid(name), None, "{name}");
        }
        assert_eq!(
            folder(Path::new("/h/public"), 42),
            Path::new("/h/.public.northstar-tmp-42")
        );
    }

    #[test]
    fn this_process_runs() {
        assert!(is_running(std::process::id()));
    }
}
