//! `northstar build`: renders the handbook into the output folder.

use std::path::PathBuf;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_OK};
use crate::build::{build, BuildOptions};
use crate::timings::Stage;

/// Build the handbook into a static site
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: `output` in northstar.yaml, else `public`), relative to the handbook
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include documents marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Print the time of each stage on stderr (also with --quiet; --verbose prints it too)
    #[arg(long)]
    pub timings: bool,
}

impl BuildArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let options = BuildOptions {
            root: global.root.clone(),
            output: self.output.clone(),
            include_drafts: self.drafts,
        };
        match build(&options) {
            Ok(outcome) => {
                reporter.diagnostics(&outcome.diagnostics);
                if self.timings || reporter.verbose {
                    print_timings(&outcome.stages);
                }
                reporter.detail(&format!(
                    "{} documents in {} sections, {} other files copied, {} drafts left out",
                    outcome.documents, outcome.sections, outcome.assets, outcome.drafts_left_out
                ));
                let shown = std::env::current_dir()
                    .ok()
                    .and_then(|cwd| outcome.output.strip_prefix(cwd).ok().map(PathBuf::from))
                    .unwrap_or_else(|| outcome.output.clone());
                reporter.summary(&format!(
                    "Built {} pages in {} ms → {}/",
                    outcome.pages,
                    outcome.elapsed.as_millis(),
                    shown.display()
                ));
                EXIT_OK
            }
            Err(error) => reporter.failure(&error),
        }
    }
}

/// The stages' wall times and details, on stderr.
fn print_timings(stages: &[Stage]) {
    let mut text = String::new();
    for stage in stages {
        let ms = stage.took.as_secs_f64() * 1000.0;
        text.push_str(&format!("{ms:>9.1} ms  {}\n", stage.name));
        if let Some(detail) = &stage.detail {
            text.push_str(&format!("{:>14}({detail})\n", ""));
        }
    }
    eprint!("{text}");
}
