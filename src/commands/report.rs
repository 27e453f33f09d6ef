//! What the library says to the person running it while a command runs (`serve`'s address,
//! each rebuild's diagnostics): printed through a [`Report`] the command gives it, so the
//! library never decides how the terminal looks (the command line's `cli::Reporter` does).

use crate::model::diagnostics::Diagnostic;

/// Where a long-running command's messages go.
pub trait Report: Sync {
    /// Every diagnostic of a build (warnings may be hidden by the reporter's settings).
    fn diagnostics(&self, diagnostics: &[Diagnostic]);
    /// A one-line result (hidden by `--quiet`).
    fn summary(&self, line: &str);
    /// A line shown even with `--quiet` (what a running server says).
    fn always(&self, line: &str);
    /// A warning about how the command runs, not about the handbook.
    fn warn(&self, message: &str);
    /// A fatal error with its causes.
    fn fatal(&self, error: &anyhow::Error);
}
