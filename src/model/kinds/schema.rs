//! The kind schema format: what `kinds:` in northstar.yaml and the built-in kinds say.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One kind: its statuses, required fields, own fields and starter text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSchema {
    /// How the kind is named on pages.
    #[serde(default)]
    pub label: Option<String>,
    /// The folder `northstar new` writes into, relative to `content/`.
    #[serde(default)]
    pub section: Option<String>,
    /// The template its pages use.
    #[serde(default)]
    pub template: Option<String>,
    /// Allowed statuses; the first is the default. Empty: any status.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// Common fields every document of the kind must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// A date field of the kind that acts as its review date.
    #[serde(default)]
    pub review_date: Option<String>,
    /// The kind's own fields.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldSpec>,
    /// The Markdown body `northstar new` writes.
    #[serde(default)]
    pub starter: Option<String>,
}

/// A kind's field: `name: TYPE` or `name: {type: …, required: …}`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSpec {
    Short(FieldType),
    Full(FullField),
}

impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldSpecVisitor)
    }
}

/// Reads either form of a field, with errors that name the accepted types.
struct FieldSpecVisitor;

impl<'de> serde::de::Visitor<'de> for FieldSpecVisitor {
    type Value = FieldSpec;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field type (e.g. `text`) or a map such as `{type: date, required: true}`")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<FieldSpec, E> {
        FieldType::deserialize(serde::de::value::StrDeserializer::<E>::new(value))
            .map(FieldSpec::Short)
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<FieldSpec, M::Error> {
        FullField::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(FieldSpec::Full)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FullField {
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    /// For `choice`: the allowed values.
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
}

impl FieldSpec {
    pub fn full(&self) -> FullField {
        match self {
            FieldSpec::Short(kind) => FullField {
                kind: *kind,
                required: false,
                values: Vec::new(),
                min: None,
                max: None,
            },
            FieldSpec::Full(full) => full.clone(),
        }
    }
}

/// The type of a kind's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Date,
    /// A date or a quarter such as `2027-Q2`.
    Period,
    Integer,
    Number,
    Bool,
    List,
    Choice,
    /// A path relative to `content/`, optionally `#objective-id`.
    Reference,
    References,
    /// A list of `{id, title, measure, target}`.
    Objectives,
    Map,
}

impl FieldType {
    /// What a value of this type looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Date => "a date (YYYY-MM-DD)",
            FieldType::Period => {
                "a date (YYYY-MM-DD) or a quarter (YYYY-Q1 … YYYY-Q4) from 1900 to 2199"
            }
            FieldType::Integer => "a whole number",
            FieldType::Number => "a number",
            FieldType::Bool => "true or false",
            FieldType::List => "a list",
            FieldType::Choice => "one of the listed values",
            FieldType::Reference => "a path relative to content/, e.g. strategy/cloud.md",
            FieldType::References => "a list of paths relative to content/",
            FieldType::Objectives => "a list of objectives, each with id and title",
            FieldType::Map => "a map of fields",
        }
    }
}

impl KindSchema {
    /// Applies a handbook's extension on top of this (built-in) kind: fields add up, other
    /// settings replace when given.
    pub fn extend(&mut self, other: &KindSchema) {
        if other.label.is_some() {
            self.label.clone_from(&other.label);
        }
        if other.section.is_some() {
            self.section.clone_from(&other.section);
        }
        if other.template.is_some() {
            self.template.clone_from(&other.template);
        }
        if !other.statuses.is_empty() {
            self.statuses.clone_from(&other.statuses);
        }
        for field in &other.required {
            if !self.required.contains(field) {
                self.required.push(field.clone());
            }
        }
        if other.review_date.is_some() {
            self.review_date.clone_from(&other.review_date);
        }
        for (name, spec) in &other.fields {
            self.fields.insert(name.clone(), spec.clone());
        }
        if other.starter.is_some() {
            self.starter.clone_from(&other.starter);
        }
    }

    pub fn default_status(&self) -> Option<&str> {
        self.statuses.first().map(String::as_str)
    }
}
