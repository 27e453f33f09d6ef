//! Discovery: finds the Markdown documents, section folders and other files under `content/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::diagnostics::Diagnostic;

/// The names a section's index file can have, in order of preference.
pub const INDEX_NAMES: &[&str] = &["_index.md", "index.md", "README.md"];

/// What lives under `content/`, as `/`-separated paths relative to it.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    /// Every Markdown file, section index files included.
    pub markdown: Vec<String>,
    /// Every other file (images, PDFs …), copied beside the pages.
    pub assets: Vec<String>,
    /// Every folder that holds Markdown, directly or below; `""` is the root.
    pub sections: BTreeSet<String>,
}

/// Walks `content_dir`. Hidden files and editor temp files are skipped; symbolic links are
/// followed while they stay inside the git repository that holds `root` (the handbook
/// folder), or inside `root` when it is in none: a link that leads out is skipped with a
/// warning, so a commit cannot publish a file from elsewhere on the build machine. A link
/// loop is reported instead of followed forever.
pub fn discover(content_dir: &Path, root: &Path) -> (Discovered, Vec<Diagnostic>) {
    let mut found = Discovered::default();
    let mut diagnostics = Vec::new();
    found.sections.insert(String::new());
    let inside = link_boundary(root);
    let leaving = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if is_ignored(entry.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            match leads_out(entry, &inside) {
                Some(target) => {
                    leaving
                        .borrow_mut()
                        .push((entry.path().to_path_buf(), target));
                    false
                }
                None => true,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| display(p, root));
                let (what, help) = walk_problem(&error);
                let mut diagnostic =
                    Diagnostic::warning(format!("skipped: {what}")).code("skipped-file");
                if let Some(path) = path {
                    diagnostic = diagnostic.in_file(path);
                }
                diagnostics.push(diagnostic.help(help));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(relative) = relative_path(entry.path(), content_dir) else {
            diagnostics.push(
                Diagnostic::warning("skipped a file whose name is not valid UTF-8")
                    .in_file(display(entry.path(), root))
                    .help("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if relative.ends_with(".md") {
            if let Some(too_long) = page_name_too_long(&relative) {
                diagnostics.push(too_long.in_file(display(entry.path(), root)));
                continue;
            }
            add_section_chain(&mut found.sections, &relative);
            found.markdown.push(relative);
        } else {
            found.assets.push(relative);
        }
    }
    for (link, target) in leaving.into_inner() {
        diagnostics.push(
            Diagnostic::warning(format!(
                "skipped: a symbolic link to {}, outside {}",
                target.display(),
                inside.display()
            ))
            .code("symlink-outside")
            .in_file(display(&link, root))
            .help("copy what it points to into the repository, or point the link inside it (a link that leaves it could publish any file of the machine that builds)"),
        );
    }
    (found, diagnostics)
}

/// The folder symbolic links must stay in: the git repository holding `root` (the nearest
/// folder at or above it with a `.git`), else `root` itself; resolved, as link targets are.
fn link_boundary(root: &Path) -> PathBuf {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map_or_else(|| root.clone(), Path::to_path_buf)
}

/// Where `entry` leads when it is a symbolic link to a place outside `inside` (a link that
/// cannot be resolved is left to the walk, which reports it).
fn leads_out(entry: &walkdir::DirEntry, inside: &Path) -> Option<PathBuf> {
    if !entry.path_is_symlink() {
        return None;
    }
    let target = std::fs::canonicalize(entry.path()).ok()?;
    (!target.starts_with(inside)).then_some(target)
}

/// The most bytes a file name can have (`NAME_MAX` on Linux, macOS and the BSDs; Windows
/// counts 255 UTF-16 units, which is at least as many).
const NAME_MAX: usize = 255;

/// An error when the page of the Markdown file `relative` would have a longer name than a
/// file may have: its name grows by two bytes, `.md` to `.html`, so a source name of 254 or
/// 255 bytes could never be written.
fn page_name_too_long(relative: &str) -> Option<Diagnostic> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let page = crate::model::urls::document_output(name);
    (page.len() > NAME_MAX).then(|| {
        Diagnostic::error(format!(
            "the page of this file would be named with {} bytes, more than the {NAME_MAX} a file name can have",
            page.len()
        ))
        .code("name-too-long")
        .help(format!(
            "rename it to at most {} bytes: its page's name is two bytes longer (`.md` becomes `.html`)",
            NAME_MAX - 2
        ))
    })
}

/// Hidden files and folders, and the files editors leave while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.contains("___jb_")
}

fn add_section_chain(sections: &mut BTreeSet<String>, file: &str) {
    let mut dir = crate::model::urls::parent_dir(file);
    while !dir.is_empty() && sections.insert(dir.to_string()) {
        dir = crate::model::urls::parent_dir(dir);
    }
}

fn relative_path(path: &Path, base: &Path) -> Option<String> {
    let relative = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

fn display(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// What went wrong walking into an entry, and how to fix it.
fn walk_problem(error: &walkdir::Error) -> (String, &'static str) {
    if let Some(ancestor) = error.loop_ancestor() {
        return (
            format!("symbolic link loop back to {}", ancestor.display()),
            "remove the symbolic link, or point it somewhere that does not contain it",
        );
    }
    let Some(io) = error.io_error() else {
        return (error.to_string(), "check the file, then build again");
    };
    match io.kind() {
        std::io::ErrorKind::NotFound => (
            "a symbolic link to something that does not exist".to_string(),
            "remove the link, or restore the file or folder it points to",
        ),
        std::io::ErrorKind::PermissionDenied => (
            "permission denied".to_string(),
            "let the user who builds read the file or folder (chmod), or move it out of content/",
        ),
        _ => (io.to_string(), "check the file, then build again"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".hidden.md",
            "notes.md~",
            "#draft.md#",
            ".x.md.swp",
            "4913",
            "a.md___jb_tmp___",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("policy.md"));
    }
}
