//! The output folder under hostile conditions: output folders inside the handbook's source
//! folders, `output:` without a value, odd file names (stopped and killed builds:
//! output_interrupted.rs).

mod common;

use std::fs;

use common::{names_in, Handbook};

#[test]
fn refuses_an_output_inside_templates_static_or_themes_and_creates_nothing() {
    let handbook = Handbook::two_linked_documents();
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
    let handbook = Handbook::two_linked_documents();
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
    let handbook = Handbook::two_linked_documents();
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

/// Names the file system allows but a line-based manifest could misread: a backslash (and a
/// backslash before `n`, as an escape would write a newline), a newline, a carriage return,
/// a tab, other control characters, `%`, a leading space, `#`, a line that looks like a
/// manifest entry, names near the 255-byte limit, in a folder with a newline too.
fn odd_names() -> Vec<String> {
    vec![
        "back\\slash".into(),
        "not\\na newline".into(),
        "new\nline".into(),
        "carriage\rreturn".into(),
        "ends in return\r".into(),
        "tab\tname".into(),
        "bell\u{7}and\u{1b}escape\u{7f}".into(),
        "50% done".into(),
        " leading space".into(),
        "trailing space ".into(),
        "#hash".into(),
        "x\n00000000000000000000000000000000 1 2.3 4 injected".into(),
        "é ü 中 \u{2028}".into(),
        "l".repeat(250),
    ]
}

#[test]
fn odd_file_names_build_again_and_again() {
    use std::os::unix::ffi::OsStrExt;
    let handbook = Handbook::two_linked_documents();
    let content = handbook.root().join("content");
    for (number, name) in odd_names().iter().enumerate() {
        fs::write(
            content.join(format!("{name}.md")),
            format!("---\ntitle: Odd {number}\n---\nText of odd {number}.\n"),
        )
        .unwrap();
        fs::write(content.join(format!("{name}.txt")), name).unwrap();
    }
    fs::create_dir_all(content.join("folder\nwith\\odd name")).unwrap();
    handbook.write(
        "content/folder\nwith\\odd name/c.md",
        "---\ntitle: C\n---\nC.\n",
    );
    // An asset whose name takes all 255 bytes a name may have.
    let longest = format!("{}.bin", "m".repeat(251));
    fs::write(content.join(&longest), "longest").unwrap();
    // A name that is not UTF-8 is skipped with a warning, every time.
    fs::write(
        content.join(std::ffi::OsStr::from_bytes(b"latin1 \xe9t\xe9.md")),
        "---\ntitle: L\n---\nL.\n",
    )
    .unwrap();
    for round in 0..3 {
        let run = handbook.run(&["build"]);
        run.assert_code(0)
            .assert_stderr("skipped a file whose name is not valid UTF-8");
        assert!(!run.stderr.contains("did not write"), "round {round}");
        for (number, name) in odd_names().iter().enumerate() {
            let page = handbook.page(&format!("{name}.html"));
            assert!(
                page.contains(&format!("Text of odd {number}.")),
                "round {round}: {name:?}"
            );
            assert_eq!(
                fs::read_to_string(handbook.public().join(format!("{name}.txt"))).unwrap(),
                *name
            );
        }
        assert!(handbook
            .page("folder\nwith\\odd name/c.html")
            .contains("C."));
        assert_eq!(
            fs::read_to_string(handbook.public().join(&longest)).unwrap(),
            "longest"
        );
        assert!(!handbook.public().join("injected").exists());
        // Rebuilds also after a change: the page of the edited document is written anew.
        handbook.write("content/b.md", &format!("---\ntitle: B\n---\nB {round}.\n"));
    }
    // Removing the odd files removes their pages and copies on the next build, and nothing
    // else: the manifest named them exactly.
    for name in odd_names() {
        fs::remove_file(content.join(format!("{name}.md"))).unwrap();
        fs::remove_file(content.join(format!("{name}.txt"))).unwrap();
    }
    fs::remove_dir_all(content.join("folder\nwith\\odd name")).unwrap();
    handbook.run(&["build"]).assert_code(0);
    let left: Vec<String> = names_in(&handbook.public())
        .into_iter()
        .filter(|name| !name.is_ascii() || name.contains(['\\', '\n', '%', ' ', '#']))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(handbook.page("b.html").contains("B 2."));
}

/// A Markdown file whose page name would be longer than a file name may be (its name
/// grows by two bytes, `.md` to `.html`) is refused by name, with the fix, on every build.
#[test]
fn a_markdown_name_too_long_for_its_page_is_refused_by_name_every_time() {
    let handbook = Handbook::two_linked_documents();
    let name = format!("{}.md", "n".repeat(252));
    handbook.write(&format!("content/{name}"), "---\ntitle: N\n---\nN.\n");
    for _ in 0..2 {
        handbook
            .run(&["build"])
            .assert_code(1)
            .assert_stderr(&format!("content/{name}"))
            .assert_stderr("257 bytes")
            .assert_stderr("rename");
    }
    let shorter = format!("{}.md", "n".repeat(250));
    fs::rename(
        handbook.root().join("content").join(&name),
        handbook.root().join("content").join(&shorter),
    )
    .unwrap();
    handbook.run(&["build"]).assert_code(0);
    handbook.run(&["build"]).assert_code(0);
}

/// An output whose manifest an earlier Northstar wrote (format 2: paths as they are, a name
/// with a newline over two lines) builds again, and its odd files stay Northstar's.
#[test]
fn an_output_wedged_by_an_older_manifest_builds_again() {
    let handbook = Handbook::two_linked_documents();
    handbook.write("content/new\nline.md", "---\ntitle: N\n---\nN.\n");
    handbook.write("content/back\\slash.txt", "copied");
    handbook.run(&["build"]).assert_code(0);
    let manifest = handbook.public().join(".northstar-output");
    let text = fs::read_to_string(&manifest).unwrap();
    let older: String = text
        .lines()
        .filter(|line| !line.starts_with("# format 3"))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replace("new\\nline", "new\nline")
        .replace("back\\\\slash", "back\\slash");
    assert_ne!(older, text);
    fs::write(&manifest, older).unwrap();
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("new\nline.html").contains("N."));
    // Rewritten in the current format, and the files it lists are removed when their
    // sources go.
    let text = fs::read_to_string(&manifest).unwrap();
    assert!(text.contains(" new\\nline.html\n"), "{text}");
    fs::remove_file(handbook.root().join("content/new\nline.md")).unwrap();
    fs::remove_file(handbook.root().join("content/back\\slash.txt")).unwrap();
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.public().join("new\nline.html").exists());
    assert!(!handbook.public().join("back\\slash.txt").exists());
}
