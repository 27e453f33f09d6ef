//! SARIF 2.1.0: one run of the `northstar` tool, a rule per diagnostic code (with the fix
//! of its first occurrence as help) and a result per diagnostic at its physical location.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::{diagnostic_path, message_with_help};
use crate::model::diagnostics::{Diagnostic, Severity};

/// Where a SARIF log names the schema it follows.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole SARIF log, pretty-printed.
pub fn sarif(diagnostics: &[Diagnostic], root: &Path) -> String {
    let rules = rules(diagnostics);
    let rule_index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(index, (code, _))| (*code, index))
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| result(diagnostic, rule_index[diagnostic.code], root))
        .collect();
    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(code, first)| rule(code, first))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "northstar",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
}

/// Each code once, sorted, with its first diagnostic that has a fix (or its first at all).
fn rules(diagnostics: &[Diagnostic]) -> Vec<(&'static str, &Diagnostic)> {
    let mut by_code: BTreeMap<&'static str, &Diagnostic> = BTreeMap::new();
    for diagnostic in diagnostics {
        let kept = by_code.entry(diagnostic.code).or_insert(diagnostic);
        if kept.help.is_none() && diagnostic.help.is_some() {
            *kept = diagnostic;
        }
    }
    by_code.into_iter().collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(code: &str, example: &Diagnostic) -> Value {
    let mut rule = json!({
        "id": code,
        "shortDescription": { "text": format!("Northstar diagnostic `{code}`") },
        "defaultConfiguration": { "level": level(example.severity) },
    });
    if let Some(help) = &example.help {
        rule["help"] = json!({ "text": help });
    }
    rule
}

fn result(diagnostic: &Diagnostic, rule_index: usize, root: &Path) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": level(diagnostic.severity),
        "message": { "text": message_with_help(diagnostic) },
    });
    if let Some(path) = diagnostic_path(root, diagnostic) {
        let mut location = json!({ "artifactLocation": { "uri": uri_reference(&path) } });
        if let Some(line) = diagnostic.line {
            let mut region = json!({ "startLine": line });
            if let Some(column) = diagnostic.column {
                region["startColumn"] = json!(column);
            }
            location["region"] = region;
        }
        result["locations"] = json!([{ "physicalLocation": location }]);
    }
    result
}

/// A path as a URI reference: each byte outside the unreserved characters and `/` is
/// percent-encoded (a space, `#`, `?` or `%` in a file name would change its meaning).
fn uri_reference(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let encoded = percent_encoding::utf8_percent_encode(path, KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("content/a b#1.md"), "content/a%20b%231.md");
        assert_eq!(uri_reference("/srv/hb/x.md"), "file:///srv/hb/x.md");
    }

    #[test]
    fn a_rule_takes_the_first_fix_of_its_code() {
        let diagnostics = [
            Diagnostic::error("one").code("broken-link"),
            Diagnostic::error("two").code("broken-link").help("fix it"),
            Diagnostic::warning("three").code("review-due-soon"),
        ];
        let rules = rules(&diagnostics);
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].0, "broken-link");
        assert_eq!(rules[0].1.help.as_deref(), Some("fix it"));
        assert_eq!(rules[1].0, "review-due-soon");
    }
}
