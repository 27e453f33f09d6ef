//! `check`: everything `build` does — load, validate, render every page — without writing.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Discard;
use crate::pipeline::{self, locate, BuildError};

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    pub documents: usize,
}

/// Checks the handbook at `root`.
pub fn check(
    root: &Path,
    include_drafts: bool,
    audience: Option<&str>,
) -> Result<CheckReport, BuildError> {
    let located = locate(root)?.with_audience(audience)?;
    let mut diagnostics = Diagnostics::default();
    let handbook = pipeline::load(located, include_drafts, &mut diagnostics)?;
    pipeline::render(&handbook, &Discard, &mut diagnostics);
    Ok(CheckReport {
        documents: handbook.site.documents.len(),
        diagnostics: diagnostics.into_sorted(),
    })
}
