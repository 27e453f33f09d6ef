//! One old version of a document (its front matter and body) and the front-matter fields
//! that changed between two versions, named for readers: "status draft → active".

use serde_json::{Map, Value};

use crate::stages::frontmatter;

/// A version of a Markdown file, as read from git.
#[derive(Debug, Clone, Default)]
pub struct Version {
    pub fields: Map<String, Value>,
    pub body: String,
}

impl Version {
    /// The version whose file text is `text`; a version whose front matter does not parse
    /// keeps its whole text as the body and no fields.
    pub fn parse(text: &str) -> Version {
        match frontmatter::parse(text) {
            Ok(parsed) => Version {
                fields: match frontmatter::to_json(&frontmatter::Value::Mapping(parsed.fields)) {
                    Value::Object(map) => map,
                    _ => Map::new(),
                },
                body: parsed.body.to_string(),
            },
            Err(_) => Version {
                fields: Map::new(),
                body: text.to_string(),
            },
        }
    }

    /// The version's own `classification`, if it has one.
    pub fn classification(&self) -> Option<&str> {
        self.fields.get("classification").and_then(Value::as_str)
    }
}

/// One field that changed: its value before and after (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    pub name: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Fields readers look for first, in this order; the others follow by name.
const FIRST: &[&str] = &[
    "title",
    "status",
    "ring",
    "progress",
    "owner",
    "review_by",
    "last_reviewed",
    "classification",
];

/// The fields that differ between `old` (none: the file was added) and `new`.
pub fn changes(old: Option<&Version>, new: &Version) -> Vec<FieldChange> {
    let Some(old) = old else {
        return Vec::new();
    };
    let mut names: Vec<&String> = old.fields.keys().chain(new.fields.keys()).collect();
    names.sort_by_key(|name| {
        let rank = FIRST.iter().position(|f| f == name).unwrap_or(FIRST.len());
        (rank, name.as_str())
    });
    names.dedup();
    names
        .into_iter()
        .filter(|name| old.fields.get(*name) != new.fields.get(*name))
        .map(|name| FieldChange {
            name: name.clone(),
            from: old.fields.get(name).map(text),
            to: new.fields.get(name).map(text),
        })
        .collect()
}

/// A value as a short text: scalars as written, lists of them joined by commas, anything
/// larger as "(changed)".
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(text).collect::<Vec<_>>().join(", ")
        }
        _ => "(a list or map)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_fields_are_named_with_both_values() {
        let old =
            Version::parse("---\ntitle: A\nstatus: draft\nowner: ada\ntags: [x]\n---\nText\n");
        let new = Version::parse(
            "---\ntitle: A\nstatus: active\nowner: bo\ntags: [x, y]\nreview_by: 2027-06-30\n---\nText\n",
        );
        let found = changes(Some(&old), &new);
        let shown: Vec<String> = found
            .iter()
            .map(|c| format!("{} {:?} → {:?}", c.name, c.from, c.to))
            .collect();
        assert_eq!(
            shown,
            [
                "status Some(\"draft\") → Some(\"active\")",
                "owner Some(\"ada\") → Some(\"bo\")",
                "review_by None → Some(\"2027-06-30\")",
                "tags Some(\"x\") → Some(\"x, y\")",
            ]
        );
        assert!(changes(None, &new).is_empty());
    }
}
