//! Relations that left-out documents write: a confidential initiative that `supports` an
//! internal objective, a restricted decision that `supersedes` an internal one. The build
//! does not show those documents, but the pages they relate to must not claim that nothing
//! supports or replaces them; so the targets learn that a hidden document relates to them
//! (never which one). Relations written by included documents are marked while resolving.

use crate::model::site::{PageId, Site};

use super::References;

/// Marks in `all` (the included documents' references, by index) the relations that
/// left-out documents write to them.
pub fn from_left_out(site: &Site, all: &mut [References]) {
    for page in site.left_out.pages.values() {
        for written in &page.supports {
            let (path, objective) = split(written);
            if let Some(refs) = target(site, all, path) {
                refs.hidden.insert("supported_by".to_string());
                if let Some(objective) = objective {
                    refs.hidden_objectives.insert(objective.to_string());
                }
            }
        }
        for written in &page.supersedes {
            if let Some(refs) = target(site, all, split(written).0) {
                refs.hidden.insert("superseded_by".to_string());
            }
        }
    }
}

/// A written reference's path (as the resolver reads it) and `#objective`.
fn split(written: &str) -> (&str, Option<&str>) {
    let (path, objective) = match written.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (written, None),
    };
    (path.trim().trim_start_matches("./"), objective)
}

/// The references of the included document at `path`, if it is one.
fn target<'a>(site: &Site, all: &'a mut [References], path: &str) -> Option<&'a mut References> {
    match site.by_source.get(path) {
        Some(PageId::Document(index)) => all.get_mut(*index),
        _ => None,
    }
}
