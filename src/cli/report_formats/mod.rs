//! Machine-readable forms of `check`'s diagnostics for CI systems: GitHub Actions workflow
//! commands, SARIF 2.1.0 and GitLab Code Quality JSON.
//!
//! CI tools place a problem on a line of the repository, so their paths are given from the
//! folder the command runs in (the repository's root in CI), not from the handbook's root:
//! `northstar --root docs check --format github` names `docs/content/…`.

mod github;
mod gitlab;
mod sarif;

use std::path::{Component, Path, PathBuf};

pub use github::github;
pub use gitlab::gitlab;
pub use sarif::sarif;

use crate::model::diagnostics::Diagnostic;

/// `file` (relative to the handbook's `root`, or absolute) as a path from the current folder,
/// with `/` between its parts and no `./`; absolute when it lies outside the current folder.
fn path_from_working_folder(root: &Path, file: &Path) -> String {
    let joined = root.join(file);
    let shown: PathBuf = if joined.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|here| joined.strip_prefix(here).ok().map(Path::to_path_buf))
            .unwrap_or(joined)
    } else {
        joined
    };
    if shown.is_absolute() {
        return shown.display().to_string();
    }
    let parts: Vec<String> = shown
        .components()
        .filter(|part| !matches!(part, Component::CurDir))
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// The path a diagnostic is reported at, when it is about a file.
fn diagnostic_path(root: &Path, diagnostic: &Diagnostic) -> Option<String> {
    diagnostic
        .file
        .as_deref()
        .map(|file| path_from_working_folder(root, file))
}

/// The message, then the fix on a line of its own when there is one.
fn message_with_help(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_given_from_the_working_folder() {
        let relative =
            |root: &str, file: &str| path_from_working_folder(Path::new(root), Path::new(file));
        assert_eq!(relative(".", "content/a.md"), "content/a.md");
        assert_eq!(relative("./docs", "content/a.md"), "docs/content/a.md");
        assert_eq!(relative("docs/", "./content/a.md"), "docs/content/a.md");
        assert_eq!(relative("../hb", "content/a.md"), "../hb/content/a.md");
        let here = std::env::current_dir().unwrap();
        let inside = here.join("hb");
        assert_eq!(
            path_from_working_folder(&inside, Path::new("content/a.md")),
            "hb/content/a.md"
        );
        assert_eq!(
            path_from_working_folder(Path::new("/elsewhere/hb"), Path::new("content/a.md")),
            "/elsewhere/hb/content/a.md"
        );
    }
}
