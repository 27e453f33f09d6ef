//! Classification while the site is assembled: each page's level (its own `classification:`,
//! else its section's cascade, else the default), checked against the configured levels, and
//! whether the audience of this build may see it.

use std::path::Path;

use crate::audience::AudiencesConfig;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, Mapping};
use crate::meta::Meta;

/// Decides, page by page, what the audience of this build sees.
pub(super) struct Classifier {
    audiences: AudiencesConfig,
    audience: usize,
}

impl Classifier {
    pub fn new(audiences: &AudiencesConfig) -> Self {
        Classifier {
            audience: audiences.audience_rank(),
            audiences: audiences.clone(),
        }
    }

    /// Sets `meta.classification` to the page's level as configured (so every page can show
    /// it) and returns whether the audience may see the page. `inherited` is a section's
    /// level from its parent's cascade (a document's cascade is already in its `meta`). An
    /// unknown level is reported and counts as the highest, so the page is left out of any
    /// lower build.
    pub fn admit(
        &self,
        meta: &mut Meta,
        inherited: Option<String>,
        file: &Path,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let written = meta.classification.clone().or(inherited);
        let own = meta.field_lines.contains_key("classification");
        let rank = match written.as_deref() {
            None => self.audiences.default_rank(),
            Some(level) => match self.audiences.rank(level) {
                Some(rank) => rank,
                None => {
                    if own {
                        out.push(self.unknown(level, file, meta.field_lines["classification"]));
                    }
                    self.audiences.levels.len().saturating_sub(1)
                }
            },
        };
        meta.classification = Some(self.audiences.levels[rank].clone());
        rank <= self.audience
    }

    /// The `classification` a section's `cascade:` passes down, checked where it is written.
    pub fn cascaded(&self, meta: &Meta, file: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
        let value = meta.cascade.get("classification")?;
        let level = frontmatter::scalar_text(value)?;
        if self.audiences.rank(&level).is_none() {
            let line = meta
                .field_lines
                .get("cascade")
                .copied()
                .unwrap_or(meta.header_line);
            out.push(self.unknown(&level, file, line));
        }
        Some(level)
    }

    /// The classification a section passes to its subsections: its cascade's, else its own.
    pub fn passed_down(cascade: &Mapping) -> Option<String> {
        cascade
            .get("classification")
            .and_then(frontmatter::scalar_text)
    }

    fn unknown(&self, level: &str, file: &Path, line: usize) -> Diagnostic {
        Diagnostic::error(format!("`{level}` is not a classification level of this handbook"))
            .code("unknown-classification")
            .at(file, line, 1)
            .help(format!(
                "use one of: {} (lowest first; the levels are set under `audiences:` in northstar.yaml)",
                self.audiences.listed()
            ))
    }
}
