//! Raw HTML in documents: `markdown.raw_html` sanitizes by default (one fixture per attack
//! pattern), escapes or allows it when asked (with a warning at every build), and Tera keeps
//! escaping every value that comes from a document.

mod common;

use common::Handbook;

/// Builds a handbook whose one document has `body`, and returns its page.
fn page_of(config: &str, body: &str) -> (String, common::Run) {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", &format!("title: T\n{config}"));
    handbook.write("content/a.md", &format!("---\ntitle: A\n---\n{body}\n"));
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    (handbook.page("a.html"), run)
}

/// The part of a page the document's body fills.
fn body_of(page: &str) -> String {
    let start = page.find("class=\"prose").expect("a body");
    let end = page[start..]
        .find("</article>")
        .map_or(page.len(), |e| start + e);
    page[start..end].to_string()
}

#[test]
fn each_attack_pattern_is_removed() {
    let attacks = [
        ("<script>alert('s')</script>", "alert("),
        ("<img src=\"x.png\" onerror=\"alert(1)\">", "onerror"),
        ("<a href=\"javascript:alert(1)\">j</a>", "javascript:"),
        ("<a href=\"JaVaScRiPt:alert(1)\">j</a>", "JaVaScRiPt"),
        ("<a href=\"jav&#x09;ascript:alert(1)\">j</a>", "ascript:"),
        (
            "<p style=\"position:fixed;top:0\">cover</p>",
            "position:fixed",
        ),
        ("<iframe src=\"https://evil.example\"></iframe>", "<iframe"),
        ("<object data=\"x.swf\"></object>", "<object"),
        ("<embed src=\"x.swf\">", "<embed"),
        (
            "<form action=\"https://evil.example\"><input name=\"pw\"></form>",
            "<form",
        ),
        ("<svg onload=\"alert(1)\"><circle r=\"1\"/></svg>", "onload"),
        ("<style>body{display:none}</style>", "display:none"),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "http-equiv",
        ),
        ("<base href=\"https://evil.example/\">", "<base"),
        (
            "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
            "evil.example/x.css",
        ),
        (
            "<div onclick=\"steal()\" onmouseover=\"steal()\">hover</div>",
            "steal()",
        ),
        ("<input type=\"text\" name=\"password\">", "password"),
        (
            "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">",
            "data:text/html",
        ),
    ];
    for (attack, marker) in attacks {
        let (page, _) = page_of("", &format!("Before.\n\n{attack}\n\nAfter."));
        let body = body_of(&page);
        assert!(!body.contains(marker), "{attack} left {marker} in:\n{body}");
        assert!(body.contains("After."), "{body}");
    }
}

#[test]
fn markdown_links_that_run_code_are_unlinked() {
    let (page, run) = page_of(
        "",
        "[click](javascript:alert(1)) and ![i](data:text/html,x) and [ok](https://example.com)",
    );
    let body = body_of(&page);
    assert!(
        !body.contains("javascript:") && !body.contains("data:text"),
        "{body}"
    );
    assert!(
        body.contains("click") && body.contains("href=\"https://example.com\""),
        "{body}"
    );
    run.assert_stderr("link `javascript:alert(1)` would run code in the reader's browser");
}

#[test]
fn heading_attributes_cannot_add_handlers_or_styles() {
    let (page, _) = page_of(
        "",
        "## Title {#t .c onclick=alert(1) style=color:red data-x=1}",
    );
    let body = body_of(&page);
    assert!(
        body.contains("id=\"t\"") && body.contains("class=\"c\"") && body.contains("data-x=\"1\""),
        "{body}"
    );
    assert!(
        !body.contains("onclick") && !body.contains("style="),
        "{body}"
    );
}

#[test]
fn documents_keep_their_tables_details_figures_ids_and_classes() {
    let body = "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n<details open><summary>More</summary>\n\nHidden <span id=\"here\" class=\"note\">text</span>.\n\n</details>\n\n\
                <figure><img src=\"pic.png\" alt=\"Pic\" width=\"10\"><figcaption>Cap</figcaption></figure>\n\n\
                - [x] done\n\nSee [here](#here).\n";
    let handbook = Handbook::new();
    handbook.write("content/a.md", &format!("---\ntitle: A\n---\n{body}"));
    handbook.write("content/pic.png", "png");
    handbook.run(&["build"]).assert_code(0);
    let html = body_of(&handbook.page("a.html"));
    for kept in [
        "<th style=\"text-align: center\">a</th>",
        "<details open=\"\"><summary>More</summary>",
        "<span id=\"here\" class=\"note\">text</span>",
        "<figure><img src=\"pic.png\" alt=\"Pic\" width=\"10\"><figcaption>Cap</figcaption></figure>",
        // The task list's checkbox, with the label the theme gives it.
        "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Done\">",
        "href=\"#here\"",
    ] {
        assert!(html.contains(kept), "{kept} missing in:\n{html}");
    }
}

#[test]
fn escape_shows_html_as_text_and_allow_warns_at_every_build() {
    let (page, _) = page_of("markdown: {raw_html: escape}\n", "Say <b>hi</b>.");
    assert!(
        body_of(&page).contains("Say &lt;b&gt;hi&lt;/b&gt;."),
        "{page}"
    );
    let (page, run) = page_of(
        "markdown: {raw_html: allow}\n",
        "<div onclick=\"x()\">kept</div>",
    );
    assert!(body_of(&page).contains("<div onclick=\"x()\">kept</div>"));
    run.assert_stderr("`markdown.raw_html: allow` publishes the HTML of every document as written");
}

#[test]
fn front_matter_values_are_escaped_by_the_templates() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nsummary: \"<img src=x onerror=alert(2)>\"\nowner: \"<b>o</b>\"\ntags: [\"<i>t</i>\"]\n---\nText.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    for page in [
        "a.html",
        "index.html",
        "tags/index.html",
        "owners/index.html",
    ] {
        let html = handbook.page(page);
        assert!(
            !html.contains("<script>alert(1)")
                && !html.contains("<img src=x")
                && !html.contains("<b>o</b>")
                && !html.contains("<i>t</i>"),
            "{page}:\n{html}"
        );
    }
    assert!(handbook
        .page("a.html")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_template_outside_the_theme_is_refused() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: A\ntemplate: ../../../etc/passwd\n---\nA.\n",
    );
    handbook.write(
        "content/b.md",
        "---\ntitle: B\ntemplate: /etc/hosts\n---\nB.\n",
    );
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("`template: ../../../etc/passwd` is not the name of a template"),
        "{out}"
    );
    assert!(
        out.contains("`template: /etc/hosts` is not the name of a template"),
        "{out}"
    );
    assert!(out.contains("[template-path]"), "{out}");
    assert!(out.contains("      3:1  error"), "{out}");
}
