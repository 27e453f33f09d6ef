//! Traceability: which documents support which strategy objectives — the matrix, the
//! objectives nothing supports and the initiatives that support nothing (both also warnings).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use super::{documents_of_kind, DocLink};
use crate::model::diagnostics::Diagnostic;
use crate::model::site::{PageId, Site};

/// The traceability page's data.
#[derive(Serialize)]
pub struct Traceability {
    /// Every objective of every strategy, in strategy order.
    pub objectives: Vec<ObjectiveRow>,
    /// The documents that support at least one objective: the matrix's columns.
    pub supporters: Vec<DocLink>,
    /// Objectives that no document supports.
    pub unsupported: Vec<ObjectiveRow>,
    /// Initiatives whose `supports` is empty.
    pub idle_initiatives: Vec<DocLink>,
}

/// One objective and, per matrix column, whether that document supports it.
#[derive(Serialize, Clone)]
pub struct ObjectiveRow {
    pub strategy: DocLink,
    pub id: String,
    pub title: String,
    /// The objective's anchor on its strategy's page (root-relative).
    pub url: String,
    /// One entry per column of `supporters`.
    pub cells: Vec<bool>,
    /// The documents supporting it, for narrow screens and screen readers.
    pub supported_by: Vec<DocLink>,
    /// Whether a document this build's audience does not see supports it too.
    pub hidden_support: bool,
}

impl Traceability {
    pub fn summary(&self) -> String {
        use crate::util::words::count;
        format!(
            "{}, {}; {} without support, {} supporting nothing.",
            count(self.objectives.len(), "objective", "objectives"),
            count(
                self.supporters.len(),
                "supporting document",
                "supporting documents"
            ),
            count(self.unsupported.len(), "objective", "objectives"),
            count(self.idle_initiatives.len(), "initiative", "initiatives"),
        )
    }
}

/// Builds the matrix and warns about unsupported objectives and idle initiatives.
pub fn compute(site: &Site, out: &mut Vec<Diagnostic>) -> Traceability {
    let objectives = declared_objectives(site);
    let position: HashMap<(PageId, &str), usize> = objectives
        .iter()
        .enumerate()
        .map(|(o, (page, id))| ((*page, id.as_str()), o))
        .collect();
    // (objective index, supporting document) pairs.
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for (index, document) in site.documents.iter().enumerate() {
        for reference in &document.refs.supports {
            let Some(objective) = &reference.objective else {
                continue;
            };
            if let Some(o) = position.get(&(reference.target, objective.as_str())) {
                pairs.insert((*o, index));
            }
        }
    }
    let mut columns: Vec<usize> = pairs.iter().map(|(_, d)| *d).collect();
    columns.sort_by_cached_key(|d| {
        let meta = &site.documents[*d].meta;
        (
            kind_rank(meta.kind.as_deref()),
            site.documents[*d].title.to_lowercase(),
            *d,
        )
    });
    columns.dedup();
    let mut rows = Vec::new();
    let mut unsupported = Vec::new();
    for (o, (strategy, id)) in objectives.iter().enumerate() {
        let cells: Vec<bool> = columns.iter().map(|d| pairs.contains(&(o, *d))).collect();
        let supported_by = columns
            .iter()
            .zip(&cells)
            .filter(|(_, on)| **on)
            .map(|(d, _)| DocLink::of(site, PageId::Document(*d)))
            .collect();
        let row = ObjectiveRow {
            strategy: DocLink::of(site, *strategy),
            id: id.clone(),
            title: objective_title(site, *strategy, id),
            url: format!("{}#{id}", site.url(*strategy)),
            cells,
            supported_by,
            hidden_support: hidden_support(site, *strategy, id),
        };
        // Gaps are judged on the whole handbook: support above the audience still counts.
        if !row.cells.contains(&true) && !row.hidden_support {
            if in_force(site, *strategy) {
                warn_unsupported(site, *strategy, id, out);
            }
            unsupported.push(row.clone());
        }
        rows.push(row);
    }
    let mut idle_initiatives = Vec::new();
    for d in documents_of_kind(site, "initiative") {
        let document = &site.documents[d];
        let supports = !document.refs.supports.is_empty() || document.refs.hides("supports");
        if !supports && document.meta.status.as_deref() != Some("cancelled") {
            out.push(
                Diagnostic::warning("this initiative supports no objective or document")
                    .code("initiative-supports-nothing")
                    .at(PathBuf::from("content").join(&document.source), document.meta.header_line, 1)
                    .help("add `supports: [strategy/x.md#objective-id]` naming what it serves, or cancel it"),
            );
            idle_initiatives.push(DocLink::of(site, PageId::Document(d)));
        }
    }
    Traceability {
        objectives: rows,
        supporters: columns
            .iter()
            .map(|d| DocLink::of(site, PageId::Document(*d)))
            .collect(),
        unsupported,
        idle_initiatives,
    }
}

/// Every (strategy page, objective id) of documents that are not retired.
fn declared_objectives(site: &Site) -> Vec<(PageId, String)> {
    let mut out = Vec::new();
    for (d, document) in site.documents.iter().enumerate() {
        if document.meta.status.as_deref() == Some("retired") {
            continue;
        }
        for id in crate::stages::govern::objective_ids(site, PageId::Document(d)) {
            out.push((PageId::Document(d), id));
        }
    }
    out
}

/// Whether a document this build's audience does not see supports objective `id`.
fn hidden_support(site: &Site, strategy: PageId, id: &str) -> bool {
    match strategy {
        PageId::Document(d) => site.documents[d].refs.hidden_objectives.contains(id),
        PageId::Section(_) => false,
    }
}

/// Whether a strategy's objectives should already have support: not while it is a draft
/// or a proposal.
fn in_force(site: &Site, strategy: PageId) -> bool {
    !matches!(
        site.meta(strategy).status.as_deref(),
        Some("draft" | "proposed")
    )
}

fn objective_title(site: &Site, strategy: PageId, id: &str) -> String {
    let PageId::Document(d) = strategy else {
        return id.to_string();
    };
    match site.documents[d].meta.fields.get("objectives") {
        Some(Value::Array(items)) => items
            .iter()
            .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
            .and_then(|o| o.get("title")?.as_str())
            .unwrap_or(id)
            .to_string(),
        _ => id.to_string(),
    }
}

fn warn_unsupported(site: &Site, strategy: PageId, id: &str, out: &mut Vec<Diagnostic>) {
    let PageId::Document(d) = strategy else {
        return;
    };
    let document = &site.documents[d];
    let line = document
        .meta
        .field_lines
        .get("objectives")
        .copied()
        .unwrap_or(document.meta.header_line);
    out.push(
        Diagnostic::warning(format!("no document supports objective `{id}`"))
            .code("unsupported-objective")
            .at(PathBuf::from("content").join(&document.source), line, 1)
            .help(format!(
                "add `supports: [{}#{id}]` to an initiative, policy or decision that serves it",
                document.source
            )),
    );
}

/// Matrix columns: initiatives first, then policies, standards, decisions, the rest.
fn kind_rank(kind: Option<&str>) -> usize {
    ["initiative", "policy", "standard", "decision"]
        .iter()
        .position(|k| Some(*k) == kind)
        .unwrap_or(4)
}
