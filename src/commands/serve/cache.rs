//! The parse cache: parsed front matter by path and content, so a rebuild parses only the
//! files whose text changed.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::pipeline::ParseCache;
use crate::stages::frontmatter::{self, FrontMatterError, Parsed};

/// `source` → (its text, its parsed front matter and body).
#[derive(Default)]
pub struct ParseMemo {
    entries: Mutex<HashMap<String, (Arc<str>, Parsed)>>,
}

impl ParseMemo {
    /// The cached text and parse of `source`, if any.
    pub fn get(&self, source: &str) -> Option<(Arc<str>, Parsed)> {
        self.lock().get(source).cloned()
    }

    pub fn insert(&self, source: &str, text: &str, parsed: Parsed) {
        self.lock()
            .insert(source.to_string(), (Arc::from(text), parsed));
    }

    /// Forgets every file not in `keep` (deleted or renamed files).
    pub fn retain(&self, keep: &HashSet<&str>) {
        self.lock()
            .retain(|source, _| keep.contains(source.as_str()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Arc<str>, Parsed)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ParseCache for ParseMemo {
    fn parse(&self, source: &str, text: &str) -> Result<Parsed, FrontMatterError> {
        if let Some((cached, parsed)) = self.lock().get(source) {
            if **cached == *text {
                return Ok(parsed.clone());
            }
        }
        let parsed = frontmatter::parse(text)?;
        self.insert(source, text, parsed.clone());
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reparses_only_changed_text() {
        let memo = ParseMemo::default();
        let first = memo.parse("a.md", "---\ntitle: A\n---\nOne\n").unwrap();
        assert_eq!(first.body, "One\n");
        let again = memo.parse("a.md", "---\ntitle: A\n---\nOne\n").unwrap();
        assert_eq!(again.body, "One\n");
        let changed = memo.parse("a.md", "---\ntitle: A\n---\nTwo\n").unwrap();
        assert_eq!(changed.body, "Two\n");
        assert_eq!(&*memo.get("a.md").unwrap().0, "---\ntitle: A\n---\nTwo\n");
        memo.retain(&HashSet::new());
        assert!(memo.get("a.md").is_none());
    }
}
