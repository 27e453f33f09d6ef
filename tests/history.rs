//! Document history from git: a handbook with a scripted history (authors and dates set per
//! commit, a rename, status and ring changes, a tag, a version above the audience) and what
//! its pages, diff pages, "What's new" digest, feed, board pack and radar show.

mod common;

use std::process::Command;

use common::Handbook;

/// Runs git in the handbook with a fixed author, date and no user configuration.
fn git(handbook: &Handbook, author: &str, date: &str, args: &[&str]) {
    let when = format!("{date}T10:00:00Z");
    let status = Command::new("git")
        .arg("-C")
        .arg(handbook.root())
        .args(args)
        .env_remove("GIT_DIR")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_AUTHOR_DATE", &when)
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_DATE", &when)
        .output()
        .expect("run git");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

fn commit(handbook: &Handbook, author: &str, date: &str, subject: &str) {
    git(handbook, author, date, &["add", "-A"]);
    git(handbook, author, date, &["commit", "-q", "-m", subject]);
}

const RETENTION: &str = "---\ntitle: Log retention\nkind: policy\nstatus: draft\nowner: ada\neffective: 2026-01-01\nreview_by: 2026-06-30\n---\nKeep logs for 30 days.\n";

/// The handbook and its history; "today" is 2026-11-28 (tests/common).
fn handbook(config: &str) -> Handbook {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", &format!("title: Test Handbook\nrepository: {{url: https://forge.example/acme/handbook}}\n{config}"));
    git(
        &handbook,
        "Ada",
        "2026-06-01",
        &["init", "-q", "-b", "main"],
    );
    handbook.write("content/policies/retention.md", RETENTION);
    handbook.write(
        "content/tech/rust-lang.md",
        "---\ntitle: Rust\nkind: technology\nring: assess\nquadrant: languages-frameworks\n---\nA language.\n",
    );
    handbook.write(
        "content/plans/mesh.md",
        "---\ntitle: Service mesh rollout\nkind: initiative\nstatus: planned\nowner: bo\nlane: platform\nstart: 2026-Q3\nend: 2027-Q1\n---\nRoll it out.\n",
    );
    handbook.write("content/notes.md", "---\ntitle: Notes\n---\nVersion 0.\n");
    commit(&handbook, "Ada", "2026-06-01", "Start the handbook");
    handbook.write(
        "content/policies/vendors.md",
        "---\ntitle: Vendor choice\nkind: policy\nstatus: draft\nclassification: confidential\nowner: ada\neffective: 2026-01-01\nreview_by: 2027-06-30\n---\nThe Falcon acquisition terms stay between us.\n",
    );
    commit(&handbook, "Ada", "2026-09-10", "Draft vendor choice");
    handbook.write(
        "content/policies/retention.md",
        &RETENTION
            .replace("status: draft", "status: active")
            .replace("owner: ada", "owner: bo")
            .replace("2026-06-30", "2027-06-30")
            .replace("30 days", "90 days"),
    );
    commit(&handbook, "Bo", "2026-09-15", "Approve log retention");
    handbook.write("content/notes.md", "---\ntitle: Notes\n---\nVersion 1.\n");
    commit(&handbook, "Cy", "2026-09-30", "Board meeting notes");
    git(&handbook, "Cy", "2026-09-30", &["tag", "board-2026-q3"]);
    git(
        &handbook,
        "Cy",
        "2026-10-10",
        &["mv", "content/tech/rust-lang.md", "content/tech/rust.md"],
    );
    handbook.write(
        "content/tech/rust.md",
        "---\ntitle: Rust\nkind: technology\nring: trial\nquadrant: languages-frameworks\n---\nA language.\n",
    );
    commit(&handbook, "Cy", "2026-10-10", "Trial Rust");
    handbook.write(
        "content/decisions/adr-7.md",
        "---\ntitle: Use Postgres\nkind: decision\nstatus: accepted\ndecided: 2026-10-12\n---\nWe use Postgres.\n",
    );
    handbook.write(
        "content/policies/vendors.md",
        "---\ntitle: Vendor choice\nkind: policy\nstatus: active\nclassification: internal\nowner: ada\neffective: 2026-01-01\nreview_by: 2027-06-30\n---\nWe choose vendors in the open.\n",
    );
    commit(
        &handbook,
        "Dee",
        "2026-10-12",
        "Decide on Postgres, open the vendor policy",
    );
    handbook.write(
        "content/plans/mesh.md",
        "---\ntitle: Service mesh rollout\nkind: initiative\nstatus: in-progress\nowner: bo\nlane: platform\nstart: 2026-Q3\nend: 2027-Q1\n---\nRoll it out.\n",
    );
    commit(&handbook, "Bo", "2026-11-01", "Start the mesh rollout");
    for n in 2..8 {
        handbook.write(
            "content/notes.md",
            &format!("---\ntitle: Notes\n---\nVersion {n}.\n"),
        );
        commit(
            &handbook,
            "Cy",
            &format!("2026-11-{:02}", n + 10),
            &format!("Notes {n}"),
        );
    }
    handbook
}

/// The root-relative address of the first link with class `class` in `html`.
fn link_of(html: &str, class: &str) -> String {
    let at = html
        .find(&format!("class=\"{class}\" href=\""))
        .expect(class);
    let rest = &html[at + class.len() + 15..];
    rest[..rest.find('"').unwrap()]
        .trim_start_matches("../")
        .to_string()
}

#[test]
fn a_document_lists_its_commits_with_the_fields_they_changed() {
    let handbook = handbook("");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/retention.html");
    assert!(page.contains("id=\"history\""), "{page}");
    assert!(page.contains("Approve log retention"));
    assert!(page.contains("Bo</span>") && page.contains("Ada</span>"));
    assert!(page.contains("2026-09-15") && page.contains("2026-06-01"));
    assert!(page.contains("status</span> draft → active"), "{page}");
    assert!(page.contains("owner</span> ada → bo"));
    assert!(page.contains("review_by</span> 2026-06-30 → 2027-06-30"));
    assert!(page.contains("href=\"https://forge.example/acme/handbook/commit/"));
    // The rename is followed: the commit that made the file under its old name is listed.
    let rust = handbook.page("tech/rust.html");
    assert!(
        rust.contains("moved from <code>tech/rust-lang.md</code>"),
        "{rust}"
    );
    assert!(rust.contains("ring</span> assess → trial"));
    assert!(rust.contains("Start the handbook"));
    // Past the latest five, the changes fold.
    let notes = handbook.page("notes.html");
    assert!(
        notes.contains("<details class=\"history-older\">"),
        "{notes}"
    );
    assert!(notes.contains("3 older changes"));
}

#[test]
fn a_diff_page_shows_the_words_and_fields_a_change_changed() {
    let handbook = handbook("");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/retention.html");
    let diff = link_of(&page, "history-diff");
    assert!(diff.starts_with("history/policies/retention/"), "{diff}");
    let html = handbook.page(&diff);
    assert!(html.contains("<del>30</del><ins>90</ins>"), "{html}");
    assert!(html.contains("1 words added, 1 removed"));
    assert!(html.contains(
        "<th scope=\"row\">status</th><td><del>draft</del></td><td><ins>active</ins></td>"
    ));
}

#[test]
fn whats_new_groups_the_changes_of_the_last_90_days_by_kind() {
    let handbook = handbook("");
    handbook.run(&["build"]).assert_code(0);
    let html = handbook.page("whats-new.html");
    assert!(html.contains("in the last 90 days"));
    let group = |title: &str| {
        let at = html
            .find(&format!(">{title} <"))
            .unwrap_or_else(|| panic!("{title}: {html}"));
        let end = html[at..].find("</section>").unwrap() + at;
        html[at..end].to_string()
    };
    assert!(group("New decisions").contains("Use Postgres"));
    assert!(group("Policies changed").contains("status draft → active"));
    assert!(group("Initiatives that moved").contains("status planned → in-progress"));
    let radar = group("Radar movements");
    assert!(
        radar.contains("Rust") && radar.contains("moved in"),
        "{radar}"
    );
    assert!(html.contains("href=\"tech/rust.html#history\""));
    let feed = handbook.page("feeds/whats-new.xml");
    assert!(
        feed.contains("<title>Radar movements: Rust</title>"),
        "{feed}"
    );
    let pack = handbook.page("board-pack.html");
    assert!(pack.contains("Changes in the last 90 days"));
    // The radar shows Rust moved in without a written `moved:`.
    let radar_page = handbook.page("tech-radar.html");
    assert!(radar_page.contains("(trial, in)"), "{radar_page}");
}

#[test]
fn the_digest_starts_at_a_date_or_at_a_tag() {
    for since in ["2026-10-01", "board-2026-q3"] {
        let handbook = handbook(&format!("changes: {{since: {since}}}\n"));
        handbook.run(&["build"]).assert_code(0);
        let html = handbook.main_of("whats-new.html");
        assert!(html.contains(&format!("since {since}")), "{html}");
        assert!(html.contains("Rust"), "{since}: {html}");
        assert!(
            !html.contains("Log retention"),
            "{since}: the September change is before the window"
        );
    }
    let handbook = handbook("changes: {since: no-such-tag}\n");
    handbook
        .run(&["build"])
        .assert_code(0)
        .assert_stderr("`changes.since` is `no-such-tag`, which is neither a date");
}

#[test]
fn a_written_moved_wins_over_the_history() {
    let handbook = handbook("");
    handbook.write(
        "content/tech/rust.md",
        "---\ntitle: Rust\nkind: technology\nring: trial\nquadrant: languages-frameworks\nmoved: new\n---\nA language.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("tech-radar.html").contains("(trial, new)"));
}

#[test]
fn no_text_of_a_version_above_the_audience_is_shown() {
    let handbook = handbook("");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/vendors.html");
    assert!(
        page.contains("a version not shown for this audience"),
        "{page}"
    );
    assert!(page.contains("the version before is not shown for this audience"));
    for file in common::walkdir(&handbook.public()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.contains("Falcon"),
            "{} shows the confidential version",
            file.display()
        );
    }
    // Built for the confidential audience, the first version's text is there.
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let page = handbook.page("policies/vendors.html");
    assert!(
        page.contains("classification</span> confidential → internal"),
        "{page}"
    );
}

type Files = std::collections::HashMap<std::path::PathBuf, Vec<u8>>;

/// The files of the output folder `dir` but its manifest (which records file times).
fn pages(dir: &std::path::Path) -> Files {
    let mut files = common::snapshot(dir);
    files.retain(|path, _| !path.ends_with(".northstar-output"));
    files
}

/// The output of a build that reads the whole history (the kept one removed first), for
/// comparing a rebuild's with it.
fn built_afresh(handbook: &Handbook) -> Files {
    let _ = std::fs::remove_file(handbook.root().join(".git/northstar-history"));
    let output = tempfile::tempdir().unwrap();
    let output = output.path().join("site");
    handbook
        .run(&["build", "--output", output.to_str().unwrap()])
        .assert_code(0);
    pages(&output)
}

/// Asserts that the rebuild's output is the output of a build that read the whole history.
fn same_as_afresh(handbook: &Handbook) {
    let rebuilt = pages(&handbook.public());
    let afresh = built_afresh(handbook);
    let mut differ: Vec<_> = rebuilt
        .keys()
        .chain(afresh.keys())
        .filter(|path| rebuilt.get(*path) != afresh.get(*path))
        .collect();
    differ.sort();
    differ.dedup();
    assert!(differ.is_empty(), "differ from a whole read: {differ:?}");
}

#[test]
fn a_rebuild_shows_the_new_commits_and_a_rewritten_history() {
    let handbook = handbook("");
    // The output stays out of the commits (a reset would otherwise bring back an old one).
    handbook.write(".git/info/exclude", "public/\n");
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.root().join(".git/northstar-history").is_file());
    // A new commit: the rebuild reads it and keeps what it had.
    let longer = RETENTION
        .replace("status: draft", "status: active")
        .replace("owner: ada", "owner: bo")
        .replace("2026-06-30", "2027-06-30");
    handbook.write(
        "content/policies/retention.md",
        &longer.replace("30 days", "120 days"),
    );
    commit(&handbook, "Dee", "2026-11-20", "Extend log retention");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/retention.html");
    assert!(page.contains("Extend log retention"), "{page}");
    assert!(page.contains("Approve log retention") && page.contains("Start the handbook"));
    let diff = handbook.page(&link_of(&page, "history-diff"));
    assert!(diff.contains("<del>90</del><ins>120</ins>"), "{diff}");
    same_as_afresh(&handbook);
    // The commit rewritten (an amend): the rebuild shows the history as it is now.
    handbook.run(&["build"]).assert_code(0);
    handbook.write(
        "content/policies/retention.md",
        &longer.replace("30 days", "60 days"),
    );
    git(&handbook, "Dee", "2026-11-21", &["add", "-A"]);
    git(
        &handbook,
        "Dee",
        "2026-11-21",
        &["commit", "-q", "--amend", "-m", "Shorten log retention"],
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/retention.html");
    assert!(page.contains("Shorten log retention"), "{page}");
    assert!(!page.contains("Extend log retention"), "{page}");
    same_as_afresh(&handbook);
    // Reset past a commit: the dropped commit is gone from the pages.
    handbook.run(&["build"]).assert_code(0);
    git(
        &handbook,
        "Dee",
        "2026-11-21",
        &["reset", "-q", "--hard", "HEAD~1"],
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("policies/retention.html");
    assert!(!page.contains("Shorten log retention"), "{page}");
    same_as_afresh(&handbook);
}

#[test]
fn a_merge_or_a_damaged_kept_history_is_read_whole() {
    let handbook = handbook("");
    handbook.write(".git/info/exclude", "public/\n");
    handbook.run(&["build"]).assert_code(0);
    git(
        &handbook,
        "Bo",
        "2026-11-20",
        &["checkout", "-q", "-b", "side"],
    );
    handbook.write(
        "content/notes.md",
        "---\ntitle: Notes\n---\nFrom the side.\n",
    );
    commit(&handbook, "Bo", "2026-11-20", "Notes from the side");
    git(&handbook, "Bo", "2026-11-21", &["checkout", "-q", "main"]);
    handbook.write("content/plans/mesh.md", "---\ntitle: Service mesh rollout\nkind: initiative\nstatus: done\nowner: bo\nlane: platform\nstart: 2026-Q3\nend: 2027-Q1\n---\nRolled out.\n");
    commit(&handbook, "Bo", "2026-11-21", "Finish the mesh rollout");
    git(
        &handbook,
        "Bo",
        "2026-11-22",
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge the side notes",
            "side",
        ],
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("notes.html").contains("Notes from the side"));
    assert!(handbook
        .page("plans/mesh.html")
        .contains("Finish the mesh rollout"));
    same_as_afresh(&handbook);
    // A kept history cut short is read again.
    let kept = handbook.root().join(".git/northstar-history");
    let bytes = std::fs::read(&kept).unwrap();
    std::fs::write(&kept, &bytes[..bytes.len() / 2]).unwrap();
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("notes.html").contains("Notes from the side"));
}
