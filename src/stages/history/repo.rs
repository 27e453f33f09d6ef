//! The git repository around a handbook, and the git processes the history is read through.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::model::diagnostics::Diagnostic;

/// The git repository a folder is in, as far as a look at its ancestors tells.
#[derive(Debug, PartialEq, Eq)]
pub enum Repository {
    /// No `.git` in the folder or above it, and no `GIT_DIR`: git would find nothing.
    None,
    /// A `.git` folder (a shallow clone has a `shallow` file in it).
    Folder(PathBuf),
    /// A `.git` file (a worktree or submodule) or `GIT_DIR`: git itself is asked.
    Elsewhere,
}

impl Repository {
    pub fn around(folder: &Path) -> Repository {
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

/// A mark of the repository's state that changes with every commit, checkout, reset or
/// staging: the text of `.git/HEAD`, and the size and time of HEAD, the index, the branch
/// HEAD names and `packed-refs`. `None` when the repository is not a `.git` folder around
/// `content` (a worktree, `GIT_DIR`): then no mark can be trusted and the history is read
/// on every load.
pub fn mark(content: &Path) -> Option<String> {
    let Repository::Folder(git_dir) = Repository::around(content) else {
        return None;
    };
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let mut mark = head.clone();
    let branch = head.strip_prefix("ref: ").map(str::trim);
    let files = ["HEAD", "index", "packed-refs"]
        .into_iter()
        .map(|f| git_dir.join(f))
        .chain(branch.map(|b| git_dir.join(b)));
    for file in files {
        if let Ok(meta) = std::fs::metadata(&file) {
            let time = meta.modified().ok();
            mark.push_str(&format!("|{}:{:?}", meta.len(), time));
        }
    }
    Some(mark)
}

/// Whether the history is shallow: read off the repository, or asked of git.
pub enum Shallow {
    Known(bool),
    Ask(Option<Child>),
}

impl Shallow {
    /// Starts finding out whether the repository of `dir` is a shallow clone.
    pub fn start(repository: &Repository, dir: &Path) -> Shallow {
        match repository {
            Repository::Folder(git_dir) => Shallow::Known(git_dir.join("shallow").exists()),
            _ => Shallow::Ask(git(dir, &["rev-parse", "--is-shallow-repository"])),
        }
    }

    /// `None` when git could not tell (not a repository, or no git).
    pub fn answer(self) -> Option<bool> {
        match self {
            Shallow::Known(shallow) => Some(shallow),
            Shallow::Ask(child) => child.and_then(finish).map(|out| out.trim() == "true"),
        }
    }
}

pub fn shallow_warning() -> Diagnostic {
    Diagnostic::warning(
        "the handbook is in a shallow git clone, so \"last updated\" dates come from front matter `updated` only",
    )
    .code("git-shallow")
    .help("fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI) to date pages by their last commit; until then each page's history shows only the commits the clone has")
}

/// Starts git in `dir`; `None` when git is missing.
pub fn git(dir: &Path, args: &[&str]) -> Option<Child> {
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

/// A git that reads lines on its standard input while a thread of its own reads what it
/// prints: lines can be sent to it while another git is still being read, and neither pipe
/// can fill and stop both sides.
pub struct Piped<T> {
    child: Child,
    input: Option<ChildStdin>,
    output: std::thread::JoinHandle<T>,
}

impl<T: Send + 'static> Piped<T> {
    /// Starts git in `dir` with `args`, its output read by `read`; `None` when git is missing.
    pub fn start(
        dir: &Path,
        args: &[&str],
        read: impl FnOnce(ChildStdout) -> T + Send + 'static,
    ) -> Option<Piped<T>> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let input = child.stdin.take();
        let stdout = child.stdout.take()?;
        let output = std::thread::spawn(move || read(stdout));
        Some(Piped {
            child,
            input,
            output,
        })
    }

    /// Sends one line (a commit or blob id); a git that stopped reading is not an error here
    /// (its answer says so).
    pub fn send(&mut self, line: &str) {
        if let Some(input) = &mut self.input {
            let mut bytes = Vec::with_capacity(line.len() + 1);
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
            if input.write_all(&bytes).is_err() {
                self.input = None;
            }
        }
    }

    /// Ends the input and waits for git; what `read` made of its output, if git succeeded.
    pub fn finish(mut self) -> Option<T> {
        drop(self.input.take());
        let out = self.output.join().ok();
        let status = self.child.wait().ok()?;
        out.filter(|_| status.success())
    }
}

/// Stops a started git whose answer is not needed, and reaps it.
pub fn discard(child: Option<Child>) {
    if let Some(mut child) = child {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// What a started git printed; `None` when it failed (not a repository).
pub fn finish(child: Child) -> Option<String> {
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
}
