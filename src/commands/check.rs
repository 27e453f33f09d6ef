//! `check`: everything `build` does — load, validate, render every page — without writing.

use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::outputs::folder::Discard;
use crate::pipeline::{self, BuildError, Options, Reuse};
use crate::util::timings::Stages;

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    pub documents: usize,
    /// Documents marked `draft: true` that were left out (none with `--drafts`).
    pub drafts_left_out: usize,
}

/// Checks the handbook of `options`.
pub fn check(options: &Options) -> Result<CheckReport, BuildError> {
    let located = pipeline::open(options)?;
    let mut diagnostics = Diagnostics::default();
    let mut stages = Stages::default();
    let handbook = pipeline::load(located, Reuse::nothing(), &mut diagnostics, &mut stages)?;
    pipeline::render_gated(&handbook, &Discard, &mut diagnostics, &mut stages);
    Ok(CheckReport {
        documents: handbook.site.documents.len(),
        drafts_left_out: handbook.site.excluded_drafts.len(),
        diagnostics: diagnostics.into_sorted(),
    })
}
