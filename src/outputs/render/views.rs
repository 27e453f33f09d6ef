//! The data templates see: borrowed views of the site that serialize cheaply.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Map;

use crate::model::meta::Meta;
use crate::model::site::{PageId, Site};
use crate::stages::branding::{accent_colours, AccentColours};
use crate::stages::govern::{Reference, Review};
use crate::stages::markdown::TocEntry;
use crate::stages::views::{Backlinks, Views};

/// A link to a page: its title and root-relative URL (templates prefix `root`).
#[derive(Serialize, Clone, Copy)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> Link<'a> {
    pub fn to(site: &'a Site, id: PageId) -> Self {
        Link {
            title: site.title(id),
            url: site.url(id),
        }
    }
}

/// `site`: the handbook's configuration as templates see it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// `title` of northstar.yaml, unless the home page's front matter names another.
    pub title: &'a str,
    /// `language` of northstar.yaml (`en` unless set): the pages' `lang`.
    pub language: &'a str,
    pub description: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub extra: &'a Map<String, serde_json::Value>,
    /// Whether the site has a search index (the header shows the search box).
    pub search: bool,
    /// `branding:` as configured; `accent` is the accent adjusted for each colour scheme.
    pub branding: BrandingView<'a>,
    /// The handbook's repository URL, when configured.
    pub repository: Option<&'a str>,
    /// The audience this build is for (its highest classification level): generated pages,
    /// which gather documents, carry it as their label.
    pub audience: &'a str,
    /// The top-level sections, in reading order: the header's tabs.
    pub sections: Vec<Link<'a>>,
    /// The views that have something to show: the header's "Views" menu.
    pub views: Vec<super::menu::ViewLink>,
    /// The contents page: the whole tree on one page.
    pub contents: &'static str,
    /// `extra_css` and `extra_js` of northstar.yaml: files of the handbook's `static/`.
    pub extra_css: &'a [String],
    pub extra_js: &'a [String],
}

/// `site.branding`.
#[derive(Serialize)]
pub struct BrandingView<'a> {
    pub logo: Option<&'a str>,
    pub favicon: Option<&'a str>,
    /// The footer line (`branding.footer`, else `extra.footer`).
    pub footer: Option<&'a str>,
    /// `light`, `light_hover`, `light_bg`, `dark`, `dark_hover`, `dark_bg`, or null.
    pub accent: Option<AccentColours>,
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site, views: &Views) -> Self {
        let config = &site.config;
        SiteView {
            title: site.title(PageId::Section(site.root_section())),
            language: &config.language,
            description: config.description.as_deref(),
            base_url: config.base_url.as_deref(),
            extra: &config.extra,
            search: config.search.enabled,
            branding: BrandingView {
                logo: config.branding.logo.as_deref(),
                favicon: config.branding.favicon.as_deref(),
                footer: config
                    .branding
                    .footer
                    .as_deref()
                    .or_else(|| config.extra.get("footer").and_then(|v| v.as_str())),
                accent: config.branding.accent.map(accent_colours),
            },
            repository: config.repository.as_ref().map(|r| r.url.as_str()),
            audience: config.audiences.audience(),
            sections: super::menu::sections(site),
            views: super::menu::views(site, views),
            contents: super::contents::URL,
            extra_css: &config.extra_css,
            extra_js: &config.extra_js,
        }
    }
}

/// `page`: the page being rendered.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub source: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub authors: &'a [String],
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub review_by: Option<&'a str>,
    pub classification: Option<&'a str>,
    pub draft: bool,
    pub content: &'a str,
    pub toc: Vec<TocView<'a>>,
    pub extra: &'a Map<String, serde_json::Value>,
    pub fields: &'a Map<String, serde_json::Value>,
    /// Objective ids that the body already uses as anchors (a heading named like the
    /// objective): the objectives table does not repeat them as ids.
    pub anchored_in_body: Vec<&'a str>,
    /// The kind's name for readers (`Policy`, `Decision` …).
    pub kind_label: Option<&'a str>,
    /// The next review: `{due, state: overdue|due-soon|ok, days}`.
    pub review: Option<&'a Review>,
    pub supports: Vec<RefLink<'a>>,
    pub supersedes: Vec<Link<'a>>,
    pub superseded_by: Vec<Link<'a>>,
    /// The kind's own reference fields (`depends_on`, `mitigated_by` …), resolved.
    pub references: BTreeMap<&'a str, Vec<RefLink<'a>>>,
    /// Documents whose `supports` names this page (`objective`: which of its objectives).
    pub supported_by: Vec<RefLink<'a>>,
    /// Pages whose body links here, other than those in `supported_by`.
    pub linked_from: Vec<Link<'a>>,
    /// The relations (`supports`, `supersedes`, `superseded_by`, `supported_by`, or a name
    /// in `references`) that also reach a document this build's audience does not see.
    pub hidden_relations: Vec<&'a str>,
    /// The date of the source file's last commit, else front matter `updated`.
    pub last_updated: Option<&'a str>,
    /// "Edit this page" on the repository's forge, when `repository:` is configured.
    pub edit_url: Option<String>,
}

/// A link made from a front-matter reference, with the objective it names.
#[derive(Serialize)]
pub struct RefLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub objective: Option<&'a str>,
}

impl<'a> RefLink<'a> {
    fn of(site: &'a Site, reference: &'a Reference) -> Self {
        RefLink {
            title: site.title(reference.target),
            url: site.url(reference.target),
            objective: reference.objective.as_deref(),
        }
    }
}

/// An entry of `page.toc`, with where it sits in the nested list the theme draws: h3
/// headings after an h2 are `nested` under it; the h2 `opens` a list when an h3 follows, and
/// the last nested h3 `closes` it.
#[derive(Serialize)]
pub struct TocView<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
    pub nested: bool,
    pub opens: bool,
    pub closes: bool,
}

impl<'a> TocView<'a> {
    fn list(toc: &'a [TocEntry]) -> Vec<Self> {
        let mut seen_h2 = false;
        toc.iter()
            .enumerate()
            .map(|(i, h)| {
                let next_is_h3 = toc.get(i + 1).is_some_and(|n| n.level == 3);
                seen_h2 |= h.level == 2;
                let nested = h.level == 3 && seen_h2;
                TocView {
                    level: h.level,
                    id: &h.id,
                    title: &h.title,
                    nested,
                    opens: h.level == 2 && next_is_h3,
                    closes: nested && !next_is_h3,
                }
            })
            .collect()
    }
}

/// The parts of a page that do not come from its metadata.
pub struct PageParts<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub source: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
}

impl<'a> PageView<'a> {
    pub fn new(parts: PageParts<'a>, meta: &'a Meta) -> Self {
        PageView {
            title: parts.title,
            url: parts.url,
            source: parts.source,
            kind: meta.kind.as_deref(),
            status: meta.status.as_deref(),
            owner: meta.owner.as_deref(),
            authors: &meta.authors,
            summary: meta.summary.as_deref(),
            tags: &meta.tags,
            date: meta.date.as_deref(),
            updated: meta.updated.as_deref(),
            review_by: meta.review_by.as_deref(),
            classification: meta.classification.as_deref(),
            draft: meta.draft,
            content: parts.content,
            toc: TocView::list(parts.toc),
            extra: &meta.extra,
            fields: &meta.fields,
            anchored_in_body: Vec::new(),
            kind_label: None,
            review: None,
            supports: Vec::new(),
            supersedes: Vec::new(),
            superseded_by: Vec::new(),
            references: BTreeMap::new(),
            supported_by: Vec::new(),
            linked_from: Vec::new(),
            hidden_relations: Vec::new(),
            last_updated: meta.updated.as_deref(),
            edit_url: None,
        }
    }

    /// Adds the last commit date of the page's source and its edit link.
    pub fn with_history(mut self, site: &'a Site) -> Self {
        if let Some(source) = self.source {
            if let Some(date) = site.git_dates.get(source) {
                self.last_updated = Some(date);
            }
            self.edit_url = site.config.repository.as_ref().map(|r| r.edit_url(source));
        }
        self
    }

    /// Adds who supports this page and who links to it.
    pub fn with_backlinks(
        mut self,
        site: &'a Site,
        backlinks: &'a Backlinks,
        page: PageId,
    ) -> Self {
        self.supported_by = backlinks
            .supporters(page)
            .iter()
            .map(|s| RefLink {
                title: site.title(s.page),
                url: site.url(s.page),
                objective: s.objective.as_deref(),
            })
            .collect();
        self.linked_from = backlinks
            .linking(page)
            .into_iter()
            .map(|p| Link::to(site, p))
            .collect();
        self
    }

    /// Notes which of the objectives' ids the body's own anchors already use.
    pub fn with_body_anchors(mut self, ids: &std::collections::HashSet<String>) -> Self {
        if let Some(serde_json::Value::Array(objectives)) = self.fields.get("objectives") {
            self.anchored_in_body = objectives
                .iter()
                .filter_map(|o| o.get("id")?.as_str())
                .filter(|id| ids.contains(*id))
                .collect();
        }
        self
    }

    /// Adds what governance knows of a document: kind label, review and references.
    pub fn with_document(mut self, site: &'a Site, index: usize) -> Self {
        let document = &site.documents[index];
        let refs = &document.refs;
        self.kind_label = document
            .meta
            .kind
            .as_deref()
            .and_then(|k| site.kinds.label(k));
        self.review = document.review.as_ref();
        self.supports = refs.supports.iter().map(|r| RefLink::of(site, r)).collect();
        self.supersedes = refs
            .supersedes
            .iter()
            .map(|id| Link::to(site, *id))
            .collect();
        self.superseded_by = refs
            .superseded_by
            .iter()
            .map(|id| Link::to(site, *id))
            .collect();
        self.hidden_relations = refs.hidden.iter().map(String::as_str).collect();
        self.references = refs
            .other
            .iter()
            .map(|(name, list)| {
                (
                    name.as_str(),
                    list.iter().map(|r| RefLink::of(site, r)).collect(),
                )
            })
            .collect();
        self
    }
}

/// `section`: a section's listing, on home and section pages.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: Option<&'a str>,
    pub subsections: Vec<SubsectionView<'a>>,
    /// [`DocumentSummary`] values, from the [`SummaryCache`].
    pub documents: Vec<tera::Value>,
}

#[derive(Serialize)]
pub struct SubsectionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: Option<&'a str>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct DocumentSummary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: Option<&'a str>,
    pub kind: Option<&'a str>,
    /// The kind's `label` from its schema (built in or configured), when it has one.
    pub kind_label: Option<&'a str>,
    pub status: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub draft: bool,
    pub updated: Option<&'a str>,
    pub review: Option<&'a Review>,
}

impl<'a> DocumentSummary<'a> {
    pub fn of(site: &'a Site, index: usize) -> Self {
        let doc = &site.documents[index];
        DocumentSummary {
            title: &doc.title,
            url: &doc.url,
            summary: doc.meta.summary.as_deref(),
            kind: doc.meta.kind.as_deref(),
            kind_label: doc.meta.kind.as_deref().and_then(|k| site.kinds.label(k)),
            status: doc.meta.status.as_deref(),
            owner: doc.meta.owner.as_deref(),
            draft: doc.meta.draft,
            updated: doc.meta.updated.as_deref(),
            review: doc.review.as_ref(),
        }
    }
}

impl<'a> SectionView<'a> {
    pub fn of(site: &'a Site, index: usize, summaries: &SummaryCache) -> Self {
        let section = &site.sections[index];
        SectionView {
            title: &section.title,
            url: &section.url,
            summary: section.meta.summary.as_deref(),
            subsections: section
                .subsections
                .iter()
                .map(|s| {
                    let sub = &site.sections[*s];
                    SubsectionView {
                        title: &sub.title,
                        url: &sub.url,
                        summary: sub.meta.summary.as_deref(),
                        count: sub.total_documents,
                    }
                })
                .collect(),
            documents: section
                .documents
                .iter()
                .map(|d| summaries.get(*d))
                .collect(),
        }
    }
}

/// Each document's [`DocumentSummary`] made into a template value once: a document is listed
/// on its section's page and on its owner, kind, status and tag pages, which share the value
/// (a template value's lists and maps are shared, not copied, when a context takes them).
pub struct SummaryCache<'a> {
    site: &'a Site,
    values: Vec<OnceLock<tera::Value>>,
    /// Fingerprints of the summaries, made on demand (`serve` compares listings by them).
    prints: Vec<OnceLock<u128>>,
}

impl<'a> SummaryCache<'a> {
    pub fn new(site: &'a Site) -> Self {
        SummaryCache {
            site,
            values: site.documents.iter().map(|_| OnceLock::new()).collect(),
            prints: site.documents.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Makes every document's summary, in parallel, or takes the one `kept` from an earlier
    /// render: the listings need nearly all of them, and made one by one as the listings are
    /// put together they were 50 ms of one thread at 10,000 documents.
    pub fn fill(&self, kept: &dyn KeptSummaries) {
        use rayon::prelude::*;
        (0..self.values.len())
            .into_par_iter()
            .with_max_len(crate::util::parallel::PIECE)
            .for_each(|document| match kept.kept(document) {
                Some(summary) => {
                    let _ = self.values[document].set(summary.value);
                    if let Some(print) = summary.print {
                        let _ = self.prints[document].set(print);
                    }
                }
                None => {
                    self.get(document);
                }
            });
    }

    /// Every summary made so far, with its fingerprint if that was made, for a later render.
    pub fn made(&self) -> Vec<Option<KeptSummary>> {
        self.values
            .iter()
            .zip(&self.prints)
            .map(|(value, print)| {
                value.get().map(|value| KeptSummary {
                    value: value.clone(),
                    print: print.get().copied(),
                })
            })
            .collect()
    }

    /// A fingerprint of the summary of document `document` (one that cannot be made is new
    /// each time, so that it never matches).
    pub fn fingerprint(&self, document: usize) -> u128 {
        *self.prints[document].get_or_init(|| {
            crate::util::fingerprint::of(&DocumentSummary::of(self.site, document))
                .unwrap_or_else(crate::util::fingerprint::fresh)
        })
    }

    /// The summary of document `document`.
    pub fn get(&self, document: usize) -> tera::Value {
        self.values[document]
            .get_or_init(|| {
                tera::Value::from_serializable(&DocumentSummary::of(self.site, document))
            })
            .clone()
    }
}

/// A document's summary as an earlier render made it (`serve`).
#[derive(Clone)]
pub struct KeptSummary {
    pub value: tera::Value,
    /// Its fingerprint, if the render made one.
    pub print: Option<u128>,
}

/// The summaries an earlier render made, of the documents that did not change since.
pub trait KeptSummaries: Sync {
    /// The earlier summary of document `document`, if it still holds.
    fn kept(&self, document: usize) -> Option<KeptSummary>;

    /// Keeps the summaries `cache` made, for the next render.
    fn keep(&self, cache: &SummaryCache);
}

/// Summaries made for more documents than this are freed on a thread of their own.
const FREED_BESIDE: usize = 1000;

impl Drop for SummaryCache<'_> {
    /// Taking apart thousands of summaries (a map of strings each) is the last thing the
    /// build's final stage did, on one thread while the other waited: a large cache is freed
    /// beside instead (if no thread can be had, here after all).
    fn drop(&mut self) {
        if self.values.len() > FREED_BESIDE {
            crate::util::side_by_side::drop_beside(
                std::mem::take(&mut self.values),
                "drop-summaries",
            );
        }
    }
}
