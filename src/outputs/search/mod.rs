//! Offline full-text search: while pages render, each document becomes an [`Entry`] (its
//! heading sections and weighted words); afterwards the entries are written as static files
//! under `search/` that the theme's script loads on demand:
//!
//! - `search/manifest.json`: how many documents, the language of the theme's stemmer script
//!   (if the handbook's language has one), and which stem prefixes have a shard;
//! - `search/t/x<hex>.json`: a shard — every word whose stem starts with one prefix, grouped
//!   by stem, with its best documents (`[doc, section, score, …]`, see [`shards`]); a prefix
//!   with too many words is split by its next letter, and `search/s/x<hex>.json` keeps its
//!   most common words for short queries;
//! - `search/d/<doc / 100>/<doc>.json`: one document's title, URL, kind, status, owner, tags
//!   and the text of each heading section, for result titles, links and snippets (a hundred
//!   to a folder: adding a file to a folder of thousands is slow on some file systems);
//! - `search/facets.json`: each document's kind, status, owner and tags, for filters (see
//!   [`facets`] for its compact form).
//!
//! A query loads the manifest, one shard per word and the files of the results shown, so
//! what a query transfers does not grow with the handbook.

mod facets;
mod index;
mod json;
mod plain;
mod shards;
mod stem;
mod summary;
mod table;
pub mod text;

use rayon::prelude::*;

use crate::model::site::Site;
use crate::outputs::folder::Sink;
pub use index::Index;
pub use plain::{PlainText, SearchText, TextSection};
pub use stem::Stemmer;
pub use summary::{summary_path, write_summary};
use table::WordCounter;

/// The folder of the index files and the results page, inside the output.
pub const FOLDER: &str = "search";

/// Score of a word in the document's title; a heading adds [`HEADING`], each use in the
/// text one point, up to [`MAX_COUNT`].
const TITLE: u32 = 50;
const HEADING: u32 = 10;
const SUMMARY: u32 = 5;
const MAX_COUNT: u32 = 5;

/// One document, ready for the index.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The document's index in the site.
    pub document: usize,
    /// What the results page filters by.
    pub facets: Facets,
    /// Each distinct word (see [`Entry::words`]).
    words: String,
    /// The section each word scores best in, and its score, in the order of `words`.
    scores: Vec<(u16, u32)>,
}

impl Entry {
    /// Each distinct word with the section it scores best in and its score.
    pub fn words(&self) -> impl Iterator<Item = (&str, u16, u32)> {
        self.words
            .split(' ')
            .zip(&self.scores)
            .map(|(word, (section, score))| (word, *section, *score))
    }
}

/// A document's kind (its label), status, owner and tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Facets {
    pub kind: String,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
}

/// Whether the site writes a search index at all (`search: {enabled: false}` turns it off).
pub fn enabled(site: &Site) -> bool {
    site.config.search.enabled
}

/// Whether document `d` goes into the index: search is on and it does not say `search: false`.
pub fn wanted(site: &Site, d: usize) -> bool {
    enabled(site) && site.documents[d].meta.search
}

/// Each document's number in the index (documents in site order, those not indexed skipped).
pub fn numbers(site: &Site) -> Vec<Option<u32>> {
    let mut next = 0;
    (0..site.documents.len())
        .map(|d| {
            wanted(site, d).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// The word table a rendering thread reuses for one document after another (see [`entry`]):
/// its slots are emptied by a number, not cleared, and grow once per thread.
#[derive(Default)]
pub struct WordCounts(WordCounter<Tally>);

/// The index entry of document `d`, whose body rendered to `sections`, with their headings
/// and text lower-cased in `lowered` (see [`SearchText`]); its words are
/// counted in `counts`.
pub fn entry(
    site: &Site,
    d: usize,
    lowered: String,
    sections: &[TextSection],
    counts: &mut WordCounts,
) -> Entry {
    let document = &site.documents[d];
    let meta = &document.meta;
    let summary = meta.summary.as_deref();
    let (words, scores) = score_words(&document.title, summary, lowered, sections, &mut counts.0);
    let kind = meta.kind.clone().unwrap_or_else(|| "page".into());
    let kind = site.kinds.label(&kind).map(str::to_string).unwrap_or(kind);
    Entry {
        document: d,
        facets: Facets {
            kind,
            status: meta.status.clone(),
            owner: meta.owner.clone(),
            tags: meta.tags.clone(),
        },
        words,
        scores,
    }
}

/// Each distinct word's best section and score, from the `sections` of `lowered` (which
/// the summary and title are added to), counted in `counter`.
fn score_words(
    title: &str,
    summary: Option<&str>,
    lowered: String,
    sections: &[TextSection],
    counter: &mut WordCounter<Tally>,
) -> (String, Vec<(u16, u32)>) {
    // The summary and title join the lower-cased text, so that each word is a slice of one
    // buffer.
    let mut lowered = lowered;
    let parts = &sections[..sections.len().min(usize::from(u16::MAX))];
    lowered.reserve(summary.map_or(0, str::len) + title.len() + 64 + table::PADDING.len());
    let mut add_piece = |text: &str| {
        let start = lowered.len();
        text::push_lowercase(&mut lowered, text);
        let end = lowered.len();
        lowered.push(' ');
        start..end
    };
    let summary = add_piece(summary.unwrap_or(""));
    let title = add_piece(title);
    lowered.push_str(table::PADDING);
    let lowered = lowered.as_str();
    let pieces = parts
        .iter()
        .map(|part| (part.heading_at.clone(), part.text_at.clone()));
    let piece = |range: std::ops::Range<usize>| &lowered[range];

    let mut tallies = counter.start(lowered);
    for (i, (heading, body)) in pieces.enumerate() {
        let i = i as u16;
        let mut add = |word, weight: u32| {
            let tally = tallies.entry(word, || Tally::new(i));
            if tally.part != i {
                tally.close();
                tally.part = i;
            }
            tally.count += weight;
        };
        if i > 0 {
            text::each_word(piece(heading), |word| add(word, HEADING + MAX_COUNT));
        }
        text::each_word(piece(body), |word| add(word, 1));
    }
    text::each_word(piece(summary), |word| {
        let tally = tallies.entry(word, || Tally::new(0));
        tally.bonus = tally.bonus.max(SUMMARY);
    });
    text::each_word(piece(title), |word| {
        tallies.entry(word, || Tally::new(0)).bonus = TITLE;
    });
    let mut words = String::with_capacity(tallies.len() * 8);
    let mut scores = Vec::with_capacity(tallies.len());
    for (word, mut tally) in tallies.into_words() {
        tally.close();
        let (part, score) = tally.best;
        scores.push(match tally.bonus {
            // A word of the title links to the top of the page.
            TITLE => (0, TITLE + score.min(HEADING + MAX_COUNT)),
            0 => (part, score),
            bonus => (part, score.max(bonus)),
        });
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    (words, scores)
}

/// A word's count in the section being read, its best section so far, and the bonus of
/// appearing in the title or summary.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    part: u16,
    count: u32,
    best: (u16, u32),
    bonus: u32,
}

impl Tally {
    fn new(part: u16) -> Self {
        Tally {
            part,
            count: 0,
            best: (part, 0),
            bonus: 0,
        }
    }

    fn close(&mut self) {
        let score = if self.count > HEADING {
            self.count
        } else {
            self.count.min(MAX_COUNT)
        };
        if score > self.best.1 {
            self.best = (self.part, score);
        }
        self.count = 0;
    }
}

/// Writes the word shards, the manifest and the facets of `entries` (sorted by document or
/// not; each document's own file was written as its page rendered, by [`write_summary`]),
/// the words stemmed in the handbook's `language`; returns the word index, which `serve`
/// keeps for [`write_edits`].
pub fn write(entries: Vec<&Entry>, language: &str, sink: &dyn Sink) -> anyhow::Result<Index> {
    let mut entries = entries;
    entries.sort_by_key(|e| e.document);
    let mut index = Index::new(&entries, Stemmer::for_language(language));
    let files = index.files(None).unwrap_or_default();
    files
        .par_iter()
        .try_for_each(|(path, json)| sink.write(path, json.as_bytes()))?;
    write_facets(&entries, sink)?;
    Ok(index)
}

/// Writes `search/facets.json` for `entries`, sorted by document.
pub fn write_facets(entries: &[&Entry], sink: &dyn Sink) -> anyhow::Result<()> {
    sink.write(
        &format!("{FOLDER}/facets.json"),
        facets::encode(entries).as_bytes(),
    )
}

/// After edits (each `(old, new)` entry of one document, whose page wrote its own file),
/// writes the shards that changed; the caller writes the facets again ([`write_facets`]) when
/// an edit changed them. `Ok(false)`: the edits changed the shard layout or a document the
/// index does not hold; write the index afresh.
pub fn write_edits(
    index: &mut Index,
    edits: &[(&Entry, &Entry)],
    sink: &dyn Sink,
) -> anyhow::Result<bool> {
    let mut changed = Vec::new();
    for (old, new) in edits {
        match index.replace(old, new) {
            Some(words) => changed.extend(words),
            None => return Ok(false),
        }
    }
    let Some(files) = index.files(Some(&changed)) else {
        return Ok(false);
    };
    for (path, json) in &files {
        sink.write(path, json.as_bytes())?;
    }
    Ok(true)
}
