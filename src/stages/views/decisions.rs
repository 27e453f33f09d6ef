//! The decision log: every `decision` document, newest first, with what it supersedes and
//! what superseded it, and the whole chain of decisions it belongs to, oldest first.

use serde::Serialize;

use super::{documents_of_kind, field_text, DocLink};
use crate::model::site::{PageId, Site};

#[derive(Serialize)]
pub struct DecisionLog {
    pub decisions: Vec<DecisionRow>,
}

#[derive(Serialize)]
pub struct DecisionRow {
    pub document: DocLink,
    /// `decided`, else `date`.
    pub decided: Option<String>,
    pub supersedes: Vec<DocLink>,
    pub superseded_by: Vec<DocLink>,
    /// Whether it supersedes, or is superseded by, a document this build's audience does
    /// not see.
    pub supersedes_hidden: bool,
    pub superseded_by_hidden: bool,
    /// The decisions this one replaced and was replaced by, oldest first, itself included;
    /// empty when it stands alone.
    pub chain: Vec<DocLink>,
}

pub fn compute(site: &Site) -> DecisionLog {
    let mut decisions: Vec<DecisionRow> = documents_of_kind(site, "decision")
        .map(|d| {
            let refs = &site.documents[d].refs;
            let links = |ids: &[PageId]| ids.iter().map(|p| DocLink::of(site, *p)).collect();
            let chain = chain(site, d);
            DecisionRow {
                document: DocLink::of(site, PageId::Document(d)),
                decided: field_text(site, d, "decided")
                    .map(str::to_string)
                    .or_else(|| site.documents[d].meta.date.clone()),
                supersedes: links(&refs.supersedes),
                superseded_by: links(&refs.superseded_by),
                supersedes_hidden: refs.hides("supersedes"),
                superseded_by_hidden: refs.hides("superseded_by"),
                chain: if chain.len() > 1 {
                    chain.iter().map(|p| DocLink::of(site, *p)).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    decisions.sort_by(|a, b| {
        b.decided
            .cmp(&a.decided)
            .then_with(|| a.document.title.cmp(&b.document.title))
    });
    DecisionLog { decisions }
}

/// The chain through `d`: follow `supersedes` back to the first decision, then
/// `superseded_by` forward (the first successor at each step), without revisiting a page.
fn chain(site: &Site, d: usize) -> Vec<PageId> {
    let mut first = PageId::Document(d);
    let mut seen = vec![first];
    while let PageId::Document(i) = first {
        match site.documents[i].refs.supersedes.first() {
            Some(older) if !seen.contains(older) => {
                seen.push(*older);
                first = *older;
            }
            _ => break,
        }
    }
    let mut chain = vec![first];
    let mut current = first;
    while let PageId::Document(i) = current {
        match site.documents[i].refs.superseded_by.first() {
            Some(newer) if !chain.contains(newer) => {
                chain.push(*newer);
                current = *newer;
            }
            _ => break,
        }
    }
    chain
}
