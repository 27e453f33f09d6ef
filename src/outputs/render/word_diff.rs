//! The word diff of a diff page: the text of two versions of a document in runs of words kept,
//! added and removed, long kept runs cut to their ends.
//!
//! The diff is `similar`'s (Myers, compacted) over words and the white space between them, as
//! `TextDiff::from_words` splits them, but the start and end the versions share are set aside
//! first, byte by byte, and only the words between are split and diffed: a typical change
//! rewrites a sentence of a long document, and splitting every word (which `TextDiff` also
//! numbers in a SipHash map) was two thirds of a diff page's time. The edits found are the
//! same as `TextDiff`'s; only where a change could be shown at two equal places (a word
//! added before or after its twin), it may be shown at the other. The property test below
//! checks both.

use serde::Serialize;
use similar::{Algorithm, ChangeTag};

/// Unchanged text longer than this (in bytes) is cut to its ends on a diff page.
const CONTEXT: usize = 240;

/// A run of the body's words.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Run {
    pub kind: &'static str,
    pub text: String,
}

/// The runs of a word diff from `old` to `new`, and how many words were added and removed.
pub fn word_runs(old: &str, new: &str) -> (Vec<Run>, usize, usize) {
    let runs = diff(old, new);
    (cut_unchanged(runs.runs), runs.added, runs.removed)
}

/// The runs of a word diff, uncut.
fn diff(old: &str, new: &str) -> Runs {
    let (head, tail) = shared_ends(old, new);
    let mut runs = Runs::default();
    runs.push("same", &old[..head]);
    let (old_words, new_words) = (
        words(&old[head..old.len() - tail]),
        words(&new[head..new.len() - tail]),
    );
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_words, &new_words);
    for change in ops
        .iter()
        .flat_map(|op| op.iter_changes(&old_words, &new_words))
    {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Insert => "added",
            ChangeTag::Delete => "removed",
        };
        runs.push(kind, change.value());
    }
    runs.push("same", &old[old.len() - tail..]);
    runs
}

/// Runs being gathered, and the words added and removed.
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    added: usize,
    removed: usize,
}

impl Runs {
    /// Adds `text` (one word or space, or a shared start or end) to the runs.
    fn push(&mut self, kind: &'static str, text: &str) {
        if text.is_empty() {
            return;
        }
        if !text.trim().is_empty() {
            match kind {
                "added" => self.added += 1,
                "removed" => self.removed += 1,
                _ => {}
            }
        }
        match self.runs.last_mut() {
            Some(run) if run.kind == kind => run.text.push_str(text),
            _ => self.runs.push(Run {
                kind,
                text: text.to_string(),
            }),
        }
    }
}

/// The lengths in bytes of a start and an end that `old` and `new` share, each made of whole
/// words of both, not overlapping: the words there are the same in both, so the diff keeps
/// them. The end begins after every shared byte of the start, so that the words the diff's own
/// trimming takes as the shared start are still in the middle, as they were.
fn shared_ends(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let same_start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if same_start == a.len() && same_start == b.len() {
        return (a.len(), 0);
    }
    let head = word_start_before(old, same_start);
    let room = a.len().min(b.len()) - same_start;
    let same_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let tail = old.len() - word_end_after(old, old.len() - same_end);
    (head, tail)
}

/// The start of the word (or run of white space) holding the last whole character of
/// `text[..end]`: every word before it ends inside `..end`.
fn word_start_before(text: &str, end: usize) -> usize {
    let mut end = end;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut chars = text[..end].char_indices().rev();
    let Some((mut start, last)) = chars.next() else {
        return 0;
    };
    for (i, c) in chars {
        if c.is_whitespace() != last.is_whitespace() {
            break;
        }
        start = i;
    }
    start
}

/// The end of the word (or run of white space) holding the first whole character of
/// `text[start..]`: every word after it starts inside `start..`.
fn word_end_after(text: &str, start: usize) -> usize {
    let mut start = start;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut chars = text[start..].char_indices();
    let Some((_, first)) = chars.next() else {
        return text.len();
    };
    chars
        .find(|(_, c)| c.is_whitespace() != first.is_whitespace())
        .map_or(text.len(), |(i, _)| start + i)
}

/// `text` in words and the runs of white space between them, as `similar` splits text into
/// words (a new piece wherever `char::is_whitespace` changes).
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let (mut start, mut space) = (0, None);
    for (i, c) in text.char_indices() {
        let white = Some(c.is_whitespace());
        if white != space {
            if i > start {
                out.push(&text[start..i]);
            }
            (start, space) = (i, white);
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Long unchanged runs cut to their ends (the start of the text and its end to one side).
fn cut_unchanged(runs: Vec<Run>) -> Vec<Run> {
    let last = runs.len().saturating_sub(1);
    let mut out = Vec::with_capacity(runs.len());
    for (i, run) in runs.into_iter().enumerate() {
        if run.kind != "same" || run.text.len() <= CONTEXT * 2 {
            out.push(run);
            continue;
        }
        let head = (i > 0).then(|| cut_at(&run.text, CONTEXT, true));
        let tail = (i < last).then(|| cut_at(&run.text, CONTEXT, false));
        if let Some(head) = head {
            out.push(Run {
                kind: "same",
                text: head.to_string(),
            });
        }
        out.push(Run {
            kind: "gap",
            text: String::new(),
        });
        if let Some(tail) = tail {
            out.push(Run {
                kind: "same",
                text: tail.to_string(),
            });
        }
    }
    out
}

/// About `len` bytes of `text` from its start (`head`) or its end, cut at a space.
fn cut_at(text: &str, len: usize, head: bool) -> &str {
    if head {
        let mut end = len.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let end = text[..end].rfind(char::is_whitespace).unwrap_or(end);
        &text[..end]
    } else {
        let mut start = text.len().saturating_sub(len);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let start = text[start..]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i);
        &text[start..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_added_and_removed_are_runs_of_their_own() {
        let (runs, added, removed) =
            word_runs("Keep logs for 30 days.", "Keep logs for 90 days at most.");
        let shown: Vec<(&str, &str)> = runs.iter().map(|r| (r.kind, r.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                ("same", "Keep logs for "),
                ("removed", "30"),
                ("added", "90 days at"),
                ("same", " "),
                ("removed", "days."),
                ("added", "most."),
            ]
        );
        assert_eq!((added, removed), (4, 2));
    }

    #[test]
    fn long_unchanged_text_is_cut_to_its_ends() {
        let long = "word ".repeat(400);
        let (runs, _, _) = word_runs(&format!("{long}old"), &format!("{long}new"));
        assert_eq!(runs[0].kind, "gap");
        assert!(runs[1].text.len() <= CONTEXT + 5);
    }

    /// The words `similar::TextDiff::from_words` adds and removes.
    fn text_diff_counts(old: &str, new: &str) -> (usize, usize) {
        let diff = similar::TextDiff::from_words(old, new);
        let mut runs = Runs::default();
        for change in diff.iter_all_changes() {
            let kind = match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "added",
                ChangeTag::Delete => "removed",
            };
            runs.push(kind, change.value());
        }
        (runs.added, runs.removed)
    }

    /// The version the runs of kind `other` leave out: the old one without the added runs.
    fn version(runs: &Runs, other: &str) -> String {
        let kept = runs.runs.iter().filter(|r| r.kind != other);
        kept.map(|r| r.text.as_str()).collect()
    }

    /// Pieces of text whose words and spaces join and repeat: equal words are everywhere.
    const PIECES: [&str; 8] = ["a", "b", " ", "\n", "é", "\u{a0}", "cc", "ab"];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Versions of few distinct words, long enough for `TextDiff` to number its words,
        /// and edits of a few pieces anywhere, or of none: the runs give back both versions,
        /// and add and remove as many words as `TextDiff`'s.
        #[test]
        fn the_runs_are_the_edits_similar_text_diff_finds(
            old in proptest::collection::vec(0usize..8, 0..260),
            edits in proptest::collection::vec((0usize..260, 0usize..8, 0u8..3), 0..10),
        ) {
            let mut new = old.clone();
            for (at, piece, how) in edits {
                let at = at.min(new.len());
                match how {
                    0 if at < new.len() => new[at] = piece,
                    1 if at < new.len() => { new.remove(at); }
                    _ => new.insert(at, piece),
                }
            }
            let text = |pieces: &[usize]| pieces.iter().map(|p| PIECES[*p]).collect::<String>();
            let (old, new) = (text(&old), text(&new));
            let runs = diff(&old, &new);
            proptest::prop_assert_eq!(version(&runs, "added"), old.as_str());
            proptest::prop_assert_eq!(version(&runs, "removed"), new.as_str());
            proptest::prop_assert_eq!((runs.added, runs.removed), text_diff_counts(&old, &new));
        }
    }

    #[test]
    fn shared_ends_are_whole_words_of_both_versions() {
        // "ab" against "abc": the shared bytes end inside a word of the new version.
        assert_eq!(shared_ends("x ab", "x abc"), (2, 0));
        assert_eq!(shared_ends("ab y", "zab y"), (0, 2));
        assert_eq!(shared_ends("same", "same"), (4, 0));
        // An accented letter whose first byte both share.
        assert_eq!(shared_ends("x é", "x è"), (1, 0));
    }
}
