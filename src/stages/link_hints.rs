//! Where a broken link probably meant to go: the documents nearest a missing path (the same
//! file name elsewhere first, then the closest paths) and the anchors nearest a missing
//! `#fragment`, written as the writer would write the link.

use std::collections::HashSet;

use crate::model::site::Site;
use crate::model::urls;

/// How many suggestions a hint gives at most.
const MOST: usize = 3;

/// The help of a link from content path `from` to the missing content path `missing`.
pub fn missing_file(site: &Site, from: &str, missing: &str) -> String {
    let near = nearest_documents(site, missing);
    if near.is_empty() {
        return format!(
            "check the path: links are relative to this file's folder, e.g. `{}`",
            example(site, from)
        );
    }
    let written: Vec<String> = near
        .iter()
        .map(|path| format!("`{}`", urls::relative(from, &urls::encode_path(path))))
        .collect();
    format!(
        "did you mean {}? Links are relative to this file's folder",
        written.join(" or ")
    )
}

/// The source paths nearest `missing`: those with its file name, then those whose path is
/// closest (and close enough to be a likely slip).
fn nearest_documents<'a>(site: &'a Site, missing: &str) -> Vec<&'a str> {
    let wanted = if missing.ends_with(".md") || missing.contains('.') {
        missing.to_string()
    } else {
        format!("{}.md", missing.trim_end_matches('/'))
    };
    let name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let wanted_name = name(&wanted);
    let mut sources: Vec<&str> = site.by_source.keys().map(String::as_str).collect();
    sources.sort_unstable();
    let same_name: Vec<&str> = sources
        .iter()
        .copied()
        .filter(|source| name(source) == wanted_name)
        .take(MOST)
        .collect();
    if !same_name.is_empty() {
        return same_name;
    }
    let mut scored: Vec<(usize, &str)> = sources
        .iter()
        .map(|source| (strsim::levenshtein(&wanted, source), *source))
        .filter(|(distance, source)| {
            *distance <= 3.max(wanted.len().min(source.len()) / 3)
                || strsim::levenshtein(&wanted_name, &name(source)) <= 2.max(wanted_name.len() / 4)
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(MOST).map(|(_, s)| s).collect()
}

/// A link from `from` to a document of the handbook in another folder, as an example.
fn example(site: &Site, from: &str) -> String {
    let folder = urls::parent_dir(from);
    let mut sources: Vec<&str> = site.by_source.keys().map(String::as_str).collect();
    sources.sort_unstable();
    let other = sources
        .iter()
        .find(|s| urls::parent_dir(s) != folder && s.contains('/'))
        .or(sources.first());
    match other {
        Some(target) => urls::relative(from, &urls::encode_path(target)),
        None => "other-page.md".to_string(),
    }
}

/// The help of a `#fragment` that a page with these anchor `ids` lacks.
pub fn missing_anchor(ids: Option<&HashSet<String>>, fragment: &str) -> String {
    let wanted = fragment.to_lowercase();
    let mut scored: Vec<(bool, usize, &str)> = ids
        .into_iter()
        .flatten()
        .map(|id| {
            let lower = id.to_lowercase();
            let related = lower.contains(&wanted) || wanted.contains(&lower);
            (!related, strsim::levenshtein(&wanted, &lower), id.as_str())
        })
        .filter(|(unrelated, distance, _)| !unrelated || *distance <= 3.max(wanted.len() / 2))
        .collect();
    // Lower-case ids first, so that of an anchor and its case-kept alias the anchor is shown.
    scored.sort_unstable_by_key(|(unrelated, distance, id)| {
        (
            *unrelated,
            *distance,
            id.chars().any(char::is_uppercase),
            *id,
        )
    });
    let mut seen = HashSet::new();
    scored.retain(|(_, _, id)| seen.insert(id.to_lowercase()));
    let near: Vec<String> = scored
        .into_iter()
        .take(MOST)
        .map(|(_, _, id)| format!("`#{id}`"))
        .collect();
    if near.is_empty() {
        "link to an existing heading: its anchor is the heading text in lower case, with spaces as `-` and punctuation removed".into()
    } else {
        format!("the nearest anchors on that page are {}", near.join(", "))
    }
}
