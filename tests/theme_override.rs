//! A handbook's own templates/ and static/ shadow the theme's files by name.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{snapshot, Handbook};

#[test]
fn handbook_templates_and_static_files_shadow_the_theme() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", "---\ntitle: Alpha\n---\nBody text.\n");
    handbook.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">CUSTOM {{ page.title }}</p>{{ page.content | safe }}{% endblock %}",
    );
    handbook.write(
        "static/northstar/style.css",
        "body { color: rebeccapurple }",
    );
    handbook.write(
        "static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("a.html");
    assert!(
        page.contains("<p class=\"custom\">CUSTOM Alpha</p>"),
        "{page}"
    );
    assert!(page.contains("Body text."));
    assert_eq!(
        handbook.page("northstar/style.css"),
        "body { color: rebeccapurple }"
    );
    assert!(handbook.public().join("favicon.svg").is_file());
    assert!(
        handbook.public().join("northstar/main.js").is_file(),
        "unshadowed theme files still copied"
    );
    // Section pages still use the theme's template.
    assert!(!handbook.page("index.html").contains("CUSTOM"));
}

#[test]
fn a_handbook_template_can_extend_the_original_and_replace_one_block() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: Alpha\nowner: cto\n---\n## Scope\n\nBody text.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let original = handbook.page("a.html");
    handbook.write(
        "templates/document.html",
        "{% extends \"default/document.html\" %}{% block body_class %}page-document house-style{% endblock body_class %}",
    );
    handbook.run(&["build"]).assert_code(0);
    let extended = handbook.page("a.html");
    assert!(
        extended.contains("<body class=\"page-document house-style\">"),
        "{extended}"
    );
    // Everything else is the original's, block for block.
    let without_body = |page: &str| {
        page.lines()
            .filter(|line| !line.starts_with("<body"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_body(&extended), without_body(&original));
}

#[test]
fn a_document_can_name_its_template() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: Alpha\ntemplate: plain.html\n---\nBody.\n",
    );
    handbook.write("templates/plain.html", "PLAIN {{ page.title }}");
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(handbook.page("a.html"), "PLAIN Alpha");
    handbook.write(
        "content/a.md",
        "---\ntitle: Alpha\ntemplate: missing.html\n---\nBody.\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("template `missing.html` not found");
}

#[test]
fn an_unknown_theme_is_an_error() {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", "title: T\ntheme: fancy\n");
    handbook.write("content/a.md", "A\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("theme `fancy` not found");
}

/// A copy of the sample handbook, with a section long enough for the sidebar to leave
/// entries out, whose titles need escaping, and a kind of its own whose fields hold every
/// sort of value the metadata panel shows or leaves out.
fn sample_copy() -> Handbook {
    let handbook = Handbook::sample();
    for n in 0..60 {
        handbook.write(
            &format!("content/long/note-{n:02}.md"),
            &format!("---\ntitle: Note {n} <&> \"quoted\"\nstatus: In Review\n---\nText.\n"),
        );
    }
    add_gadgets(&handbook);
    handbook
}

/// A kind `gadget` (appended to the sample's `kinds:`, its last key) and three gadgets:
/// whole, fractional, yes/no, list, map and empty fields, references, an upper-case
/// classification, a label with `&`, a status that needs a key, and a page it supports.
fn add_gadgets(handbook: &Handbook) {
    let config = handbook.root().join("northstar.yaml");
    let mut yaml = fs::read_to_string(&config).unwrap();
    yaml.push_str(
        "  gadget:\n    label: Gadget & Co\n    statuses: [live, In Review, retired]\n    fields:\n      \
         weight_kg: number\n      count: integer\n      enabled: bool\n      disabled: bool\n      \
         parts: list\n      notes: text\n      empty_note: text\n      shape: map\n      \
         made-by: text\n      needs: references\n      spare_for: references\n",
    );
    fs::write(&config, yaml).unwrap();
    handbook.write(
        "content/gadgets/gear.md",
        "---\ntitle: Gear <&>\nkind: gadget\nstatus: In Review\nowner: Ops & Co\nauthors: [Ana]\n\
         classification: CONFIDENTIAL\ntags: [\"<tag>\", plain]\nweight_kg: 2\ncount: -3\nenabled: true\n\
         disabled: false\nparts: [bolt, 3, true]\nnotes: \"<b>bold</b> & more\"\nempty_note: \"\"\n\
         shape: {w: 1}\nmade-by: ACME\nneeds: [gadgets/cog.md]\nspare_for: []\n\
         supports: [vision/technology-strategy.md#faster-delivery]\nsupersedes: [gadgets/cog.md]\n---\nA gear.\n",
    );
    handbook.write(
        "content/gadgets/cog.md",
        "---\ntitle: Cog\nkind: gadget\nstatus: live\nclassification: Restricted\nweight_kg: 2.5\n\
         parts: [a, [b]]\nsupports: [gadgets/gear.md]\n---\nA cog, see [the gear](gear.md).\n",
    );
    handbook.write(
        "content/gadgets/widget.md",
        "---\ntitle: Widget\nkind: gadget\nstatus: retired\nauthors: [Bo, Cy]\nparts: []\n---\nA widget, next to [the cog](cog.md).\n",
    );
}

/// Builds `handbook` as of the tests' date; returns its HTML pages by path.
fn built_pages(handbook: &Handbook) -> HashMap<PathBuf, Vec<u8>> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args([
            "--root",
            handbook.root().to_str().unwrap(),
            "--quiet",
            "build",
        ])
        .env("NORTHSTAR_TODAY", "2026-11-28")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    snapshot(&handbook.public())
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// The badge partials are the one copy of the badges: a handbook's own status badge shows in
/// every document table's rows and in the metadata panels, which Northstar draws.
#[test]
fn a_handbook_badge_partial_shows_in_every_table_and_panel() {
    let changed = sample_copy();
    changed.write(
        "templates/partials/status-badge.html",
        "<b class=\"my-status\">{{ badge_status }}</b>",
    );
    let pages = built_pages(&changed);
    let reviews = String::from_utf8(pages[Path::new("statuses/in-review.html")].clone()).unwrap();
    assert!(reviews.contains("<td data-label=\"Status\"><b class=\"my-status\">In Review</b></td>"));
    assert!(reviews.contains("<a class=\"doc-link\" href=\"../long/note-07.html\">Note 7 &lt;&amp;&gt; &quot;quoted&quot;</a>"));
    let note = String::from_utf8(pages[Path::new("long/note-07.html")].clone()).unwrap();
    assert!(
        note.contains("<dt>Status</dt>\n    <dd><b class=\"my-status\">In Review</b></dd>"),
        "{note}"
    );
    assert!(
        !note.contains("badge-status"),
        "no badge of the theme's left: {note}"
    );
}

/// The metadata panel and the relations (`panels`, drawn by Northstar) show every sort of
/// field a kind can have, its references and the document's relations, and leave out
/// what has nothing to show.
#[test]
fn the_metadata_panel_and_relations_show_every_sort_of_field() {
    let pages = built_pages(&sample_copy());
    let gear = String::from_utf8(pages[Path::new("gadgets/gear.html")].clone()).unwrap();
    for shown in [
        "<dd><span class=\"badge badge-kind\" data-kind=\"gadget\">Gadget &amp; Co</span></dd>",
        "data-status=\"in-review\">In Review</span>",
        "<dt>Author</dt>\n    <dd>Ana</dd>",
        "<span class=\"badge badge-classification\">Confidential</span>",
        "data-field=\"count\">\n    <dt>Count</dt>\n    <dd>-3</dd>",
        "<dt>Enabled</dt>\n    <dd>Yes</dd>",
        "<dt>Disabled</dt>\n    <dd>No</dd>",
        "<dt>Made by</dt>\n    <dd>ACME</dd>",
        "<dd>bolt, 3, true</dd>",
        "<dd>&lt;b&gt;bold&lt;/b&gt; &amp; more</dd>",
        "<dt>Weight kg</dt>\n    <dd>2</dd>",
        "<li class=\"tag\">&lt;tag&gt;</li>",
        "<dt>Needs</dt>\n      <dd><ul><li><a href=\"../gadgets/cog.html\">Cog</a></li></ul></dd>",
        "objective <code>faster-delivery</code>",
        "<dt>Supported by</dt>",
        "<dt>Supersedes</dt>",
    ] {
        assert!(gear.contains(shown), "{shown}");
    }
    for left_out in ["Empty note", "Shape", "Spare for"] {
        assert!(!gear.contains(left_out), "{left_out}");
    }
    let cog = String::from_utf8(pages[Path::new("gadgets/cog.html")].clone()).unwrap();
    assert!(cog.contains("<dd>2.5</dd>") && cog.contains(">Restricted</span>"));
    assert!(cog.contains("<dt>Superseded by</dt>") && cog.contains("<dt>Linked from</dt>"));
    assert!(!cog.contains("<dt>Parts</dt>"));
}

/// The head links, header and footer are rendered once per depth of page and top-level
/// section (`chrome`), whatever templates the handbook has: a handbook's own header and footer
/// show on every page, at every depth, with the page's own `root` and its section marked; a
/// header that asks for the page is an error that says what it can see.
#[test]
fn a_handbook_header_and_footer_show_at_every_depth_with_their_section() {
    let changed = sample_copy();
    changed.write(
        "templates/partials/header.html",
        "<header class=\"mine\"><a href=\"{{ root }}index.html\">{{ site.title }}</a> [{{ nav.top.title or \"home\" }}]</header>",
    );
    changed.write(
        "templates/partials/footer.html",
        "<footer class=\"mine\">{{ generator }}</footer>",
    );
    let pages = built_pages(&changed);
    let deep = String::from_utf8(pages[Path::new("long/note-07.html")].clone()).unwrap();
    assert!(
        deep.contains("<header class=\"mine\"><a href=\"../index.html\">Quayline Technology Handbook</a> [Long]</header>"),
        "{deep}"
    );
    assert!(deep.contains("<footer class=\"mine\">Northstar "), "{deep}");
    let home = String::from_utf8(pages[Path::new("index.html")].clone()).unwrap();
    assert!(
        home.contains("<header class=\"mine\"><a href=\"index.html\">Quayline Technology Handbook</a> [home]</header>"),
        "{home}"
    );
    let risk = String::from_utf8(pages[Path::new("risk/register/index.html")].clone()).unwrap();
    assert!(
        risk.contains(
            "<a href=\"../../index.html\">Quayline Technology Handbook</a> [Risk]</header>"
        ),
        "{risk}"
    );

    changed.write(
        "templates/partials/header.html",
        "<header>{{ page.title }}</header>",
    );
    changed
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("header.html")
        .assert_stderr("it sees only `site`, `root`, `generator`, `nav.top` and `nav.current`");
}
