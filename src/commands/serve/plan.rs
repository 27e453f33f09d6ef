//! From file-system events to a rebuild plan, without the OS: which content files changed,
//! and whether the theme or the configuration did. Editor temp files and dot-files are
//! dropped, a rename is a removal plus a write, and only the last event per path counts, so
//! a burst of events (a `git checkout`) becomes one plan.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use crate::model::config::CONFIG_FILE;
use crate::stages::discover::is_ignored;

/// One file-system event, already simplified from the watcher's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsEvent {
    /// The path was created or written.
    Written(std::path::PathBuf),
    /// The path was deleted (or renamed away).
    Removed(std::path::PathBuf),
    /// The path was renamed.
    Renamed(std::path::PathBuf, std::path::PathBuf),
    /// The watcher lost events: everything must be looked at again.
    Rescan,
}

/// What happened to a content path, last event wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Written,
    Removed,
}

/// What a rebuild has to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Paths under `content/` (relative to it, `/`-separated) and their last change.
    pub content: BTreeMap<String, Change>,
    /// A template or static file of the handbook or of a theme changed.
    pub theme: bool,
    /// `northstar.yaml` changed.
    pub config: bool,
    /// Start from scratch: the watcher lost events, or `content/` itself changed.
    pub full: bool,
    /// `.git/HEAD` or `.git/index` changed (a commit, checkout or reset): the history is
    /// read again.
    pub history: bool,
}

impl Plan {
    /// The plan of the first build: everything.
    pub fn everything() -> Plan {
        Plan {
            full: true,
            ..Plan::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.theme && !self.config && !self.full && !self.history
    }

    /// Adds the events of `root` (the handbook folder) to the plan.
    pub fn add(&mut self, root: &Path, events: &[FsEvent]) {
        for event in events {
            match event {
                FsEvent::Written(path) => self.touch(root, path, Change::Written),
                FsEvent::Removed(path) => self.touch(root, path, Change::Removed),
                FsEvent::Renamed(from, to) => {
                    self.touch(root, from, Change::Removed);
                    self.touch(root, to, Change::Written);
                }
                FsEvent::Rescan => self.full = true,
            }
        }
    }

    fn touch(&mut self, root: &Path, path: &Path, change: Change) {
        let Some(parts) = relative_parts(root, path) else {
            return;
        };
        if let [git, file] = parts.as_slice() {
            if git == ".git" && (file == "HEAD" || file == "index") {
                self.history = true;
                return;
            }
        }
        if parts.iter().any(|p| is_ignored(p)) {
            return;
        }
        match parts.first().map(String::as_str) {
            Some("content") if parts.len() == 1 => self.full = true,
            Some("content") => {
                self.content.insert(parts[1..].join("/"), change);
            }
            Some("templates" | "static" | "themes") => self.theme = true,
            Some(CONFIG_FILE) if parts.len() == 1 => self.config = true,
            _ => {}
        }
    }
}

/// The plan for a list of events under `root`.
pub fn plan(root: &Path, events: &[FsEvent]) -> Plan {
    let mut plan = Plan::default();
    plan.add(root, events);
    plan
}

/// `path`'s components below `root`, or `None` outside it (or not UTF-8).
fn relative_parts(root: &Path, path: &Path) -> Option<Vec<String>> {
    let relative = path.strip_prefix(root).ok()?;
    relative
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn root() -> PathBuf {
        PathBuf::from("/hb")
    }

    fn w(path: &str) -> FsEvent {
        FsEvent::Written(root().join(path))
    }

    fn r(path: &str) -> FsEvent {
        FsEvent::Removed(root().join(path))
    }

    fn mv(from: &str, to: &str) -> FsEvent {
        FsEvent::Renamed(root().join(from), root().join(to))
    }

    fn content(plan: &Plan) -> Vec<(&str, Change)> {
        plan.content.iter().map(|(p, c)| (p.as_str(), *c)).collect()
    }

    #[test]
    fn drops_editor_temp_files() {
        let events = [
            w("content/.retention.md.swp"),
            w("content/a/4913"),
            w("content/a/#notes.md#"),
            w("content/a/.#notes.md"),
            w("content/a/notes.md~"),
            w("content/a/notes.md___jb_tmp___"),
            w("content/.git/index"),
            w("templates/.base.html.swp"),
        ];
        assert!(plan(&root(), &events).is_empty());
    }

    #[test]
    fn a_commit_or_checkout_reads_the_history_again() {
        for file in [".git/HEAD", ".git/index"] {
            let plan = plan(&root(), &[w(file)]);
            assert!(plan.history && !plan.is_empty() && !plan.full, "{file}");
        }
        assert!(plan(&root(), &[w(".git/index.lock"), w(".git/COMMIT_EDITMSG")]).is_empty());
    }

    #[test]
    fn atomic_save_is_a_write_of_the_target() {
        // An editor writes a temp file, then renames it over the document.
        let events = [
            w("content/a/.doc.md.tmp1234"),
            mv("content/a/.doc.md.tmp1234", "content/a/doc.md"),
        ];
        assert_eq!(
            content(&plan(&root(), &events)),
            [("a/doc.md", Change::Written)]
        );
        // Vim: move the original to a backup, write a new file, delete the backup.
        let events = [
            mv("content/doc.md", "content/doc.md~"),
            w("content/doc.md"),
            r("content/doc.md~"),
        ];
        assert_eq!(
            content(&plan(&root(), &events)),
            [("doc.md", Change::Written)]
        );
    }

    #[test]
    fn renames_remove_the_old_path_and_write_the_new() {
        let plan = plan(
            &root(),
            &[
                mv("content/old.md", "content/dir/new.md"),
                mv("content/x", "content/y"),
            ],
        );
        assert_eq!(
            content(&plan),
            [
                ("dir/new.md", Change::Written),
                ("old.md", Change::Removed),
                ("x", Change::Removed),
                ("y", Change::Written)
            ]
        );
    }

    #[test]
    fn keeps_the_last_event_per_path() {
        let plan = plan(
            &root(),
            &[
                w("content/a.md"),
                r("content/a.md"),
                r("content/b.md"),
                w("content/b.md"),
            ],
        );
        assert_eq!(
            content(&plan),
            [("a.md", Change::Removed), ("b.md", Change::Written)]
        );
    }

    #[test]
    fn a_burst_is_one_plan() {
        let events: Vec<FsEvent> = (0..1000)
            .flat_map(|i| {
                [
                    w(&format!("content/s{}/d{i}.md", i % 10)),
                    w(&format!("content/s{}/d{i}.md", i % 10)),
                ]
            })
            .collect();
        let plan = plan(&root(), &events);
        assert_eq!(plan.content.len(), 1000);
        assert!(!plan.theme && !plan.config && !plan.full);
    }

    #[test]
    fn classifies_theme_config_and_other_paths() {
        let p = plan(&root(), &[w("templates/partials/footer.html")]);
        assert!(p.theme && p.content.is_empty());
        assert!(plan(&root(), &[w("static/logo.svg")]).theme);
        assert!(plan(&root(), &[r("themes/mine/templates/base.html")]).theme);
        assert!(plan(&root(), &[w("northstar.yaml")]).config);
        assert!(plan(&root(), &[r("content")]).full);
        assert!(plan(&root(), &[FsEvent::Rescan]).full);
        // The output folder and files elsewhere are not watched inputs.
        assert!(plan(
            &root(),
            &[w("public/index.html"), w("README.md"), w("/elsewhere/x.md")]
        )
        .is_empty());
    }
}
