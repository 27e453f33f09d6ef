//! The CI files `northstar init` writes (`.github/workflows/handbook.yml`, `.gitlab-ci.yml`):
//! valid YAML of the expected shape, every `northstar …` command they run accepted by the
//! command line, and their check and build steps passing on the handbook `init` writes.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use northstar::cli::Cli;
use serde_yaml::Value;

mod common;

const GITHUB: &str = ".github/workflows/handbook.yml";
const GITLAB: &str = ".gitlab-ci.yml";

/// A new handbook written by `northstar init`, in a temporary folder.
fn initialised() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("handbook");
    let run = northstar_in(temp.path(), &["init", dir.to_str().unwrap()]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("CI: .github/workflows/handbook.yml (GitHub) and .gitlab-ci.yml (GitLab)")
            && run.stdout.contains("set NORTHSTAR_GIT"),
        "init names the CI files it wrote:\n{}",
        run.stdout
    );
    (temp, dir)
}

fn northstar_in(dir: &Path, args: &[&str]) -> common::Run {
    Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("NORTHSTAR_TODAY", "2026-11-28")
        .output()
        .expect("run northstar")
        .into()
}

fn yaml(dir: &Path, file: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file} is not valid YAML: {e}"))
}

/// Every string value of a YAML document (keys left out), depth first.
fn strings(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) => into.push(text.clone()),
        Value::Sequence(items) => items.iter().for_each(|item| strings(item, into)),
        Value::Mapping(map) => map.values().for_each(|item| strings(item, into)),
        Value::Tagged(tagged) => strings(&tagged.value, into),
        _ => {}
    }
}

/// The `northstar …` commands of the shell scripts in `document`, as argument lists: split
/// at `;`, `&&`, `||`, `|` and line ends, the redirection of output cut off, quotes removed
/// and each shell variable (`"$level"`, `"sites/$level"`) replaced by a plain word.
fn northstar_commands(document: &Value) -> Vec<Vec<String>> {
    let mut texts = Vec::new();
    strings(document, &mut texts);
    let mut commands = Vec::new();
    for text in texts {
        let text = text.replace("&&", "\n").replace("||", "\n");
        for piece in text.split(['\n', ';', '|']) {
            let mut piece = piece.trim();
            for keyword in ["do ", "then ", "else "] {
                piece = piece.strip_prefix(keyword).unwrap_or(piece).trim();
            }
            if !piece.starts_with("northstar ") {
                continue;
            }
            let piece = piece.split(" >").next().unwrap();
            let words = piece
                .split_whitespace()
                .map(|word| word.trim_matches('"'))
                .map(|word| if word.contains('$') { "value" } else { word })
                .map(str::to_string)
                .collect();
            commands.push(words);
        }
    }
    commands
}

#[test]
fn init_writes_a_github_workflow_and_a_gitlab_pipeline_of_the_expected_shape() {
    let (_temp, dir) = initialised();
    let github = yaml(&dir, GITHUB);
    assert!(github["on"]["pull_request"].is_null() && github["on"].get("pull_request").is_some());
    assert_eq!(github["on"]["push"]["branches"][0], "main");
    let steps = github["jobs"]["handbook"]["steps"]
        .as_sequence()
        .expect("steps");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.contains(&"actions/checkout@v4"), "{uses:?}");
    assert!(
        uses.contains(&"actions/upload-pages-artifact@v3"),
        "{uses:?}"
    );
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    let deploy = &github["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "handbook");
    assert_eq!(deploy["permissions"]["pages"], "write");

    let gitlab = yaml(&dir, GITLAB);
    assert_eq!(
        gitlab["check"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert_eq!(gitlab["pages"]["stage"], "deploy");
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(gitlab["variables"]["GIT_DEPTH"], 0);
}

#[test]
fn every_northstar_command_the_ci_files_run_is_accepted_by_the_command_line() {
    let (_temp, dir) = initialised();
    let mut all = Vec::new();
    for file in [GITHUB, GITLAB] {
        let commands = northstar_commands(&yaml(&dir, file));
        let joined: Vec<String> = commands.iter().map(|c| c.join(" ")).collect();
        let format = if file == GITHUB { "github" } else { "gitlab" };
        for expected in [
            format!("check --audience value --format {format}"),
            "--quiet check --audience value".into(),
            "--quiet build --audience value --output value".into(),
        ] {
            assert!(
                joined.iter().any(|c| c.ends_with(&expected)),
                "{file} runs no `{expected}`: {joined:?}"
            );
        }
        all.extend(commands);
    }
    for command in &all {
        if let Err(error) = Cli::try_parse_from(command) {
            panic!(
                "`{}` is not a northstar command: {error}",
                command.join(" ")
            );
        }
    }
    // The same reading refuses a command the CLI does not have.
    let wrong = northstar_commands(
        &serde_yaml::from_str("script: [northstar check --format teamcity]").unwrap(),
    );
    assert!(Cli::try_parse_from(&wrong[0]).is_err());
}

/// The audiences the CI files build, from their variables.
fn audiences(document: &Value) -> Vec<String> {
    let variables = if document.get("env").is_some() {
        &document["env"]
    } else {
        &document["variables"]
    };
    variables["AUDIENCES"]
        .as_str()
        .expect("AUDIENCES")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_ci_steps_pass_on_the_handbook_init_writes() {
    let (_temp, dir) = initialised();
    let levels = audiences(&yaml(&dir, GITHUB));
    assert_eq!(levels, audiences(&yaml(&dir, GITLAB)));
    assert_eq!(
        levels,
        ["public", "internal", "confidential", "restricted"],
        "the default levels of `audiences:`"
    );
    let highest = levels.last().unwrap();
    let annotations = northstar_in(
        &dir,
        &["check", "--audience", highest, "--format", "github"],
    );
    annotations.assert_code(0);
    assert_eq!(
        annotations.stdout, "",
        "a new handbook has no problem to annotate"
    );
    for level in &levels {
        northstar_in(&dir, &["--quiet", "check", "--audience", level]).assert_code(0);
        let output = format!("sites/{level}");
        northstar_in(
            &dir,
            &["--quiet", "build", "--audience", level, "--output", &output],
        )
        .assert_code(0);
        assert!(
            dir.join(&output).join("index.html").is_file(),
            "{output}/index.html"
        );
    }
}

/// The shell lines of `script` (a YAML list of strings) that name `word`.
fn lines_naming(script: &Value, word: &str) -> String {
    let lines: Vec<&str> = script
        .as_sequence()
        .expect("a list of lines")
        .iter()
        .filter_map(Value::as_str)
        .filter(|line| line.contains(word))
        .collect();
    assert!(!lines.is_empty(), "no line names {word}");
    lines.join("\n")
}

fn sh(dir: &Path, script: &str) {
    let status = Command::new("sh")
        .args(["-c", script])
        .current_dir(dir)
        .status()
        .expect("run sh");
    assert!(status.success(), "`{script}` failed");
}

/// The CI files keep `.git/northstar-history` from run to run, so that a build reads only
/// the commits made since: GitHub caches the file itself; GitLab caches a folder of the
/// project that its scripts copy the file to and back from, which works in a repository.
#[test]
fn the_ci_files_keep_the_history_a_build_read_from_run_to_run() {
    let (_temp, dir) = initialised();
    let github = yaml(&dir, GITHUB);
    let steps = github["jobs"]["handbook"]["steps"]
        .as_sequence()
        .expect("steps");
    let cache = steps
        .iter()
        .position(|s| {
            s["uses"] == "actions/cache@v4" && s["with"]["path"] == ".git/northstar-history"
        })
        .expect("a step that caches .git/northstar-history");
    let first_check = steps
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("northstar check"))
        })
        .expect("a check step");
    assert!(
        cache < first_check,
        "the history is restored before the first check"
    );
    let with = &steps[cache]["with"];
    assert!(
        with["key"].as_str().unwrap().contains("github.sha"),
        "{with:?}"
    );
    assert_eq!(with["restore-keys"], "northstar-history-");

    let gitlab = yaml(&dir, GITLAB);
    let template = &gitlab[".northstar"];
    let kept = template["cache"]
        .as_sequence()
        .expect("a list of caches")
        .iter()
        .find(|c| c["key"] == "northstar-history")
        .expect("a cache of the history");
    assert_eq!(kept["paths"][0], ".northstar-history/");
    for job in ["check", "pages"] {
        assert_eq!(gitlab[job]["extends"], ".northstar", "{job}");
    }
    let restore = lines_naming(&template["before_script"], "northstar-history");
    let keep = lines_naming(&template["after_script"], "northstar-history");

    // The scripts in a repository: a build keeps the history, the job's end copies it into
    // the cached folder, and a fresh checkout's start puts it back where builds look.
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=CI", "-c", "user.email=ci@example.org"])
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("run git")
            .status;
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Start the handbook"]);
    sh(&dir, &restore); // no cache yet: nothing to restore, and no failure
    northstar_in(&dir, &["--quiet", "build", "--output", "site"]).assert_code(0);
    let history = dir.join(".git/northstar-history");
    let read = std::fs::read(&history).expect("the build kept the history it read");
    sh(&dir, &keep);
    assert_eq!(
        std::fs::read(dir.join(".northstar-history/northstar-history")).unwrap(),
        read
    );
    std::fs::remove_file(&history).unwrap();
    sh(&dir, &restore);
    assert_eq!(std::fs::read(&history).unwrap(), read);
}
