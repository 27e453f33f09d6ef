//! `list`: the documents that match filters on kind, status, owner, tag and review date.

use serde::Serialize;

use crate::model::site::Site;
use crate::util::text_table::aligned;

/// Filters; every one that is set must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    /// Reviews due within this many days (0: due today or overdue).
    pub review_due: Option<i64>,
}

/// One matching document.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Source path relative to `content/`.
    pub path: String,
    pub title: String,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    /// The next review's date, YYYY-MM-DD.
    pub review_due: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
}

/// The documents of `site` matching `filter`, by path (or, with a review filter, by due date).
pub fn query(site: &Site, filter: &Filter) -> Vec<Row> {
    let same = |wanted: &Option<String>, value: Option<&str>| match wanted {
        None => true,
        Some(wanted) => value.is_some_and(|v| v.eq_ignore_ascii_case(wanted)),
    };
    let mut matches: Vec<_> = site
        .documents
        .iter()
        .filter(|d| same(&filter.kind, d.meta.kind.as_deref()))
        .filter(|d| same(&filter.status, d.meta.status.as_deref()))
        .filter(|d| same(&filter.owner, d.meta.owner.as_deref()))
        .filter(|d| {
            filter
                .tag
                .as_ref()
                .is_none_or(|t| d.meta.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
        })
        .filter(|d| {
            filter
                .review_due
                .is_none_or(|days| d.review.as_ref().is_some_and(|r| r.days <= days))
        })
        .collect();
    if filter.review_due.is_some() {
        matches.sort_by_key(|d| (d.review.as_ref().map(|r| r.days), d.source.clone()));
    } else {
        matches.sort_by(|a, b| a.source.cmp(&b.source));
    }
    matches
        .into_iter()
        .map(|d| Row {
            path: d.source.clone(),
            title: d.title.clone(),
            kind: d.meta.kind.clone(),
            status: d.meta.status.clone(),
            owner: d.meta.owner.clone(),
            review_due: d.review.as_ref().map(|r| r.due.clone()),
            tags: d.meta.tags.clone(),
            draft: d.meta.draft,
        })
        .collect()
}

/// The rows as an aligned text table.
pub fn table(rows: &[Row]) -> String {
    let headers = ["PATH", "TITLE", "KIND", "STATUS", "OWNER", "REVIEW DUE"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            let title = if r.draft {
                format!("{} (draft)", r.title)
            } else {
                r.title.clone()
            };
            [
                r.path.clone(),
                title,
                text(&r.kind),
                text(&r.status),
                text(&r.owner),
                text(&r.review_due),
            ]
        })
        .collect();
    aligned(headers, &cells)
}

/// The rows as CSV for a spreadsheet: a header line, then one line per document; tags are
/// separated by `;`, `draft` is `true` or `false`.
pub fn csv(rows: &[Row]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record([
        "path",
        "title",
        "kind",
        "status",
        "owner",
        "review_due",
        "tags",
        "draft",
    ]);
    for r in rows {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let _ = writer.write_record([
            r.path.clone(),
            r.title.clone(),
            text(&r.kind),
            text(&r.status),
            text(&r.owner),
            text(&r.review_due),
            r.tags.join(";"),
            r.draft.to_string(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// What is wrong with a `--kind` or `--status` filter that no document can match (a kind the
/// handbook does not have, a status no kind allows and no document has), with the nearest
/// value; `None` when both can match.
pub fn unknown_filter(site: &Site, filter: &Filter) -> Option<(String, String)> {
    let kinds: Vec<String> = site.kinds.names().map(str::to_string).collect();
    if let Some(kind) = &filter.kind {
        if !kinds.iter().any(|k| k.eq_ignore_ascii_case(kind)) {
            return Some(unknown("kind", kind, &kinds));
        }
    }
    let status = filter.status.as_ref()?;
    let mut statuses: Vec<String> = site
        .kinds
        .iter()
        .filter(|(name, _)| {
            filter
                .kind
                .as_ref()
                .is_none_or(|k| k.eq_ignore_ascii_case(name))
        })
        .flat_map(|(_, schema)| schema.statuses.iter().cloned())
        .chain(site.documents.iter().filter_map(|d| d.meta.status.clone()))
        .collect();
    statuses.sort();
    statuses.dedup();
    (!statuses.iter().any(|s| s.eq_ignore_ascii_case(status)))
        .then(|| unknown("status", status, &statuses))
}

fn unknown(what: &str, value: &str, known: &[String]) -> (String, String) {
    let help = match crate::model::kinds::nearest_value(value, known) {
        Some(near) => format!(
            "did you mean `--{what} {near}`? The values are: {}",
            known.join(", ")
        ),
        None => format!("use one of: {}", known.join(", ")),
    };
    (format!("no document can have the {what} `{value}`"), help)
}
