//! Which pages a front-matter edit can change: given the site before and after a reload in
//! which only documents' own files were edited, the pages whose HTML may differ — the edited
//! documents; their sections' pages and every page whose sidebar lists their entries; the
//! pages that relate to them (references, supporters, links either way); pages whose views
//! data changed; the home page (its dashboard). `None` when the edit changed the site's
//! shape (files, addresses, sections, references, audiences, weights, aliases, the search
//! index's numbering): then every page is rendered again.
//!
//! The generated pages (listings, views, feeds, the contents page, the 404 page) are not
//! chosen here: the caller renders those whose data changed, or all of them when the root's
//! sidebar tree, which they show, may have changed.

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use crate::model::site::{Document, PageId, Section, Site};
use crate::outputs::render::tree;
use crate::outputs::search;
use crate::stages::views::Views;

/// The site and its views as one load left them.
pub(super) struct Loaded<'a> {
    pub site: &'a Site,
    pub views: &'a Views,
}

/// What an edit of front matter changes.
pub(super) struct Affected {
    /// The pages to render again, sorted.
    pub pages: Vec<PageId>,
    /// Whether the root's sidebar tree (the home page's, which every generated page shows)
    /// lists an edited document's folder.
    pub root_tree: bool,
    /// The documents whose own content (fields, body, the titles it links to, its views
    /// data) may differ: those whose chapters in the board pack and print page change.
    pub chapters: HashSet<usize>,
}

/// The pages to render again after the reload from `old` to `new`, in which the files of
/// `edited` were written; `None`: render every page.
pub(super) fn pages(old: &Loaded, new: &Loaded, edited: &[PageId]) -> Option<Affected> {
    let written = edited;
    let (before, after) = (old.site, new.site);
    if !same_files(before, after) || search::numbers(before) != search::numbers(after) {
        return None;
    }
    // Each document compared on the threads (their fields are most of the work): `None`
    // when it moved, else whether it is edited.
    let compared: Vec<Option<bool>> = before
        .documents
        .par_iter()
        .zip(&after.documents)
        .enumerate()
        .map(|(d, (a, b))| {
            let differs = a.title != b.title
                || a.meta != b.meta
                || a.body != b.body
                || a.review != b.review
                || a.drop_leading_h1 != b.drop_leading_h1;
            same_place(a, b).then(|| differs || written.contains(&PageId::Document(d)))
        })
        .collect();
    let mut edited = Vec::new();
    for (d, compared) in compared.into_iter().enumerate() {
        if compared? {
            edited.push(d);
        }
    }
    // Sections whose entries may have moved (they are sorted by title).
    let folders: HashSet<usize> = edited.iter().map(|d| after.documents[*d].section).collect();
    for (s, (a, b)) in before.sections.iter().zip(&after.sections).enumerate() {
        if !same_section(a, b, folders.contains(&s)) {
            return None;
        }
    }
    for (a, b) in before.documents.iter().zip(&after.documents) {
        let moved = a.entry_index != b.entry_index || a.document_index != b.document_index;
        if moved && !folders.contains(&b.section) {
            return None;
        }
    }
    // The documents whose own content may differ: the edited ones, those whose bodies link
    // to them (a link can show its target's title) and those whose views data changed.
    let mut own: BTreeSet<PageId> = BTreeSet::new();
    views_changed(old, new, &mut own);
    for d in &edited {
        let id = PageId::Document(*d);
        own.insert(id);
        for views in [old.views, new.views] {
            own.extend(views.backlinks.linked_from.get(&id).into_iter().flatten());
        }
    }
    let chapters = own
        .iter()
        .filter_map(|page| match page {
            PageId::Document(d) => Some(*d),
            PageId::Section(_) => None,
        })
        .collect();
    // Then those that show the edited documents' titles or fields: related pages, sidebars.
    let mut pages = own;
    pages.insert(PageId::Section(after.root_section()));
    for d in &edited {
        let id = PageId::Document(*d);
        related(after, new.views, id, &mut pages);
        related(before, old.views, id, &mut pages);
    }
    for s in &folders {
        pages.insert(PageId::Section(*s));
        // Prev and next, and the section's order.
        pages.extend(after.sections[*s].entries.iter().copied());
    }
    let listing = tree::pages_listing(after, &folders);
    let root_tree = listing.contains(&PageId::Section(after.root_section()));
    pages.extend(listing);
    Some(Affected {
        pages: pages.into_iter().collect(),
        root_tree,
        chapters,
    })
}

/// Whether both sites hold the same files in the same places.
fn same_files(a: &Site, b: &Site) -> bool {
    a.documents.len() == b.documents.len()
        && a.sections.len() == b.sections.len()
        && a.by_source == b.by_source
        && a.by_dir == b.by_dir
        && a.assets == b.assets
        && a.withheld_files == b.withheld_files
        && a.excluded_drafts == b.excluded_drafts
        && a.left_out.pages.len() == b.left_out.pages.len()
        && a.left_out
            .pages
            .keys()
            .all(|k| b.left_out.pages.contains_key(k))
}

/// Whether a document kept its file, address, section, relations and the fields that place
/// it (weight, aliases, audience, redirect, draft, id).
fn same_place(a: &Document, b: &Document) -> bool {
    let (m, n) = (&a.meta, &b.meta);
    a.source == b.source
        && a.output == b.output
        && a.url == b.url
        && a.section == b.section
        && a.refs == b.refs
        && m.weight == n.weight
        && m.aliases == n.aliases
        && m.classification == n.classification
        && m.redirect_to == n.redirect_to
        && m.draft == n.draft
        && m.id == n.id
        && m.search == n.search
}

/// Whether a section is unchanged; when `reordered`, its entries may come in another order.
fn same_section(a: &Section, b: &Section, reordered: bool) -> bool {
    let same_entries = if reordered {
        let set = |s: &Section| s.entries.iter().copied().collect::<BTreeSet<PageId>>();
        set(a) == set(b) && a.subsections == b.subsections
    } else {
        a.entries == b.entries && a.documents == b.documents && a.subsections == b.subsections
    };
    same_entries
        && a.source == b.source
        && a.output == b.output
        && a.url == b.url
        && a.title == b.title
        && a.meta == b.meta
        && a.body == b.body
        && a.parent == b.parent
        && a.total_documents == b.total_documents
        && a.entry_index == b.entry_index
}

/// Adds the pages that show `page`'s title or data: those it references or is referenced
/// by, its supporters and those it supports, those that link to it and those it links to.
fn related(site: &Site, views: &Views, page: PageId, pages: &mut BTreeSet<PageId>) {
    let backlinks = &views.backlinks;
    pages.extend(backlinks.supporters(page).iter().map(|s| s.page));
    pages.extend(backlinks.linked_from.get(&page).into_iter().flatten());
    for (target, sources) in &backlinks.linked_from {
        if sources.contains(&page) {
            pages.insert(*target);
        }
    }
    for (target, supporters) in &backlinks.supported_by {
        if supporters.iter().any(|s| s.page == page) {
            pages.insert(*target);
        }
    }
    for (d, document) in site.documents.iter().enumerate() {
        let refs = &document.refs;
        let names = refs.supports.iter().any(|r| r.target == page)
            || refs.supersedes.contains(&page)
            || refs.superseded_by.contains(&page)
            || refs.other.values().flatten().any(|r| r.target == page);
        if names {
            pages.insert(PageId::Document(d));
        }
        if PageId::Document(d) == page {
            pages.extend(refs.supports.iter().map(|r| r.target));
            pages.extend(refs.supersedes.iter().copied());
            pages.extend(refs.superseded_by.iter().copied());
            pages.extend(refs.other.values().flatten().map(|r| r.target));
        }
    }
}

/// Adds the pages whose views data differs: backlinks, roadmaps, radars.
fn views_changed(old: &Loaded, new: &Loaded, pages: &mut BTreeSet<PageId>) {
    let (a, b) = (&old.views.backlinks, &new.views.backlinks);
    for page in new.site.pages() {
        if a.supporters(page) != b.supporters(page)
            || a.linked_from.get(&page) != b.linked_from.get(&page)
        {
            pages.insert(page);
        }
    }
    let documents = 0..new.site.documents.len();
    for d in documents {
        let roadmap = |views: &Views| views.roadmaps.get(&d).map(serde_json::to_value);
        let radar = |views: &Views| views.radars.get(&d).map(serde_json::to_value);
        let differs =
            |x: Option<Result<serde_json::Value, serde_json::Error>>,
             y: Option<Result<serde_json::Value, serde_json::Error>>| {
                match (x, y) {
                    (None, None) => false,
                    (Some(Ok(x)), Some(Ok(y))) => x != y,
                    _ => true,
                }
            };
        if differs(roadmap(old.views), roadmap(new.views))
            || differs(radar(old.views), radar(new.views))
        {
            pages.insert(PageId::Document(d));
        }
    }
}
