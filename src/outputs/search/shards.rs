//! The word shards of the index: every word's best documents, grouped by prefix into files
//! small enough to load while someone types.

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

/// Every word starting with one prefix (a leaf), or the most common of them (a summary).
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
    /// `{"word": [doc, section, score, …], …}`.
    pub fn json(&self, words: &[WordPostings]) -> String {
        let chosen: Box<dyn Iterator<Item = usize> + '_> = match &self.members {
            Members::Run(run) => Box::new(run.clone()),
            Members::Chosen(chosen) => Box::new(chosen.iter().copied()),
        };
        let mut json = String::with_capacity(4096);
        json.push('{');
        for (i, at) in chosen.enumerate() {
            let word = &words[at];
            if i > 0 {
                json.push(',');
            }
            push_string(&mut json, &word.word);
            json.push_str(":[");
            for (n, &(doc, section, score)) in word.postings.iter().take(self.limit).enumerate() {
                if n > 0 {
                    json.push(',');
                }
                push_number(&mut json, doc);
                json.push(',');
                push_number(&mut json, u32::from(section));
                json.push(',');
                push_number(&mut json, score);
            }
            json.push(']');
        }
        json.push('}');
        json
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
    /// The layout of `words`, sorted by word.
    pub fn of(words: &[WordPostings]) -> Layout {
        let sizes: Vec<usize> = words
            .iter()
            .map(|w| w.word.len() + 8 + w.postings.len().min(MAX_POSTINGS) * 15)
            .collect();
        let mut layout = Layout::default();
        layout.split(String::new(), words, &sizes, 0..words.len());
        layout
    }

    /// The manifest: `(path, json)`.
    pub fn manifest(&self, docs: usize) -> (String, String) {
        let manifest = serde_json::json!({
            "version": 1,
            "docs": docs,
            "leaves": self.leaves,
            "split": self.split,
        });
        (format!("{FOLDER}/manifest.json"), manifest.to_string())
    }

    /// Cuts the words starting with `prefix` (the run `run` of `words`) into one shard, or
    /// splits them by their next character.
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
            .any(|w| w.word.chars().count() > depth);
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
            // The most common words (and the prefix itself, if it is a word) for a query
            // that ends right here.
            let mut common: Vec<usize> = run.clone().collect();
            common.sort_by_key(|&at| {
                let w = &words[at];
                (
                    w.word != prefix,
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
            let Some(next) = words[start].word.chars().nth(depth) else {
                // The prefix itself is a word: it lives in the summary only.
                start += 1;
                continue;
            };
            let child: String = prefix.chars().chain([next]).collect();
            let end = start
                + words[start..run.end]
                    .iter()
                    .take_while(|w| w.word.starts_with(&child))
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
