//! A document's history as its page shows it (`history` in `document.html`), and the diff
//! page of each change in the digest's window (`change.html`): the fields that changed and
//! the words added and removed, static HTML readable without script. Versions above the
//! build's audience are not shown (see [`crate::stages::history::shown`]).

use serde::Serialize;

use super::word_diff::{word_runs, Run};
use crate::model::site::Site;
use crate::model::urls;
use crate::stages::history::{diff_page, shown, Entry, FieldChange, History, Shown};

/// Changes listed before the rest fold away.
const LATEST: usize = 5;

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

/// A diff page to write: where, and what it shows.
pub struct ChangePage<'a> {
    pub path: String,
    pub view: ChangeView<'a>,
}

/// The diff pages of every document's changes in the window, as far as the audience sees:
/// for each document that has some, its changes' positions in its history, newest first.
pub fn change_pages(site: &Site) -> Vec<(usize, Vec<usize>)> {
    let history = &site.history;
    let mut out = Vec::new();
    for (d, document) in site.documents.iter().enumerate() {
        let shown: Vec<usize> = history
            .of(&document.source)
            .enumerate()
            .filter(|(_, entry)| {
                entry.in_window && matches!(shown(site, d, entry, history), Shown::Fields(_))
            })
            .map(|(n, _)| n)
            .collect();
        if !shown.is_empty() {
            out.push((d, shown));
        }
    }
    out
}

/// The prose of the version a document's last diff page showed, by blob id: a document's
/// changes come newest first, and the old version of one is the new version of the next, so
/// each version is read once.
pub type LastProse = Option<(String, String)>;

/// The diff page of the `n`th change (newest first) of document `d`; `last` is the prose of
/// the version the previous call showed (for the same document, its newer change).
pub fn change_page<'a>(
    site: &'a Site,
    d: usize,
    n: usize,
    last: &mut LastProse,
) -> Option<ChangePage<'a>> {
    let history: &History = &site.history;
    let document = &site.documents[d];
    let entry = history.of(&document.source).nth(n)?;
    let (old, new) = entry.versions(history)?;
    let new_words = match last.take() {
        Some((blob, prose)) if blob == entry.change.new => prose,
        _ => super::prose::prose(&new.body),
    };
    let old_words = old
        .map(|v| super::prose::prose(&v.body))
        .unwrap_or_default();
    let (words, added, removed) = word_runs(&old_words, &new_words);
    *last = entry.change.old.clone().map(|blob| (blob, old_words));
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
