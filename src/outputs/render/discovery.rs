//! Feeds and discovery: Atom feeds of recent changes and of decisions, `sitemap.xml` when
//! `base_url` is set (redirect pages are [`super::redirects`]).

use pulldown_cmark_escape::escape_html;
use std::fmt::Write as _;

use crate::model::site::Site;
use crate::model::urls;

/// Where the feeds are written.
pub const CHANGES_FEED: &str = "feeds/changes.xml";
pub const DECISIONS_FEED: &str = "feeds/decisions.xml";
/// The Atom feed of the "What's new" digest.
pub const WHATS_NEW_FEED: &str = "feeds/whats-new.xml";
pub const SITEMAP: &str = "sitemap.xml";
/// The names these files take; content must not use them.
pub const RESERVED: &[&str] = &[
    "feeds",
    SITEMAP,
    super::calendar::REVIEWS_CALENDAR,
    super::radar_json::RADAR_JSON,
    super::radar_csv::RADAR_CSV,
    super::pages_api::PAGES_JSON,
    crate::stages::history::shown::FOLDER,
];

/// How many entries a feed carries.
const FEED_LENGTH: usize = 30;

/// A file to write: output path and contents.
pub struct Generated {
    pub path: String,
    pub text: String,
}

/// The two Atom feeds, written as of `today` (the date of the newest entry, else today).
pub fn feeds(site: &Site, today: &str) -> Vec<Generated> {
    let changed = newest(
        site,
        |d| {
            let meta = &site.documents[d].meta;
            meta.updated.clone().or_else(|| meta.date.clone())
        },
        None,
    );
    let decided = newest(
        site,
        |d| {
            let meta = &site.documents[d].meta;
            meta.fields
                .get("decided")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .or_else(|| meta.date.clone())
        },
        Some("decision"),
    );
    vec![
        Generated {
            path: CHANGES_FEED.into(),
            text: atom(
                site,
                FeedSpec {
                    path: CHANGES_FEED,
                    title: "Recent changes",
                    today,
                    entries: &changed,
                },
            ),
        },
        Generated {
            path: DECISIONS_FEED.into(),
            text: atom(
                site,
                FeedSpec {
                    path: DECISIONS_FEED,
                    title: "Decisions",
                    today,
                    entries: &decided,
                },
            ),
        },
    ]
}

/// Documents (of `kind`, if given) with a date, newest first.
fn newest(
    site: &Site,
    date: impl Fn(usize) -> Option<String>,
    kind: Option<&str>,
) -> Vec<FeedEntry> {
    let mut dated: Vec<(String, usize)> = (0..site.documents.len())
        .filter(|d| kind.is_none() || site.documents[*d].meta.kind.as_deref() == kind)
        .filter_map(|d| date(d).map(|when| (when, d)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.truncate(FEED_LENGTH);
    dated
        .iter()
        .map(|(date, d)| FeedEntry::document(site, *d, date))
        .collect()
}

/// One entry of a feed; `id` and `link` are root-relative URLs.
pub struct FeedEntry {
    pub title: String,
    pub id: String,
    pub link: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub author: String,
    pub summary: Option<String>,
    pub category: Option<String>,
}

impl FeedEntry {
    /// Document `d` as an entry dated `date`.
    fn document(site: &Site, d: usize, date: &str) -> FeedEntry {
        let document = &site.documents[d];
        let meta = &document.meta;
        let author = meta.authors.first().or(meta.owner.as_ref());
        FeedEntry {
            title: document.title.clone(),
            id: document.url.clone(),
            link: document.url.clone(),
            date: date.to_string(),
            author: author.map_or("unknown", String::as_str).to_string(),
            summary: meta.summary.clone(),
            category: meta.status.clone(),
        }
    }
}

pub struct FeedSpec<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub today: &'a str,
    pub entries: &'a [FeedEntry],
}

/// An Atom feed of `spec`'s entries.
pub fn atom(site: &Site, spec: FeedSpec) -> String {
    let base = site
        .config
        .base_url
        .as_deref()
        .map(|b| b.trim_end_matches('/'));
    // Absolute addresses when the site's address is known; else relative to the feed.
    let href = |url: &str| match base {
        Some(base) => format!("{base}/{url}"),
        None => urls::relative(spec.path, url),
    };
    let id = |url: &str| match base.filter(|base| crate::model::config::is_web_address(base)) {
        Some(base) => format!("{base}/{url}"),
        None => format!(
            "urn:northstar:{}:{url}",
            crate::model::slug::github_slug(&site.config.title)
        ),
    };
    let updated = spec
        .entries
        .first()
        .map_or(spec.today, |entry| entry.date.as_str());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(
        xml,
        "  <title>{} — {}</title>",
        text(&site.config.title),
        text(spec.title)
    );
    let _ = writeln!(xml, "  <id>{}</id>", text(&id(spec.path)));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        text(&href(spec.path))
    );
    let _ = writeln!(xml, "  <link href=\"{}\"/>", text(&href("index.html")));
    let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(xml, "  <generator>{}</generator>", super::GENERATOR);
    for entry in spec.entries {
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", text(&entry.title));
        let _ = writeln!(xml, "    <id>{}</id>", text(&id(&entry.id)));
        let _ = writeln!(xml, "    <link href=\"{}\"/>", text(&href(&entry.link)));
        let _ = writeln!(xml, "    <updated>{}</updated>", timestamp(&entry.date));
        let _ = writeln!(
            xml,
            "    <author><name>{}</name></author>",
            text(&entry.author)
        );
        if let Some(summary) = &entry.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", text(summary));
        }
        if let Some(category) = &entry.category {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", text(category));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml`: every page at its absolute address, when `base_url` is set.
pub fn sitemap(site: &Site, generated: &[&str]) -> Option<Generated> {
    let base = site.config.base_url.as_deref()?.trim_end_matches('/');
    // A sitemap lists absolute addresses: a `base_url` that is only a path gives none.
    if !crate::model::config::is_web_address(base) {
        return None;
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in site.pages() {
        let meta = site.meta(page);
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            text(&format!("{base}/{}", site.url(page)))
        );
        if let Some(date) = meta.updated.as_ref().or(meta.date.as_ref()) {
            let _ = write!(xml, "<lastmod>{}</lastmod>", text(date));
        }
        xml.push_str("</url>\n");
    }
    for url in generated {
        let _ = writeln!(
            xml,
            "  <url><loc>{}</loc></url>",
            text(&format!("{base}/{url}"))
        );
    }
    xml.push_str("</urlset>\n");
    Some(Generated {
        path: SITEMAP.into(),
        text: xml,
    })
}

fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let _ = escape_html(&mut escaped, value);
    escaped
}

/// An Atom date-time for a `YYYY-MM-DD` date.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}
