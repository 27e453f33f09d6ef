//! Document kinds are schemas: the built-in ones (`builtin.yaml`) and a handbook's own,
//! in one format and through one code path.

mod schema;

pub use schema::{FieldSpec, FieldType, FullField, KindSchema};

use std::collections::BTreeMap;

/// The kind of documents that name none.
pub const DEFAULT_KIND: &str = "page";

/// The front-matter fields every document may have.
pub const COMMON_FIELDS: &[&str] = &[
    "title",
    "kind",
    "status",
    "owner",
    "authors",
    "summary",
    "tags",
    "date",
    "updated",
    "review_by",
    "review_every",
    "last_reviewed",
    "review_in",
    "last_reviewed_on",
    "nav_order",
    "redirect_from",
    "weight",
    "draft",
    "classification",
    "aliases",
    "id",
    "supports",
    "supersedes",
    "superseded_by",
    "template",
    "redirect_to",
    "search",
    // Other tools' names for the fields above (see model::meta).
    "owner_slack",
    "description",
    "expiryDate",
    "sidebar_position",
    "slug",
    "url",
    "extra",
];

/// The starter text `northstar new` writes where only the writer can say what goes, which the
/// `placeholder` check finds when it is left in.
pub mod starter {
    /// The summary of a new document.
    pub const SUMMARY: &str = "One sentence on what this document is for.";
    /// The owner of a new document that must have one.
    pub const OWNER: &str = "unassigned";
    /// A required text field of a new document.
    pub const TEXT: &str = "To be decided";
    /// The body of a kind with no starter headings.
    pub const BODY: &str = "Write here.";
}

/// Fields only a section index (`_index.md`, `index.md`, `README.md`) has.
pub const SECTION_FIELDS: &[&str] = &["cascade"];

/// The built-in kinds, in the format of `kinds:` in northstar.yaml.
const BUILT_IN: &str = include_str!("builtin.yaml");

/// Every kind of this handbook: the built-in ones, extended or added to by the config.
#[derive(Debug, Clone, PartialEq)]
pub struct Kinds {
    kinds: BTreeMap<String, KindSchema>,
}

impl Default for Kinds {
    fn default() -> Self {
        Kinds::new(&BTreeMap::new())
    }
}

impl Kinds {
    /// The built-in kinds, extended (or added to) by `configured`.
    pub fn new(configured: &BTreeMap<String, KindSchema>) -> Self {
        let mut kinds: BTreeMap<String, KindSchema> =
            crate::stages::frontmatter::from_yaml(BUILT_IN).expect("the built-in kinds are valid");
        for (name, schema) in configured {
            kinds.entry(name.clone()).or_default().extend(schema);
        }
        Kinds { kinds }
    }

    /// The schema of kind `name`.
    pub fn get(&self, name: &str) -> Option<&KindSchema> {
        self.kinds.get(name)
    }

    /// The `label` the schema of kind `name` gives it (built in or configured), if any.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|schema| schema.label.as_deref())
    }

    /// Whether `name` is a kind.
    pub fn contains(&self, name: &str) -> bool {
        self.kinds.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &KindSchema)> {
        self.kinds
            .iter()
            .map(|(name, schema)| (name.as_str(), schema))
    }

    /// Whether `field` belongs to any kind.
    pub fn is_kind_field(&self, field: &str) -> bool {
        self.kinds
            .values()
            .any(|kind| kind.fields.contains_key(field))
    }

    /// Every field name any document can use, for "did you mean" hints.
    pub fn all_field_names(&self) -> impl Iterator<Item = &str> {
        COMMON_FIELDS.iter().chain(SECTION_FIELDS).copied().chain(
            self.kinds
                .values()
                .flat_map(|kind| kind.fields.keys().map(String::as_str)),
        )
    }

    /// The fields a document of kind `name` can use.
    pub fn field_names<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        COMMON_FIELDS.iter().copied().chain(
            self.kinds
                .get(name)
                .into_iter()
                .flat_map(|kind| kind.fields.keys().map(String::as_str)),
        )
    }
}

/// The allowed value nearest `wanted` (`In Progress` → `in-progress`, `platform` →
/// `platforms`): the one equal to it once case, spaces and underscores are set aside, else
/// one that starts with it or that it starts with, else the closest by edit distance.
pub fn nearest_value<'a>(wanted: &str, allowed: &'a [String]) -> Option<&'a str> {
    let normal = |text: &str| text.trim().to_lowercase().replace([' ', '_'], "-");
    let wanted = normal(wanted);
    let values = || allowed.iter().map(|v| (normal(v), v.as_str()));
    if let Some((_, value)) = values().find(|(v, _)| *v == wanted) {
        return Some(value);
    }
    if let Some((_, value)) = values()
        .filter(|(v, _)| {
            !wanted.is_empty() && (v.starts_with(&wanted) || wanted.starts_with(v.as_str()))
        })
        .min_by_key(|(v, _)| v.len().abs_diff(wanted.len()))
    {
        return Some(value);
    }
    values()
        .map(|(v, value)| (strsim::damerau_levenshtein(&wanted, &v), value))
        .filter(|(distance, value)| *distance <= 2.max(value.len().min(wanted.len()) / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, value)| value)
}

/// The known name closest to `wanted`, when it is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|name| (strsim::damerau_levenshtein(wanted, name), name))
        .filter(|(distance, name)| *distance <= 2.max(name.len() / 4) && *distance < name.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        let kinds = Kinds::default();
        assert_eq!(
            nearest("reviw_by", kinds.all_field_names()),
            Some("review_by")
        );
        assert_eq!(nearest("titel", kinds.all_field_names()), Some("title"));
        assert_eq!(nearest("completely_else", kinds.all_field_names()), None);
    }

    #[test]
    fn values_suggest_the_nearest_allowed_one() {
        let values = |list: &[&str]| list.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let quadrants = values(&["languages-frameworks", "tools", "platforms", "techniques"]);
        assert_eq!(nearest_value("platform", &quadrants), Some("platforms"));
        assert_eq!(nearest_value("Tools", &quadrants), Some("tools"));
        assert_eq!(nearest_value("tehcniques", &quadrants), Some("techniques"));
        let statuses = values(&["planned", "in-progress", "done", "at-risk", "cancelled"]);
        assert_eq!(nearest_value("In Progress", &statuses), Some("in-progress"));
        assert_eq!(nearest_value("canceled", &statuses), Some("cancelled"));
    }

    #[test]
    fn config_adds_kinds_and_fields() {
        let configured: BTreeMap<String, KindSchema> = crate::stages::frontmatter::from_yaml(
            "vendor: {fields: {supplier: text}}\npolicy: {fields: {approver: text}}",
        )
        .unwrap();
        let kinds = Kinds::new(&configured);
        let policy = kinds.get("policy").unwrap();
        assert!(
            policy.fields.contains_key("effective"),
            "built-in fields kept"
        );
        assert!(policy.fields.contains_key("approver"), "extension added");
        assert!(kinds.contains("vendor") && kinds.contains("policy"));
        assert!(kinds.is_kind_field("supplier") && kinds.is_kind_field("ring"));
    }
}
