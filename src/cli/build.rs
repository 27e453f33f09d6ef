//! `northstar build`: renders the handbook into the output folder.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_OK};
use crate::commands::build::{build_interruptible, BuildOptions};
use crate::outputs::folder::{stop_on_signals, Interrupt};
use crate::util::timings::Stage;

/// Build the handbook into a static site
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: `output` in northstar.yaml, else `public`), relative to the handbook
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include documents marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Build for this audience (a level of `audiences:`; default: `default_audience`)
    #[arg(long, value_name = "LEVEL")]
    pub audience: Option<String>,
    /// Print the time of each stage on stderr (also with --quiet; --verbose prints it too)
    #[arg(long)]
    pub timings: bool,
}

impl BuildArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        // First, before any thread starts: they must all inherit the blocked signals.
        let interrupt = Arc::new(Interrupt::default());
        if let Err(error) = stop_on_signals(Arc::clone(&interrupt)) {
            reporter.warn(&format!(
                "Ctrl-C and SIGTERM will not clean up ({error}): a stopped build leaves its staging folder for the next build to remove"
            ));
        }
        let options = BuildOptions {
            load: global.options(self.drafts, &self.audience),
            output: self.output.clone(),
        };
        match build_interruptible(&options, interrupt) {
            Ok(outcome) => {
                reporter.diagnostics(&outcome.diagnostics);
                if self.timings || reporter.verbose {
                    print_timings(&outcome.stages);
                }
                use crate::util::words::count;
                reporter.detail(&format!(
                    "{} in {}, {} copied, {} left out",
                    count(outcome.documents, "document", "documents"),
                    count(outcome.sections, "section", "sections"),
                    count(outcome.assets, "other file", "other files"),
                    count(outcome.drafts_left_out, "draft", "drafts"),
                ));
                let shown = std::env::current_dir()
                    .ok()
                    .and_then(|cwd| outcome.output.strip_prefix(cwd).ok().map(PathBuf::from))
                    .unwrap_or_else(|| outcome.output.clone());
                reporter.summary(&format!(
                    "Built {} in {} ms → {}/",
                    crate::util::words::count(outcome.pages, "page", "pages"),
                    outcome.elapsed.as_millis(),
                    shown.display()
                ));
                if let Some(line) = left_out_line(&outcome.audience, &outcome.left_out) {
                    reporter.summary(&line);
                }
                EXIT_OK
            }
            Err(error) => reporter.failure(&error),
        }
    }
}

/// `For the internal audience, left out: 2 confidential, 1 restricted documents`, when the
/// audience left anything out.
fn left_out_line(audience: &str, counts: &[(String, usize)]) -> Option<String> {
    if counts.is_empty() {
        return None;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(level, count)| format!("{count} {level}"))
        .collect();
    let total: usize = counts.iter().map(|(_, count)| count).sum();
    let noun = if total == 1 { "document" } else { "documents" };
    Some(format!(
        "For the {audience} audience, left out: {} {noun}",
        parts.join(", ")
    ))
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
    super::report::err_lines(&text);
}
