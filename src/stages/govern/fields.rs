//! Checks one document against its kind: the kind exists, the status is allowed, required
//! fields are there, and each of the kind's fields has the right type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::{self, FieldType, FullField, KindSchema, Kinds};
use crate::model::meta::Meta;
use crate::model::site::Site;

/// Pushes one diagnostic per problem of `meta` (written in `file`).
pub fn check(kinds: &Kinds, meta: &Meta, file: &Path, out: &mut Vec<Diagnostic>) {
    let at = |key: &str| {
        meta.field_lines
            .get(key)
            .copied()
            .unwrap_or(meta.header_line)
    };
    let kind = meta
        .kind
        .as_deref()
        .unwrap_or(crate::model::kinds::DEFAULT_KIND);
    let Some(schema) = kinds.get(kind) else {
        let help = match kinds::nearest(kind, kinds.names()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the kinds are {}; add your own under `kinds:` in northstar.yaml",
                kinds.names().collect::<Vec<_>>().join(", ")
            ),
        };
        out.push(
            Diagnostic::error(format!("unknown kind `{kind}`"))
                .code("unknown-kind")
                .at(file, at("kind"), 1)
                .help(help),
        );
        return;
    };
    let label = label(kind, schema);
    if let Some(status) = &meta.status {
        if !schema.statuses.is_empty() && !schema.statuses.contains(status) {
            out.push(
                Diagnostic::error(format!(
                    "`{status}` is not a status of {}",
                    super::with_article(&label)
                ))
                .code("invalid-status")
                .at(file, at("status"), 1)
                .help(match kinds::nearest_value(status, &schema.statuses) {
                    Some(near) => format!(
                        "did you mean `status: {near}`? The statuses are: {}",
                        schema.statuses.join(", ")
                    ),
                    None => format!("use one of: {}", schema.statuses.join(", ")),
                }),
            );
        }
    }
    for field in &schema.required {
        if !has_common(meta, field) {
            out.push(
                Diagnostic::error(format!("{} needs `{field}`", super::with_article(&label)))
                    .code("missing-field")
                    .at(file, meta.header_line, 1)
                    .help(format!("add `{field}:` to the front matter")),
            );
        }
    }
    for (name, spec) in &schema.fields {
        let spec = spec.full();
        match meta.fields.get(name) {
            None | Some(Value::Null) if spec.required => out.push(
                Diagnostic::error(format!(
                    "{} needs `{name}` ({})",
                    super::with_article(&label),
                    spec.kind.expected()
                ))
                .code("missing-field")
                .at(file, meta.header_line, 1)
                .help(format!("add `{name}:` to the front matter")),
            ),
            None | Some(Value::Null) => {}
            Some(value) => {
                if let Some(problem) = type_problem(&spec, value) {
                    out.push(
                        Diagnostic::error(format!("`{name}` should be {problem}"))
                            .code("wrong-type")
                            .at(file, at(name), 1)
                            .help(format!("write {}", example(&spec, name, value))),
                    );
                }
            }
        }
    }
    if let Some(problem) = period_order(schema, meta) {
        out.push(
            Diagnostic::error(problem)
                .code("period-order")
                .at(file, at("end"), 1)
                .help("swap `start` and `end`, or correct the one that is wrong"),
        );
    }
}

/// For a kind whose `start` and `end` are periods: a message when `end` finishes before
/// `start` begins (`start: 2027-Q3`, `end: 2026-Q3`). A period that does not parse is
/// reported by its type check instead.
fn period_order(schema: &KindSchema, meta: &Meta) -> Option<String> {
    let is_period = |name: &str| {
        schema
            .fields
            .get(name)
            .is_some_and(|spec| spec.full().kind == FieldType::Period)
    };
    if !(is_period("start") && is_period("end")) {
        return None;
    }
    let text = |name: &str| meta.fields.get(name).and_then(Value::as_str);
    let (start, end) = (text("start")?, text("end")?);
    let begins = crate::model::period::start_of(start)?;
    let finishes = crate::model::period::end_of(end)?;
    (finishes <= begins).then(|| format!("`end` ({end}) is before `start` ({start})"))
}

/// One warning per unknown field name, however many files use it (a handbook migrated from
/// another tool has the same foreign fields everywhere), pointing at the first file.
pub fn report_unknown(site: &Site, out: &mut Vec<Diagnostic>) {
    struct Seen {
        count: usize,
        file: PathBuf,
        line: usize,
        kind: Option<String>,
    }
    let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
    let sections = site
        .sections
        .iter()
        .filter_map(|s| s.source.as_ref().map(|src| (src, &s.meta, None)));
    let documents = site
        .documents
        .iter()
        .map(|d| (&d.source, &d.meta, d.meta.kind.clone()));
    for (source, meta, kind) in sections.chain(documents) {
        for key in &meta.unknown_fields {
            let entry = seen.entry(key).or_insert_with(|| Seen {
                count: 0,
                file: PathBuf::from("content").join(source),
                line: meta
                    .field_lines
                    .get(key)
                    .copied()
                    .unwrap_or(meta.header_line),
                kind: kind.clone(),
            });
            entry.count += 1;
        }
    }
    for (key, seen) in seen {
        let label = seen.kind.as_deref().map(|k| {
            site.kinds
                .get(k)
                .map_or_else(|| k.to_string(), |s| label(k, s))
        });
        let message = match (seen.count, &label) {
            (1, Some(label)) => format!(
                "unknown front-matter field `{key}` for {}",
                super::with_article(label)
            ),
            (1, None) => format!("unknown front-matter field `{key}`"),
            (n, _) => {
                format!("unknown front-matter field `{key}` in {n} files (the first is here)")
            }
        };
        let known: Vec<&str> = match seen.kind.as_deref() {
            Some(kind) => site.kinds.field_names(kind).collect(),
            None => site.kinds.all_field_names().collect(),
        };
        let help = match kinds::nearest(key, known.into_iter()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("it is kept for templates as `page.extra.{key}`; put fields of your own under `extra:` to silence this"),
        };
        out.push(
            Diagnostic::warning(message)
                .code("unknown-field")
                .at(&seen.file, seen.line, 1)
                .help(help),
        );
    }
}

/// Problems in the kind definitions themselves (a handbook's `kinds:`): a review date that
/// is not a date field, a required field that does not exist.
pub fn check_kinds(kinds: &Kinds, out: &mut Vec<Diagnostic>) {
    for (name, schema) in kinds.iter() {
        if let Some(field) = &schema.review_date {
            let is_date = schema
                .fields
                .get(field)
                .is_some_and(|f| f.full().kind == FieldType::Date);
            if !is_date {
                out.push(
                    Diagnostic::error(format!(
                        "kind `{name}`: `review_date: {field}` names no date field of the kind"
                    ))
                    .code("config")
                    .in_file(crate::model::config::CONFIG_FILE)
                    .help(format!(
                        "add `{field}: date` under the kind's `fields:`, or fix the name"
                    )),
                );
            }
        }
        for field in &schema.required {
            if !kinds::COMMON_FIELDS.contains(&field.as_str()) {
                out.push(
                    Diagnostic::error(format!("kind `{name}`: `required` lists `{field}`, which is not a common field"))
                        .code("config")
                        .in_file(crate::model::config::CONFIG_FILE)
                        .help("list common fields (owner, summary, tags …) under `required:`; mark the kind's own fields `required: true` under `fields:`"),
                );
            }
        }
    }
}

/// The kind's name as pages show it, in lower case for messages.
fn label(kind: &str, schema: &KindSchema) -> String {
    schema.label.as_deref().unwrap_or(kind).to_lowercase()
}

fn has_common(meta: &Meta, field: &str) -> bool {
    match field {
        "owner" => meta.owner.is_some(),
        "status" => meta.status.is_some(),
        "summary" => meta.summary.is_some(),
        "authors" => !meta.authors.is_empty(),
        "tags" => !meta.tags.is_empty(),
        "date" => meta.date.is_some(),
        "updated" => meta.updated.is_some(),
        "classification" => meta.classification.is_some(),
        "supports" => !meta.supports.is_empty(),
        "title" => meta.title.is_some(),
        other => meta.fields.get(other).is_some_and(|v| !v.is_null()),
    }
}

/// What is wrong with `value` for `spec`, or `None`.
fn type_problem(spec: &FullField, value: &Value) -> Option<String> {
    let expected = || spec.kind.expected().to_string();
    match spec.kind {
        FieldType::Text => (!is_scalar(value)).then(expected),
        FieldType::Date => (!value.as_str().is_some_and(is_date)).then(expected),
        FieldType::Period => {
            let ok = value.as_str().is_some_and(|s| {
                (is_date(s) || is_quarter(s)) && crate::model::period::start_of(s).is_some()
            });
            (!ok).then(expected)
        }
        FieldType::Integer => match value.as_i64() {
            Some(n)
                if spec.min.is_some_and(|min| n < min) || spec.max.is_some_and(|max| n > max) =>
            {
                Some(range(spec))
            }
            Some(_) => None,
            None if spec.min.is_some() || spec.max.is_some() => Some(range(spec)),
            None => Some(expected()),
        },
        FieldType::Number => (!value.is_number()).then(expected),
        FieldType::Bool => (!value.is_boolean()).then(expected),
        FieldType::List => (!(value.is_array() || is_scalar(value))).then(expected),
        FieldType::Choice => {
            let ok = value
                .as_str()
                .is_some_and(|s| spec.values.iter().any(|v| v == s));
            (!ok).then(|| format!("one of: {}", spec.values.join(", ")))
        }
        FieldType::Reference => (!value.is_string()).then(expected),
        FieldType::References => {
            let ok = value.is_string()
                || value
                    .as_array()
                    .is_some_and(|items| items.iter().all(Value::is_string));
            (!ok).then(expected)
        }
        FieldType::Objectives => {
            let ok = value.as_array().is_some_and(|items| {
                items.iter().all(|item| {
                    item.get("id").is_some_and(Value::is_string)
                        && item.get("title").is_some_and(is_scalar)
                })
            });
            (!ok).then(expected)
        }
        FieldType::Map => (!value.is_object()).then(expected),
    }
}

fn range(spec: &FullField) -> String {
    match (spec.min, spec.max) {
        (Some(min), Some(max)) => format!("a whole number from {min} to {max}"),
        (Some(min), None) => format!("a whole number of at least {min}"),
        (None, Some(max)) => format!("a whole number of at most {max}"),
        (None, None) => "a whole number".into(),
    }
}

/// A value of `spec` to write instead of `value`: for a choice, the allowed value nearest it.
fn example(spec: &FullField, name: &str, value: &Value) -> String {
    match spec.kind {
        FieldType::Date => format!("`{name}: 2027-03-31`"),
        FieldType::Period => format!("`{name}: 2027-Q2` or `{name}: 2027-04-01`"),
        FieldType::Integer => format!(
            "`{name}: {}`",
            spec.min.unwrap_or(0).max(spec.max.map_or(1, |m| m / 2))
        ),
        FieldType::Choice => {
            let written = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let near = kinds::nearest_value(&written, &spec.values);
            format!(
                "`{name}: {}`",
                near.or(spec.values.first().map(String::as_str))
                    .unwrap_or("…")
            )
        }
        FieldType::References | FieldType::List => format!("`{name}: [first, second]`"),
        FieldType::Reference => format!("`{name}: strategy/cloud.md`"),
        FieldType::Objectives => {
            format!("`{name}:` then lines like `  - {{id: cut-cost, title: Cut hosting cost}}`")
        }
        FieldType::Bool => format!("`{name}: true`"),
        _ => format!("`{name}: …`"),
    }
}

fn is_scalar(value: &Value) -> bool {
    value.is_string() || value.is_number() || value.is_boolean()
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// `2027-Q2`.
pub fn is_quarter(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && &text[4..6] == "-Q"
        && (b'1'..=b'4').contains(&bytes[6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_dates_or_quarters() {
        assert!(is_quarter("2027-Q2") && !is_quarter("2027-Q5") && !is_quarter("27-Q1"));
        assert!(is_date("2027-02-28") && !is_date("2027-02-30"));
    }
}
