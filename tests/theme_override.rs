//! A handbook's own templates/ and static/ shadow the theme's files by name.

mod common;

use common::Handbook;

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
