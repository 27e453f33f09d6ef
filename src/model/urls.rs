//! Output URLs: where a source file lands in the built site, and relative links between pages.
//!
//! The output mirrors `content/`: `policies/retention.md` becomes `policies/retention.html`,
//! a section's index file becomes `index.html` in its folder, and other files keep their
//! name. URLs are root-relative strings, percent-encoded, always ending in a file name so the
//! site works from disk (file://) as well as under any base path.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Characters that must be encoded inside one path segment of a URL. `:` is among them so
/// that no file or folder name can make a relative URL read as one with a scheme
/// (`javascript:alert(1).html` becomes `javascript%3Aalert(1).html`, which a server or the
/// file system decodes back to the file's name).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b':')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// The output file (relative, `/`-separated, not encoded) of a document's source path.
pub fn document_output(source: &str) -> String {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    format!("{stem}.html")
}

/// The output file of a section folder (`""` is the root).
pub fn section_output(dir: &str) -> String {
    if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    }
}

/// Percent-encodes a `/`-separated output path into a URL.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder part of a root-relative path (`a/b/c.html` → `a/b`).
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `../` repeated once per folder of `page` (a root-relative output path).
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The shortest relative URL from the page at `from` to the root-relative URL `to`: `../`
/// for each folder of `from` past the folders both share, then the rest of `to`.
pub fn relative(from: &str, to: &str) -> String {
    let (to_dir, to_file) = match to.rfind('/') {
        Some(at) => (Some(&to[..at]), &to[at + 1..]),
        None => (None, to),
    };
    let mut from_dirs = parent_dir(from).split('/').filter(|s| !s.is_empty());
    let mut to_dirs = to_dir.into_iter().flat_map(|dir| dir.split('/'));
    let (ups, first_apart) = loop {
        match (from_dirs.next(), to_dirs.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (from_dir, to_dir) => {
                break (usize::from(from_dir.is_some()) + from_dirs.count(), to_dir)
            }
        }
    };
    let mut out = String::with_capacity(3 * ups + to.len());
    for _ in 0..ups {
        out.push_str("../");
    }
    for dir in first_apart.into_iter().chain(to_dirs) {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(to_file);
    out
}

/// Resolves `link` (already percent-decoded, `/`-separated) against the folder `base`
/// (root-relative). `None` when the link climbs above the root.
pub fn join(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../d.html");
        assert_eq!(relative("a/b/c.html", "x/y/z.html"), "../../x/y/z.html");
        assert_eq!(relative("a/b.html", "a/b/c/d.html"), "b/c/d.html");
        assert_eq!(relative("a/b/c.html", "a/b/e.html"), "e.html");
        assert_eq!(relative("index.html", "a/b/e.html"), "a/b/e.html");
        assert_eq!(relative("a/x.html", "index.html"), "../index.html");
    }

    /// The first way `relative` was written (lists of folders), which it must agree with on
    /// any pair of paths, odd ones included.
    fn relative_by_lists(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = parent_dir(from)
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let to_parts: Vec<&str> = to.split('/').collect();
        let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
        let common = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(from_dirs.len() - common);
        for dir in &to_dirs[common..] {
            out.push_str(dir);
            out.push('/');
        }
        out.push_str(to_file[0]);
        out
    }

    #[test]
    fn relative_agrees_with_the_lists_on_every_pair() {
        let paths = [
            "index.html",
            "a.html",
            "a/index.html",
            "a/b.html",
            "a/b/c.html",
            "a/b/index.html",
            "b/a.html",
            "a/c/d.html",
            "a//b.html",
            "/a.html",
            "a/",
            "",
            "x/y/z/w.html",
            "a/b/c/d/e.html",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_lists(from, to),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn joins_and_refuses_escape() {
        assert_eq!(join("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(join("a", "./d.md").as_deref(), Some("a/d.md"));
        assert_eq!(join("", "../d.md"), None);
    }

    #[test]
    fn encodes_segments() {
        assert_eq!(
            encode_path("org/on-call handbook.html"),
            "org/on-call%20handbook.html"
        );
        assert_eq!(encode_path("café.html"), "caf%C3%A9.html");
    }

    #[test]
    fn no_segment_reads_as_a_scheme() {
        for name in [
            "javascript:alert(1).html",
            "data:text/html,x.html",
            "a:b/c.html",
        ] {
            let url = encode_path(name);
            assert!(!url.contains(':'), "{url}");
        }
        assert_eq!(
            encode_path("javascript:alert(1).html"),
            "javascript%3Aalert(1).html"
        );
    }
}
