//! A document's history as its page shows it (`history` in `document.html`), and the diff
//! page of each change in the digest's window (`change.html`): the fields that changed and
//! the words added and removed, static HTML readable without script. Versions above the
//! build's audience are not shown (see [`crate::stages::history::shown`]).

use serde::Serialize;
use similar::{Algorithm, ChangeTag};

use crate::model::site::Site;
use crate::model::urls;
use crate::stages::history::{diff_page, shown, Entry, FieldChange, History, Shown};

/// Changes listed before the rest fold away.
const LATEST: usize = 5;
/// Unchanged text longer than this (in bytes) is cut to its ends on a diff page.
const CONTEXT: usize = 240;

/// `history`: a document's changes, newest first.
#[derive(Serialize)]
pub struct HistoryView<'a> {
    pub entries: Vec<EntryView<'a>>,
    /// The changes past the latest few, folded.
    pub folded: Vec<EntryView<'a>>,
    pub shallow: bool,
    /// The digest's window, "in the last 90 days": the changes that carry fields and diffs.
    pub window: &'a str,
}

/// One change.
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub date: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub commit: &'a str,
    pub commit_url: Option<String>,
    pub renamed_from: Option<&'a str>,
    pub added: bool,
    pub fields: Vec<FieldChange>,
    pub diff_url: Option<String>,
    pub hidden: bool,
    pub before_hidden: bool,
    /// Whether the versions were read (the change is in the window).
    pub read: bool,
}

/// The history of document `d`, or `None` when git knows nothing of it.
pub fn history(site: &Site, d: usize) -> Option<HistoryView<'_>> {
    let document = &site.documents[d];
    let history = &site.history;
    let mut entries: Vec<EntryView> = history
        .of(&document.source)
        .map(|entry| entry_view(site, d, &entry))
        .collect();
    if entries.is_empty() {
        return None;
    }
    let folded = entries.split_off(entries.len().min(LATEST));
    Some(HistoryView {
        entries,
        folded,
        shallow: history.shallow,
        window: &history.window.label,
    })
}

fn entry_view<'a>(site: &'a Site, d: usize, entry: &Entry<'a>) -> EntryView<'a> {
    let short_id = entry.short_id();
    let commit = entry.commit;
    let shown = shown(site, d, entry, &site.history);
    let hidden = shown == Shown::Hidden;
    let before_hidden = shown == Shown::BeforeHidden;
    let (fields, diff_url, read) = match shown {
        Shown::Fields(fields) => {
            let url = urls::encode_path(&diff_page(&site.documents[d].output, entry.short_id()));
            (fields, Some(url), true)
        }
        _ => (Vec::new(), None, false),
    };
    EntryView {
        date: &commit.date,
        author: if hidden { "" } else { &commit.author },
        subject: if hidden { "" } else { &commit.subject },
        commit: if hidden { "" } else { short_id },
        commit_url: site
            .config
            .repository
            .as_ref()
            .filter(|_| !hidden)
            .map(|r| r.commit_url(&commit.id)),
        renamed_from: entry.change.from.as_deref().filter(|_| !hidden),
        added: entry.change.old.is_none() && !hidden,
        fields,
        diff_url,
        hidden,
        before_hidden,
        read,
    }
}

/// `view` of a diff page.
#[derive(Serialize)]
pub struct ChangeView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub history_url: String,
    pub entry: EntryView<'a>,
    /// The body's text in runs: `same` (cut to its ends when long, with `gap` between),
    /// `added`, `removed`.
    pub words: Vec<Run>,
    pub added: usize,
    pub removed: usize,
}

/// A run of the body's words.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Run {
    pub kind: &'static str,
    pub text: String,
}

/// A diff page to write: where, and what it shows.
pub struct ChangePage<'a> {
    pub path: String,
    pub view: ChangeView<'a>,
}

/// The diff pages of every document's changes in the window, as far as the audience sees.
pub fn change_pages(site: &Site) -> Vec<(usize, usize)> {
    let history = &site.history;
    let mut out = Vec::new();
    for (d, document) in site.documents.iter().enumerate() {
        for (n, entry) in history.of(&document.source).enumerate() {
            if entry.in_window && matches!(shown(site, d, &entry, history), Shown::Fields(_)) {
                out.push((d, n));
            }
        }
    }
    out
}

/// The diff page of the `n`th change (newest first) of document `d`.
pub fn change_page(site: &Site, d: usize, n: usize) -> Option<ChangePage<'_>> {
    let history: &History = &site.history;
    let document = &site.documents[d];
    let entry = history.of(&document.source).nth(n)?;
    let (old, new) = entry.versions(history)?;
    let old_words = old
        .map(|v| super::prose::prose(&v.body))
        .unwrap_or_default();
    let (words, added, removed) = word_runs(&old_words, &super::prose::prose(&new.body));
    Some(ChangePage {
        path: diff_page(&document.output, entry.short_id()),
        view: ChangeView {
            title: &document.title,
            url: &document.url,
            history_url: format!("{}#history", document.url),
            entry: entry_view(site, d, &entry),
            words,
            added,
            removed,
        },
    })
}

/// The runs of a word diff from `old` to `new`, and how many words were added and removed.
///
/// The words are diffed as string slices, not through `similar::TextDiff`: for more than a
/// hundred words that numbers every word in a SipHash map first, which was two thirds of a
/// diff page's time (the typical change leaves most words alone, and the diff itself then
/// only trims the common start and end). The operations are the same: Myers, compacted.
pub fn word_runs(old: &str, new: &str) -> (Vec<Run>, usize, usize) {
    let (old, new) = (words(old), words(new));
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
    let mut runs: Vec<Run> = Vec::new();
    let (mut added, mut removed) = (0, 0);
    for change in ops.iter().flat_map(|op| op.iter_changes(&old, &new)) {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Insert => "added",
            ChangeTag::Delete => "removed",
        };
        let value = change.value();
        if !value.trim().is_empty() {
            match kind {
                "added" => added += 1,
                "removed" => removed += 1,
                _ => {}
            }
        }
        match runs.last_mut() {
            Some(run) if run.kind == kind => run.text.push_str(value),
            _ => runs.push(Run {
                kind,
                text: value.to_string(),
            }),
        }
    }
    (cut_unchanged(runs), added, removed)
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

    /// The changes `similar::TextDiff::from_words` finds, which [`word_runs`] must repeat.
    fn text_diff(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
        let diff = similar::TextDiff::from_words(old, new);
        let changes = diff.iter_all_changes();
        changes.map(|c| (c.tag(), c.value().to_string())).collect()
    }

    fn ours(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
        let (old, new) = (words(old), words(new));
        let ops = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
        let changes = ops.iter().flat_map(|op| op.iter_changes(&old, &new));
        changes.map(|c| (c.tag(), c.value().to_string())).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Texts of few distinct words (so that equal words are everywhere), long enough for
        /// `TextDiff` to number its words first, and edits of a few words.
        #[test]
        fn the_word_diff_is_the_one_similar_makes(
            old in proptest::collection::vec(0usize..7, 0..260),
            edits in proptest::collection::vec((0usize..260, 0usize..7, proptest::bool::ANY), 0..12),
        ) {
            const PIECES: [&str; 7] = ["a", "b", " ", "\n", "é", "\u{a0}", "cc"];
            let mut new = old.clone();
            for (at, piece, insert) in edits {
                let at = at.min(new.len());
                if insert || at == new.len() {
                    new.insert(at, piece);
                } else {
                    new[at] = piece;
                }
            }
            let text = |pieces: &[usize]| pieces.iter().map(|p| PIECES[*p]).collect::<String>();
            let (old, new) = (text(&old), text(&new));
            proptest::prop_assert_eq!(ours(&old, &new), text_diff(&old, &new));
        }
    }

    #[test]
    fn long_unchanged_text_is_cut_to_its_ends() {
        let long = "word ".repeat(400);
        let (runs, _, _) = word_runs(&format!("{long}old"), &format!("{long}new"));
        assert_eq!(runs[0].kind, "gap");
        assert!(runs[1].text.len() <= CONTEXT + 5);
    }
}
