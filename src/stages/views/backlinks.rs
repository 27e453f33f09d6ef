//! Backlinks: for every page, the documents that support it (front-matter `supports`) and
//! the pages whose body links to it, found by resolving each body's links once (read from
//! the text where [`markdown::inline_link_destinations`] can, parsed where it cannot). Each
//! page's targets are remembered ([`BodyLinks`]), so a later load of the same files (`serve`)
//! reads again only the bodies that changed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::model::site::{PageId, Site};
use crate::stages::links::{self, Target};
use crate::stages::markdown;
use crate::util::parallel::PIECE;

/// A document that supports a page, and the objective of that page it names, if any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Supporter {
    pub page: PageId,
    pub objective: Option<String>,
}

/// Who points at each page.
#[derive(Debug, Default)]
pub struct Backlinks {
    /// Page → documents whose `supports` names it (or one of its objectives).
    pub supported_by: HashMap<PageId, Vec<Supporter>>,
    /// Page → pages whose body links to it (the page itself left out).
    pub linked_from: HashMap<PageId, Vec<PageId>>,
    /// What each page's body links to, for the next load.
    pub body_links: Arc<BodyLinks>,
}

/// The pages each page's body links to, with the body and the files they were resolved
/// against: a link resolves by the paths of the site's pages and files alone, so while those
/// are the same, an unchanged body links to the same pages.
#[derive(Debug, Default)]
pub struct BodyLinks {
    by_source: HashMap<String, PageId>,
    by_dir: HashMap<String, usize>,
    assets: HashSet<String>,
    pages: HashMap<PageId, (Arc<str>, BTreeSet<PageId>)>,
}

impl BodyLinks {
    /// The remembered targets of `page`, when its body and the site's files are as they were.
    fn of(&self, page: PageId, body: &Arc<str>) -> Option<BTreeSet<PageId>> {
        let (was, targets) = self.pages.get(&page)?;
        Arc::ptr_eq(was, body).then(|| targets.clone())
    }

    /// Whether `site` has the paths these links were resolved against.
    fn fits(&self, site: &Site) -> bool {
        self.by_source == site.by_source && self.by_dir == site.by_dir && self.assets == site.assets
    }
}

impl Backlinks {
    /// Collects the front-matter supports and the body links of every page of `site`, taking
    /// the targets of each unchanged body from `known` (an earlier load's) when it fits.
    pub fn collect(site: &Site, known: Option<&BodyLinks>) -> Self {
        let mut supported_by: HashMap<PageId, BTreeSet<Supporter>> = HashMap::new();
        for (index, document) in site.documents.iter().enumerate() {
            for reference in &document.refs.supports {
                supported_by
                    .entry(reference.target)
                    .or_default()
                    .insert(Supporter {
                        page: PageId::Document(index),
                        objective: reference.objective.clone(),
                    });
            }
        }
        let pages: Vec<PageId> = site.pages().collect();
        let known = known.filter(|known| known.fits(site));
        let outgoing: Vec<(PageId, Arc<str>, BTreeSet<PageId>)> = pages
            .par_iter()
            .with_max_len(PIECE)
            .map(|page| {
                let body = site.body_text(*page);
                let targets = known
                    .and_then(|known| known.of(*page, &body))
                    .unwrap_or_else(|| links_in(site, *page, &body));
                (*page, body, targets)
            })
            .collect();
        let mut linked_from: HashMap<PageId, Vec<PageId>> = HashMap::new();
        for (from, _, targets) in &outgoing {
            for target in targets {
                linked_from.entry(*target).or_default().push(*from);
            }
        }
        let body_links = BodyLinks {
            by_source: site.by_source.clone(),
            by_dir: site.by_dir.clone(),
            assets: site.assets.clone(),
            pages: outgoing
                .into_iter()
                .map(|(page, body, targets)| (page, (body, targets)))
                .collect(),
        };
        for sources in linked_from.values_mut() {
            sources.sort_by_cached_key(|page| site.title(*page).to_lowercase());
        }
        Backlinks {
            supported_by: supported_by
                .into_iter()
                .map(|(page, set)| {
                    let mut list: Vec<Supporter> = set.into_iter().collect();
                    list.sort_by_cached_key(|s| site.title(s.page).to_lowercase());
                    (page, list)
                })
                .collect(),
            linked_from,
            body_links: Arc::new(body_links),
        }
    }

    /// The supporters of `page` (empty when none).
    pub fn supporters(&self, page: PageId) -> &[Supporter] {
        self.supported_by.get(&page).map_or(&[], Vec::as_slice)
    }

    /// The pages linking to `page` in their body, without those already listed as supporters.
    pub fn linking(&self, page: PageId) -> Vec<PageId> {
        let supporters = self.supporters(page);
        self.linked_from
            .get(&page)
            .map(|sources| {
                sources
                    .iter()
                    .copied()
                    .filter(|source| !supporters.iter().any(|s| s.page == *source))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The pages that `body`, written as the source of `page`, links to, other than `page`.
/// Whatever changes this set changes other pages' "Linked from" (serve must re-render them).
pub fn links_in(site: &Site, page: PageId, body: &str) -> BTreeSet<PageId> {
    let mut targets = BTreeSet::new();
    let Some(from) = site.source(page) else {
        return targets;
    };
    // Inline links contain `](`, reference links need a `]:` definition: skip bodies with neither.
    if !body.contains("](") && !body.contains("]:") {
        return targets;
    }
    let mut add = |destination: &str| {
        // Only the page counts here: its `#fragment` is left out rather than decoded.
        let path = destination.split('#').next().unwrap_or(destination);
        let resolved = links::resolve(site, from, path).map(|r| r.target);
        if let Ok(Target::Page { page: target, .. }) = resolved {
            if target != page {
                targets.insert(target);
            }
        }
    };
    // Most bodies' links are read straight from the text; the rest are parsed.
    match markdown::inline_link_destinations(body) {
        Some(destinations) => destinations.into_iter().for_each(&mut add),
        None => {
            for event in Parser::new_ext(body, markdown::options()) {
                if let Event::Start(Tag::Link { dest_url, .. }) = event {
                    add(&dest_url);
                }
            }
        }
    }
    targets
}
