//! The one `git log` pass over `content/`: every commit (id, date, author, subject) and the
//! Markdown files it added, changed or renamed, with their blob ids, followed back through
//! renames to the file each document is now.

use std::collections::HashMap;

/// Marks the start of a commit in the log (a byte no subject or path contains).
pub const COMMIT: char = '\u{1e}';
/// Separates the fields of a commit's line.
pub const FIELD: char = '\u{1f}';
/// The log's `--format`: id, author date, author name and subject.
pub const FORMAT: &str = "--format=\u{1e}%H\u{1f}%as\u{1f}%an\u{1f}%s";
/// Git's id of no object (the old side of an added file).
const NONE: &str = "0000000000000000000000000000000000000000";

/// One commit of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// YYYY-MM-DD, the author date.
    pub date: String,
    pub author: String,
    pub subject: String,
}

/// What one commit did to one file: `old` is the blob before (none when added), `new` after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file's path after the commit, relative to `content/`.
    pub path: String,
    /// The path before, when the commit renamed the file.
    pub from: Option<String>,
    pub old: Option<String>,
    pub new: String,
}

/// The parsed log, newest commit first; `changes[i]` belongs to `commits[i]`.
#[derive(Debug, Default)]
pub struct Log {
    pub commits: Vec<Commit>,
    pub changes: Vec<Vec<FileChange>>,
    /// Whether the last commit pushed added a Markdown file, and deleted one.
    added: bool,
    deleted: bool,
}

impl Log {
    /// Parses `git log --raw --no-abbrev` output written with [`FORMAT`]. Deleted files are
    /// dropped (no document is a deleted file); renames are kept when `-M` found them.
    pub fn parse(text: &str) -> Log {
        let mut log = Log::default();
        for line in text.lines() {
            log.push(line);
        }
        log.close();
        log
    }

    /// Adds one line of the log, as git prints it. When the line starts a commit, returns the
    /// index of the commit before it if that one is a rename candidate: it added one Markdown
    /// file and deleted another, where `-M` may find a rename that `--no-renames` listed as
    /// a deletion and an addition.
    pub fn push(&mut self, line: &str) -> Option<usize> {
        if let Some(head) = line.strip_prefix(COMMIT) {
            let candidate = self.close();
            let mut parts = head.splitn(4, FIELD);
            let mut next = || parts.next().unwrap_or("").to_string();
            self.commits.push(Commit {
                id: next(),
                date: next(),
                author: next(),
                subject: next(),
            });
            self.changes.push(Vec::new());
            return candidate;
        }
        if line.starts_with(':') && line.ends_with(".md") {
            let status = line.split('\t').next().unwrap_or("");
            self.added |= status.ends_with(" A");
            self.deleted |= status.ends_with(" D");
        }
        if let (Some(change), Some(list)) = (raw_line(line), self.changes.last_mut()) {
            list.push(change);
        }
        None
    }

    /// Ends the log: the index of its last commit if that is a rename candidate.
    pub fn close(&mut self) -> Option<usize> {
        let candidate = self.added && self.deleted;
        (self.added, self.deleted) = (false, false);
        candidate
            .then(|| self.commits.len().checked_sub(1))
            .flatten()
    }

    /// Replaces the changes of the commits in `renames` (the output of `git diff-tree
    /// --stdin -M --raw`, each commit's id on a line before its changes) with those.
    pub fn apply_renames(&mut self, renames: &str) {
        let index: HashMap<&str, usize> = self
            .commits
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut found: HashMap<usize, Vec<FileChange>> = HashMap::new();
        let mut current = None;
        for line in renames.lines() {
            if let Some(&i) = index.get(line.trim()) {
                current = Some(i);
                found.entry(i).or_default();
            } else if let (Some(change), Some(i)) = (raw_line(line), current) {
                found.entry(i).or_default().push(change);
            }
        }
        for (i, changes) in found {
            self.changes[i] = changes;
        }
    }

    /// Each current Markdown file's changes, newest first, as (commit index, change); a
    /// renamed file's older changes are found under its older name.
    pub fn by_file(&self) -> HashMap<String, Vec<(usize, FileChange)>> {
        // Walking back in time: the name each file had then → the file it is now.
        let mut now_named: HashMap<String, String> = HashMap::new();
        let mut ended: std::collections::HashSet<String> = Default::default();
        let mut out: HashMap<String, Vec<(usize, FileChange)>> = HashMap::new();
        for (i, changes) in self.changes.iter().enumerate() {
            for change in changes {
                let current = match now_named.remove(&change.path) {
                    Some(current) => current,
                    // A file seen for the first time (newest change) is a file of today,
                    // unless a newer commit added a file of that name afresh.
                    None if !ended.contains(&change.path) => change.path.clone(),
                    None => continue,
                };
                match (&change.from, &change.old) {
                    (Some(from), _) => {
                        now_named.insert(from.clone(), current.clone());
                    }
                    (None, Some(_)) => {
                        now_named.insert(change.path.clone(), current.clone());
                    }
                    // Added: older files of that name are other files.
                    (None, None) => {
                        ended.insert(change.path.clone());
                    }
                }
                out.entry(current).or_default().push((i, change.clone()));
            }
        }
        out
    }
}

/// The blobs a `--raw` line of a Markdown file names (before and after; not git's id of no
/// object): the versions a change in the window shows.
pub fn markdown_blobs(line: &str) -> impl Iterator<Item = &str> {
    let head = line
        .strip_prefix(':')
        .filter(|_| line.ends_with(".md"))
        .and_then(|rest| rest.split('\t').next())
        .unwrap_or("");
    head.split(' ')
        .skip(2)
        .take(2)
        .filter(|id| id.len() >= 40 && *id != NONE)
}

/// One `--raw` line: `:100644 100644 OLD NEW M\tpath` or `… R097\tfrom\tto`; `None` for
/// deletions, other files than Markdown and other lines.
fn raw_line(line: &str) -> Option<FileChange> {
    let rest = line.strip_prefix(':')?;
    let mut tab = rest.split('\t');
    let head: Vec<&str> = tab.next()?.split(' ').collect();
    let (old, new, status) = (*head.get(2)?, *head.get(3)?, *head.get(4)?);
    let first = tab.next()?;
    let second = tab.next();
    let (path, from) = match (status.chars().next()?, second) {
        ('R', Some(to)) => (to, Some(first.to_string())),
        ('A' | 'M' | 'T', _) => (first, None),
        _ => return None,
    };
    if !path.ends_with(".md") {
        return None;
    }
    Some(FileChange {
        path: path.to_string(),
        from,
        old: (old != NONE).then(|| old.to_string()),
        new: new.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(old: &str, new: &str, status: &str, paths: &str) -> String {
        let pad = |s: &str| format!("{s:0<40}");
        format!(
            ":100644 100644 {} {} {status}\t{paths}\n",
            pad(old),
            pad(new)
        )
    }

    #[test]
    fn renames_are_followed_to_the_file_of_today() {
        let text = [
            "\u{1e}c3\u{1f}2026-03-01\u{1f}Ada\u{1f}Adopt it\n\n".to_string(),
            raw("b", "c", "M", "tech/new.md"),
            "\u{1e}c2\u{1f}2026-02-01\u{1f}Bo\u{1f}Rename\n\n".to_string(),
            raw("a", "b", "R090", "tech/old.md\ttech/new.md"),
            "\u{1e}c1\u{1f}2026-01-01\u{1f}Cy\u{1f}Start\n\n".to_string(),
            raw("0", "a", "A", "tech/old.md"),
            raw("0", "x", "A", "other.md"),
        ]
        .concat();
        let log = Log::parse(&text);
        assert_eq!(log.commits[1].author, "Bo");
        let files = log.by_file();
        let new: Vec<usize> = files["tech/new.md"].iter().map(|(i, _)| *i).collect();
        assert_eq!(new, [0, 1, 2]);
        assert_eq!(
            files["tech/new.md"][1].1.from.as_deref(),
            Some("tech/old.md")
        );
        assert!(!files.contains_key("tech/old.md"));
        assert_eq!(files["other.md"].len(), 1);
    }

    #[test]
    fn a_file_added_again_after_a_rename_is_another_file() {
        let text = [
            "\u{1e}c2\u{1f}2026-02-01\u{1f}Bo\u{1f}New a\n\n".to_string(),
            raw("0", "n", "A", "a.md"),
            "\u{1e}c1\u{1f}2026-01-01\u{1f}Cy\u{1f}Move a to b\n\n".to_string(),
            raw("a", "b", "R100", "a.md\tb.md"),
            "\u{1e}c0\u{1f}2025-12-01\u{1f}Cy\u{1f}Start\n\n".to_string(),
            raw("0", "a", "A", "a.md"),
        ]
        .concat();
        let files = Log::parse(&text).by_file();
        assert_eq!(files["a.md"].len(), 1);
        assert_eq!(files["b.md"].len(), 2);
    }

    #[test]
    fn commits_that_add_and_delete_are_rename_candidates() {
        let text = [
            "\u{1e}c2\u{1f}2026-02-01\u{1f}Bo\u{1f}Move\n\n".to_string(),
            raw("a", "0", "D", "a.md"),
            raw("0", "b", "A", "b.md"),
            "\u{1e}c1\u{1f}2026-01-01\u{1f}Cy\u{1f}Start\n\n".to_string(),
            raw("0", "a", "A", "a.md"),
        ]
        .concat();
        let mut log = Log::default();
        let mut candidates: Vec<usize> = text.lines().filter_map(|line| log.push(line)).collect();
        candidates.extend(log.close());
        assert_eq!(candidates, [0]);
        let mut log = Log::parse(&text);
        log.apply_renames(&format!("c2\n{}", raw("a", "b", "R080", "a.md\tb.md")));
        assert_eq!(log.changes[0][0].from.as_deref(), Some("a.md"));
    }
}
