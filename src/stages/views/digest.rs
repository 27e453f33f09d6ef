//! The change digest ("What's new"): the documents that changed in the window of
//! `changes: {since: …}`, grouped by kind of change — new decisions, policies changed,
//! initiatives whose status or progress moved, radar movements, reviews done — each with the
//! fields that moved and links to its history and its last diff.

use serde::Serialize;

use super::ring_history;
use crate::model::site::Site;
use crate::stages::history::{diff_page, shown, FieldChange, Shown};

/// Where the digest page is written.
pub const WHATS_NEW: &str = "whats-new.html";

/// `view` of `whats-new.html`, and the board pack's "Changes since …" chapter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Digest {
    /// "since 2026-10-01", "since board-2026-q3", "in the last 90 days".
    pub label: String,
    /// The window's first day.
    pub start: String,
    pub groups: Vec<Group>,
    /// How many documents changed in the window.
    pub count: usize,
    /// Whether the handbook has a git history at all.
    pub has_history: bool,
}

/// One kind of change.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `decisions`, `policies`, `initiatives`, `radar`, `reviews`.
    pub key: &'static str,
    pub title: &'static str,
    pub entries: Vec<DigestEntry>,
}

/// One document's changes in the window.
#[derive(Debug, Clone, Serialize)]
pub struct DigestEntry {
    pub title: String,
    pub url: String,
    pub kind: Option<String>,
    /// The newest change's date, author and subject.
    pub date: String,
    pub author: String,
    pub subject: String,
    /// The fields that moved over the window: each from its first value to its last.
    pub fields: Vec<FieldChange>,
    /// The document's history on its page (root-relative).
    pub history_url: String,
    /// The newest change's diff page.
    pub diff_url: String,
    /// `in` (toward adopt) or `out` for a technology whose ring moved.
    pub moved: Option<&'static str>,
}

const GROUPS: &[(&str, &str)] = &[
    ("decisions", "New decisions"),
    ("policies", "Policies changed"),
    ("initiatives", "Initiatives that moved"),
    ("radar", "Radar movements"),
    ("reviews", "Reviews done"),
];

/// The digest of `site`'s history.
pub fn compute(site: &Site) -> Digest {
    let history = &site.history;
    let mut groups: Vec<Group> = GROUPS
        .iter()
        .map(|(key, title)| Group {
            key,
            title,
            entries: Vec::new(),
        })
        .collect();
    let mut count = 0;
    for d in 0..site.documents.len() {
        let Some((entry, added)) = in_window(site, d) else {
            continue;
        };
        count += 1;
        let kind = site.documents[d].meta.kind.as_deref().unwrap_or("");
        let moved = |name: &str| entry.fields.iter().any(|f| f.name == name);
        let keys = [
            ("decisions", kind == "decision" && added),
            ("policies", kind == "policy" || kind == "standard"),
            (
                "initiatives",
                kind == "initiative" && (moved("status") || moved("progress")),
            ),
            ("radar", kind == "technology" && moved("ring")),
            ("reviews", moved("last_reviewed")),
        ];
        for (group, (key, wanted)) in groups.iter_mut().zip(keys) {
            debug_assert_eq!(group.key, key);
            if wanted {
                group.entries.push(entry.clone());
            }
        }
    }
    for group in &mut groups {
        group
            .entries
            .sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
    }
    groups.retain(|g| !g.entries.is_empty());
    Digest {
        label: history.window.label.clone(),
        start: history.window.start.clone(),
        groups,
        count,
        has_history: !history.is_empty(),
    }
}

/// Document `d`'s shown changes in the window, summed up (`None`: none), and whether the
/// window holds its first commit.
fn in_window(site: &Site, d: usize) -> Option<(DigestEntry, bool)> {
    let history = &site.history;
    let document = &site.documents[d];
    let mut newest = None;
    let mut added = false;
    // Oldest first, so that each field runs from its first value to its last.
    let mut fields: Vec<FieldChange> = Vec::new();
    let entries: Vec<_> = history
        .of(&document.source)
        .filter(|e| e.in_window)
        .collect();
    for entry in entries.iter().rev() {
        let Shown::Fields(changed) = shown(site, d, entry, history) else {
            continue;
        };
        added |= entry.change.old.is_none();
        for change in changed {
            match fields.iter_mut().find(|f| f.name == change.name) {
                Some(field) => field.to = change.to,
                None => fields.push(change),
            }
        }
        newest = Some(*entry);
    }
    fields.retain(|f| f.from != f.to);
    let newest = newest?;
    let ring = fields.iter().find(|f| f.name == "ring");
    let moved =
        ring.and_then(
            |f| match ring_history::movement(f.from.as_deref()?, f.to.as_deref()?) {
                1 => Some("in"),
                -1 => Some("out"),
                _ => None,
            },
        );
    Some((
        DigestEntry {
            title: document.title.clone(),
            url: document.url.clone(),
            kind: document.meta.kind.clone(),
            date: newest.commit.date.clone(),
            author: newest.commit.author.clone(),
            subject: newest.commit.subject.clone(),
            fields,
            history_url: format!("{}#history", document.url),
            diff_url: crate::model::urls::encode_path(&diff_page(
                &document.output,
                newest.short_id(),
            )),
            moved,
        },
        added,
    ))
}

/// How document `d`'s ring moved in the window (`in`, `out`), from the history.
pub fn ring_moved(site: &Site, d: usize) -> Option<&'static str> {
    in_window(site, d).and_then(|(entry, _)| entry.moved)
}
