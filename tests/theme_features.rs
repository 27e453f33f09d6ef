//! What the theme's build-time features put on the page: highlighted code, Mermaid blocks and
//! the vendored library, branding from the config (and its errors), "edit this page" links,
//! and "last updated" dates from git history, with front matter as the fallback.

mod common;

use std::path::Path;
use std::process::Command;

use common::Handbook;

fn doc(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n\n{body}")
}

#[test]
fn code_is_highlighted_with_classes_and_mermaid_is_left_for_the_browser() {
    let handbook = Handbook::new();
    handbook.write(
        "content/guide.md",
        &doc(
            "Guide",
            "",
            "```rust\nfn main() { println!(\"<hi>\"); }\n```\n\n```toml\nkey = 1\n```\n\n```mermaid\ngraph TD\n  A --> B\n```\n",
        ),
    );
    handbook.write("content/plain.md", &doc("Plain", "", "No diagrams.\n"));
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("guide.html");
    assert!(page.contains("<div class=\"code-block\"><pre class=\"highlight\" data-lang=\"rust\"><code class=\"language-rust\">"), "{page}");
    assert!(page.contains("<span class=\"hl-"), "{page}");
    assert!(page.contains("&lt;hi&gt;"), "{page}");
    assert!(
        page.contains("<code class=\"language-toml\">key = 1\n</code>"),
        "a language the grammars lack stays plain text: {page}"
    );
    assert!(
        page.contains("<pre class=\"mermaid\">graph TD\n  A --&gt; B\n</pre>"),
        "{page}"
    );
    let body = &page[page.find("<main").unwrap()..];
    assert!(!body.contains("style=\""), "no inline styles in the body");
    let vendored = handbook.public().join("northstar/vendor/mermaid");
    assert!(vendored.join("mermaid.min.js").is_file());
    assert!(vendored.join("LICENSE").is_file());
}

#[test]
fn branding_sets_logo_favicon_accent_and_footer() {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: Branded\nbranding:\n  logo: img/logo.svg\n  favicon: img/icon.png\n  accent: \"#ffcc00\"\n  footer: Made by the platform team\n",
    );
    handbook.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    handbook.write("static/img/icon.png", "png");
    handbook.write("content/a.md", &doc("A", "", "Text.\n"));
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("a.html");
    assert!(
        page.contains("<img class=\"brand-logo\" src=\"img/logo.svg\" alt=\"\">"),
        "{page}"
    );
    assert!(
        page.contains("<link rel=\"icon\" href=\"img/icon.png\">"),
        "{page}"
    );
    assert!(page.contains("Made by the platform team"), "{page}");
    // A pale yellow is darkened for light pages and kept bright for dark ones.
    let light = page.split("--accent: ").nth(1).unwrap_or_default();
    assert!(
        light.starts_with('#') && !light.starts_with("#ffcc00"),
        "too pale on white: {page}"
    );
    assert!(
        page.contains(":root[data-theme=\"dark\"] { --accent: #ffcc00;"),
        "{page}"
    );
}

#[test]
fn pages_carry_the_handbook_language() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", &doc("A", "", "Text.\n"));
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook
        .page("a.html")
        .starts_with("<!doctype html>\n<html lang=\"en\""));
    handbook.write("northstar.yaml", "title: Handbuch\nlanguage: de\n");
    handbook.run(&["build"]).assert_code(0);
    for page in ["a.html", "index.html", "contents.html", "search/index.html"] {
        let html = handbook.page(page);
        assert!(
            html.contains("<html lang=\"de\""),
            "{page}: {}",
            &html[..200]
        );
    }
}

#[test]
fn without_branding_the_theme_favicon_is_used() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", &doc("A", "", "Text.\n"));
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("a.html");
    assert!(page.contains("<link rel=\"icon\" href=\"northstar/favicon.svg\">"));
    assert!(handbook.public().join("northstar/favicon.svg").is_file());
    assert!(
        !page.contains("<style>"),
        "no accent style without an accent"
    );
}

#[test]
fn a_wrong_colour_or_a_missing_logo_is_an_error_naming_the_key() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", &doc("A", "", "Text.\n"));
    handbook.write("northstar.yaml", "title: T\nbranding:\n  accent: teal\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("northstar.yaml:3")
        .assert_stderr("`teal` is not a colour");
    handbook.write(
        "northstar.yaml",
        "title: T\nbranding:\n  logo: https://cdn.example.com/logo.svg\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("should be a file in the handbook's static/ folder");
    handbook.write("northstar.yaml", "title: T\nbranding:\n  logo: logo.svg\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("`branding.logo` names `logo.svg`, which is not in static/");
}

#[test]
fn edit_links_follow_the_repository() {
    let handbook = Handbook::new();
    handbook.write("content/team/on call.md", &doc("On call", "", "Text.\n"));
    handbook.write(
        "northstar.yaml",
        "title: T\nrepository:\n  url: https://github.com/acme/handbook/\n  folder: docs\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("team/on call.html");
    assert!(
        page.contains(
            "href=\"https://github.com/acme/handbook/edit/main/docs/content/team/on%20call.md\""
        ),
        "{page}"
    );
    handbook.write(
        "northstar.yaml",
        "title: T\nrepository:\n  url: https://gitlab.example.com/acme/handbook\n  branch: trunk\n",
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("team/on call.html").contains(
        "href=\"https://gitlab.example.com/acme/handbook/-/edit/trunk/content/team/on%20call.md\""
    ));
    handbook.write(
        "northstar.yaml",
        "title: T\nrepository:\n  url: https://git.example.com/h\n  edit_url: https://git.example.com/h/_edit/main/{path}\n",
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook
        .page("team/on call.html")
        .contains("href=\"https://git.example.com/h/_edit/main/content/team/on%20call.md\""));
}

#[test]
fn without_a_repository_there_is_no_edit_link() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", &doc("A", "", "Text.\n"));
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.page("a.html").contains("Edit this page"));
}

/// Runs git in `dir` with fixed identities and, when given, a fixed commit date.
fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command.output().expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn git_available() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "git is missing");
        eprintln!("skipping: git is not installed");
    }
    found
}

/// A handbook in a git repository: `old.md` committed on 2024-01-10, `new.md` and a second
/// change to nothing else on 2024-03-05; `loose.md` never committed.
fn dated_handbook() -> Handbook {
    let handbook = Handbook::new();
    let root = handbook.root();
    git(root, &["init", "-q", "-b", "main"], None);
    handbook.write(
        "content/old.md",
        &doc("Old", "updated: 2020-01-01\n", "Old text.\n"),
    );
    git(root, &["add", "-A"], None);
    git(
        root,
        &["commit", "-q", "-m", "first"],
        Some("2024-01-10T10:00:00+00:00"),
    );
    handbook.write("content/new.md", &doc("New", "", "New text.\n"));
    git(root, &["add", "-A"], None);
    git(
        root,
        &["commit", "-q", "-m", "second"],
        Some("2024-03-05T10:00:00+00:00"),
    );
    handbook.write(
        "content/loose.md",
        &doc("Loose", "updated: 2023-06-01\n", "Not committed.\n"),
    );
    handbook
}

#[test]
fn last_updated_comes_from_the_last_commit_else_front_matter() {
    if !git_available() {
        return;
    }
    let handbook = dated_handbook();
    handbook.run(&["build"]).assert_code(0);
    let updated = |page: &str| {
        let html = handbook.page(page);
        let at = html.find("Last updated <time datetime=\"").map(|i| i + 29);
        at.map(|i| html[i..i + 10].to_string())
    };
    assert_eq!(
        updated("old.html").as_deref(),
        Some("2024-01-10"),
        "git wins over `updated`"
    );
    assert_eq!(updated("new.html").as_deref(), Some("2024-03-05"));
    assert_eq!(
        updated("loose.html").as_deref(),
        Some("2023-06-01"),
        "untracked: front matter"
    );
}

#[test]
fn a_shallow_clone_warns_and_uses_front_matter() {
    if !git_available() {
        return;
    }
    let origin = dated_handbook();
    git(origin.root(), &["add", "-A"], None);
    git(
        origin.root(),
        &["commit", "-q", "-m", "third"],
        Some("2024-04-01T10:00:00+00:00"),
    );
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        None,
    );
    let handbook = Handbook { dir: clone };
    let root = handbook.root().join("shallow");
    let run = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_northstar"))
            .arg("--root")
            .arg(&root)
            .arg("build")
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    run.assert_code(0)
        .assert_stderr("shallow git clone")
        .assert_stderr("git fetch --unshallow");
    let old = std::fs::read_to_string(root.join("public/old.html")).unwrap();
    assert!(
        old.contains("Last updated <time datetime=\"2020-01-01\">"),
        "{old}"
    );
    let new = std::fs::read_to_string(root.join("public/new.html")).unwrap();
    assert!(
        !new.contains("Last updated"),
        "no date is better than a wrong one: {new}"
    );
}

#[test]
fn outside_git_the_front_matter_date_is_shown_without_a_warning() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        &doc("A", "updated: 2025-05-05\n", "Text.\n"),
    );
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    assert!(handbook
        .page("a.html")
        .contains("Last updated <time datetime=\"2025-05-05\">2025-05-05</time>"));
}

#[test]
fn badges_show_each_status_in_its_tone_and_each_kind_by_its_label() {
    let handbook = Handbook::new();
    handbook.write(
        "content/use-postgres.md",
        &doc(
            "Use Postgres",
            "kind: decision\nstatus: accepted\ndate: 2026-01-05\nowner: Platform\n",
            "We chose it.\n",
        ),
    );
    handbook.write(
        "content/notes.md",
        &doc("Notes", "status: Under Review\n", "Open questions.\n"),
    );
    handbook.run(&["build"]).assert_code(0);
    let decision = handbook.page("use-postgres.html");
    assert!(
        decision.contains(
            "<span class=\"badge badge-status tone-positive\" data-status=\"accepted\">Accepted</span>"
        ),
        "{decision}"
    );
    assert!(
        decision
            .contains("<span class=\"badge badge-kind\" data-kind=\"decision\">Decision</span>"),
        "{decision}"
    );
    let notes = handbook.page("notes.html");
    assert!(
        notes.contains(
            "<span class=\"badge badge-status tone-progress\" data-status=\"under-review\">Under Review</span>"
        ),
        "{notes}"
    );
    let statuses = handbook.page("statuses/accepted.html");
    assert!(
        statuses.contains("tone-positive\" data-status=\"accepted\">Accepted</span>"),
        "listing rows carry the same badge: {statuses}"
    );

    // A handbook's own partial can use the same filters and add statuses of its own.
    handbook.write(
        "templates/partials/status-badge.html",
        "{%- set key = badge_status | status_key %}{% if key == \"accepted\" %}{% set tone = \"custom\" %}{% else %}{% set tone = badge_status | status_tone %}{% endif -%}\n<b class=\"tone-{{ tone }}\">{{ badge_status | status_label }}</b>",
    );
    handbook.run(&["build"]).assert_code(0);
    let decision = handbook.page("use-postgres.html");
    assert!(
        decision.contains("<b class=\"tone-custom\">Accepted</b>"),
        "{decision}"
    );
    let notes = handbook.page("notes.html");
    assert!(
        notes.contains("<b class=\"tone-progress\">Under Review</b>"),
        "{notes}"
    );
}

#[test]
fn a_kind_label_from_the_config_names_the_kind_in_badges_and_rows() {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: T\nkinds:\n  decision:\n    label: Architecture decision\n  playbook: {}\n",
    );
    handbook.write(
        "content/use-postgres.md",
        &doc(
            "Use Postgres",
            "kind: decision\nstatus: accepted\ndate: 2026-01-05\n",
            "We chose it.\n",
        ),
    );
    handbook.write(
        "content/on-call.md",
        &doc("On call", "kind: playbook\n", "Who answers.\n"),
    );
    handbook.run(&["build"]).assert_code(0);
    let configured =
        "<span class=\"badge badge-kind\" data-kind=\"decision\">Architecture decision</span>";
    let decision = handbook.page("use-postgres.html");
    assert!(
        decision.contains(configured),
        "the page's badge: {decision}"
    );
    let listing = handbook.page("statuses/accepted.html");
    assert!(
        listing.contains(configured),
        "a listing row's badge: {listing}"
    );
    let home = handbook.page("index.html");
    assert!(home.contains(configured), "a section's row: {home}");
    // A kind without a label of its own is named from its key.
    let playbook = handbook.page("on-call.html");
    assert!(
        playbook
            .contains("<span class=\"badge badge-kind\" data-kind=\"playbook\">Playbook</span>"),
        "{playbook}"
    );
}

#[test]
fn the_table_of_contents_nests_h3_under_their_h2() {
    let handbook = Handbook::new();
    handbook.write(
        "content/guide.md",
        &doc(
            "Guide",
            "",
            "### Before\n\nx\n\n## First\n\n### One\n\n### Two\n\n## Second\n\n## Third\n\n### Three\n",
        ),
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("guide.html");
    let start = page
        .find("<nav class=\"toc toc-column\"")
        .expect("a toc column");
    let toc = &page[start..start + page[start..].find("</nav>").unwrap()];
    let link =
        |id: &str, title: &str| format!("<a href=\"#{id}\" data-toc-id=\"{id}\">{title}</a>");
    let expected = [
        format!(
            "<li class=\"toc-h3 toc-orphan\">{}</li>",
            link("before", "Before")
        ),
        format!("<li class=\"toc-h2\">{}<ol>", link("first", "First")),
        format!("<li class=\"toc-h3\">{}</li>", link("one", "One")),
        format!("<li class=\"toc-h3\">{}</li></ol></li>", link("two", "Two")),
        format!("<li class=\"toc-h2\">{}</li>", link("second", "Second")),
        format!("<li class=\"toc-h2\">{}<ol>", link("third", "Third")),
        format!(
            "<li class=\"toc-h3\">{}</li></ol></li>",
            link("three", "Three")
        ),
    ];
    let squeezed: String = toc.split_whitespace().collect::<Vec<_>>().join(" ");
    let squeezed = squeezed.replace("> <", "><");
    let mut at = 0;
    for part in &expected {
        let part = part.replace("> <", "><");
        let found = squeezed[at..]
            .find(&part)
            .unwrap_or_else(|| panic!("{part} after {at} in {squeezed}"));
        at += found + part.len();
    }
}
