//! A handbook's own templates/ and static/ shadow the theme's files by name.

mod common;

use std::fs;
use std::path::Path;

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

/// The sidebar loop docs/theme.md gives, as a starting point for overriding
/// `partials/sidebar.html`, draws exactly what the engine's `nav_html` draws: every page of
/// the sample handbook (plus a section long enough to leave entries out) is the same either way.
#[test]
fn the_documented_sidebar_loop_draws_what_the_engine_draws() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = fs::read_to_string(repository.join("docs/theme.md")).unwrap();
    let after_marker = &docs[docs.find("<!-- sidebar loop").expect("the marker")..];
    let start = after_marker.find("```jinja\n").expect("the block") + "```jinja\n".len();
    let end = start
        + after_marker[start..]
            .find("\n```")
            .expect("the block's end");
    // The block's lines, as a file holds them (ending with a line break).
    let sidebar_loop = format!("{}\n", &after_marker[start..end]);
    assert!(sidebar_loop.contains("{%- for entry in nav.entries %}"));

    let drawn = Handbook::new();
    copy_tree(&repository.join("content"), &drawn.root().join("content"));
    copy_tree(&repository.join("static"), &drawn.root().join("static"));
    fs::copy(
        repository.join("northstar.yaml"),
        drawn.root().join("northstar.yaml"),
    )
    .unwrap();
    for n in 0..60 {
        drawn.write(
            &format!("content/long/note-{n:02}.md"),
            &format!("---\ntitle: Note {n} <&> \"quoted\"\n---\nText.\n"),
        );
    }
    let looped = Handbook::new();
    copy_tree(drawn.root(), looped.root());
    looped.write("templates/partials/sidebar.html", &sidebar_loop);

    for handbook in [&drawn, &looped] {
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
    }
    let pages = snapshot(&drawn.public());
    let with_loop = snapshot(&looped.public());
    let mut compared = 0;
    for (path, bytes) in &pages {
        if path.extension().is_some_and(|e| e == "html") {
            let other = with_loop.get(path).expect("the same pages");
            assert!(
                bytes == other,
                "{} differs with the documented loop",
                path.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} pages compared");
    let long = String::from_utf8(pages[Path::new("long/note-30.html")].clone()).unwrap();
    assert!(long.contains("<li class=\"nav-more\">"), "entries left out");
    assert!(long.contains("Note 30 &lt;&amp;&gt; &quot;quoted&quot;</a>"));
    assert!(long.contains("aria-current=\"page\">Note 30"));
}
