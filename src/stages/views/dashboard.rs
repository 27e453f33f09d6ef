//! The home dashboard: counts by kind and status, objectives with their initiatives'
//! progress, initiatives at risk, reviews due, recent changes and the latest decisions.
//! Each block is its own partial of the theme's `home.html`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{documents_of_kind, field_number, field_text, DocLink};
use crate::model::site::{PageId, Site};
use crate::model::slug::page_slug;
use crate::stages::govern::ReviewState;

/// How many entries the list blocks show.
const LIST_LENGTH: usize = 6;

#[derive(Serialize)]
pub struct Dashboard {
    pub documents: usize,
    pub kinds: Vec<KindCount>,
    pub objectives: Vec<ObjectiveProgress>,
    pub at_risk: Vec<Progress>,
    pub reviews: Vec<ReviewDue>,
    pub reviews_total: usize,
    pub recent: Vec<Dated>,
    pub decisions: Vec<Dated>,
}

#[derive(Serialize)]
pub struct KindCount {
    pub title: String,
    /// The kind's generated listing page.
    pub url: String,
    pub count: usize,
    pub statuses: Vec<(String, usize)>,
}

#[derive(Serialize)]
pub struct ObjectiveProgress {
    pub title: String,
    pub url: String,
    pub strategy: String,
    pub initiatives: Vec<Progress>,
    /// The mean progress of its initiatives, when any reports one.
    pub progress: Option<i64>,
}

#[derive(Serialize)]
pub struct Progress {
    pub document: DocLink,
    pub progress: Option<i64>,
}

#[derive(Serialize)]
pub struct ReviewDue {
    pub document: DocLink,
    pub due: String,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct Dated {
    pub document: DocLink,
    pub date: String,
}

pub fn compute(site: &Site) -> Dashboard {
    let reviews = reviews_due(site);
    Dashboard {
        documents: site.documents.len(),
        kinds: kind_counts(site),
        objectives: objectives(site),
        at_risk: documents_of_kind(site, "initiative")
            .filter(|d| site.documents[*d].meta.status.as_deref() == Some("at-risk"))
            .map(|d| progress_of(site, d))
            .collect(),
        reviews_total: reviews.len(),
        reviews: reviews.into_iter().take(LIST_LENGTH).collect(),
        recent: latest(site, (0..site.documents.len()).collect(), |d| {
            let meta = &site.documents[d].meta;
            meta.updated.clone().or_else(|| meta.date.clone())
        }),
        decisions: latest(site, documents_of_kind(site, "decision").collect(), |d| {
            field_text(site, d, "decided")
                .map(str::to_string)
                .or_else(|| site.documents[d].meta.date.clone())
        }),
    }
}

fn kind_counts(site: &Site) -> Vec<KindCount> {
    let mut by_kind: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for document in &site.documents {
        let kind = document.meta.kind.clone().unwrap_or_default();
        let label = site.kinds.label(&kind).map(str::to_string).unwrap_or(kind);
        let status = document
            .meta
            .status
            .clone()
            .unwrap_or_else(|| "no status".into());
        *by_kind.entry(label).or_default().entry(status).or_default() += 1;
    }
    let mut kinds: Vec<KindCount> = by_kind
        .into_iter()
        .map(|(title, statuses)| KindCount {
            url: format!("kinds/{}.html", page_slug(&title)),
            count: statuses.values().sum(),
            statuses: statuses.into_iter().collect(),
            title,
        })
        .collect();
    kinds.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(&b.title)));
    kinds
}

fn objectives(site: &Site) -> Vec<ObjectiveProgress> {
    let mut out = Vec::new();
    for strategy in documents_of_kind(site, "strategy") {
        let page = PageId::Document(strategy);
        let document = &site.documents[strategy];
        if matches!(document.meta.status.as_deref(), Some("draft" | "retired")) {
            continue;
        }
        let objectives = document
            .meta
            .fields
            .get("objectives")
            .and_then(|o| o.as_array());
        for objective in objectives.into_iter().flatten() {
            let Some(id) = objective.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let initiatives: Vec<Progress> = documents_of_kind(site, "initiative")
                .filter(|i| {
                    site.documents[*i]
                        .refs
                        .supports
                        .iter()
                        .any(|r| r.target == page && r.objective.as_deref() == Some(id))
                })
                .map(|i| progress_of(site, i))
                .collect();
            let reported: Vec<i64> = initiatives.iter().filter_map(|p| p.progress).collect();
            out.push(ObjectiveProgress {
                title: objective
                    .get("title")
                    .and_then(|v| v.as_str())
                    .unwrap_or(id)
                    .to_string(),
                url: format!("{}#{id}", document.url),
                strategy: document.title.clone(),
                progress: (!reported.is_empty())
                    .then(|| reported.iter().sum::<i64>() / reported.len() as i64),
                initiatives,
            });
        }
    }
    out
}

fn progress_of(site: &Site, d: usize) -> Progress {
    Progress {
        document: DocLink::of(site, PageId::Document(d)),
        progress: field_number(site, d, "progress"),
    }
}

/// Overdue reviews first (most overdue first), then those due soon.
fn reviews_due(site: &Site) -> Vec<ReviewDue> {
    let mut due: Vec<(usize, &crate::stages::govern::Review)> = site
        .documents
        .iter()
        .enumerate()
        .filter_map(|(d, doc)| doc.review.as_ref().map(|r| (d, r)))
        .filter(|(_, r)| r.state != ReviewState::Ok)
        .collect();
    due.sort_by_key(|(_, r)| r.days);
    due.into_iter()
        .map(|(d, review)| ReviewDue {
            document: DocLink::of(site, PageId::Document(d)),
            due: review.due.clone(),
            overdue: review.state == ReviewState::Overdue,
        })
        .collect()
}

/// The documents with the latest dates, newest first.
fn latest(
    site: &Site,
    documents: Vec<usize>,
    date: impl Fn(usize) -> Option<String>,
) -> Vec<Dated> {
    let mut dated: Vec<(String, usize)> = documents
        .into_iter()
        .filter_map(|d| date(d).map(|when| (when, d)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    dated
        .into_iter()
        .take(LIST_LENGTH)
        .map(|(date, d)| Dated {
            document: DocLink::of(site, PageId::Document(d)),
            date,
        })
        .collect()
}
