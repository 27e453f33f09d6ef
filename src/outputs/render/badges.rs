//! Kind and status badges: the theme's `partials/kind-badge.html` and
//! `partials/status-badge.html` are the one copy of their markup. Each distinct badge of the
//! site is rendered through them once per build, and the metadata panels and document rows
//! that Northstar draws in Rust print those results: a handbook that overrides a badge
//! partial changes every badge, with no second copy to keep in step.

use std::collections::{BTreeSet, HashMap};

use tera::value::{Key, Map};
use tera::{Context, Tera, Value};

use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;
use crate::model::site::Site;

const KIND_PARTIAL: &str = "partials/kind-badge.html";
const STATUS_PARTIAL: &str = "partials/status-badge.html";

/// A kind badge is keyed by the kind and its label joined with this (never in a name).
const KEY_SEPARATOR: char = '\u{1f}';

/// Every badge the site's documents and sections show, as HTML.
#[derive(Debug, Default)]
pub struct BadgeHtml {
    kinds: HashMap<String, String>,
    statuses: HashMap<String, String>,
}

impl BadgeHtml {
    /// Renders each distinct kind (with its label) and status of `site` — a document's
    /// status and its `ring` — through the theme's badge partials.
    pub fn render(site: &Site, tera: &Tera) -> Result<BadgeHtml, Diagnostic> {
        let mut kinds = BTreeSet::new();
        let mut statuses = BTreeSet::new();
        let metas = site.sections.iter().map(|s| &s.meta);
        for meta in metas.chain(site.documents.iter().map(|d| &d.meta)) {
            collect(site, meta, &mut kinds, &mut statuses);
        }
        let mut badges = BadgeHtml::default();
        for (kind, label) in kinds {
            let mut context = Context::new();
            context.insert("badge_kind", &kind);
            context.insert("badge_label", &label);
            let html = render(tera, KIND_PARTIAL, &context)?;
            badges.kinds.insert(kind_key(&kind, label.as_deref()), html);
        }
        for status in statuses {
            let mut context = Context::new();
            context.insert("badge_status", &status);
            let html = render(tera, STATUS_PARTIAL, &context)?;
            badges.statuses.insert(status, html);
        }
        Ok(badges)
    }

    /// The badge of `kind` with its `label`.
    pub fn kind(&self, kind: &str, label: Option<&str>) -> &str {
        self.kinds
            .get(&kind_key(kind, label))
            .map_or("", String::as_str)
    }

    /// The badge of `status`.
    pub fn status(&self, status: &str) -> &str {
        self.statuses.get(status).map_or("", String::as_str)
    }

    /// The badges as a template value, `{kinds: {…}, statuses: {…}}`, for `document_rows`.
    pub fn to_value(&self) -> Value {
        let map_of = |badges: &HashMap<String, String>| {
            let mut map = Map::new();
            for (key, html) in badges {
                map.insert(Key::String(key.as_str().into()), Value::safe_string(html));
            }
            Value::from(map)
        };
        let mut map = Map::new();
        map.insert(Key::Str("kinds"), map_of(&self.kinds));
        map.insert(Key::Str("statuses"), map_of(&self.statuses));
        Value::from(map)
    }
}

/// The key of a kind badge in [`BadgeHtml::to_value`]'s `kinds`.
pub fn kind_key(kind: &str, label: Option<&str>) -> String {
    // An empty label shows the kind's name, as no label does.
    format!("{kind}{KEY_SEPARATOR}{}", label.unwrap_or_default())
}

/// Whether `key` is [`kind_key`] of `kind` and `label`, without making that key.
pub fn is_kind_key(key: &str, kind: &str, label: Option<&str>) -> bool {
    key.strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(KEY_SEPARATOR))
        .is_some_and(|rest| rest == label.unwrap_or_default())
}

fn collect(
    site: &Site,
    meta: &Meta,
    kinds: &mut BTreeSet<(String, Option<String>)>,
    statuses: &mut BTreeSet<String>,
) {
    if let Some(kind) = meta.kind.as_deref().filter(|k| !k.is_empty()) {
        let label = site.kinds.label(kind).map(str::to_string);
        kinds.insert((kind.to_string(), label));
    }
    if let Some(status) = meta.status.as_deref().filter(|s| !s.is_empty()) {
        statuses.insert(status.to_string());
    }
    if let Some(serde_json::Value::String(ring)) = meta.fields.get("ring") {
        statuses.insert(ring.clone());
    }
}

fn render(tera: &Tera, partial: &str, context: &Context) -> Result<String, Diagnostic> {
    let mut html = Vec::new();
    tera.render_to(partial, context, &mut html)
        .map_err(|error| {
            Diagnostic::error(format!("the badge partial `{partial}` failed: {error}"))
                .code("template")
                .help("fix the handbook's copy of the partial, or remove it to use the theme's")
        })?;
    Ok(String::from_utf8_lossy(&html).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_keys_are_recognised_without_being_made() {
        for (kind, label) in [("adr", None), ("adr", Some("ADR")), ("a", Some(""))] {
            assert!(is_kind_key(&kind_key(kind, label), kind, label));
        }
        assert!(!is_kind_key(&kind_key("adr", Some("ADR")), "adr", None));
        assert!(!is_kind_key(&kind_key("adrx", None), "adr", None));
        assert!(!is_kind_key(&kind_key("adr", None), "ad", Some("r")));
    }
}
