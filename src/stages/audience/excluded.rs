//! What a build remembers of a document (or section) it left out for its audience: enough to
//! recognise a link to it and to find it in the output if it leaked, and nothing to render.

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, Parser, Tag};

use crate::model::urls;

/// How many sentences of a left-out body the leak gate looks for.
const SENTENCES: usize = 3;
/// A sentence shorter than this is too common to be a sign of a leak.
const MIN_SENTENCE: usize = 40;
/// Longer sentences are cut to this many bytes (at a character boundary) before searching.
const MAX_SENTENCE: usize = 160;

/// One left-out document or section.
#[derive(Debug, Clone)]
pub struct Excluded {
    /// The source path relative to `content/` (a folder for a section without index file).
    pub source: String,
    /// The output path it would have had (`deals/falcon.html`, `deals/index.html`).
    pub output: String,
    pub title: String,
    /// Its `id:`, if it has one.
    pub id: Option<String>,
    /// Its classification level.
    pub level: String,
    /// A few distinctive sentences of its body.
    pub sentences: Vec<String>,
    /// What its body links to or shows, relative to `content/` (for files only it uses).
    pub links: Vec<String>,
    /// Why this build leaves it out.
    pub why: Why,
    /// The `classification` it writes itself, if any (lower than `level` when a folder
    /// hides it).
    pub written: Option<String>,
    /// What its `supports` and `supersedes` name (paths relative to `content/`), so the
    /// pages it relates to can say that a document they do not show relates to them.
    pub supports: Vec<String>,
    pub supersedes: Vec<String>,
}

/// Why a build leaves a page out: the source of its level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Its own `classification`.
    Classification,
    /// A section's `cascade: {classification}`.
    Cascade,
    /// `audiences.default_classification`: it names no level.
    Default,
    /// It lies in this left-out folder (the outermost), whose level covers it.
    Folder(String),
}

impl Excluded {
    /// What is kept of a left-out page with this `body`.
    pub fn new(source: &str, output: &str, title: &str, level: &str) -> Self {
        Excluded {
            source: source.to_string(),
            output: output.to_string(),
            title: title.to_string(),
            id: None,
            level: level.to_string(),
            sentences: Vec::new(),
            links: Vec::new(),
            why: Why::Default,
            written: None,
            supports: Vec::new(),
            supersedes: Vec::new(),
        }
    }

    /// The same page, relating to others through `supports` and `supersedes`.
    pub fn relating(self, supports: Vec<String>, supersedes: Vec<String>) -> Self {
        Excluded {
            supports,
            supersedes,
            ..self
        }
    }

    /// The same page, left out for `why`, having written `written` itself.
    pub fn because(self, why: Why, written: Option<String>) -> Self {
        Excluded {
            why,
            written,
            ..self
        }
    }

    /// Keeps the most distinctive sentences of `body` (the longest runs of plain text) and
    /// where its links point.
    pub fn with_body(mut self, body: &str) -> Self {
        let mut found: Vec<String> = Vec::new();
        for event in Parser::new_ext(body, crate::stages::markdown::options()) {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
                let path = dest_url.split(['#', '?']).next().unwrap_or("");
                let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
                if let Some(joined) = urls::join(urls::parent_dir(&self.source), &decoded) {
                    self.links.push(joined);
                }
            }
            if let Event::Text(text) = event {
                for sentence in text.split_inclusive(['.', '!', '?']) {
                    let sentence = sentence.trim();
                    if sentence.len() >= MIN_SENTENCE {
                        found.push(cut(sentence).to_string());
                    }
                }
            }
        }
        found.sort_by_key(|s| std::cmp::Reverse(s.len()));
        found.dedup();
        found.truncate(SENTENCES);
        self.sentences = found;
        self
    }
}

/// `text` cut to at most [`MAX_SENTENCE`] bytes.
fn cut(text: &str) -> &str {
    if text.len() <= MAX_SENTENCE {
        return text;
    }
    let mut end = MAX_SENTENCE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Where a level is written: a file as diagnostics show it (`content/deals/_index.md`) and
/// the line of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAt {
    pub file: String,
    pub line: usize,
}

/// A left-out folder: its level, and where that level is written (`None` when the folder
/// takes the default classification, or lies in a left-out folder).
#[derive(Debug, Clone)]
pub struct LeftFolder {
    pub level: String,
    pub set_at: Option<SetAt>,
}

/// Everything one build left out for its audience.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    /// Left-out documents and section index files, by source path.
    pub pages: HashMap<String, Excluded>,
    /// Left-out folders (sections), relative to `content/`.
    pub dirs: HashMap<String, LeftFolder>,
    /// Folders left out without an index file (their title and path are still secret).
    pub bare_dirs: Vec<Excluded>,
}

impl LeftOut {
    /// Whether `path` (relative to `content/`) is a left-out page or lies in a left-out folder.
    pub fn contains(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.pages.contains_key(path) || self.level_of(path).is_some()
    }

    /// The level of the left-out folder `dir` is in (or is), if it is in one.
    pub fn level_of(&self, dir: &str) -> Option<String> {
        let mut rest = dir.trim_end_matches('/');
        loop {
            if let Some(folder) = self.dirs.get(rest) {
                return Some(folder.level.clone());
            }
            rest = rest.rsplit_once('/')?.0;
        }
    }

    /// The outermost left-out folder that `dir` is in (or is): the one whose own level
    /// leaves out everything below it.
    pub fn hiding_folder(&self, dir: &str) -> Option<(&str, &LeftFolder)> {
        let mut rest = dir.trim_end_matches('/');
        let mut outermost = None;
        loop {
            if let Some((name, folder)) = self.dirs.get_key_value(rest) {
                outermost = Some((name.as_str(), folder));
            }
            match rest.rsplit_once('/') {
                Some((parent, _)) => rest = parent,
                None => return outermost,
            }
        }
    }

    /// Whether anything was left out.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.dirs.is_empty()
    }

    /// How many documents each level left out (section index files are not counted).
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for page in self.pages.values().filter(|p| !is_index(&p.source)) {
            *counts.entry(page.level.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Every left-out page and folder.
    pub fn all(&self) -> impl Iterator<Item = &Excluded> {
        self.pages.values().chain(self.bare_dirs.iter())
    }
}

fn is_index(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    crate::stages::discover::INDEX_NAMES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_long_plain_sentences() {
        let body = "# Falcon\n\nShort one. We will acquire Harbourline for forty million euros in the spring. \
                    **Bold words** are split from the rest of this fairly long paragraph text.\n";
        let excluded =
            Excluded::new("m/falcon.md", "m/falcon.html", "Falcon", "confidential").with_body(body);
        assert_eq!(excluded.output, "m/falcon.html");
        assert!(excluded.sentences.contains(
            &"We will acquire Harbourline for forty million euros in the spring.".to_string()
        ));
        assert!(!excluded.sentences.iter().any(|s| s.contains("Short one")));
    }

    #[test]
    fn folders_contain_their_files() {
        let mut left = LeftOut::default();
        let folder = |level: &str| LeftFolder {
            level: level.into(),
            set_at: None,
        };
        left.dirs.insert("deals".into(), folder("restricted"));
        left.dirs.insert("deals/2027".into(), folder("restricted"));
        assert!(left.contains("deals/2027/falcon.md"));
        assert!(left.contains("deals/"));
        assert!(!left.contains("dealsx/a.md"));
        assert_eq!(left.hiding_folder("deals/2027").map(|f| f.0), Some("deals"));
        assert!(left.hiding_folder("dealsx").is_none());
    }
}
