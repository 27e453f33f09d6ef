//! The command line: one Args struct with `run()` per subcommand, shared options flattened.

mod build;
mod check;
mod init;
mod list;
mod mv;
mod new;
mod report;
mod report_formats;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::pipeline::Options;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub use report::Reporter;

/// Northstar builds a technology strategy handbook from Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "northstar", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The handbook folder, holding northstar.yaml and content/
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is done
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to colour the output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

impl GlobalArgs {
    /// The options of a command that loads the handbook, from its `--drafts` and `--audience`.
    pub fn options(&self, include_drafts: bool, audience: &Option<String>) -> Options {
        Options::new(self.root.clone())
            .drafts(include_drafts)
            .audience(audience.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the handbook into a static site
    Build(build::BuildArgs),
    /// Check the handbook without writing anything
    Check(check::CheckArgs),
    /// List documents, filtered by kind, status, owner, tag or review date
    List(list::ListArgs),
    /// Create a new document of a kind, with its required fields and headings
    New(new::NewArgs),
    /// Move a document or folder and rewrite every link and reference to it
    Mv(mv::MvArgs),
    /// Create a new handbook in an empty folder
    Init(init::InitArgs),
    /// Preview the handbook with live reload
    Serve(serve::ServeArgs),
}

/// Exit code: the command worked (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: the handbook has errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code: the command was used wrongly.
pub const EXIT_USAGE: u8 = 2;

/// Parses the arguments, runs the subcommand and returns its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let reporter = Reporter::new(&cli.global);
    let code = match &cli.command {
        Command::Build(args) => args.run(&cli.global, &reporter),
        Command::Check(args) => args.run(&cli.global, &reporter),
        Command::List(args) => args.run(&cli.global, &reporter),
        Command::New(args) => args.run(&cli.global, &reporter),
        Command::Mv(args) => args.run(&cli.global, &reporter),
        Command::Init(args) => args.run(&cli.global, &reporter),
        Command::Serve(args) => args.run(&cli.global, &reporter),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
