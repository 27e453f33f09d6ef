//! `document_rows`: the rows of the default theme's document tables drawn in Rust. Listings
//! put every document in five or six tables (60,000 rows at 10,000 documents), and as a
//! template loop the rows were a tenth of a build's instructions. The default
//! `partials/documents-table.html` calls it and keeps its loop as the fallback: the function
//! gives `none` (so the loop runs) when the handbook overrides a badge partial the rows
//! include, or when a row holds something the loop would treat differently.

use tera::value::{Key, Map};
use tera::{Kwargs, State, Tera, Value};

use super::escape;
use super::filters::{kind_label, label, status_key, status_tone};

/// What an empty cell shows (a dash for the eye, "none" for screen readers).
const EMPTY: &str =
    "<span class=\"empty\"><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">none</span></span>";

/// Bytes of one drawn row, to size the buffer once.
const ROW: usize = 640;

/// The table's optional columns, as the partial decided them.
#[derive(Clone, Copy)]
struct Columns {
    kind: bool,
    status: bool,
    owner: bool,
    updated: bool,
    review: bool,
}

/// Adds `document_columns(documents=…)` and
/// `document_rows(documents=…, kind=…, status=…, owner=…, updated=…, review=…)`;
/// `badges_built_in` says whether `partials/kind-badge.html` and `partials/status-badge.html`
/// are the default theme's, whose markup the rows repeat.
pub fn register(tera: &mut Tera, badges_built_in: bool) {
    tera.register_function("document_columns", |kwargs: Kwargs, _: &State| {
        columns(kwargs)
    });
    tera.register_function("document_rows", move |kwargs: Kwargs, state: &State| {
        if !badges_built_in {
            return Ok(Value::none());
        }
        let documents: &[Value] = kwargs.must_get("documents")?;
        let flag = |name| kwargs.get::<bool>(name).map(Option::unwrap_or_default);
        let columns = Columns {
            kind: flag("kind")?,
            status: flag("status")?,
            owner: flag("owner")?,
            updated: flag("updated")?,
            review: flag("review")?,
        };
        let root = state.get::<String>("root")?.unwrap_or_default();
        Ok(draw(documents, &root, columns)
            .map_or_else(Value::none, |html| Value::safe_string(&html)))
    });
}

/// `document_columns(documents=…)`: which optional columns any of the documents fills
/// (`kind` other than the generic "page", `status`, `owner`, `updated`, `review`), as the
/// partial's list filters worked it out once per column.
fn columns(kwargs: Kwargs) -> tera::TeraResult<Value> {
    let documents: &[Value] = kwargs.must_get("documents")?;
    let any = |name: &'static str, wanted: fn(&Value) -> bool| {
        documents.iter().any(|d| {
            d.as_map()
                .and_then(|map| field(map, name))
                .is_some_and(|value| value.is_truthy() && wanted(value))
        })
    };
    let mut map = Map::new();
    map.insert(
        Key::Str("kind"),
        Value::from(any("kind", |kind| kind.as_str() != Some("page"))),
    );
    for name in ["status", "owner", "updated", "review"] {
        map.insert(Key::Str(name), Value::from(any(name, |_| true)));
    }
    Ok(Value::from(map))
}

/// Every row, or `None` when a row is not the plain document summary the rows are drawn from.
fn draw(documents: &[Value], root: &str, columns: Columns) -> Option<String> {
    let mut out = String::with_capacity(documents.len() * ROW);
    let mut badges = Badges::default();
    for document in documents {
        row(&mut out, document.as_map()?, root, columns, &mut badges)?;
    }
    Some(out)
}

/// How many different badges of each sort one table remembers.
const BADGES_KEPT: usize = 32;

/// The badges already drawn in one table: a table has a handful of kinds and statuses, and
/// working out a badge's label and tone costs more than the rest of its row.
#[derive(Default)]
struct Badges<'v> {
    kinds: Vec<((&'v str, Option<&'v str>), String)>,
    statuses: Vec<(&'v str, String)>,
}

impl<'v> Badges<'v> {
    /// [`kind_badge`], drawn once per table.
    fn kind(&mut self, out: &mut String, kind: &'v str, label: Option<&'v str>) {
        let key = (kind, label);
        if let Some((_, html)) = self.kinds.iter().find(|(seen, _)| *seen == key) {
            out.push_str(html);
            return;
        }
        let mut html = String::new();
        kind_badge(&mut html, kind, label);
        out.push_str(&html);
        if self.kinds.len() < BADGES_KEPT {
            self.kinds.push((key, html));
        }
    }

    /// [`status_badge`], drawn once per table.
    fn status(&mut self, out: &mut String, status: &'v str) {
        if let Some((_, html)) = self.statuses.iter().find(|(seen, _)| *seen == status) {
            out.push_str(html);
            return;
        }
        let mut html = String::new();
        status_badge(&mut html, status);
        out.push_str(&html);
        if self.statuses.len() < BADGES_KEPT {
            self.statuses.push((status, html));
        }
    }
}

/// One `<tr>`, exactly as the partial's loop writes it.
fn row<'v>(
    out: &mut String,
    d: &'v Map,
    root: &str,
    columns: Columns,
    badges: &mut Badges<'v>,
) -> Option<()> {
    let draft = flag(d, "draft")?;
    out.push_str(if draft {
        "\n      <tr class=\"is-draft\">"
    } else {
        "\n      <tr>"
    });
    out.push_str("\n        <td class=\"col-title\">\n          <a class=\"doc-link\" href=\"");
    escape(out, root);
    escape(out, required(d, "url")?);
    out.push_str("\">");
    escape(out, required(d, "title")?);
    out.push_str("</a>");
    if draft {
        out.push_str(" <span class=\"badge badge-draft\">Draft</span>");
    }
    if let Some(summary) = text(d, "summary")? {
        out.push_str("\n          <p class=\"doc-table-summary\">");
        escape(out, summary);
        out.push_str("</p>");
    }
    out.push_str("\n        </td>");
    if columns.kind {
        out.push_str("\n        <td data-label=\"Type\">");
        match text(d, "kind")? {
            Some(kind) if kind != "page" => badges.kind(out, kind, text(d, "kind_label")?),
            _ => out.push_str(EMPTY),
        }
        out.push_str("</td>");
    }
    if columns.status {
        out.push_str("\n        <td data-label=\"Status\">");
        match text(d, "status")? {
            Some(status) => badges.status(out, status),
            None => out.push_str(EMPTY),
        }
        out.push_str("</td>");
    }
    if columns.owner {
        out.push_str("\n        <td data-label=\"Owner\">");
        cell_text(out, text(d, "owner")?);
        out.push_str("</td>");
    }
    if columns.updated {
        out.push_str("\n        <td data-label=\"Updated\" class=\"col-date\">");
        cell_text(out, text(d, "updated")?);
        out.push_str("</td>");
    }
    if columns.review {
        out.push_str("\n        <td data-label=\"Next review\" class=\"col-date\">");
        review(out, field(d, "review"))?;
        out.push_str("</td>");
    }
    out.push_str("\n      </tr>");
    Some(())
}

/// `partials/kind-badge.html`.
pub(super) fn kind_badge(out: &mut String, kind: &str, label: Option<&str>) {
    out.push_str("<span class=\"badge badge-kind\" data-kind=\"");
    escape(out, kind);
    out.push_str("\">");
    match label {
        Some(label) => escape(out, label),
        None => escape(out, &kind_label(kind)),
    }
    out.push_str("</span>");
}

/// `partials/status-badge.html`.
pub(super) fn status_badge(out: &mut String, status: &str) {
    let key = status_key(status);
    out.push_str("<span class=\"badge badge-status tone-");
    escape(out, status_tone(&key));
    out.push_str("\" data-status=\"");
    escape(out, &key);
    out.push_str("\">");
    escape(out, &label(status.trim()));
    out.push_str("</span>");
}

/// The next review's cell: the due date and, when it is close or past, a badge.
fn review(out: &mut String, review: Option<&Value>) -> Option<()> {
    let Some(review) = review.filter(|r| r.is_truthy()) else {
        out.push_str(EMPTY);
        return Some(());
    };
    let review = review.as_map()?;
    escape(out, required(review, "due")?);
    match required(review, "state")? {
        "overdue" => out.push_str(" <span class=\"badge tone-critical\">Overdue</span>"),
        "due-soon" => out.push_str(" <span class=\"badge tone-caution\">Due soon</span>"),
        _ => {}
    }
    Some(())
}

/// A plain text cell, or the empty mark.
fn cell_text(out: &mut String, value: Option<&str>) {
    match value {
        Some(value) => escape(out, value),
        None => out.push_str(EMPTY),
    }
}

fn field<'a>(map: &'a Map, name: &'static str) -> Option<&'a Value> {
    map.get(&Key::Str(name))
}

/// A field the loop would show if set: `Some(None)` when missing, null or empty (falsy),
/// `None` when it is not text (the loop then decides).
fn text<'a>(map: &'a Map, name: &'static str) -> Option<Option<&'a str>> {
    match field(map, name) {
        None => Some(None),
        Some(value) if value.is_none() || value.is_undefined() => Some(None),
        Some(value) => value.as_str().map(|s| (!s.is_empty()).then_some(s)),
    }
}

/// A text field every row has.
fn required<'a>(map: &'a Map, name: &'static str) -> Option<&'a str> {
    field(map, name)?.as_str()
}

/// A yes/no field (missing is no).
fn flag(map: &Map, name: &'static str) -> Option<bool> {
    match field(map, name) {
        None => Some(false),
        Some(value) => value.as_bool(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(status: &str, kind: &str) -> Value {
        Value::from_serializable(&serde_json::json!({
            "title": "A <title>", "url": "a/b.html", "summary": null, "kind": kind,
            "kind_label": null, "status": status, "owner": "Platform", "draft": false,
            "updated": "2026-01-02", "review": null,
        }))
    }

    #[test]
    fn badges_remembered_within_a_table_draw_what_each_row_draws_alone() {
        let all = Columns {
            kind: true,
            status: true,
            owner: true,
            updated: true,
            review: true,
        };
        // More distinct statuses than a table remembers, each met several times.
        let documents: Vec<Value> = (0..3 * (BADGES_KEPT + 8))
            .map(|i| {
                summary(
                    &format!("Status_{}", i % (BADGES_KEPT + 8)),
                    ["adr", "policy"][i % 2],
                )
            })
            .collect();
        let drawn = draw(&documents, "../", all).unwrap();
        let mut alone = String::new();
        for document in &documents {
            let mut fresh = Badges::default();
            row(
                &mut alone,
                document.as_map().unwrap(),
                "../",
                all,
                &mut fresh,
            )
            .unwrap();
        }
        assert_eq!(drawn, alone);
        assert!(
            drawn.contains("data-status=\"status-3\">Status 3</span>"),
            "{drawn}"
        );
        assert!(drawn.contains("data-kind=\"adr\">ADR</span>"), "{drawn}");
    }
}
