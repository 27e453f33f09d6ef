//! `northstar mv`: a document or folder moves, and every link, reference, roadmap item, radar
//! blip and board-pack entry that pointed at it follows, leaving `check` as clean as before.

mod common;

use std::fs;

use common::Handbook;

fn read(handbook: &Handbook, path: &str) -> String {
    fs::read_to_string(handbook.root().join(path)).unwrap()
}

/// A handbook with one document pointed at from every place a path can be written.
fn pointed_at() -> Handbook {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: T\nboard_pack:\n  documents:\n    - strategy/cloud.md   # the strategy\n    - roadmap/plan.md\n",
    );
    handbook.write(
        "content/strategy/cloud.md",
        "---\ntitle: Cloud\nkind: strategy\nowner: CTO\nobjectives:\n  - {id: faster, title: Faster}\n---\n\
         ## Scope\n\nSee the [plan](../roadmap/plan.md) and [home](../index.md).\n",
    );
    handbook.write(
        "content/roadmap/plan.md",
        "---\ntitle: Plan\nkind: roadmap\nowner: CTO\nsupports: [strategy/cloud.md#faster]\nitems:\n  - title: Move\n    start: 2027-Q1\n    end: 2027-Q2\n    link: 'strategy/cloud.md'\n---\n\
         Read [the strategy](../strategy/cloud.md#scope), [again](<../strategy/cloud.md>) and [ref].\n\n\
         [ref]: ../strategy/cloud.md \"The strategy\"\n",
    );
    handbook.write(
        "content/risks/outage.md",
        "---\ntitle: Outage\nkind: risk\nowner: Ops\nlikelihood: 2\nimpact: 3\nmitigated_by:\n  - ./strategy/cloud.md\n---\nNothing else mentions strategy/cloud.md here.\n",
    );
    handbook.write(
        "content/index.md",
        "---\ntitle: Home\n---\n[Cloud](strategy/cloud.md)\n",
    );
    handbook
}

#[test]
fn a_moved_document_takes_every_link_and_reference_along() {
    let handbook = pointed_at();
    let before = handbook.run(&["check"]);
    before.assert_code(0);
    let run = handbook.run(&[
        "mv",
        "content/strategy/cloud.md",
        "vision/cloud-strategy.md",
    ]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("moved content/strategy/cloud.md → content/vision/cloud-strategy.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "content/roadmap/plan.md:12: ../strategy/cloud.md#scope → ../vision/cloud-strategy.md#scope"
        ),
        "{}",
        run.stdout
    );
    assert!(!handbook.root().join("content/strategy/cloud.md").exists());
    let plan = read(&handbook, "content/roadmap/plan.md");
    assert_eq!(
        plan,
        "---\ntitle: Plan\nkind: roadmap\nowner: CTO\nsupports: [vision/cloud-strategy.md#faster]\nitems:\n  - title: Move\n    start: 2027-Q1\n    end: 2027-Q2\n    link: 'vision/cloud-strategy.md'\n---\n\
         Read [the strategy](../vision/cloud-strategy.md#scope), [again](<../vision/cloud-strategy.md>) and [ref].\n\n\
         [ref]: ../vision/cloud-strategy.md \"The strategy\"\n"
    );
    assert!(read(&handbook, "content/risks/outage.md").contains(
        "mitigated_by:\n  - ./vision/cloud-strategy.md\n---\nNothing else mentions strategy/cloud.md here.\n"
    ));
    // The moved document's own links still reach their targets.
    assert!(read(&handbook, "content/vision/cloud-strategy.md")
        .contains("See the [plan](../roadmap/plan.md) and [home](../index.md)."));
    assert_eq!(
        read(&handbook, "northstar.yaml"),
        "title: T\nboard_pack:\n  documents:\n    - vision/cloud-strategy.md   # the strategy\n    - roadmap/plan.md\n"
    );
    let after = handbook.run(&["check"]);
    after.assert_code(0);
    assert_eq!(
        before.stdout.lines().last(),
        after.stdout.lines().last(),
        "{}",
        after.stdout
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook
        .page("index.html")
        .contains("href=\"vision/cloud-strategy.html\""));
}

#[test]
fn dry_run_changes_nothing_and_mv_never_overwrites() {
    let handbook = pointed_at();
    handbook.write(
        "content/broken.md",
        "---\ntitle: [\n---\n[x](strategy/cloud.md)\n",
    );
    let files = common::snapshot(handbook.root());
    let run = handbook.run(&["mv", "strategy/cloud.md", "vision/", "--dry-run"]);
    run.assert_code(0).assert_stderr(
        "content/broken.md: its front matter does not parse, so its links and references were not rewritten",
    );
    assert!(
        run.stdout
            .contains("would move content/strategy/cloud.md → content/vision/cloud.md")
            && run.stdout.contains("dry run: nothing changed"),
        "{}",
        run.stdout
    );
    assert_eq!(common::snapshot(handbook.root()), files);
    handbook
        .run(&["mv", "strategy/cloud.md", "roadmap/plan.md"])
        .assert_code(2)
        .assert_stderr("content/roadmap/plan.md already exists");
    handbook
        .run(&["mv", "strategy/nothing.md", "x.md"])
        .assert_code(2)
        .assert_stderr("content/strategy/nothing.md does not exist");
    handbook
        .run(&["mv", "strategy", "strategy/inner"])
        .assert_code(2)
        .assert_stderr("into itself");
    assert_eq!(common::snapshot(handbook.root()), files);
}

#[test]
fn alias_keeps_the_old_address_working() {
    let handbook = pointed_at();
    handbook
        .run(&["mv", "strategy", "direction", "--alias"])
        .assert_code(0);
    assert!(read(&handbook, "content/direction/cloud.md").contains(
        "objectives:\n  - {id: faster, title: Faster}\naliases: [strategy/cloud.html]\n---\n"
    ));
    handbook.run(&["check"]).assert_code(0);
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook
        .page("strategy/cloud.html")
        .contains("direction/cloud.html"));
}

#[test]
fn the_sample_handbook_checks_as_clean_after_moves() {
    let handbook = Handbook::sample();
    let before = handbook.run(&["check"]);
    let summary = |run: &common::Run| run.stdout.lines().last().unwrap_or("").to_string();
    // The most linked document, then a whole section with its subfolders.
    handbook
        .run(&["mv", "vision/technology-strategy.md", "strategy/"])
        .assert_code(0);
    let run = handbook.run(&["mv", "content/policies", "rules/policies", "--alias"]);
    run.assert_code(0);
    assert!(run.stdout.contains("rewrote"), "{}", run.stdout);
    let after = handbook.run(&["check"]);
    assert_eq!(after.code, before.code, "{}", after.stdout);
    assert_eq!(summary(&after), summary(&before), "{}", after.stdout);
    assert!(read(&handbook, "northstar.yaml").contains("- strategy/technology-strategy.md"));
}
