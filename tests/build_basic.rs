//! Building the `basic` fixture: the pages, links, navigation and metadata a reader sees.

mod common;

use common::{broken_links, Handbook};

#[test]
fn builds_every_page_with_a_summary_line() {
    let handbook = Handbook::fixture("basic");
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    let line = run.stdout.trim();
    // 29 pages of content and listings, the contents page, the five strategy views, "What's
    // new" (built, though linked only when the handbook has changes) and the
    // board pack.
    assert!(line.starts_with("Built 37 pages in "), "{line}");
    assert!(line.ends_with("public/"), "{line}");
    for page in [
        "index.html",
        "404.html",
        "policies/index.html",
        "policies/retention.html",
        "policies/security/index.html",
        "policies/security/access-control.html",
        "strategy/index.html",
        "strategy/cloud.html",
        "notes/glossary.html",
        "notes/untitled-note.html",
        "people and teams/on-call guide.html",
        "people and teams/café.html",
    ] {
        assert!(handbook.public().join(page).is_file(), "missing {page}");
    }
    assert!(
        handbook
            .public()
            .join("policies/retention-flow.svg")
            .is_file(),
        "image copied beside its page"
    );
    assert!(
        handbook.public().join("northstar/style.css").is_file(),
        "theme stylesheet copied"
    );
}

#[test]
fn every_link_and_fragment_resolves_relatively() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    let problems = broken_links(&handbook.public());
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let page = handbook.page("policies/retention.html");
    assert!(
        page.contains(r#"href="../strategy/cloud.html#objectives""#),
        "md link rewritten"
    );
    assert!(page.contains(r#"href="security/access-control.html#who-may-grant-access""#));
    assert!(
        page.contains(r#"href="../people%20and%20teams/on-call%20guide.html""#),
        "spaces encoded"
    );
    assert!(page.contains(r#"src="retention-flow.svg""#));
    assert!(
        page.contains(r#"href="../northstar/style.css""#),
        "stylesheet is relative"
    );
    assert!(!page.contains("href=\"/"), "no root-absolute links");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.public().join("strategy/draft-idea.html").exists());
    assert!(!handbook
        .page("strategy/index.html")
        .contains("Secret draft idea"));
    handbook.run(&["build", "--drafts"]).assert_code(0);
    assert!(handbook
        .page("strategy/draft-idea.html")
        .contains("Secret draft idea"));
    assert!(handbook
        .page("strategy/index.html")
        .contains("Secret draft idea"));
}

#[test]
fn titles_come_from_front_matter_then_heading_then_file_name() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    let glossary = handbook.page("notes/glossary.html");
    assert!(
        glossary.contains("<title>Glossary of terms"),
        "title from the first heading"
    );
    assert_eq!(
        glossary.matches("Glossary of terms</h1>").count(),
        1,
        "the heading is not shown twice"
    );
    assert!(
        glossary.contains("<dt>RPO</dt>"),
        "definition list rendered"
    );
    assert!(
        handbook
            .page("notes/untitled-note.html")
            .contains("<title>Untitled note"),
        "title from the file name"
    );
}

#[test]
fn sections_cascade_and_list_their_documents() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    let policies = handbook.page("policies/index.html");
    assert!(policies.contains("Data retention policy"));
    assert!(
        policies.contains("How long we keep data."),
        "document summary listed"
    );
    assert!(policies.contains("Security policies"), "subsection listed");
    let access = handbook.page("policies/security/access-control.html");
    assert!(
        access.contains("policy"),
        "kind cascaded from policies/_index.md"
    );
    assert!(access.contains("ciso"), "own owner wins over the cascade");
    let retention = handbook.page("policies/retention.html");
    assert!(retention.contains("security-office"), "owner cascaded");
}

#[test]
fn document_pages_have_navigation_toc_and_metadata() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    let cloud = handbook.page("strategy/cloud.html");
    assert!(
        cloud.contains(r#"id="objectives""#) && cloud.contains(r#"id="objectives-1""#),
        "unique heading ids"
    );
    assert!(cloud.contains("Ada Example"), "authors shown");
    assert!(cloud.contains("approved"), "status shown");
    let retention = handbook.page("policies/retention.html");
    assert!(
        retention.contains(r##"href="#scope--roles""##),
        "table of contents links the headings"
    );
    assert!(
        retention.contains("callout callout-warning"),
        "GitHub alert becomes a callout"
    );
    assert!(retention.contains("<table>"));
    assert!(retention.contains(r#"aria-label="Breadcrumb""#) || retention.contains("breadcrumb"));
    assert!(
        retention.contains("Fixture footer text"),
        "config extra reaches templates"
    );
    // The sidebar lists the section's entries, the current one marked.
    assert!(retention.contains("Access control policy") || retention.contains("Security policies"));
    assert!(retention.contains(r#"aria-current="page""#));
}

#[test]
fn unicode_and_spaces_in_paths_work() {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    let guide = handbook.page("people and teams/on-call guide.html");
    assert!(guide.contains(r#"href="caf%C3%A9.html""#), "{guide}");
    assert!(handbook
        .page("people and teams/café.html")
        .contains("Coffee is free."));
}

#[test]
fn front_matter_values_are_escaped() {
    let handbook = Handbook::new();
    handbook.write(
        "content/x.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nsummary: \"a & b\"\n---\nBody\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("x.html");
    assert!(
        !page.contains("<script>alert(1)</script>"),
        "title must be escaped"
    );
    assert!(page.contains("&lt;script&gt;"));
}

#[test]
fn page_weight_does_not_grow_with_the_section() {
    let handbook = Handbook::new();
    for i in 1..=150 {
        handbook.write(
            &format!("content/big/doc-{i:03}.md"),
            &format!("---\ntitle: Document {i:03}\nweight: {i}\n---\nBody {i}.\n"),
        );
    }
    handbook.run(&["build"]).assert_code(0);
    let middle = handbook.page("big/doc-075.html");
    assert!(
        middle.contains("Document 074") && middle.contains("Document 076"),
        "neighbours listed"
    );
    assert!(
        !middle.contains("Document 001") && !middle.contains("Document 150"),
        "far entries left out of the sidebar"
    );
    let first = handbook.page("big/doc-001.html");
    assert!(!first.contains("Document 100"));
    let listing = handbook.page("big/index.html");
    assert!(
        listing.contains("Document 001") && listing.contains("Document 150"),
        "the section page lists all"
    );
}

#[test]
fn timings_name_every_stage_even_when_quiet() {
    let handbook = Handbook::fixture("basic");
    let run = handbook.run(&["--quiet", "build", "--timings"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "", "--quiet keeps stdout empty");
    for stage in [
        "check and prepare the output folder",
        "load the theme",
        "discover the files",
        "read the files, parse front matter",
        "assemble sections, URLs and navigation",
        "check kinds, references and reviews",
        "strategy views",
        "render and write the pages, copy the files",
        "search index, listings, view pages, board pack, feeds",
        "replace the output",
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.ends_with(stage) || l.contains(&format!("ms  {stage}")))
            .unwrap_or_else(|| panic!("no {stage:?} in:\n{}", run.stderr));
        assert!(
            line.trim_start()
                .split(' ')
                .next()
                .unwrap()
                .parse::<f64>()
                .is_ok(),
            "{line}"
        );
    }
    assert!(
        run.stderr.contains("(thread time: Markdown "),
        "{}",
        run.stderr
    );
    let plain = handbook.run(&["--quiet", "build"]);
    assert_eq!(plain.stderr, "", "no timings unless asked for");
}
