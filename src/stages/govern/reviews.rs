//! Reviews: when each document is due for review, from `review_by`, from `last_reviewed` +
//! `review_every`, or from its kind's review date field, and what is overdue or due soon.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::config::ReviewConfig;
use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::Kinds;
use crate::model::meta::Meta;
use crate::model::site::{Document, Site};

/// Where a document's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Overdue,
    DueSoon,
    Ok,
}

/// A document's next review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The due date, YYYY-MM-DD.
    pub due: String,
    pub state: ReviewState,
    /// Days from today to the due date (negative when overdue).
    pub days: i64,
}

/// Computes every document's review and reports missing rules, overdue and due-soon reviews.
pub fn compute(site: &mut Site, config: &ReviewConfig, today: Date, out: &mut Vec<Diagnostic>) {
    let kinds = &site.kinds;
    let rules = Rules { config, today };
    out.extend(super::each_document(
        &mut site.documents,
        |document, found| {
            review_one(document, kinds, rules, found);
        },
    ));
}

/// The review settings and the date they are judged on.
#[derive(Clone, Copy)]
struct Rules<'a> {
    config: &'a ReviewConfig,
    today: Date,
}

/// Sets `document`'s review; reports its missing rule, or its review overdue or due soon.
fn review_one(document: &mut Document, kinds: &Kinds, rules: Rules, out: &mut Vec<Diagnostic>) {
    let Rules { config, today } = rules;
    let file = PathBuf::from("content").join(&document.source);
    let meta = &document.meta;
    let review_field = meta
        .kind
        .as_deref()
        .and_then(|k| kinds.get(k))
        .and_then(|s| s.review_date.clone());
    let line_of = |key: &str| {
        meta.field_lines
            .get(key)
            .copied()
            .unwrap_or(meta.header_line)
    };
    let due = match due_date(meta, review_field.as_deref()) {
        Ok(Some(due)) => due,
        Ok(None) => {
            let kind = meta.kind.as_deref().unwrap_or_default();
            if config.required_for.iter().any(|k| k == kind) {
                out.push(
                    Diagnostic::error(format!("{} needs a review rule", super::with_article(kind)))
                        .code("review-missing")
                        .at(&file, meta.header_line, 1)
                        .help("add `review_by: YYYY-MM-DD`, or `review_every: 12 months` with `last_reviewed: YYYY-MM-DD`"),
                );
            }
            return;
        }
        // The rule's own error was reported where it was read (an invalid date).
        Err((REPORTED, ..)) => return,
        Err((key, message, help)) => {
            out.push(
                Diagnostic::error(message)
                    .code("review-rule")
                    .at(&file, line_of(key), 1)
                    .help(help),
            );
            return;
        }
    };
    let days = today
        .until(due)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0);
    let state = if days < 0 {
        ReviewState::Overdue
    } else if days <= config.warn_within_days {
        ReviewState::DueSoon
    } else {
        ReviewState::Ok
    };
    let key = [
        "review_by",
        "review_every",
        "review_in",
        "last_reviewed",
        "expiryDate",
    ]
    .into_iter()
    .chain(review_field.as_deref())
    .find(|k| meta.field_lines.contains_key(*k))
    .unwrap_or("review_by");
    match state {
        ReviewState::Overdue => out.push(
            Diagnostic::with_severity(config.overdue.severity(), format!("review overdue since {due} ({} days)", -days))
                .code("review-overdue")
                .at(&file, line_of(key), 1)
                .help("review the document, then set `last_reviewed` (or a new `review_by`)"),
        ),
        ReviewState::DueSoon => out.push(
            Diagnostic::warning(format!("review due on {due} (in {days} days)"))
                .code("review-due-soon")
                .at(&file, line_of(key), 1)
                .help(format!("plan the review; this warning starts {} days before the date (`review.warn_within_days`)", config.warn_within_days)),
        ),
        ReviewState::Ok => {}
    }
    document.review = Some(Review {
        due: due.to_string(),
        state,
        days,
    });
}

type RuleError = (&'static str, String, String);

/// The key of a [`RuleError`] already reported when the front matter was read.
const REPORTED: &str = "";

/// The due date from the document's review rule, if it has one.
fn due_date(meta: &Meta, review_field: Option<&str>) -> Result<Option<Date>, RuleError> {
    if let Some(by) = &meta.review_by {
        return Ok(by.parse().ok());
    }
    if let Some(every) = &meta.review_every {
        let key = if meta.field_lines.contains_key("review_in") {
            "review_in"
        } else {
            "review_every"
        };
        let span: jiff::Span = every.parse().map_err(|_| {
            (
                key,
                format!("`{key}` is not a length of time: `{every}`"),
                "write e.g. `6 months`, `1 year` or `90 days`".to_string(),
            )
        })?;
        if span.is_negative() || span.is_zero() {
            return Err((
                key,
                format!("`{key}` must be a length of time after the last review: `{every}`"),
                "write e.g. `6 months`, `1 year` or `90 days`".to_string(),
            ));
        }
        let Some(last) = &meta.last_reviewed else {
            if ["last_reviewed", "last_reviewed_on"]
                .iter()
                .any(|k| meta.field_lines.contains_key(*k))
            {
                // Written, but not a date: `invalid-date` says so, once.
                return Err((REPORTED, String::new(), String::new()));
            }
            return Err((
                key,
                format!("`{key}` needs `last_reviewed` to count from"),
                "add `last_reviewed: YYYY-MM-DD` (the date of the last review)".to_string(),
            ));
        };
        let last: Date = last
            .parse()
            .map_err(|_| ("last_reviewed", "invalid date".to_string(), String::new()))?;
        return last.checked_add(span).map(Some).map_err(|_| {
            (
                key,
                format!("`{key}` is too long: `{every}`"),
                "write e.g. `6 months`, `1 year` or `90 days`".to_string(),
            )
        });
    }
    if let Some(field) = review_field {
        if let Some(date) = meta
            .fields
            .get(field)
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse().ok())
        {
            return Ok(Some(date));
        }
    }
    Ok(None)
}
