//! The data templates see: borrowed views of the site that serialize cheaply.

use serde::Serialize;
use serde_json::Map;

use crate::markdown::TocEntry;
use crate::meta::Meta;
use crate::site::{PageId, Site};

/// A link to a page: its title and root-relative URL (templates prefix `root`).
#[derive(Serialize)]
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
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub extra: &'a Map<String, serde_json::Value>,
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> Self {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: config.base_url.as_deref(),
            extra: &config.extra,
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
    pub toc: &'a [TocEntry],
    pub extra: &'a Map<String, serde_json::Value>,
    pub fields: &'a Map<String, serde_json::Value>,
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
            toc: parts.toc,
            extra: &meta.extra,
            fields: &meta.fields,
        }
    }
}

/// `section`: a section's listing, on home and section pages.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: Option<&'a str>,
    pub subsections: Vec<SubsectionView<'a>>,
    pub documents: Vec<DocumentSummary<'a>>,
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
    pub status: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub draft: bool,
    pub updated: Option<&'a str>,
}

impl<'a> SectionView<'a> {
    pub fn of(site: &'a Site, index: usize) -> Self {
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
                .map(|d| {
                    let doc = &site.documents[*d];
                    DocumentSummary {
                        title: &doc.title,
                        url: &doc.url,
                        summary: doc.meta.summary.as_deref(),
                        kind: doc.meta.kind.as_deref(),
                        status: doc.meta.status.as_deref(),
                        owner: doc.meta.owner.as_deref(),
                        draft: doc.meta.draft,
                        updated: doc.meta.updated.as_deref(),
                    }
                })
                .collect(),
        }
    }
}
