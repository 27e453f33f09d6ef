//! `build`: renders the handbook into a staged folder that replaces the output folder only
//! when the whole build succeeded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::outputs::folder::{Interrupt, OutputError, Protected, Staged};
use crate::pipeline::{self, Options, Reuse};
use crate::util::fsutil;
use crate::util::timings::{Stage, Stages};

pub use crate::pipeline::BuildError;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook, its drafts and audience.
    pub load: Options,
    /// Output folder; defaults to the config's `output`, relative to the root.
    pub output: Option<PathBuf>,
}

/// A finished build.
#[derive(Debug)]
pub struct Outcome {
    pub pages: usize,
    pub documents: usize,
    pub sections: usize,
    /// Files copied from content/ as they are.
    pub assets: usize,
    pub drafts_left_out: usize,
    /// The audience built for, and how many documents each level above it left out, lowest
    /// level first.
    pub audience: String,
    pub left_out: Vec<(String, usize)>,
    pub elapsed: Duration,
    /// How long each stage took, in order.
    pub stages: Vec<Stage>,
    pub output: PathBuf,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the handbook of `options.load`.
pub fn build(options: &BuildOptions) -> Result<Outcome, BuildError> {
    build_interruptible(options, Arc::default())
}

/// [`build`], which a signal can stop through `interrupt` without leaving its staging
/// folder behind (see [`crate::outputs::folder::stop_on_signals`]).
pub fn build_interruptible(
    options: &BuildOptions,
    interrupt: Arc<Interrupt>,
) -> Result<Outcome, BuildError> {
    let started = Instant::now();
    let mut stages = Stages::default();
    let located = pipeline::open(&options.load)?;
    let output = fsutil::absolute(
        &located
            .root
            .join(options.output.as_ref().unwrap_or(&located.config.output)),
    )
    .map_err(BuildError::Io)?;
    let protected = Protected {
        root: located.root.clone(),
        home: home_dir(),
    };
    let mut diagnostics = Diagnostics::default();
    // The previous output is checked (every file against its manifest) while the handbook
    // loads; a refused output folder is still the error reported, as if checked first.
    let (staged, handbook) = crate::util::side_by_side::beside(
        || Staged::create(&output, &protected, interrupt),
        || pipeline::load(located, Reuse::nothing(), &mut diagnostics, &mut stages),
    );
    let staged = staged.map_err(|e| match e {
        OutputError::Refused(d) => BuildError::Usage(d),
        OutputError::Io(e) => BuildError::Io(e),
    })?;
    let handbook = handbook?;
    stages.mark("check and prepare the output folder (the wait: it runs while the files load)");
    let pages = pipeline::render_gated(&handbook, &staged, &mut diagnostics, &mut stages);
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics.into_sorted()));
    }
    staged.commit().map_err(BuildError::Io)?;
    stages.mark("replace the output");
    let site = &handbook.site;
    let outcome = Outcome {
        pages,
        documents: site.documents.len(),
        sections: site.sections.len(),
        assets: site.assets.len(),
        drafts_left_out: site.excluded_drafts.len(),
        audience: site.config.audiences.audience().to_string(),
        left_out: left_out_counts(site),
        elapsed: started.elapsed(),
        stages: stages.done,
        output,
        diagnostics: diagnostics.into_sorted(),
    };
    // Taking apart every document's strings and maps is a few dozen milliseconds at 10,000
    // documents that the caller (printing the summary, exiting) need not wait for.
    crate::util::side_by_side::drop_beside(handbook, "drop-handbook");
    Ok(outcome)
}

/// How many documents each level left out, in the order of the levels.
fn left_out_counts(site: &crate::model::site::Site) -> Vec<(String, usize)> {
    let counts = site.left_out.counts();
    site.config
        .audiences
        .levels
        .iter()
        .filter_map(|level| counts.get(level).map(|count| (level.clone(), *count)))
        .collect()
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| fsutil::absolute(Path::new(&h)).ok())
}
