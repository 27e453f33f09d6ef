//! Random small handbooks through the whole build, templates and output included: random file
//! and folder names (odd characters, reserved names, long names), kinds with random periods,
//! rings, quadrants, likelihoods and references, and hostile Markdown. Every build must end
//! in a site or in diagnostics that name a file — never a panic — and a second build of the
//! same handbook must work as the first did (an odd name must not wedge the output). No page
//! may link to a script address.
//!
//! `cargo test --test random_handbooks` runs a few cases; for a long search,
//! `RANDOM_HANDBOOKS=20000 cargo test --profile quick-release --test random_handbooks`.

use std::fs;
use std::path::Path;

use northstar::commands::build::{build, BuildError, BuildOptions};
use northstar::pipeline::Options;
use proptest::prelude::*;

/// File and folder names: ordinary, reserved by the site, and odd.
const NAMES: &[&str] = &[
    "a",
    "b",
    "index",
    "_index",
    "README",
    "javascript:alert(1)",
    "back\\slash",
    "new\nline",
    "tab\there",
    " leading",
    "trailing ",
    "per%cent",
    "hash#mark",
    "question?",
    "quote\"s",
    "<b>",
    "café",
    "日本語",
    "emoji 🚀",
    "tags",
    "search",
    "feeds",
    "northstar",
    "404",
    "reviews",
    "kinds",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(NAMES).prop_map(str::to_string),
        1 => (1usize..240).prop_map(|n| "n".repeat(n)),
        1 => "[a-z]{1,8}",
    ]
}

fn period() -> impl Strategy<Value = String> {
    prop_oneof![
        (2020i32..2032, 1u8..5).prop_map(|(y, q)| format!("{y}-Q{q}")),
        (1890i32..2210, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop::sample::select(&["2027-Q5", "", "~", "soon"][..]).prop_map(str::to_string),
    ]
}

/// The front matter of a document of a random kind.
fn front_matter() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(
        &[
            "page",
            "initiative",
            "technology",
            "risk",
            "roadmap",
            "decision",
            "policy",
            "radar",
            "strategy",
            "nokind",
        ][..],
    );
    let ring = prop::sample::select(&["adopt", "trial", "assess", "hold", "sideways"][..]);
    let quadrant = prop::sample::select(
        &[
            "tools",
            "platforms",
            "techniques",
            "languages-frameworks",
            "x",
        ][..],
    );
    let number = -2i64..8;
    let target = prop::sample::select(
        &[
            "a.md",
            "b.md",
            "b/a.md",
            "../x.md",
            "index.md",
            "missing.md",
        ][..],
    );
    let classification =
        prop::sample::select(&["", "public", "internal", "confidential", "restricted"][..]);
    (kind, (period(), period()), (ring, quadrant), (number.clone(), number), target, classification, any::<bool>())
        .prop_map(|(kind, (start, end), (ring, quadrant), (likelihood, impact), target, classification, draft)| {
            let mut lines = vec![
                format!("title: {kind} {start}"),
                format!("kind: {kind}"),
                "owner: someone".to_string(),
                format!("start: \"{start}\""),
                format!("end: \"{end}\""),
                "lane: Platform".to_string(),
                format!("ring: {ring}"),
                format!("quadrant: {quadrant}"),
                format!("likelihood: {likelihood}"),
                format!("impact: {impact}"),
                format!("supports: [{target}]"),
                format!("depends_on: [{target}]"),
                format!("mitigated_by: [{target}]"),
                format!("effective: \"{start}\""),
                "review_every: 6 months".to_string(),
                format!("last_reviewed: \"{end}\""),
                format!("items:\n  - {{title: I, start: \"{start}\", end: \"{end}\", lane: L, link: {target}}}"),
                format!("aliases: [old/{kind}.html]"),
            ];
            if !classification.is_empty() {
                lines.push(format!("classification: {classification}"));
            }
            if draft {
                lines.push("draft: true".to_string());
            }
            lines.join("\n")
        })
}

fn markdown() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        "[a-zA-Z .,]{0,40}",
        prop::sample::select(
            &[
                "## Same",
                "[link](a.md#same)",
                "[up](../a.md)",
                "![img](pic.svg)",
                "<script>alert(1)</script>",
                "<a href=\"javascript:x()\">j</a>",
                "<div><div><div>",
                "| a | b |\n|---|---|\n| 1 | 2 |",
                "```rust\nfn main() {}\n```",
                "[^1]\n\n[^1]: note",
                "> [!WARNING]\n> careful",
                "- [ ] task",
                "<svg onload=x()>",
            ][..]
        )
        .prop_map(str::to_string),
    ];
    prop::collection::vec(block, 0..6).prop_map(|blocks| blocks.join("\n\n"))
}

/// A file: its path under content/ and its text.
fn file() -> impl Strategy<Value = (String, String)> {
    let folders = prop::collection::vec(name(), 0..3);
    (folders, name(), front_matter(), markdown(), 0u8..10).prop_map(
        |(folders, name, header, body, which)| {
            let mut path = folders.join("/");
            if !path.is_empty() {
                path.push('/');
            }
            match which {
                0 => (
                    format!("{path}{name}.svg"),
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>".into(),
                ),
                1 => (format!("{path}{name}.html"), "<script>x()</script>".into()),
                2 => (format!("{path}{name}.png"), "not really a png".into()),
                _ => (
                    format!("{path}{name}.md"),
                    format!("---\n{header}\n---\n{body}\n"),
                ),
            }
        },
    )
}

fn config() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "title: Random",
            "title: Random\naudiences:\n  dangling: warn",
            "title: Random\naudiences:\n  default_audience: public",
            "title: Random\nmarkdown:\n  raw_html: escape",
            "title: Random\nprint: true\nbase_url: https://handbook.example.com/",
            "title: Random\nsearch:\n  enabled: false",
        ][..],
    )
    .prop_map(str::to_string)
}

/// Writes the handbook; a name the file system refuses is left out, as a writer could not
/// create it either.
fn write_handbook(root: &Path, config: &str, files: &[(String, String)]) {
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("northstar.yaml"), config).unwrap();
    for (path, text) in files {
        let full = root.join("content").join(path);
        if let Some(parent) = full.parent() {
            if fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = fs::write(full, text);
    }
}

/// What one build ended in, for comparing a rebuild with the first build.
fn outcome(root: &Path) -> Result<(), String> {
    let options = BuildOptions {
        load: Options::new(root),
        output: None,
    };
    match build(&options) {
        Ok(_) => Ok(()),
        Err(BuildError::Content(diagnostics)) => {
            for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                assert!(
                    diagnostic.file.is_some(),
                    "an error names no file: {diagnostic:?}"
                );
            }
            Err("content".into())
        }
        Err(BuildError::Usage(diagnostic)) => Err(format!("usage: {}", diagnostic.message)),
        Err(BuildError::Io(error)) => Err(format!("io: {error:#}")),
    }
}

/// No page links to a script address.
fn no_script_links(public: &Path) {
    let Ok(entries) = fs::read_dir(public) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            no_script_links(&path);
        } else if path.extension().is_some_and(|e| e == "html" || e == "json") {
            let text = fs::read_to_string(&path)
                .unwrap_or_default()
                .to_ascii_lowercase();
            for marker in [
                "href=\"javascript:",
                "src=\"javascript:",
                "\"u\":\"javascript:",
            ] {
                assert!(!text.contains(marker), "{} holds {marker}", path.display());
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("RANDOM_HANDBOOKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_handbooks_build_or_say_where_and_rebuild_alike(
        config in config(),
        files in prop::collection::vec(file(), 1..10),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_handbook(dir.path(), &config, &files);
        let first = outcome(dir.path());
        if first.is_ok() {
            no_script_links(&dir.path().join("public"));
        }
        let second = outcome(dir.path());
        prop_assert_eq!(&first, &second, "a rebuild ended differently");
    }
}
