//! Bad input: every mistake gets a message naming file, line and fix, and the right exit code.

mod common;

use common::Handbook;

fn handbook_with(path: &str, text: &str) -> Handbook {
    let handbook = Handbook::new();
    handbook.write(path, text);
    handbook
}

#[test]
fn invalid_yaml_names_the_file_line() {
    let handbook = handbook_with(
        "content/bad.md",
        "---\ntitle: Fine\ntags: [unclosed\nowner: x\n---\nBody\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/bad.md:")
        .assert_stderr("invalid YAML in front matter");
    let line: usize = run
        .stderr
        .split("content/bad.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (3..=5).contains(&line),
        "line {line} should point into the YAML block:\n{}",
        run.stderr
    );
    assert!(!handbook.public().exists(), "no half-written site");
}

#[test]
fn unclosed_front_matter_is_an_error_with_the_fix() {
    let run =
        handbook_with("content/open.md", "---\ntitle: Never closed\n\nBody text\n").run(&["build"]);
    run.assert_code(1).assert_stderr(
        "content/open.md:1:1: error: the front matter that starts on line 1 is never closed",
    );
    run.assert_stderr("add a line with only `---`");
}

#[test]
fn wrong_types_point_at_the_field() {
    let run = handbook_with(
        "content/typed.md",
        "---\ntitle: Typed\nweight: heavy\ntags:\n  nested: map\ndraft: maybe\n---\n",
    )
    .run(&["build"]);
    run.assert_code(1);
    run.assert_stderr("content/typed.md:3:1: error: `weight` should be a whole number");
    run.assert_stderr("content/typed.md:4:1: error: `tags` should be a list of text values");
    run.assert_stderr("content/typed.md:6:1: error: `draft` should be true or false");
}

#[test]
fn invalid_dates_are_errors() {
    let run = handbook_with(
        "content/dated.md",
        "---\ntitle: Dated\nreview_by: 2027-02-30\n---\n",
    )
    .run(&["build"]);
    run.assert_code(1).assert_stderr(
        "content/dated.md:3:1: error: `review_by` is not a valid date: `2027-02-30`",
    );
    run.assert_stderr("YYYY-MM-DD");
}

#[test]
fn unknown_fields_warn_with_a_suggestion_and_still_build() {
    let handbook = handbook_with(
        "content/typo.md",
        "---\ntitle: Typo\nreviw_by: 2027-01-01\n---\nBody\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(0)
        .assert_stderr("content/typo.md:3:1: warning: unknown front-matter field `reviw_by`");
    run.assert_stderr("did you mean `review_by`?");
    assert!(handbook.public().join("typo.html").is_file());
    let quiet = handbook.run(&["--quiet", "build"]);
    quiet.assert_code(0);
    assert!(
        quiet.stderr.is_empty() && quiet.stdout.is_empty(),
        "--quiet hides warnings and the summary"
    );
}

#[test]
fn broken_links_name_file_line_and_column() {
    let handbook = handbook_with(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [b](b.md) and [gone](missing.md).\n",
    );
    handbook.write(
        "content/b.md",
        "---\ntitle: B\n---\n## Real heading\n\nBack to [a](a.md#nowhere).\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    run.assert_stderr(
        "content/a.md:5:19: error: broken link `missing.md`: no file content/missing.md",
    );
    run.assert_stderr("content/b.md:6:9: error: broken link `a.md#nowhere`: content/a.md has no heading or anchor `#nowhere`");
    assert!(!handbook.public().exists());
}

#[test]
fn broken_links_can_be_downgraded_to_warnings() {
    let handbook = handbook_with("content/a.md", "See [gone](missing.md).\n");
    handbook.write("northstar.yaml", "title: T\nlinks:\n  broken: warn\n");
    handbook
        .run(&["build"])
        .assert_code(0)
        .assert_stderr("warning: broken link `missing.md`");
}

#[test]
fn links_outside_content_and_absolute_links_are_refused() {
    let handbook = handbook_with(
        "content/a.md",
        "[up](../README.md) and [abs](/policies/x.md)\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("points outside content/")
        .assert_stderr("starts with `/`");
}

#[test]
fn links_to_drafts_say_so() {
    let handbook = handbook_with("content/a.md", "[idea](idea.md)\n");
    handbook.write("content/idea.md", "---\ntitle: Idea\ndraft: true\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("points to a draft")
        .assert_stderr("--drafts");
    handbook.run(&["build", "--drafts"]).assert_code(0);
}

#[test]
fn unknown_config_keys_name_the_key() {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: T\ntheme: default\nbase_ulr: https://x\n",
    );
    handbook.write("content/a.md", "A\n");
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "northstar.yaml:3:1: error: invalid configuration: unknown field `base_ulr`",
    );
}

#[test]
fn a_key_given_twice_names_the_line_of_each() {
    let handbook = handbook_with(
        "content/twice.md",
        "---\ntitle: First\nowner: ops\ntitle: Second\n---\nBody\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1).assert_stderr(
        "content/twice.md:4:1: error: invalid YAML in front matter: `title` is given twice in the same map (first on line 2)",
    );
    run.assert_stderr("keep the line you mean and delete the other");
    handbook.write("content/twice.md", "---\ntitle: Once\n---\nBody\n");
    handbook.write(
        "northstar.yaml",
        "title: T\nsearch:\n  enabled: true\n\n  enabled: false\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1).assert_stderr(
        "northstar.yaml:5:3: error: invalid configuration: `enabled` is given twice in the same map (first on line 3)",
    );
    assert!(
        !run.stderr.contains("the known keys are"),
        "the help is about the repeated key:\n{}",
        run.stderr
    );
}

#[test]
fn two_index_files_in_one_folder_is_an_error() {
    let handbook = handbook_with("content/p/_index.md", "---\ntitle: P\n---\n");
    handbook.write("content/p/README.md", "# P again\n");
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "content/p/README.md: error: this folder already has an index file, p/_index.md",
    );
}

#[test]
fn template_errors_point_into_the_template() {
    let handbook = handbook_with("content/a.md", "A\n");
    handbook.write("templates/document.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | nosuchfilter }}\n{% endblock %}\n");
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("templates/document.html:3:");
}

#[test]
fn a_missing_template_is_named_at_the_template_field() {
    let handbook = handbook_with(
        "content/a.md",
        "---\ntitle: A\nowner: ops\ntemplate: wide.html\n---\nBody\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/a.md:4:1: error: template `wide.html` not found")
        .assert_stderr("add it to the handbook's templates/ folder");
    handbook.write(
        "templates/wide.html",
        "{% extends \"default/document.html\" %}\n",
    );
    handbook.run(&["build"]).assert_code(0);
}

#[test]
fn usage_errors_exit_with_two() {
    let handbook = Handbook::new();
    std::fs::remove_dir_all(handbook.root().join("content")).unwrap();
    handbook
        .run(&["build"])
        .assert_code(2)
        .assert_stderr("has no content/ folder");
    Handbook::new()
        .run(&["build", "--no-such-flag"])
        .assert_code(2);
    Handbook::new().run(&["frobnicate"]).assert_code(2);
}

#[test]
fn symlink_loops_do_not_hang() {
    let handbook = handbook_with("content/a.md", "A\n");
    std::os::unix::fs::symlink(
        handbook.root().join("content"),
        handbook.root().join("content/loop"),
    )
    .unwrap();
    let run = handbook.run(&["build"]);
    run.assert_code(0).assert_stderr("symbolic link loop");
}

#[test]
fn hidden_and_editor_files_are_ignored() {
    let handbook = handbook_with("content/a.md", "A\n");
    handbook.write("content/.secret.md", "---\ntitle: [broken\n");
    handbook.write("content/a.md~", "backup");
    handbook.write("content/.a.md.swp", "swap");
    handbook.write("content/#a.md#", "emacs");
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.public().join("a.md~").exists());
    assert!(!handbook.public().join(".secret.html").exists());
}

#[test]
fn unknown_kinds_are_errors_and_config_kinds_are_known() {
    let handbook = handbook_with("content/a.md", "---\ntitle: A\nkind: polcy\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/a.md:3:1: error: unknown kind `polcy`")
        .assert_stderr("did you mean `policy`?");
    handbook.write("content/a.md", "---\ntitle: A\n---\n");
    handbook.write(
        "content/v.md",
        "---\ntitle: V\nkind: vendor\nsupplier: Acme\n---\n",
    );
    handbook.write(
        "northstar.yaml",
        "title: T\nkinds:\n  vendor:\n    fields: {supplier: text}\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(
        !run.stderr.contains("content/v.md"),
        "vendor kind and its field are known:\n{}",
        run.stderr
    );
}

#[test]
fn links_written_as_published_paths_resolve_with_advice() {
    let handbook = handbook_with("content/notes/a.md", "[one](/policies/b.html), [two](../policies/b/), [three](../policies/b#scope), [four](/policies/b.md)\n");
    handbook.write("content/policies/b.md", "---\ntitle: B\n---\n## Scope\n");
    let run = handbook.run(&["build"]);
    run.assert_code(0)
        .assert_stderr("content/notes/a.md:1:1: warning: link `/policies/b.html` is written as a published path")
        .assert_stderr("help: write `../policies/b.md`")
        .assert_stderr("help: write `../policies/b.md#scope`");
    assert_eq!(
        run.stderr.matches("is written as a published path").count(),
        4,
        "{}",
        run.stderr
    );
    let page = handbook.page("notes/a.html");
    assert_eq!(
        page.matches(r#"href="../policies/b.html""#).count(),
        3,
        "{page}"
    );
    assert!(page.contains(r#"href="../policies/b.html#scope""#));
}

#[test]
fn aliases_no_file_system_takes_or_the_site_uses_are_errors_at_their_line() {
    let long = "l".repeat(300);
    let handbook = handbook_with(
        "content/a.md",
        &format!(
            "---\ntitle: A\naliases: [\"x\\0y.html\", \"{long}.html\", \"tab\\there.html\", .well-known/x.html, northstar/style.css, search/index.html, search/manifest.json, feeds/all.xml]\n---\nText.\n"
        ),
    );
    let run = handbook.run_bounded(&["build"]);
    run.assert_code(1);
    let errors = run.stderr.matches("content/a.md:3:1: error: alias").count();
    assert_eq!(errors, 8, "{}", run.stderr);
    assert!(
        !run.stderr.contains("os error"),
        "a raw OS error:\n{}",
        run.stderr
    );
    assert!(!handbook.public().exists());
}

#[test]
fn duplicate_ids_are_errors_naming_the_first() {
    let handbook = handbook_with("content/a.md", "---\ntitle: A\nid: cloud\n---\nText.\n");
    handbook.write(
        "content/b/c.md",
        "---\ntitle: C\nowner: x\nid: cloud\n---\nText.\n",
    );
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "content/b/c.md:4:1: error: the id `cloud` is already the id of content/a.md",
    );
}

#[test]
fn review_intervals_must_point_forward() {
    for every in ["-5 months", "0 days"] {
        let handbook = handbook_with(
            "content/p.md",
            &format!(
                "---\ntitle: P\nreview_every: {every}\nlast_reviewed: 2026-01-01\n---\nText.\n"
            ),
        );
        handbook
            .run(&["build"])
            .assert_code(1)
            .assert_stderr("content/p.md:3:1: error: `review_every` must be a length of time after the last review");
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_symbolic_link_is_named_as_such() {
    let handbook = handbook_with("content/a.md", "---\ntitle: A\n---\nText.\n");
    std::os::unix::fs::symlink(
        "/nonexistent/northstar",
        handbook.root().join("content/gone.md"),
    )
    .unwrap();
    let run = handbook.run(&["build"]);
    run.assert_code(0)
        .assert_stderr(
            "content/gone.md: warning: skipped: a symbolic link to something that does not exist",
        )
        .assert_stderr("restore the file or folder it points to");
    assert!(!run.stderr.contains("loop"), "{}", run.stderr);
}

#[test]
fn tags_and_owners_too_long_for_a_file_name_still_get_their_pages() {
    let long = "strategy ".repeat(40);
    let handbook = handbook_with(
        "content/a.md",
        &format!(
            "---\ntitle: A\nowner: \"{long}a\"\ntags: [\"{long}a\", \"{long}b\"]\n---\nText.\n"
        ),
    );
    handbook.run(&["build"]).assert_code(0);
    let index = handbook.page("tags/index.html");
    let pages: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|href| href.strip_prefix("../tags/"))
        .filter(|href| href.starts_with("strategy-"))
        .collect();
    assert_eq!(pages.len(), 2, "{index}");
    for page in pages {
        assert!(
            handbook.public().join("tags").join(page).is_file(),
            "{page}"
        );
    }
    handbook.page("owners/index.html");
}
