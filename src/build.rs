//! `build`: renders the handbook into a staged folder that replaces the output folder only
//! when the whole build succeeded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsutil;
use crate::output::{OutputError, Protected, Staged};
use crate::pipeline::{self, locate};
use crate::timings::{Stage, Stages};

pub use crate::pipeline::BuildError;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook folder (holding `northstar.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; defaults to the config's `output`, relative to the root.
    pub output: Option<PathBuf>,
    pub include_drafts: bool,
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
    pub elapsed: Duration,
    /// How long each stage took, in order.
    pub stages: Vec<Stage>,
    pub output: PathBuf,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the handbook at `options.root`.
pub fn build(options: &BuildOptions) -> Result<Outcome, BuildError> {
    let started = Instant::now();
    let mut stages = Stages::default();
    let located = locate(&options.root)?;
    let output = fsutil::absolute(
        &located
            .root
            .join(options.output.as_ref().unwrap_or(&located.config.output)),
    )
    .map_err(BuildError::Io)?;
    let protected = Protected {
        root: located.root.clone(),
        content: located.content.clone(),
        home: home_dir(),
    };
    let staged = Staged::create(&output, &protected).map_err(|e| match e {
        OutputError::Refused(d) => BuildError::Usage(d),
        OutputError::Io(e) => BuildError::Io(e),
    })?;
    stages.mark("check and prepare the output folder");
    let mut diagnostics = Diagnostics::default();
    let handbook = pipeline::load_timed(
        located,
        options.include_drafts,
        &mut diagnostics,
        &mut stages,
    )?;
    let pages = pipeline::render_timed(&handbook, &staged, &mut diagnostics, &mut stages);
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics.into_sorted()));
    }
    staged.commit().map_err(BuildError::Io)?;
    stages.mark("replace the output");
    let site = &handbook.site;
    Ok(Outcome {
        pages,
        documents: site.documents.len(),
        sections: site.sections.len(),
        assets: site.assets.len(),
        drafts_left_out: site.excluded_drafts.len(),
        elapsed: started.elapsed(),
        stages: stages.done,
        output,
        diagnostics: diagnostics.into_sorted(),
    })
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| fsutil::absolute(Path::new(&h)).ok())
}
