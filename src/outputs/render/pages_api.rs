//! `api/pages.json`: every document of the build with what a reminder bot needs (title,
//! link, kind, status, owner, next review and its state, last update), so a bot can nag
//! owners without parsing HTML. Only the documents of the build's audience are listed.

use std::sync::Arc;

use serde::Serialize;

use super::discovery::Generated;
use super::feed_links;
use super::kept::KeptPieces;
use crate::model::site::Site;
use crate::stages::govern::ReviewState;

/// Where the list is written.
pub const PAGES_JSON: &str = "api/pages.json";

#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    url: String,
    /// The page's path from the site's root, the same in every build.
    path: &'a str,
    /// The Markdown file, from the handbook's folder.
    source: String,
    kind: Option<&'a str>,
    status: Option<&'a str>,
    owner: Option<&'a str>,
    review_due: Option<&'a str>,
    review_state: Option<ReviewState>,
    last_updated: Option<&'a str>,
}

/// `api/pages.json` for `site`, as of `today` (YYYY-MM-DD): `{"title", "audience" (the
/// audience the site was built for), "generated" (the day reviews were judged on), "pages":
/// [...]}`, indented by two spaces, the pages in the order of their paths. Each page's entry
/// comes from `kept` when its document did not change.
pub fn pages_json(site: &Site, today: &str, kept: &dyn KeptPieces) -> Generated {
    let mut order: Vec<usize> = (0..site.documents.len()).collect();
    order.sort_by(|a, b| site.documents[*a].url.cmp(&site.documents[*b].url));
    let entries: Vec<Arc<str>> = order
        .iter()
        .map(|d| kept.piece(PAGES_JSON, *d, &mut || entry(site, *d)))
        .collect();
    let size = entries.iter().map(|e| e.len() + 6).sum::<usize>() + 256;
    let mut text = String::with_capacity(size);
    let head = [
        ("title", site.config.title.as_str()),
        ("audience", site.config.audiences.audience()),
        ("generated", today),
    ];
    text.push_str("{\n");
    for (key, value) in head {
        text.push_str(&format!("  \"{key}\": {},\n", json_string(value)));
    }
    if entries.is_empty() {
        text.push_str("  \"pages\": []\n}\n");
    } else {
        text.push_str("  \"pages\": [\n    ");
        text.push_str(&entries.join(",\n    "));
        text.push_str("\n  ]\n}\n");
    }
    Generated {
        path: PAGES_JSON.into(),
        text,
    }
}

/// Document `d`'s entry, pretty-printed as it stands in the list (its lines after the first
/// indented by four spaces: a JSON string holds no line break, so only the layout's are).
fn entry(site: &Site, d: usize) -> String {
    let document = &site.documents[d];
    let meta = &document.meta;
    let page = Page {
        title: &document.title,
        url: feed_links::link(site, PAGES_JSON, &document.url),
        path: &document.url,
        source: format!("content/{}", document.source),
        kind: meta.kind.as_deref(),
        status: meta.status.as_deref(),
        owner: meta.owner.as_deref(),
        review_due: document.review.as_ref().map(|r| r.due.as_str()),
        review_state: document.review.as_ref().map(|r| r.state),
        // As the page itself shows it: the last commit, else `updated`.
        last_updated: site
            .git_dates
            .get(&document.source)
            .or(meta.updated.as_deref()),
    };
    // Plain structs and strings: serialising them cannot fail.
    serde_json::to_string_pretty(&page)
        .unwrap_or_default()
        .replace('\n', "\n    ")
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
