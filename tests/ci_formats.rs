//! `check --format github|sarif|gitlab`, run as a CI job runs it: from the repository's root
//! with the handbook in a folder of it, so every path names the file from that root.

mod common;

use std::path::Path;
use std::process::Command;

use common::Run;
use serde_json::Value;

/// A repository whose handbook is in `hb/`: one broken link, an overdue review, a review
/// due soon, and a file whose name holds a comma and a colon.
fn repository() -> tempfile::TempDir {
    let repository = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let full = repository.path().join("hb").join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write("northstar.yaml", "title: Test Handbook\n");
    write("content/policies/old.md", "---\ntitle: Old policy\nkind: policy\nowner: security\neffective: 2025-01-01\nreview_by: 2026-01-01\n---\nSee [gone](gone.md).\n");
    write("content/policies/fresh.md", "---\ntitle: Fresh policy\nkind: policy\nowner: legal\neffective: 2025-01-01\nreview_by: 2026-12-20\n---\n");
    write(
        "content/odd,name:1.md",
        "---\ntitle: Odd\n---\nSee [missing](nowhere.md).\n",
    );
    repository
}

/// `northstar --root hb ARGS…` run in `repository`.
fn northstar_in(repository: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args(["--root", "hb"])
        .args(args)
        .current_dir(repository)
        .env("NO_COLOR", "1")
        .env("NORTHSTAR_TODAY", "2026-11-28")
        .output()
        .expect("run northstar")
        .into()
}

#[test]
fn github_format_prints_one_annotation_per_problem_on_its_line() {
    let repository = repository();
    let run = northstar_in(repository.path(), &["check", "--format", "github"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    let link = lines
        .iter()
        .find(|line| line.contains("old.md") && line.contains("title=broken-link"))
        .expect("the broken link's annotation");
    assert!(
        link.starts_with(
            "::error file=hb/content/policies/old.md,line=8,col=5,title=broken-link::broken link `gone.md`: no file content/policies/gone.md%0Ahelp: "
        ),
        "{link}"
    );
    assert!(
        lines.iter().any(|line| line.starts_with(
            "::warning file=hb/content/policies/old.md,line=6,col=1,title=review-overdue::review overdue since 2026-01-01"
        )),
        "{}",
        run.stdout
    );
    assert!(
        lines.iter().any(|line| line.starts_with(
            "::error file=hb/content/odd%2Cname%3A1.md,line=4,col=5,title=broken-link::"
        )),
        "a comma and a colon in a property are escaped:\n{}",
        run.stdout
    );
    assert!(
        lines.iter().all(|line| !line[2..].contains("\n")),
        "every annotation is one line"
    );
}

#[test]
fn github_format_prints_nothing_and_exits_0_for_a_clean_handbook() {
    let repository = tempfile::tempdir().unwrap();
    let hb = repository.path().join("hb");
    std::fs::create_dir_all(hb.join("content")).unwrap();
    std::fs::write(hb.join("northstar.yaml"), "title: Clean\n").unwrap();
    std::fs::write(hb.join("content/a.md"), "---\ntitle: A\n---\nFine.\n").unwrap();
    let run = northstar_in(repository.path(), &["check", "--format", "github"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}

/// The SARIF 2.1.0 schema (OASIS), kept as published in tests/fixtures.
fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(mend_language_patterns(&mut schema), 2);
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

/// The published pattern of `language` (of a run and of a tool component) has a stray `]`,
/// which JavaScript reads as a literal `]` and the validator refuses as a regular
/// expression: written `\]`, it means the same and compiles. Northstar writes no
/// `language`. Returns how many patterns were mended.
fn mend_language_patterns(schema: &mut Value) -> usize {
    const PUBLISHED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut mended = 0;
            if map.get("pattern").and_then(Value::as_str) == Some(PUBLISHED) {
                map.insert("pattern".into(), PUBLISHED.replace("]?", "\\]?").into());
                mended += 1;
            }
            mended + map.values_mut().map(mend_language_patterns).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(mend_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_format_follows_the_sarif_2_1_0_schema() {
    let repository = repository();
    let run = northstar_in(repository.path(), &["check", "--format", "sarif"]);
    run.assert_code(1);
    let log: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
    // The schema itself is strict: a log with a result whose level is not SARIF's fails.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "northstar");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["broken-link", "review-due-soon", "review-overdue"]);
    assert!(rules[0]["help"]["text"]
        .as_str()
        .unwrap()
        .contains("relative"));
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let link = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "hb/content/policies/old.md"
                && r["ruleId"] == "broken-link"
        })
        .expect("the broken link's result");
    assert_eq!(link["level"], "error");
    assert_eq!(link["ruleIndex"], 0);
    let region = &link["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(8), Some(5))
    );
    assert!(link["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("broken link `gone.md`"));
    assert!(results.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "hb/content/odd%2Cname%3A1.md"
    ));
}

#[test]
fn sarif_of_a_clean_handbook_is_a_valid_log_with_no_results() {
    let repository = tempfile::tempdir().unwrap();
    let hb = repository.path().join("hb");
    std::fs::create_dir_all(hb.join("content")).unwrap();
    std::fs::write(hb.join("northstar.yaml"), "title: Clean\n").unwrap();
    std::fs::write(hb.join("content/a.md"), "---\ntitle: A\n---\nFine.\n").unwrap();
    let run = northstar_in(repository.path(), &["check", "--format", "sarif"]);
    run.assert_code(0);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(sarif_validator().is_valid(&log));
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

fn gitlab_issues(repository: &Path) -> Vec<Value> {
    let run = northstar_in(repository, &["check", "--format", "gitlab"]);
    run.assert_code(1);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

#[test]
fn gitlab_format_gives_code_quality_issues_with_stable_fingerprints() {
    let repository = repository();
    let issues = gitlab_issues(repository.path());
    assert_eq!(issues.len(), 4);
    for issue in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key} in {issue}");
        }
        assert!(issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("hb/content/"));
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let link = issues
        .iter()
        .find(|i| {
            i["location"]["path"] == "hb/content/policies/old.md"
                && i["check_name"] == "broken-link"
        })
        .expect("the broken link's issue");
    assert_eq!(link["severity"], "major");
    assert_eq!(link["location"]["lines"]["begin"], 8);
    assert!(link["description"].as_str().unwrap().contains("\nhelp: "));
    let overdue = issues
        .iter()
        .find(|i| i["check_name"] == "review-overdue")
        .unwrap();
    assert_eq!(overdue["severity"], "minor");

    let fingerprints = |issues: &[Value]| -> Vec<String> {
        let mut all: Vec<String> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect();
        all.sort();
        all
    };
    let first = fingerprints(&issues);
    let mut distinct = first.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), first.len(), "fingerprints are unique");
    assert_eq!(
        fingerprints(&gitlab_issues(repository.path())),
        first,
        "same run, same fingerprints"
    );

    // Lines added above a problem move it, and keep its fingerprint.
    let old = repository.path().join("hb/content/policies/old.md");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::write(
        &old,
        text.replace("See [gone]", "A new paragraph.\n\nSee [gone]"),
    )
    .unwrap();
    let moved = gitlab_issues(repository.path());
    let moved_link = moved
        .iter()
        .find(|i| {
            i["location"]["path"] == "hb/content/policies/old.md"
                && i["check_name"] == "broken-link"
        })
        .unwrap();
    assert_eq!(moved_link["location"]["lines"]["begin"], 10);
    assert_eq!(moved_link["fingerprint"], link["fingerprint"]);
    assert_eq!(fingerprints(&moved), first);
}
