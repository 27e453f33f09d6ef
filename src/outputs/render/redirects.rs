//! Redirect pages: one at each old address of a document (`aliases`, `redirect_from`, …),
//! and a document with `redirect_to:` published as a redirect to that address or document.
//! [`page`] is the one copy of a redirect page's markup.

use std::collections::HashSet;
use std::path::PathBuf;

use pulldown_cmark_escape::escape_html;

use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;
use crate::model::site::{PageId, Site};
use crate::model::urls;
use crate::stages::links::{self, PendingFragment, Target};

use super::discovery::Generated;

/// The front-matter fields that give a document's old addresses, for diagnostics' lines.
const ALIAS_FIELDS: &[&str] = &["aliases", "redirect_from", "slug", "url"];

/// A page that sends the reader on to `target` (an href, not escaped) at once.
pub fn page(title: &str, target: &str) -> String {
    let title = text(title);
    let target = text(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<link rel=\"canonical\" href=\"{target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

/// The sections whose page is only a generated listing (the folder has no index file) and
/// whose address a document's alias takes: the alias's redirect is written there instead
/// (the folder's documents are still listed in the sidebar and the contents).
pub fn listings_given_up(site: &Site) -> HashSet<usize> {
    let mut given_up = HashSet::new();
    for document in &site.documents {
        for alias in &document.meta.aliases {
            let Ok(path) = alias_path(alias) else {
                continue;
            };
            let Some(dir) = path.strip_suffix("/index.html") else {
                continue;
            };
            if let Some(&section) = site.by_dir.get(dir) {
                if site.sections[section].source.is_none() {
                    given_up.insert(section);
                }
            }
        }
    }
    given_up
}

/// A small page at each alias of each document that sends the reader to the document. An
/// alias that climbs out of the site or that an existing file already uses is an error;
/// `taken` says which paths are (a folder's generated listing is not: see
/// [`listings_given_up`]).
pub fn aliases(
    site: &Site,
    taken: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) -> Vec<Generated> {
    let mut pages: Vec<Generated> = Vec::new();
    let hidden: HashSet<&str> = site
        .left_out
        .all()
        .map(|page| page.output.as_str())
        .collect();
    for document in &site.documents {
        for alias in &document.meta.aliases {
            let file = PathBuf::from("content").join(&document.source);
            let line = line_of(&document.meta, ALIAS_FIELDS);
            let path = match alias_path(alias) {
                Ok(path) => path,
                Err(why) => {
                    out.push(
                        Diagnostic::error(format!("alias `{}` {why}", alias.escape_debug()))
                            .code("alias")
                            .at(&file, line, 1)
                            .help("write the old address relative to the site root, e.g. `policies/old-name.html` or `old/folder/`"),
                    );
                    continue;
                }
            };
            if hidden.contains(path.as_str())
                || site.left_out.level_of(urls::parent_dir(&path)).is_some()
            {
                out.push(
                    Diagnostic::error(format!(
                        "alias `{alias}` takes the address of a page this build's audience does not see"
                    ))
                    .code("alias")
                    .at(&file, line, 1)
                    .help("remove the alias, or give it an address of its own"),
                );
                continue;
            }
            let used = |place: &str| taken(place) || pages.iter().any(|p| p.path == place);
            let mut folders = path.match_indices('/').map(|(at, _)| &path[..at]);
            if used(&path) || folders.any(used) {
                out.push(
                    Diagnostic::error(format!(
                        "alias `{alias}` would be written at {path}, where the site already has a page or file"
                    ))
                    .code("alias")
                    .at(&file, line, 1)
                    .help("remove the alias, or give it an address no page or file uses"),
                );
                continue;
            }
            let target = urls::relative(&urls::encode_path(&path), &document.url);
            let text = page(&document.title, &target);
            pages.push(Generated { path, text });
        }
    }
    pages
}

/// What a `redirect_to:` document leaves for the checks: the diagnostics of its target and
/// the `#fragment` to check once every page is rendered.
#[derive(Default)]
pub struct RedirectFound {
    pub diagnostics: Vec<Diagnostic>,
    pub pending: Vec<PendingFragment>,
}

/// The redirect page of document `d`, whose `redirect_to:` is `dest`: a web address is
/// followed as written; anything else is resolved like a link of the document (relative to
/// its file, or from content/ when it starts with `/`) and checked.
pub fn redirect_to(site: &Site, d: usize, dest: &str, found: &mut RedirectFound) -> String {
    let document = &site.documents[d];
    let file = PathBuf::from("content").join(&document.source);
    let line = line_of(&document.meta, &["redirect_to"]);
    let dest = dest.trim();
    let fragment_written = dest.split_once('#').map(|(_, f)| f);
    let href = match links::resolve(site, &document.source, dest) {
        Ok(resolved) => match resolved.target {
            Target::External if is_web_address(dest) => dest.to_string(),
            Target::External => {
                found.diagnostics.push(
                    Diagnostic::error(format!("`redirect_to: {dest}` is not a web address or a document"))
                        .code("redirect")
                        .at(&file, line, 1)
                        .help("write an https:// address, or the path of a document relative to this file (e.g. `../policies/retention.md`)"),
                );
                return page(&document.title, "./");
            }
            Target::Page {
                page: target,
                fragment,
            } => {
                let mut href = urls::relative(&document.url, site.url(target));
                if let (Some(fragment), Some(written)) = (fragment, fragment_written) {
                    href.push('#');
                    href.push_str(written);
                    found.pending.push(PendingFragment {
                        target,
                        fragment,
                        dest: dest.to_string(),
                        file: file.clone(),
                        line,
                        column: 1,
                    });
                }
                href
            }
            Target::Asset { path, .. } => urls::relative(&document.url, &urls::encode_path(&path)),
        },
        Err(_) => {
            found.diagnostics.push(
                Diagnostic::with_severity(
                    site.config.links.broken.severity(),
                    format!("`redirect_to: {dest}` names no page or file of the handbook"),
                )
                .code("broken-link")
                .at(&file, line, 1)
                .help("write the path of a document relative to this file (e.g. `../policies/retention.md`), or an https:// address"),
            );
            dest.to_string()
        }
    };
    page(&document.title, &href)
}

/// Whether `dest` is an address a redirect may send a reader to: `http(s)://` or `//host`.
fn is_web_address(dest: &str) -> bool {
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || dest.starts_with("//")
}

/// The line of the first of `fields` the document wrote, else its front matter's.
fn line_of(meta: &Meta, fields: &[&str]) -> usize {
    fields
        .iter()
        .find_map(|field| meta.field_lines.get(*field))
        .copied()
        .unwrap_or(meta.header_line)
}

/// Whether page `id` is a document published as a redirect.
pub fn is_redirect(site: &Site, id: PageId) -> Option<(usize, &str)> {
    match id {
        PageId::Document(d) => site.documents[d]
            .meta
            .redirect_to
            .as_deref()
            .map(|dest| (d, dest)),
        PageId::Section(_) => None,
    }
}

/// The longest name of one file or folder most file systems take, in bytes.
const MAX_NAME: usize = 255;

/// The output file an alias names: `/old/x.html` → `old/x.html`, `old/` or `old` →
/// `old/index.html`, `old/x.md` → `old/x.html`; why not, when it leaves the site or no
/// file system would take the name.
fn alias_path(alias: &str) -> Result<String, &'static str> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty()
        || trimmed.split('/').any(|part| part == ".." || part == ".")
        || alias.contains("://")
    {
        return Err("is not a path inside the site");
    }
    if trimmed.contains(|c: char| c.is_control() || c == '\\') {
        return Err("holds a control character or a backslash, which no address has");
    }
    if trimmed.split('/').any(|part| part.starts_with('.')) {
        return Err(
            "names a hidden file or folder (starting with `.`), which web servers do not serve",
        );
    }
    let path = if let Some(stem) = trimmed.strip_suffix(".md") {
        format!("{stem}.html")
    } else if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    };
    if path.split('/').any(|part| part.len() > MAX_NAME) {
        return Err("has a part longer than a file name can be (255 bytes)");
    }
    Ok(path)
}

fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let _ = escape_html(&mut escaped, value);
    escaped
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn aliases_name_output_files() {
        assert_eq!(alias_path("/old/x.html").unwrap(), "old/x.html");
        assert_eq!(alias_path("old/").unwrap(), "old/index.html");
        assert_eq!(alias_path("old/x.md").unwrap(), "old/x.html");
        assert!(alias_path("../x.html").is_err() && alias_path("/").is_err());
        for bad in [
            "x\0y.html",
            "a\\b.html",
            "a/\n.html",
            ".git/config",
            &"l".repeat(256),
        ] {
            assert!(alias_path(bad).is_err(), "{bad:?}");
        }
    }
}
