//! What a build shows of a document's change for its audience, and where its diff page is.
//! A version above the audience is a left-out version: its text, fields and commit subject
//! are not shown, and no diff page is made against it.

use super::{Entry, FieldChange, History, Version};
use crate::model::site::Site;

/// The folder the diff pages are written in; content must not use it.
pub const FOLDER: &str = "history";

/// How much of a change a build shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The version after the change is above the audience: only its date.
    Hidden,
    /// The version before is above the audience: the commit, but no fields or words.
    BeforeHidden,
    /// Both versions were read and may be shown: the fields that changed.
    Fields(Vec<FieldChange>),
    /// The versions were not read (the change is before the window): the commit only.
    Commit,
}

/// What of `entry`, a change of document `d`, the build shows.
pub fn shown(site: &Site, d: usize, entry: &Entry, history: &History) -> Shown {
    let Some((old, new)) = entry.versions(history) else {
        return Shown::Commit;
    };
    if above(site, d, new) {
        return Shown::Hidden;
    }
    if old.is_some_and(|old| above(site, d, old)) {
        return Shown::BeforeHidden;
    }
    Shown::Fields(super::fields::changes(old, new))
}

/// Whether `version` of document `d` is above the build's audience: its own classification,
/// else the document's (a level the config does not know counts as above).
pub fn above(site: &Site, d: usize, version: &Version) -> bool {
    let audiences = &site.config.audiences;
    let level = version
        .classification()
        .or(site.documents[d].meta.classification.as_deref());
    match level {
        Some(level) => audiences
            .rank(level)
            .is_none_or(|rank| rank > audiences.audience_rank()),
        None => false,
    }
}

/// The diff page of the change `short_id` of the document written at `output`, relative to
/// the output root: `history/policies/retention/1a2b3c4d.html`.
pub fn diff_page(output: &str, short_id: &str) -> String {
    let stem = output.strip_suffix(".html").unwrap_or(output);
    format!("{FOLDER}/{stem}/{short_id}.html")
}
