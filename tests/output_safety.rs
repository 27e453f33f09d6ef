//! The output folder: dangerous targets refused, foreign files never deleted, failed builds
//! leave the previous site byte for byte.

mod common;

use std::fs;

use common::{snapshot, Handbook};

#[test]
fn refuses_the_handbook_content_and_their_parents() {
    let handbook = Handbook::two_linked_documents();
    let root = handbook.root().to_str().unwrap().to_string();
    for (output, why) in [
        (".", "it is the handbook folder itself"),
        ("content", "it is inside content/"),
        ("content/out", "it is inside content/"),
        ("..", "it contains the handbook"),
    ] {
        let run = handbook.run(&["build", "--output", output]);
        run.assert_code(2).assert_stderr(why);
    }
    let absolute_parent = std::path::Path::new(&root)
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    handbook
        .run(&["build", "--output", &absolute_parent])
        .assert_code(2);
    assert!(
        handbook.root().join("content/a.md").is_file(),
        "content untouched"
    );
}

#[test]
fn refuses_a_home_folder() {
    let handbook = Handbook::two_linked_documents();
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args([
            "--root",
            handbook.root().to_str().unwrap(),
            "build",
            "--output",
        ])
        .arg(home.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("home folder"));
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_make() {
    let handbook = Handbook::two_linked_documents();
    handbook.write("public/keep-me.txt", "precious");
    let run = handbook.run(&["build"]);
    run.assert_code(2)
        .assert_stderr("is not empty and was not made by Northstar");
    assert_eq!(
        fs::read_to_string(handbook.public().join("keep-me.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn never_deletes_files_added_to_its_output() {
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    handbook.write("public/CNAME", "handbook.example");
    let run = handbook.run(&["build"]);
    run.assert_code(2)
        .assert_stderr("1 file(s) Northstar did not write: CNAME");
    assert_eq!(
        fs::read_to_string(handbook.public().join("CNAME")).unwrap(),
        "handbook.example"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    let before = snapshot(&handbook.public());
    handbook.write("content/b.md", "---\ntitle: B\nweight: [broken\n---\n");
    handbook.run(&["build"]).assert_code(1);
    assert_eq!(
        snapshot(&handbook.public()),
        before,
        "output changed by a failed build"
    );
    let leftovers: Vec<_> = fs::read_dir(handbook.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("northstar-tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_pages_of_removed_documents() {
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.public().join("b.html").is_file());
    fs::remove_file(handbook.root().join("content/b.md")).unwrap();
    handbook.write("content/a.md", "---\ntitle: A\n---\nNo links now.\n");
    handbook.run(&["build"]).assert_code(0);
    assert!(
        !handbook.public().join("b.html").exists(),
        "stale page removed"
    );
    assert!(handbook.public().join("a.html").is_file());
    assert!(
        handbook.public().join(".northstar-output").is_file(),
        "manifest kept"
    );
}

/// Every folder under `dir` (relative), to see that an update leaves no empty one behind.
fn folders(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

/// A rebuild updates the previous output in place: a file that became a folder, a folder
/// that became a file, removed and added pages, an edited page. The result is exactly a
/// fresh build's, files and folders, with no staging folder left; an unchanged file keeps
/// its inode.
#[test]
fn a_rebuild_in_place_gives_exactly_what_a_fresh_build_gives() {
    use std::os::unix::fs::MetadataExt;
    let handbook = Handbook::two_linked_documents();
    handbook.write("content/sec/_index.md", "---\ntitle: Sec\n---\nS.\n");
    handbook.write("content/sec/deep/c.md", "---\ntitle: C\n---\nC.\n");
    handbook.write("content/x.md", "---\ntitle: X\n---\nX.\n");
    handbook.write("content/files/data", "first");
    handbook.write("content/files/keep.txt", "unchanged");
    handbook.write(
        "content/files/old/readme.md",
        "---\ntitle: Old\n---\nOld.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let kept = fs::metadata(handbook.public().join("files/keep.txt"))
        .unwrap()
        .ino();

    let content = handbook.root().join("content");
    fs::remove_dir_all(content.join("sec/deep")).unwrap();
    fs::remove_file(content.join("x.md")).unwrap();
    handbook.write("content/x/_index.md", "---\ntitle: X\n---\nA folder now.\n");
    fs::remove_file(content.join("files/data")).unwrap();
    handbook.write(
        "content/files/data/readme.md",
        "---\ntitle: Data\n---\nA folder now.\n",
    );
    fs::remove_dir_all(content.join("files/old")).unwrap();
    handbook.write("content/files/old", "a file now");
    handbook.write(
        "content/a.md",
        "---\ntitle: A\n---\nSee [b](b.md), edited.\n",
    );
    handbook.run(&["build"]).assert_code(0);

    let fresh = handbook.root().join("fresh");
    handbook
        .run(&["build", "--output", fresh.to_str().unwrap()])
        .assert_code(0);
    let public = handbook.public();
    let without_manifest = |dir: &std::path::Path| {
        let mut files = snapshot(dir);
        files.remove(std::path::Path::new(".northstar-output"));
        files
    };
    assert_eq!(without_manifest(&public), without_manifest(&fresh));
    assert_eq!(
        folders(&public),
        folders(&fresh),
        "no empty folder left behind"
    );
    assert!(!public.join("sec/deep").exists());
    assert_eq!(
        fs::read_to_string(public.join("files/old")).unwrap(),
        "a file now"
    );
    assert!(handbook
        .page("files/data/readme.html")
        .contains("A folder now."));
    assert_eq!(
        fs::metadata(public.join("files/keep.txt")).unwrap().ino(),
        kept,
        "an unchanged file stays where it was"
    );
    let staging: Vec<_> = fs::read_dir(handbook.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("northstar-tmp"))
        .collect();
    assert!(staging.is_empty(), "{staging:?}");
    // The manifest lists exactly the files there are.
    let listed = fs::read_to_string(public.join(".northstar-output")).unwrap();
    let listed = listed.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(listed, snapshot(&public).len() - 1);
}

/// An output folder holding only a manifest (a build that made no file) is still Northstar's:
/// the next build fills it.
#[test]
fn an_output_with_only_its_manifest_is_filled() {
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    let public = handbook.public();
    for entry in fs::read_dir(&public).unwrap().filter_map(Result::ok) {
        if entry.file_name() != ".northstar-output" {
            let path = entry.path();
            if path.is_dir() {
                fs::remove_dir_all(path).unwrap();
            } else {
                fs::remove_file(path).unwrap();
            }
        }
    }
    fs::write(
        public.join(".northstar-output"),
        "# Files Northstar wrote\n",
    )
    .unwrap();
    handbook.run(&["build"]).assert_code(0);
    assert!(handbook.page("a.html").contains("See"));
}

#[test]
fn output_can_be_set_in_the_config() {
    let handbook = Handbook::two_linked_documents();
    handbook.write("northstar.yaml", "title: T\noutput: site\n");
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(handbook.root().join("site/a.html").is_file());
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_a_failed_build_never_alters_the_output() {
    use std::os::unix::fs::MetadataExt;
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    let inode = |page: &str| fs::metadata(handbook.public().join(page)).unwrap().ino();
    let unchanged = inode("a.html");
    let edited = inode("b.html");
    handbook.write("content/b.md", "---\ntitle: B\n---\nB, edited.\n");
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(
        inode("a.html"),
        unchanged,
        "a page that renders the same is kept"
    );
    assert_ne!(inode("b.html"), edited, "an edited page is written anew");
    assert!(handbook.page("b.html").contains("B, edited."));
    // This build fails while rendering, after the unchanged files were taken over: the
    // previous output keeps every byte.
    let before = snapshot(&handbook.public());
    handbook.write("content/b.md", "---\ntitle: B\n---\nSee [gone](gone.md).\n");
    handbook.run(&["build"]).assert_code(1);
    assert_eq!(
        snapshot(&handbook.public()),
        before,
        "output changed by a failed build"
    );
}

#[test]
fn an_output_file_edited_in_place_is_written_again_even_at_the_same_size() {
    use std::os::unix::fs::MetadataExt;
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    let built = handbook.page("a.html");
    let path = handbook.public().join("a.html");
    let inode = fs::metadata(&path).unwrap().ino();
    // Someone edits the built page in place, keeping its size and its inode. (A person's
    // edit comes well after the build's own write: the file system's clock, which dates
    // the edit, ticks every few milliseconds.)
    std::thread::sleep(std::time::Duration::from_millis(50));
    let edited = built.replacen("<html", "<HTML", 1);
    assert_eq!(edited.len(), built.len());
    assert_ne!(edited, built);
    fs::write(&path, &edited).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode, "edited in place");
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(
        handbook.page("a.html"),
        built,
        "the rebuild restores the page"
    );
    assert!(handbook.page("b.html").contains("B."));
}

#[test]
fn an_output_listed_by_an_older_manifest_is_reused_and_recorded_again() {
    use std::os::unix::fs::MetadataExt;
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    // An earlier Northstar listed only the paths, one per line.
    let manifest = handbook.public().join(".northstar-output");
    let text = fs::read_to_string(&manifest).unwrap();
    let paths: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.splitn(5, ' ').nth(4).expect("format 2 entry"))
        .collect();
    assert!(paths.contains(&"a.html"), "{paths:?}");
    let older = format!(
        "# Files written by Northstar; it only ever deletes these.\n{}\n",
        paths.join("\n")
    );
    fs::write(&manifest, older).unwrap();
    let inode = fs::metadata(handbook.public().join("a.html"))
        .unwrap()
        .ino();
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(
        fs::metadata(handbook.public().join("a.html"))
            .unwrap()
            .ino(),
        inode,
        "an unchanged page is compared byte for byte and kept"
    );
    let rewritten = fs::read_to_string(&manifest).unwrap();
    assert!(
        rewritten
            .lines()
            .any(|l| l.ends_with(" a.html") && l.len() > 40),
        "the manifest records the page again:\n{rewritten}"
    );
}

#[test]
fn a_large_copied_file_is_streamed_reused_and_replaced_when_it_changes() {
    use std::os::unix::fs::MetadataExt;
    let handbook = Handbook::two_linked_documents();
    // Larger than what is read whole (8 MB): hashed and copied a piece at a time.
    let mut bytes: Vec<u8> = (0..9 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    fs::create_dir_all(handbook.root().join("static")).unwrap();
    let source = handbook.root().join("static/archive.bin");
    fs::write(&source, &bytes).unwrap();
    handbook.run(&["build"]).assert_code(0);
    let copy = handbook.public().join("archive.bin");
    assert!(fs::read(&copy).unwrap() == bytes, "copied whole");
    let inode = fs::metadata(&copy).unwrap().ino();
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(fs::metadata(&copy).unwrap().ino(), inode, "unchanged: kept");
    bytes[5_000_000] ^= 0xff;
    fs::write(&source, &bytes).unwrap();
    handbook.run(&["build"]).assert_code(0);
    assert!(
        fs::read(&copy).unwrap() == bytes,
        "the changed bytes are copied"
    );
    assert_ne!(
        fs::metadata(&copy).unwrap().ino(),
        inode,
        "changed: copied anew"
    );
}

#[test]
fn a_symlink_or_a_pipe_in_the_previous_output_is_never_reused_or_waited_on() {
    use std::process::Command;
    let handbook = Handbook::two_linked_documents();
    handbook.run(&["build"]).assert_code(0);
    // a.html becomes a symlink to a file outside the output with the very same bytes, and
    // b.html a named pipe nobody writes to.
    let outside = handbook.root().join("outside.html");
    fs::write(&outside, handbook.page("a.html")).unwrap();
    let public = handbook.public();
    fs::remove_file(public.join("a.html")).unwrap();
    std::os::unix::fs::symlink(&outside, public.join("a.html")).unwrap();
    fs::remove_file(public.join("b.html")).unwrap();
    let made = Command::new("mkfifo").arg(public.join("b.html")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    handbook.run_bounded(&["build"]).assert_code(0);
    for page in ["a.html", "b.html"] {
        let kind = fs::symlink_metadata(public.join(page)).unwrap().file_type();
        assert!(
            kind.is_file(),
            "{page} is written as a plain file, not reused"
        );
    }
    assert!(handbook.page("b.html").contains("B."));
    assert_eq!(
        fs::read_to_string(&outside).unwrap(),
        handbook.page("a.html"),
        "the symlink's target is left as it was"
    );
}
