//! The `#fragment` link checks of `serve`, kept per page: after a fast rebuild only the pages
//! that link from or into a re-rendered page are checked again, instead of every link of a
//! large handbook on every save.

use std::collections::HashMap;

use crate::model::diagnostics::Diagnostic;
use crate::model::site::{PageId, Site};
use crate::pipeline::RenderedPage;
use crate::stages::link_hints;
use crate::stages::links::{has_anchor, missing_fragment};

/// Missing-fragment diagnostics by the page whose link it is.
#[derive(Default)]
pub struct Fragments {
    by_source: HashMap<PageId, Vec<Diagnostic>>,
}

impl Fragments {
    /// Checks every `#fragment` link of every page.
    pub fn check_all(site: &Site, rendered: &HashMap<PageId, RenderedPage>) -> Fragments {
        let by_source = rendered
            .values()
            .map(|page| (page.page, missing(site, rendered, page)))
            .filter(|(_, found)| !found.is_empty())
            .collect();
        Fragments { by_source }
    }

    /// Checks again the links of the `touched` pages and the links into them; returns whether
    /// any diagnostic changed.
    pub fn recheck(
        &mut self,
        site: &Site,
        rendered: &HashMap<PageId, RenderedPage>,
        touched: &[PageId],
    ) -> bool {
        let mut changed = false;
        for page in rendered.values() {
            let affected = touched.contains(&page.page)
                || page.pending.iter().any(|p| touched.contains(&p.target));
            if !affected {
                continue;
            }
            let found = missing(site, rendered, page);
            let before = self
                .by_source
                .get(&page.page)
                .map_or(&[][..], Vec::as_slice);
            if before != found.as_slice() {
                changed = true;
                if found.is_empty() {
                    self.by_source.remove(&page.page);
                } else {
                    self.by_source.insert(page.page, found);
                }
            }
        }
        changed
    }

    /// Every missing-fragment diagnostic.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_source.values().flatten()
    }
}

fn missing(
    site: &Site,
    rendered: &HashMap<PageId, RenderedPage>,
    page: &RenderedPage,
) -> Vec<Diagnostic> {
    page.pending
        .iter()
        .filter(|p| {
            !rendered
                .get(&p.target)
                .is_some_and(|target| has_anchor(&target.ids, &p.fragment))
        })
        .map(|p| {
            let ids = rendered.get(&p.target).map(|target| &target.ids);
            missing_fragment(site, p).help(link_hints::missing_anchor(ids, &p.fragment))
        })
        .collect()
}
