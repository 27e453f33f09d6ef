//! The sample handbook in `content/` builds cleanly: no errors, no broken links, and only the
//! deliberate warnings (three policies whose review is overdue, as their pages explain).

mod common;

use std::path::Path;

use common::{broken_links, walkdir, SampleBuild};

#[test]
fn the_sample_handbook_builds_with_only_deliberate_warnings_and_no_broken_links() {
    let build = SampleBuild::new(&[]);
    let (site, stderr) = (&build.site, &build.run.stderr);
    assert_eq!(build.run.code, 0, "{stderr}");
    assert!(
        !stderr.contains("error:"),
        "the sample handbook has errors:\n{stderr}"
    );
    // A shallow clone of this repository (CI's usual checkout) adds a warning that the pages
    // are dated from front matter instead of git history; that one is expected too.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning:") && !l.contains("shallow git clone"))
        .collect();
    let deliberate = [
        "acceptable-use.md",
        "intellectual-property.md",
        "access-control.md",
        "technology-strategy.md",
    ];
    for warning in &warnings {
        let expected = warning.contains("review overdue") || warning.contains("review due on");
        assert!(
            expected && deliberate.iter().any(|d| warning.contains(d)),
            "unexpected warning: {warning}"
        );
    }
    assert_eq!(warnings.len(), deliberate.len(), "{stderr}");
    let problems = broken_links(site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let documents = walkdir(&content)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            !["_index.md", "index.md", "README.md"]
                .contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .count();
    assert!(
        documents >= 30,
        "only {documents} documents in the sample handbook"
    );
    assert!(site.join("index.html").is_file());
    // Valid HTML needs unique ids: the board pack and print page hold many documents, and a
    // strategy's objectives table sits beside headings named like the objectives.
    let id = regex::Regex::new(r#"<[a-zA-Z][^<>]*?\sid="([^"]*)""#).unwrap();
    for page in walkdir(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut seen = std::collections::HashSet::new();
        for capture in id.captures_iter(&text) {
            assert!(
                seen.insert(capture[1].to_string()),
                "{} repeats the id `{}`",
                page.display(),
                &capture[1]
            );
        }
    }
}
