//! `northstar check`: validates the handbook and renders it in memory, writing nothing.

use clap::{Args, ValueEnum};

use super::report_formats;
use super::{GlobalArgs, Reporter, EXIT_CONTENT, EXIT_OK};
use crate::commands::check::check;
use crate::pipeline::BuildError;

/// Check the handbook: schemas, links, references and reviews, without writing anything
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Include documents marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Check what this audience sees (a level of `audiences:`; default: `default_audience`)
    #[arg(long, value_name = "LEVEL")]
    pub audience: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Grouped by file, with a summary line
    Human,
    /// One JSON array of {severity, code, file, line, column, message, hint}
    Json,
    /// GitHub Actions workflow commands: an annotation per problem on its line
    Github,
    /// A SARIF 2.1.0 log, for code scanning
    Sarif,
    /// GitLab Code Quality JSON, for merge requests
    Gitlab,
}

impl CheckArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let mut drafts = 0;
        let (diagnostics, documents, failed) =
            match check(&global.options(self.drafts, &self.audience)) {
                Ok(report) => {
                    let failed = report.diagnostics.iter().any(|d| d.is_error());
                    drafts = report.drafts_left_out;
                    (report.diagnostics, Some(report.documents), failed)
                }
                Err(BuildError::Content(diagnostics)) => (diagnostics, None, true),
                Err(error) => return reporter.failure(&error),
            };
        match self.format {
            CheckFormat::Json => super::report::out(&super::report::json(&diagnostics)),
            CheckFormat::Github => {
                super::report::out_lines(&report_formats::github(&diagnostics, &global.root))
            }
            CheckFormat::Sarif => {
                super::report::out(&report_formats::sarif(&diagnostics, &global.root))
            }
            CheckFormat::Gitlab => {
                super::report::out(&report_formats::gitlab(&diagnostics, &global.root))
            }
            CheckFormat::Human => {
                reporter.grouped(&diagnostics, documents);
                if drafts > 0 {
                    reporter.summary(&format!(
                        "{drafts} draft(s) not checked: `northstar check --drafts` includes them"
                    ));
                }
            }
        }
        if failed {
            EXIT_CONTENT
        } else {
            EXIT_OK
        }
    }
}
