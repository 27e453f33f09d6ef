//! Classification while the site is assembled: each page's level (its own `classification:`,
//! else its section's cascade, else the default), checked against the configured levels,
//! whether the audience of this build may see it, and what is kept of a page it may not.

use std::path::Path;

use super::assemble::{first_heading, title_from_name};
use crate::audience::{AudiencesConfig, Excluded, LeftOut};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, Mapping, Parsed};
use crate::meta::Meta;
use crate::urls;

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

/// A section left out for this audience (`dir`, with its index file if it has one), or a
/// document of a left-out folder (`dir` is then its source).
pub(super) struct LeftPage<'a> {
    pub dir: &'a str,
    pub source: Option<&'a str>,
    pub parsed: Option<&'a Parsed>,
    pub level: &'a str,
}

/// Records a left-out page; what lies below a left-out folder is left out with it.
pub(super) fn leave_out_section(left_out: &mut LeftOut, page: LeftPage) {
    let LeftPage {
        dir,
        source,
        parsed,
        level,
    } = page;
    let is_document = dir.ends_with(".md") && source == Some(dir);
    if !is_document {
        left_out.dirs.insert(dir.to_string(), level.to_string());
    }
    let title = parsed
        .and_then(|p| {
            p.fields
                .get("title")
                .and_then(crate::frontmatter::scalar_text)
        })
        .or_else(|| parsed.and_then(|p| first_heading(&p.body).map(|(t, _)| t)))
        .unwrap_or_else(|| title_from_name(dir));
    let output = if is_document {
        urls::document_output(dir)
    } else {
        urls::section_output(dir)
    };
    let mut excluded = Excluded::new(source.unwrap_or(dir), &output, &title, level);
    if let Some(parsed) = parsed {
        excluded = excluded.with_body(&parsed.body);
        excluded.id = parsed
            .fields
            .get("id")
            .and_then(crate::frontmatter::scalar_text);
    }
    match source {
        Some(source) => {
            left_out.pages.insert(source.to_string(), excluded);
        }
        None => left_out.bare_dirs.push(excluded),
    }
}
