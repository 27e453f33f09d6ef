//! Generated pages: reviews due, and one page per owner, kind, status and tag, with an index
//! page for each. Built from the site's documents; the `listing.html` template renders them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::views::SummaryCache;
use crate::model::site::Site;
use crate::model::slug::page_slug;
use crate::stages::govern::ReviewState;

/// One generated page.
#[derive(Serialize)]
pub struct Listing {
    /// Output path and URL (root-relative; the generated names need no encoding).
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The index page this page belongs to (for breadcrumbs).
    pub parent: Option<(String, String)>,
    pub groups: Vec<Group>,
    /// For index pages: the pages listed.
    pub terms: Vec<Term>,
}

/// A titled list of documents.
#[derive(Serialize)]
pub struct Group {
    /// The group's heading.
    pub title: String,
    pub url: Option<String>,
    /// `DocumentSummary` values, from the [`SummaryCache`].
    pub documents: Vec<tera::Value>,
    /// The documents whose values these are.
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// An entry of an index page.
#[derive(Serialize, Clone)]
pub struct Term {
    pub title: String,
    pub url: String,
    pub count: usize,
}

impl Listing {
    /// What the page shows, for a fingerprint of it: the listing with each document's
    /// fingerprint from `summaries` for its value (quicker than the values themselves).
    pub fn shown(&self, summaries: &SummaryCache) -> impl serde::Serialize + '_ {
        let groups: Vec<_> = self
            .groups
            .iter()
            .map(|g| {
                let members: Vec<u128> = g
                    .members
                    .iter()
                    .map(|d| summaries.fingerprint(*d))
                    .collect();
                (&g.title, &g.url, members)
            })
            .collect();
        let head = (&self.url, &self.title, &self.summary, &self.parent);
        (head, &self.terms, groups)
    }
}

/// The folders and files generated pages use; content must not use them.
pub const GENERATED: &[&str] = &[
    "reviews.html",
    super::contents::URL,
    "owners",
    "kinds",
    "statuses",
    "tags",
];

/// Every generated page of the site; `summaries` holds its documents' template values.
pub fn all(site: &Site, summaries: &SummaryCache) -> Vec<Listing> {
    use rayon::prelude::*;
    let facets: [(&str, &str, &str, Facet); 4] = [
        (
            "owners",
            "Owners",
            "Who owns which documents; overdue reviews first.",
            owner_of,
        ),
        (
            "kinds",
            "Kinds",
            "Documents by kind: strategies, policies, decisions and the rest.",
            kind_of,
        ),
        (
            "statuses",
            "Statuses",
            "Documents by lifecycle status.",
            status_of,
        ),
        ("tags", "Tags", "Documents by topic.", tags_of),
    ];
    let order = ReviewOrder::of(site);
    // Each facet goes through every document: side by side, in their order.
    let (reviews, by_facet) = rayon::join(
        || reviews(site, &order, summaries),
        || {
            facets
                .into_par_iter()
                .with_max_len(1)
                .map(|(folder, title, summary, facet)| {
                    let spec = FacetSpec {
                        folder,
                        title,
                        summary,
                        facet,
                    };
                    facet_pages(site, spec, &order, summaries)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut pages = vec![reviews, super::contents::listing(site, summaries)];
    pages.extend(by_facet.into_iter().flatten());
    pages
}

/// A document's values of a facet (its owner, its kind's label, its status, its tags).
type Facet = for<'a> fn(&'a Site, usize) -> Vec<&'a str>;

struct FacetSpec {
    folder: &'static str,
    title: &'static str,
    summary: &'static str,
    facet: Facet,
}

fn owner_of(site: &Site, d: usize) -> Vec<&str> {
    site.documents[d]
        .meta
        .owner
        .as_deref()
        .into_iter()
        .collect()
}

fn kind_of(site: &Site, d: usize) -> Vec<&str> {
    let kind = site.documents[d].meta.kind.as_deref().unwrap_or_default();
    vec![site.kinds.label(kind).unwrap_or(kind)]
}

fn status_of(site: &Site, d: usize) -> Vec<&str> {
    site.documents[d]
        .meta
        .status
        .as_deref()
        .into_iter()
        .collect()
}

fn tags_of(site: &Site, d: usize) -> Vec<&str> {
    site.documents[d]
        .meta
        .tags
        .iter()
        .map(String::as_str)
        .collect()
}

/// The name of a facet value's page (`owners/SLUG.html`): its slug, or `other` when it has
/// no letter or digit.
pub fn facet_slug(value: &str) -> String {
    let slug = page_slug(value);
    if slug.is_empty() {
        "other".to_string()
    } else {
        slug
    }
}

/// An index page and one page per value of the facet.
fn facet_pages(
    site: &Site,
    spec: FacetSpec,
    order: &ReviewOrder,
    summaries: &SummaryCache,
) -> Vec<Listing> {
    // The documents of each value, then of each slug: a value's slug is made once, and two
    // values with one slug share its page, named after the value met first.
    let mut by_value: HashMap<&str, (usize, Vec<usize>)> = HashMap::new();
    for d in 0..site.documents.len() {
        for value in (spec.facet)(site, d) {
            let met = by_value.len();
            by_value.entry(value).or_insert((met, Vec::new())).1.push(d);
        }
    }
    let mut first_met: Vec<(&str, (usize, Vec<usize>))> = by_value.into_iter().collect();
    first_met.sort_unstable_by_key(|(_, (met, _))| *met);
    let mut by_slug: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (value, (_, documents)) in first_met {
        let (_, listed) = by_slug
            .entry(facet_slug(value))
            .or_insert_with(|| (value.to_string(), Vec::new()));
        listed.extend(documents);
    }
    let index_url = format!("{}/index.html", spec.folder);
    let mut terms = Vec::new();
    let mut pages = Vec::new();
    for (slug, (name, mut documents)) in by_slug {
        let url = format!("{}/{slug}.html", spec.folder);
        terms.push(Term {
            title: name.clone(),
            url: url.clone(),
            count: documents.len(),
        });
        // Documents in the order of the site first, as when two values share the page.
        documents.sort_unstable();
        order.sort(&mut documents);
        pages.push(Listing {
            url,
            title: name,
            summary: format!("{} · {}", spec.title, plural(documents.len())),
            parent: Some((spec.title.to_string(), index_url.clone())),
            groups: vec![Group {
                title: "Documents".into(),
                url: None,
                documents: values(summaries, &documents),
                members: documents,
            }],
            terms: Vec::new(),
        });
    }
    terms.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
    });
    pages.push(Listing {
        url: index_url,
        title: spec.title.to_string(),
        summary: spec.summary.to_string(),
        parent: None,
        groups: Vec::new(),
        terms,
    });
    pages
}

/// Overdue and due-soon reviews, grouped by owner.
fn reviews(site: &Site, order: &ReviewOrder, summaries: &SummaryCache) -> Listing {
    let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, document) in site.documents.iter().enumerate() {
        let due = document
            .review
            .as_ref()
            .is_some_and(|r| r.state != ReviewState::Ok);
        if due {
            let owner = document
                .meta
                .owner
                .clone()
                .unwrap_or_else(|| "No owner".into());
            by_owner.entry(owner).or_default().push(d);
        }
    }
    let total: usize = by_owner.values().map(Vec::len).sum();
    let groups = by_owner
        .into_iter()
        .map(|(owner, mut documents)| {
            order.sort(&mut documents);
            let slug = page_slug(&owner);
            let url = site.documents[documents[0]]
                .meta
                .owner
                .as_ref()
                .map(|_| format!("owners/{slug}.html"));
            Group {
                title: owner,
                url,
                documents: values(summaries, &documents),
                members: documents,
            }
        })
        .collect();
    Listing {
        url: "reviews.html".into(),
        title: "Reviews due".into(),
        summary: if total == 0 {
            "No review is overdue or due soon.".into()
        } else {
            format!(
                "{} overdue or due within {} days, by owner.",
                plural(total),
                site.config.review.warn_within_days
            )
        },
        parent: None,
        groups,
        terms: Vec::new(),
    }
}

/// The order of documents in a listing: overdue first (most overdue first), then due soon,
/// then the rest by title. Each document's place is worked out once for all listings.
struct ReviewOrder {
    keys: Vec<(u8, i64, String)>,
}

impl ReviewOrder {
    fn of(site: &Site) -> Self {
        use rayon::prelude::*;
        let keys = site
            .documents
            .par_iter()
            .with_max_len(crate::util::parallel::PIECE)
            .map(|document| {
                let (rank, days) = match &document.review {
                    Some(review) if review.state == ReviewState::Overdue => (0, review.days),
                    Some(review) if review.state == ReviewState::DueSoon => (1, review.days),
                    _ => (2, 0),
                };
                (rank, days, document.title.to_lowercase())
            })
            .collect();
        ReviewOrder { keys }
    }

    /// Sorts `documents` (which keep their order where their keys are equal).
    fn sort(&self, documents: &mut [usize]) {
        documents.sort_by(|a, b| self.keys[*a].cmp(&self.keys[*b]));
    }
}

fn values(summaries: &SummaryCache, documents: &[usize]) -> Vec<tera::Value> {
    documents.iter().map(|d| summaries.get(*d)).collect()
}

fn plural(n: usize) -> String {
    crate::util::words::count(n, "document", "documents")
}
