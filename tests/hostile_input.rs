//! Hostile input: malformed YAML of every kind, alias bombs, huge and deeply nested values,
//! invalid UTF-8, NUL bytes, 10 MB documents, symbolic link loops and `..` in links and
//! references. Each run ends (a hang fails the test instead of blocking it), never panics,
//! and either builds or names the file and the problem.

mod common;

use std::fs;
use std::process::Command;

use common::{Handbook, Run};

/// A handbook holding one good document and `path` with `bytes`.
fn with_file(path: &str, bytes: &[u8]) -> Handbook {
    let handbook = Handbook::new();
    handbook.write("content/good.md", "---\ntitle: Good\n---\nFine.\n");
    let full = handbook.root().join(path);
    fs::create_dir_all(full.parent().unwrap()).unwrap();
    fs::write(full, bytes).unwrap();
    handbook
}

/// Builds, and expects an error naming `file` (and `line`, when given) or a clean build.
#[track_caller]
fn diagnosed(handbook: &Handbook, file: &str, line: Option<usize>) -> Run {
    let run = handbook.run_bounded(&["build"]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}:\n{}",
        run.code,
        run.stderr
    );
    if run.code == 1 {
        let at = match line {
            Some(line) => format!("{file}:{line}:"),
            None => format!("{file}:"),
        };
        assert!(
            run.stderr.contains(&at),
            "no diagnostic at {at}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("help:"),
            "no fix offered:\n{}",
            run.stderr
        );
        assert!(!handbook.public().exists(), "nothing half-written");
    }
    run
}

#[test]
fn malformed_yaml_of_every_kind_is_reported_on_its_file() {
    let cases: &[&str] = &[
        "title: [unclosed\n",
        "title: \"unterminated\n",
        "title: a\n  bad: indentation\n",
        "\ttitle: tab\n",
        "title: a\ntitle: b\n",
        "- a list\n- not a map\n",
        "just a scalar\n",
        "title: !!python/object:os.system x\n",
        "title: !custom x\n",
        "title: a: b: c\n",
        "? complex key\n: value\n",
        "{title: a, [x]: y}\n",
        "title: *undefined_alias\n",
        "title: &a x\nother: &a y\nref: *a\n",
        "%YAML 9.9\n---\ntitle: x\n",
        "title: \"\\uD800\"\n",
        "title: 0x\ntags: [a, b\n",
        "@title: reserved\n",
        "title: a\n...\nmore: b\n",
        "title: |\n  block\n bad\n",
    ];
    for yaml in cases {
        let handbook = with_file(
            "content/bad.md",
            format!("---\n{yaml}---\nBody.\n").as_bytes(),
        );
        let run = diagnosed(&handbook, "content/bad.md", None);
        assert!(
            run.code == 1 || handbook.public().join("bad.html").is_file(),
            "{yaml:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn alias_bombs_are_bounded() {
    let mut yaml = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for level in 1..12 {
        let prev = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let handbook = with_file(
        "content/bomb.md",
        format!("---\ntitle: Bomb\n{yaml}---\n").as_bytes(),
    );
    diagnosed(&handbook, "content/bomb.md", None);
    let config = Handbook::new();
    config.write(
        "northstar.yaml",
        &format!(
            "title: T\nextra:\n{}",
            yaml.lines().map(|l| format!("  {l}\n")).collect::<String>()
        ),
    );
    config.write("content/a.md", "# A\n");
    let run = config.run_bounded(&["build"]);
    assert!(
        run.code == 0 || run.stderr.contains("northstar.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn deep_nesting_in_yaml_and_markdown_ends() {
    let deep_yaml = format!(
        "---\ntitle: Deep\nextra: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    diagnosed(
        &with_file("content/deep.md", deep_yaml.as_bytes()),
        "content/deep.md",
        None,
    );
    let deep_map = format!(
        "---\ntitle: Deep\nextra:\n{}\n---\n",
        (0..400)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i + 1)))
            .collect::<String>()
    );
    diagnosed(
        &with_file("content/map.md", deep_map.as_bytes()),
        "content/map.md",
        None,
    );
    let quotes = format!("---\ntitle: Quotes\n---\n{}deep\n", "> ".repeat(20_000));
    let lists = format!(
        "---\ntitle: Lists\n---\n{}",
        (0..3000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let brackets = format!(
        "---\ntitle: Brackets\n---\n{}x{}\n",
        "[".repeat(50_000),
        "](a.md)".repeat(10)
    );
    let emphasis = format!(
        "---\ntitle: Stars\n---\n{}x{}\n",
        "*_".repeat(30_000),
        "_*".repeat(30_000)
    );
    for (name, body) in [
        ("quotes", quotes),
        ("lists", lists),
        ("brackets", brackets),
        ("stars", emphasis),
    ] {
        let path = format!("content/{name}.md");
        diagnosed(&with_file(&path, body.as_bytes()), &path, None);
    }
}

#[test]
fn huge_values_and_ten_megabyte_documents_build() {
    let long_title = format!(
        "---\ntitle: {}\nsummary: {}\n---\nBody.\n",
        "T".repeat(1_000_000),
        "word ".repeat(200_000)
    );
    diagnosed(
        &with_file("content/huge.md", long_title.as_bytes()),
        "content/huge.md",
        None,
    );
    let many_tags = format!(
        "---\ntitle: Tags\ntags: [{}]\n---\nBody.\n",
        (0..2_000)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    diagnosed(
        &with_file("content/tags.md", many_tags.as_bytes()),
        "content/tags.md",
        None,
    );
    let paragraph = "Ports move containers, and this sentence is repeated to make a large page. ";
    let mut big = String::from("---\ntitle: Big\n---\n");
    for count in 1.. {
        if big.len() >= 10 * 1024 * 1024 {
            break;
        }
        big.push_str(paragraph);
        if count % 50 == 0 {
            big.push_str("\n\n## Section\n\n");
        }
    }
    let handbook = with_file("content/big.md", big.as_bytes());
    let run = diagnosed(&handbook, "content/big.md", None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fs::metadata(handbook.public().join("big.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
}

#[test]
fn invalid_utf8_and_nul_bytes_are_reported_or_built() {
    let mut invalid = b"---\ntitle: Bytes\n---\nBad \xff\xfe bytes.\n".to_vec();
    invalid.extend_from_slice(&[0xc3, 0x28]);
    let run = diagnosed(
        &with_file("content/latin1.md", &invalid),
        "content/latin1.md",
        None,
    );
    assert_eq!(run.code, 1, "invalid UTF-8 is an error: {}", run.stderr);
    let handbook = with_file(
        "content/nul.md",
        b"---\ntitle: Nul\n---\nA \0 in the body.\n",
    );
    diagnosed(&handbook, "content/nul.md", None);
    let handbook = with_file(
        "content/nulyaml.md",
        b"---\ntitle: \"a\0b\"\nowner: x\0y\n---\nBody.\n",
    );
    diagnosed(&handbook, "content/nulyaml.md", None);
    let handbook = with_file("northstar.yaml", b"title: \xff\n");
    let run = handbook.run_bounded(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("northstar.yaml"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let handbook = Handbook::new();
    handbook.write("content/a/doc.md", "---\ntitle: Doc\n---\nText.\n");
    std::os::unix::fs::symlink(
        handbook.root().join("content"),
        handbook.root().join("content/a/loop"),
    )
    .unwrap();
    std::os::unix::fs::symlink("self", handbook.root().join("content/self")).unwrap();
    let run = handbook.run_bounded(&["build"]);
    run.assert_code(0);
    assert!(run.stderr.contains("skipped"), "{}", run.stderr);
    assert!(handbook.public().join("a/doc.html").is_file());
}

#[test]
fn dot_dot_in_links_references_aliases_and_templates_stays_inside() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: A\nsupports: [../../../etc/passwd]\naliases: [../../outside.html]\ntemplate: ../../../../etc/passwd\n---\n\
         [up](../../../../../etc/passwd) ![img](../../secret.png) [ok](b.md)\n",
    );
    handbook.write("content/b.md", "---\ntitle: B\n---\nB.\n");
    handbook.write("secret.png", "not in content");
    let run = handbook.run_bounded(&["build"]);
    run.assert_code(1);
    for expected in [
        "content/a.md:3:", // supports
        "content/a.md:4:", // aliases
        "content/a.md:5:", // template
        "points outside content/",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected} missing:\n{}",
            run.stderr
        );
    }
    assert!(!handbook.root().join("outside.html").exists());
    assert!(!handbook
        .root()
        .parent()
        .unwrap()
        .join("outside.html")
        .exists());
    assert!(!handbook.public().exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_handbook_are_not_followed() {
    let handbook = Handbook::new();
    handbook.write("content/a.md", "---\ntitle: A\n---\nText.\n");
    // Inside the handbook folder but outside content/: followed.
    handbook.write(
        "shared/glossary.md",
        "---\ntitle: Glossary\n---\nShared words.\n",
    );
    std::os::unix::fs::symlink(
        handbook.root().join("shared/glossary.md"),
        handbook.root().join("content/glossary.md"),
    )
    .unwrap();
    // Outside the handbook: a file and a folder, neither followed.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("secret.md"),
        "---\ntitle: Secret\n---\nSECRET-TOKEN\n",
    )
    .unwrap();
    fs::create_dir(elsewhere.path().join("folder")).unwrap();
    fs::write(elsewhere.path().join("folder/key.txt"), "SECRET-KEY").unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("secret.md"),
        handbook.root().join("content/leak.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("folder"),
        handbook.root().join("content/files"),
    )
    .unwrap();
    let run = handbook.run_bounded(&["build"]);
    run.assert_code(0);
    for link in ["content/leak.md", "content/files"] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(link))
            .unwrap_or_else(|| panic!("no warning for {link}:\n{}", run.stderr));
        assert!(
            line.contains("symbolic link") && line.contains("outside"),
            "{line}"
        );
    }
    assert!(handbook.page("glossary.html").contains("Shared words."));
    let public = handbook.public();
    assert!(!public.join("leak.html").exists());
    assert!(!public.join("files").exists());
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).into_owned();
            assert!(
                !text.contains("SECRET-TOKEN") && !text.contains("SECRET-KEY"),
                "{} holds what a link outside the handbook points to",
                entry.path().display()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_within_the_git_repository_are_followed() {
    // A monorepo: the handbook in `site/`, shared decision records in `docs/`.
    let repo = Handbook::new();
    let made = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.root())
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipping: no git");
        return;
    }
    repo.write(
        "docs/adr-1.md",
        "---\ntitle: ADR 1\n---\nShared decision.\n",
    );
    repo.write("site/northstar.yaml", "title: T\n");
    repo.write("site/content/a.md", "---\ntitle: A\n---\nText.\n");
    std::os::unix::fs::symlink(
        repo.root().join("docs/adr-1.md"),
        repo.root().join("site/content/adr-1.md"),
    )
    .unwrap();
    let site = repo.root().join("site");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_northstar"))
            .arg("--root")
            .arg(&site)
            .args(args)
            .env("NORTHSTAR_TODAY", "2026-11-28")
            .output()
            .unwrap()
    };
    let built = run(&["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page = fs::read_to_string(site.join("public/adr-1.html")).unwrap();
    assert!(page.contains("Shared decision."));
    // Outside any repository, the handbook folder is the boundary.
    fs::remove_dir_all(repo.root().join(".git")).unwrap();
    let built = run(&["build"]);
    assert!(built.status.success());
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(
        stderr.contains("content/adr-1.md") && stderr.contains("outside"),
        "{stderr}"
    );
    assert!(!site.join("public/adr-1.html").exists());
}
