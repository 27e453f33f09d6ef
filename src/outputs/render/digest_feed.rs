//! The Atom feed of the "What's new" digest: one entry per document and kind of change,
//! newest first, linking to the change's diff page.

use super::discovery::{atom, FeedEntry, FeedSpec, Generated, WHATS_NEW_FEED};
use crate::model::site::Site;
use crate::stages::views::digest::Digest;

/// `feeds/whats-new.xml`, as of `today` (the date of the newest entry, else today).
pub fn whats_new_feed(site: &Site, digest: &Digest, today: &str) -> Generated {
    let mut entries: Vec<FeedEntry> = digest
        .groups
        .iter()
        .flat_map(|group| {
            group.entries.iter().map(move |entry| {
                let fields: Vec<String> = entry
                    .fields
                    .iter()
                    .map(|f| {
                        let none = "(none)";
                        let from = f.from.as_deref().unwrap_or(none);
                        let to = f.to.as_deref().unwrap_or(none);
                        format!("{} {from} → {to}", f.name)
                    })
                    .collect();
                let summary = match fields.is_empty() {
                    true => entry.subject.clone(),
                    false => format!("{} ({})", fields.join("; "), entry.subject),
                };
                FeedEntry {
                    title: format!("{}: {}", group.title, entry.title),
                    id: format!("{}#{}", entry.diff_url, group.key),
                    link: entry.diff_url.clone(),
                    date: entry.date.clone(),
                    author: entry.author.clone(),
                    summary: Some(summary),
                    category: Some(group.key.to_string()),
                }
            })
        })
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
    let title = format!("What's new {}", digest.label);
    let spec = FeedSpec {
        path: WHATS_NEW_FEED,
        title: &title,
        today,
        entries: &entries,
    };
    Generated {
        path: WHATS_NEW_FEED.into(),
        text: atom(site, spec),
    }
}
