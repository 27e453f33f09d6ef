//! `markdown.raw_html: sanitize`: a rendered body that holds raw HTML goes through ammonia
//! with an allow-list suited to documents — what Markdown itself produces, plus tables,
//! details/summary, figures, images, ids and classes — and nothing that runs: no scripts,
//! no event handlers, no `javascript:` URLs, no inline styles, no forms or frames.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Elements a document may use beyond ammonia's defaults.
const EXTRA_TAGS: &[&str] = &["input", "section", "picture", "source"];
/// Attributes any element may carry.
const GENERIC: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
];

/// Attributes of particular elements.
fn tag_attributes() -> HashMap<&'static str, HashSet<&'static str>> {
    let attrs: &[(&str, &[&str])] = &[
        ("a", &["href", "name"]),
        ("img", &["src", "alt", "width", "height", "loading"]),
        ("source", &["srcset", "type", "media"]),
        ("ol", &["start", "reversed", "type"]),
        ("li", &["value"]),
        ("td", &["colspan", "rowspan", "style"]),
        ("th", &["colspan", "rowspan", "scope", "style"]),
        ("details", &["open"]),
        ("input", &["type", "checked", "disabled"]),
        ("time", &["datetime"]),
        ("abbr", &["title"]),
        // Highlighted code blocks name their language for the theme.
        ("pre", &["data-lang"]),
    ];
    attrs
        .iter()
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect()
}

/// How deep elements may nest before the sanitizer sees them. The HTML parser checks its
/// stack of open elements at every tag, so 100,000 nested `<div>`s took minutes; browsers
/// stop nesting at 512 anyway.
const MAX_NESTING: usize = 256;

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// `html` with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    let html = flatten_deep_nesting(html);
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(EXTRA_TAGS)
        .add_generic_attributes(GENERIC)
        .tag_attributes(tag_attributes())
        // Links are left as written: relative ones are the handbook's own.
        .link_rel(None)
        .attribute_filter(allowed_value);
    builder.clean(&html).to_string()
}

/// `html` with the tags of elements nested deeper than [`MAX_NESTING`] left out (their
/// content stays, one level up), in one pass. An end tag closes the innermost element only
/// when it names it, so stray end tags cannot hide depth; the count errs toward deeper.
fn flatten_deep_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let end = tag_end(bytes, start);
        at = end;
        let Some((name, closing)) = tag_name(&html[start..end]) else {
            continue;
        };
        let keep = if closing {
            match open.last() {
                Some((top, kept)) if top.eq_ignore_ascii_case(name) => {
                    let kept = *kept;
                    open.pop();
                    kept
                }
                _ => true,
            }
        } else if VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            true
        } else {
            let kept = open.len() < MAX_NESTING;
            open.push((name, kept));
            kept
        };
        if !keep {
            let text = out.get_or_insert_with(|| String::with_capacity(html.len()));
            text.push_str(&html[copied..start]);
            copied = end;
        }
    }
    match out {
        Some(mut text) => {
            text.push_str(&html[copied..]);
            Cow::Owned(text)
        }
        None => Cow::Borrowed(html),
    }
}

/// Where the tag starting at `start` ends (past its `>`, quoted values skipped), or the end.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i + 1,
            (None, b'<') => return i,
            _ => {}
        }
    }
    bytes.len()
}

/// The element name of a start or end tag, and whether it is an end tag; `None` for
/// comments, doctypes and text that only starts with `<`.
fn tag_name(tag: &str) -> Option<(&str, bool)> {
    let rest = tag.strip_prefix('<')?;
    let (rest, closing) = match rest.strip_prefix('/') {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let length = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        .count();
    let starts_with_letter = rest.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    (length > 0 && starts_with_letter).then(|| (&rest[..length], closing))
}

/// The value an allowed attribute keeps: tables keep only their column alignment (which
/// Markdown writes as a style), and an input can only be a task list's checkbox.
fn allowed_value<'a>(element: &str, attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    match (element, attribute) {
        (_, "style") => {
            let align = value.trim().trim_end_matches(';').trim();
            let allowed = [
                "text-align: left",
                "text-align: center",
                "text-align: right",
            ];
            allowed.contains(&align).then_some(Cow::Borrowed(value))
        }
        ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn keeps_documents_and_drops_what_runs() {
        let html = clean("<details open><summary>More</summary><p id=\"x\" class=\"c\" onclick=\"e()\" style=\"color:red\">t</p></details><script>alert(1)</script><a href=\"javascript:alert(1)\">j</a>");
        assert!(
            html.contains(
                "<details open=\"\"><summary>More</summary><p id=\"x\" class=\"c\">t</p></details>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("script") && !html.contains("onclick") && !html.contains("javascript"),
            "{html}"
        );
        let table = clean("<table><tr><td style=\"text-align: center\">a</td><td style=\"background:url(x)\">b</td></tr></table>");
        assert!(table.contains("style=\"text-align: center\""), "{table}");
        assert!(!table.contains("background"), "{table}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_shallow_html_is_untouched() {
        let shallow = "<div class=\"a>b\"><p>x<br></p></div></span>";
        assert_eq!(super::flatten_deep_nesting(shallow), shallow);
        let n = super::MAX_NESTING + 50;
        let deep = format!("{}text{}", "<div>".repeat(n), "</div>".repeat(n));
        let flat = super::flatten_deep_nesting(&deep);
        assert_eq!(flat.matches("<div>").count(), super::MAX_NESTING);
        assert_eq!(flat.matches("</div>").count(), super::MAX_NESTING);
        assert!(flat.contains("text"));
        // Stray end tags do not let the depth grow unseen.
        let stray = "<div></x>".repeat(n);
        assert_eq!(
            super::flatten_deep_nesting(&stray).matches("<div>").count(),
            super::MAX_NESTING
        );
        let cleaned = clean(&deep);
        assert!(
            cleaned.contains("text") && !cleaned.contains("&lt;div"),
            "{cleaned}"
        );
    }
}
