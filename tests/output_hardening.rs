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
