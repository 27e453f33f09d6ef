//! Property tests of the path the fuzz target drives (front matter + Markdown + link
//! resolution, `northstar::pipeline::in_memory`): for arbitrary handbooks built from hostile
//! fragments, loading never panics, sanitized bodies never hold anything that runs, and no
//! body links to a page the audience does not see.

use northstar::pipeline::in_memory;
use proptest::prelude::*;

/// Paths the generated files and links use, `..` included.
const PATHS: &[&str] = &[
    "a.md",
    "b.md",
    "deals/_index.md",
    "deals/x.md",
    "deals/deep/y.md",
    "../a.md",
    "../../etc/passwd",
    "deals/",
    "deals/x.html",
    "/a.md",
    "a.md#top",
    "c.png",
    "javascript:alert(1)",
];

fn path() -> impl Strategy<Value = String> {
    prop::sample::select(PATHS).prop_map(str::to_string)
}

/// A front-matter value: ordinary, YAML-special or hostile.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,12}",
        prop::sample::select(
            &[
                "public",
                "internal",
                "confidential",
                "restricted",
                "secrit",
                "",
                "~",
                "[a, b",
                "{x: 1}",
                "*a",
                "&a x",
                "\"q",
                "- x",
                "!!binary AA",
                "'a''b'",
                "1e400",
                "null"
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>().prop_map(|s| s.chars().take(20).collect()),
    ]
}

/// A line of front matter.
fn field() -> impl Strategy<Value = String> {
    let key = prop::sample::select(
        &[
            "title",
            "classification",
            "kind",
            "status",
            "supports",
            "aliases",
            "template",
            "tags",
            "id",
            "cascade",
            "extra",
            "draft",
            "weight",
            "x",
        ][..],
    );
    (key, value(), path()).prop_map(|(key, value, path)| match key {
        "supports" => format!("supports: [{path}]"),
        "cascade" => format!("cascade: {{classification: {value}}}"),
        _ => format!("{key}: {value}"),
    })
}

/// A piece of Markdown body.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z .,]{0,40}",
        path().prop_map(|p| format!("[link]({p})")),
        path().prop_map(|p| format!("![img]({p})")),
        prop::sample::select(
            &[
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "<a href=\"javascript:x()\">j</a>",
                "<div style=\"color:red\" onclick=\"x()\">d</div>",
                "<details><summary>s</summary>",
                "</details>",
                "## Heading {onclick=x() #id}",
                "> [!NOTE] note",
                "| a |\n|---|\n| b |",
                "```\ncode\n```",
                "[^1]\n\n[^1]: foot",
                "<span id=\"anchor\">",
                "</span>",
                "<!-- comment",
                "<svg onload=x()>",
                "\u{0}",
                "<",
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ]
}

fn file() -> impl Strategy<Value = (String, String)> {
    let header = prop::collection::vec(field(), 0..5);
    let body = prop::collection::vec(block(), 0..8);
    let fenced = any::<bool>();
    (path(), header, body, fenced).prop_map(|(path, header, body, fenced)| {
        let text = if fenced {
            format!("---\n{}\n---\n{}\n", header.join("\n"), body.join("\n\n"))
        } else {
            body.join("\n")
        };
        (path, text)
    })
}

fn config() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "",
            "audiences: {dangling: warn}",
            "audiences: [open, staff]",
            "markdown: {raw_html: escape}",
            "audiences: {default_audience: restricted}",
            "audiences: {levels: []}",
            "markdown: {raw_html: sanitize}\naudiences: {default_audience: public}",
        ][..],
    )
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn loading_never_panics_and_nothing_runs(config in config(), files in prop::collection::vec(file(), 1..6)) {
        let outcome = in_memory::run(&config, &files);
        let tag = regex::Regex::new(r"<[a-zA-Z][^<>]*>").unwrap();
        let handler = regex::Regex::new(r#"(?i)\son[a-z]+\s*="#).unwrap();
        for body in &outcome.bodies {
            for found in tag.find_iter(body) {
                let element = found.as_str().to_ascii_lowercase();
                prop_assert!(!element.starts_with("<script") && !element.starts_with("<iframe") && !element.starts_with("<svg"), "{element} in {body}");
                prop_assert!(!handler.is_match(&element), "{element} in {body}");
                prop_assert!(!element.contains("javascript:"), "{element} in {body}");
                prop_assert!(!element.contains("style=") || element.contains("style=\"text-align"), "{element} in {body}");
            }
        }
    }

    #[test]
    fn no_body_links_to_a_left_out_page(files in prop::collection::vec(file(), 1..6)) {
        let mut files = files;
        files.retain(|(path, _)| path != "deals/_index.md");
        files.insert(0, ("deals/_index.md".into(), "---\ntitle: Deals\nclassification: restricted\n---\n".into()));
        let outcome = in_memory::run("audiences: {dangling: warn}", &files);
        for body in &outcome.bodies {
            prop_assert!(!body.contains("href=\"deals/") && !body.contains("src=\"deals/"), "{body}");
        }
    }
}
