//! The leak gate: a handbook template that prints every document's title, whatever the
//! audience, makes the build fail — naming the file and the string — and leaves the previous
//! site as it was; `check` and `serve` stop at the same leak.

mod common;

use std::fs;

use common::{snapshot, Handbook};
use northstar::commands::serve::plan::plan;
use northstar::commands::serve::{FsEvent, Plan, Rebuilder};
use northstar::pipeline::Options;

const SECRET_TITLE: &str = "Project Heron takeover";

fn handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write("content/a.md", "---\ntitle: Team charter\n---\nHow we work.\n")
        .write(
            "content/deals/heron.md",
            &format!("---\ntitle: {SECRET_TITLE}\nclassification: confidential\n---\nWe offer forty million euros for the Heron terminal business in March.\n"),
        );
    handbook
}

/// A template that lists every document of the handbook, from a config value the audience
/// filter does not touch.
fn plant(handbook: &Handbook) {
    handbook
        .write(
            "northstar.yaml",
            &format!("title: Test Handbook\nextra:\n  every_title: [Team charter, {SECRET_TITLE}]\n"),
        )
        .write(
            "templates/404.html",
            "<!doctype html><title>Not found</title><ul>{% for t in site.extra.every_title %}<li>{{ t }}</li>{% endfor %}</ul>\n",
        );
}

#[test]
fn a_planted_leak_fails_the_build_and_keeps_the_previous_site() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let before = snapshot(&handbook.public());
    plant(&handbook);
    let run = handbook.run(&["build"]);
    run.assert_code(1).assert_stderr(&format!(
        "leak: the output file 404.html contains `{SECRET_TITLE}`, the title of content/deals/heron.md"
    ));
    assert_eq!(
        snapshot(&handbook.public()),
        before,
        "the previous site is untouched"
    );
    let check = handbook.run(&["check", "--format", "json"]);
    check.assert_code(1);
    assert!(check.stdout.contains("\"leak\""), "{}", check.stdout);
    // For the confidential audience the document is part of the site: no leak.
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
}

#[test]
fn a_sentence_or_address_of_a_left_out_document_is_a_leak_too() {
    let handbook = handbook();
    handbook.write(
        "content/a.md",
        "---\ntitle: Team charter\n---\nRumour: We offer forty million euros for the Heron terminal business in March.\n",
    );
    handbook.write(
        "content/b.md",
        "---\ntitle: B\n---\nSee <a href=\"deals/heron.html\">this</a>.\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("a sentence of content/deals/heron.md")
        .assert_stderr("the address of content/deals/heron.md");
}

#[test]
fn serve_stops_at_a_leak_and_publishes_once_it_is_gone() {
    let handbook = handbook();
    let root = handbook.root().canonicalize().unwrap();
    let mut rebuilder = Rebuilder::new(Options::new(&root));
    let update = rebuilder.rebuild(&Plan::everything()).unwrap();
    assert!(!update.files.contains_key("deals/heron.html"));
    assert!(update
        .files
        .values()
        .all(|bytes| !String::from_utf8_lossy(bytes).contains("Heron")));
    // A body edit (the fast path) that names the left-out document is held back.
    let page = root.join("content/a.md");
    fs::write(
        &page,
        format!("---\ntitle: Team charter\n---\nSoon: {SECRET_TITLE}.\n"),
    )
    .unwrap();
    let errors = rebuilder
        .rebuild(&plan(&root, &[FsEvent::Written(page.clone())]))
        .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.code == "leak" && d.message.contains("a.html")),
        "{errors:?}"
    );
    assert!(!String::from_utf8_lossy(&rebuilder.published()["a.html"]).contains("Heron"));
    fs::write(
        &page,
        "---\ntitle: Team charter\n---\nHow we work, again.\n",
    )
    .unwrap();
    let update = rebuilder
        .rebuild(&plan(&root, &[FsEvent::Written(page)]))
        .unwrap();
    assert!(String::from_utf8_lossy(&update.files["a.html"]).contains("again"));
    // Previewing the confidential audience shows the document.
    let mut confidential =
        Rebuilder::new(Options::new(&root).audience(Some("confidential".into())));
    let update = confidential.rebuild(&Plan::everything()).unwrap();
    assert!(update.files.contains_key("deals/heron.html"));
}

/// Serve follows classification edits: the served site equals a clean build of the same
/// tree for the same audience after each step.
#[test]
fn serve_matches_a_clean_build_through_classification_edits() {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\naudiences: {dangling: warn}\n")
        .write(
            "content/a.md",
            "---\ntitle: A\n---\nSee [the plan](b.md).\n",
        )
        .write("content/b.md", "---\ntitle: Harbour plan\n---\nThe plan.\n");
    let root = handbook.root().canonicalize().unwrap();
    let mut rebuilder = Rebuilder::new(Options::new(&root));
    rebuilder.rebuild(&Plan::everything()).unwrap();
    let b = root.join("content/b.md");
    let steps = [
        "---\ntitle: Harbour plan\nclassification: confidential\n---\nThe plan.\n",
        "---\ntitle: Harbour plan\nclassification: confidential\n---\nThe plan, changed.\n",
        "---\ntitle: Harbour plan\n---\nThe plan, public again.\n",
    ];
    for (step, text) in steps.iter().enumerate() {
        fs::write(&b, text).unwrap();
        let update = rebuilder
            .rebuild(&plan(&root, &[FsEvent::Written(b.clone())]))
            .unwrap();
        let out = tempfile::tempdir().unwrap();
        let options = northstar::commands::build::BuildOptions {
            load: Options::new(&root),
            output: Some(out.path().join("site")),
        };
        northstar::commands::build::build(&options).unwrap();
        let mut clean = snapshot(&out.path().join("site"));
        clean.remove(std::path::Path::new(northstar::outputs::folder::MANIFEST));
        let served: std::collections::HashMap<_, _> = update
            .files
            .iter()
            .map(|(k, v)| (std::path::PathBuf::from(k), v.to_vec()))
            .collect();
        assert_eq!(
            served.keys().collect::<std::collections::BTreeSet<_>>(),
            clean.keys().collect(),
            "step {step}"
        );
        assert!(
            served == clean,
            "step {step}: served and clean bytes differ"
        );
        let a = String::from_utf8_lossy(&served[std::path::Path::new("a.html")]).into_owned();
        assert_eq!(a.contains("href=\"b.html\""), step == 2, "step {step}: {a}");
    }
}

/// Every output file's name and bytes, for looking for a left-out page's path.
fn output_mentions(handbook: &Handbook, needle: &str) -> Vec<String> {
    snapshot(&handbook.public())
        .into_iter()
        .filter(|(path, bytes)| {
            path.to_string_lossy().contains(needle)
                || String::from_utf8_lossy(bytes).contains(needle)
        })
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn references_to_a_left_out_page_never_show_its_path() {
    let handbook = handbook();
    handbook.write("northstar.yaml", "title: T\naudiences:\n  dangling: warn\n").write(
        "content/risks/vendor.md",
        "---\ntitle: Vendor lock-in\nkind: risk\nowner: cto\nlikelihood: 3\nimpact: 4\nmitigated_by: [deals/heron.md, a.md]\nsupports: [deals/heron.md]\n---\nText.\n",
    );
    let run = handbook.run_bounded(&["build"]);
    assert_eq!(run.code, 0, "{}", run.said());
    assert_eq!(output_mentions(&handbook, "heron"), Vec::<String>::new());
    let page = handbook.page("risks/vendor.html");
    assert!(
        page.contains("Team charter"),
        "the visible mitigation stays: {page}"
    );
}

#[test]
fn a_left_out_page_path_in_text_or_an_alias_at_its_address_is_stopped() {
    let text = handbook();
    text.write(
        "content/b.md",
        "---\ntitle: Notes\n---\nSee `deals/heron.md` for the offer.\n",
    );
    let run = text.run_bounded(&["build"]);
    let said = run.said();
    assert_eq!(run.code, 1, "{said}");
    assert!(
        said.contains("leak") && said.contains("deals/heron.md"),
        "{said}"
    );
    assert!(!text.public().exists());

    let alias = handbook();
    alias.write(
        "content/b.md",
        "---\ntitle: Notes\naliases: [deals/heron.html]\n---\nText.\n",
    );
    let run = alias.run_bounded(&["build"]);
    let said = run.said();
    assert_eq!(run.code, 1, "{said}");
    assert!(
        said.contains("content/b.md:3:")
            && said.contains("alias `deals/heron.html` takes the address of a page"),
        "{said}"
    );
    assert!(!alias.public().exists());
}
