//! The `northstar` command: parses the command line and reports the outcome once.

use std::process::ExitCode;

fn main() -> ExitCode {
    northstar::cli::main()
}
