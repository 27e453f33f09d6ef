//! `northstar list`: the handbook's documents, filtered, as a table or JSON.

use clap::{Args, ValueEnum};

use super::{GlobalArgs, Reporter, EXIT_OK, EXIT_USAGE};
use crate::commands::list::{csv, query, table, unknown_filter, Filter};
use crate::model::diagnostics::Diagnostic;
use crate::model::diagnostics::Diagnostics;
use crate::model::site::Site;
use crate::pipeline::{self, Reuse};
use crate::stages::audience::listing;
use crate::util::timings::Stages;

/// List documents matching every filter given
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this kind (policy, decision, …)
    #[arg(long)]
    pub kind: Option<String>,
    /// Only this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only this owner
    #[arg(long)]
    pub owner: Option<String>,
    /// Only documents with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only reviews due within DAYS (0: due today or overdue)
    #[arg(long, value_name = "DAYS")]
    pub review_due: Option<i64>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// List what this audience sees (a level of `audiences:`; default: `default_audience`)
    #[arg(long, value_name = "LEVEL")]
    pub audience: Option<String>,
    /// List instead what a build for the audience leaves out, and why (its level, its
    /// section's cascade, the default, or a folder that covers it)
    #[arg(long, conflicts_with_all = ["kind", "status", "owner", "tag", "review_due"])]
    pub left_out: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table
    Table,
    /// A JSON array of {path, title, kind, status, owner, review_due, tags, draft}; with
    /// --left-out, of {path, level, reason, folder, classification}
    Json,
    /// CSV with a header line, for spreadsheets: the columns of JSON (tags separated by `;`)
    Csv,
}

impl ListArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let mut diagnostics = Diagnostics::default();
        // Drafts are listed (with `draft` in the table), as a writer looks for them.
        let loaded = pipeline::open(&global.options(true, &self.audience)).and_then(|located| {
            let stages = &mut Stages::default();
            pipeline::load(located, Reuse::nothing(), &mut diagnostics, stages)
        });
        let handbook = match loaded {
            Ok(handbook) => handbook,
            Err(error) => return reporter.failure(&error),
        };
        if self.left_out {
            self.left_out(&handbook.site, reporter);
            return EXIT_OK;
        }
        let filter = Filter {
            kind: self.kind.clone(),
            status: self.status.clone(),
            owner: self.owner.clone(),
            tag: self.tag.clone(),
            review_due: self.review_due,
        };
        if let Some((message, help)) = unknown_filter(&handbook.site, &filter) {
            reporter.diagnostics(&[Diagnostic::error(message).help(help)]);
            return EXIT_USAGE;
        }
        let rows = query(&handbook.site, &filter);
        match self.format {
            ListFormat::Csv => super::report::out_lines(&csv(&rows)),
            ListFormat::Json => super::report::out(
                &serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()),
            ),
            ListFormat::Table if rows.is_empty() => reporter.summary("No documents match."),
            ListFormat::Table => super::report::out(&table(&rows)),
        }
        if diagnostics.has_errors() {
            reporter.note(&format!(
                "note: the handbook has {} error(s); run `northstar check` to see them",
                diagnostics.error_count()
            ));
        }
        EXIT_OK
    }

    /// `--left-out`: what a build for the audience leaves out, and why.
    fn left_out(&self, site: &Site, reporter: &Reporter) {
        let rows = listing::rows(&site.left_out);
        match self.format {
            ListFormat::Csv => {
                let mut writer = ::csv::Writer::from_writer(Vec::new());
                for row in &rows {
                    // Writing into memory cannot fail.
                    let _ = writer.serialize(row);
                }
                let bytes = writer.into_inner().unwrap_or_default();
                super::report::out_lines(&String::from_utf8_lossy(&bytes));
            }
            ListFormat::Json => super::report::out(
                &serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()),
            ),
            ListFormat::Table if rows.is_empty() => reporter.summary(&format!(
                "A build for {} leaves nothing out.",
                site.config.audiences.audience()
            )),
            ListFormat::Table => super::report::out(&listing::table(&rows)),
        }
    }
}
