//! Property tests of the path the fuzz target drives (front matter, the strategy views,
//! Markdown and link resolution, `northstar::pipeline::in_memory`): for arbitrary handbooks
//! built from hostile fragments, loading never panics, sanitized bodies never hold anything
//! that runs, no body links to a page the audience does not see, and the views take any
//! periods, rings, quadrants, likelihoods and dates.

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

/// A period as written: quarters and dates of any order and range, and text that is neither.
fn period() -> impl Strategy<Value = String> {
    prop_oneof![
        (1890i32..2210, 0u8..6).prop_map(|(year, q)| format!("{year}-Q{q}")),
        (1000i32..3000, 0u8..6).prop_map(|(year, q)| format!("{year}-Q{q}")),
        (-9999i32..=9999, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop::sample::select(
            &[
                "2026-Q1",
                "2026-Q4",
                "2027-Q3",
                "2026-12-31",
                "9999-Q4",
                "9999-12-31",
                "-9999-01-01",
                "0000-Q1",
                "2026",
                "Q3",
                "",
                "~"
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

/// A number as written: in range, out of range, or not a number.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3i64..9).prop_map(|n| n.to_string()),
        prop::sample::select(
            &[
                "-9223372036854775808",
                "9223372036854775807",
                "1e400",
                "2.5",
                "x",
                "~",
                "[]"
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(values).prop_map(str::to_string)
}

/// A document of a kind the views draw, with random values in the fields they read.
fn strategy_file() -> impl Strategy<Value = (String, String)> {
    let name = prop::sample::select(&["a", "b", "c", "d", "e", "deep/f"][..]);
    let rings = &["adopt", "trial", "assess", "hold", "Adopt", "", "sideways"][..];
    let quadrants = &[
        "tools",
        "platforms",
        "techniques",
        "languages-frameworks",
        "platform",
        "",
    ][..];
    let moved = &["in", "out", "up", "down", "new", "none", "sideways"][..];
    let fields = (
        period(),
        period(),
        number(),
        number(),
        number(),
        one_of(rings),
        one_of(quadrants),
        one_of(moved),
    );
    let kind = one_of(
        &[
            "initiative",
            "technology",
            "risk",
            "roadmap",
            "decision",
            "radar",
            "strategy",
        ][..],
    );
    (name, kind, fields, period(), period()).prop_map(|(name, kind, fields, item_start, item_end)| {
        let (start, end, progress, likelihood, impact, ring, quadrant, moved) = fields;
        let text = format!(
            "---\ntitle: {name} {kind}\nkind: {kind}\nowner: someone\nstart: \"{start}\"\nend: \"{end}\"\nlane: L\n\
             progress: {progress}\nlikelihood: {likelihood}\nimpact: {impact}\nring: {ring}\nquadrant: {quadrant}\n\
             moved: {moved}\ndepends_on: [a.md, b.md, {name}.md]\nmitigated_by: [a.md]\nsupports: [a.md]\n\
             decided: \"{start}\"\nlast_reviewed: \"{end}\"\nreview_every: {progress} months\n\
             items:\n  - {{title: I, start: \"{item_start}\", end: \"{item_end}\", lane: L, link: a.md}}\n\
             blips: [a.md, b.md]\nobjectives:\n  - {{id: o, title: O}}\n---\nBody.\n"
        );
        (format!("{name}.md"), text)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_views_take_any_periods_rings_and_numbers(files in prop::collection::vec(strategy_file(), 1..7)) {
        // Panics fail the case; a period that ends before it starts is reported.
        let mut files = files;
        let mut seen = std::collections::HashSet::new();
        files.retain(|(name, _)| seen.insert(name.clone()));
        let outcome = in_memory::run("", &files);
        for (name, text) in &files {
            let start = text.split("start: \"").nth(1).and_then(|s| s.split('"').next());
            let end = text.split("end: \"").nth(1).and_then(|s| s.split('"').next());
            let backwards = matches!((start, end), (Some(s), Some(e)) if s.len() == 7 && e.len() == 7 && s.contains("-Q") && e.contains("-Q") && e < s && e.as_bytes()[6] <= b'4' && s.as_bytes()[6] <= b'4' && s.as_bytes()[6] >= b'1' && e.as_bytes()[6] >= b'1');
            let parsed = !outcome.diagnostics.iter().any(|d| d.code == "front-matter" && d.file.as_ref().is_some_and(|f| f.ends_with(name)));
            let in_range = |p: Option<&str>| p.is_some_and(|p| ("1900".."2200").contains(&p.get(..4).unwrap_or("")));
            if backwards && parsed && in_range(start) && in_range(end) && text.contains("kind: initiative") {
                prop_assert!(
                    outcome.diagnostics.iter().any(|d| d.code == "period-order" && d.file.as_ref().is_some_and(|f| f.ends_with(name))),
                    "{name} ends before it starts and nothing says so: {:?}", outcome.diagnostics
                );
            }
        }
    }
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
