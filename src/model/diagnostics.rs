//! Diagnostics: what is wrong with a handbook, where (`file:line:col`) and how to fix it.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

/// How bad a diagnostic is. Errors fail the command; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the handbook, located in a file when possible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem (`broken-link`, `unknown-field` …), for tools.
    pub code: &'static str,
    /// Path shown to the user, relative to the handbook root when possible.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    /// An error or a warning, as chosen by configuration.
    pub fn with_severity(severity: Severity, message: impl Into<String>) -> Self {
        Self::new(severity, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic {
            severity,
            code: "general",
            file: None,
            line: None,
            column: None,
            message,
            help: None,
        }
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, file: impl AsRef<Path>, line: usize, column: usize) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` (as much of it as is known).
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut out = file.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(out, ":{col}");
            }
        }
        Some(out)
    }

    /// Renders the diagnostic for a terminal, with ANSI colours when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let paint = |text: &str, code: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        if let Some(location) = self.location() {
            let _ = write!(out, "{}: ", paint(&location, "1"));
        }
        let _ = write!(out, "{}: {}", paint(label, code), self.message);
        if let Some(help) = &self.help {
            let _ = write!(out, "\n  {} {}", paint("help:", "1;36"), help);
        }
        out
    }
}

/// The diagnostics of one run, kept in a stable order for printing.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file, then line, then column; duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        // A large handbook can have thousands (one per overdue review): each file's path is
        // split into its parts once, not at every comparison, and both threads sort.
        self.items.par_sort_by_cached_key(|d| {
            let file = d.file.as_deref().map(path_parts);
            (file, d.line, d.column, d.message.clone())
        });
        self.items.dedup();
        self.items
    }
}

/// `path`'s components, as owned values that order the same way the path does (a path is
/// compared component by component, a component by its kind and then its text).
fn path_parts(path: &Path) -> Vec<(u8, OsString)> {
    path.components()
        .map(|part| {
            let kind = match part {
                Component::Prefix(_) => 0,
                Component::RootDir => 1,
                Component::CurDir => 2,
                Component::ParentDir => 3,
                Component::Normal(_) => 4,
            };
            (kind, part.as_os_str().to_os_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_as_the_paths_compare() {
        let files = [
            "content/a/b.md",
            "content/a-b.md",
            "content/a/./b.md",
            "content//a/c.md",
            "../x.md",
            "/abs/x.md",
            "./content/a.md",
            "content/a.md",
            "content/ä.md",
            "content/a/b/c.md",
            "content/a/b",
        ];
        let mut diagnostics = Diagnostics::default();
        let mut expected = Vec::new();
        for (i, file) in files.iter().enumerate() {
            for line in [3, 1] {
                let diagnostic = Diagnostic::warning(format!("m{i}")).at(file, line, 1);
                diagnostics.push(diagnostic.clone());
                expected.push(diagnostic);
            }
        }
        diagnostics.push(Diagnostic::warning("no file"));
        expected.push(Diagnostic::warning("no file"));
        expected.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        expected.dedup();
        assert_eq!(diagnostics.into_sorted(), expected);
    }
}
