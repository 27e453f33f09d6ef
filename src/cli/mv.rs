//! `northstar mv FROM TO`: moves a document or folder and rewrites what points at it.

use std::path::PathBuf;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::commands::mv::{plan, MoveRequest};
use crate::pipeline::locate;

/// Move a document or folder of content/ and rewrite every link and reference to it
#[derive(Debug, Args)]
pub struct MvArgs {
    /// The document or folder to move, relative to the working folder or to content/
    pub from: PathBuf,
    /// Its new path (an existing folder: move the document into it); never overwritten
    pub to: PathBuf,
    /// Add the old address of each moved document to its `aliases`, so old links still work
    #[arg(long)]
    pub alias: bool,
    /// Print what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl MvArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let located = match locate(&global.root) {
            Ok(located) => located,
            Err(error) => return reporter.failure(&error),
        };
        let request = MoveRequest {
            from: &self.from,
            to: &self.to,
            alias: self.alias,
        };
        let plan = match plan(&located.root, &located.content, &located.config, &request) {
            Ok(plan) => plan,
            Err(diagnostic) => {
                reporter.diagnostics(std::slice::from_ref(&diagnostic));
                return EXIT_USAGE;
            }
        };
        let verb = if self.dry_run { "would move" } else { "moved" };
        let (from, to) = (&plan.relocation.from, &plan.relocation.to);
        let mut lines = vec![format!("{verb} content/{from} → content/{to}")];
        for change in &plan.changes {
            lines.push(format!(
                "  {}:{}: {} → {}",
                change.file, change.line, change.old, change.new
            ));
        }
        let files = {
            let mut files: Vec<&str> = plan.changes.iter().map(|c| c.file.as_str()).collect();
            files.dedup();
            files.len()
        };
        lines.push(format!(
            "{} {} value(s) in {} file(s){}",
            if self.dry_run {
                "would rewrite"
            } else {
                "rewrote"
            },
            plan.changes.len(),
            files,
            if self.dry_run {
                " (dry run: nothing changed)"
            } else {
                ""
            }
        ));
        for file in &plan.unread {
            reporter.warn(&format!(
                "{file}: its front matter does not parse, so its links and references were not rewritten; fix it and check them"
            ));
        }
        if !self.dry_run {
            if let Err(diagnostic) = plan.apply() {
                reporter.diagnostics(std::slice::from_ref(&diagnostic));
                return EXIT_CONTENT;
            }
        }
        if !reporter.quiet {
            super::report::out(&lines.join("\n"));
        }
        EXIT_OK
    }
}
