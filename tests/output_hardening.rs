//! The output folder under hostile conditions: output folders inside the handbook's source
//! folders, `output:` without a value, odd file names, interrupted and killed builds.

mod common;

use std::fs;
use std::path::Path;

use common::Handbook;

fn small() -> Handbook {
    let handbook = Handbook::new();
    handbook.write("content/a.md", "---\ntitle: A\n---\nSee [b](b.md).\n");
    handbook.write("content/b.md", "---\ntitle: B\n---\nB.\n");
    handbook
}

/// Every entry directly in `dir`, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn refuses_an_output_inside_templates_static_or_themes_and_creates_nothing() {
    let handbook = small();
    fs::create_dir_all(handbook.root().join("templates")).unwrap();
    fs::create_dir_all(handbook.root().join("static")).unwrap();
    fs::create_dir_all(handbook.root().join("themes/mine/templates")).unwrap();
    let before = names_in(handbook.root());
    for (output, folder) in [
        ("templates/x", "templates/"),
        ("templates", "templates/"),
        ("static", "static/"),
        ("static/site", "static/"),
        ("themes", "themes/"),
        ("themes/mine/out", "themes/"),
        ("themes/new-theme", "themes/"),
    ] {
        handbook
            .run(&["build", "--output", output])
            .assert_code(2)
            .assert_stderr(&format!("it is inside {folder}"));
    }
    assert_eq!(names_in(handbook.root()), before, "nothing created");
    assert!(names_in(&handbook.root().join("templates")).is_empty());
    assert!(names_in(&handbook.root().join("static")).is_empty());
    assert_eq!(names_in(&handbook.root().join("themes")), ["mine"]);
    assert_eq!(
        names_in(&handbook.root().join("themes/mine")),
        ["templates"]
    );
    // The same folders set in the configuration are refused too.
    handbook.write("northstar.yaml", "title: T\noutput: static/public\n");
    handbook
        .run(&["build"])
        .assert_code(2)
        .assert_stderr("it is inside static/");
}

/// A source folder that is a symbolic link is protected where it leads, too.
#[test]
fn refuses_an_output_inside_a_source_folder_reached_through_a_link() {
    let handbook = small();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(elsewhere.path().join("shared-static")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("shared-static"),
        handbook.root().join("static"),
    )
    .unwrap();
    let inside = elsewhere.path().join("shared-static/site");
    handbook
        .run(&["build", "--output", inside.to_str().unwrap()])
        .assert_code(2)
        .assert_stderr("it is inside static/");
    assert!(names_in(&elsewhere.path().join("shared-static")).is_empty());
}

/// `output: ~` is YAML's "no value", not a home folder: it, `null`, an empty value and a
/// path starting with `~` (which nothing expands) are errors naming the key and its line,
/// and nothing is built (no folder named `~`).
#[test]
fn an_output_setting_without_a_value_or_with_a_tilde_is_an_error_naming_its_line() {
    let handbook = small();
    for (value, says) in [
        ("~", "has no value"),
        ("null", "has no value"),
        ("", "has no value"),
        ("\"\"", "is empty"),
        ("\"  \"", "is empty"),
        ("~/site", "does not expand `~`"),
        ("\"~\"", "does not expand `~`"),
    ] {
        handbook.write(
            "northstar.yaml",
            &format!("title: T\n# where the site goes\noutput: {value}\nprint: false\n"),
        );
        let run = handbook.run(&["build"]);
        run.assert_code(1)
            .assert_stderr("northstar.yaml:3")
            .assert_stderr("output")
            .assert_stderr(says)
            .assert_stderr("output: public");
        assert_eq!(
            names_in(handbook.root()),
            ["content", "northstar.yaml"],
            "`output: {value}` built something"
        );
    }
    handbook.write("northstar.yaml", "title: T\noutput: site/~\n");
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.root().join("site/~/a.html").is_file());
}
