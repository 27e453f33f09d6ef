//! `northstar new KIND "Title"`: scaffolds a document and prints its path.

use std::path::PathBuf;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_OK, EXIT_USAGE};
use crate::commands::new::{create, NewDocument};
use crate::pipeline::locate;

/// Create a document of KIND from its starter template
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind: strategy, roadmap, initiative, policy, standard, decision, rfc, technology,
    /// radar, risk, page, or one of the handbook's own
    pub kind: String,
    /// The document's title; the file name is made from it
    pub title: String,
    /// Folder inside content/ (default: the kind's usual section)
    #[arg(long, value_name = "PATH")]
    pub section: Option<String>,
    /// A technology's ring (adopt, trial, assess, hold)
    #[arg(long)]
    pub ring: Option<String>,
    /// A technology's quadrant (languages-frameworks, tools, platforms, techniques)
    #[arg(long)]
    pub quadrant: Option<String>,
}

impl NewArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let located = match locate(&global.root) {
            Ok(located) => located,
            Err(error) => return reporter.failure(&error),
        };
        let request = NewDocument {
            kind: &self.kind,
            title: &self.title,
            section: self.section.as_deref(),
            today: located.today,
            choices: [("ring", &self.ring), ("quadrant", &self.quadrant)]
                .into_iter()
                .filter_map(|(name, value)| Some((name, value.as_deref()?)))
                .collect(),
        };
        match create(&located.content, &located.config, &request) {
            Ok(relative) => {
                let full = located.content.join(&relative);
                let shown = std::env::current_dir()
                    .ok()
                    .and_then(|cwd| full.strip_prefix(cwd).ok().map(PathBuf::from))
                    .unwrap_or(full);
                super::report::out(&shown.display().to_string());
                EXIT_OK
            }
            Err(diagnostic) => {
                reporter.diagnostics(std::slice::from_ref(&diagnostic));
                EXIT_USAGE
            }
        }
    }
}
