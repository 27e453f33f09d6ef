//! The git processes of one read of the history, side by side: `git log` is read line by
//! line, and as soon as it names them, each commit that may hold a rename goes to
//! `git diff-tree --stdin -M` and each version a change in the window shows goes to
//! `git cat-file --batch`. The three run at once instead of one after the other.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout};

use super::blobs::Blobs;
use super::log::{markdown_blobs, Log, COMMIT};
use super::repo::Piped;
use super::window::Window;

/// The arguments of the one `git log` pass over `content/`, before the commits to read
/// (`HEAD`, or `LAST..HEAD`) and the path (`-- .`).
pub const LOG: &[&str] = &[
    "-c",
    "core.quotePath=off",
    "log",
    "--no-renames",
    "--relative",
    "--raw",
    "--no-abbrev",
    super::log::FORMAT,
];

/// The arguments of the `git diff-tree` that finds renames in the commits sent to it.
const RENAMES: &[&str] = &[
    "-c",
    "core.quotePath=off",
    "diff-tree",
    "--stdin",
    "-r",
    "-M",
    "--relative",
    "--raw",
    "--no-abbrev",
    "--",
    ".",
];

/// What one read of the log found.
#[derive(Default)]
pub struct Found {
    /// The log, with the renames `diff-tree` found.
    pub log: Log,
    /// The text of every version asked for, by blob id.
    pub texts: HashMap<String, String>,
    /// The log's text and `diff-tree`'s, as git printed them (the cache keeps them).
    pub log_text: String,
    pub renames: String,
}

/// Reads the started `git log` (with [`LOG`]) in `content`: the log with its renames, and
/// the text of every version that a change in `window` shows, by blob id, but for the blobs
/// of `known`. `None` when git failed (not a repository, no commit yet).
pub fn read(
    content: &Path,
    mut log_git: Child,
    window: &Window,
    known: HashSet<String>,
) -> Option<Found> {
    let mut found = Found::default();
    let mut renames: Option<Piped<String>> = None;
    let mut blobs = Blobs::new(content, known);
    let mut rename = |log: &Log, candidate: Option<usize>| {
        let Some(i) = candidate else {
            return;
        };
        if renames.is_none() {
            renames = Piped::start(content, RENAMES, read_text);
        }
        if let Some(git) = &mut renames {
            git.send(&log.commits[i].id);
        }
    };
    if let Some(stdout) = log_git.stdout.take() {
        let mut reader = BufReader::with_capacity(1 << 16, stdout);
        let mut bytes = Vec::new();
        let mut in_window = false;
        loop {
            bytes.clear();
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&bytes);
            found.log_text.push_str(&text);
            let line = text.strip_suffix('\n').unwrap_or(&text);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let candidate = found.log.push(line);
            rename(&found.log, candidate);
            if line.starts_with(COMMIT) {
                in_window = found
                    .log
                    .commits
                    .last()
                    .is_some_and(|c| window.holds(&c.id, &c.date));
            } else if in_window {
                markdown_blobs(line).for_each(|id| blobs.ask(id));
            }
        }
    }
    let candidate = found.log.close();
    rename(&found.log, candidate);
    let succeeded = log_git.wait().is_ok_and(|status| status.success());
    let renamed = renames.and_then(Piped::finish);
    found.texts = blobs.finish();
    if !succeeded {
        return None;
    }
    if let Some(renamed) = renamed {
        found.log.apply_renames(&renamed);
        found.renames = renamed;
    }
    Some(found)
}

/// All that a git printed, as text.
fn read_text(mut stdout: ChildStdout) -> String {
    let mut bytes = Vec::new();
    let _ = stdout.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}
