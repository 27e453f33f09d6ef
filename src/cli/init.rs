//! `northstar init [DIR]`: creates a new handbook that builds and checks clean.

use std::path::PathBuf;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::commands::init::{init, InitError};

/// Create a new handbook with a starter document of every kind
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the handbook in (new or empty); default: the --root folder
    pub dir: Option<PathBuf>,
}

impl InitArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let dir = self.dir.clone().unwrap_or_else(|| global.root.clone());
        match init(&dir) {
            Ok(files) => {
                reporter.summary(&format!(
                    "Created a handbook of {files} files in {}",
                    dir.display()
                ));
                reporter.summary(
                    "CI: .github/workflows/handbook.yml (GitHub) and .gitlab-ci.yml (GitLab) check and publish it; set NORTHSTAR_GIT in the forge first, and delete the file you do not use.",
                );
                reporter.summary(&format!(
                    "Next: `northstar --root {} build`, then open public/index.html; `northstar new policy \"Title\"` adds a document.",
                    dir.display()
                ));
                EXIT_OK
            }
            Err(InitError::NotEmpty(diagnostic)) => {
                reporter.diagnostics(std::slice::from_ref(&diagnostic));
                EXIT_USAGE
            }
            Err(InitError::Io(error)) => {
                reporter.fatal(&error);
                EXIT_CONTENT
            }
        }
    }
}
