//! Shared helpers for the integration tests: temporary handbooks, running the real binary,
//! and a checker that every relative link of a built site resolves.
#![allow(dead_code)]

pub mod manual;
pub mod serve;
pub mod strategy;
pub mod webdriver;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Longer than any build of the tests takes in a debug build on a busy machine.
pub const LIMIT: Duration = Duration::from_secs(240);

/// A handbook in a temporary folder.
pub struct Handbook {
    pub dir: TempDir,
}

impl Handbook {
    /// An empty handbook with a minimal config and a content/ folder.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("content")).unwrap();
        let handbook = Handbook { dir };
        handbook.write("northstar.yaml", "title: Test Handbook\n");
        handbook
    }

    /// Two documents, the first linking to the second: the smallest handbook that builds
    /// pages, a link and every generated page.
    pub fn two_linked_documents() -> Self {
        let handbook = Handbook::new();
        handbook.write("content/a.md", "---\ntitle: A\n---\nSee [b](b.md).\n");
        handbook.write("content/b.md", "---\ntitle: B\n---\nB.\n");
        handbook
    }

    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&source, dir.path());
        Handbook { dir }
    }

    /// A copy of the repository's sample handbook: its content, static files and config.
    pub fn sample() -> Self {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let handbook = Handbook::new();
        copy_tree(
            &repository.join("content"),
            &handbook.root().join("content"),
        );
        copy_tree(&repository.join("static"), &handbook.root().join("static"));
        fs::copy(
            repository.join("northstar.yaml"),
            handbook.root().join("northstar.yaml"),
        )
        .unwrap();
        handbook
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes `text` at `path` (relative to the handbook root), creating folders.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let full = self.root().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
        self
    }

    /// Saves `text` at `path` as an editor's atomic save does: writes a hidden temp file
    /// beside it and renames it over. A server watching sees the new text in one event,
    /// never the file [`Handbook::write`] leaves empty for a moment (it truncates first).
    /// Discovery and the watcher ignore the temp file: its name starts with a dot.
    pub fn save(&self, path: &str, text: &str) -> &Self {
        let full = self.root().join(path);
        let folder = full.parent().unwrap();
        fs::create_dir_all(folder).unwrap();
        let name = full.file_name().unwrap().to_str().unwrap();
        let temp = folder.join(format!(".{name}.tmp"));
        fs::write(&temp, text).unwrap();
        fs::rename(&temp, &full).unwrap();
        self
    }

    /// Runs `northstar --root ROOT ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_northstar"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .env("NORTHSTAR_TODAY", "2026-11-28")
            .output()
            .expect("run northstar");
        Run::from(output)
    }

    /// Runs `northstar --root ROOT ARGS…` like [`Handbook::run`], killing it if it outlives
    /// [`LIMIT`]: a hang fails the test instead of blocking it, and a panic fails it too.
    pub fn run_bounded(&self, args: &[&str]) -> Run {
        let logs = tempfile::tempdir().unwrap();
        let (out, err) = (logs.path().join("out"), logs.path().join("err"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_northstar"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .env("NORTHSTAR_TODAY", "2026-11-28")
            .stdout(Stdio::from(fs::File::create(&out).unwrap()))
            .stderr(Stdio::from(fs::File::create(&err).unwrap()))
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("northstar {args:?} did not finish: it hangs on this input");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let run = Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&fs::read(out).unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&fs::read(err).unwrap()).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked") && status.code().is_some(),
            "northstar crashed:\n{}",
            run.stderr
        );
        run
    }

    /// The built page at `path` (relative to public/).
    pub fn page(&self, path: &str) -> String {
        let full = self.public().join(path);
        fs::read_to_string(&full).unwrap_or_else(|e| panic!("no page {}: {e}", full.display()))
    }

    /// The `<main>` of the built page at `path`: what the page itself shows, without the
    /// header and the sidebar (which list the sections and the documents around it).
    pub fn main_of(&self, path: &str) -> String {
        let page = self.page(path);
        let start = page
            .find("<main")
            .unwrap_or_else(|| panic!("{path} has no <main>"));
        let end = page
            .find("</main>")
            .unwrap_or_else(|| panic!("{path} has no </main>"));
        page[start..end].to_string()
    }
}

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Everything the run printed: standard output, then standard error (`check` reports
    /// on standard output, `build` on standard error).
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let relative = entry.strip_prefix(from).unwrap();
        let target = to.join(relative);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&entry, &target).unwrap();
    }
}

/// Every entry directly in `dir`, by name.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, sorted.
pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir` with its bytes, for comparing two states of a folder.
pub fn snapshot(dir: &Path) -> HashMap<PathBuf, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Checks every `href` and `src` of every HTML page under `site`: relative URLs must name an
/// existing file (not a folder, so the site works from disk) and `#fragments` an existing id
/// (ignoring case, as GitHub and the theme's script do).
/// Returns one line per problem.
pub fn broken_links(site: &Path) -> Vec<String> {
    let attr = regex::Regex::new(r#"<[a-zA-Z][^<>]*?\s(?:href|src)="([^"]*)""#).unwrap();
    let id = regex::Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let mut ids: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let pages: Vec<PathBuf> = walkdir(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    for page in &pages {
        let text = fs::read_to_string(page).unwrap();
        ids.insert(
            page.clone(),
            id.captures_iter(&text).map(|c| unescape(&c[1])).collect(),
        );
    }
    let mut problems = Vec::new();
    for page in &pages {
        let text = fs::read_to_string(page).unwrap();
        for capture in attr.captures_iter(&text) {
            let url = unescape(&capture[1]);
            if url.is_empty()
                || url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("tel:")
            {
                continue;
            }
            let shown = format!("{} -> {url}", page.strip_prefix(site).unwrap().display());
            if url.starts_with('/') {
                problems.push(format!("{shown}: absolute URL"));
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((&url, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                let decoded = percent_decode(path);
                normalize(&page.parent().unwrap().join(decoded))
            };
            if !target.starts_with(site) {
                problems.push(format!("{shown}: leaves the site"));
            } else if !target.is_file() {
                problems.push(format!("{shown}: no such file"));
            } else if !fragment.is_empty() {
                let fragment = percent_decode(fragment);
                let known = ids
                    .get(&target)
                    .is_some_and(|list| list.iter().any(|i| i.eq_ignore_ascii_case(&fragment)));
                if !known {
                    problems.push(format!("{shown}: no id `{fragment}`"));
                }
            }
        }
    }
    problems
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The repository's sample handbook built into a temporary folder (`site`), as of the tests'
/// fixed date, with `args` after `build`.
pub struct SampleBuild {
    /// Keeps the folder alive.
    _out: tempfile::TempDir,
    pub site: PathBuf,
    pub run: Run,
}

impl SampleBuild {
    pub fn new(args: &[&str]) -> SampleBuild {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let output = Command::new(env!("CARGO_BIN_EXE_northstar"))
            .args([
                "--root",
                env!("CARGO_MANIFEST_DIR"),
                "--color",
                "never",
                "build",
            ])
            .args(args)
            .arg("--output")
            .arg(&site)
            .env("NORTHSTAR_TODAY", "2026-11-28")
            .output()
            .expect("run northstar");
        SampleBuild {
            _out: out,
            site,
            run: Run::from(output),
        }
    }
}

/// Every Markdown file of the sample handbook, then of the manual (docs/content), the public
/// corpora in ../shared/corpora and any folder named by `MORE_MARKDOWN` (e.g. a benchmark
/// handbook), with how many of them are the sample's: what the quick readers are held to.
pub fn real_markdown_files() -> (Vec<PathBuf>, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = markdown_files(&root.join("content"));
    let sample = files.len();
    files.extend(markdown_files(&root.join("docs/content")));
    files.extend(markdown_files(&root.join("../shared/corpora")));
    if let Some(more) = std::env::var_os("MORE_MARKDOWN") {
        files.extend(markdown_files(Path::new(&more)));
    }
    assert!(sample > 50, "the sample handbook is there");
    (files, sample)
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// The number of cases per property test: 4,000, or `PROPTEST_CASES` for a longer search.
pub fn proptest_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(4000)
}

/// `check --format json` as (code, file:line, message) triples.
pub fn check_items(handbook: &Handbook) -> Vec<(String, String, String)> {
    let run = handbook.run(&["check", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let place = format!("{}:{}", i["file"].as_str().unwrap_or(""), i["line"]);
            (
                i["code"].as_str().unwrap().to_string(),
                place,
                i["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
