//! The risk register: every `risk` document on a 5 × 5 likelihood × impact heat map and in a
//! table by score; live risks that nothing mitigates are flagged here and warned about.

use std::path::PathBuf;

use serde::Serialize;

use super::{documents_of_kind, field_number, DocLink};
use crate::model::diagnostics::Diagnostic;
use crate::model::site::{PageId, Site};

/// Statuses of a risk that is no longer live.
const SETTLED: &[&str] = &["closed", "accepted"];

#[derive(Serialize)]
pub struct RiskRegister {
    /// Rows of the heat map, impact 5 at the top; each row has likelihood 1 to 5.
    pub grid: Vec<Vec<Cell>>,
    /// Every risk, highest score first.
    pub risks: Vec<RiskRow>,
    pub unmitigated: usize,
}

#[derive(Serialize)]
pub struct Cell {
    pub likelihood: i64,
    pub impact: i64,
    pub score: i64,
    /// `low`, `medium`, `high` or `critical`, for colour.
    pub level: &'static str,
    pub risks: Vec<RiskMark>,
}

#[derive(Serialize, Clone)]
pub struct RiskMark {
    pub label: String,
    pub title: String,
    pub url: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct RiskRow {
    pub document: DocLink,
    pub anchor: String,
    pub likelihood: i64,
    pub impact: i64,
    pub score: i64,
    pub level: &'static str,
    pub mitigated_by: Vec<DocLink>,
    /// Whether a document this build's audience does not see mitigates it too.
    pub mitigated_hidden: bool,
    /// Live (not closed or accepted) with nothing mitigating it, in the whole handbook.
    pub unmitigated: bool,
}

impl RiskRegister {
    pub fn summary(&self) -> String {
        use crate::util::words::count;
        format!(
            "{} by likelihood and impact; {} live without mitigation.",
            count(self.risks.len(), "risk", "risks"),
            self.unmitigated
        )
    }
}

/// Builds the register and warns about live risks with nothing mitigating them.
pub fn compute(site: &Site, out: &mut Vec<Diagnostic>) -> RiskRegister {
    let mut risks: Vec<RiskRow> = documents_of_kind(site, "risk")
        .filter_map(|d| {
            let document = &site.documents[d];
            let likelihood = field_number(site, d, "likelihood")?.clamp(1, 5);
            let impact = field_number(site, d, "impact")?.clamp(1, 5);
            let mitigated_by: Vec<DocLink> = document
                .refs
                .other
                .get("mitigated_by")
                .map(|list| list.iter().map(|r| DocLink::of(site, r.target)).collect())
                .unwrap_or_default();
            let live = !SETTLED.contains(&document.meta.status.as_deref().unwrap_or("open"));
            // Judged on the whole handbook: a mitigation above the audience still counts.
            let mitigated_hidden = document.refs.hides("mitigated_by");
            let unmitigated = live && mitigated_by.is_empty() && !mitigated_hidden;
            if unmitigated {
                out.push(
                    Diagnostic::warning("this risk is open and nothing mitigates it")
                        .code("unmitigated-risk")
                        .at(PathBuf::from("content").join(&document.source), document.meta.header_line, 1)
                        .help("add `mitigated_by: [path/to/initiative.md]`, or set `status: accepted` if the risk is taken knowingly"),
                );
            }
            Some(RiskRow {
                document: DocLink::of(site, PageId::Document(d)),
                anchor: format!("risk-{}", d + 1),
                likelihood,
                impact,
                score: likelihood * impact,
                level: level(likelihood * impact),
                mitigated_by,
                mitigated_hidden,
                unmitigated,
            })
        })
        .collect();
    risks.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.impact.cmp(&a.impact))
            .then_with(|| a.document.title.cmp(&b.document.title))
    });
    let grid = (1..=5)
        .rev()
        .map(|impact| {
            (1..=5)
                .map(|likelihood| Cell {
                    likelihood,
                    impact,
                    score: likelihood * impact,
                    level: level(likelihood * impact),
                    risks: risks
                        .iter()
                        .filter(|r| r.likelihood == likelihood && r.impact == impact && !settled(r))
                        .map(|r| RiskMark {
                            label: r
                                .document
                                .id
                                .clone()
                                .unwrap_or_else(|| r.document.title.clone()),
                            title: r.document.title.clone(),
                            url: r.document.url.clone(),
                            anchor: r.anchor.clone(),
                        })
                        .collect(),
                })
                .collect()
        })
        .collect();
    let unmitigated = risks.iter().filter(|r| r.unmitigated).count();
    RiskRegister {
        grid,
        risks,
        unmitigated,
    }
}

fn settled(row: &RiskRow) -> bool {
    SETTLED.contains(&row.document.status.as_deref().unwrap_or("open"))
}

fn level(score: i64) -> &'static str {
    match score {
        0..=4 => "low",
        5..=9 => "medium",
        10..=15 => "high",
        _ => "critical",
    }
}
