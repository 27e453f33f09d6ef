//! Link resolution: maps a Markdown link as written in a source file to the page or file it
//! names, through the site's maps (never a scan), and records what must be checked later.

use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use crate::diagnostics::{line_col, Diagnostic, Severity};
use crate::markdown::LinkRewriter;
use crate::site::{PageId, Site};
use crate::urls;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site, a `mailto:` … left as written.
    External,
    /// A page of the handbook, with an optional `#fragment` (decoded).
    Page {
        page: PageId,
        fragment: Option<String>,
    },
    /// A copied file (image, PDF …), root-relative and not encoded.
    Asset {
        path: String,
        fragment: Option<String>,
    },
}

/// Why a link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing(String),
    Draft(String),
    OutsideContent,
    Absolute,
}

impl Problem {
    fn describe(&self, dest: &str) -> (String, String) {
        match self {
            Problem::Missing(path) => (
                format!("broken link `{dest}`: no file content/{path}"),
                "check the path: links are relative to this file's folder, e.g. `../policies/retention.md`".into(),
            ),
            Problem::Draft(path) => (
                format!("link `{dest}` points to a draft (content/{path}) that this build leaves out"),
                "build with --drafts, publish the target (remove `draft: true`) or remove the link".into(),
            ),
            Problem::OutsideContent => (
                format!("link `{dest}` points outside content/"),
                "move the file into content/ or link to it with a full https:// address".into(),
            ),
            Problem::Absolute => (
                format!("link `{dest}` starts with `/`"),
                "write a relative link (e.g. `../policies/retention.md`) so the handbook works under any base path and on a git forge".into(),
            ),
        }
    }
}

/// Resolves `dest`, written in the page built from the source file `from` (relative to `content/`).
pub fn resolve(site: &Site, from: &str, dest: &str) -> Result<Target, Problem> {
    if is_external(dest) {
        return Ok(Target::External);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment))),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    if path_part.is_empty() {
        let page = site
            .by_source
            .get(from)
            .copied()
            .ok_or(Problem::Missing(from.to_string()))?;
        return Ok(Target::Page { page, fragment });
    }
    if path_part.starts_with('/') {
        return Err(Problem::Absolute);
    }
    let decoded = decode(path_part);
    let joined = urls::join(urls::parent_dir(from), &decoded).ok_or(Problem::OutsideContent)?;
    if let Some(page) = site.by_source.get(&joined) {
        return Ok(Target::Page {
            page: *page,
            fragment,
        });
    }
    if let Some(section) = site.by_dir.get(joined.trim_end_matches('/')) {
        if path_part.ends_with('/') || !joined.ends_with(".md") {
            return Ok(Target::Page {
                page: PageId::Section(*section),
                fragment,
            });
        }
    }
    if site.assets.contains(&joined) {
        return Ok(Target::Asset {
            path: joined,
            fragment,
        });
    }
    if site.excluded_drafts.contains(&joined) {
        return Err(Problem::Draft(joined));
    }
    Err(Problem::Missing(joined))
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_end = dest.find(':');
    let path_start = dest.find(['/', '#', '?']).unwrap_or(dest.len());
    match scheme_end {
        Some(end) if end > 0 && end < path_start => {
            let scheme = &dest[..end];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A `#fragment` link to check once every page's ids are known.
#[derive(Debug, Clone)]
pub struct PendingFragment {
    pub target: PageId,
    pub fragment: String,
    pub dest: String,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// The [`LinkRewriter`] of one page: rewrites links to output URLs and collects problems.
pub struct PageLinks<'a> {
    site: &'a Site,
    /// Source of the page (relative to `content/`).
    from: &'a str,
    /// URL of the page (root-relative, encoded), which hrefs are relative to.
    from_url: &'a str,
    body: &'a str,
    body_line: usize,
    /// The file as shown in diagnostics.
    file: PathBuf,
    severity: Severity,
    pub diagnostics: Vec<Diagnostic>,
    pub pending: Vec<PendingFragment>,
}

/// Where a page's links are written, for [`PageLinks::new`].
pub struct LinkSource<'a> {
    pub from: &'a str,
    pub from_url: &'a str,
    pub body: &'a str,
    pub body_line: usize,
    pub file: PathBuf,
}

impl<'a> PageLinks<'a> {
    pub fn new(site: &'a Site, source: LinkSource<'a>) -> Self {
        PageLinks {
            site,
            from: source.from,
            from_url: source.from_url,
            body: source.body,
            body_line: source.body_line,
            file: source.file,
            severity: site.config.links.broken.severity(),
            diagnostics: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, column) = line_col(self.body, offset);
        (line + self.body_line - 1, column)
    }
}

impl LinkRewriter for PageLinks<'_> {
    fn rewrite(&mut self, dest: &str, offset: usize, _is_image: bool) -> Option<String> {
        let (line, column) = self.position(offset);
        match resolve(self.site, self.from, dest) {
            Ok(Target::External) => None,
            Ok(Target::Page { page, fragment }) => {
                let mut href = if self.site.source(page) == Some(self.from) && dest.starts_with('#')
                {
                    String::new()
                } else {
                    urls::relative(self.from_url, self.site.url(page))
                };
                if let Some(fragment) = fragment {
                    href.push('#');
                    href.push_str(dest.split_once('#').map_or("", |(_, f)| f));
                    self.pending.push(PendingFragment {
                        target: page,
                        fragment,
                        dest: dest.to_string(),
                        file: self.file.clone(),
                        line,
                        column,
                    });
                }
                Some(href)
            }
            Ok(Target::Asset { path, fragment }) => {
                let mut href = urls::relative(self.from_url, &urls::encode_path(&path));
                if fragment.is_some() {
                    href.push('#');
                    href.push_str(dest.split_once('#').map_or("", |(_, f)| f));
                }
                Some(href)
            }
            Err(problem) => {
                let (message, help) = problem.describe(dest);
                self.diagnostics.push(
                    Diagnostic::with_severity(self.severity, message)
                        .code("broken-link")
                        .at(&self.file, line, column)
                        .help(help),
                );
                None
            }
        }
    }
}

/// The diagnostic for a `#fragment` that names no id on its target page.
pub fn missing_fragment(site: &Site, pending: &PendingFragment) -> Diagnostic {
    let target = site.source(pending.target).unwrap_or("this page");
    Diagnostic::with_severity(
        site.config.links.broken.severity(),
        format!("broken link `{}`: content/{target} has no heading or anchor `#{}`", pending.dest, pending.fragment),
    )
    .code("broken-anchor")
    .at(&pending.file, pending.line, pending.column)
    .help("link to an existing heading: its anchor is the heading text in lower case, with spaces as `-` and punctuation removed")
}

#[cfg(test)]
mod tests {
    use super::is_external;

    #[test]
    fn recognises_external_links() {
        for dest in [
            "https://example.com",
            "mailto:a@b.c",
            "//cdn.example",
            "tel:+441234",
        ] {
            assert!(is_external(dest), "{dest}");
        }
        for dest in ["../a.md", "a.md#x:y", "#top", "notes/a:b.md"] {
            assert!(!is_external(dest), "{dest}");
        }
    }
}
