//! The word shards of the index: every word's best documents, grouped by prefix into files
//! small enough to load while someone types.

use super::hash::WordMap;
use super::{Entry, FOLDER};

/// A word keeps at most this many documents, the best-scoring ones.
const MAX_POSTINGS: usize = 200;
/// A shard larger than this (bytes of JSON, roughly) is split by the next letter.
const MAX_SHARD: usize = 48 * 1024;
/// A split prefix keeps this many of its most common words, for queries that short.
const SUMMARY_WORDS: usize = 24;
/// …each with this many documents.
const SUMMARY_POSTINGS: usize = 40;

/// A word and its postings, flattened: `[doc, section, score, …]`, best first.
type Postings = (String, Vec<u32>);

/// Every shard file and the manifest, as `(path, json)`.
pub fn build(entries: &[&Entry]) -> Vec<(String, String)> {
    let mut by_word: WordMap<&str, Vec<(u32, u16, u32)>> = WordMap::default();
    for (doc, entry) in entries.iter().enumerate() {
        for (word, section, score) in entry.words() {
            by_word
                .entry(word)
                .or_default()
                .push((doc as u32, section, score));
        }
    }
    let mut words: Vec<Postings> = by_word
        .into_iter()
        .map(|(word, mut postings)| {
            postings.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            postings.truncate(MAX_POSTINGS);
            let flat = postings
                .into_iter()
                .flat_map(|(d, s, score)| [d, u32::from(s), score])
                .collect();
            (word.to_string(), flat)
        })
        .collect();
    words.sort_by(|a, b| a.0.cmp(&b.0));
    let mut plan = Plan::default();
    plan.split(String::new(), &words);
    let manifest = serde_json::json!({
        "version": 1,
        "docs": entries.len(),
        "leaves": plan.leaves,
        "split": plan.split,
    });
    let mut files = plan.files;
    files.push((format!("{FOLDER}/manifest.json"), manifest.to_string()));
    files
}

/// The file name part of a prefix: `x` and its UTF-8 bytes in hex.
pub fn file_key(prefix: &str) -> String {
    let mut key = String::from("x");
    for byte in prefix.bytes() {
        key.push_str(&format!("{byte:02x}"));
    }
    key
}

#[derive(Default)]
struct Plan {
    leaves: Vec<String>,
    split: Vec<String>,
    files: Vec<(String, String)>,
}

impl Plan {
    /// Writes the words starting with `prefix` (all of `words`) as one shard, or splits them.
    fn split(&mut self, prefix: String, words: &[Postings]) {
        let size: usize = words.iter().map(|(w, p)| w.len() + 8 + p.len() * 5).sum();
        let depth = prefix.chars().count();
        let longer = words.iter().any(|(w, _)| w.chars().count() > depth);
        if size <= MAX_SHARD || !longer {
            self.files.push((
                format!("{FOLDER}/t/{}.json", file_key(&prefix)),
                shard_json(words, usize::MAX),
            ));
            self.leaves.push(prefix);
            return;
        }
        if depth >= 2 {
            // The most common words (and the prefix itself, if it is a word) for a query
            // that ends right here.
            let mut common: Vec<&Postings> = words.iter().collect();
            common.sort_by_key(|(w, p)| (*w != prefix, std::cmp::Reverse(p.len())));
            common.truncate(SUMMARY_WORDS);
            common.sort_by(|a, b| a.0.cmp(&b.0));
            let common: Vec<Postings> = common.into_iter().cloned().collect();
            self.files.push((
                format!("{FOLDER}/s/{}.json", file_key(&prefix)),
                shard_json(&common, SUMMARY_POSTINGS),
            ));
        }
        self.split.push(prefix.clone());
        let mut start = 0;
        while start < words.len() {
            let Some(next) = words[start].0.chars().nth(depth) else {
                // The prefix itself is a word: it lives in the summary only.
                start += 1;
                continue;
            };
            let child: String = prefix.chars().chain([next]).collect();
            let end = start
                + words[start..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(&child))
                    .count();
            self.split(child, &words[start..end]);
            start = end;
        }
    }
}

/// `{"word": [doc, section, score, …], …}`, each word with at most `limit` postings.
fn shard_json(words: &[Postings], limit: usize) -> String {
    let mut map = serde_json::Map::new();
    for (word, postings) in words {
        let keep = postings.len().min(limit.saturating_mul(3));
        map.insert(word.clone(), serde_json::json!(postings[..keep]));
    }
    serde_json::Value::Object(map).to_string()
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
