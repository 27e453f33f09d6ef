//! What a move changes: the old and new path (relative to `content/`) of a file or a folder,
//! the new place of every path that was inside it, and the reading of the paths a writer
//! types (relative to the working folder, the handbook folder or `content/`).

use std::path::{Component, Path, PathBuf};

use crate::model::diagnostics::Diagnostic;

/// A file or folder of `content/` moving from `from` to `to` (both `/`-separated, relative
/// to `content/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relocation {
    pub from: String,
    pub to: String,
    pub folder: bool,
}

impl Relocation {
    /// Where the content path `path` goes, when the move takes it along.
    pub fn map(&self, path: &str) -> Option<String> {
        if path == self.from {
            return Some(self.to.clone());
        }
        if self.folder {
            let rest = path.strip_prefix(&self.from)?.strip_prefix('/')?;
            return Some(format!("{}/{rest}", self.to));
        }
        None
    }

    /// Where a link's joined path goes, also when it names the moved document as another tool
    /// would (`a.html`, `a/`, `a/index.html` or `a` for `a.md`).
    pub fn map_link(&self, joined: &str) -> Option<String> {
        if let Some(mapped) = self.map(joined) {
            return Some(mapped);
        }
        if self.folder {
            return None;
        }
        let from_stem = self.from.strip_suffix(".md")?;
        let to_stem = self.to.strip_suffix(".md")?;
        let rest = joined.strip_prefix(from_stem)?;
        matches!(rest, "" | ".html" | ".htm" | "/" | "/index.html")
            .then(|| format!("{to_stem}{rest}"))
    }
}

/// The content path of a path a writer typed: relative to the working folder (when that
/// lands in `content/`), to the handbook folder (`content/policies/a.md`) or to `content/`.
/// `None` when it is outside `content/`.
pub fn content_path(typed: &Path, root: &Path, content: &Path) -> Option<String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    let candidates = [cwd.join(typed), root.join(typed), content.join(typed)];
    let inside: Vec<String> = candidates
        .iter()
        .filter_map(|candidate| relative_inside(&normalise(candidate), content))
        .collect();
    // A path that exists wins; otherwise the first reading that lands in content/.
    inside
        .iter()
        .find(|path| !path.is_empty() && content.join(path).exists())
        .or_else(|| inside.iter().find(|path| !path.is_empty()))
        .cloned()
}

/// `path` relative to `content`, `/`-separated; `None` when outside.
fn relative_inside(path: &Path, content: &Path) -> Option<String> {
    let rest = path.strip_prefix(content).ok()?;
    let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// `path` with `.` and `..` taken out, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The move of content path `from` to `to`, refused when it cannot be done safely: a source
/// that does not exist, a destination that does (a file is moved into an existing folder, as
/// `mv` does, and into a new one when `into` is set: the writer typed a trailing `/`), a
/// folder moved into itself, or a document renamed to something not `.md`.
pub fn plan(content: &Path, from: &str, to: &str, into: bool) -> Result<Relocation, Diagnostic> {
    let source = content.join(from);
    if from.is_empty() || !source.exists() {
        return Err(
            Diagnostic::error(format!("content/{from} does not exist"))
                .help("give the path of a document or folder, relative to the working folder or to content/"),
        );
    }
    let folder = source.is_dir();
    let mut to = to.trim_end_matches('/').to_string();
    if into || (!folder && content.join(&to).is_dir()) {
        let name = from.rsplit('/').next().unwrap_or(from);
        to = if to.is_empty() {
            name.to_string()
        } else {
            format!("{to}/{name}")
        };
    }
    if to.is_empty() {
        return Err(
            Diagnostic::error("cannot move a folder onto content/ itself")
                .help("give the folder's new path inside content/"),
        );
    }
    if content.join(&to).exists() {
        return Err(Diagnostic::error(format!("content/{to} already exists"))
            .help("choose a path that is free: `mv` never overwrites"));
    }
    if folder && (to == from || to.starts_with(&format!("{from}/"))) {
        return Err(
            Diagnostic::error(format!("cannot move content/{from} into itself"))
                .help("choose a destination outside the folder"),
        );
    }
    if from.ends_with(".md") && !to.ends_with(".md") {
        return Err(
            Diagnostic::error(format!("content/{to} is not a Markdown file name"))
                .help(format!("end the new name in `.md`, e.g. `{to}.md`, or end it in `/` to move the document into that folder")),
        );
    }
    Ok(Relocation {
        from: from.to_string(),
        to,
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::Relocation;

    #[test]
    fn maps_files_folders_and_output_forms() {
        let file = Relocation {
            from: "policies/a.md".into(),
            to: "rules/b.md".into(),
            folder: false,
        };
        assert_eq!(file.map("policies/a.md").as_deref(), Some("rules/b.md"));
        assert_eq!(file.map("policies/ab.md"), None);
        assert_eq!(
            file.map_link("policies/a.html").as_deref(),
            Some("rules/b.html")
        );
        assert_eq!(file.map_link("policies/a").as_deref(), Some("rules/b"));
        assert_eq!(file.map_link("policies/ab"), None);
        let folder = Relocation {
            from: "policies".into(),
            to: "rules/all".into(),
            folder: true,
        };
        assert_eq!(folder.map("policies").as_deref(), Some("rules/all"));
        assert_eq!(
            folder.map("policies/x/y.png").as_deref(),
            Some("rules/all/x/y.png")
        );
        assert_eq!(folder.map("policies-old/x.md"), None);
    }
}
