//! The leak gate: after rendering and before anything is published, every output file is
//! scanned — with one Aho–Corasick automaton — for the titles, ids, paths and distinctive
//! sentences of every document left out for the audience. A hit fails the build, naming the
//! file and the string, so a template or a bug that shows a left-out document cannot go
//! unnoticed. A handbook that leaves nothing out pays nothing.

use std::path::Path;
use std::sync::Mutex;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use anyhow::Result;

use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;
use crate::model::urls;
use crate::outputs::folder::Sink;
use crate::stages::audience::Excluded;
use crate::util::fsutil;

/// A title, id or path shorter than this is too common a word to be a sign of a leak.
const MIN_PATTERN: usize = 4;
/// A title that is one plain word ("Decisions", "Budget") is searched only from this length
/// on: shorter ones are words any page or template may use.
const MIN_ONE_WORD: usize = 10;

/// What the gate looks for.
struct Pattern {
    /// The text as written in the source.
    shown: String,
    /// What it is, e.g. "the title of content/deals/falcon.md".
    what: String,
}

/// A left-out document found in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// The output file, relative to the output folder.
    pub file: String,
    /// The text found, as written in the source.
    pub found: String,
    pub what: String,
}

impl Leak {
    /// The error that stops the build.
    pub fn diagnostic(&self, audience: &str) -> Diagnostic {
        Diagnostic::error(format!(
            "leak: the output file {} contains `{}`, {}, which the `{audience}` audience does not see",
            self.file, self.found, self.what
        ))
        .code("leak")
        .in_file(&self.file)
        .help("a template, the config or an included document shows a left-out document: remove it there; \
               if the text only happens to be the same, reword one of the two")
    }
}

/// The automaton over every variant of every pattern, or nothing when nothing is left out.
/// Matching is case-sensitive: "Architecture", a section's title, is not the word
/// "architecture" in a sentence of the theme.
pub struct LeakGate {
    /// Reports every match, overlapping ones too: for the rare second look.
    automaton: Option<AhoCorasick>,
    /// Leftmost-longest matches only, as a DFA: the fast first look over the output.
    scanner: Option<AhoCorasick>,
    /// The longest variant, in bytes.
    longest: usize,
    /// Per automaton pattern: the index into `patterns`.
    owners: Vec<usize>,
    patterns: Vec<Pattern>,
}

impl LeakGate {
    /// The gate of `site`'s left-out pages.
    pub fn new(site: &Site) -> LeakGate {
        let mut patterns = Vec::new();
        for excluded in site.left_out.all() {
            patterns.extend(patterns_of(excluded));
        }
        let gate = LeakGate::compile(patterns);
        if gate.automaton.is_none() {
            return gate;
        }
        let shared = gate.shared_with(site);
        let kept = gate
            .patterns
            .into_iter()
            .enumerate()
            .filter(|(index, _)| !shared.contains(index))
            .map(|(_, pattern)| pattern)
            .collect();
        LeakGate::compile(kept)
    }

    fn compile(patterns: Vec<Pattern>) -> LeakGate {
        let mut variants = Vec::new();
        let mut owners = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            for variant in variants_of(&pattern.shown) {
                variants.push(variant);
                owners.push(index);
            }
        }
        let build = |kind: MatchKind, engine: Option<AhoCorasickKind>| {
            if variants.is_empty() {
                return None;
            }
            AhoCorasickBuilder::new()
                .match_kind(kind)
                .kind(engine)
                .build(&variants)
                .ok()
        };
        LeakGate {
            automaton: build(MatchKind::Standard, None),
            scanner: build(MatchKind::LeftmostLongest, Some(AhoCorasickKind::DFA))
                .or_else(|| build(MatchKind::LeftmostLongest, None)),
            longest: variants.iter().map(String::len).max().unwrap_or(0),
            owners,
            patterns,
        }
    }

    /// Whether the gate has nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The patterns (by index) that are also the title or the path of a page or file the
    /// build includes (two pages called "Overview"), or words of the built-in theme
    /// ("Risk register"): those are not signs of a leak. Bodies, the config and the
    /// handbook's own templates are not exempt: an included page that names a left-out one
    /// is a leak.
    fn shared_with(&self, site: &Site) -> std::collections::HashSet<usize> {
        let mut shared = std::collections::HashSet::new();
        let mut look = |text: &str| {
            for index in self.hits(text.as_bytes()) {
                shared.insert(index);
            }
        };
        for page in site.pages() {
            look(site.title(page));
            look(site.output(page));
            if let Some(id) = &site.meta(page).id {
                look(id);
            }
        }
        for asset in &site.assets {
            look(asset);
        }
        for file in crate::stages::theme::builtin_files() {
            for index in self.hits(file) {
                shared.insert(index);
            }
        }
        shared
    }

    /// The patterns (by index) found in `bytes` as whole words.
    fn hits<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
        self.automaton.iter().flat_map(move |automaton| {
            automaton
                .find_overlapping_iter(bytes)
                .filter(move |m| whole_word(bytes, m.start(), m.end()))
                .map(move |m| self.owners[m.pattern().as_usize()])
        })
    }

    /// The first pattern (by index) found in `bytes` as a whole word. The leftmost-longest
    /// scan is fast; where its match is part of a longer word, every pattern that overlaps
    /// that spot is looked at too, so a shorter pattern there is not missed.
    fn first_hit(&self, bytes: &[u8]) -> Option<usize> {
        let scanner = self.scanner.as_ref()?;
        let mut at = 0;
        while at < bytes.len() {
            let found = scanner.find(Input::new(bytes).span(at..bytes.len()))?;
            if whole_word(bytes, found.start(), found.end()) {
                return Some(self.owners[found.pattern().as_usize()]);
            }
            let end = (found.start() + self.longest).min(bytes.len());
            let window = &bytes[found.start()..end];
            let automaton = self.automaton.as_ref()?;
            let near = automaton
                .find_overlapping_iter(window)
                .find(|m| whole_word(bytes, found.start() + m.start(), found.start() + m.end()));
            if let Some(m) = near {
                return Some(self.owners[m.pattern().as_usize()]);
            }
            at = found.start() + 1;
        }
        None
    }

    /// The first left-out text found in the output file `file`.
    pub fn scan(&self, file: &str, bytes: &[u8]) -> Option<Leak> {
        let index = self.first_hit(bytes)?;
        let pattern = &self.patterns[index];
        Some(Leak {
            file: file.to_string(),
            found: pattern.shown.clone(),
            what: pattern.what.clone(),
        })
    }
}

/// What is searched for one left-out page.
fn patterns_of(excluded: &Excluded) -> Vec<Pattern> {
    let source = format!("content/{}", excluded.source);
    let mut patterns = vec![Pattern {
        shown: excluded.title.clone(),
        what: format!("the title of {source}"),
    }];
    if let Some(id) = &excluded.id {
        patterns.push(Pattern {
            shown: id.clone(),
            what: format!("the id of {source}"),
        });
    }
    // An address appears as written and percent-encoded; a title or a sentence never does
    // (encoding one would only double the strings to search). The source path is what a
    // reference field or a hand-written link names.
    let encoded = urls::encode_path(&excluded.output);
    for address in [excluded.output.clone(), encoded, excluded.source.clone()] {
        if !patterns.iter().any(|p| p.shown == address) {
            patterns.push(Pattern {
                what: format!("the address of {source}"),
                shown: address,
            });
        }
    }
    for sentence in &excluded.sentences {
        patterns.push(Pattern {
            shown: sentence.clone(),
            what: format!("a sentence of {source}"),
        });
    }
    patterns.retain(|p| distinctive(p.shown.trim()));
    patterns
}

/// Whether `text` is unusual enough that finding it means a leak.
fn distinctive(text: &str) -> bool {
    let one_plain_word = text.chars().all(|c| c.is_alphabetic());
    text.len() >= MIN_PATTERN && (!one_plain_word || text.chars().count() >= MIN_ONE_WORD)
}

/// The forms a text takes in the output: as written, escaped for HTML (by Tera or by the
/// Markdown renderer), and escaped in JSON.
fn variants_of(text: &str) -> Vec<String> {
    let text = text.trim();
    let html_markdown = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let html_tera = html_markdown.replace('\'', "&#39;");
    let json = serde_json::to_string(text).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    let mut variants = vec![text.to_string(), html_markdown, html_tera, json];
    variants.sort();
    variants.dedup();
    variants
}

/// Whether the match at `start..end` is not part of a longer word.
fn whole_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let inner_start = bytes.get(start).copied().is_some_and(word);
    let inner_end = end > 0 && bytes.get(end - 1).copied().is_some_and(word);
    let before = start > 0 && word(bytes[start - 1]);
    let after = bytes.get(end).copied().is_some_and(word);
    !((inner_start && before) || (inner_end && after))
}

/// A sink that scans everything written through it before passing it on.
pub struct GatedSink<'a> {
    pub inner: &'a dyn Sink,
    pub gate: &'a LeakGate,
    leaks: Mutex<Vec<Leak>>,
}

impl<'a> GatedSink<'a> {
    pub fn new(inner: &'a dyn Sink, gate: &'a LeakGate) -> Self {
        GatedSink {
            inner,
            gate,
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// Every leak found, sorted by file.
    pub fn leaks(self) -> Vec<Leak> {
        let mut leaks = self.leaks.into_inner().unwrap_or_else(|e| e.into_inner());
        leaks.sort_by(|a, b| a.file.cmp(&b.file));
        leaks
    }

    fn record(&self, leak: Option<Leak>) {
        if let Some(leak) = leak {
            self.leaks
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(leak);
        }
    }
}

impl GatedSink<'_> {
    /// Looks at a file's name (a page written at a left-out page's address, e.g. an alias)
    /// and at its bytes.
    fn check(&self, path: &str, bytes: &[u8]) {
        let named = self.gate.scan(path, path.as_bytes()).map(|leak| Leak {
            what: format!("{} (the file's own name)", leak.what),
            ..leak
        });
        self.record(named.or_else(|| self.gate.scan(path, bytes)));
    }
}

impl Sink for GatedSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if !self.gate.is_empty() {
            self.check(path, bytes);
        }
        self.inner.write(path, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        if !self.gate.is_empty() {
            let bytes = fsutil::read(from)?;
            self.check(path, &bytes);
        }
        self.inner.copy(path, from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(title: &str) -> LeakGate {
        let excluded = Excluded::new(
            "deals/falcon.md",
            "deals/falcon.html",
            title,
            "confidential",
        )
        .with_body("We intend to acquire Harbourline Logistics before the end of next year.\n");
        LeakGate::compile(patterns_of(&excluded))
    }

    #[test]
    fn finds_every_form_of_a_title() {
        let gate = gate("Project Falcon & \"Heron\"");
        for text in [
            "<h1>Project Falcon &amp; &quot;Heron&quot;</h1>",
            "{\"t\":\"Project Falcon & \\\"Heron\\\"\"}",
            "<a href=\"../deals/falcon.html\">x</a>",
            "<p>We intend to acquire Harbourline Logistics before the end of next year.</p>",
        ] {
            assert!(gate.scan("a.html", text.as_bytes()).is_some(), "{text}");
        }
        assert_eq!(gate.scan("a.html", b"Project Falconry & \"Heron\"x"), None);
    }

    #[test]
    fn a_shorter_title_inside_a_longer_word_match_is_found() {
        let pattern = |shown: &str| Pattern {
            shown: shown.into(),
            what: "x".into(),
        };
        let gate = LeakGate::compile(vec![
            pattern("Project Heron"),
            pattern("Project Heron takeover"),
        ]);
        let leak = gate
            .scan("a.html", b"<p>Project Heron takeovers</p>")
            .unwrap();
        assert_eq!(leak.found, "Project Heron");
        assert_eq!(gate.scan("a.html", b"Project Heronry"), None);
    }

    #[test]
    fn whole_words_only() {
        assert!(whole_word(b" abc ", 1, 4));
        assert!(!whole_word(b"xabc ", 1, 4));
        assert!(whole_word(b"/a.html", 0, 7));
    }
}
