//! The word index behind the shard files: every word with its stem and all of its postings,
//! kept sorted by stem (the words of one stem side by side, for the shards to group), so
//! that `serve` can hold it between rebuilds and, after a body edit, rewrite only the shards
//! whose words the edit changed. A clean build and any sequence of edits give the
//! same index, hence the same files.

use std::collections::HashSet;

use rayon::prelude::*;

use super::shards::{self, Layout};
use super::stem::Stemmer;
use super::Entry;
use rustc_hash::FxHashMap as WordMap;

/// One use of a word: the document's number in the index, its section, and its score.
pub type Posting = (u32, u16, u32);

/// A word, its stem, and every document that uses it, best first (see [`best_first`]).
pub struct WordPostings {
    pub stem: String,
    pub word: String,
    pub postings: Vec<Posting>,
}

impl WordPostings {
    /// The order of the index: by stem, then by word.
    fn key(&self) -> (&str, &str) {
        (&self.stem, &self.word)
    }
}

/// Higher scores first; among equal scores, lower document numbers first.
fn best_first(a: &Posting, b: &Posting) -> std::cmp::Ordering {
    b.2.cmp(&a.2).then(a.0.cmp(&b.0))
}

/// Postings by word.
type ByWord<'a> = WordMap<&'a str, Vec<Posting>>;

/// The postings of `a` and `b` in one map (the smaller poured into the larger).
fn merge<'a>(a: ByWord<'a>, b: ByWord<'a>) -> ByWord<'a> {
    let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (word, postings) in from {
        into.entry(word).or_default().extend(postings);
    }
    into
}

/// The whole index, as the shard files are cut from it.
pub struct Index {
    /// Sorted by stem, then word.
    words: Vec<WordPostings>,
    /// The stemmer of the handbook's language.
    stemmer: Stemmer,
    /// The site's index of the document behind each number, ascending.
    documents: Vec<usize>,
    /// The shard files of the latest layout, as written by [`Index::files`].
    paths: HashSet<String>,
}

impl Index {
    /// The index of `entries`, which are sorted by document (an entry's number is its
    /// position), each word stemmed by `stemmer`.
    pub fn new(entries: &[&Entry], stemmer: Stemmer) -> Index {
        // Each thread gathers the words of a share of the documents; the shares' maps are
        // then merged a pair at a time (each word's postings are sorted afterwards, so the
        // order they are gathered in does not matter).
        let by_word = entries
            .par_iter()
            .enumerate()
            .fold(ByWord::default, |mut by_word: ByWord, (number, entry)| {
                for (word, section, score) in entry.words() {
                    by_word
                        .entry(word)
                        .or_default()
                        .push((number as u32, section, score));
                }
                by_word
            })
            .reduce(ByWord::default, merge);
        let mut words: Vec<WordPostings> = by_word
            .into_iter()
            .map(|(word, postings)| WordPostings {
                stem: String::new(),
                word: word.to_string(),
                postings,
            })
            .collect();
        words.par_iter_mut().for_each(|w| {
            w.stem = stemmer.stem(&w.word).into_owned();
            w.postings.sort_unstable_by(best_first);
        });
        words.par_sort_unstable_by(|a, b| a.key().cmp(&b.key()));
        Index {
            words,
            stemmer,
            documents: entries.iter().map(|e| e.document).collect(),
            paths: HashSet::new(),
        }
    }

    /// How many documents the index holds.
    pub fn documents(&self) -> usize {
        self.documents.len()
    }

    /// The number of the site's document `document` in the index, if it is indexed.
    pub fn number(&self, document: usize) -> Option<u32> {
        self.documents
            .binary_search(&document)
            .ok()
            .map(|n| n as u32)
    }

    /// Replaces the postings of `old` with those of `new` (the same document, its body
    /// edited); returns the stems of the words whose postings changed. `None` if the document
    /// is not indexed.
    pub fn replace(&mut self, old: &Entry, new: &Entry) -> Option<Vec<String>> {
        let number = self.number(new.document)?;
        let before: WordMap<&str, (u16, u32)> = old.words().map(|(w, s, c)| (w, (s, c))).collect();
        let after: WordMap<&str, (u16, u32)> = new.words().map(|(w, s, c)| (w, (s, c))).collect();
        let mut changed = Vec::new();
        for (word, was) in &before {
            if after.get(word) != Some(was) {
                self.remove(word, number);
                changed.push(self.stemmer.stem(word).into_owned());
            }
        }
        for (word, &(section, score)) in &after {
            if before.get(word) != Some(&(section, score)) {
                self.add(word, (number, section, score));
                if !before.contains_key(word) {
                    changed.push(self.stemmer.stem(word).into_owned());
                }
            }
        }
        Some(changed)
    }

    /// Where `word` is (or would go) in the sorted words.
    fn find(&self, word: &str) -> Result<usize, usize> {
        let stem = self.stemmer.stem(word);
        self.words
            .binary_search_by(|w| w.key().cmp(&(stem.as_ref(), word)))
    }

    fn remove(&mut self, word: &str, number: u32) {
        let Ok(at) = self.find(word) else {
            return;
        };
        let postings = &mut self.words[at].postings;
        postings.retain(|p| p.0 != number);
        if postings.is_empty() {
            self.words.remove(at);
        }
    }

    fn add(&mut self, word: &str, posting: Posting) {
        let at = match self.find(word) {
            Ok(at) => at,
            Err(at) => {
                let word = word.to_string();
                self.words.insert(
                    at,
                    WordPostings {
                        stem: self.stemmer.stem(&word).into_owned(),
                        word,
                        postings: Vec::new(),
                    },
                );
                at
            }
        };
        let postings = &mut self.words[at].postings;
        let place = postings.partition_point(|p| best_first(p, &posting).is_lt());
        postings.insert(place, posting);
    }

    /// The shard files and the manifest as `(path, json)`: all of them, or with `changed`,
    /// only the shards that hold one of those stems (and any new shard). `None` when a shard
    /// of the previous layout is no longer part of this one: the caller must start afresh.
    pub fn files(&mut self, changed: Option<&[String]>) -> Option<Vec<(String, String)>> {
        let layout = Layout::of(&self.words);
        let paths: HashSet<String> = layout.shards.iter().map(|s| s.path.clone()).collect();
        if changed.is_some() && !self.paths.is_subset(&paths) {
            return None;
        }
        let wanted = |shard: &shards::Shard| match changed {
            None => true,
            Some(stems) => {
                !self.paths.contains(&shard.path)
                    || stems.iter().any(|s| s.starts_with(shard.prefix.as_str()))
            }
        };
        let mut files: Vec<(String, String)> = layout
            .shards
            .par_iter()
            .filter(|shard| wanted(shard))
            .map(|shard| (shard.path.clone(), shard.json(&self.words)))
            .collect();
        files.push(layout.manifest(self.documents.len(), self.stemmer.script()));
        self.paths = paths;
        Some(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::search::PlainText;
    use crate::stages::markdown::{render_with, LinkAction, LinkRewriter, RenderOptions};

    struct Keep;
    impl LinkRewriter for Keep {
        fn rewrite(&mut self, _: &str, _: usize, _: bool) -> LinkAction {
            LinkAction::Keep
        }
    }

    fn entry(document: usize, text: &str) -> Entry {
        let mut plain = PlainText::for_body(text.len());
        let options = RenderOptions::default();
        render_with(
            text,
            options,
            &mut Keep,
            &mut Default::default(),
            Some(&mut plain),
        );
        let text = plain.finish();
        let (words, scores) = super::super::score_words(
            "",
            None,
            text.lowered,
            &text.sections,
            &mut Default::default(),
        );
        Entry {
            document,
            facets: super::super::Facets {
                kind: String::new(),
                status: None,
                owner: None,
                tags: Vec::new(),
            },
            words,
            scores,
        }
    }

    fn english() -> Stemmer {
        Stemmer::for_language("en")
    }

    fn sorted(files: Option<Vec<(String, String)>>) -> Vec<(String, String)> {
        let mut files = files.expect("a layout");
        files.sort();
        files
    }

    #[test]
    fn edits_give_the_index_of_a_clean_build() {
        let mut docs: Vec<Entry> = (0..40)
            .map(|d| entry(d * 2, &format!("alpha beta word{} common common", d % 7)))
            .collect();
        let mut index = Index::new(&docs.iter().collect::<Vec<_>>(), english());
        index.files(None);
        let edits = [
            (3, "alpha gamma gamma gamma fresh freshly freshness"),
            (10, "common"),
            (3, "alpha beta word3 common common"),
            (0, "entirely new vocabulary here"),
        ];
        for (n, text) in edits {
            let new = entry(docs[n].document, text);
            let changed = index.replace(&docs[n], &new).expect("indexed");
            assert!(!changed.is_empty());
            let written = sorted(index.files(Some(&changed)));
            docs[n] = new;
            let mut clean = Index::new(&docs.iter().collect::<Vec<_>>(), english());
            let all = sorted(clean.files(None));
            // Every file written is as a clean build writes it …
            for file in &written {
                assert!(all.contains(file), "{} differs after editing {n}", file.0);
            }
            // … and every file not written is unchanged since the previous state.
            assert_eq!(index.words.len(), clean.words.len());
            for (a, b) in index.words.iter().zip(&clean.words) {
                assert_eq!((&a.word, &a.postings), (&b.word, &b.postings));
            }
        }
    }

    #[test]
    fn an_edit_rewrites_only_the_shards_of_its_words() {
        let docs: Vec<Entry> = (0..2000)
            .map(|d| {
                entry(
                    d,
                    &format!("a{} b{} c{} zz{}", d % 300, d % 301, d % 302, d),
                )
            })
            .collect();
        let mut index = Index::new(&docs.iter().collect::<Vec<_>>(), english());
        let all = index.files(None).expect("a layout").len();
        assert!(all > 4, "the index is split into several shards: {all}");
        let new = entry(docs[5].document, "a5 b5 c5 zz5 qq");
        let changed = index.replace(&docs[5], &new).unwrap();
        assert_eq!(changed, ["qq"]);
        let written = index.files(Some(&changed)).expect("a layout");
        assert!(written.len() < all, "{} of {all}", written.len());
        assert!(written
            .iter()
            .any(|(path, json)| path.contains("/t/") && json.contains("\"qq\"")));
    }
}
