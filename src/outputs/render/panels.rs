//! `panels`: a document's metadata panel and its relations, drawn in Rust — the one copy of
//! their markup (as template code they were a twentieth of a build's instructions). Every
//! page's context has `panels = {meta, relations}`; `partials/meta.html` and
//! `partials/relations.html` print them, and a theme that wants other markup replaces those
//! partials with its own, drawn from `page` (the manual's Themes page lists its fields).

use serde_json::Value as Json;
use tera::value::{Key, Map};
use tera::Value;

use super::badges::BadgeHtml;
use super::escape;
use super::views::{Link, PageView, RefLink};
use crate::stages::govern::ReviewState;

/// What a relation says of a document this build's audience does not see.
const HIDDEN_ENTRY: &str =
    "<li class=\"relation-hidden\">a document not shown to this audience</li>";

/// Fields the panel leaves out: roadmaps' and strategies' structures, shown elsewhere.
const HIDDEN_FIELDS: [&str; 4] = ["include", "items", "lanes", "objectives"];

/// The `panels` context value of `page`: `{meta, relations}`, each HTML, with the theme's
/// badges from `badges`.
pub fn value(page: &PageView, root: &str, badges: &BadgeHtml) -> Value {
    let mut map = Map::new();
    map.insert(Key::Str("meta"), Value::safe_string(&meta(page, badges)));
    map.insert(
        Key::Str("relations"),
        Value::safe_string(&relations(page, root)),
    );
    Value::from(map)
}

/// Some text that the template would treat as true (set and not empty).
fn shown(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.is_empty())
}

/// The metadata panel: the fields that are set, as a definition list.
fn meta(page: &PageView, badges: &BadgeHtml) -> String {
    let kind = shown(page.kind).filter(|kind| *kind != "page");
    let any = kind.is_some()
        || shown(page.status).is_some()
        || shown(page.owner).is_some()
        || !page.authors.is_empty()
        || shown(page.date).is_some()
        || shown(page.updated).is_some()
        || page.review.is_some()
        || shown(page.review_by).is_some()
        || shown(page.classification).is_some()
        || !page.fields.is_empty()
        || !page.tags.is_empty();
    let mut out = String::new();
    if !any {
        return out;
    }
    out.push_str("\n<dl class=\"doc-meta\">");
    if let Some(kind) = kind {
        item_start(&mut out, "meta-item", "Type");
        out.push_str(badges.kind(kind, shown(page.kind_label)));
        item_end(&mut out);
    }
    if let Some(status) = shown(page.status) {
        item_start(&mut out, "meta-item", "Status");
        out.push_str(badges.status(status));
        item_end(&mut out);
    }
    text_item(&mut out, "Owner", page.owner);
    if !page.authors.is_empty() {
        let title = if page.authors.len() == 1 {
            "Author"
        } else {
            "Authors"
        };
        item_start(&mut out, "meta-item", title);
        escape(&mut out, &page.authors.join(", "));
        item_end(&mut out);
    }
    text_item(&mut out, "Date", page.date);
    text_item(&mut out, "Updated", page.updated);
    review(&mut out, page);
    if let Some(classification) = shown(page.classification) {
        item_start(&mut out, "meta-item", "Classification");
        out.push_str("<span class=\"badge badge-classification\">");
        if classification == classification.to_lowercase() {
            escape(&mut out, &capitalize(classification));
        } else {
            escape(&mut out, classification);
        }
        out.push_str("</span>");
        item_end(&mut out);
    }
    if !page.fields.is_empty() {
        fields(&mut out, page, badges);
        out.push('\n');
    }
    if !page.tags.is_empty() {
        out.push_str(
            "\n  <div class=\"meta-item meta-tags\">\n    <dt>Tags</dt>\n    <dd>\n      <ul class=\"tag-list\">",
        );
        for tag in page.tags {
            out.push_str("\n        <li class=\"tag\">");
            escape(&mut out, tag);
            out.push_str("</li>");
        }
        out.push_str("\n      </ul>\n    </dd>\n  </div>");
    }
    out.push_str("\n</dl>");
    out
}

/// The start of an item of the panel, up to its value (`title` is plain text).
fn item_start(out: &mut String, class: &str, title: &str) {
    out.push_str("\n  <div class=\"");
    out.push_str(class);
    out.push_str("\">\n    <dt>");
    out.push_str(title);
    out.push_str("</dt>\n    <dd>");
}

fn item_end(out: &mut String) {
    out.push_str("</dd>\n  </div>");
}

/// An item whose value is a text field, when it is set.
fn text_item(out: &mut String, title: &str, value: Option<&str>) {
    if let Some(value) = shown(value) {
        item_start(out, "meta-item", title);
        escape(out, value);
        item_end(out);
    }
}

/// The next review, or the `review_by` date when there is none.
fn review(out: &mut String, page: &PageView) {
    if let Some(review) = page.review {
        item_start(out, "meta-item meta-review", "Next review");
        match review.state {
            ReviewState::Overdue => {
                out.push_str("\n      <span class=\"review-by is-overdue\">");
                escape(out, &review.due);
                out.push_str(
                    "</span>\n      <span class=\"badge tone-critical review-overdue\">Overdue</span>",
                );
            }
            state => {
                out.push_str("\n      <span class=\"review-by\" data-review-by=\"");
                escape(out, &review.due);
                out.push_str("\">");
                escape(out, &review.due);
                out.push_str("</span>");
                if state == ReviewState::DueSoon {
                    out.push_str(
                        "\n      <span class=\"badge tone-caution review-due-soon\">Due soon</span>",
                    );
                }
            }
        }
        out.push_str("\n    </dd>\n  </div>");
    } else if let Some(date) = shown(page.review_by) {
        item_start(out, "meta-item", "Review by");
        out.push_str("<span class=\"review-by\" data-review-by=\"");
        escape(out, date);
        out.push_str("\">");
        escape(out, date);
        out.push_str("</span>");
        item_end(out);
    }
}

/// The kind's simple fields, by name.
fn fields(out: &mut String, page: &PageView, badges: &BadgeHtml) {
    let mut keys: Vec<&String> = page.fields.keys().collect();
    keys.sort();
    for key in keys {
        let linked = page
            .references
            .get(key.as_str())
            .is_some_and(|l| !l.is_empty());
        if HIDDEN_FIELDS.contains(&key.as_str()) || linked {
            continue;
        }
        let value = &page.fields[key];
        let Some(text) = field_text(value) else {
            continue;
        };
        out.push_str("\n  <div class=\"meta-item meta-field\" data-field=\"");
        escape(out, key);
        out.push_str("\">\n    <dt>");
        escape(out, &capitalize(&key.replace(['_', '-'], " ")));
        out.push_str("</dt>\n    <dd>");
        match value {
            Json::String(ring) if key == "ring" => out.push_str(badges.status(ring)),
            _ => escape(out, &text),
        }
        item_end(out);
    }
}

/// What the panel shows of a field: `None` for nothing (empty text, null, maps, lists
/// holding lists, maps or nulls).
fn field_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) if !text.is_empty() => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        Json::Bool(yes) => Some(if *yes { "Yes" } else { "No" }.to_string()),
        Json::Array(items) if !items.is_empty() => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                parts.push(match item {
                    Json::String(text) => text.clone(),
                    Json::Number(number) => number.to_string(),
                    Json::Bool(yes) => yes.to_string(),
                    _ => return None,
                });
            }
            Some(parts.join(", "))
        }
        _ => None,
    }
}

/// Tera's `capitalize`: the first character upper-cased, the rest lower-cased.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => first.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
    }
}

/// The relations: what the page supports, supersedes or is superseded by, its kind's
/// references, and the pages that support it or link to it.
fn relations(page: &PageView, root: &str) -> String {
    let mut out = String::new();
    let hides = |name: &str| page.hidden_relations.contains(&name);
    let any = !page.supports.is_empty()
        || !page.supersedes.is_empty()
        || !page.superseded_by.is_empty()
        || !page.references.is_empty()
        || !page.supported_by.is_empty()
        || !page.linked_from.is_empty()
        || !page.hidden_relations.is_empty();
    if !any {
        return out;
    }
    out.push_str(
        "\n<section class=\"doc-relations\" aria-label=\"Related documents\">\n  <dl class=\"relations\">",
    );
    if !page.supports.is_empty() || hides("supports") {
        relation_start(&mut out, "relation", "Supports");
        for link in &page.supports {
            out.push_str("\n        <li>");
            anchor(&mut out, root, link.url, link.objective, link.title);
            if let Some(objective) = shown(link.objective) {
                out.push_str(" <span class=\"relation-objective\">objective <code>");
                escape(&mut out, objective);
                out.push_str("</code></span>");
            }
            out.push_str("</li>");
        }
        hidden_line(&mut out, hides("supports"));
        out.push_str("\n      </ul></dd>\n    </div>");
    }
    link_list(
        &mut out,
        root,
        ("Supersedes", hides("supersedes")),
        &page.supersedes,
    );
    let superseded_by = ("Superseded by", hides("superseded_by"));
    link_list(&mut out, root, superseded_by, &page.superseded_by);
    if !page.supported_by.is_empty() || hides("supported_by") {
        relation_start(&mut out, "relation relation-backlinks", "Supported by");
        for link in &page.supported_by {
            out.push_str("\n        <li>");
            anchor(&mut out, root, link.url, None, link.title);
            if let Some(objective) = shown(link.objective) {
                out.push_str(" <span class=\"relation-objective\">for <a href=\"#");
                escape(&mut out, objective);
                out.push_str("\"><code>");
                escape(&mut out, objective);
                out.push_str("</code></a></span>");
            }
            out.push_str("</li>");
        }
        hidden_line(&mut out, hides("supported_by"));
        out.push_str("\n      </ul></dd>\n    </div>");
    }
    if !page.linked_from.is_empty() {
        relation_start(&mut out, "relation relation-backlinks", "Linked from");
        let links = page.linked_from.iter().map(|l| (l.url, l.title));
        links_inline(&mut out, root, links, false);
    }
    for (name, links) in &page.references {
        let title = capitalize(&name.replace('_', " "));
        relation_start(&mut out, "relation", &title);
        let listed = links.iter().map(|l: &RefLink| (l.url, l.title));
        links_inline(&mut out, root, listed, hides(name));
    }
    out.push_str("\n  </dl>\n</section>");
    out
}

/// The start of a relation, up to its list.
fn relation_start(out: &mut String, class: &str, title: &str) {
    out.push_str("\n    <div class=\"");
    out.push_str(class);
    out.push_str("\">\n      <dt>");
    escape(out, title);
    out.push_str("</dt>\n      <dd><ul>");
}

/// `<a href="{root}{url}[#objective]">{title}</a>`.
fn anchor(out: &mut String, root: &str, url: &str, objective: Option<&str>, title: &str) {
    out.push_str("<a href=\"");
    escape(out, root);
    escape(out, url);
    if let Some(objective) = shown(objective) {
        out.push('#');
        escape(out, objective);
    }
    out.push_str("\">");
    escape(out, title);
    out.push_str("</a>");
}

/// A relation whose links sit on one line (`<li>…</li><li>…</li>`), with the entry for a
/// document the audience does not see when `hidden`, then its end.
fn links_inline<'l>(
    out: &mut String,
    root: &str,
    links: impl Iterator<Item = (&'l str, &'l str)>,
    hidden: bool,
) {
    for (url, title) in links {
        out.push_str("<li>");
        anchor(out, root, url, None, title);
        out.push_str("</li>");
    }
    if hidden {
        out.push_str(HIDDEN_ENTRY);
    }
    out.push_str("</ul></dd>\n    </div>");
}

/// A relation of plain links (`title`, and whether it also reaches a hidden document).
fn link_list(out: &mut String, root: &str, (title, hidden): (&str, bool), links: &[Link]) {
    if !links.is_empty() || hidden {
        relation_start(out, "relation", title);
        links_inline(out, root, links.iter().map(|l| (l.url, l.title)), hidden);
    }
}

/// The entry of a relation listed one link per line for a document the audience does not
/// see, when there is one.
fn hidden_line(out: &mut String, hidden: bool) {
    if hidden {
        out.push_str("\n        ");
        out.push_str(HIDDEN_ENTRY);
    }
}
