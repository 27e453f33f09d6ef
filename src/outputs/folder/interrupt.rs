//! Stopping a build on SIGINT (Ctrl-C), SIGTERM or SIGHUP without leaving its staging
//! folder behind: the folder is removed, the previous output is left as it was, and the
//! process exits with 128 + the signal's number, as a shell reports a process it stopped.
//!
//! No signal handler runs: [`stop_on_signals`] blocks the signals on the main thread before
//! any other thread starts (every thread inherits the mask), and one thread of its own
//! waits for them with `sigwait`. So there is no global state at all — a handler could reach
//! the staging folder only through a global — and the clean-up may do anything a thread
//! can, not just the few calls allowed inside a handler. (`tokio::signal` would need a
//! runtime for it, and signal-hook or ctrlc one more dependency, for the same thread.)
//!
//! The thread and the build share an [`Interrupt`]: the staging folder, behind a lock that
//! every write into the folder takes to read and that the removal takes whole. So a stop
//! waits for the files being written to be complete, and no write starts after it; and it
//! waits for the commit, which holds the lock whole, to finish rather than cut it short.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{anyhow, Result};

/// The staging folder of a build, as a stop must find it. One build at a time.
#[derive(Debug, Default)]
pub struct Interrupt {
    staging: RwLock<Staging>,
}

#[derive(Debug, Default)]
enum Staging {
    /// No staging folder: not yet, or no more (the build failed and removed it).
    #[default]
    None,
    /// Files are being staged in this folder.
    Open(PathBuf),
    /// The build was put in place.
    Done,
    /// A signal stopped the build.
    Stopped,
}

fn stopped() -> anyhow::Error {
    anyhow!("the build was stopped")
}

impl Interrupt {
    /// Runs `make` (making the staging folder `folder`) unless the build was stopped, and
    /// records the folder for a stop to remove from then on.
    pub(super) fn stage_in(&self, folder: &Path, make: impl FnOnce() -> Result<()>) -> Result<()> {
        let mut staging = self.staging.write().unwrap_or_else(|e| e.into_inner());
        if matches!(*staging, Staging::Stopped) {
            return Err(stopped());
        }
        *staging = Staging::Open(folder.to_path_buf());
        make()
    }

    /// Runs `write` (one file into the staging folder) unless the build was stopped; a stop
    /// waits for it to finish.
    pub(super) fn writing<T>(&self, write: impl FnOnce() -> Result<T>) -> Result<T> {
        let staging = self.staging.read().unwrap_or_else(|e| e.into_inner());
        match *staging {
            Staging::Open(_) => write(),
            _ => Err(stopped()),
        }
    }

    /// Runs `commit` (putting the build in place) with no stop in between; when it succeeds
    /// there is no staging folder left to remove.
    pub(super) fn committing(&self, commit: impl FnOnce() -> Result<()>) -> Result<()> {
        let mut staging = self.staging.write().unwrap_or_else(|e| e.into_inner());
        if !matches!(*staging, Staging::Open(_)) {
            return Err(stopped());
        }
        commit()?;
        *staging = Staging::Done;
        Ok(())
    }

    /// Removes the staging folder of a build that will not be put in place.
    pub(super) fn abandon(&self) {
        let mut staging = self.staging.write().unwrap_or_else(|e| e.into_inner());
        if let Staging::Open(folder) = &*staging {
            let _ = std::fs::remove_dir_all(folder);
            *staging = Staging::None;
        }
    }

    /// Stops the build for `signal` (its name): removes the staging folder, says so on
    /// stderr, and ends the process with `code`, still holding the lock so that nothing more
    /// is written or put in place.
    #[cfg_attr(not(unix), allow(dead_code))]
    fn stop_and_exit(&self, signal: &str, code: i32) -> ! {
        let mut staging = self.staging.write().unwrap_or_else(|e| e.into_inner());
        let what = match std::mem::replace(&mut *staging, Staging::Stopped) {
            Staging::Open(folder) => match std::fs::remove_dir_all(&folder) {
                Ok(()) => "removed the unfinished build; the output folder is as it was".into(),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    "the output folder is as it was".into()
                }
                Err(error) => format!(
                    "the output folder is as it was, but the unfinished build in {} could not be removed ({error}); the next build removes it",
                    folder.display()
                ),
            },
            Staging::Done => "the output had already been put in place".into(),
            Staging::None | Staging::Stopped => "the output folder is as it was".into(),
        };
        eprintln!("northstar: stopped by {signal}: {what}");
        std::process::exit(code)
    }
}

/// Stops the build sharing `interrupt` when SIGINT, SIGTERM or SIGHUP arrives (see the
/// module's notes). Call it first thing on the main thread, before any other thread starts:
/// a thread started earlier would not have the signals blocked and could be killed by them.
#[cfg(unix)]
pub fn stop_on_signals(interrupt: Arc<Interrupt>) -> std::io::Result<()> {
    let signals = [
        (libc::SIGINT, "SIGINT"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGHUP, "SIGHUP"),
    ];
    // SAFETY: sigemptyset and sigaddset fill the set they are given; a zeroed sigset_t is a
    // valid one to start from.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for (signal, _) in signals {
            libc::sigaddset(&mut set, signal);
        }
        set
    };
    // SAFETY: changes only this thread's mask (threads started later inherit it); the set
    // is a valid one and the old mask is not asked for.
    let blocked = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
    if blocked != 0 {
        return Err(std::io::Error::from_raw_os_error(blocked));
    }
    let waiting = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || loop {
            let mut signal = 0;
            // SAFETY: sigwait reads the set and writes the number of the signal it took.
            if unsafe { libc::sigwait(&set, &mut signal) } == 0 {
                let name = signals.iter().find(|(s, _)| *s == signal).map(|(_, n)| *n);
                interrupt.stop_and_exit(name.unwrap_or("a signal"), 128 + signal);
            }
        });
    if let Err(error) = waiting {
        // Nothing waits for the signals: they must end the process as before.
        // SAFETY: as above, with the same set.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
        return Err(error);
    }
    Ok(())
}

/// Elsewhere a stop ends the process as the system does; the next build removes what it
/// left only where process ids can be checked.
#[cfg(not(unix))]
pub fn stop_on_signals(_: Arc<Interrupt>) -> std::io::Result<()> {
    Ok(())
}
