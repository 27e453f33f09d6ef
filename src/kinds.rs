//! The built-in document kinds and the front-matter fields each adds to the common ones.
//!
//! This is the foundation's view of kinds: which names exist and which extra fields they
//! bring, so those fields are not reported as unknown. Full schemas (required fields,
//! statuses, types) build on this table.

use std::collections::BTreeMap;

/// A built-in kind and the fields it adds.
pub struct KindFields {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

/// Every built-in kind. `page` is the default.
pub const BUILT_IN: &[KindFields] = &[
    KindFields {
        name: "page",
        fields: &[],
    },
    KindFields {
        name: "strategy",
        fields: &["objectives", "horizon"],
    },
    KindFields {
        name: "roadmap",
        fields: &["items", "lanes", "horizon", "include"],
    },
    KindFields {
        name: "initiative",
        fields: &["start", "end", "lane", "progress", "depends_on"],
    },
    KindFields {
        name: "policy",
        fields: &["effective", "applies_to"],
    },
    KindFields {
        name: "standard",
        fields: &["effective", "applies_to"],
    },
    KindFields {
        name: "decision",
        fields: &["decided", "deciders", "consulted", "informed"],
    },
    KindFields {
        name: "rfc",
        fields: &["discussion", "reviewers"],
    },
    KindFields {
        name: "technology",
        fields: &["ring", "quadrant", "moved"],
    },
    KindFields {
        name: "risk",
        fields: &["likelihood", "impact", "mitigated_by", "category"],
    },
];

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
    "weight",
    "draft",
    "classification",
    "aliases",
    "id",
    "supports",
    "supersedes",
    "superseded_by",
    "template",
    "extra",
];

/// Fields only a section index (`_index.md`, `index.md`, `README.md`) has.
pub const SECTION_FIELDS: &[&str] = &["cascade"];

/// A handbook's own kind, or an extension of a built-in one, from `kinds:` in the config.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindConfig {
    /// Front-matter fields documents of this kind may have, beyond the common ones.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// Every kind of this handbook: the built-in ones plus those of the config.
#[derive(Debug, Clone, Default)]
pub struct Kinds {
    /// Kind name → its extra field names.
    kinds: BTreeMap<String, Vec<String>>,
}

impl Kinds {
    /// The built-in kinds, extended (or added to) by `configured`.
    pub fn new(configured: &BTreeMap<String, KindConfig>) -> Self {
        let mut kinds: BTreeMap<String, Vec<String>> = BUILT_IN
            .iter()
            .map(|k| {
                (
                    k.name.to_string(),
                    k.fields.iter().map(|f| f.to_string()).collect(),
                )
            })
            .collect();
        for (name, config) in configured {
            kinds
                .entry(name.clone())
                .or_default()
                .extend(config.fields.iter().cloned());
        }
        Kinds { kinds }
    }

    /// Whether `name` is a kind.
    pub fn contains(&self, name: &str) -> bool {
        self.kinds.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// Whether `field` belongs to any kind.
    pub fn is_kind_field(&self, field: &str) -> bool {
        self.kinds
            .values()
            .any(|fields| fields.iter().any(|f| f == field))
    }

    /// Every field name any document can use, for "did you mean" hints.
    pub fn all_field_names(&self) -> impl Iterator<Item = &str> {
        COMMON_FIELDS
            .iter()
            .chain(SECTION_FIELDS)
            .copied()
            .chain(self.kinds.values().flatten().map(String::as_str))
    }
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
    fn config_adds_kinds_and_fields() {
        let configured = BTreeMap::from([(
            "vendor".to_string(),
            KindConfig {
                fields: vec!["supplier".into()],
            },
        )]);
        let kinds = Kinds::new(&configured);
        assert!(kinds.contains("vendor") && kinds.contains("policy"));
        assert!(kinds.is_kind_field("supplier") && kinds.is_kind_field("ring"));
    }
}
