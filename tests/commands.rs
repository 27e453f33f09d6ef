//! `check`, `list`, `new` and `init`, run as a user runs them.

mod common;

use common::Handbook;

fn governed() -> Handbook {
    let handbook = Handbook::new();
    handbook.write("content/policies/old.md", "---\ntitle: Old policy\nkind: policy\nowner: security\neffective: 2025-01-01\nreview_by: 2026-01-01\ntags: [privacy]\n---\nSee [gone](gone.md).\n");
    handbook.write("content/policies/fresh.md", "---\ntitle: Fresh policy\nkind: policy\nowner: legal\neffective: 2025-01-01\nreview_by: 2026-12-20\n---\n");
    handbook.write("content/decisions/adr-1.md", "---\ntitle: ADR 1\nkind: decision\nstatus: accepted\nowner: platform\ntags: [privacy, cloud]\n---\n");
    handbook
}

#[test]
fn check_groups_problems_by_file_and_writes_nothing() {
    let handbook = governed();
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    let out = &run.stdout;
    assert!(
        out.contains("content/policies/old.md\n"),
        "file heading:\n{out}"
    );
    assert!(
        out.contains(
            "9:5  error    broken link `gone.md`: no file content/policies/gone.md [broken-link]"
        ),
        "{out}"
    );
    assert!(
        out.contains("6:1  warning  review overdue since 2026-01-01 (331 days) [review-overdue]"),
        "{out}"
    );
    assert!(
        out.contains("content/policies/fresh.md\n")
            && out.contains("review due on 2026-12-20 (in 22 days)")
    );
    assert!(
        out.contains("1 error, 2 warnings in 2 files (3 documents checked)"),
        "{out}"
    );
    assert!(!handbook.public().exists(), "check writes nothing");
}

#[test]
fn check_speaks_json() {
    let handbook = governed();
    let run = handbook.run(&["check", "--format", "json"]);
    run.assert_code(1);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 3);
    let link = items
        .iter()
        .find(|i| i["code"] == "broken-link")
        .expect("broken-link item");
    assert_eq!(link["severity"], "error");
    assert_eq!(link["file"], "content/policies/old.md");
    assert_eq!(link["line"], 9);
    assert_eq!(link["column"], 5);
    assert!(link["hint"].as_str().unwrap().contains("relative"));
    for key in [
        "severity", "code", "file", "line", "column", "message", "hint",
    ] {
        assert!(items[0].get(key).is_some(), "{key} missing");
    }
}

#[test]
fn check_passes_a_clean_handbook() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", "---\ntitle: A\n---\nFine.\n");
    let run = handbook.run(&["check"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("No problems found (1 document checked)"),
        "{}",
        run.stdout
    );
}

#[test]
fn list_filters_and_prints_a_table_or_json() {
    let handbook = governed();
    let run = handbook.run(&["list", "--kind", "policy"]);
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("PATH") && lines[0].contains("REVIEW DUE"));
    assert!(lines[1].starts_with("policies/fresh.md") && lines[2].starts_with("policies/old.md"));
    let col = lines[0].find("TITLE").unwrap();
    assert_eq!(&lines[1][col..col + 5], "Fresh", "columns are aligned");

    let run = handbook.run(&[
        "list", "--tag", "privacy", "--owner", "platform", "--format", "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["path"], "decisions/adr-1.md");
    for key in [
        "path",
        "title",
        "kind",
        "status",
        "owner",
        "review_due",
        "tags",
    ] {
        assert!(rows[0].get(key).is_some(), "{key} missing");
    }

    let overdue: serde_json::Value = serde_json::from_str(
        &handbook
            .run(&["list", "--review-due", "0", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["review_due"], "2026-01-01");
    let soon: serde_json::Value = serde_json::from_str(
        &handbook
            .run(&["list", "--review-due", "30", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(
        soon.as_array().unwrap().len(),
        2,
        "overdue first, then due within 30 days"
    );
    assert_eq!(soon[1]["path"], "policies/fresh.md");
    // A status no kind allows is a usage error; an allowed one that nothing has lists nothing.
    handbook
        .run(&["list", "--status", "nonexistent"])
        .assert_code(2);
    handbook
        .run(&["list", "--status", "withdrawn"])
        .assert_code(0);
}

#[test]
fn list_stops_quietly_when_its_reader_stops_reading() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // More rows than a pipe holds: `list … | head -1` closes the pipe while list writes.
    let handbook = Handbook::new();
    for n in 0..1500 {
        let text = format!("---\ntitle: A document with a long enough title, number {n}\n---\n");
        handbook.write(&format!("content/notes/note-{n:04}.md"), &text);
    }
    for format in ["csv", "json", "table"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_northstar"))
            .arg("--root")
            .arg(handbook.root())
            .args(["list", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{format}");
        // The reader is gone: what list writes next goes to a closed pipe.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
}

#[test]
fn new_writes_a_document_of_every_kind_that_checks_clean() {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", "title: T\nkinds:\n  vendor:\n    section: vendors\n    statuses: [active, retired]\n    review_date: renewal\n    fields:\n      supplier: {type: text, required: true}\n      renewal: {type: date, required: true}\n");
    let kinds = [
        "strategy",
        "roadmap",
        "initiative",
        "policy",
        "standard",
        "decision",
        "rfc",
        "technology",
        "radar",
        "risk",
        "page",
        "vendor",
    ];
    for kind in kinds {
        let run = handbook.run(&["new", kind, &format!("Our {kind}: first draft")]);
        run.assert_code(0);
        let path = run.stdout.trim();
        assert!(
            path.ends_with(&format!("our-{kind}-first-draft.md")),
            "{path}"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with("---\ntitle: 'Our"), "{text}");
        assert!(text.contains("date: 2026-11-28"));
    }
    let decision = std::fs::read_to_string(
        handbook
            .root()
            .join("content/decisions/our-decision-first-draft.md"),
    )
    .unwrap();
    assert!(
        decision.contains("## Context")
            && decision.contains("## Decision")
            && decision.contains("## Consequences")
    );
    assert!(
        handbook
            .root()
            .join("content/vendors/our-vendor-first-draft.md")
            .is_file(),
        "handbook kinds use their section"
    );
    // New documents are drafts: left out until their writer removes `draft: true`.
    let check = handbook.run(&["check"]);
    check.assert_code(0);
    assert!(
        check.stdout.contains("12 draft(s) not checked"),
        "{}",
        check.stdout
    );
    let check = handbook.run(&["check", "--drafts"]);
    check.assert_code(0);
    // No errors; the warnings point at the starter text left in and remind the writer to
    // connect the new initiative and risk.
    assert!(
        check.stdout.contains("(12 documents checked)") && !check.stdout.contains("error"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("[initiative-supports-nothing]")
            && check.stdout.contains("[unmitigated-risk]")
            && check.stdout.contains("[placeholder]")
    );
}

#[test]
fn new_help_names_every_built_in_kind() {
    let builtin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/model/kinds/builtin.yaml"
    ))
    .unwrap();
    let kinds: Vec<&str> = builtin
        .lines()
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|line| line.strip_suffix(':'))
        .collect();
    assert!(kinds.len() >= 11, "{kinds:?}");
    let help = northstar(&["new", "--help"]).stdout;
    for kind in kinds {
        assert!(help.contains(kind), "`new --help` omits `{kind}`:\n{help}");
    }
}

#[test]
fn new_refuses_to_overwrite_and_unknown_kinds() {
    let handbook = Handbook::new();
    handbook
        .run(&["new", "policy", "Retention", "--section", "policies/data"])
        .assert_code(0);
    assert!(handbook
        .root()
        .join("content/policies/data/retention.md")
        .is_file());
    let before =
        std::fs::read_to_string(handbook.root().join("content/policies/data/retention.md"))
            .unwrap();
    handbook
        .run(&["new", "policy", "Retention", "--section", "policies/data"])
        .assert_code(2)
        .assert_stderr("already exists");
    assert_eq!(
        std::fs::read_to_string(handbook.root().join("content/policies/data/retention.md"))
            .unwrap(),
        before
    );
    handbook
        .run(&["new", "polcy", "X"])
        .assert_code(2)
        .assert_stderr("did you mean `policy`?");
    handbook
        .run(&["new", "page", "!!!"])
        .assert_code(2)
        .assert_stderr("no letters or digits");
    handbook
        .run(&["new", "page", "X", "--section", "../outside"])
        .assert_code(2);
}

fn northstar(args: &[&str]) -> common::Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("NORTHSTAR_TODAY", "2026-11-28")
        .output()
        .unwrap();
    common::Run::from(output)
}

#[test]
fn init_writes_a_handbook_that_builds_and_checks_clean() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("handbook");
    let dir_text = dir.to_str().unwrap();
    northstar(&["init", dir_text]).assert_code(0);
    assert!(dir.join("northstar.yaml").is_file() && dir.join("content/_index.md").is_file());
    let check = northstar(&["--root", dir_text, "check"]);
    check.assert_code(0);
    assert!(
        check
            .stdout
            .contains("No problems found (10 documents checked)"),
        "{}",
        check.stdout
    );
    northstar(&["--root", dir_text, "build"]).assert_code(0);
    let kinds = northstar(&["--root", dir_text, "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&kinds.stdout).unwrap();
    let mut found: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(
        found,
        [
            "decision",
            "initiative",
            "page",
            "policy",
            "rfc",
            "risk",
            "roadmap",
            "standard",
            "strategy",
            "technology"
        ]
    );
    assert!(common::broken_links(&dir.join("public")).is_empty());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.txt"), "mine").unwrap();
    northstar(&["init", temp.path().to_str().unwrap()])
        .assert_code(2)
        .assert_stderr("is not empty");
    assert_eq!(
        std::fs::read_to_string(temp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!temp.path().join("northstar.yaml").exists());
}
