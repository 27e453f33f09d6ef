//! The incremental-equals-clean oracle: after every step of a random (seeded) sequence of
//! edits, creations, deletions and renames, the site `serve` holds in memory is byte for byte
//! the site a clean `build` of the same tree writes. The rebuilds are driven through the
//! library (events → plan → rebuild), without an OS watcher, so the test is deterministic.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};

use common::{snapshot, Handbook};
use northstar::commands::build::{build, BuildOptions};
use northstar::commands::serve::{plan::plan, Files, FsEvent, Plan, Rebuilder, Update};
use northstar::outputs::folder::MANIFEST;
use northstar::pipeline::Options;

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The handbook under test and what the sequence created.
struct World {
    root: PathBuf,
    created: Vec<String>,
    step: usize,
}

const FOLDERS: &[&str] = &[
    "",
    "notes",
    "policies",
    "policies/security",
    "strategy",
    "people and teams",
];

impl World {
    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn write(&self, relative: &str, text: &str) -> FsEvent {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        FsEvent::Written(path)
    }

    /// Every Markdown file under content/, relative to the handbook root.
    fn documents(&self) -> Vec<String> {
        common::walkdir(&self.path("content"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| {
                p.strip_prefix(&self.root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    fn new_document(&mut self, rng: &mut Rng) -> String {
        let folder = if rng.below(4) == 0 {
            format!("new-{}", rng.below(3))
        } else {
            rng.pick(FOLDERS).to_string()
        };
        let name = format!("gen-{}.md", self.step);
        let path = ["content", &folder, &name]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("/");
        path
    }

    fn document_text(&self, rng: &mut Rng) -> String {
        let n = self.step;
        let draft = if rng.below(4) == 0 {
            "draft: true\n"
        } else {
            ""
        };
        let weight = if rng.below(2) == 0 {
            format!("weight: {}\n", rng.below(5))
        } else {
            String::new()
        };
        match rng.below(10) {
            0 | 1 => format!("---\nkind: page\n---\n# Heading title {n}\n\nNo title field, body {n}.\n"),
            2 => format!("---\ntitle: Broken {n}\nweight: [unclosed\n---\nBroken.\n"),
            _ => format!(
                "---\ntitle: Generated {n}\nkind: page\nsummary: Summary {n}.\n{draft}{weight}---\n\n## Intro {n}\n\nSee [below](#more-{n}) and [again](#MORE-{n}).\n\n## More {n}\n\nText.\n"
            ),
        }
    }

    /// Applies one random change and returns the events a watcher would have seen.
    fn change(&mut self, rng: &mut Rng) -> Vec<FsEvent> {
        self.step += 1;
        let n = self.step;
        let linked = "content/policies/security/access-control.md";
        let text = fs::read_to_string(self.path(linked)).unwrap();
        if text.contains("## Who grants access") && rng.below(2) == 0 {
            let fixed = text.replace("## Who grants access", "## Who may grant access");
            return vec![self.write(linked, &fixed)];
        }
        match rng.below(14) {
            // Body edits of any document: the fast path.
            0..=2 => {
                let doc = rng.pick(&self.documents()).clone();
                let text = fs::read_to_string(self.path(&doc)).unwrap();
                let text = match rng.below(3) {
                    // Every other time with a link to another document, whose "Linked from"
                    // gains this one (chosen by the step, so the random sequence stays).
                    0 if n.is_multiple_of(2) => {
                        let target = [
                            "content/policies/retention.md",
                            "content/strategy/cloud.md",
                            "content/policies/security/access-control.md",
                        ][n / 2 % 3];
                        format!(
                            "{text}\nSee [another page {n}]({}).\n",
                            relative(&doc, target)
                        )
                    }
                    0 => format!("{text}\nAn added paragraph {n} with *emphasis*.\n"),
                    1 => format!("{text}\n## Added heading {n}\n\nMore.\n"),
                    _ => match text.trim_end().rsplit_once('\n') {
                        Some((before, last)) if !last.starts_with('#') && !last.is_empty() => {
                            format!("{before}\n{last} Edited {n}.\n")
                        }
                        _ => format!("{text}\nEdited {n}.\n"),
                    },
                };
                vec![self.write(&doc, &text)]
            }
            // Renaming a heading that another page links to breaks that link (an error);
            // renaming it back fixes it. Both are body edits.
            3 if rng.below(2) == 0 => {
                let doc = "content/policies/security/access-control.md";
                let text = fs::read_to_string(self.path(doc)).unwrap();
                let text = if text.contains("## Who may grant access") {
                    text.replace("## Who may grant access", "## Who grants access")
                } else {
                    text.replace("## Who grants access", "## Who may grant access")
                };
                vec![self.write(doc, &text)]
            }
            // A title edit in the front matter.
            3 => {
                let doc = rng.pick(&self.documents()).clone();
                let text = fs::read_to_string(self.path(&doc)).unwrap();
                let text = if text.contains("\ntitle: ") {
                    text.replacen("\ntitle: ", &format!("\ntitle: T{n} "), 1)
                } else if let Some(rest) = text.strip_prefix("---\n") {
                    format!("---\ntitle: Titled {n}\n{rest}")
                } else {
                    format!("---\ntitle: Titled {n}\n---\n{text}")
                };
                vec![self.write(&doc, &text)]
            }
            // Another field of the front matter: the pages that show the document change.
            12 | 13 => {
                let doc = rng.pick(&self.documents()).clone();
                let text = fs::read_to_string(self.path(&doc)).unwrap();
                let (field, value) = match rng.below(6) {
                    0 => (
                        "status",
                        rng.pick(&["active", "approved", "retired", "draft"])
                            .to_string(),
                    ),
                    1 => ("tags", format!("[t{}, shared]", n % 3)),
                    2 => ("owner", format!("team-{}", n % 3)),
                    3 => ("summary", format!("Summary edited {n}.")),
                    4 => ("title", format!("Retitled {n}")),
                    _ => ("last_reviewed", "2026-06-01".to_string()),
                };
                vec![self.write(&doc, &with_field(&text, field, &value))]
            }
            // An editor's atomic save: write a temp file, rename it over the document.
            4 => {
                let doc = rng.pick(&self.documents()).clone();
                let text = fs::read_to_string(self.path(&doc)).unwrap()
                    + &format!("\nSaved atomically {n}.\n");
                let temp = if rng.below(2) == 0 {
                    format!("{doc}.tmp{n}")
                } else {
                    let (dir, name) = doc.rsplit_once('/').unwrap();
                    format!("{dir}/.{name}.tmp{n}")
                };
                let written = self.write(&temp, &text);
                fs::rename(self.path(&temp), self.path(&doc)).unwrap();
                vec![written, FsEvent::Renamed(self.path(&temp), self.path(&doc))]
            }
            5 | 6 => {
                let broken = self.created.iter().find(|d| {
                    fs::read_to_string(self.path(d)).is_ok_and(|t| t.contains("[unclosed"))
                });
                if let Some(doc) = broken.cloned() {
                    return vec![self.write(
                        &doc,
                        &format!("---\ntitle: Fixed {n}\nkind: page\n---\nFixed.\n"),
                    )];
                }
                let doc = self.new_document(rng);
                let text = self.document_text(rng);
                self.created.push(doc.clone());
                vec![self.write(&doc, &text)]
            }
            7 if !self.created.is_empty() => {
                let doc = self.created.remove(rng.below(self.created.len()));
                fs::remove_file(self.path(&doc)).unwrap();
                vec![FsEvent::Removed(self.path(&doc))]
            }
            8 if !self.created.is_empty() => {
                let index = rng.below(self.created.len());
                let from = self.created[index].clone();
                let to = self.new_document(rng);
                fs::create_dir_all(self.path(&to).parent().unwrap()).unwrap();
                fs::rename(self.path(&from), self.path(&to)).unwrap();
                self.created[index] = to.clone();
                vec![FsEvent::Renamed(self.path(&from), self.path(&to))]
            }
            9 => {
                // Remove a whole folder of generated documents.
                let folder = format!("content/new-{}", rng.below(3));
                if !self.path(&folder).is_dir() {
                    return Vec::new();
                }
                fs::remove_dir_all(self.path(&folder)).unwrap();
                self.created
                    .retain(|d| !d.starts_with(&format!("{folder}/")));
                vec![FsEvent::Removed(self.path(&folder))]
            }
            10 => match rng.below(4) {
                0 => vec![self.write(
                    "content/policies/retention-flow.svg",
                    &format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{n}</title></svg>"),
                )],
                1 => vec![self.write("content/notes/picture.txt", &format!("asset {n}"))],
                2 => vec![self.write(".hidden-notes", "ignored")],
                _ => vec![self.write("content/notes/.draft.md.swp", "ignored")],
            },
            _ => match rng.below(3) {
                0 => vec![self.write(
                    "templates/partials/footer.html",
                    &format!("<footer>Custom footer {n}</footer>\n"),
                )],
                1 if self.path("templates/partials/footer.html").exists() => {
                    fs::remove_file(self.path("templates/partials/footer.html")).unwrap();
                    vec![FsEvent::Removed(
                        self.path("templates/partials/footer.html"),
                    )]
                }
                _ => vec![self.write("northstar.yaml", &format!("title: Acme Handbook {n}\n"))],
            },
        }
    }
}

/// The link from the file `from` to the file `to`, both under `content/`.
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count() - 1;
    format!(
        "{}{}",
        "../".repeat(depth),
        to.trim_start_matches("content/")
    )
}

/// `text` with front-matter `field` set to `value` (its line replaced, or added first).
fn with_field(text: &str, field: &str, value: &str) -> String {
    let line = format!("{field}: {value}\n");
    let Some(rest) = text.strip_prefix("---\n") else {
        return format!("---\n{line}---\n{text}");
    };
    let Some((header, body)) = rest.split_once("\n---\n") else {
        return format!("---\n{line}{rest}");
    };
    let kept: String = header
        .lines()
        .filter(|l| !l.starts_with(&format!("{field}:")))
        .map(|l| format!("{l}\n"))
        .collect();
    format!("---\n{line}{kept}---\n{body}")
}

/// A clean build of the tree into a fresh folder (drafts included when `drafts`): its files,
/// or `None` when it failed.
fn clean_build(root: &Path, drafts: bool) -> Option<HashMap<PathBuf, Vec<u8>>> {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        load: Options::new(root).drafts(drafts),
        output: Some(out.path().join("site")),
    };
    build(&options).ok()?;
    let mut files = snapshot(&out.path().join("site"));
    files.remove(Path::new(MANIFEST));
    Some(files)
}

/// Runs one sequence; returns how many successful rebuilds took the fast path.
fn run_sequence(seed: u64, steps: usize) -> usize {
    let handbook = Handbook::fixture("basic");
    let root = handbook.root().canonicalize().unwrap();
    let mut world = World {
        root: root.clone(),
        created: Vec::new(),
        step: 0,
    };
    let mut rng = Rng(seed);
    let mut rebuilder = Rebuilder::new(Options::new(&root).drafts(true));
    let ahead = shown_ahead(&mut rebuilder);
    let mut incremental = 0;
    let mut failures = 0;
    let mut plan_of = Plan::everything();
    for step in 0..=steps {
        let served = rebuilder.rebuild(&plan_of);
        let clean = clean_build(&root, true);
        match (&served, &clean) {
            (Ok(update), Some(clean)) => {
                incremental += usize::from(update.incremental);
                let what = format!("seed {seed}, step {step} {:?}", plan_of.content);
                assert_same(&what, update, clean);
                assert_ahead_as_built(&what, &ahead, clean);
            }
            (Err(_), None) => {
                // Pages shown ahead of a rebuild that failed are withdrawn.
                ahead.try_iter().for_each(drop);
                failures += 1
            }
            (Ok(_), None) => {
                panic!("seed {seed}, step {step}: serve built a tree that `build` refuses")
            }
            (Err(errors), Some(_)) => {
                panic!("seed {seed}, step {step}: serve failed where `build` works: {errors:#?}")
            }
        }
        // Bursts: one to three changes per rebuild.
        let mut events = Vec::new();
        let burst = if rng.below(3) == 0 {
            2 + rng.below(3)
        } else {
            1
        };
        for _ in 0..burst {
            events.extend(world.change(&mut rng));
        }
        plan_of = plan(&root, &events);
    }
    assert!(
        failures < steps / 2,
        "seed {seed}: {failures} steps failed to build"
    );
    incremental
}

/// Asserts that the served files of `update` are byte for byte the `clean` build's.
fn assert_same(what: &str, update: &Update, clean: &HashMap<PathBuf, Vec<u8>>) {
    let served: HashMap<PathBuf, Vec<u8>> = update
        .files
        .iter()
        .map(|(k, v)| (PathBuf::from(k), v.to_vec()))
        .collect();
    let mut paths: Vec<&PathBuf> = served.keys().chain(clean.keys()).collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        assert!(
            served.get(path) == clean.get(path),
            "{what}: {} differs (served: {}, clean: {})",
            path.display(),
            served.contains_key(path),
            clean.contains_key(path)
        );
    }
}

#[test]
fn incremental_rebuilds_equal_clean_builds() {
    // The rebuilds and the clean builds each read today's date: one fixed date, so that a run
    // across midnight (UTC) cannot compare two different days. Set before any thread starts;
    // this file holds no other test.
    std::env::set_var("NORTHSTAR_TODAY", "2026-11-28");
    let incremental: usize = [0x9e37_79b9_7f4a_7c15, 42, 2026]
        .into_iter()
        .map(|seed| run_sequence(seed, 60))
        .sum();
    assert!(
        incremental >= 10,
        "the fast path ran only {incremental} times"
    );
    scripted_front_matter_edits();
}

/// One edit of the scripted sequence: the file, its new text (from the old one), and whether
/// the rebuild must render only some pages (`Some(false)`: the edit changes the site's shape;
/// `None`: either, as long as the result is right).
struct Step {
    file: &'static str,
    edit: fn(&str) -> String,
    selective: Option<bool>,
}

/// Front-matter edits that take the selective path (titles shown in sidebars, listings, the
/// board pack and the root's tree, tags, owners) and those that must fall back to
/// rendering every page (a weight, a draft published or hidden, a new document), drafts left
/// out as `build` leaves them: after each, the served site is the clean build's.
fn scripted_front_matter_edits() {
    let handbook = Handbook::fixture("basic");
    let root = handbook.root().canonicalize().unwrap();
    let cloud = "content/strategy/cloud.md";
    let retention = "content/policies/retention.md";
    let draft = "content/strategy/draft-idea.md";
    let at_root = "content/overview.md";
    // The document tables also count the site's status badges, as a theme may.
    let table = "templates/partials/documents-table.html";
    let theme_table = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default")
        .join(table);
    let counted = fs::read_to_string(theme_table).unwrap()
        + "<p class=\"statuses\">{{ badges.statuses | length }} statuses</p>\n";
    fs::create_dir_all(root.join("templates/partials")).unwrap();
    fs::write(root.join(table), counted).unwrap();
    // More entries than a sidebar tree shows whole: the generated pages, which show the
    // root's tree, then change only with their own data.
    for n in 0..130 {
        let text = format!("---\ntitle: Bulk {n:03}\ntags: [bulk]\n---\nText {n}.\n");
        let path = root.join(format!("content/bulk/b{n:03}.md"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let steps = [
        // In the board pack (an approved strategy), linked from the retention policy.
        Step {
            file: cloud,
            edit: |t| t.replacen("title: Cloud strategy", "title: Cloud plan", 1),
            selective: Some(true),
        },
        Step {
            file: retention,
            edit: |t| t.replacen("title: Data retention", "title: Keeping data", 1),
            selective: Some(true),
        },
        // Its title and its text at once: its chapter in the board pack is made again, the
        // others are kept.
        Step {
            file: cloud,
            edit: |t| {
                format!(
                    "{}\nA closing paragraph written with the title.\n",
                    t.replacen("title: Cloud plan", "title: Cloud plan B", 1)
                )
            },
            selective: Some(true),
        },
        // A tag first used, then its last document drops it.
        Step {
            file: retention,
            edit: |t| {
                t.replacen(
                    "tags: [privacy, data]",
                    "tags: [privacy, data, brand-new]",
                    1,
                )
            },
            selective: Some(true),
        },
        Step {
            file: retention,
            edit: |t| {
                t.replacen(
                    "tags: [privacy, data, brand-new]",
                    "tags: [privacy, data]",
                    1,
                )
            },
            selective: Some(true),
        },
        // A new owner: its listing page appears.
        Step {
            file: retention,
            edit: |t| with_field(t, "owner", "new-team"),
            selective: Some(true),
        },
        // A status no document had, which also retires the policy: a new badge, so every
        // page with a document table (which has every badge) again, not every page.
        Step {
            file: retention,
            edit: |t| with_field(t, "status", "retired"),
            selective: Some(true),
        },
        Step {
            file: retention,
            edit: |t| with_field(t, "summary", "How long we keep things."),
            selective: Some(true),
        },
        // The strategy leaves the board pack (no longer agreed), comes back, and leaves it
        // as another kind.
        Step {
            file: cloud,
            edit: |t| with_field(t, "status", "draft"),
            selective: None,
        },
        Step {
            file: cloud,
            edit: |t| with_field(t, "status", "approved"),
            selective: None,
        },
        Step {
            file: cloud,
            edit: |t| with_field(t, "kind", "page"),
            selective: None,
        },
        // A weight reorders the folder; a draft published and hidden again changes the pages.
        Step {
            file: retention,
            edit: |t| t.replacen("weight: 1", "weight: 7", 1),
            selective: Some(false),
        },
        Step {
            file: draft,
            edit: |t| t.replacen("draft: true", "draft: false", 1),
            selective: Some(false),
        },
        Step {
            file: draft,
            edit: |t| t.replacen("draft: false", "draft: true", 1),
            selective: Some(false),
        },
        // A document at the root: every generated page shows the root's tree with its title.
        Step {
            file: at_root,
            edit: |_| "---\ntitle: Overview\n---\nThe whole picture.\n".into(),
            selective: Some(false),
        },
        Step {
            file: at_root,
            edit: |t| t.replacen("title: Overview", "title: The big picture", 1),
            selective: None,
        },
    ];
    let mut rebuilder = Rebuilder::new(Options::new(&root));
    let ahead = shown_ahead(&mut rebuilder);
    let first = rebuilder.rebuild(&Plan::everything()).unwrap();
    assert_same(
        "the first build",
        &first,
        &clean_build(&root, false).unwrap(),
    );
    let mut shown = 0;
    for (n, step) in steps.iter().enumerate() {
        let path = root.join(step.file);
        let text = fs::read_to_string(&path).unwrap_or_default();
        fs::write(&path, (step.edit)(&text)).unwrap();
        let update = rebuilder
            .rebuild(&plan(&root, &[FsEvent::Written(path)]))
            .unwrap();
        let what = format!("scripted step {n} ({})", step.file);
        let clean = clean_build(&root, false).unwrap();
        assert_same(&what, &update, &clean);
        shown += assert_ahead_as_built(&what, &ahead, &clean);
        if let Some(selective) = step.selective {
            assert_eq!(update.incremental, selective, "{what}");
        }
        if update.incremental {
            assert!(
                update.rendered < first.rendered,
                "{what}: {} pages rendered",
                update.rendered
            );
        }
    }
    assert!(shown >= 5, "pages were shown ahead {shown} times");
}

/// Collects the pages `rebuilder` shows ahead of its rebuilds.
fn shown_ahead(rebuilder: &mut Rebuilder) -> Receiver<Files> {
    let (sender, receiver) = channel();
    rebuilder.show_ahead_with(Box::new(move |files| {
        let _ = sender.send(files);
    }));
    receiver
}

/// Asserts that the pages shown ahead of the last rebuild are the `clean` build's; returns
/// how many times pages were shown.
fn assert_ahead_as_built(
    what: &str,
    ahead: &Receiver<Files>,
    clean: &HashMap<PathBuf, Vec<u8>>,
) -> usize {
    let shown: Vec<Files> = ahead.try_iter().collect();
    for (path, bytes) in shown.iter().flatten() {
        assert!(
            clean.get(Path::new(path)).map(Vec::as_slice) == Some(&bytes[..]),
            "{what}: {path} was shown ahead as the finished rebuild does not have it: {}",
            first_difference(clean.get(Path::new(path)), bytes)
        );
    }
    shown.len()
}

/// Where `shown` first differs from `built`, with some text around it.
fn first_difference(built: Option<&Vec<u8>>, shown: &[u8]) -> String {
    let Some(built) = built else {
        return "the finished rebuild has no such file".into();
    };
    let at = built.iter().zip(shown).take_while(|(a, b)| a == b).count();
    let around = |bytes: &[u8]| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(80)..(at + 120).min(bytes.len())])
            .into_owned()
    };
    format!("built: …{}… shown: …{}…", around(built), around(shown))
}
