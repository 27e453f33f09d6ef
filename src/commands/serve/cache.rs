//! The parse cache: parsed front matter by path and content, so a rebuild parses only the
//! files whose text changed; and, while the watcher says which files were written
//! ([`ParseMemo::trust_all_but`]), reads only those. It also keeps the metadata each
//! document's front matter was read into ([`MetaMemo`]), under the kinds it was read with.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::model::kinds::Kinds;
use crate::pipeline::ParseCache;
use crate::stages::assemble::{MetaMemo, ReadMeta};
use crate::stages::frontmatter::{self, FrontMatterError, Parsed};

/// `source` → (its text, its parsed front matter and body).
type Entries = HashMap<String, (Arc<str>, Arc<Parsed>)>;

/// Each document's metadata as last read, and the kinds it was read with.
#[derive(Default)]
struct ReadMetas {
    kinds: Option<Kinds>,
    by_source: HashMap<String, Arc<ReadMeta>>,
}

/// Parsed files by path, with the text they were parsed from.
#[derive(Default)]
pub struct ParseMemo {
    entries: Mutex<Entries>,
    /// The files written since they were parsed, when those are all that changed; `None`:
    /// every file is read again.
    changed: Option<HashSet<String>>,
    /// Each document's metadata as last read, and the kinds it was read with.
    read: Mutex<ReadMetas>,
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
        self.lock_read()
            .by_source
            .retain(|source, _| keep.contains(source.as_str()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_read(&self) -> std::sync::MutexGuard<'_, ReadMetas> {
        self.read.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl MetaMemo for ParseMemo {
    fn use_kinds(&self, kinds: &Kinds) {
        let mut read = self.lock_read();
        if read.kinds.as_ref() != Some(kinds) {
            *read = ReadMetas {
                kinds: Some(kinds.clone()),
                by_source: HashMap::new(),
            };
        }
    }

    fn read(&self, source: &str) -> Option<Arc<ReadMeta>> {
        self.lock_read().by_source.get(source).cloned()
    }

    fn keep(&self, source: &str, read: ReadMeta) {
        self.lock_read()
            .by_source
            .insert(source.to_string(), Arc::new(read));
    }

    fn keeps(&self) -> bool {
        true
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
    fn keeps_metadata_while_its_parse_cascade_and_kinds_hold() {
        use crate::model::meta::MetaSource;
        use crate::stages::assemble::read_or_extract;
        use crate::stages::frontmatter::Mapping;
        let memo = ParseMemo::default();
        let kinds = Kinds::default();
        memo.use_kinds(&kinds);
        let title = |parsed: &Arc<Parsed>, inherited: &Mapping| {
            let from = MetaSource {
                file: std::path::Path::new("content/a.md"),
                own: &parsed.fields,
                inherited,
                key_lines: &parsed.key_lines,
                header_line: parsed.header_line,
                is_section: false,
                kinds: &kinds,
            };
            let (meta, _) = read_or_extract(&memo, "a.md", parsed, &from);
            (meta.title, meta.owner)
        };
        let none = Mapping::new();
        let first = memo.parse("a.md", "---\ntitle: A\n---\n").unwrap();
        assert_eq!(title(&first, &none).0.as_deref(), Some("A"));
        assert!(memo
            .read("a.md")
            .is_some_and(|r| r.holds_for(&first, &none)));
        let edited = memo.parse("a.md", "---\ntitle: B\n---\n").unwrap();
        assert_eq!(
            title(&edited, &none).0.as_deref(),
            Some("B"),
            "a new parse is read"
        );
        let mut cascade = Mapping::new();
        cascade.insert("owner".into(), "ops".into());
        assert_eq!(
            title(&edited, &cascade).1.as_deref(),
            Some("ops"),
            "another cascade is read again"
        );
        assert!(!memo.read("a.md").unwrap().holds_for(&edited, &none));
        let mut custom = std::collections::BTreeMap::new();
        custom.insert("vendor".to_string(), Default::default());
        memo.use_kinds(&Kinds::new(&custom));
        assert!(
            memo.read("a.md").is_none(),
            "other kinds forget what was read"
        );
        memo.use_kinds(&Kinds::new(&custom));
        title(&edited, &none);
        memo.retain(&HashSet::new());
        assert!(memo.read("a.md").is_none());
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
