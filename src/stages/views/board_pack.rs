//! The board pack's selection: the documents configured under `board_pack.documents`, or by
//! default the approved and active strategies, then the roadmaps; and the decision log.

use std::path::PathBuf;

use super::documents_of_kind;
use crate::model::config::CONFIG_FILE;
use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;

/// Statuses of a strategy or roadmap that the board has agreed to.
const AGREED: &[&str] = &["approved", "active"];

/// What the board pack holds, in order.
#[derive(Debug, Default, serde::Serialize)]
pub struct BoardPack {
    pub title: String,
    /// The build date, printed on the cover.
    pub date: String,
    pub documents: Vec<usize>,
    pub decision_log: bool,
}

pub fn select(site: &Site, date: String, out: &mut Vec<Diagnostic>) -> BoardPack {
    let config = &site.config.board_pack;
    let documents = match &config.documents {
        Some(paths) => paths
            .iter()
            .filter_map(|path| {
                let path = path.trim().trim_start_matches("./");
                match site.by_source.get(path) {
                    Some(crate::model::site::PageId::Document(d)) => Some(*d),
                    // Above this build's audience: the pack of this audience goes without it.
                    None if site.left_out.contains(path) => None,
                    _ => {
                        out.push(
                            Diagnostic::error(format!("`board_pack.documents` names content/{path}, which is not a document of this build"))
                                .code("board-pack")
                                .in_file(PathBuf::from(CONFIG_FILE))
                                .help("list documents by their path relative to content/, e.g. `vision/technology-strategy.md`"),
                        );
                        None
                    }
                }
            })
            .collect(),
        None => ["strategy", "roadmap"]
            .iter()
            .flat_map(|kind| {
                let mut agreed: Vec<usize> = documents_of_kind(site, kind)
                    .filter(|d| AGREED.contains(&site.documents[*d].meta.status.as_deref().unwrap_or("")))
                    .collect();
                agreed.sort_by_cached_key(|d| site.documents[*d].title.to_lowercase());
                agreed
            })
            .collect(),
    };
    BoardPack {
        title: config
            .title
            .clone()
            .unwrap_or_else(|| format!("{} — board pack", site.config.title)),
        date,
        documents,
        decision_log: config.decision_log,
    }
}
