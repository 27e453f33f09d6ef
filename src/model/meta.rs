//! Typed document metadata, read from a parsed front-matter map (plus a section's cascade).
//!
//! Each field is converted on its own, so one wrong value gives one precise diagnostic on its
//! own line while the rest of the document still loads.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Map;

use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::{self, Kinds};
use crate::stages::frontmatter::{self, Mapping, Value};

/// The metadata of a document or a section index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub review_by: Option<String>,
    pub review_every: Option<String>,
    pub last_reviewed: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub classification: Option<String>,
    pub aliases: Vec<String>,
    pub id: Option<String>,
    pub supports: Vec<String>,
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    pub template: Option<String>,
    /// `redirect_to:` — the page is only a redirect to this address or document.
    pub redirect_to: Option<String>,
    /// Whether the document is in the search index (`search: false` leaves it out).
    pub search: bool,
    pub extra: Map<String, serde_json::Value>,
    /// The kind's own fields, for templates.
    pub fields: Map<String, serde_json::Value>,
    /// Fields the file wrote that no kind knows; their values are kept under `extra`.
    pub unknown_fields: Vec<String>,
    /// Defaults this section passes down to its documents and subsections.
    pub cascade: Mapping,
    /// The file line of each field the document wrote itself, for diagnostics.
    pub field_lines: HashMap<String, usize>,
    /// The line diagnostics about missing fields point at.
    pub header_line: usize,
}

/// What [`extract`] reads.
pub struct MetaSource<'a> {
    /// The file, as shown in diagnostics.
    pub file: &'a Path,
    /// The document's own fields.
    pub own: &'a Mapping,
    /// Inherited defaults (a section's cascade); errors in them were reported where they are written.
    pub inherited: &'a Mapping,
    pub key_lines: &'a HashMap<String, usize>,
    pub header_line: usize,
    /// Whether this is a section index, which may have `cascade:`.
    pub is_section: bool,
    /// The handbook's kinds, for known fields and kind names.
    pub kinds: &'a Kinds,
}

/// Reads the typed metadata; problems are returned as diagnostics, never panics.
pub fn extract(source: &MetaSource) -> (Meta, Vec<Diagnostic>) {
    let mut reader = Reader {
        source,
        diagnostics: Vec::new(),
    };
    // `search` defaults to true: only a written `search: false` leaves a document out.
    let search_written = matches!(reader.get("search"), Some((value, _)) if !value.is_null());
    let mut meta = Meta {
        title: reader.text("title"),
        kind: reader.text("kind"),
        status: reader.text("status"),
        // `owner_slack` is GOV.UK tech-docs' owner (a channel or a person).
        owner: reader.text("owner").or_else(|| reader.text("owner_slack")),
        authors: reader.list("authors"),
        // `description` is MkDocs', Docusaurus' and Hugo's summary.
        summary: reader
            .text("summary")
            .or_else(|| reader.text("description")),
        tags: reader.list("tags"),
        date: reader.date("date"),
        updated: reader.date("updated"),
        // Hugo's `expiryDate`: the day the page stops being current, so due for review.
        review_by: reader
            .date("review_by")
            .or_else(|| reader.date("expiryDate")),
        // `review_in` and `last_reviewed_on` are GOV.UK tech-docs' names for the same rule.
        review_every: reader
            .text("review_every")
            .or_else(|| reader.text("review_in")),
        last_reviewed: reader
            .date("last_reviewed")
            .or_else(|| reader.date("last_reviewed_on")),
        // `nav_order` is Just the Docs' (and MADR's) name for the order in a section,
        // `sidebar_position` Docusaurus' (which may be a fraction: it is rounded).
        weight: reader
            .integer("weight")
            .or_else(|| reader.integer("nav_order"))
            .or_else(|| reader.position("sidebar_position")),
        draft: reader.boolean("draft"),
        classification: reader.text("classification"),
        aliases: {
            // `redirect_from` is Jekyll's name for old paths of a page.
            let mut aliases = reader.list("aliases");
            aliases.extend(reader.list("redirect_from"));
            // Docusaurus' `slug` and Hugo's `url` are where the page was published. The
            // site's root (`/`, a home page there) is this handbook's own home page.
            for old in ["slug", "url"] {
                let addresses = reader.list(old);
                aliases.extend(
                    addresses
                        .into_iter()
                        .filter(|a| !a.trim().trim_matches('/').is_empty()),
                );
            }
            aliases
        },
        id: reader.text("id"),
        supports: reader.list("supports"),
        supersedes: reader.list("supersedes"),
        superseded_by: reader.list("superseded_by"),
        template: reader.text("template"),
        redirect_to: reader.text("redirect_to"),
        search: !search_written || reader.boolean("search"),
        extra: reader.map("extra"),
        fields: Map::new(),
        unknown_fields: Vec::new(),
        cascade: Mapping::new(),
        field_lines: source.key_lines.clone(),
        header_line: source.header_line,
    };
    if let Some(title) = &meta.title {
        if title.trim().is_empty() {
            reader.report(
                "missing-field",
                "title",
                "`title` is empty",
                "write the document's title, or remove the field to use the first `# heading`",
            );
            meta.title = None;
        }
    }
    meta.cascade = reader.cascade();
    let kind = meta.kind.clone();
    reader.other_fields(kind.as_deref(), &mut meta);
    (meta, reader.diagnostics)
}

struct Reader<'a> {
    source: &'a MetaSource<'a>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The value of `key` and whether the document wrote it itself.
    fn get(&self, key: &str) -> Option<(&Value, bool)> {
        if let Some(value) = self.source.own.get(key) {
            return Some((value, true));
        }
        self.source.inherited.get(key).map(|value| (value, false))
    }

    fn line_of(&self, key: &str) -> usize {
        self.source
            .key_lines
            .get(key)
            .copied()
            .unwrap_or(self.source.header_line)
    }

    fn report(&mut self, code: &'static str, key: &str, message: &str, help: &str) {
        let line = self.line_of(key);
        self.diagnostics.push(
            Diagnostic::error(message)
                .code(code)
                .at(self.source.file, line, 1)
                .help(help),
        );
    }

    fn warn(&mut self, code: &'static str, key: &str, message: String, help: String) {
        let line = self.line_of(key);
        self.diagnostics.push(
            Diagnostic::warning(message)
                .code(code)
                .at(self.source.file, line, 1)
                .help(help),
        );
    }

    fn text(&mut self, key: &str) -> Option<String> {
        let (value, own) = self.get(key)?;
        match value {
            Value::Null => None,
            other => match frontmatter::scalar_text(other) {
                Some(text) => Some(text),
                None => {
                    if own {
                        self.report(
                            "wrong-type",
                            key,
                            &format!("`{key}` should be text, not {}", describe(value)),
                            &format!("write it on one line, e.g. `{key}: some text`"),
                        );
                    }
                    None
                }
            },
        }
    }

    fn list(&mut self, key: &str) -> Vec<String> {
        let Some((value, own)) = self.get(key) else {
            return Vec::new();
        };
        let items: Option<Vec<String>> = match value {
            Value::Null => Some(Vec::new()),
            Value::Sequence(items) => items.iter().map(frontmatter::scalar_text).collect(),
            single => frontmatter::scalar_text(single).map(|text| vec![text]),
        };
        if items.is_none() && own {
            self.report(
                "wrong-type",
                key,
                &format!("`{key}` should be a list of text values"),
                &format!("write e.g. `{key}: [first, second]`"),
            );
        }
        items.unwrap_or_default()
    }

    fn date(&mut self, key: &str) -> Option<String> {
        let text = self.text(key)?;
        let own = self.source.own.contains_key(key);
        let date_part = text.get(..10).unwrap_or(&text);
        let valid = date_part.parse::<jiff::civil::Date>().is_ok()
            && (text.len() == 10
                || text
                    .as_bytes()
                    .get(10)
                    .is_some_and(|b| *b == b'T' || *b == b' '));
        if valid {
            Some(date_part.to_string())
        } else {
            if own {
                self.report(
                    "invalid-date",
                    key,
                    &format!("`{key}` is not a valid date: `{text}`"),
                    "write the date as YYYY-MM-DD, e.g. `2027-03-31`",
                );
            }
            None
        }
    }

    fn integer(&mut self, key: &str) -> Option<i64> {
        let (value, own) = self.get(key)?;
        match value {
            Value::Null => None,
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            other => {
                if own {
                    self.report(
                        "wrong-type",
                        key,
                        &format!("`{key}` should be a whole number, not {}", describe(other)),
                        &format!("write e.g. `{key}: 10`"),
                    );
                }
                None
            }
        }
    }

    /// A place in an order: a whole number, or a fraction rounded to the nearest one.
    fn position(&mut self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some((Value::Number(n), _)) if n.as_i64().is_none() => {
                n.as_f64().map(|f| f.round() as i64)
            }
            _ => self.integer(key),
        }
    }

    fn boolean(&mut self, key: &str) -> bool {
        let Some((value, own)) = self.get(key) else {
            return false;
        };
        match value {
            Value::Bool(b) => *b,
            Value::Null => false,
            other => {
                if own {
                    self.report(
                        "wrong-type",
                        key,
                        &format!("`{key}` should be true or false, not {}", describe(other)),
                        &format!("write `{key}: true` or `{key}: false`"),
                    );
                }
                false
            }
        }
    }

    fn map(&mut self, key: &str) -> Map<String, serde_json::Value> {
        let Some((value, own)) = self.get(key) else {
            return Map::new();
        };
        match frontmatter::to_json(value) {
            serde_json::Value::Object(map) => map,
            serde_json::Value::Null => Map::new(),
            _ => {
                if own {
                    self.report(
                        "wrong-type",
                        key,
                        &format!("`{key}` should be a map of fields"),
                        &format!("indent fields under it, e.g. `{key}:` then `  name: value`"),
                    );
                }
                Map::new()
            }
        }
    }

    fn cascade(&mut self) -> Mapping {
        let Some(value) = self.source.own.get("cascade") else {
            return Mapping::new();
        };
        if !self.source.is_section {
            self.warn(
                "misplaced-field",
                "cascade",
                "`cascade` only has an effect in a section's index file".into(),
                "move it to `_index.md` (or `index.md`/`README.md`) of the folder".into(),
            );
            return Mapping::new();
        }
        match value {
            Value::Mapping(map) => {
                for key in map.keys().filter_map(frontmatter::scalar_text) {
                    if !self.source.kinds.all_field_names().any(|name| name == key) {
                        let help = hint(self.source.kinds, &key);
                        self.warn(
                            "unknown-field",
                            "cascade",
                            format!("unknown field `{key}` in `cascade`"),
                            help,
                        );
                    }
                }
                map.clone()
            }
            _ => {
                self.report(
                    "wrong-type",
                    "cascade",
                    "`cascade` should be a map of front-matter fields",
                    "write e.g. `cascade: {kind: policy, owner: security}`",
                );
                Mapping::new()
            }
        }
    }

    /// Splits the remaining fields: the kind's own go to `fields`; any other is kept under
    /// `extra` (an explicit `extra:` entry wins) and its name recorded, if written here.
    fn other_fields(&mut self, kind: Option<&str>, meta: &mut Meta) {
        let schema = self
            .source
            .kinds
            .get(kind.unwrap_or(crate::model::kinds::DEFAULT_KIND));
        let inherited = self
            .source
            .inherited
            .iter()
            .filter(|(k, _)| !self.source.own.contains_key(*k));
        let all: Vec<(String, Value, bool)> = self
            .source
            .own
            .iter()
            .map(|(k, v)| (k, v, true))
            .chain(inherited.map(|(k, v)| (k, v, false)))
            .filter_map(|(k, v, own)| frontmatter::scalar_text(k).map(|k| (k, v.clone(), own)))
            .collect();
        for (key, value, own) in all {
            if kinds::COMMON_FIELDS.contains(&key.as_str())
                || kinds::SECTION_FIELDS.contains(&key.as_str())
            {
                continue;
            }
            let is_kind_field = match schema {
                Some(schema) if !self.source.is_section => schema.fields.contains_key(&key),
                _ => self.source.is_section && self.source.kinds.is_kind_field(&key),
            };
            if is_kind_field {
                meta.fields.insert(key, frontmatter::to_json(&value));
                continue;
            }
            if own {
                meta.unknown_fields.push(key.clone());
            }
            if !meta.extra.contains_key(&key) {
                meta.extra.insert(key, frontmatter::to_json(&value));
            }
        }
    }
}

fn hint(kinds: &Kinds, key: &str) -> String {
    match kinds::nearest(key, kinds.all_field_names()) {
        Some(near) => format!("did you mean `{near}`? (unknown fields are kept for templates; put your own under `extra:`)"),
        None => "put fields of your own under `extra:` so templates can use them without a warning".into(),
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}
