//! Document history from git, read in one pass: one `git log --raw` over `content/`, read
//! while `git diff-tree --stdin -M` looks for renames in the few commits that may hold one
//! and one `git cat-file --batch` reads the old versions that the digest's window needs
//! (see [`stream`]); `git rev-list` first when the digest starts at a tag. A rebuild reads
//! only the commits made since the history an earlier build kept (see [`cache`]). Each
//! document's commits are followed through renames. The last-updated dates ([`GitDates`])
//! come from the same log. Outside a repository there is no history; a shallow clone gives a
//! warning, no dates, and the commits it has.

mod blobs;
mod cache;
pub mod fields;
mod log;
mod read;
pub mod repo;
pub mod shown;
mod stream;
pub mod window;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

pub use fields::{FieldChange, Version};
pub use log::{Commit, FileChange};
pub use shown::{diff_page, shown, Shown};
pub use window::{Since, Window};

use crate::model::diagnostics::Diagnostic;
use crate::stages::gitdates::GitDates;
use log::Log;
use repo::{finish, git, Repository, Shallow};

/// A history read before, with its dates, that a load may take instead of reading it again.
pub type Kept = (History, GitDates);

/// Every document's commits, and the old versions the window needs.
#[derive(Debug, Default)]
pub struct History {
    pub commits: Vec<Commit>,
    /// Each current file's changes (relative to `content/`), newest first.
    files: HashMap<String, Vec<(usize, FileChange)>>,
    /// The versions read from git, by blob id.
    versions: HashMap<String, Version>,
    pub window: Window,
    /// Whether the repository is a shallow clone (its history is cut short).
    pub shallow: bool,
    /// What reading it found wrong (a shallow clone, an unknown tag): given again with a
    /// history that `serve` reuses.
    pub warnings: Vec<Diagnostic>,
}

/// One change of a document, as pages show it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub commit: &'a Commit,
    pub change: &'a FileChange,
    /// Whether the change is in the digest's window.
    pub in_window: bool,
}

impl History {
    /// Reads the history of `content` with the window `since` as of `today`; the dates come
    /// with it.
    pub fn load(content: &Path, since: &Since, today: Date) -> (History, GitDates) {
        let repository = Repository::around(content);
        let mut warnings = Vec::new();
        if repository == Repository::None {
            // No git process is started for a handbook outside any repository.
            let (window, warning) = Window::resolve(since, today, None);
            warnings.extend(warning);
            let history = History {
                window,
                warnings,
                ..History::default()
            };
            return (history, GitDates::default());
        }
        let shallow = Shallow::start(&repository, content);
        let tag = match since {
            Since::Tag(name) => Some(start_tag(content, name)),
            _ => None,
        };
        let Some(shallow) = shallow.answer() else {
            return (History::default(), GitDates::default());
        };
        // The window is known before the log is read, so that the versions it shows are
        // asked for while the log is still being read.
        let tag = tag.map(|ask| ask.answer()).unwrap_or_default();
        let (window, warning) = Window::resolve(since, today, tag);
        warnings.extend(warning);
        let read::Read {
            log: parsed,
            files,
            texts,
        } = read::read(content, &repository, &window, shallow);
        let dates = if shallow {
            warnings.push(repo::shallow_warning());
            GitDates::default()
        } else {
            dates_of(&parsed)
        };
        let versions = texts
            .into_par_iter()
            .map(|(id, text)| (id, Version::parse(&text)))
            .collect();
        let history = History {
            commits: parsed.commits,
            files,
            versions,
            window,
            shallow,
            warnings,
        };
        (history, dates)
    }

    /// The changes of `source` (relative to `content/`), newest first.
    pub fn of(&self, source: &str) -> impl Iterator<Item = Entry<'_>> {
        self.files
            .get(source)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|(i, change)| {
                let commit = &self.commits[*i];
                Entry {
                    commit,
                    change,
                    in_window: self.window.holds(&commit.id, &commit.date),
                }
            })
    }

    /// The version of a blob, when the window needed it.
    pub fn version(&self, blob: &str) -> Option<&Version> {
        self.versions.get(blob)
    }

    /// Whether any document has a history.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> Entry<'a> {
    /// The versions before (none when the file was added) and after the change, when read.
    pub fn versions<'h>(&self, history: &'h History) -> Option<(Option<&'h Version>, &'h Version)> {
        let new = history.version(&self.change.new)?;
        match &self.change.old {
            None => Some((None, new)),
            Some(old) => Some((Some(history.version(old)?), new)),
        }
    }

    /// The fields the change changed, when its versions were read.
    pub fn field_changes(&self, history: &History) -> Option<Vec<FieldChange>> {
        let (old, new) = self.versions(history)?;
        Some(fields::changes(old, new))
    }

    /// The commit's short id, as forges show it.
    pub fn short_id(&self) -> &'a str {
        let id: &'a str = &self.commit.id;
        id.get(..8).unwrap_or(id)
    }
}

/// Each file's newest commit date, by path.
fn dates_of(log: &Log) -> GitDates {
    let mut dates = HashMap::new();
    for (commit, changes) in log.commits.iter().zip(&log.changes) {
        for change in changes {
            dates
                .entry(change.path.clone())
                .or_insert_with(|| commit.date.clone());
        }
    }
    GitDates::from_map(dates)
}

/// What git says of the tag the window starts at, once asked.
struct TagQuestion {
    after: Option<std::process::Child>,
    date: Option<std::process::Child>,
}

impl TagQuestion {
    /// The ids of the commits after the tag and the tag's date; `None` if git does not
    /// know the tag.
    fn answer(self) -> Option<(HashSet<String>, String)> {
        let date = self.date.and_then(finish)?;
        let after = self.after.and_then(finish)?;
        let date = date.trim().to_string();
        if date.is_empty() {
            return None;
        }
        Some((after.lines().map(str::to_string).collect(), date))
    }
}

fn start_tag(content: &Path, name: &str) -> TagQuestion {
    let tag = format!("refs/tags/{name}");
    let range = format!("{tag}..HEAD");
    TagQuestion {
        after: git(content, &["rev-list", &range, "--"]),
        date: git(content, &["log", "-1", "--format=%as", &tag, "--"]),
    }
}
