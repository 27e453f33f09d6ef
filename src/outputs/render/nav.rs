//! Navigation around one page: breadcrumbs, the sidebar (ancestors, siblings, children — a
//! bounded window, never the whole tree) and prev/next within the section.

use std::sync::OnceLock;

use serde::Serialize;

use super::views::Link;
use crate::model::site::{PageId, Site};

/// At most this many entries on each side of the current one are listed in the sidebar.
const WINDOW: usize = 25;
/// At most this many children of the current section are listed under it.
const CHILDREN: usize = 50;

/// `nav`: the sidebar.
#[derive(Serialize)]
pub struct NavView<'a> {
    pub section: Link<'a>,
    pub ancestors: Vec<Link<'a>>,
    /// [`NavEntry`]s, as template values (most come from the [`NavCache`]).
    pub entries: Vec<tera::Value>,
    pub more_before: usize,
    pub more_after: usize,
}

#[derive(Serialize)]
pub struct NavEntry<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub is_section: bool,
    pub current: bool,
    pub kind: Option<&'a str>,
    pub children: Vec<NavChild<'a>>,
}

#[derive(Serialize)]
pub struct NavChild<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub is_section: bool,
    pub current: bool,
}

/// Each page's sidebar entry, turned into a template value the first time a sidebar lists
/// it: a page is listed in the sidebars of up to fifty neighbours, and building its value
/// again for each was a visible share of rendering. Made afresh for each render pass.
pub struct NavCache {
    entries: Vec<OnceLock<tera::Value>>,
}

impl NavCache {
    pub fn new(site: &Site) -> Self {
        NavCache {
            entries: (0..site.documents.len() + site.sections.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The entry of `page` when it is not the page being rendered.
    fn entry(&self, site: &Site, page: PageId) -> tera::Value {
        let slot = match page {
            PageId::Document(d) => d,
            PageId::Section(s) => site.documents.len() + s,
        };
        self.entries[slot]
            .get_or_init(|| tera::Value::from_serializable(&nav_entry(site, page, false)))
            .clone()
    }
}

/// The sidebar of one page, before it becomes the `nav` template value or the drawn HTML.
pub struct Sidebar<'a> {
    /// The page being rendered (marked current where it is listed).
    pub page: PageId,
    /// The section whose entries are listed.
    pub section: Link<'a>,
    /// Home down to that section.
    pub ancestors: Vec<Link<'a>>,
    /// The listed window of the section's entries.
    pub entries: &'a [PageId],
    pub more_before: usize,
    pub more_after: usize,
}

/// The sidebar for `page`: the entries of its section (for a section, of its parent), with
/// the current entry marked and, for a section, its own entries beneath it.
pub fn sidebar(site: &Site, page: PageId) -> Sidebar<'_> {
    let listed = match page {
        PageId::Document(d) => site.documents[d].section,
        PageId::Section(s) => site.sections[s].parent.unwrap_or(s),
    };
    let section = &site.sections[listed];
    let ancestors = site
        .chain(listed)
        .into_iter()
        .map(|s| Link::to(site, PageId::Section(s)))
        .collect();
    let position = if listed == site.root_section() && page == PageId::Section(listed) {
        0
    } else {
        site.entry_index(page)
    };
    let start = position.saturating_sub(WINDOW);
    let end = (position + WINDOW + 1).min(section.entries.len());
    Sidebar {
        page,
        section: Link::to(site, PageId::Section(listed)),
        ancestors,
        entries: &section.entries[start..end],
        more_before: start,
        more_after: section.entries.len() - end,
    }
}

impl<'a> Sidebar<'a> {
    /// `nav` for templates; the entries other than the current one come from `cache`.
    pub fn view(&self, site: &'a Site, cache: &NavCache) -> NavView<'a> {
        let entries = self
            .entries
            .iter()
            .map(|entry| {
                if *entry == self.page {
                    tera::Value::from_serializable(&nav_entry(site, *entry, true))
                } else {
                    cache.entry(site, *entry)
                }
            })
            .collect();
        NavView {
            section: self.section,
            ancestors: self.ancestors.clone(),
            entries,
            more_before: self.more_before,
            more_after: self.more_after,
        }
    }

    /// The children listed under `entry`: none, unless it is the current page and a section.
    pub fn children(&self, site: &'a Site, entry: PageId) -> &'a [PageId] {
        if entry == self.page {
            children(site, entry)
        } else {
            &[]
        }
    }
}

/// A section's first entries, listed under it when it is the current page.
fn children(site: &Site, entry: PageId) -> &[PageId] {
    match entry {
        PageId::Section(s) => {
            let entries = &site.sections[s].entries;
            &entries[..entries.len().min(CHILDREN)]
        }
        PageId::Document(_) => &[],
    }
}

/// The sidebar entry of `entry`; the `current` one lists a section's own entries.
fn nav_entry(site: &Site, entry: PageId, current: bool) -> NavEntry<'_> {
    let listed = if current { children(site, entry) } else { &[] };
    let children = listed
        .iter()
        .map(|child| NavChild {
            title: site.title(*child),
            url: site.url(*child),
            is_section: matches!(child, PageId::Section(_)),
            current: false,
        })
        .collect();
    NavEntry {
        title: site.title(entry),
        url: site.url(entry),
        is_section: matches!(entry, PageId::Section(_)),
        current,
        kind: site.meta(entry).kind.as_deref(),
        children,
    }
}

/// Links from the home page down to the page's parent section.
pub fn breadcrumbs(site: &Site, page: PageId) -> Vec<Link<'_>> {
    match site.parent(page) {
        Some(parent) => site
            .chain(parent)
            .into_iter()
            .map(|s| Link::to(site, PageId::Section(s)))
            .collect(),
        None => Vec::new(),
    }
}

/// The previous and next documents of a document's section.
pub fn prev_next(site: &Site, page: PageId) -> (Option<Link<'_>>, Option<Link<'_>>) {
    let PageId::Document(d) = page else {
        return (None, None);
    };
    let documents = &site.sections[site.documents[d].section].documents;
    let position = site.documents[d].document_index;
    let prev = position
        .checked_sub(1)
        .map(|p| Link::to(site, PageId::Document(documents[p])));
    let next = documents
        .get(position + 1)
        .map(|n| Link::to(site, PageId::Document(*n)));
    (prev, next)
}
