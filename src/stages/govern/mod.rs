//! Governance: what keeps a strategy handbook honest, checked once the site is assembled —
//! each document against its kind's schema, the references between documents, and reviews.

mod fields;
mod hidden;
mod ids;
mod placeholders;
mod references;
mod reviews;
mod template;

use std::path::PathBuf;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::model::config::ReviewConfig;
use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::Kinds;
use crate::model::meta::Meta;
use crate::model::site::{Document, Site};
use crate::util::parallel::PIECE;

pub use references::{objective_ids, Reference, References};
pub use reviews::{Review, ReviewState};

/// Applies kind defaults (kind, status, template), then checks schemas, resolves references
/// and computes reviews as of `today`.
pub fn govern(site: &mut Site, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    fields::check_kinds(&site.kinds, &mut diagnostics);
    // Each document's kind defaults and field checks are its own.
    let kinds = &site.kinds;
    diagnostics.extend(each_document(&mut site.documents, |document, found| {
        apply_kind(&mut document.meta, kinds);
        let file = PathBuf::from("content").join(&document.source);
        template::check(&mut document.meta, &file, found);
        fields::check(kinds, &document.meta, &file, found);
        placeholders::check(kinds, document, &file, found);
    }));
    for section in &mut site.sections {
        if let Some(source) = &section.source {
            let file = PathBuf::from("content").join(source);
            template::check(&mut section.meta, &file, &mut diagnostics);
        }
    }
    fields::report_unknown(site, &mut diagnostics);
    ids::report_duplicates(site, &mut diagnostics);
    references::resolve(site, &mut diagnostics);
    let config: ReviewConfig = site.config.review.clone();
    reviews::compute(site, &config, today, &mut diagnostics);
    diagnostics
}

/// `check` on every document, in parallel; what it reports, in document order.
fn each_document(
    documents: &mut [Document],
    check: impl Fn(&mut Document, &mut Vec<Diagnostic>) + Sync,
) -> Vec<Diagnostic> {
    let found: Vec<Vec<Diagnostic>> = documents
        .par_iter_mut()
        .with_max_len(PIECE * 8)
        .map(|document| {
            let mut found = Vec::new();
            check(document, &mut found);
            found
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// Gives `meta` its kind's defaults: the default kind when it names none, then the kind's
/// default status and template where the document sets neither.
fn apply_kind(meta: &mut Meta, kinds: &Kinds) {
    let kind = meta
        .kind
        .get_or_insert_with(|| crate::model::kinds::DEFAULT_KIND.to_string())
        .clone();
    if let Some(schema) = kinds.get(&kind) {
        if meta.status.is_none() {
            meta.status = schema.default_status().map(str::to_string);
        }
        if meta.template.is_none() {
            meta.template.clone_from(&schema.template);
        }
    }
}

/// Today's date in UTC, or `NORTHSTAR_TODAY` (YYYY-MM-DD) when set, for reproducible builds.
pub fn today() -> Result<Date, Diagnostic> {
    match std::env::var("NORTHSTAR_TODAY") {
        Ok(text) => text.trim().parse().map_err(|_| {
            Diagnostic::error(format!("NORTHSTAR_TODAY is not a date: `{text}`"))
                .help("set it as YYYY-MM-DD, or unset it to use today's date")
        }),
        Err(_) => Ok(jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()),
    }
}

/// `noun` with its indefinite article, by its first letter: "a policy", "an initiative".
pub fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod article_tests {
    use super::with_article;

    #[test]
    fn vowels_take_an() {
        assert_eq!(with_article("initiative"), "an initiative");
        assert_eq!(with_article("ADR"), "an ADR");
        assert_eq!(with_article("policy"), "a policy");
    }
}
