//! Offline full-text search: while pages render, each document becomes an [`Entry`] (its
//! heading sections and weighted words); afterwards the entries are written as static files
//! under `search/` that the theme's script loads on demand:
//!
//! - `search/manifest.json`: how many documents, and which word prefixes have a shard;
//! - `search/t/x<hex>.json`: a shard — every word starting with one prefix, with its best
//!   documents (`[doc, section, score, …]`); a prefix with too many words is split by its
//!   next letter, and `search/s/x<hex>.json` keeps its most common words for short queries;
//! - `search/d/<doc>.json`: one document's title, URL, kind, status, owner, tags and the
//!   text of each heading section, for result titles, links and snippets;
//! - `search/facets.json`: each document's kind, status, owner and tags, for filters.
//!
//! A query loads the manifest, one shard per word and the files of the results shown, so
//! what a query transfers does not grow with the handbook.

mod shards;
pub mod text;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::output::Sink;
use crate::site::Site;
use text::Part;

/// The folder of the index files and the results page, inside the output.
pub const FOLDER: &str = "search";

/// Score of a word in the document's title; a heading adds [`HEADING`], each use in the
/// text one point, up to [`MAX_COUNT`].
const TITLE: u32 = 50;
const HEADING: u32 = 10;
const SUMMARY: u32 = 5;
const MAX_COUNT: u32 = 5;
/// Section text kept for snippets, in characters.
const SNIPPET_SOURCE: usize = 1500;

/// One document, ready for the index.
#[derive(Debug)]
pub struct Entry {
    /// The document's index in the site.
    pub document: usize,
    pub summary: DocSummary,
    /// Each distinct word with the section it scores best in and its score.
    pub words: Vec<(String, u16, u32)>,
}

/// What a result shows: written as `search/d/<n>.json`.
#[derive(Debug, Serialize)]
pub struct DocSummary {
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "k")]
    pub kind: String,
    #[serde(rename = "s")]
    pub status: Option<String>,
    #[serde(rename = "o")]
    pub owner: Option<String>,
    #[serde(rename = "g")]
    pub tags: Vec<String>,
    /// `[id, heading, text]` of each section; the first is the text before any heading.
    #[serde(rename = "p")]
    pub parts: Vec<(String, String, String)>,
}

/// Whether the site writes a search index at all (`search: {enabled: false}` turns it off).
pub fn enabled(site: &Site) -> bool {
    site.config.search.enabled
}

/// The index entry of document `d`, whose body rendered to `html`; `None` when the search is
/// off or the document says `search: false`.
pub fn entry(site: &Site, d: usize, html: &str) -> Option<Entry> {
    let document = &site.documents[d];
    if !enabled(site) || !document.meta.search {
        return None;
    }
    let meta = &document.meta;
    let parts = text::parts(html, &document.title);
    let words = score_words(&document.title, meta.summary.as_deref(), &parts);
    let kind = meta.kind.clone().unwrap_or_else(|| "page".into());
    let kind = site
        .kinds
        .get(&kind)
        .and_then(|k| k.label.clone())
        .unwrap_or(kind);
    let summary = DocSummary {
        title: document.title.clone(),
        url: document.url.clone(),
        kind,
        status: meta.status.clone(),
        owner: meta.owner.clone(),
        tags: meta.tags.clone(),
        parts: parts
            .into_iter()
            .map(|p| (p.id, p.heading, clip(&p.text, SNIPPET_SOURCE)))
            .collect(),
    };
    Some(Entry {
        document: d,
        summary,
        words,
    })
}

/// Each distinct word's best section and score.
fn score_words(title: &str, summary: Option<&str>, parts: &[Part]) -> Vec<(String, u16, u32)> {
    let mut best: HashMap<String, (u16, u32)> = HashMap::new();
    for (i, part) in parts.iter().enumerate().take(usize::from(u16::MAX)) {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for word in text::words(&part.text) {
            *counts.entry(word).or_default() += 1;
        }
        if i > 0 {
            for word in text::words(&part.heading) {
                let count = counts.entry(word).or_default();
                *count = (*count).max(HEADING + MAX_COUNT);
            }
        }
        for (word, count) in counts {
            let score = if count > HEADING {
                count
            } else {
                count.min(MAX_COUNT)
            };
            let slot = best.entry(word).or_insert((i as u16, 0));
            if score > slot.1 {
                *slot = (i as u16, score);
            }
        }
    }
    for word in summary.into_iter().flat_map(text::words) {
        let slot = best.entry(word).or_insert((0, 0));
        slot.1 = slot.1.max(SUMMARY);
    }
    for word in text::words(title) {
        let slot = best.entry(word).or_insert((0, 0));
        // A word of the title links to the top of the page.
        *slot = (0, TITLE + slot.1.min(HEADING + MAX_COUNT));
    }
    best.into_iter().map(|(w, (p, s))| (w, p, s)).collect()
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Writes the index files of `entries` into `sink`.
pub fn write(entries: Vec<Entry>, sink: &dyn Sink) -> anyhow::Result<()> {
    let mut entries = entries;
    entries.sort_by_key(|e| e.document);
    let files = shards::build(&entries);
    files
        .par_iter()
        .try_for_each(|(path, json)| sink.write(path, json.as_bytes()))?;
    entries.par_iter().enumerate().try_for_each(|(n, entry)| {
        let json = serde_json::to_string(&entry.summary)?;
        sink.write(&format!("{FOLDER}/d/{n}.json"), json.as_bytes())
    })?;
    sink.write(
        &format!("{FOLDER}/facets.json"),
        facets(&entries).as_bytes(),
    )
}

/// `{"fields": {"kind": [values…], …}, "docs": [[kind, status, owner, [tags…]], …]}`, with
/// each value an index into its field's list (-1 for none).
fn facets(entries: &[Entry]) -> String {
    #[derive(Default)]
    struct Values {
        list: Vec<String>,
        index: HashMap<String, i64>,
    }
    impl Values {
        fn id(&mut self, value: Option<&String>) -> i64 {
            let Some(value) = value else { return -1 };
            if let Some(id) = self.index.get(value) {
                return *id;
            }
            let id = self.list.len() as i64;
            self.list.push(value.clone());
            self.index.insert(value.clone(), id);
            id
        }
    }
    let mut kinds = Values::default();
    let mut statuses = Values::default();
    let mut owners = Values::default();
    let mut tags = Values::default();
    let docs: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let s = &e.summary;
            let tag_ids: Vec<i64> = s
                .tags
                .iter()
                .map(|t| Values::id(&mut tags, Some(t)))
                .collect();
            serde_json::json!([
                Values::id(&mut kinds, Some(&s.kind)),
                Values::id(&mut statuses, s.status.as_ref()),
                Values::id(&mut owners, s.owner.as_ref()),
                tag_ids
            ])
        })
        .collect();
    serde_json::json!({
        "fields": {
            "kind": kinds.list,
            "status": statuses.list,
            "owner": owners.list,
            "tag": tags.list,
        },
        "docs": docs,
    })
    .to_string()
}
