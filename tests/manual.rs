//! The manual (`docs/`, a Northstar handbook) is held true to the program: it checks and builds
//! without a problem, its header is the theme's, and the README's links and first-handbook
//! commands work. (Its reference pages against `--help` and the source: manual_reference.rs.)

mod common;

use std::fs;
use std::path::PathBuf;

use common::manual::{northstar, northstar_in, read, repository};

// ---------------------------------------------------------------------------------------------
// The manual as a handbook
// ---------------------------------------------------------------------------------------------

/// `northstar --root docs check` finds no error and no warning. A shallow clone's
/// `git-shallow` warning is about the checkout, not the manual, and is the one left aside.
#[test]
fn the_manual_checks_without_errors_or_warnings() {
    let run = northstar(&["--root", "docs", "check", "--format", "json"]);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let problems: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d["code"] != "git-shallow")
        .collect();
    assert!(
        problems.is_empty(),
        "the manual has problems:\n{}",
        serde_json::to_string_pretty(&problems).unwrap()
    );
    run.assert_code(0);
}

/// The manual builds into a site whose every relative link and anchor resolves, with its
/// home, command-line and security pages (the last a symbolic link to SECURITY.md).
#[test]
fn the_manual_builds_and_every_link_of_its_site_resolves() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("manual");
    northstar(&[
        "--root",
        "docs",
        "--quiet",
        "build",
        "--output",
        site.to_str().unwrap(),
    ])
    .assert_code(0);
    let page = |path: &str| fs::read_to_string(site.join(path)).unwrap();
    assert!(page("index.html").contains("Northstar manual"));
    assert!(page("reference/command-line.html").contains("Exit codes"));
    let security = read("SECURITY.md");
    let first_heading = security
        .lines()
        .find(|line| line.starts_with("## "))
        .expect("SECURITY.md has sections")
        .trim_start_matches("## ");
    assert!(page("reference/security.html").contains(first_heading));
    let broken = common::broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The README
// ---------------------------------------------------------------------------------------------

/// Every relative link of README.md names a file of the repository (the manual's pages, the
/// screenshot, SECURITY.md), so the README's map of the manual stays true as pages move.
#[test]
fn every_relative_link_of_the_readme_leads_to_a_file() {
    let readme = read("README.md");
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let targets: Vec<&str> = link
        .captures_iter(&readme)
        .map(|found| found.get(1).unwrap().as_str())
        .filter(|target| !target.contains("://") && !target.starts_with('#'))
        .collect();
    assert!(targets.len() >= 15, "links read: {targets:?}");
    let missing: Vec<&&str> = targets
        .iter()
        .filter(|target| {
            let path = target.split('#').next().unwrap();
            !repository().join(path).is_file()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README.md links to nothing: {missing:?}"
    );
    let screenshot =
        fs::metadata(repository().join("docs/content/images/sample-home.png")).unwrap();
    assert!(
        screenshot.len() < 250_000,
        "the screenshot is {} bytes",
        screenshot.len()
    );
}

/// The commands of the `sh` block under `heading` in `file`, one per line, comments removed,
/// each split into words (double quotes group words).
fn commands_under(file: &str, heading: &str) -> Vec<Vec<String>> {
    let text = read(file);
    let after = &text[text
        .find(heading)
        .unwrap_or_else(|| panic!("{file} has `{heading}`"))..];
    let block = &after[after.find("```sh\n").expect("an sh block") + 6..];
    let block = &block[..block.find("```").unwrap()];
    let word = regex::Regex::new(r#""([^"]*)"|(\S+)"#).unwrap();
    block
        .lines()
        .map(|line| line.split(" #").next().unwrap())
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            word.captures_iter(line)
                .map(|found| found.get(1).or(found.get(2)).unwrap().as_str().to_string())
                .collect()
        })
        .collect()
}

/// Runs the first-handbook commands of `file` in an empty folder (`serve` aside, which does
/// not return): each succeeds, and they end with a built site.
fn first_handbook_walkthrough_works(file: &str) {
    let home = tempfile::tempdir().unwrap();
    let mut folder: PathBuf = home.path().to_path_buf();
    let commands = commands_under(file, "## Your first handbook");
    let ran: Vec<String> = commands.iter().map(|c| c.join(" ")).collect();
    for command in &commands {
        match command.first().map(String::as_str) {
            Some("cd") => folder = folder.join(&command[1]),
            Some("northstar") if command.get(1).map(String::as_str) == Some("serve") => {}
            Some("northstar") => {
                let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
                northstar_in(&folder, &args).assert_code(0);
            }
            other => panic!("{file}: an unexpected command {other:?} in {ran:?}"),
        }
    }
    assert!(
        ran.iter().any(|c| c.starts_with("northstar init")),
        "{ran:?}"
    );
    assert!(folder.join("public/index.html").is_file(), "after {ran:?}");
}

/// The README's "Your first handbook" gets a newcomer from nothing to a built site.
#[test]
fn the_readme_first_handbook_commands_build_a_site() {
    first_handbook_walkthrough_works("README.md");
}

/// So does the manual's getting-started page.
#[test]
fn the_getting_started_commands_build_a_site() {
    first_handbook_walkthrough_works("docs/content/guide/getting-started.md");
}
