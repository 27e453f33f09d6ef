//! A handbook's own templates/ and static/ shadow the theme's files by name.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_tree, snapshot, Handbook};

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
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let handbook = Handbook::new();
    copy_tree(
        &repository.join("content"),
        &handbook.root().join("content"),
    );
    copy_tree(&repository.join("static"), &handbook.root().join("static"));
    fs::copy(
        repository.join("northstar.yaml"),
        handbook.root().join("northstar.yaml"),
    )
    .unwrap();
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

/// The `jinja` block that follows `marker` in the manual's themes page
/// (docs/content/reference/themes.md), as a template file holds it (ending with a line break).
fn documented_block(marker: &str) -> String {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = fs::read_to_string(repository.join("docs/content/reference/themes.md")).unwrap();
    let after_marker = &docs[docs.find(marker).expect("the marker")..];
    let start = after_marker.find("```jinja\n").expect("the block") + "```jinja\n".len();
    let end = start
        + after_marker[start..]
            .find("\n```")
            .expect("the block's end");
    format!("{}\n", &after_marker[start..end])
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

/// Builds the sample as it is and with a copy of the default theme's `partials/{partial}`
/// (its text plus `comment`, so no longer the built-in file); asserts both give the same
/// pages and returns them.
fn a_copy_changes_nothing(partial: &str, comment: &str) -> HashMap<PathBuf, Vec<u8>> {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(
        repository
            .join("themes/default/templates/partials")
            .join(partial),
    )
    .unwrap();
    let copied = sample_copy();
    copied.write(
        &format!("templates/partials/{partial}"),
        &format!("{text}{comment}"),
    );
    let pages = built_pages(&sample_copy());
    assert_same_pages(&pages, &built_pages(&copied));
    pages
}

/// Asserts that both builds have the same pages, byte for byte.
fn assert_same_pages(expected: &HashMap<PathBuf, Vec<u8>>, got: &HashMap<PathBuf, Vec<u8>>) {
    assert!(expected.len() > 100, "{} pages", expected.len());
    assert_eq!(expected.len(), got.len());
    for (path, bytes) in expected {
        assert!(got.get(path) == Some(bytes), "{} differs", path.display());
    }
}

/// The sidebar loop the manual's themes page gives, as a starting point for overriding
/// `partials/sidebar.html`, draws exactly what the engine's `nav_html` draws: every page of
/// the sample handbook (plus a section long enough to leave entries out) is the same either way.
#[test]
fn the_documented_sidebar_loop_draws_what_the_engine_draws() {
    let sidebar_loop = documented_block("<!-- sidebar loop");
    assert!(sidebar_loop.contains("{%- for entry in nav.entries %}"));

    let drawn = sample_copy();
    let looped = sample_copy();
    looped.write("templates/partials/sidebar.html", &sidebar_loop);
    let pages = built_pages(&drawn);
    assert_same_pages(&pages, &built_pages(&looped));
    let long = String::from_utf8(pages[Path::new("long/note-30.html")].clone()).unwrap();
    assert!(long.contains("<li class=\"nav-more\">"), "entries left out");
    assert!(long.contains("Note 30 &lt;&amp;&gt; &quot;quoted&quot;</a>"));
    assert!(long.contains("aria-current=\"page\">Note 30"));
}

/// The default theme prints the on-page contents from `toc_html`; the manual's themes page gives the
/// loop over `page.toc` that draws the same list. With the loop in the partial instead, every
/// page of the sample handbook (plus a page with an h3 before its first h2, nested h3s and
/// headings that need escaping) is the same either way.
#[test]
fn the_documented_toc_loop_draws_what_the_engine_draws() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let toc_loop = documented_block("<!-- toc loop");
    assert!(toc_loop.contains("{%- for h in page.toc %}"));
    let partial =
        fs::read_to_string(repository.join("themes/default/templates/partials/toc.html")).unwrap();
    let printed = "  {{ toc_html | safe }}\n";
    assert!(partial.contains(printed), "the partial prints toc_html");
    let looping = partial.replace(printed, &toc_loop);

    let body = "### Before any h2\n\nText.\n\n## One & two\n\n### Nested \"a\"\n\n\
                ### Nested b {#custom-id}\n\n## Alone\n\n## Last\n\n### Only child\n";
    let drawn = sample_copy();
    let looped = sample_copy();
    for handbook in [&drawn, &looped] {
        handbook.write(
            "content/long/headings.md",
            &format!("---\ntitle: Headings\n---\n{body}"),
        );
    }
    looped.write("templates/partials/toc.html", &looping);
    let pages = built_pages(&drawn);
    assert_same_pages(&pages, &built_pages(&looped));
    let page = String::from_utf8(pages[Path::new("long/headings.html")].clone()).unwrap();
    assert!(page.contains("<li class=\"toc-h3 toc-orphan\"><a href=\"#before-any-h2\""));
    assert!(page.contains(">One &amp; two</a><ol>"), "{page}");
    assert!(page.contains(">Nested &quot;a&quot;</a></li>"), "{page}");
    assert!(page.contains(">Only child</a></li></ol></li>"), "{page}");
    assert_eq!(page.matches("<ol class=\"toc-list\">").count(), 2);
}

/// The document tables' rows are drawn in Rust while the badge partials are the theme's; a
/// handbook that overrides one gets the partial's own loop. With an unchanged copy of the
/// status badge the loop runs, and every page comes out the same as with the drawn rows; with
/// a changed one, its markup shows in every table.
#[test]
fn document_table_rows_drawn_in_rust_match_the_template_loop() {
    // A copy is no longer the built-in file, so the loop draws the rows.
    let pages = a_copy_changes_nothing("status-badge.html", "{#- a copy -#}");
    let reviews = String::from_utf8(pages[Path::new("statuses/in-review.html")].clone()).unwrap();
    assert!(reviews.contains("<td data-label=\"Status\"><span class=\"badge badge-status tone-progress\" data-status=\"in-review\">In Review</span></td>"));
    assert!(reviews.contains("<a class=\"doc-link\" href=\"../long/note-07.html\">Note 7 &lt;&amp;&gt; &quot;quoted&quot;</a>"));

    let changed = sample_copy();
    changed.write(
        "templates/partials/status-badge.html",
        "<b class=\"my-status\">{{ badge_status }}</b>",
    );
    let pages = built_pages(&changed);
    let reviews = String::from_utf8(pages[Path::new("statuses/in-review.html")].clone()).unwrap();
    assert!(reviews.contains("<td data-label=\"Status\"><b class=\"my-status\">In Review</b></td>"));
}

/// The metadata panel and the relations are drawn in Rust (`panels`) while every template is
/// the default theme's; an unchanged copy of `partials/meta.html` makes the partials draw
/// them, and every page is the same, the gadgets' fields and references included.
#[test]
fn the_metadata_panel_and_relations_drawn_in_rust_match_the_partials() {
    let pages = a_copy_changes_nothing("meta.html", "{# a copy #}");
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

/// The default theme's head links, header and footer are rendered once per depth of page and
/// reused (`chrome`); a handbook with a template of its own
/// gets the partials included on every page. An unchanged copy of the header (so all three
/// partials are included) gives the same pages; a changed header and footer show on every
/// page, at every depth, with the page's own `root`.
#[test]
fn the_header_and_footer_rendered_once_match_the_partials() {
    // A comment that trims nothing: the copy renders exactly what the file renders.
    a_copy_changes_nothing("header.html", "{# a copy #}");

    let changed = sample_copy();
    changed.write(
        "templates/partials/header.html",
        "<header class=\"mine\"><a href=\"{{ root }}index.html\">{{ site.title }}</a> {{ page.title }}</header>",
    );
    changed.write(
        "templates/partials/footer.html",
        "<footer class=\"mine\">{{ page.url }}</footer>",
    );
    let pages = built_pages(&changed);
    let deep = String::from_utf8(pages[Path::new("long/note-07.html")].clone()).unwrap();
    assert!(
        deep.contains("<header class=\"mine\"><a href=\"../index.html\">"),
        "{deep}"
    );
    assert!(
        deep.contains("Note 7 &lt;&amp;&gt; &quot;quoted&quot;</header>"),
        "{deep}"
    );
    assert!(
        deep.contains("<footer class=\"mine\">long/note-07.html</footer>"),
        "{deep}"
    );
    let home = String::from_utf8(pages[Path::new("index.html")].clone()).unwrap();
    assert!(
        home.contains("<header class=\"mine\"><a href=\"index.html\">"),
        "{home}"
    );
}
