//! Audiences as writers expect them (issue #30): a folder's level covers what is in it and a
//! document it hides is named, never dropped in silence; labels on generated pages tell the
//! truth; a relation to a hidden document says that one exists; a section's cascade covers
//! the section itself; `list --left-out` says what a build leaves out and why.

mod common;

use common::Handbook;

/// A section whose index only sets `cascade: {classification: confidential}`, with a
/// document and a file beside it.
fn deals_handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\naudiences: {dangling: warn}\n")
        .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write(
            "content/deals/_index.md",
            "---\ntitle: Deals in negotiation\ncascade: {classification: confidential}\n---\n\
             We negotiate with Harbourline about the quay extension this spring.\n",
        )
        .write("content/deals/terms.txt", "Harbourline terms\n")
        .write("content/deals/a.md", "---\ntitle: Deal A\n---\nA.\n");
    handbook
}

#[test]
fn a_section_cascade_covers_the_section_page_and_the_files_beside_it() {
    let handbook = deals_handbook();
    let run = handbook.run(&["build", "--audience", "internal"]);
    run.assert_code(0);
    let site = handbook.public();
    assert!(!site.join("deals").exists(), "the deals folder is left out");
    assert!(
        !handbook.page("index.html").contains("Deals in negotiation"),
        "the home page lists no confidential section"
    );
    assert!(
        run.stdout.contains("left out: 1 confidential document"),
        "{}",
        run.stdout
    );
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    assert!(handbook.page("deals/index.html").contains("Harbourline"));
    assert!(site.join("deals/terms.txt").is_file());
    assert!(handbook
        .page("deals/index.html")
        .contains("badge-classification\">Confidential<"));
}

#[test]
fn a_section_page_below_its_own_cascade_is_warned_about() {
    let handbook = deals_handbook();
    handbook.write(
        "content/deals/_index.md",
        "---\ntitle: Deals in negotiation\nclassification: internal\ncascade: {classification: confidential}\n---\nDeals.\n",
    );
    let run = handbook.run(&["check", "--audience", "restricted"]);
    run.assert_code(0);
    let said = run.said();
    assert!(
        said.contains("content/deals/_index.md\n      3:1  warning  this section's page is internal, below the confidential its `cascade` gives the documents in it [section-below-cascade]"),
        "{said}"
    );
    assert!(said.contains("remove `classification:`"), "{said}");
    // Written as the writer means it, the page is published with its own level.
    handbook
        .run(&["build", "--audience", "internal"])
        .assert_code(0);
    assert!(handbook.public().join("deals/index.html").is_file());
}
