//! Navigation around one page: `nav` (the current top-level section and the sidebar's tree),
//! breadcrumbs, and prev/next within the section.

use tera::value::{Key, Map};
use tera::Value;

use super::views::Link;
use crate::model::site::{PageId, Site};

/// `nav`: the same fields on every page.
pub struct NavView<'a> {
    /// The top-level section the page is in (null on the home page, pages at the root and
    /// generated pages).
    pub top: Option<Link<'a>>,
    /// The sidebar's tree, drawn ([`super::tree`]).
    pub tree: Value,
    /// The shared file that fills the folders the tree leaves out, or null.
    pub tree_src: Option<&'static str>,
}

impl NavView<'_> {
    /// The template value: `{top, tree, tree_src}`.
    pub fn value(self) -> Value {
        let mut map = Map::new();
        map.insert(Key::Str("top"), Value::from_serializable(&self.top));
        map.insert(Key::Str("tree"), self.tree);
        map.insert(
            Key::Str("tree_src"),
            Value::from_serializable(&self.tree_src),
        );
        Value::from(map)
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
