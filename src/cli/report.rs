//! Printing for the terminal: diagnostics once, on stderr, coloured when wanted.

use std::io::{IsTerminal, Write};

use super::{ColorChoice, GlobalArgs};
use crate::commands::report::Report;
use crate::model::diagnostics::{Diagnostic, Severity};
use crate::pipeline::BuildError;

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

    /// Prints each diagnostic (warnings are hidden by `--quiet`) and a count line. More than
    /// [`WARNINGS_SHOWN`] warnings are summarised by code, each with its first place and
    /// message, unless `--verbose`: errors are never summarised.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        let summarise = warnings > WARNINGS_SHOWN && !self.verbose;
        for diagnostic in diagnostics {
            if (self.quiet || summarise) && diagnostic.severity == Severity::Warning {
                continue;
            }
            let _ = writeln!(err, "{}", diagnostic.render(self.color));
        }
        if summarise && !self.quiet {
            let _ = write!(err, "{}", self.by_code(diagnostics));
        }
        if errors > 0 || (warnings > 0 && !self.quiet) {
            let _ = writeln!(err, "{}", counts(errors, warnings));
        }
    }

    /// The warnings of `diagnostics` counted by code, most frequent first, each with its first
    /// place and message, and where to see them all.
    fn by_code(&self, diagnostics: &[Diagnostic]) -> String {
        use std::fmt::Write as _;
        let mut codes: Vec<(&str, usize, &Diagnostic)> = Vec::new();
        for diagnostic in diagnostics.iter().filter(|d| !d.is_error()) {
            match codes.iter_mut().find(|(code, ..)| *code == diagnostic.code) {
                Some((_, count, _)) => *count += 1,
                None => codes.push((diagnostic.code, 1, diagnostic)),
            }
        }
        codes.sort_by_key(|(code, count, _)| (std::cmp::Reverse(*count), *code));
        let label = self.paint("warning", "1;33");
        let mut text = String::new();
        for (code, count, first) in codes {
            let place = first.location().unwrap_or_else(|| "(handbook)".into());
            let _ = writeln!(
                text,
                "{label}: {count} × [{code}], first at {place}: {}",
                first.message
            );
        }
        let _ = writeln!(
            text,
            "  (warnings summarised by code: `northstar check` or --verbose shows each one)"
        );
        text
    }

    /// Diagnostics grouped by file (for `check`), each with line:column, severity, message,
    /// code and fix, then a summary line; on stdout. `documents` is how many were checked.
    pub fn grouped(&self, diagnostics: &[Diagnostic], documents: Option<usize>) {
        let mut out = std::io::stdout().lock();
        let mut current: Option<String> = None;
        for diagnostic in diagnostics {
            if self.quiet && diagnostic.severity == Severity::Warning {
                continue;
            }
            let file = diagnostic
                .file
                .as_ref()
                .map(|f| f.display().to_string())
                .unwrap_or_else(|| "(handbook)".into());
            if current.as_deref() != Some(file.as_str()) {
                let _ = writeln!(out, "{}", self.paint(&file, "1;4"));
                current = Some(file);
            }
            let position = match (diagnostic.line, diagnostic.column) {
                (Some(line), Some(column)) => format!("{line}:{column}"),
                (Some(line), None) => line.to_string(),
                _ => "-".into(),
            };
            let (label, code) = match diagnostic.severity {
                Severity::Error => ("error", "1;31"),
                Severity::Warning => ("warning", "1;33"),
            };
            let label = self.paint(&format!("{label:<7}"), code);
            let _ = writeln!(
                out,
                "  {position:>7}  {label}  {} [{}]",
                diagnostic.message, diagnostic.code
            );
            if let Some(help) = &diagnostic.help {
                let _ = writeln!(
                    out,
                    "  {:>7}  {}  {help}",
                    "",
                    self.paint("help:  ", "1;36")
                );
            }
        }
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        let files = diagnostics
            .iter()
            .filter_map(|d| d.file.as_ref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let checked = documents
            .map(|n| match n {
                1 => " (1 document checked)".to_string(),
                n => format!(" ({n} documents checked)"),
            })
            .unwrap_or_default();
        if errors + warnings == 0 {
            let _ = writeln!(out, "{}{checked}", self.paint("No problems found", "1;32"));
        } else {
            let _ = writeln!(
                out,
                "{} in {} file{}{checked}",
                counts(errors, warnings),
                files,
                if files == 1 { "" } else { "s" }
            );
        }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A one-line result on stdout, unless `--quiet`.
    pub fn summary(&self, line: &str) {
        if !self.quiet {
            out(line);
        }
    }

    /// A line printed on stdout even with `--quiet` (what a running server says).
    pub fn always(&self, line: &str) {
        out(line);
    }

    /// A warning about how the command runs (not about the handbook), on stderr.
    pub fn warn(&self, message: &str) {
        let label = if self.color {
            "\x1b[1;33mwarning\x1b[0m"
        } else {
            "warning"
        };
        err(&format!("{label}: {message}"));
    }

    /// A line on stderr, unless `--quiet` (a note beside a command's output on stdout).
    pub fn note(&self, line: &str) {
        if !self.quiet {
            err(line);
        }
    }

    /// A line only `--verbose` shows, on stderr.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            err(line);
        }
    }

    /// Prints why a command could not run and returns its exit code (2 for usage errors).
    pub fn failure(&self, error: &BuildError) -> u8 {
        match error {
            BuildError::Usage(diagnostic) => {
                self.diagnostics(std::slice::from_ref(diagnostic));
                super::EXIT_USAGE
            }
            BuildError::Content(diagnostics) => {
                self.diagnostics(diagnostics);
                super::EXIT_CONTENT
            }
            BuildError::Io(error) => {
                self.fatal(error);
                super::EXIT_CONTENT
            }
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

impl Report for Reporter {
    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        Reporter::diagnostics(self, diagnostics)
    }
    fn summary(&self, line: &str) {
        Reporter::summary(self, line)
    }
    fn always(&self, line: &str) {
        Reporter::always(self, line)
    }
    fn warn(&self, message: &str) {
        Reporter::warn(self, message)
    }
    fn fatal(&self, error: &anyhow::Error) {
        Reporter::fatal(self, error)
    }
}

/// How many warnings a command prints one by one before it summarises them by code.
pub const WARNINGS_SHOWN: usize = 20;

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

/// The diagnostics as one JSON array of `{severity, code, file, line, column, message, hint}`.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "file": d.file.as_ref().map(|f| f.display().to_string()),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

/// Writes `text` and a newline to stdout; a closed pipe (`northstar list | head`) is not an error.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// Writes one line to stderr; a closed pipe is not an error (a server whose terminal went
/// away keeps serving).
fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// Writes `text` as it is to stderr (its lines end in their own newlines); a closed pipe is
/// not an error.
pub fn err_lines(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
}

/// Writes `text` as it is to stdout (its lines end in their own newlines); a closed pipe is
/// not an error.
pub fn out_lines(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
}
