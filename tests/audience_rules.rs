//! Audiences as writers expect them (issue #30): a folder's level covers what is in it and a
//! document it hides is named, never dropped in silence; a section's cascade covers the
//! section itself; `list --left-out` says what a build leaves out and why. The pages' side
//! (labels, relations to hidden documents) is in tests/audience_pages.rs.

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

#[test]
fn a_public_document_in_an_internal_folder_is_named_never_dropped_in_silence() {
    let handbook = Handbook::new();
    handbook
        .write(
            "content/policies/_index.md",
            "---\ntitle: Policies\nclassification: internal\n---\nOur policies.\n",
        )
        .write(
            "content/policies/information-security.md",
            "---\ntitle: Information security\nclassification: public\n---\nHow we protect information.\n",
        )
        .write(
            "content/guides/how-to.md",
            "---\ntitle: How to\nclassification: public\n---\nSteps.\n",
        );
    let run = handbook.run(&["build", "--audience", "public"]);
    run.assert_code(0)
        .assert_stderr(
            "content/policies/information-security.md:3:1: warning: this document is public, \
             but its folder policies/ is internal, so a build for public leaves it out",
        )
        .assert_stderr("policies/ is made internal at content/policies/_index.md:3")
        .assert_stderr(
            "content/guides/how-to.md:3:1: warning: this document is public, but its folder guides/ is internal",
        )
        .assert_stderr(
            "guides/ names no level and takes `audiences.default_classification` (internal)",
        )
        .assert_stderr("write `classification: public` in content/guides/_index.md");
    // The most restrictive folder wins: the document is not published.
    assert!(!handbook.public().join("policies").exists());
    let json = handbook.run(&["check", "--audience", "public", "--format", "json"]);
    json.assert_code(0);
    assert_eq!(
        json.stdout.matches("\"classification-hidden\"").count(),
        2,
        "{}",
        json.stdout
    );
    // An internal build sees the folder: nothing is hidden, nothing is said.
    let internal = handbook.run(&["build", "--audience", "internal"]);
    internal.assert_code(0);
    assert!(
        !internal.said().contains("classification-hidden") && !internal.said().contains("warning"),
        "{}",
        internal.said()
    );
    // Doing what the help says publishes it.
    handbook.write(
        "content/policies/_index.md",
        "---\ntitle: Policies\nclassification: public\n---\nOur policies.\n",
    );
    let fixed = handbook.run(&["build", "--audience", "public"]);
    fixed.assert_code(0);
    assert!(
        !fixed.stderr.contains("information-security.md"),
        "{}",
        fixed.stderr
    );
    assert!(handbook
        .page("policies/information-security.html")
        .contains("How we protect information."));
}

#[test]
fn a_public_section_or_cascade_inside_an_internal_folder_is_named() {
    let handbook = Handbook::new();
    handbook
        .write(
            "content/ops/_index.md",
            "---\ntitle: Operations\nclassification: internal\n---\n",
        )
        .write(
            "content/ops/status/_index.md",
            "---\ntitle: Status\nclassification: public\ncascade: {classification: public}\n---\n",
        )
        .write("content/ops/status/today.md", "# Today\n\nAll well.\n")
        .write(
            "content/vault/_index.md",
            "---\ntitle: Vault\nclassification: confidential\ncascade: {classification: internal}\n---\n",
        )
        // A cascade lower than the section's own level (here the default) does not lower
        // the section page: its own `classification` must say so.
        .write(
            "content/radar/_index.md",
            "---\ntitle: Radar\ncascade: {classification: public}\n---\nHow we judge tools.\n",
        )
        .write("content/radar/rust.md", "# Rust\n\nAdopt.\n");
    let run = handbook.run(&["check", "--audience", "public"]);
    run.assert_code(0);
    let said = run.said();
    for expected in [
        "content/ops/status/_index.md\n      3:1  warning  this section is public, but the folder ops/ around it is internal, so a build for public leaves it out with everything in it [classification-hidden]",
        "      4:1  warning  this cascade makes the documents below public, but the folder ops/ is internal",
        "content/radar/_index.md\n      3:1  warning  this cascade makes the documents below public, but the folder radar/ is internal",
        "write `classification: public` in content/radar/_index.md",
    ] {
        assert!(said.contains(expected), "{said}");
    }
    // The vault's cascade is above this audience: nothing is said about it.
    assert!(!said.contains("vault"), "{said}");
    handbook
        .run(&["build", "--audience", "public"])
        .assert_code(0);
    assert!(!handbook.public().join("radar").exists());
    handbook.write(
        "content/radar/_index.md",
        "---\ntitle: Radar\nclassification: public\ncascade: {classification: public}\n---\nHow we judge tools.\n",
    );
    let published = handbook.run(&["build", "--audience", "public"]);
    assert!(!published.said().contains("radar"), "{}", published.said());
    assert!(handbook.page("radar/rust.html").contains("Adopt."));
    let internal = handbook.run(&["check", "--audience", "internal"]);
    let said = internal.said();
    assert!(
        said.contains("content/vault/_index.md\n      4:1  warning  this cascade makes the documents below internal, but the folder vault/ is confidential"),
        "{said}"
    );
    assert!(
        said.contains("vault/ is made confidential at content/vault/_index.md:3"),
        "{said}"
    );
}

#[test]
fn list_left_out_says_what_a_build_leaves_out_and_why() {
    let handbook = deals_handbook();
    handbook
        .write(
            "content/deals/open-letter.md",
            "---\ntitle: Open letter\nclassification: internal\n---\nHello.\n",
        )
        .write(
            "content/board.md",
            "---\ntitle: Board minutes\nclassification: restricted\n---\nMinutes.\n",
        )
        .write("content/plain.md", "# Plain\n\nNo level written.\n");
    let table = handbook.run(&["list", "--left-out", "--audience", "internal"]);
    table.assert_code(0);
    for line in [
        "PATH                  LEVEL         WHY",
        "board.md              restricted    its classification is restricted",
        "deals/_index.md       confidential  a section's cascade makes it confidential",
        "deals/a.md            confidential  in deals/, which is confidential",
        "deals/open-letter.md  confidential  in deals/, which is confidential; its own classification, internal, is hidden by the folder",
    ] {
        assert!(table.stdout.contains(line), "{line}\n{}", table.stdout);
    }
    let public = handbook.run(&[
        "list",
        "--left-out",
        "--audience",
        "public",
        "--format",
        "json",
    ]);
    public.assert_code(0);
    let rows: serde_json::Value = serde_json::from_str(&public.stdout).unwrap();
    let plain = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["path"] == "plain.md")
        .unwrap_or_else(|| panic!("{}", public.stdout));
    assert_eq!(
        plain,
        &serde_json::json!({"path": "plain.md", "level": "internal", "reason": "default", "folder": null, "classification": null})
    );
    let letter = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["path"] == "deals/open-letter.md")
        .unwrap();
    assert_eq!(letter["reason"], "folder");
    assert_eq!(letter["folder"], "deals/");
    assert_eq!(letter["classification"], "internal");
    let everything = handbook.run(&["list", "--left-out", "--audience", "restricted"]);
    everything.assert_code(0);
    assert!(
        everything
            .stdout
            .contains("A build for restricted leaves nothing out."),
        "{}",
        everything.stdout
    );
    handbook
        .run(&["list", "--left-out", "--kind", "policy"])
        .assert_code(2)
        .assert_stderr("cannot be used with");
}
