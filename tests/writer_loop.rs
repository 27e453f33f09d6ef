//! The writer's loop through the real binary: broken links that say where their target went,
//! starter text that is not published silently, values and keys with the nearest allowed
//! one, `new`'s conventions per kind, `list`'s checked filters and `build`'s summary.

mod common;

use common::Handbook;

#[test]
fn broken_links_suggest_the_nearest_documents_and_anchors() {
    let handbook = Handbook::new();
    handbook.write(
        "content/policies/retention-policy.md",
        "---\ntitle: Retention\n---\n## Scope of retention\n\n## Exceptions\n",
    );
    handbook.write(
        "content/guides/a.md",
        "---\ntitle: A\n---\n[moved](../retention-policy.md) [renamed](../policies/retention.md) \
         [anchor](../policies/retention-policy.md#scope) [lost](zzz/qqq-nothing-like-it.md)\n",
    );
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    let out = run.stdout;
    assert!(
        out.contains("did you mean `../policies/retention-policy.md`?"),
        "{out}"
    );
    assert_eq!(
        out.matches("did you mean `../policies/retention-policy.md`?")
            .count(),
        2,
        "same file name elsewhere, then the closest path: {out}"
    );
    assert!(
        out.contains("the nearest anchors on that page are `#scope-of-retention`"),
        "{out}"
    );
    assert!(
        out.contains(
            "links are relative to this file's folder, e.g. `../policies/retention-policy.md`"
        ),
        "the example is a document of this handbook: {out}"
    );
    assert!(!out.contains("e.g. `../policies/retention.md`"), "{out}");
}

#[test]
fn a_new_document_is_a_draft_and_its_starter_text_is_flagged() {
    let handbook = Handbook::new();
    let run = handbook.run(&["new", "initiative", "Move to ARM"]);
    run.assert_code(0);
    let path = handbook.root().join("content/roadmap/move-to-arm.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\ndraft: true"), "{text}");
    // Not published: build leaves it out, check says so.
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.public().join("roadmap/move-to-arm.html").exists());
    let check = handbook.run(&["check"]);
    check.assert_code(0);
    assert!(
        check.stdout.contains("1 draft(s) not checked"),
        "{}",
        check.stdout
    );
    let drafts = handbook.run(&["check", "--drafts"]);
    for expected in [
        "the summary is still the placeholder `new` wrote [placeholder]",
        "`owner: unassigned` is still the placeholder `new` wrote [placeholder]",
        "the body is still the starter text `new` wrote [placeholder]",
    ] {
        assert!(
            drafts.stdout.contains(expected),
            "{expected}: {}",
            drafts.stdout
        );
    }
    // Published as it is, the starter text is reported by check and by build.
    let published = text.replace(
        "draft: true  # remove this line to publish the document\n",
        "",
    );
    let half_written = published.replace("## Why\n", "## Why\n\nCost.\n");
    handbook.write("content/roadmap/move-to-arm.md", &half_written);
    let check = handbook.run(&["check"]);
    check.assert_code(0);
    assert!(
        check
            .stdout
            .contains("starter headings with nothing under them: ## What, ## Milestones, ## Risks [placeholder]"),
        "{}",
        check.stdout
    );
    let build = handbook.run(&["build"]);
    build.assert_code(0);
    assert!(build.stderr.contains("placeholder"), "{}", build.stderr);
    assert!(handbook.public().join("roadmap/move-to-arm.html").exists());
}

#[test]
fn values_and_keys_suggest_the_nearest_allowed_one() {
    let handbook = Handbook::new();
    handbook.write(
        "content/radar/b.md",
        "---\ntitle: B\nkind: technology\nring: Adopt\nquadrant: platform\n---\nx\n",
    );
    handbook.write(
        "content/c.md",
        "---\ntitle: C\nkind: initiative\nowner: x\nstart: 2026-Q1\nend: 2026-Q2\nlane: x\nstatus: In Progress\n---\nx\n",
    );
    handbook.write(
        "content/a.md",
        "---\ntitle: A\nkind: policy\nowner: x\neffective: 2026-01-01\nreview_every: 6 months\nlast_reviewed: 2026-13-45\n---\nx\n",
    );
    let out = handbook.run(&["check"]).stdout;
    assert!(
        out.contains("help:    write `quadrant: platforms`"),
        "{out}"
    );
    assert!(out.contains("help:    write `ring: adopt`"), "{out}");
    assert!(out.contains("did you mean `status: in-progress`?"), "{out}");
    assert!(out.contains("`last_reviewed` is not a valid date"), "{out}");
    assert!(
        !out.contains("needs `last_reviewed`"),
        "one error, not two: {out}"
    );
    handbook.write("northstar.yaml", "title: T\nserch:\n  shards: 2\n");
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.said().contains("did you mean `search:`?"),
        "{}",
        run.said()
    );
    handbook.write("northstar.yaml", "title: T\nlinks:\n  brokn: warn\n");
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.said().contains("did you mean `links.broken`?"),
        "{}",
        run.said()
    );
}

#[test]
fn new_follows_each_kinds_conventions() {
    let handbook = Handbook::new();
    handbook.write(
        "content/decisions/adr-0006-use-kafka.md",
        "---\ntitle: \"ADR-0006: Use Kafka\"\nkind: decision\n---\nx\n",
    );
    handbook.write(
        "content/decisions/adr-0002-use-rust.md",
        "---\ntitle: \"ADR-0002: Use Rust\"\nkind: decision\n---\nx\n",
    );
    let run = handbook.run(&["new", "decision", "Use Postgres"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .trim()
            .ends_with("content/decisions/adr-0007-use-postgres.md"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(
        handbook
            .root()
            .join("content/decisions/adr-0007-use-postgres.md"),
    )
    .unwrap();
    assert!(
        text.starts_with("---\ntitle: 'ADR-0007: Use Postgres'\n"),
        "{text}"
    );
    handbook.write(
        "content/rfcs/012-cells.md",
        "---\ntitle: Cells\nkind: rfc\n---\nx\n",
    );
    let run = handbook.run(&["new", "rfc", "Shards"]);
    assert!(
        run.stdout.trim().ends_with("content/rfcs/013-shards.md"),
        "{}",
        run.stdout
    );

    let run = handbook.run(&[
        "new",
        "technology",
        "Zig",
        "--ring",
        "assess",
        "--quadrant",
        "languages-frameworks",
    ]);
    run.assert_code(0);
    let zig = std::fs::read_to_string(handbook.root().join("content/radar/zig.md")).unwrap();
    assert!(
        zig.contains("\nring: assess\n") && zig.contains("\nquadrant: languages-frameworks\n"),
        "{zig}"
    );
    handbook.run(&["new", "technology", "Deno"]).assert_code(0);
    let deno = std::fs::read_to_string(handbook.root().join("content/radar/deno.md")).unwrap();
    assert!(
        deno.contains("ring: adopt  # one of: adopt, trial, assess, hold"),
        "{deno}"
    );
    handbook
        .run(&["new", "technology", "Bun", "--quadrant", "platform"])
        .assert_code(2)
        .assert_stderr("did you mean `platforms`?");
    assert!(!handbook.root().join("content/radar/bun.md").exists());

    handbook
        .run(&["new", "page", "Ann", "--section", "owners"])
        .assert_code(2)
        .assert_stderr("content/owners/ is where Northstar writes its generated pages");
    handbook
        .run(&["new", "page", "Tech radar"])
        .assert_code(2)
        .assert_stderr("would be published as tech-radar.html");
    assert!(!handbook.root().join("content/owners").exists());
}

#[test]
fn list_checks_its_filters_and_writes_csv() {
    let handbook = Handbook::new();
    handbook.write(
        "content/policies/a.md",
        "---\ntitle: \"Retention, and more\"\nkind: policy\nowner: dpo\neffective: 2026-01-01\nreview_by: 2027-01-01\nstatus: active\ntags: [privacy, data]\n---\nx\n",
    );
    let run = handbook.run(&["list", "--kind", "polcy"]);
    run.assert_code(2)
        .assert_stderr("did you mean `--kind policy`?");
    assert!(run.stdout.is_empty());
    handbook
        .run(&["list", "--status", "In Progress"])
        .assert_code(2)
        .assert_stderr("did you mean `--status in-progress`?");
    handbook
        .run(&["list", "--format", "jsn"])
        .assert_code(2)
        .assert_stderr("'json'");
    // A status some kind allows lists nothing without complaint.
    handbook
        .run(&["list", "--status", "retired"])
        .assert_code(0);
    let run = handbook.run(&["list", "--kind", "Policy", "--format", "csv"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "path,title,kind,status,owner,review_due,tags,draft\n\
         policies/a.md,\"Retention, and more\",policy,active,dpo,2027-01-01,privacy;data,false\n"
    );
}

#[test]
fn build_summarises_hundreds_of_warnings_by_code() {
    let handbook = Handbook::new();
    for n in 0..60 {
        handbook.write(
            &format!("content/policies/p{n:02}.md"),
            &format!("---\ntitle: P{n}\nkind: policy\nowner: o\neffective: 2025-01-01\nreview_by: 2026-01-01\nreviw: x\n---\nx\n"),
        );
    }
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    let lines = run.stderr.lines().count();
    assert!(lines < 10, "{lines} lines:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: 60 × [review-overdue], first at content/policies/p00.md:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("× [unknown-field]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`northstar check` or --verbose"),
        "{}",
        run.stderr
    );
    // Every one of them under --verbose, and in check.
    let verbose = handbook.run(&["--verbose", "build"]);
    assert_eq!(
        verbose
            .stderr
            .matches("warning: review overdue since")
            .count(),
        60
    );
    let check = handbook.run(&["check"]);
    assert_eq!(check.stdout.matches("[review-overdue]").count(), 60);
}
