//! The parse cache: parsed front matter by path and content, so a rebuild parses only the
//! files whose text changed; and, while the watcher says which files were written
//! ([`ParseMemo::trust_all_but`]), reads only those.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::pipeline::ParseCache;
use crate::stages::frontmatter::{self, FrontMatterError, Parsed};

/// `source` → (its text, its parsed front matter and body).
type Entries = HashMap<String, (Arc<str>, Arc<Parsed>)>;

/// Parsed files by path, with the text they were parsed from.
#[derive(Default)]
pub struct ParseMemo {
    entries: Mutex<Entries>,
    /// The files written since they were parsed, when those are all that changed; `None`:
    /// every file is read again.
    changed: Option<HashSet<String>>,
}

impl ParseMemo {
    /// The cached text and parse of `source`, if any.
    pub fn get(&self, source: &str) -> Option<(Arc<str>, Arc<Parsed>)> {
        self.lock().get(source).cloned()
    }

    pub fn insert(&self, source: &str, text: &str, parsed: Arc<Parsed>) {
        self.lock()
            .insert(source.to_string(), (Arc::from(text), parsed));
    }

    /// Until [`ParseMemo::trust_nothing`], takes every file but those of `changed` to be as it
    /// was parsed last, without reading it.
    pub fn trust_all_but<'a>(&mut self, changed: impl IntoIterator<Item = &'a String>) {
        self.changed = Some(changed.into_iter().cloned().collect());
    }

    /// Reads every file again on the next load.
    pub fn trust_nothing(&mut self) {
        self.changed = None;
    }

    /// Forgets every file not in `keep` (deleted or renamed files).
    pub fn retain(&self, keep: &HashSet<&str>) {
        self.lock()
            .retain(|source, _| keep.contains(source.as_str()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ParseCache for ParseMemo {
    fn parse(&self, source: &str, text: &str) -> Result<Arc<Parsed>, FrontMatterError> {
        if let Some((cached, parsed)) = self.lock().get(source) {
            if **cached == *text {
                return Ok(parsed.clone());
            }
        }
        let parsed = Arc::new(frontmatter::parse(text)?);
        self.insert(source, text, parsed.clone());
        Ok(parsed)
    }

    fn kept(&self, source: &str) -> Option<Arc<Parsed>> {
        let changed = self.changed.as_ref()?;
        if changed.contains(source) {
            return None;
        }
        self.lock().get(source).map(|(_, parsed)| parsed.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reparses_only_changed_text() {
        let memo = ParseMemo::default();
        let first = memo.parse("a.md", "---\ntitle: A\n---\nOne\n").unwrap();
        assert_eq!(&*first.body, "One\n");
        let again = memo.parse("a.md", "---\ntitle: A\n---\nOne\n").unwrap();
        assert_eq!(&*again.body, "One\n");
        let changed = memo.parse("a.md", "---\ntitle: A\n---\nTwo\n").unwrap();
        assert_eq!(&*changed.body, "Two\n");
        assert_eq!(&*memo.get("a.md").unwrap().0, "---\ntitle: A\n---\nTwo\n");
        memo.retain(&HashSet::new());
        assert!(memo.get("a.md").is_none());
    }

    #[test]
    fn trusts_only_the_files_not_written_and_only_while_told() {
        let mut memo = ParseMemo::default();
        memo.parse("a.md", "---\ntitle: A\n---\nOne\n").unwrap();
        memo.parse("b.md", "---\ntitle: B\n---\nTwo\n").unwrap();
        assert!(memo.kept("a.md").is_none(), "nothing is trusted at first");
        memo.trust_all_but(&["b.md".to_string()]);
        assert_eq!(&*memo.kept("a.md").unwrap().body, "One\n");
        assert!(memo.kept("b.md").is_none(), "a written file is read");
        assert!(memo.kept("c.md").is_none(), "a file never parsed is read");
        memo.trust_nothing();
        assert!(memo.kept("a.md").is_none());
    }
}
