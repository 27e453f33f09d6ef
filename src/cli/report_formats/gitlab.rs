//! GitLab Code Quality JSON: an array of `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`, which a merge request shows beside its changes.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};

use super::{diagnostic_path, message_with_help, path_from_working_folder};
use crate::model::diagnostics::{Diagnostic, Severity};

/// The report, pretty-printed. A diagnostic about no file is placed on the handbook's
/// `northstar.yaml`, line 1, since GitLab needs a path for every issue.
pub fn gitlab(diagnostics: &[Diagnostic], root: &Path) -> String {
    let config = path_from_working_folder(root, Path::new("northstar.yaml"));
    let mut seen: HashMap<(&str, String, &str), usize> = HashMap::new();
    let issues: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            let path = diagnostic_path(root, diagnostic).unwrap_or_else(|| config.clone());
            let occurrence = seen
                .entry((diagnostic.code, path.clone(), diagnostic.message.as_str()))
                .or_insert(0);
            let fingerprint = fingerprint(diagnostic, &path, *occurrence);
            *occurrence += 1;
            json!({
                "type": "issue",
                "description": message_with_help(diagnostic),
                "check_name": diagnostic.code,
                "fingerprint": fingerprint,
                "severity": severity(diagnostic.severity),
                "location": {
                    "path": path,
                    "lines": { "begin": diagnostic.line.unwrap_or(1) },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into())
}

/// Code Quality's scale: an error blocks (`major`), a warning informs (`minor`).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// A hash of what the problem is and where (code, path, message, and which of several
/// identical ones), not of its line: a problem keeps its fingerprint when lines above it
/// move, so GitLab does not report it as new. xxh3-128 is a fixed algorithm, so the value
/// is the same on every machine and in every version.
fn fingerprint(diagnostic: &Diagnostic, path: &str, occurrence: usize) -> String {
    let key = format!(
        "{}\0{path}\0{}\0{occurrence}",
        diagnostic.code, diagnostic.message
    );
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_problems_of_a_file_get_different_fingerprints() {
        let twice = [
            Diagnostic::error("same")
                .code("broken-link")
                .at("content/a.md", 3, 1),
            Diagnostic::error("same")
                .code("broken-link")
                .at("content/a.md", 9, 1),
        ];
        let issues: Vec<Value> = serde_json::from_str(&gitlab(&twice, Path::new("."))).unwrap();
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        assert_eq!(issues[0]["fingerprint"].as_str().unwrap().len(), 32);
    }

    #[test]
    fn a_problem_about_no_file_is_placed_on_the_configuration() {
        let issues: Vec<Value> = serde_json::from_str(&gitlab(
            &[Diagnostic::warning("shallow").code("git-shallow")],
            Path::new("docs"),
        ))
        .unwrap();
        assert_eq!(issues[0]["location"]["path"], "docs/northstar.yaml");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
        assert_eq!(issues[0]["severity"], "minor");
    }
}
