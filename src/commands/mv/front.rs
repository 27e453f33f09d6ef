//! The YAML side of a move: the reference fields of a front matter (`supports`, `supersedes`,
//! `superseded_by`, every kind's reference fields, the `link` of roadmap items and radar
//! blips), the board pack's documents in northstar.yaml, and an alias added to a moved
//! document. Only the text of each value changes; the YAML is never written out again.

use std::collections::BTreeSet;
use std::ops::Range;

use serde_yaml::{Mapping, Value};

use super::edits::Edit;
use super::relocation::Relocation;
use crate::model::kinds::{FieldType, Kinds};

/// The fields whose values are references, for any kind.
pub fn reference_fields(kinds: &Kinds) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = ["supports", "supersedes", "superseded_by"]
        .into_iter()
        .map(String::from)
        .collect();
    for (_, schema) in kinds.iter() {
        for (name, spec) in &schema.fields {
            if matches!(
                spec.full().kind,
                FieldType::Reference | FieldType::References
            ) {
                names.insert(name.clone());
            }
        }
    }
    names
}

/// A YAML text and where it starts in its file.
pub struct Yaml<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Yaml<'_> {
    /// The edits of the references of `fields` (this YAML, parsed) that the move changes.
    pub fn reference_edits(
        &self,
        fields: &Mapping,
        names: &BTreeSet<String>,
        relocation: &Relocation,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        for (key, value) in fields {
            let Some(key) = key.as_str() else { continue };
            let Some(block) = self.block(key) else {
                continue;
            };
            if names.contains(key) {
                for written in strings(value) {
                    self.replace(&mut edits, block.clone(), &written, relocation, None);
                }
            } else if key == "items" || key == "blips" {
                let Value::Sequence(entries) = value else {
                    continue;
                };
                for link in entries.iter().filter_map(|e| e.get("link")?.as_str()) {
                    self.replace(&mut edits, block.clone(), link, relocation, Some("link"));
                }
            }
        }
        edits
    }

    /// The edits of the paths of the top-level key `key` (e.g. `board_pack` of the config).
    pub fn block_edits(&self, key: &str, paths: &[String], relocation: &Relocation) -> Vec<Edit> {
        let mut edits = Vec::new();
        if let Some(block) = self.block(key) {
            for written in paths {
                self.replace(&mut edits, block.clone(), written, relocation, None);
            }
        }
        edits
    }

    /// The byte range of the top-level key `key`: its line and those indented under it.
    fn block(&self, key: &str) -> Option<Range<usize>> {
        let mut start = None;
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let top_level = !line.starts_with([' ', '\t', '#', '\n', '\r', '-']);
            if top_level {
                if let Some(start) = start {
                    return Some(start..offset);
                }
                let name = line.split(':').next().unwrap_or("").trim();
                if name.trim_matches(['"', '\'']) == key && line.contains(':') {
                    start = Some(offset);
                }
            }
            offset += line.len();
        }
        start.map(|start| start..self.text.len())
    }

    /// Replaces every occurrence of the scalar `written` within `block` by its moved form (a
    /// whole scalar: bounded by spaces, quotes, brackets, commas or line ends; after `key:`
    /// when a key is given).
    fn replace(
        &self,
        edits: &mut Vec<Edit>,
        block: Range<usize>,
        written: &str,
        relocation: &Relocation,
        key: Option<&str>,
    ) {
        let Some(new) = moved_reference(written, relocation) else {
            return;
        };
        let area = &self.text[block.clone()];
        for (at, _) in area.match_indices(written) {
            let before = area[..at].trim_end_matches(['"', '\'']);
            let after = &area[at + written.len()..];
            let before_ok = before.is_empty() || before.ends_with([' ', '\t', '[', ',', '{', '\n']);
            let after_ok = after.is_empty()
                || after.starts_with([' ', '\t', ']', ',', '}', '\n', '\r', '"', '\'']);
            let key_ok = key.is_none_or(|key| before.trim_end().ends_with(&format!("{key}:")));
            if before_ok && after_ok && key_ok {
                let start = self.start + block.start + at;
                let plain = !area[..at].ends_with(['"', '\'']);
                let text = if plain {
                    crate::stages::frontmatter::yaml_scalar(&new)
                } else {
                    new.clone()
                };
                let edit = Edit {
                    range: start..start + written.len(),
                    text,
                };
                if !edits.contains(&edit) {
                    edits.push(edit);
                }
            }
        }
    }

    /// The edit that adds `alias` to the `aliases` of this front matter.
    pub fn alias_edit(&self, alias: &str) -> Edit {
        let item = crate::stages::frontmatter::yaml_scalar(alias);
        let Some(block) = self.block("aliases") else {
            let end = self.start + self.text.len();
            let newline = if self.text.is_empty() || self.text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            return Edit {
                range: end..end,
                text: format!("{newline}aliases: [{item}]\n"),
            };
        };
        let area = &self.text[block.clone()];
        let value = area.split_once(':').map_or("", |(_, v)| v);
        let first_line = value.lines().next().unwrap_or("").trim();
        let at = |offset: usize| self.start + block.start + offset;
        if first_line.starts_with('[') {
            let close = area.find(']').unwrap_or(area.len());
            let empty = area[area.find('[').unwrap_or(0) + 1..close]
                .trim()
                .is_empty();
            let text = if empty { item } else { format!(", {item}") };
            return Edit {
                range: at(close)..at(close),
                text,
            };
        }
        if first_line.is_empty() || first_line.starts_with('#') {
            // A block list: one more item, indented as the last.
            let items = area.trim_end_matches('\n');
            let indent = items
                .lines()
                .last()
                .map_or("  ", |l| &l[..l.len() - l.trim_start().len()]);
            let indent = if items.lines().count() > 1 {
                indent
            } else {
                "  "
            };
            return Edit {
                range: at(items.len())..at(items.len()),
                text: format!("\n{indent}- {item}"),
            };
        }
        // A single scalar: made a list.
        let colon = area.find(':').unwrap_or(0) + 1;
        let line_end = area.find('\n').unwrap_or(area.len());
        let value = area[colon..line_end].trim();
        Edit {
            range: at(colon)..at(line_end),
            text: format!(" [{value}, {item}]"),
        }
    }
}

/// The reference `written` (`./a.md#objective`) after the move, when the move changes it.
fn moved_reference(written: &str, relocation: &Relocation) -> Option<String> {
    let (path, fragment) = match written.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (written, None),
    };
    let trimmed = path.trim();
    let dot = trimmed.starts_with("./");
    let bare = trimmed.trim_start_matches("./");
    let slash = bare.ends_with('/');
    let mut new = relocation.map(bare.trim_end_matches('/'))?;
    if dot {
        new.insert_str(0, "./");
    }
    if slash {
        new.push('/');
    }
    if let Some(fragment) = fragment {
        new.push('#');
        new.push_str(fragment);
    }
    Some(new)
}

/// The strings of a value: itself, or the strings of a list.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(yaml: &str, relocation: &Relocation) -> String {
        let fields: Mapping = serde_yaml::from_str(yaml).unwrap();
        let names = reference_fields(&Kinds::default());
        let edits = Yaml {
            text: yaml,
            start: 0,
        }
        .reference_edits(&fields, &names, relocation);
        super::super::edits::apply(yaml, &edits)
    }

    #[test]
    fn rewrites_only_reference_values() {
        let r = Relocation {
            from: "strategy/cloud.md".into(),
            to: "vision/cloud.md".into(),
            folder: false,
        };
        let yaml = "title: strategy/cloud.md\nsupports: [strategy/cloud.md#faster, ./strategy/cloud.md]\n\
                    depends_on:\n  - 'strategy/cloud.md'\n  - strategy/cloud.mdx\nitems:\n  - {title: X, link: strategy/cloud.md}\n";
        assert_eq!(
            edited(yaml, &r),
            "title: strategy/cloud.md\nsupports: [vision/cloud.md#faster, ./vision/cloud.md]\n\
             depends_on:\n  - 'vision/cloud.md'\n  - strategy/cloud.mdx\nitems:\n  - {title: X, link: vision/cloud.md}\n"
        );
    }

    #[test]
    fn adds_aliases_in_the_form_found() {
        let add = |yaml: &str| {
            let edit = Yaml {
                text: yaml,
                start: 0,
            }
            .alias_edit("old/a.html");
            super::super::edits::apply(yaml, &[edit])
        };
        assert_eq!(add("title: A\n"), "title: A\naliases: [old/a.html]\n");
        assert_eq!(
            add("aliases: [x.html]\nt: 1\n"),
            "aliases: [x.html, old/a.html]\nt: 1\n"
        );
        assert_eq!(add("aliases: []\n"), "aliases: [old/a.html]\n");
        assert_eq!(
            add("aliases:\n    - x.html\nt: 1\n"),
            "aliases:\n    - x.html\n    - old/a.html\nt: 1\n"
        );
        assert_eq!(add("aliases: x.html\n"), "aliases: [x.html, old/a.html]\n");
    }
}
