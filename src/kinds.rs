//! The built-in document kinds and the front-matter fields each adds to the common ones.
//!
//! This is the foundation's view of kinds: which names exist and which extra fields they
//! bring, so those fields are not reported as unknown. Full schemas (required fields,
//! statuses, types) build on this table.

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

/// Whether `field` is a field of any built-in kind.
pub fn is_kind_field(field: &str) -> bool {
    BUILT_IN.iter().any(|kind| kind.fields.contains(&field))
}

/// Whether `name` is a built-in kind.
pub fn is_built_in(name: &str) -> bool {
    BUILT_IN.iter().any(|kind| kind.name == name)
}

/// Every field name any document can use, for "did you mean" hints.
pub fn all_field_names() -> impl Iterator<Item = &'static str> {
    COMMON_FIELDS
        .iter()
        .chain(SECTION_FIELDS)
        .chain(BUILT_IN.iter().flat_map(|kind| kind.fields))
        .copied()
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
        assert_eq!(nearest("reviw_by", all_field_names()), Some("review_by"));
        assert_eq!(nearest("titel", all_field_names()), Some("title"));
        assert_eq!(nearest("completely_else", all_field_names()), None);
    }
}
