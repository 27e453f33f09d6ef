//! Link resolution: maps a Markdown link as written in a source file to the page or file it
//! names, through the site's maps (never a scan), and records what must be checked later.

use std::path::PathBuf;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// What an id written into a link's `#fragment` encodes.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'%');

use crate::model::config::RawHtml;
use crate::model::diagnostics::{Diagnostic, Severity};
use crate::model::site::{PageId, Site};
use crate::model::urls;
use crate::stages::markdown::{LinkAction, LinkRewriter};

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
    /// A file of content/ withheld because it could run code in readers' browsers.
    Withheld(String),
    Draft(String),
    /// A page (or a file in a folder) above the audience of this build.
    Excluded(String),
    OutsideContent,
    /// A link from the site root (`/…`) that names nothing in content/; `elsewhere` is the
    /// page or file it names when its first folders are dropped (the old site was served
    /// under them): the path in content/, the prefix, and the link to write.
    Absolute {
        path: String,
        elsewhere: Option<(String, String, String)>,
    },
}

impl Problem {
    fn describe(&self, dest: &str) -> (String, String) {
        match self {
            Problem::Missing(path) => (
                format!("broken link `{dest}`: no file content/{path}"),
                "check the path: links are relative to this file's folder, e.g. `../policies/retention.md`".into(),
            ),
            Problem::Withheld(path) => (
                format!("link `{dest}` points to content/{path}, which is not published: it could run code in readers' browsers"),
                "link to a page of the handbook instead, or see the `active-file` warning for the file".into(),
            ),
            Problem::Draft(path) => (
                format!("link `{dest}` points to a draft (content/{path}) that this build leaves out"),
                "build with --drafts, publish the target (remove `draft: true`) or remove the link".into(),
            ),
            Problem::Excluded(_) => (
                format!("link `{dest}` points to a page this build's audience does not see"),
                "remove the link, link to a page of this audience, or lower the target's `classification`; \
                 the page shows the link text without the link".into(),
            ),
            Problem::OutsideContent => (
                format!("link `{dest}` points outside content/"),
                "move the file into content/ or link to it with a full https:// address".into(),
            ),
            Problem::Absolute { path, elsewhere: None } => (
                format!("broken link `{dest}`: nothing at content/{path} (a link that starts with `/` starts at content/)"),
                "write a relative link (e.g. `../policies/retention.md`) so the handbook works under any base path and on a git forge".into(),
            ),
            Problem::Absolute { path, elsewhere: Some((found, prefix, better)) } => (
                format!("broken link `{dest}`: nothing at content/{path} (a link that starts with `/` starts at content/)"),
                format!("content/{found} is there (the old site was served under `/{prefix}/`): write `{better}`"),
            ),
        }
    }
}

/// A resolved link, with advice when it was written in another tool's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub target: Target,
    /// The link as it should be written (`../policies/retention.md`), when it was written as
    /// an output path (`/policies/retention.html`, `retention/`) or from the root.
    pub better: Option<String>,
}

/// Resolves `dest`, written in the page built from the source file `from` (relative to `content/`).
pub fn resolve(site: &Site, from: &str, dest: &str) -> Result<Resolved, Problem> {
    let plain = |target| {
        Ok(Resolved {
            target,
            better: None,
        })
    };
    if is_external(dest) {
        return plain(Target::External);
    }
    let (path_part, mut fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment).into_owned())),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    if path_part.is_empty() {
        let page = site
            .by_source
            .get(from)
            .copied()
            .ok_or(Problem::Missing(from.to_string()))?;
        return plain(Target::Page { page, fragment });
    }
    let decoded = decode(path_part);
    let from_root = decoded.starts_with('/');
    let base = if from_root {
        ""
    } else {
        urls::parent_dir(from)
    };
    let joined =
        urls::join(base, decoded.trim_start_matches('/')).ok_or(Problem::OutsideContent)?;
    let trailing_slash = path_part.ends_with('/');
    if let Some(target) = exact(site, &joined, trailing_slash, &mut fragment) {
        if !from_root {
            return plain(target);
        }
        return Ok(Resolved {
            better: Some(written_form(site, from, &target, dest)),
            target,
        });
    }
    if let Some(target) = output_form(site, &joined, fragment) {
        return Ok(Resolved {
            better: Some(written_form(site, from, &target, dest)),
            target,
        });
    }
    if site.excluded_drafts.contains(&joined) {
        return Err(Problem::Draft(joined));
    }
    if site.withheld_files.contains(&joined) {
        return Err(Problem::Withheld(joined));
    }
    if is_left_out(site, &joined) {
        return Err(Problem::Excluded(joined));
    }
    if from_root {
        let elsewhere = under_base_path(site, from, &joined, dest);
        return Err(Problem::Absolute {
            path: joined,
            elsewhere,
        });
    }
    Err(Problem::Missing(joined))
}

/// The page or file a root-absolute link names once its first folders are dropped, as
/// (its path in content/, the folders dropped, the relative link to write instead).
fn under_base_path(
    site: &Site,
    from: &str,
    joined: &str,
    dest: &str,
) -> Option<(String, String, String)> {
    let trailing_slash = dest.split(['#', '?']).next().unwrap_or(dest).ends_with('/');
    joined.match_indices('/').find_map(|(at, _)| {
        let (prefix, rest) = (&joined[..at], &joined[at + 1..]);
        if rest.trim_end_matches('/').is_empty() {
            return None;
        }
        let target = exact(site, rest, trailing_slash, &mut None)
            .or_else(|| output_form(site, rest, None))?;
        let found = match &target {
            Target::Page { page, .. } => site.source(*page).map_or_else(
                || format!("{}/", rest.trim_end_matches('/')),
                str::to_string,
            ),
            Target::Asset { path, .. } => path.clone(),
            Target::External => return None,
        };
        let better = written_form(site, from, &target, dest);
        Some((found, prefix.to_string(), better))
    })
}

/// Whether `joined`, or the document another tool would publish there, is left out for this
/// audience.
fn is_left_out(site: &Site, joined: &str) -> bool {
    let left_out = &site.left_out;
    if left_out.is_empty() {
        return false;
    }
    let stem = joined
        .strip_suffix(".html")
        .or_else(|| joined.strip_suffix(".htm"))
        .unwrap_or(joined)
        .trim_end_matches('/');
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    left_out.contains(joined) || left_out.contains(&format!("{stem}.md")) || left_out.contains(stem)
}

/// The page, section or file at `joined`, named as a source path; the `fragment` is taken
/// into the target when there is one.
fn exact(
    site: &Site,
    joined: &str,
    trailing_slash: bool,
    fragment: &mut Option<String>,
) -> Option<Target> {
    if let Some(page) = site.by_source.get(joined) {
        return Some(Target::Page {
            page: *page,
            fragment: fragment.take(),
        });
    }
    if let Some(section) = site.by_dir.get(joined.trim_end_matches('/')) {
        if trailing_slash || !joined.ends_with(".md") {
            return Some(Target::Page {
                page: PageId::Section(*section),
                fragment: fragment.take(),
            });
        }
    }
    if site.assets.contains(joined) {
        return Some(Target::Asset {
            path: joined.to_string(),
            fragment: fragment.take(),
        });
    }
    None
}

/// The document another tool would have published at `joined`: `x.html`, `x/index.html`, or
/// an extension-less `x` for `x.md`.
fn output_form(site: &Site, joined: &str, fragment: Option<String>) -> Option<Target> {
    let stem = joined
        .strip_suffix(".html")
        .or_else(|| joined.strip_suffix(".htm"))
        .unwrap_or(joined);
    let stem = stem.trim_end_matches('/');
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    if let Some(page) = site.by_source.get(&format!("{stem}.md")) {
        return Some(Target::Page {
            page: *page,
            fragment,
        });
    }
    site.by_dir.get(stem).map(|s| Target::Page {
        page: PageId::Section(*s),
        fragment,
    })
}

/// How the link to `target` is best written in the source at `from`: a relative `.md` path.
fn written_form(site: &Site, from: &str, target: &Target, dest: &str) -> String {
    let source = match target {
        Target::Page { page, .. } => match site.source(*page) {
            Some(source) => source.to_string(),
            None => format!(
                "{}/",
                site.sections[match page {
                    PageId::Section(s) => *s,
                    PageId::Document(d) => site.documents[*d].section,
                }]
                .dir
            ),
        },
        Target::Asset { path, .. } => path.clone(),
        Target::External => return dest.to_string(),
    };
    let mut relative = urls::relative(from, &urls::encode_path(&source));
    if let Some((_, fragment)) = dest.split_once('#') {
        relative.push('#');
        relative.push_str(fragment);
    }
    relative
}

/// Whether a link's scheme runs code when followed (`javascript:`, `vbscript:`, a `data:`
/// URL other than an image), however it is written (case, spaces and control characters are
/// ignored, as browsers do).
fn runs_code(dest: &str) -> bool {
    let plain: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    plain.starts_with("javascript:")
        || plain.starts_with("vbscript:")
        || (plain.starts_with("data:") && !plain.starts_with("data:image/"))
}

/// The start of a long destination, for a message.
fn shorten(dest: &str) -> String {
    match dest.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &dest[..at]),
        None => dest.to_string(),
    }
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

fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    // Most links have nothing to decode: seen at once, without the decoder's byte-by-byte walk.
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    percent_decode_str(text).decode_utf8_lossy()
}

/// The real id of a heading that a `#fragment` link names by another generator's rule (see
/// [`crate::model::anchors`]), by (target page, fragment decoded).
pub type FragmentIds = std::collections::HashMap<(PageId, String), String>;

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
    /// URL of the page the links appear on (root-relative, encoded); hrefs are relative to it.
    from_url: &'a str,
    body: &'a str,
    body_line: usize,
    /// Byte offsets where the body's lines start, made on the first link that needs them.
    line_starts: Option<Vec<usize>>,
    /// The file as shown in diagnostics.
    file: PathBuf,
    severity: Severity,
    /// Fragments to write as the real id of the heading they name.
    fragment_ids: Option<&'a FragmentIds>,
    pub diagnostics: Vec<Diagnostic>,
    pub pending: Vec<PendingFragment>,
}

impl<'a> PageLinks<'a> {
    /// The links of the body of `page`, written into the page at `from_url` (its own URL, or
    /// another page's that shows the body, such as the board pack).
    pub fn new(site: &'a Site, page: PageId, from_url: &'a str) -> Self {
        let (body, body_line) = site.body(page);
        let from = site.source(page).unwrap_or("");
        PageLinks {
            site,
            from,
            from_url,
            body,
            body_line,
            line_starts: None,
            file: PathBuf::from("content").join(from),
            severity: site.config.links.broken.severity(),
            fragment_ids: None,
            diagnostics: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// These links, with each fragment of `ids` written as the real id of its heading.
    pub fn with_fragment_ids(mut self, ids: &'a FragmentIds) -> Self {
        self.fragment_ids = Some(ids);
        self
    }

    /// File line and column of a byte offset in the body, by binary search over the line
    /// starts (a scan from the top for every link would grow with body size × links).
    fn position(&mut self, offset: usize) -> (usize, usize) {
        let body = self.body;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let index = starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1);
        let start = starts[index];
        let column = body
            .get(start..offset.min(body.len()))
            .map_or(1, |text| text.chars().count() + 1);
        (index + self.body_line, column)
    }
}

impl LinkRewriter for PageLinks<'_> {
    fn rewrite(&mut self, dest: &str, offset: usize, _is_image: bool) -> LinkAction {
        // Where the link is written is only worked out for a diagnostic or a fragment to check.
        let resolved = match resolve(self.site, self.from, dest) {
            Ok(resolved) => resolved,
            Err(problem) => {
                let (line, column) = self.position(offset);
                let (message, mut help) = problem.describe(dest);
                if let Problem::Missing(missing) = &problem {
                    help = super::link_hints::missing_file(self.site, self.from, missing);
                }
                let excluded = matches!(problem, Problem::Excluded(_));
                let severity = if excluded {
                    self.site.config.audiences.dangling.severity()
                } else {
                    self.severity
                };
                self.diagnostics.push(
                    Diagnostic::with_severity(severity, message)
                        // Literal codes, as everywhere: tests/manual.rs collects them.
                        .code(if excluded {
                            "excluded-link"
                        } else {
                            "broken-link"
                        })
                        .at(&self.file, line, column)
                        .help(help),
                );
                return match problem {
                    Problem::Excluded(_) => LinkAction::Unlink,
                    _ => LinkAction::Keep,
                };
            }
        };
        if let Some(better) = &resolved.better {
            let (line, column) = self.position(offset);
            self.diagnostics.push(
                Diagnostic::warning(format!("link `{dest}` is written as a published path"))
                    .code("link-form")
                    .at(&self.file, line, column)
                    .help(format!("write `{better}`: a relative link to the source file works here and on a git forge")),
            );
        }
        match resolved.target {
            Target::External
                if runs_code(dest) && self.site.config.markdown.raw_html != RawHtml::Allow =>
            {
                let (line, column) = self.position(offset);
                self.diagnostics.push(
                    Diagnostic::warning(format!("link `{}` would run code in the reader's browser", shorten(dest)))
                        .code("unsafe-link")
                        .at(&self.file, line, column)
                        .help("link to a page or an https:// address; the page shows the link text without the link"),
                );
                LinkAction::Unlink
            }
            Target::External => LinkAction::Keep,
            Target::Page { page, fragment } => {
                let mut href = if self.site.source(page) == Some(self.from) && dest.starts_with('#')
                {
                    String::new()
                } else {
                    urls::relative(self.from_url, self.site.url(page))
                };
                if let Some(mut fragment) = fragment {
                    href.push('#');
                    let real = self
                        .fragment_ids
                        .and_then(|ids| ids.get(&(page, fragment.clone())));
                    match real {
                        Some(id) => {
                            href.extend(utf8_percent_encode(id, FRAGMENT));
                            fragment = id.clone();
                        }
                        None => href.push_str(dest.split_once('#').map_or("", |(_, f)| f)),
                    }
                    let (line, column) = self.position(offset);
                    self.pending.push(PendingFragment {
                        target: page,
                        fragment,
                        dest: dest.to_string(),
                        file: self.file.clone(),
                        line,
                        column,
                    });
                }
                LinkAction::To(href)
            }
            Target::Asset { path, fragment } => {
                let mut href = urls::relative(self.from_url, &urls::encode_path(&path));
                if fragment.is_some() {
                    href.push('#');
                    href.push_str(dest.split_once('#').map_or("", |(_, f)| f));
                }
                LinkAction::To(href)
            }
        }
    }
}

/// Whether a page with these ids has the anchor `fragment`. Like GitHub, case is ignored
/// (`#FAQ` finds `faq`); the theme's script scrolls to such an anchor in the browser.
pub fn has_anchor(ids: &std::collections::HashSet<String>, fragment: &str) -> bool {
    ids.contains(fragment) || ids.iter().any(|id| id.eq_ignore_ascii_case(fragment))
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
