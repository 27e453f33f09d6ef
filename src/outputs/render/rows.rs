//! `document_rows`: the rows of the document tables, drawn in Rust — the one copy of their
//! markup. Listings put every document in five or six tables (60,000 rows at 10,000
//! documents), and as a template loop the rows were a tenth of a build's instructions.
//! `partials/documents-table.html` calls it with the page's `badges` (the theme's badge
//! partials, rendered once per distinct badge), so the rows show the theme's badges.

use tera::value::{Key, Map};
use tera::{Kwargs, State, Tera, Value};

use super::escape;

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
/// `document_rows(documents=…, badges=…, kind=…, status=…, owner=…, updated=…, review=…)`.
pub fn register(tera: &mut Tera) {
    tera.register_function("document_columns", |kwargs: Kwargs, _: &State| {
        columns(kwargs)
    });
    tera.register_function("document_rows", move |kwargs: Kwargs, state: &State| {
        let documents: &[Value] = kwargs.must_get("documents")?;
        let badges: &Map = kwargs.must_get("badges")?;
        let badges = Badges::of(badges)?;
        let flag = |name| kwargs.get::<bool>(name).map(Option::unwrap_or_default);
        let columns = Columns {
            kind: flag("kind")?,
            status: flag("status")?,
            owner: flag("owner")?,
            updated: flag("updated")?,
            review: flag("review")?,
        };
        let root = state.get::<String>("root")?.unwrap_or_default();
        let html = draw(documents, &root, columns, &badges).ok_or_else(|| {
            tera::Error::message(
                "document_rows: `documents` must be document summaries (a section's `documents`, a listing group's `documents`)",
            )
        })?;
        Ok(Value::safe_string(&html))
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
fn draw(documents: &[Value], root: &str, columns: Columns, badges: &Badges) -> Option<String> {
    let mut out = String::with_capacity(documents.len() * ROW);
    for document in documents {
        row(&mut out, document.as_map()?, root, columns, badges)?;
    }
    Some(out)
}

/// The page's `badges` value, as lists: a page shows a few dozen distinct badges, so a look
/// along a list costs less than making a map key for each of 60,000 rows.
struct Badges<'v> {
    /// Kind badges, keyed by [`super::badges::kind_key`].
    kinds: Vec<(&'v str, &'v str)>,
    statuses: Vec<(&'v str, &'v str)>,
}

impl<'v> Badges<'v> {
    fn of(badges: &'v Map) -> tera::TeraResult<Badges<'v>> {
        let part = |name: &'static str| {
            let map = badges
                .get(&Key::Str(name))
                .and_then(Value::as_map)
                .ok_or_else(|| tera::Error::message("document_rows: pass the page's `badges`"))?;
            Ok::<_, tera::Error>(
                map.iter()
                    .filter_map(|(key, html)| Some((key.as_str()?, html.as_str()?)))
                    .collect(),
            )
        };
        Ok(Badges {
            kinds: part("kinds")?,
            statuses: part("statuses")?,
        })
    }

    fn kind(&self, out: &mut String, kind: &str, label: Option<&str>) {
        let found = self
            .kinds
            .iter()
            .find(|(key, _)| super::badges::is_kind_key(key, kind, label));
        if let Some((_, html)) = found {
            out.push_str(html);
        }
    }

    fn status(&self, out: &mut String, status: &str) {
        if let Some((_, html)) = self.statuses.iter().find(|(k, _)| *k == status) {
            out.push_str(html);
        }
    }
}

/// One `<tr>`.
fn row(out: &mut String, d: &Map, root: &str, columns: Columns, badges: &Badges) -> Option<()> {
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

    #[test]
    fn rows_show_the_badges_they_are_given_and_refuse_other_values() {
        let document = Value::from_serializable(&serde_json::json!({
            "title": "A <title>", "url": "a/b.html", "summary": null, "kind": "adr",
            "kind_label": null, "status": "accepted", "owner": "Platform", "draft": false,
            "updated": "2026-01-02", "review": null,
        }));
        let kind_key = super::super::badges::kind_key("adr", None);
        let badges = Badges {
            kinds: vec![(kind_key.as_str(), "<i>ADR</i>")],
            statuses: vec![("accepted", "<i>Accepted</i>")],
        };
        let all = Columns {
            kind: true,
            status: true,
            owner: true,
            updated: true,
            review: true,
        };
        let drawn = draw(std::slice::from_ref(&document), "../", all, &badges).unwrap();
        assert!(
            drawn.contains("<td data-label=\"Type\"><i>ADR</i></td>"),
            "{drawn}"
        );
        assert!(
            drawn.contains("<td data-label=\"Status\"><i>Accepted</i></td>"),
            "{drawn}"
        );
        assert!(drawn.contains("A &lt;title&gt;"), "{drawn}");
        assert!(draw(&[Value::from("text")], "../", all, &badges).is_none());
    }
}
