//! What the header links to: the top-level sections (`site.sections`) and the views that have
//! something to show (`site.views`), each computed once per build.

use serde::Serialize;

use super::views::Link;
use crate::model::kinds::DEFAULT_KIND;
use crate::model::site::{PageId, Site};
use crate::stages::views::Views;

/// A view in the header's "Views" menu.
#[derive(Serialize)]
pub struct ViewLink {
    /// `traceability`, `roadmap`, `radar`, `decisions`, `risks`, `reviews`, `board-pack`,
    /// `owners`, `kinds` or `tags`.
    pub name: &'static str,
    pub title: &'static str,
    pub url: &'static str,
}

/// The folders at the top of `content/`, in reading order (weight, then title).
pub fn sections(site: &Site) -> Vec<Link<'_>> {
    site.sections[site.root_section()]
        .entries
        .iter()
        .filter(|e| matches!(e, PageId::Section(_)))
        .map(|e| Link::to(site, *e))
        .collect()
}

/// The views with something to show, in the menu's order; an empty one is not linked.
pub fn views(site: &Site, views: &Views) -> Vec<ViewLink> {
    let shown = |url: &str| views.pages.iter().any(|p| p.url == url && p.has_content);
    let documents = &site.documents;
    let any_decisions = shown("decision-log.html");
    let pack =
        !views.board_pack.documents.is_empty() || (views.board_pack.decision_log && any_decisions);
    let all = [
        (
            "traceability",
            "Traceability",
            "traceability.html",
            shown("traceability.html"),
        ),
        (
            "roadmap",
            "Roadmap",
            "roadmap-timeline.html",
            shown("roadmap-timeline.html"),
        ),
        (
            "radar",
            "Radar",
            "tech-radar.html",
            shown("tech-radar.html"),
        ),
        ("decisions", "Decisions", "decision-log.html", any_decisions),
        (
            "risks",
            "Risks",
            "risk-register.html",
            shown("risk-register.html"),
        ),
        (
            "reviews",
            "Reviews",
            "reviews.html",
            documents.iter().any(|d| d.review.is_some()),
        ),
        ("board-pack", "Board pack", "board-pack.html", pack),
        (
            "owners",
            "Owners",
            "owners/index.html",
            documents.iter().any(|d| d.meta.owner.is_some()),
        ),
        (
            "kinds",
            "Kinds",
            "kinds/index.html",
            documents
                .iter()
                .any(|d| d.meta.kind.as_deref() != Some(DEFAULT_KIND)),
        ),
        (
            "tags",
            "Tags",
            "tags/index.html",
            documents.iter().any(|d| !d.meta.tags.is_empty()),
        ),
    ];
    all.into_iter()
        .filter(|(_, _, _, has)| *has)
        .map(|(name, title, url, _)| ViewLink { name, title, url })
        .collect()
}

/// Each section's position among the top-level sections (`None` for the others).
pub fn positions(site: &Site) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.sections.len()];
    let tops = site.sections[site.root_section()]
        .entries
        .iter()
        .filter_map(|e| match e {
            PageId::Section(s) => Some(*s),
            PageId::Document(_) => None,
        });
    for (position, section) in tops.enumerate() {
        positions[section] = Some(position);
    }
    positions
}
