//! The contents page (`contents.html`): the whole tree on one page — every section, in
//! reading order and nesting, with a table of its documents (kind, status, owner). Linked
//! from the home page and every sidebar; drawn by `listing.html` like the other listings.

use super::listings::{Group, Listing};
use super::views::SummaryCache;
use crate::model::site::{PageId, Site};
use crate::util::words::count;

/// The contents page's name; content must not use it.
pub const URL: &str = "contents.html";

/// The contents page: one group per section with documents, depth first, each titled with
/// its way down from the top-level section.
pub fn listing(site: &Site, summaries: &SummaryCache) -> Listing {
    let mut groups = Vec::new();
    let root = site.root_section();
    walk(site, root, &mut Vec::new(), &mut groups, summaries);
    let sections = site.sections.len() - 1;
    let documents = site.documents.len();
    Listing {
        url: URL.to_string(),
        title: "Contents".to_string(),
        summary: format!(
            "Everything in the handbook: {} and {}.",
            count(sections, "section", "sections"),
            count(documents, "document", "documents")
        ),
        parent: None,
        groups,
        terms: Vec::new(),
    }
}

/// Adds `section`'s group (when it has documents), then its subsections', in reading order;
/// `trail` holds the titles from the top-level section down to its parent.
fn walk<'a>(
    site: &'a Site,
    section: usize,
    trail: &mut Vec<&'a str>,
    groups: &mut Vec<Group>,
    summaries: &SummaryCache,
) {
    let own = &site.sections[section];
    let is_root = section == site.root_section();
    if !is_root {
        trail.push(&own.title);
    }
    if !own.documents.is_empty() {
        groups.push(Group {
            title: if is_root {
                own.title.clone()
            } else {
                trail.join(" › ")
            },
            url: Some(own.url.clone()),
            documents: own.documents.iter().map(|d| summaries.get(*d)).collect(),
            members: own.documents.clone(),
        });
    }
    for entry in &own.entries {
        if let PageId::Section(sub) = entry {
            walk(site, *sub, trail, groups, summaries);
        }
    }
    if !is_root {
        trail.pop();
    }
}
