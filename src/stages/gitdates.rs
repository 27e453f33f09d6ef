//! Last-changed dates from git history: each file's newest commit date, read off the one
//! `git log` pass of [`crate::stages::history`]. Outside a git repository (or without git)
//! there are simply no dates; a shallow clone gives a warning and no dates, since its history
//! would date every file to the clone's one commit.

use std::collections::HashMap;

/// Each file's last commit date (`YYYY-MM-DD`, author date), by path relative to `content/`.
#[derive(Debug, Clone, Default)]
pub struct GitDates {
    dates: HashMap<String, String>,
}

/// Marks the start of a commit in the log (a byte no path contains).
const COMMIT: char = '\u{1e}';

impl GitDates {
    /// The dates of a map from path to date.
    pub fn from_map(dates: HashMap<String, String>) -> GitDates {
        GitDates { dates }
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
}
