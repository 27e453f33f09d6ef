//! `audiences:` in `northstar.yaml`: the classification levels, lowest first, the level of a
//! document that names none, the audience a build is for, and how strictly a link to a
//! document of a higher level is reported.

use serde::Deserialize;

use crate::model::config::{BrokenLinks, CONFIG_FILE};
use crate::model::diagnostics::Diagnostic;

/// The levels a handbook starts with.
pub const DEFAULT_LEVELS: &[&str] = &["public", "internal", "confidential", "restricted"];

/// `audiences:` — written as a map, or as a plain list of levels (lowest first).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "Written")]
pub struct AudiencesConfig {
    /// Levels, lowest first.
    pub levels: Vec<String>,
    /// The level of a document (or section) that names none.
    pub default_classification: String,
    /// The audience `build`, `check`, `serve` and `list` work for without `--audience`.
    pub default_audience: String,
    /// Whether a link to a document above the audience fails the build.
    pub dangling: BrokenLinks,
    /// The audience chosen with `--audience`, checked by [`AudiencesConfig::select`].
    pub selected: Option<String>,
}

/// The two ways to write `audiences:`.
enum Written {
    Levels(Vec<String>),
    Full(Full),
}

/// A list is the levels, a map the full form. Read by the shape of the value rather than
/// with `#[serde(untagged)]`, so that a wrong key gets the map's own error (`unknown field
/// `levls`, expected one of …`) instead of "data did not match any variant".
impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl<'de> serde::de::Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(
            "a list of levels, lowest first, or a map of `levels`, `default_classification`, \
             `default_audience` and `dangling`",
        )
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Written, A::Error> {
        let levels = Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Written::Levels(levels))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Written, A::Error> {
        let full = Full::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Written::Full(full))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Full {
    #[serde(default)]
    levels: Option<Vec<String>>,
    #[serde(default)]
    default_classification: Option<String>,
    #[serde(default)]
    default_audience: Option<String>,
    #[serde(default)]
    dangling: BrokenLinks,
}

impl From<Written> for AudiencesConfig {
    fn from(written: Written) -> Self {
        let full = match written {
            Written::Levels(levels) => Full {
                levels: Some(levels),
                default_classification: None,
                default_audience: None,
                dangling: BrokenLinks::Error,
            },
            Written::Full(full) => full,
        };
        let levels = full
            .levels
            .unwrap_or_else(|| DEFAULT_LEVELS.iter().map(|l| l.to_string()).collect());
        // Without a written default, `internal` if it is a level, else the lowest level.
        let fallback = || {
            if levels.iter().any(|l| l == "internal") {
                "internal".to_string()
            } else {
                levels.first().cloned().unwrap_or_default()
            }
        };
        AudiencesConfig {
            default_classification: full.default_classification.unwrap_or_else(fallback),
            default_audience: full.default_audience.unwrap_or_else(fallback),
            levels,
            dangling: full.dangling,
            selected: None,
        }
    }
}

impl Default for AudiencesConfig {
    fn default() -> Self {
        Written::Full(Full {
            levels: None,
            default_classification: None,
            default_audience: None,
            dangling: BrokenLinks::Error,
        })
        .into()
    }
}

impl AudiencesConfig {
    /// The rank of `level` (0 for the lowest), matched without regard to case.
    pub fn rank(&self, level: &str) -> Option<usize> {
        let level = level.trim();
        self.levels
            .iter()
            .position(|l| l.eq_ignore_ascii_case(level))
    }

    /// The audience of this build: the one chosen, else `default_audience`.
    pub fn audience(&self) -> &str {
        self.selected.as_deref().unwrap_or(&self.default_audience)
    }

    /// The rank of the audience of this build.
    pub fn audience_rank(&self) -> usize {
        self.rank(self.audience()).unwrap_or(0)
    }

    /// The rank of a document without a classification of its own.
    pub fn default_rank(&self) -> usize {
        self.rank(&self.default_classification).unwrap_or(0)
    }

    /// The levels as shown in help texts: `public, internal, …`.
    pub fn listed(&self) -> String {
        self.levels.join(", ")
    }

    /// Checks the levels and defaults; problems point at `northstar.yaml`.
    pub fn validate(&self) -> Result<(), Diagnostic> {
        let problem = |message: String, help: String| {
            Err(Diagnostic::error(message)
                .code("config")
                .in_file(CONFIG_FILE)
                .help(help))
        };
        if self.levels.is_empty() || self.levels.iter().any(|l| l.trim().is_empty()) {
            return problem(
                "`audiences.levels` needs at least one level, and no empty one".into(),
                "list the levels lowest first, e.g. `levels: [public, internal, confidential, restricted]`".into(),
            );
        }
        for (index, level) in self.levels.iter().enumerate() {
            if self.rank(level) != Some(index) {
                return problem(
                    format!("`audiences.levels` names `{level}` twice"),
                    "each level appears once, lowest first".into(),
                );
            }
        }
        for (key, value) in [
            ("default_classification", &self.default_classification),
            ("default_audience", &self.default_audience),
        ] {
            if self.rank(value).is_none() {
                return problem(
                    format!("`audiences.{key}` is `{value}`, which is not one of the levels"),
                    format!("use one of: {}", self.listed()),
                );
            }
        }
        Ok(())
    }

    /// Chooses the audience of this build (`--audience`); an unknown level is a usage error.
    pub fn select(&mut self, audience: Option<&str>) -> Result<(), Diagnostic> {
        let Some(audience) = audience else {
            return Ok(());
        };
        match self.rank(audience) {
            Some(rank) => {
                self.selected = Some(self.levels[rank].clone());
                Ok(())
            }
            None => Err(Diagnostic::error(format!(
                "`--audience {audience}` is not one of this handbook's levels"
            ))
            .code("unknown-audience")
            .help(format!(
                "use one of: {} (set them under `audiences:` in {CONFIG_FILE})",
                self.listed()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> AudiencesConfig {
        crate::stages::frontmatter::from_yaml(yaml).unwrap()
    }

    #[test]
    fn defaults_and_both_forms() {
        let config = AudiencesConfig::default();
        assert_eq!(config.levels, DEFAULT_LEVELS);
        assert_eq!(config.audience(), "internal");
        assert_eq!(config.default_rank(), 1);
        let list = parse("[open, staff, board]");
        assert_eq!(list.rank("BOARD"), Some(2));
        assert_eq!(list.default_audience, "open");
        let map = parse("{dangling: warn, default_audience: confidential}");
        assert_eq!(map.dangling, BrokenLinks::Warn);
        assert_eq!(map.audience_rank(), 2);
        assert!(crate::stages::frontmatter::from_yaml::<AudiencesConfig>("{levls: [a]}").is_err());
    }

    #[test]
    fn a_wrong_key_or_shape_is_named() {
        let wrong_key = crate::stages::frontmatter::from_yaml::<AudiencesConfig>("{levls: [a]}")
            .err()
            .unwrap()
            .message;
        assert!(
            wrong_key.contains("unknown field `levls`, expected one of `levels`"),
            "{wrong_key}"
        );
        let wrong_shape = crate::stages::frontmatter::from_yaml::<AudiencesConfig>("3")
            .err()
            .unwrap()
            .message;
        assert!(
            wrong_shape.contains("expected a list of levels, lowest first, or a map"),
            "{wrong_shape}"
        );
    }

    #[test]
    fn validates_and_selects() {
        let mut config = parse("{levels: [a, b], default_audience: c}");
        assert!(config.validate().is_err());
        config.default_audience = "b".into();
        assert!(config.validate().is_ok());
        assert!(config.select(Some("z")).is_err());
        config.select(Some("A")).unwrap();
        assert_eq!(config.audience(), "a");
    }
}
