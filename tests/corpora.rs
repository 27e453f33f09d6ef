//! Real handbooks nobody here wrote (`../shared/corpora/`) build cleanly: every link that
//! resolves in the source resolves in the output, and only the genuinely broken ones are
//! reported. Skipped, with the reason printed, where the corpora are not beside the crate.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{broken_links, check_items, copy_tree, walkdir, Handbook};

fn corpus(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(name);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing in CI",
        path.display()
    );
    eprintln!(
        "skipping: {} is not there (the corpora live beside the repository)",
        path.display()
    );
    None
}

/// A handbook whose content/ is a copy of `source`, with `config` as northstar.yaml.
fn handbook_from(source: &Path, config: &str) -> Handbook {
    let handbook = Handbook::new();
    copy_tree(source, &handbook.root().join("content"));
    handbook.write("northstar.yaml", config);
    handbook
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// Every Markdown file of `source` has its page in the output.
fn assert_every_page_built(source: &Path, handbook: &Handbook) {
    for file in markdown_files(source) {
        let relative = file
            .strip_prefix(source)
            .unwrap()
            .to_string_lossy()
            .replace(".md", ".html");
        assert!(
            handbook.public().join(&relative).is_file(),
            "no page for {}",
            file.display()
        );
    }
}

#[test]
fn madr_decision_records_build_cleanly() {
    let Some(source) = corpus("madr-decisions/decisions") else {
        return;
    };
    let handbook = handbook_from(&source, "title: MADR decisions\n");
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    for item in check_items(&handbook) {
        assert_eq!(
            item.0, "unknown-field",
            "only foreign fields are reported: {item:?}"
        );
    }
    assert_every_page_built(&source, &handbook);
    assert!(
        handbook.public().join("0008-example-badge.png").is_file(),
        "image copied"
    );
    let problems = broken_links(&handbook.public());
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let status = handbook.page("0008-add-status-field.html");
    assert!(
        status.contains("<title>Add Status Field"),
        "title from the first heading"
    );
    assert_eq!(
        status.matches("<h1").count(),
        1,
        "the title heading is not shown twice"
    );
}

/// Links of the Sourcegraph subset that are broken in the source itself: they point at pages
/// outside the subset, or at headings that do not exist (GitHub would not find them either).
const SOURCEGRAPH_BROKEN: &str = include_str!("fixtures/corpora/sourcegraph-broken.txt");

#[test]
fn sourcegraph_handbook_builds_and_reports_exactly_its_broken_links() {
    let Some(source) = corpus("sourcegraph-handbook/content") else {
        return;
    };
    let handbook = handbook_from(
        &source,
        "title: Sourcegraph handbook\nlinks:\n  broken: warn\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let mut items = check_items(&handbook);
    // Its pages hold tags its own site generator filled in, published here as written.
    let tags = items.iter().filter(|i| i.0 == "template-syntax").count();
    assert!(tags > 0, "the generator's tags are reported");
    items.retain(|i| i.0 != "template-syntax");
    for item in &items {
        assert!(
            ["broken-link", "broken-anchor"].contains(&item.0.as_str()),
            "unexpected diagnostic: {item:?}"
        );
    }
    let reported: BTreeSet<String> = items
        .iter()
        .map(|(_, place, message)| format!("{place} {message}"))
        .collect();
    let known: BTreeSet<String> = SOURCEGRAPH_BROKEN
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let new: Vec<_> = reported.difference(&known).collect();
    let gone: Vec<_> = known.difference(&reported).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "newly broken: {new:#?}\nno longer reported: {gone:#?}"
    );

    // Every page is there; every link of the output resolves except the source's broken ones.
    assert_every_page_built(&source, &handbook);
    let output_broken = broken_links(&handbook.public());
    assert_eq!(
        output_broken.len(),
        items.len(),
        "each broken source link is the only kind left broken:\n{}",
        output_broken.join("\n")
    );
    let alerts = walkdir(&source)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("> [!NOTE]")))
        .expect("a note");
    let page = alerts
        .strip_prefix(&source)
        .unwrap()
        .to_string_lossy()
        .replace(".md", ".html");
    assert!(
        handbook.page(&page).contains("callout callout-note"),
        "GitHub alerts become callouts"
    );
    let images = walkdir(&source)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .count();
    let copied = walkdir(&handbook.public())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .count();
    assert_eq!(images, copied, "every image copied");
}
