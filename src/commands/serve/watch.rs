//! Watching the handbook: notify through a debouncer (notify-debouncer-full), its events
//! simplified into [`FsEvent`]s and sent to the rebuild loop. Watches `content/`,
//! `templates/`, `static/`, `themes/` and the handbook folder itself (for `northstar.yaml`
//! and folders created later).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::plan::FsEvent;

/// How long a path must stay quiet before its events are passed on. Editors' atomic saves
/// finish within microseconds, so a short wait is enough on Linux and keeps save-to-reload
/// fast; a longer burst arrives in several batches, which the rebuild loop merges.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// How long the rebuild loop waits for another batch after a save of one file: a bit more
/// than the debouncer's tick (a quarter of [`DEBOUNCE`]).
pub const SETTLE: Duration = Duration::from_millis(6);

/// How long it waits for another batch once more than one file changed: a checkout or a
/// search-and-replace keeps writing for a while, and should be one rebuild.
pub const BURST_SETTLE: Duration = Duration::from_millis(50);

/// The folders below the handbook root that hold inputs.
const WATCHED: &[&str] = &["content", "templates", "static", "themes"];

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the handbook at `root` (absolute), sending event batches to `events`.
    pub fn start(root: &Path, events: Sender<Vec<FsEvent>>) -> Result<Watcher> {
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let batch = match result {
                Ok(events) => events.iter().flat_map(|e| simplify(&e.event)).collect(),
                Err(_) => vec![FsEvent::Rescan],
            };
            let _ = events.send(batch);
        })
        .context("could not start watching the handbook for changes")?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("could not watch {}", root.display()))?;
        // `.git/HEAD` and `.git/index` change with every commit, checkout and reset: the
        // history is read again then (not recursive: objects and logs are not watched).
        let git = root.join(".git");
        if git.is_dir() {
            let _ = watcher.debouncer.watch(&git, RecursiveMode::NonRecursive);
        }
        watcher.refresh()?;
        Ok(watcher)
    }

    /// Watches the input folders that exist now and were not watched yet (call after events:
    /// a `templates/` folder may have been created).
    pub fn refresh(&mut self) -> Result<()> {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("could not watch {}", dir.display()))?;
                self.watched.insert(dir);
            } else if !dir.is_dir() {
                self.watched.remove(&dir);
            }
        }
        Ok(())
    }
}

/// The watcher's event as a list of [`FsEvent`]s (reads and opens are dropped).
pub fn simplify(event: &Event) -> Vec<FsEvent> {
    if event.need_rescan() {
        return vec![FsEvent::Rescan];
    }
    let each = |make: fn(PathBuf) -> FsEvent| event.paths.iter().cloned().map(make).collect();
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => each(FsEvent::Written),
        EventKind::Access(_) => Vec::new(),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if event.paths.len() == 2 => {
            vec![FsEvent::Renamed(
                event.paths[0].clone(),
                event.paths[1].clone(),
            )]
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) | EventKind::Remove(_) => {
            each(FsEvent::Removed)
        }
        // A rename whose other end is unknown: the path may have come or gone; the rebuild
        // looks at the file system, so "written" covers both.
        _ => each(FsEvent::Written),
    }
}

#[cfg(test)]
mod tests {
    use notify::event::{CreateKind, DataChange, RemoveKind};

    use super::*;

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        event
    }

    #[test]
    fn simplifies_watcher_events() {
        let written = || FsEvent::Written(PathBuf::from("/a"));
        let removed = || FsEvent::Removed(PathBuf::from("/a"));
        assert_eq!(
            simplify(&event(EventKind::Create(CreateKind::File), &["/a"])),
            [written()]
        );
        assert_eq!(
            simplify(&event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["/a"]
            )),
            [written()]
        );
        assert_eq!(
            simplify(&event(EventKind::Remove(RemoveKind::Folder), &["/a"])),
            [removed()]
        );
        assert_eq!(
            simplify(&event(
                EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                &["/a"]
            )),
            [removed()]
        );
        assert_eq!(
            simplify(&event(
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                &["/a"]
            )),
            [written()]
        );
        assert_eq!(
            simplify(&event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/a", "/b"]
            )),
            [FsEvent::Renamed(PathBuf::from("/a"), PathBuf::from("/b"))]
        );
        assert!(simplify(&event(EventKind::Access(AccessKind::Read), &["/a"])).is_empty());
    }
}
