//! Printing for the terminal: diagnostics once, on stderr, coloured when wanted.

use std::io::{IsTerminal, Write};

use super::{ColorChoice, GlobalArgs};
use crate::diagnostics::{Diagnostic, Severity};

/// Prints what a command has to say, honouring `--quiet`, `--verbose` and `--color`.
pub struct Reporter {
    pub quiet: bool,
    pub verbose: bool,
    color: bool,
}

impl Reporter {
    pub fn new(global: &GlobalArgs) -> Self {
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Reporter {
            quiet: global.quiet,
            verbose: global.verbose,
            color,
        }
    }

    /// Prints each diagnostic (warnings are hidden by `--quiet`) and a count line.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for diagnostic in diagnostics {
            if self.quiet && diagnostic.severity == Severity::Warning {
                continue;
            }
            let _ = writeln!(err, "{}", diagnostic.render(self.color));
        }
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        if errors > 0 || (warnings > 0 && !self.quiet) {
            let _ = writeln!(err, "{}", counts(errors, warnings));
        }
    }

    /// A one-line result on stdout, unless `--quiet`.
    pub fn summary(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// A line printed on stdout even with `--quiet` (what a running server says).
    pub fn always(&self, line: &str) {
        println!("{line}");
    }

    /// A warning about how the command runs (not about the handbook), on stderr.
    pub fn warn(&self, message: &str) {
        let label = if self.color {
            "\x1b[1;33mwarning\x1b[0m"
        } else {
            "warning"
        };
        eprintln!("{label}: {message}");
    }

    /// A line only `--verbose` shows, on stderr.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            eprintln!("{line}");
        }
    }

    /// A fatal error with its cause chain, printed once.
    pub fn fatal(&self, error: &anyhow::Error) {
        let label = if self.color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{label}: {error}");
        for cause in error.chain().skip(1) {
            let _ = writeln!(err, "  caused by: {cause}");
        }
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
