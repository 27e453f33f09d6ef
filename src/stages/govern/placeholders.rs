//! Starter text left in a document: the placeholder summary, owner and text values that
//! `northstar new` writes, a body that is still the kind's starter, and starter headings with
//! nothing under them. Each is a `placeholder` warning, so a skeleton is never published
//! without anyone being told.

use std::path::Path;

use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::{starter, Kinds};
use crate::model::site::Document;

/// The `placeholder` warnings of `document` (read from `file`).
pub fn check(kinds: &Kinds, document: &Document, file: &Path, out: &mut Vec<Diagnostic>) {
    let meta = &document.meta;
    let line = |field: &str| {
        meta.field_lines
            .get(field)
            .copied()
            .unwrap_or(meta.header_line)
    };
    let mut warn = |line: usize, message: String, help: &str| {
        out.push(
            Diagnostic::warning(message)
                .code("placeholder")
                .at(file, line, 1)
                .help(help.to_string()),
        );
    };
    if meta.summary.as_deref() == Some(starter::SUMMARY) {
        warn(
            line("summary"),
            "the summary is still the placeholder `new` wrote".into(),
            "write one sentence on what this document is for, or remove `summary`",
        );
    }
    if meta.owner.as_deref() == Some(starter::OWNER) {
        warn(
            line("owner"),
            format!(
                "`owner: {}` is still the placeholder `new` wrote",
                starter::OWNER
            ),
            "name the accountable team or role",
        );
    }
    for (name, value) in &meta.fields {
        if value.as_str() == Some(starter::TEXT) {
            warn(
                line(name),
                format!("`{name}` is still the placeholder `{}`", starter::TEXT),
                "write its value, or remove the field if it is optional",
            );
        }
    }
    let schema = meta.kind.as_deref().and_then(|kind| kinds.get(kind));
    let starter_body = schema
        .and_then(|s| s.starter.as_deref())
        .unwrap_or(starter::BODY);
    let body = document.body.trim();
    if body == starter_body.trim() || body == starter::BODY {
        warn(
            document.body_line,
            "the body is still the starter text `new` wrote".into(),
            "write the document, or delete the starter headings you do not need",
        );
        return;
    }
    let empty = empty_headings(&document.body, starter_body);
    if let Some((offset, _)) = empty.first() {
        let names: Vec<&str> = empty.iter().map(|(_, h)| h.as_str()).collect();
        warn(
            document.body_line + offset,
            format!(
                "starter headings with nothing under them: {}",
                names.join(", ")
            ),
            "write under each heading, or delete the ones you do not need",
        );
    }
}

/// The headings of the kind's starter that `body` still has with nothing under them, with
/// the body line (0-based) of each, in body order.
///
/// Only the lines holding a `#` are looked at (found with `memchr`: walking every line of
/// every body was 1.6% of a build's instructions); where a starter heading is a whole line,
/// the next line that is not blank says whether anything was written under it: a heading
/// of the same or a higher level, or the end of the body, means nothing was.
fn empty_headings(body: &str, starter_body: &str) -> Vec<(usize, String)> {
    let starter_headings: Vec<&str> = starter_body
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect();
    if starter_headings.is_empty() {
        return Vec::new();
    }
    let level = |heading: &str| heading.bytes().take_while(|c| *c == b'#').count();
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(hash) = memchr::memchr(b'#', &bytes[from..]).map(|i| from + i) {
        let start = memchr::memrchr(b'\n', &bytes[..hash]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[hash..]).map_or(bytes.len(), |i| hash + i);
        from = end;
        let line = body[start..end].trim();
        if !starter_headings.contains(&line) {
            continue;
        }
        let next = body[end..].lines().map(str::trim).find(|l| !l.is_empty());
        if next.is_none_or(|next| next.starts_with('#') && level(next) <= level(line)) {
            let number = memchr::memchr_iter(b'\n', &bytes[..start]).count();
            found.push((number, line.to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::empty_headings;

    #[test]
    fn finds_starter_headings_left_empty() {
        let starter = "## Why\n\n## What\n\n## Risks\n";
        let body = "## Why\n\nBecause.\n\n## What\n\n## Risks\n";
        let empty: Vec<String> = empty_headings(body, starter)
            .into_iter()
            .map(|(_, h)| h)
            .collect();
        assert_eq!(empty, ["## What", "## Risks"]);
        assert!(empty_headings("## Other\n", starter).is_empty());
    }

    #[test]
    fn only_whole_heading_lines_count_and_lines_are_numbered() {
        let starter = "## Why\n\n## What\n";
        // A heading named in text, a longer heading, a deeper heading under one, indented
        // and repeated headings, and Windows line ends.
        let body =
            "Say ## Why here.\n## Whyever\n\n## Why\n### Detail\ntext\n  ## What  \r\n\r\n## Why\n";
        assert_eq!(
            empty_headings(body, starter),
            [(6, "## What".to_string()), (8, "## Why".to_string())]
        );
    }
}
