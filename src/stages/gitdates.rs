//! Last-changed dates from git history: one `git log` over the whole `content/` folder,
//! parsed once, instead of one process per file. Outside a git repository (or without git)
//! there are simply no dates; a shallow clone gives a warning and no dates, since its history
//! would date every file to the clone's one commit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::model::diagnostics::Diagnostic;

/// Each file's last commit date (`YYYY-MM-DD`, author date), by path relative to `content/`.
#[derive(Debug, Clone, Default)]
pub struct GitDates {
    dates: HashMap<String, String>,
}

/// Marks the start of a commit in the log (a byte no path contains).
const COMMIT: char = '\u{1e}';

impl GitDates {
    /// Reads the history of `content`. Returns no dates, silently, when it is not in a git
    /// repository or git is missing; with a warning when the repository is a shallow clone.
    /// The two git commands run at once: the build waits for the slower, not for both.
    pub fn load(content: &Path) -> (GitDates, Option<Diagnostic>) {
        let repository = Repository::around(content);
        if repository == Repository::None {
            // No git process is started for a handbook outside any repository.
            return (GitDates::default(), None);
        }
        let shallow = match repository {
            Repository::Folder(git_dir) => Known(git_dir.join("shallow").exists()),
            _ => Ask(git(content, &["rev-parse", "--is-shallow-repository"])),
        };
        let log = git(
            content,
            &[
                "-c",
                "core.quotePath=off",
                "log",
                "--no-renames",
                "--relative",
                "--name-only",
                "--format=\u{1e}%as",
                "--",
                ".",
            ],
        );
        let shallow = match shallow {
            Known(shallow) => Some(shallow),
            Ask(child) => child.and_then(finish).map(|out| out.trim() == "true"),
        };
        match shallow {
            None => {
                discard(log);
                (GitDates::default(), None)
            }
            Some(true) => {
                discard(log);
                (GitDates::default(), Some(shallow_warning()))
            }
            Some(false) => {
                let dates = log.and_then(finish).map(|l| GitDates::parse(&l));
                (dates.unwrap_or_default(), None)
            }
        }
    }

    /// Parses `git log --name-only --format=<RS>%as` output (newest commit first): each
    /// path's first appearance is its last change.
    pub fn parse(log: &str) -> GitDates {
        let mut dates = HashMap::new();
        let mut date = "";
        for line in log.lines() {
            if let Some(commit_date) = line.strip_prefix(COMMIT) {
                date = commit_date.trim();
            } else if !line.is_empty() && !date.is_empty() {
                dates
                    .entry(line.to_string())
                    .or_insert_with(|| date.to_string());
            }
        }
        GitDates { dates }
    }

    /// The last commit date of `source` (relative to `content/`), if git knows the file.
    pub fn get(&self, source: &str) -> Option<&str> {
        self.dates.get(source).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

/// Whether the history is shallow: read off the repository, or asked of git.
enum Shallow {
    Known(bool),
    Ask(Option<Child>),
}
use Shallow::{Ask, Known};

/// The git repository a folder is in, as far as a look at its ancestors tells.
#[derive(Debug, PartialEq, Eq)]
enum Repository {
    /// No `.git` in the folder or above it, and no `GIT_DIR`: git would find nothing.
    None,
    /// A `.git` folder (a shallow clone has a `shallow` file in it).
    Folder(PathBuf),
    /// A `.git` file (a worktree or submodule) or `GIT_DIR`: git itself is asked.
    Elsewhere,
}

impl Repository {
    fn around(folder: &Path) -> Repository {
        if std::env::var_os("GIT_DIR").is_some() {
            return Repository::Elsewhere;
        }
        let Ok(folder) = folder.canonicalize() else {
            return Repository::Elsewhere;
        };
        for dir in folder.ancestors() {
            let dot_git = dir.join(".git");
            match std::fs::metadata(&dot_git) {
                Ok(m) if m.is_dir() => return Repository::Folder(dot_git),
                Ok(_) => return Repository::Elsewhere,
                Err(_) => {}
            }
        }
        Repository::None
    }
}

fn shallow_warning() -> Diagnostic {
    Diagnostic::warning(
        "the handbook is in a shallow git clone, so \"last updated\" dates come from front matter `updated` only",
    )
    .code("git-shallow")
    .help("fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI) to date pages by their last commit")
}

/// Starts git in `dir`; `None` when git is missing.
fn git(dir: &Path, args: &[&str]) -> Option<Child> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()
}

/// Stops a started git whose answer is not needed, and reaps it.
fn discard(child: Option<Child>) {
    if let Some(mut child) = child {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// What a started git printed; `None` when it failed (not a repository).
fn finish(child: Child) -> Option<String> {
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let log = "\u{1e}2026-03-04\n\na.md\nteam/café.md\n\u{1e}2026-01-02\n\na.md\nb.md\n";
        let dates = GitDates::parse(log);
        assert_eq!(dates.get("a.md"), Some("2026-03-04"));
        assert_eq!(dates.get("team/café.md"), Some("2026-03-04"));
        assert_eq!(dates.get("b.md"), Some("2026-01-02"));
        assert_eq!(dates.get("c.md"), None);
    }

    #[test]
    fn a_repository_is_found_from_any_folder_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("handbook/content");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let found = Repository::around(&inside);
        let git_dir = dir.path().canonicalize().unwrap().join(".git");
        if std::env::var_os("GIT_DIR").is_none() {
            assert_eq!(found, Repository::Folder(git_dir));
        }
        std::fs::remove_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join("handbook/.git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(Repository::around(&inside), Repository::Elsewhere);
    }

    #[test]
    fn a_folder_outside_git_has_no_dates_and_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        let (dates, warning) = GitDates::load(dir.path());
        assert!(dates.is_empty());
        assert!(warning.is_none());
    }
}
