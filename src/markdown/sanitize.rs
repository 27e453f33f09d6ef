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

/// `html` with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(EXTRA_TAGS)
        .add_generic_attributes(GENERIC)
        .tag_attributes(tag_attributes())
        // Links are left as written: relative ones are the handbook's own.
        .link_rel(None)
        .attribute_filter(allowed_value);
    builder.clean(html).to_string()
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
}
