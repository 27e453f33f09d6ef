//! The board pack: one printable page — cover, contents, the selected documents in full
//! (their bodies rendered again with links relative to the pack), and the decision log.

use std::path::PathBuf;

use serde::Serialize;

use super::views::Link;
use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::links::{LinkSource, PageLinks};
use crate::markdown::{self, RenderOptions};
use crate::site::PageId;
use crate::views::RoadmapView;

/// Where the board pack is written.
pub const BOARD_PACK: &str = "board-pack.html";

/// `pack` in `board-pack.html`.
#[derive(Serialize)]
struct PackView<'a> {
    title: &'a str,
    date: &'a str,
    entries: Vec<Entry<'a>>,
    decisions: Option<&'a serde_json::Value>,
}

/// One document of the pack.
#[derive(Serialize)]
struct Entry<'a> {
    /// The anchor of its chapter in the pack.
    anchor: String,
    title: &'a str,
    url: &'a str,
    kind: Option<&'a str>,
    status: Option<&'a str>,
    owner: Option<&'a str>,
    summary: Option<&'a str>,
    objectives: Option<&'a serde_json::Value>,
    roadmap: Option<&'a RoadmapView>,
    content: String,
}

impl Renderer<'_> {
    /// The board pack's HTML. Link problems in the bodies were reported on the documents'
    /// own pages already, so they are not reported again.
    pub fn board_pack(&self) -> Result<String, Diagnostic> {
        let site = self.site;
        let selection = &self.views.board_pack;
        let entries = selection
            .documents
            .iter()
            .map(|d| {
                let document = &site.documents[*d];
                let mut links = PageLinks::new(
                    site,
                    LinkSource {
                        from: &document.source,
                        from_url: BOARD_PACK,
                        body: &document.body,
                        body_line: document.body_line,
                        file: PathBuf::from("content").join(&document.source),
                    },
                );
                let options = RenderOptions {
                    drop_leading_h1: document.drop_leading_h1,
                };
                let body = markdown::render(&document.body, options, &mut links);
                Entry {
                    anchor: format!("pack-{}", d + 1),
                    title: &document.title,
                    url: &document.url,
                    kind: document.meta.kind.as_deref(),
                    status: document.meta.status.as_deref(),
                    owner: document.meta.owner.as_deref(),
                    summary: document.meta.summary.as_deref(),
                    objectives: document.meta.fields.get("objectives"),
                    roadmap: self.views.roadmaps.get(d),
                    content: body.html,
                }
            })
            .collect();
        let pack = PackView {
            title: &selection.title,
            date: &selection.date,
            entries,
            decisions: selection.decision_log.then_some(&self.views.decision_log),
        };
        let home = Link::to(site, PageId::Section(site.root_section()));
        let mut context = self.generated_context("", &selection.title, BOARD_PACK, vec![home]);
        context.insert("pack", &pack);
        self.render("board-pack.html", &context, BOARD_PACK)
    }
}
