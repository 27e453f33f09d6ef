//! Audiences on the pages (issue #30): every generated page is labelled with the audience of
//! its build and no page shows a level lower than what it gathers; a relation to a document
//! above the audience says that one exists, never which, and the gaps (unmitigated risks,
//! unsupported objectives) are judged on the whole handbook.

mod common;

use common::Handbook;

/// The badge a page shows for its level, as the default theme draws it.
fn label(level: &str) -> String {
    format!("badge badge-classification\" title=\"Gathers documents up to this classification\">{level}<")
}

#[test]
fn every_generated_page_is_labelled_with_the_audience_of_its_build() {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\nprint: true\n")
        .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write(
            "content/open.md",
            "---\ntitle: Open note\nclassification: public\ntags: [open]\n---\nHello.\n",
        )
        .write(
            "content/team/_index.md",
            "---\ntitle: Team\nclassification: internal\n---\nWho we are.\n",
        )
        .write(
            "content/team/plan.md",
            "---\ntitle: Hiring plan\nclassification: confidential\n---\nPlan.\n",
        )
        .write(
            "content/team/rota.md",
            "---\ntitle: Rota\nclassification: internal\n---\nRota.\n",
        );
    handbook
        .run(&["build", "--audience", "public"])
        .assert_code(0);
    // The home page of a public build is public, whatever its index file says.
    let home = handbook.page("index.html");
    assert!(home.contains(">Public</span>"), "{home}");
    assert!(!home.contains(">Internal<"), "{home}");
    for page in [
        "search/index.html",
        "tags/open.html",
        "print.html",
        "board-pack.html",
        "traceability.html",
    ] {
        assert!(handbook.page(page).contains(&label("Public")), "{page}");
    }
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    assert!(handbook.page("index.html").contains(">Confidential</span>"));
    assert!(handbook
        .page("search/index.html")
        .contains(&label("Confidential")));
    // A section page lists a confidential document: it is labelled confidential, not with
    // its own index's level.
    let team = handbook.page("team/index.html");
    assert!(team.contains("Hiring plan"), "{team}");
    assert!(
        team.contains("badge-classification\">Confidential<") && !team.contains(">Internal<"),
        "{team}"
    );
    handbook
        .run(&["build", "--audience", "internal"])
        .assert_code(0);
    assert!(handbook
        .page("team/index.html")
        .contains("badge-classification\">Internal<"));
}

/// A handbook whose internal documents relate to confidential ones, both ways: a risk
/// mitigated only by a confidential initiative, an objective only it supports, an initiative
/// that supports only it, a decision superseded only by a confidential one.
fn hidden_relations_handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\naudiences: {dangling: warn}\n")
        .write(
            "content/strategy.md",
            "---\ntitle: Port strategy\nkind: strategy\nstatus: approved\nowner: cto\nobjectives:\n  \
             - {id: cut-cost, title: Cut cost}\n  - {id: go-global, title: Go global}\n---\nWhy.\n",
        )
        .write(
            "content/work/visible.md",
            &common::strategy::initiative(
                "Visible work",
                "ops",
                ("2027-Q1", "2027-Q2"),
                "supports: [strategy.md#cut-cost]\n",
            ),
        )
        .write(
            "content/work/vault-bid.md",
            &common::strategy::initiative(
                "Harbour vault bid",
                "ops",
                ("2027-Q1", "2027-Q2"),
                "classification: confidential\nsupports: [strategy.md#go-global]\n",
            ),
        )
        .write(
            "content/work/feeder.md",
            &common::strategy::initiative(
                "Feeder work",
                "ops",
                ("2027-Q1", "2027-Q2"),
                "supports: [work/vault-bid.md]\n",
            ),
        )
        .write(
            "content/risk/lock-in.md",
            "---\ntitle: Vendor lock-in\nkind: risk\nowner: cto\nlikelihood: 3\nimpact: 4\n\
             mitigated_by: [work/vault-bid.md]\n---\nRisk.\n",
        )
        .write(
            "content/decisions/adr-1.md",
            "---\ntitle: Use Nomad\nkind: decision\nstatus: superseded\ndate: 2025-01-01\n---\nOld.\n",
        )
        .write(
            "content/decisions/adr-2-secret.md",
            "---\ntitle: Move the harbour ledgers\nkind: decision\nstatus: accepted\nclassification: confidential\n\
             date: 2026-01-01\nsupersedes: [decisions/adr-1.md]\n---\nNew.\n",
        );
    handbook
}

/// Every built file, by path, with its bytes.
fn built(handbook: &Handbook) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let site = handbook.public();
    common::walkdir(&site)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path.strip_prefix(&site).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

const HIDDEN: &str = "a document not shown to this audience";

#[test]
fn relations_to_hidden_documents_say_one_exists_never_which() {
    let handbook = hidden_relations_handbook();
    let run = handbook.run(&["build", "--audience", "internal"]);
    run.assert_code(0);
    // The gaps are judged on the whole handbook.
    for code in [
        "unmitigated-risk",
        "unsupported-objective",
        "initiative-supports-nothing",
        "no-successor",
    ] {
        assert!(!run.stderr.contains(code), "{code}: {}", run.stderr);
    }
    let register = handbook.page("risk-register.html");
    assert!(!register.contains("Nothing mitigates it"), "{register}");
    assert!(register.contains(&format!(
        "<td><span class=\"relation-hidden\">{HIDDEN}</span></td>"
    )));
    assert!(register.contains("0 live without mitigation"), "{register}");
    let trace = handbook.page("traceability.html");
    assert!(!trace.contains("Nothing supports it"), "{trace}");
    assert!(trace.contains("None: every objective has supporting work."));
    assert!(trace.contains("None: every initiative names what it supports."));
    assert!(trace.contains(HIDDEN));
    let hidden_entry = format!("<li class=\"relation-hidden\">{HIDDEN}</li>");
    for (page, relation) in [
        ("risk/lock-in.html", "<dt>Mitigated by</dt>\n      <dd><ul>"),
        ("strategy.html", "<dt>Supported by</dt>"),
        ("work/feeder.html", "<dt>Supports</dt>"),
        (
            "decisions/adr-1.html",
            "<dt>Superseded by</dt>\n      <dd><ul>",
        ),
    ] {
        let text = handbook.page(page);
        let at = text
            .find(relation)
            .unwrap_or_else(|| panic!("{page} lacks {relation}: {text}"));
        let end = text[at..].find("</dd>").unwrap() + at;
        assert!(
            text[at..end].contains(&hidden_entry),
            "{page}: {}",
            &text[at..end]
        );
    }
    let log = handbook.page("decision-log.html");
    assert!(
        log.contains("class=\"is-superseded\"") && log.contains(HIDDEN),
        "{log}"
    );
    // Something exists: never what. No title or path of the hidden documents anywhere.
    let drawn = built(&handbook);
    for (path, bytes) in &drawn {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "vault-bid",
            "Harbour vault bid",
            "adr-2-secret",
            "harbour ledgers",
        ] {
            assert!(!text.contains(secret), "{} holds {secret}", path.display());
        }
    }
    // The partials' own code draws the same pages as the panels drawn in Rust.
    let partial = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/partials/meta.html"),
    )
    .unwrap();
    handbook.write(
        "templates/partials/meta.html",
        &format!("{partial}{{# a copy #}}"),
    );
    handbook
        .run(&["build", "--audience", "internal"])
        .assert_code(0);
    let templated = built(&handbook);
    assert_eq!(drawn.len(), templated.len());
    for (path, bytes) in &drawn {
        assert!(
            templated.get(path) == Some(bytes),
            "{} differs",
            path.display()
        );
    }
    // The confidential audience sees the documents themselves, and no hidden entry.
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let lock_in = handbook.page("risk/lock-in.html");
    assert!(lock_in.contains("Harbour vault bid") && !lock_in.contains(HIDDEN));
}
