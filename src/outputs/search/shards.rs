//! The word shards of the index: every word's best documents, grouped by stem, and the
//! stems by prefix into files small enough to load while someone types. A shard is
//! `{"stem": [doc, section, score, …], "stem": {"word": [doc, section, score, …], …}, …}`:
//! a stem whose only word is itself holds its postings, any other its words.

use std::ops::Range;

use super::index::WordPostings;
use super::json::{push_number, push_string};
use super::FOLDER;

/// A word keeps at most this many documents, the best-scoring ones.
const MAX_POSTINGS: usize = 200;
/// A shard larger than this (bytes of JSON, roughly) is split by the next letter.
const MAX_SHARD: usize = 48 * 1024;
/// A split prefix keeps this many of its most common words, for queries that short.
const SUMMARY_WORDS: usize = 24;
/// …each with this many documents.
const SUMMARY_POSTINGS: usize = 40;

/// Every word whose stem starts with one prefix (a leaf), or the most common of them (a summary).
pub struct Shard {
    pub path: String,
    pub prefix: String,
    members: Members,
    /// At most this many documents per word.
    limit: usize,
}

enum Members {
    /// A run of the sorted words.
    Run(Range<usize>),
    /// Chosen words, in order.
    Chosen(Vec<usize>),
}

impl Shard {
    /// The shard's JSON (see the module's comment).
    pub fn json(&self, words: &[WordPostings]) -> String {
        let chosen: Vec<&WordPostings> = match &self.members {
            Members::Run(run) => words[run.clone()].iter().collect(),
            Members::Chosen(chosen) => chosen.iter().map(|&at| &words[at]).collect(),
        };
        let mut json = String::with_capacity(4096);
        json.push('{');
        for (i, group) in chosen.chunk_by(|a, b| a.stem == b.stem).enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_string(&mut json, &group[0].stem);
            json.push(':');
            if let [only] = group {
                if only.word == only.stem {
                    self.push_postings(&mut json, only);
                    continue;
                }
            }
            json.push('{');
            for (n, word) in group.iter().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                push_string(&mut json, &word.word);
                json.push(':');
                self.push_postings(&mut json, word);
            }
            json.push('}');
        }
        json.push('}');
        json
    }

    /// `[doc, section, score, …]`, the word's best documents.
    fn push_postings(&self, json: &mut String, word: &WordPostings) {
        json.push('[');
        for (n, &(doc, section, score)) in word.postings.iter().take(self.limit).enumerate() {
            if n > 0 {
                json.push(',');
            }
            push_number(json, doc);
            json.push(',');
            push_number(json, u32::from(section));
            json.push(',');
            push_number(json, score);
        }
        json.push(']');
    }
}

/// How the words are cut into shards.
#[derive(Default)]
pub struct Layout {
    leaves: Vec<String>,
    split: Vec<String>,
    pub shards: Vec<Shard>,
}

impl Layout {
    /// The layout of `words`, sorted by stem.
    pub fn of(words: &[WordPostings]) -> Layout {
        let sizes: Vec<usize> = words
            .iter()
            .map(|w| w.word.len() + w.stem.len() + 8 + w.postings.len().min(MAX_POSTINGS) * 15)
            .collect();
        let mut layout = Layout::default();
        layout.split(String::new(), words, &sizes, 0..words.len());
        layout
    }

    /// The manifest: `(path, json)`; `stemmer` is the language of the theme's stemmer script
    /// that the search box loads to stem a query (`northstar/stem-<language>.js`), if any.
    pub fn manifest(&self, docs: usize, stemmer: Option<&str>) -> (String, String) {
        let manifest = serde_json::json!({
            "version": 2,
            "docs": docs,
            "stemmer": stemmer,
            "leaves": self.leaves,
            "split": self.split,
        });
        (format!("{FOLDER}/manifest.json"), manifest.to_string())
    }

    /// Cuts the words whose stem starts with `prefix` (the run `run` of `words`) into one
    /// shard, or splits them by their stem's next character.
    fn split(
        &mut self,
        prefix: String,
        words: &[WordPostings],
        sizes: &[usize],
        run: Range<usize>,
    ) {
        let size: usize = sizes[run.clone()].iter().sum();
        let depth = prefix.chars().count();
        let longer = words[run.clone()]
            .iter()
            .any(|w| w.stem.chars().count() > depth);
        if size <= MAX_SHARD || !longer {
            self.shards.push(Shard {
                path: format!("{FOLDER}/t/{}.json", file_key(&prefix)),
                prefix: prefix.clone(),
                members: Members::Run(run),
                limit: MAX_POSTINGS,
            });
            self.leaves.push(prefix);
            return;
        }
        if depth >= 2 {
            // The most common words (and the prefix itself, if it is a stem) for a query
            // that ends right here.
            let mut common: Vec<usize> = run.clone().collect();
            common.sort_by_key(|&at| {
                let w = &words[at];
                (
                    w.stem != prefix,
                    std::cmp::Reverse(w.postings.len().min(MAX_POSTINGS)),
                )
            });
            common.truncate(SUMMARY_WORDS);
            common.sort_unstable();
            self.shards.push(Shard {
                path: format!("{FOLDER}/s/{}.json", file_key(&prefix)),
                prefix: prefix.clone(),
                members: Members::Chosen(common),
                limit: SUMMARY_POSTINGS,
            });
        }
        self.split.push(prefix.clone());
        let mut start = run.start;
        while start < run.end {
            let Some(next) = words[start].stem.chars().nth(depth) else {
                // The prefix itself is a stem: its words live in the summary only.
                start += 1;
                continue;
            };
            let child: String = prefix.chars().chain([next]).collect();
            let end = start
                + words[start..run.end]
                    .iter()
                    .take_while(|w| w.stem.starts_with(&child))
                    .count();
            self.split(child, words, sizes, start..end);
            start = end;
        }
    }
}

/// The file name part of a prefix: `x` and its UTF-8 bytes in hex.
pub fn file_key(prefix: &str) -> String {
    let mut key = String::from("x");
    for byte in prefix.bytes() {
        key.push_str(&format!("{byte:02x}"));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_are_hex() {
        assert_eq!(file_key(""), "x");
        assert_eq!(file_key("co"), "x636f");
        assert_eq!(file_key("é"), "xc3a9");
    }
}
