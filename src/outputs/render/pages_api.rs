//! `api/pages.json`: every document of the build with what a reminder bot needs (title,
//! link, kind, status, owner, next review and its state, last update), so a bot can nag
//! owners without parsing HTML. Only the documents of the build's audience are listed.

use serde::Serialize;

use super::discovery::Generated;
use super::feed_links;
use crate::model::site::Site;
use crate::stages::govern::ReviewState;

/// Where the list is written.
pub const PAGES_JSON: &str = "api/pages.json";

#[derive(Serialize)]
struct PagesFile<'a> {
    title: &'a str,
    /// The audience the site was built for.
    audience: &'a str,
    /// The day reviews were judged on, YYYY-MM-DD.
    generated: &'a str,
    pages: Vec<Page<'a>>,
}

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

/// `api/pages.json` for `site`, as of `today` (YYYY-MM-DD).
pub fn pages_json(site: &Site, today: &str) -> Generated {
    let mut pages: Vec<Page> = site
        .documents
        .iter()
        .map(|document| {
            let meta = &document.meta;
            Page {
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
            }
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(b.path));
    let file = PagesFile {
        title: &site.config.title,
        audience: site.config.audiences.audience(),
        generated: today,
        pages,
    };
    Generated {
        path: PAGES_JSON.into(),
        // Plain structs and strings: serialising them cannot fail.
        text: serde_json::to_string_pretty(&file).unwrap_or_default() + "\n",
    }
}
