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
