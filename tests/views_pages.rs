//! Pages built from the whole handbook: the home dashboard, the board pack, the print page,
//! Atom feeds, the sitemap and alias redirects.

mod common;

use common::broken_links;
use common::strategy::{initiative, traced};
use regex::Regex;

#[test]
fn the_home_page_shows_the_dashboard_blocks() {
    let handbook = traced();
    handbook
        .write(
            "content/work/late.md",
            &initiative("Late work", "platform", ("2027-Q1", "2027-Q2"), "supports: [strategy/cloud.md#go-global]\n").replace("in-progress", "at-risk"),
        )
        .write(
            "content/adr/1.md",
            "---\ntitle: Use Postgres\nkind: decision\nstatus: accepted\ndecided: 2026-10-01\n---\n",
        )
        .write(
            "content/old.md",
            "---\ntitle: Old page\nreview_by: 2026-01-01\nupdated: 2026-11-20\n---\n",
        );
    handbook.run(&["build"]).assert_code(0);
    let home = handbook.page("index.html");
    let block = |id: &str| {
        home.split(&format!(r#"id="dash-{id}-title""#))
            .nth(1)
            .unwrap_or_else(|| panic!("no {id} block"))
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(block("counts").contains(r#"<span class="dash-number">3</span> Initiative</a>"#));
    let objectives = block("objectives");
    assert!(objectives.contains(r#"href="strategy/cloud.html#cut-cost">Cut cost</a>"#));
    assert!(objectives.contains(r#"<a href="work/eks.html">Move to EKS</a> 40%"#));
    assert!(block("at-risk").contains(r#"href="work/late.html">Late work</a>"#));
    assert!(block("reviews").contains("Overdue 2026-01-01"));
    assert!(block("recent").contains(r#"href="old.html">Old page</a>"#));
    assert!(block("decisions").contains(r#"href="adr/1.html">Use Postgres</a>"#));
    assert!(broken_links(&handbook.public()).is_empty());
}

#[test]
fn a_handbook_can_drop_a_dashboard_block() {
    let handbook = traced();
    handbook.write("templates/partials/dashboard/recent.html", "");
    handbook.run(&["build"]).assert_code(0);
    let home = handbook.page("index.html");
    assert!(!home.contains("dash-recent") && home.contains("dash-objectives"));
}

#[test]
fn the_board_pack_holds_the_agreed_strategies_the_roadmaps_and_the_decision_log() {
    let handbook = traced();
    handbook
        .write(
            "content/strategy/draft.md",
            "---\ntitle: Unagreed strategy\nkind: strategy\nstatus: draft\nowner: cto\n---\n",
        )
        .write(
            "content/plan.md",
            "---\ntitle: Plan 2027\nkind: roadmap\nstatus: approved\nowner: cto\n---\nSee [EKS](work/eks.md).\n",
        )
        .write(
            "content/adr/1.md",
            "---\ntitle: Use Postgres\nkind: decision\nstatus: accepted\n---\n",
        );
    handbook.run(&["build"]).assert_code(0);
    let pack = handbook.page("board-pack.html");
    assert!(pack.contains("Test Handbook — board pack") && pack.contains("Built 2026-11-28"));
    let contents = pack
        .split(r#"<nav class="pack-toc""#)
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    let chapters: Vec<&str> = Regex::new(r##"<li><a href="#[\w-]+">([^<]+)</a>"##)
        .unwrap()
        .captures_iter(contents)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(chapters, ["Cloud strategy", "Plan 2027", "Decision log"]);
    assert!(pack.contains("Why we move."), "documents in full");
    assert!(
        pack.contains(r#"<a href="work/eks.html">EKS</a>"#),
        "links relative to the pack"
    );
    assert!(
        pack.contains("class=\"roadmap-svg\""),
        "the roadmap's timeline"
    );
    assert!(pack.contains(r#"href="adr/1.html">Use Postgres</a>"#));
    assert!(broken_links(&handbook.public()).is_empty());

    handbook.write(
        "northstar.yaml",
        "title: Test Handbook\nboard_pack:\n  title: Q4 board\n  documents: [plan.md, strategy/nope.md]\n  decision_log: false\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("`board_pack.documents` names content/strategy/nope.md, which is not a document of this build");
    handbook.write(
        "northstar.yaml",
        "title: Test Handbook\nboard_pack:\n  title: Q4 board\n  documents: [plan.md]\n  decision_log: false\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let pack = handbook.page("board-pack.html");
    assert!(pack.contains("<h1 class=\"doc-title\">Q4 board</h1>"));
    assert!(
        pack.contains("Plan 2027")
            && !pack.contains("Cloud strategy")
            && !pack.contains("pack-decisions")
    );
}

#[test]
fn atom_feeds_parse_and_list_changes_and_decisions_newest_first() {
    let handbook = traced();
    handbook
        .write(
            "content/adr/1.md",
            "---\ntitle: Use Postgres & Kafka\nkind: decision\nstatus: accepted\ndecided: 2026-10-01\nsummary: Two <stores>\n---\n",
        )
        .write(
            "content/adr/2.md",
            "---\ntitle: Use EKS\nkind: decision\nstatus: accepted\ndecided: 2026-11-01\n---\n",
        )
        .write(
            "content/page.md",
            "---\ntitle: Fresh page\nupdated: 2026-11-27\n---\n",
        );
    handbook.run(&["build"]).assert_code(0);
    let decisions = handbook.page("feeds/decisions.xml");
    let feed = roxmltree::Document::parse(&decisions).expect("the feed is well-formed XML");
    let root = feed.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<(String, String)> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|entry| {
            let child = |name: &str| entry.children().find(|n| n.has_tag_name(name)).unwrap();
            (
                child("title").text().unwrap().to_string(),
                child("link").attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("Use EKS".to_string(), "../adr/2.html".to_string()),
            (
                "Use Postgres & Kafka".to_string(),
                "../adr/1.html".to_string()
            )
        ]
    );
    let changes = handbook.page("feeds/changes.xml");
    let feed = roxmltree::Document::parse(&changes).expect("well-formed");
    let first = feed
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .unwrap();
    let title = first.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Fresh page"));
    assert!(handbook
        .page("index.html")
        .contains(r#"type="application/atom+xml""#));
    assert!(
        !handbook.public().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
}

#[test]
fn a_sitemap_is_written_when_the_base_url_is_known() {
    let handbook = traced();
    handbook.write(
        "northstar.yaml",
        "title: Test Handbook\nbase_url: https://handbook.example.com/\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let text = handbook.page("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&text).expect("well-formed");
    let locations: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locations.contains(&"https://handbook.example.com/index.html"));
    assert!(locations.contains(&"https://handbook.example.com/work/eks.html"));
    assert!(locations.contains(&"https://handbook.example.com/traceability.html"));
}

#[test]
fn aliases_write_redirect_pages_at_the_old_paths() {
    let handbook = traced();
    handbook.write(
        "content/work/eks.md",
        &initiative(
            "Move to EKS",
            "platform",
            ("2027-Q1", "2027-Q2"),
            "supports: [strategy/cloud.md#cut-cost]\naliases: [/old/kubernetes.html, projects/eks/]\n",
        ),
    );
    handbook.run(&["build"]).assert_code(0);
    let old = handbook.page("old/kubernetes.html");
    assert!(
        old.contains(r#"<meta http-equiv="refresh" content="0; url=../work/eks.html">"#),
        "{old}"
    );
    assert!(old.contains(r#"<a href="../work/eks.html">Move to EKS</a>"#));
    assert!(handbook
        .page("projects/eks/index.html")
        .contains("url=../../work/eks.html"));
    assert!(broken_links(&handbook.public()).is_empty());

    handbook.write(
        "content/work/eks.md",
        &initiative(
            "Move to EKS",
            "platform",
            ("2027-Q1", "2027-Q2"),
            "supports: [strategy/cloud.md#cut-cost]\naliases: [policy.html]\n",
        ),
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/work/eks.md:11:1: error: alias `policy.html` would be written at policy.html, where the site already has a page or file");
}

#[test]
fn the_print_page_holds_every_document_in_reading_order_when_asked_for() {
    let handbook = traced();
    handbook.run(&["build"]).assert_code(0);
    assert!(
        !handbook.public().join("print.html").exists(),
        "only on request"
    );
    handbook.write("northstar.yaml", "title: Test Handbook\nprint: true\n");
    handbook.run(&["build"]).assert_code(0);
    let print = handbook.page("print.html");
    let positions: Vec<usize> = ["Cost policy", "Cloud strategy", "Idle work", "Move to EKS"]
        .iter()
        .map(|title| {
            print
                .find(&format!(">{title}</a></h2>"))
                .unwrap_or_else(|| panic!("{title}"))
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "the sidebar's order");
    assert!(print.contains("Why we move."));
    assert!(broken_links(&handbook.public()).is_empty());
}
