//! `#fragment` links written for another generator's heading ids (markdown-it-anchor's
//! `#update,-replace`, kramdown's, Python-Markdown's `_1` …): once every page is rendered, a
//! fragment that names no id of its target but names one of its headings by one of
//! [`crate::model::anchors`]' rules is rewritten to the heading's real id, by rendering the
//! linking page again with that id. Only pages with such links are rendered twice.

use std::collections::{BTreeMap, HashMap};

use crate::model::site::{PageId, Site};
use crate::stages::links::FragmentIds;
use crate::stages::markdown::{self, LinkAction, LinkRewriter, RenderOptions};

use super::render::RenderedPage;

/// The real ids each page's links need, by the linking page.
pub fn needed<'a>(
    site: &Site,
    results: impl IntoIterator<Item = &'a RenderedPage> + Clone,
) -> BTreeMap<PageId, FragmentIds> {
    let ids: HashMap<PageId, &RenderedPage> =
        results.clone().into_iter().map(|r| (r.page, r)).collect();
    let mut headings = Headings::default();
    let mut needed: BTreeMap<PageId, FragmentIds> = BTreeMap::new();
    for result in results {
        for pending in &result.pending {
            // Written exactly as an id: nothing to rewrite. (One that differs only in case,
            // which GitHub accepts, is written as the heading's id too.)
            let found = ids
                .get(&pending.target)
                .is_some_and(|target| target.ids.contains(&pending.fragment));
            if found {
                continue;
            }
            if let Some(id) = headings.find(site, pending.target, &pending.fragment) {
                needed
                    .entry(result.page)
                    .or_default()
                    .insert((pending.target, pending.fragment.clone()), id);
            }
        }
    }
    needed
}

/// Whether a link to `fragment` of `target`, which names no id there, names a heading by
/// another generator's rule (then only a full render writes it right).
pub fn names_a_heading(site: &Site, target: PageId, fragment: &str) -> bool {
    Headings::default().find(site, target, fragment).is_some()
}

/// The headings of the pages looked at, each page rendered once for them.
#[derive(Default)]
struct Headings {
    by_page: HashMap<PageId, Vec<(String, String)>>,
}

impl Headings {
    fn find(&mut self, site: &Site, target: PageId, fragment: &str) -> Option<String> {
        let headings = self
            .by_page
            .entry(target)
            .or_insert_with(|| headings_of(site, target));
        crate::model::anchors::find(headings, fragment).map(str::to_string)
    }
}

/// The (text, id) of every heading of `page`, as its rendering gives them.
fn headings_of(site: &Site, page: PageId) -> Vec<(String, String)> {
    let options = RenderOptions {
        drop_leading_h1: matches!(page, PageId::Document(d) if site.documents[d].drop_leading_h1),
        raw_html: site.config.markdown.raw_html,
    };
    markdown::render(site.body(page).0, options, &mut AsWritten).headings
}

/// Leaves every link as written: only the headings are wanted.
struct AsWritten;

impl LinkRewriter for AsWritten {
    fn rewrite(&mut self, _: &str, _: usize, _: bool) -> LinkAction {
        LinkAction::Keep
    }
}
