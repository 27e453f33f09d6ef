//! Strategy views: pictures of the whole handbook computed once from the assembled site —
//! backlinks, the traceability matrix, roadmap timelines, the tech radar, the decision log
//! and the risk register. Generated pages render through the theme's templates.

mod backlinks;
mod blips;
mod board_pack;
mod dashboard;
mod decisions;
pub mod digest;
mod left_out;

mod radar;
pub mod ring_history;
mod risks;
mod roadmap;
mod timeline;
mod traceability;

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::diagnostics::Diagnostic;
use crate::model::site::{PageId, Site};

pub use backlinks::{links_in, Backlinks, BodyLinks, Supporter};
pub use board_pack::BoardPack;
pub use radar::{quadrants, rings, Radar};
pub use roadmap::RoadmapView;

/// Output names of the generated view pages; content must not use them.
pub const GENERATED: &[&str] = &[
    "traceability.html",
    "roadmap-timeline.html",
    "tech-radar.html",
    "decision-log.html",
    "risk-register.html",
    "board-pack.html",
    "print.html",
    digest::WHATS_NEW,
];

/// Everything the views know, computed once per build.
pub struct Views {
    pub backlinks: Backlinks,
    /// Timelines of `roadmap` documents, by document index.
    pub roadmaps: HashMap<usize, RoadmapView>,
    /// Radars of `radar` documents, by document index.
    pub radars: HashMap<usize, Radar>,
    /// The generated pages.
    pub pages: Vec<ViewPage>,
    /// The home page's dashboard blocks (`dashboard` in `home.html`).
    pub dashboard: serde_json::Value,
    /// What `board-pack.html` holds; the decision log's data when it closes the pack.
    pub board_pack: BoardPack,
    pub decision_log: serde_json::Value,
    /// What changed in the window of `changes:` (the "What's new" page, its feed and the
    /// board pack's "Changes since …" chapter).
    pub digest: digest::Digest,
}

/// One generated view page, rendered by its own template with `view` in the context.
pub struct ViewPage {
    /// Output path and root-relative URL.
    pub url: &'static str,
    pub title: &'static str,
    pub summary: String,
    pub template: &'static str,
    pub data: serde_json::Value,
    /// Whether the view shows anything: an empty one is built (it says how to add content)
    /// but no page links to it.
    pub has_content: bool,
}

impl Views {
    /// Computes every view of `site` as of `today`, with the warnings they raise; the body
    /// links of `known` (an earlier load's) are taken for the bodies that did not change.
    pub fn compute(
        site: &Site,
        today: Date,
        known: Option<&BodyLinks>,
    ) -> (Views, Vec<Diagnostic>) {
        // Reading every body's links is most of the work, spread over the threads; the other
        // views are one thread's work, done beside it.
        let (backlinks, (mut views, diagnostics)) = rayon::join(
            || Backlinks::collect(site, known),
            || Views::all_but_backlinks(site, today),
        );
        views.backlinks = backlinks;
        (views, diagnostics)
    }

    /// Every view but the backlinks (left empty), with the warnings they raise.
    fn all_but_backlinks(site: &Site, today: Date) -> (Views, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let trace = traceability::compute(site, &mut diagnostics);
        let roadmaps = roadmap::all(site, today, &mut diagnostics);
        let radars = blips::radar_documents(site, &mut diagnostics);
        ring_history::check(site, &mut diagnostics);
        let risk_register = risks::compute(site, &mut diagnostics);
        let board_pack = board_pack::select(site, today.to_string(), &mut diagnostics);
        let decisions = decisions::compute(site);
        let has_decisions = !decisions.decisions.is_empty();
        let decision_log = serde_json::to_value(decisions).unwrap_or_default();
        let timeline = roadmap::everything(site, today);
        let radar = radar::lay_out(&blips::technologies(site));
        let digest = digest::compute(site);
        let pages = vec![
            page(PageSpec {
                url: GENERATED[0],
                title: "Traceability",
                summary: trace.summary(),
                template: "traceability.html",
                has_content: !trace.objectives.is_empty(),
                data: &trace,
            }),
            page(PageSpec {
                url: GENERATED[1],
                title: "Roadmap",
                summary: "Every initiative of the handbook on one timeline.".into(),
                template: "roadmap-timeline.html",
                has_content: !timeline.bars.is_empty(),
                data: &timeline,
            }),
            page(PageSpec {
                url: GENERATED[2],
                title: "Technology radar",
                summary: "What we adopt, trial, assess and hold, by quadrant.".into(),
                template: "tech-radar.html",
                has_content: !radar.blips.is_empty(),
                data: &radar,
            }),
            page(PageSpec {
                url: GENERATED[3],
                title: "Decision log",
                summary: "Every architecture decision, newest first, with what it replaced.".into(),
                template: "decision-log.html",
                has_content: has_decisions,
                data: &decision_log,
            }),
            page(PageSpec {
                url: GENERATED[4],
                title: "Risk register",
                summary: risk_register.summary(),
                template: "risk-register.html",
                has_content: !risk_register.risks.is_empty(),
                data: &risk_register,
            }),
            page(PageSpec {
                url: digest::WHATS_NEW,
                title: "What's new",
                summary: format!(
                    "What changed {}, from the handbook's history.",
                    digest.label
                ),
                template: "whats-new.html",
                has_content: digest.count > 0,
                data: &digest,
            }),
        ];
        let views = Views {
            backlinks: Backlinks::default(),
            roadmaps,
            radars,
            pages,
            dashboard: serde_json::to_value(dashboard::compute(site)).unwrap_or_default(),
            board_pack,
            decision_log,
            digest,
        };
        (views, diagnostics)
    }

    /// Whether a page's body appears on another page (the board pack, the print page).
    pub fn shows_body_of(&self, site: &Site, page: PageId) -> bool {
        match page {
            PageId::Document(d) => site.config.print || self.board_pack.documents.contains(&d),
            PageId::Section(_) => false,
        }
    }
}

struct PageSpec<'a, T: Serialize> {
    url: &'static str,
    title: &'static str,
    summary: String,
    template: &'static str,
    has_content: bool,
    data: &'a T,
}

fn page<T: Serialize>(spec: PageSpec<T>) -> ViewPage {
    ViewPage {
        url: spec.url,
        title: spec.title,
        summary: spec.summary,
        template: spec.template,
        data: serde_json::to_value(spec.data).unwrap_or_default(),
        has_content: spec.has_content,
    }
}

/// A document as views show it: enough to link to it and label it.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub title: String,
    pub url: String,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    /// The document's `id` (`ADR-0003`, `R-002`), when it has one.
    pub id: Option<String>,
}

impl DocLink {
    pub fn of(site: &Site, page: PageId) -> Self {
        let meta = site.meta(page);
        DocLink {
            title: site.title(page).to_string(),
            url: site.url(page).to_string(),
            kind: meta.kind.clone(),
            status: meta.status.clone(),
            owner: meta.owner.clone(),
            id: meta.id.clone(),
        }
    }
}

/// The documents of `kind`, as indices into `site.documents`.
pub fn documents_of_kind<'a>(site: &'a Site, kind: &'a str) -> impl Iterator<Item = usize> + 'a {
    site.documents
        .iter()
        .enumerate()
        .filter(move |(_, d)| d.meta.kind.as_deref() == Some(kind))
        .map(|(i, _)| i)
}

/// A front-matter field of a document, as text.
pub fn field_text<'a>(site: &'a Site, document: usize, name: &str) -> Option<&'a str> {
    site.documents[document].meta.fields.get(name)?.as_str()
}

/// A front-matter field of a document, as a whole number.
pub fn field_number(site: &Site, document: usize, name: &str) -> Option<i64> {
    site.documents[document].meta.fields.get(name)?.as_i64()
}
