//! Audiences: a handbook with confidential and restricted canary documents in every place a
//! document can show up (pages, navigation, listings, tag/owner/kind/status pages, backlinks,
//! traceability, roadmap, radar, dashboard, board pack, print page, feeds, sitemap,
//! redirects, search index, copied files, `list` and `check` JSON). The canary appears in no
//! byte of an internal build and does appear in a restricted one.

mod common;

use std::fs;
use std::path::Path;

use common::strategy::{initiative, technology, STRATEGY};
use common::{walkdir, Handbook};

/// Written in every left-out document, in a different case each time.
const CANARY: &str = "zephyrcanary";

fn canary_handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write(
            "northstar.yaml",
            "title: Canary Handbook\nbase_url: https://handbook.example/\nprint: true\n\
             audiences: {dangling: warn}\n",
        )
        .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write("content/strategy/cloud.md", STRATEGY)
        .write(
            "content/work/eks.md",
            &initiative("Move to EKS", "platform", ("2027-Q1", "2027-Q2"), "supports: [strategy/cloud.md#cut-cost]\n"),
        )
        .write(
            "content/policy.md",
            "---\ntitle: Cost policy\ntags: [cost]\nupdated: 2026-10-01\n---\nRead the [merger plan](deals/zephyrcanary-merger.md) and the [vault](secret/).\n",
        )
        .write(
            "content/deals/_index.md",
            "---\ntitle: Deals\ncascade: {classification: confidential}\n---\nDeals we work on.\n",
        )
        .write(
            "content/deals/zephyrcanary-merger.md",
            "---\ntitle: ZephyrCanary merger\nkind: strategy\nstatus: approved\nowner: zephyrcanary-office\n\
             tags: [zephyrcanary-tag]\naliases: [old/zephyrcanary-old.html]\nid: ZEPHYRCANARY-1\nupdated: 2026-11-01\n\
             supports: [strategy/cloud.md#go-global]\n\
             objectives:\n  - {id: zephyrcanary-goal, title: Zephyrcanary goal}\n---\n\
             We plan to buy the Zephyrcanary shipping line before the end of the next financial year.\n\n\
             ![chart](../media/chart-z.svg) and [the cloud strategy](../strategy/cloud.md).\n",
        )
        .write("content/media/chart-z.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>zephyrcanary</title></svg>\n")
        .write("content/media/shared.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n")
        .write(
            "content/work/zephyrcanary-initiative.md",
            &initiative(
                "Zephyrcanary integration",
                "zephyrcanary-lane",
                ("2027-Q1", "2027-Q3"),
                "classification: confidential\nsupports: [strategy/cloud.md#cut-cost]\n",
            )
            .replace("owner: platform", "owner: zephyrcanary-office"),
        )
        .write(
            "content/radar/zephyrcanary-db.md",
            &technology("ZephyrcanaryDB", "adopt", "tools")
                .replace("kind: technology\n", "kind: technology\nclassification: confidential\n"),
        )
        .write(
            "content/decisions/zephyrcanary-adr.md",
            "---\ntitle: Use Zephyrcanary for ledgers\nkind: decision\nstatus: accepted\nclassification: confidential\ndate: 2026-11-02\n---\nDecided.\n",
        )
        .write(
            "content/risk/zephyrcanary-risk.md",
            "---\ntitle: Zephyrcanary walks away\nkind: risk\nowner: cfo\nlikelihood: 4\nimpact: 5\nclassification: restricted\n---\nRisk.\n",
        )
        .write(
            "content/secret/_index.md",
            "---\ntitle: Zephyrcanary vault\nclassification: restricted\nvault_note: x\n---\nVault.\n",
        )
        .write(
            "content/secret/plan.md",
            "---\ntitle: Plan in the vault\n---\nThe vault holds the Zephyrcanary bid, which nobody below the board may read.\n\n![s](../media/shared.svg)\n",
        )
        .write(
            "content/public-note.md",
            "---\ntitle: Public note\nclassification: public\n---\nUses the ![shared](media/shared.svg) picture.\n",
        );
    handbook
}

/// Every file of the built site whose path or bytes hold the canary (in any case).
fn canary_files(site: &Path) -> Vec<String> {
    walkdir(site)
        .into_iter()
        .filter(|path| {
            let bytes = fs::read(path).unwrap().to_ascii_lowercase();
            let named = path.to_string_lossy().to_lowercase().contains(CANARY);
            named || bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes())
        })
        .map(|path| {
            path.strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn an_internal_build_holds_no_byte_of_a_confidential_document() {
    let handbook = canary_handbook();
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains(
            "For the internal audience, left out: 4 confidential, 2 restricted documents"
        ),
        "{}",
        run.stdout
    );
    // The warning quotes the link as the included page writes it, and nothing of the target.
    run.assert_stderr(
        "link `deals/zephyrcanary-merger.md` points to a page this build's audience does not see",
    );
    assert!(
        !run.stderr.contains("ZephyrCanary merger"),
        "{}",
        run.stderr
    );
    let leaked = canary_files(&handbook.public());
    assert!(leaked.is_empty(), "the canary is in {leaked:?}");
    // The places exist in this build (so the scan above covered them).
    for place in [
        "index.html",
        "strategy/cloud.html",
        "tags/index.html",
        "owners/index.html",
        "kinds/index.html",
        "statuses/index.html",
        "board-pack.html",
        "print.html",
        "feeds/changes.xml",
        "feeds/decisions.xml",
        "sitemap.xml",
        "media/shared.svg",
        "traceability.html",
        "roadmap-timeline.html",
        "tech-radar.html",
        "decision-log.html",
        "risk-register.html",
        "reviews.html",
        "search/index.html",
    ] {
        assert!(handbook.public().join(place).is_file(), "{place} is built");
    }
    assert!(
        !handbook.public().join("media/chart-z.svg").exists(),
        "a file only the merger shows stays out"
    );
    assert!(!handbook.public().join("secret").exists());
    // The link to the left-out page keeps its text, without the link.
    let policy = handbook.page("policy.html");
    assert!(
        policy.contains("Read the merger plan and the vault."),
        "{policy}"
    );
    // Every page shows its classification.
    assert!(
        policy.contains("badge-classification\">Internal<"),
        "{policy}"
    );
    assert!(handbook.page("index.html").contains("badge-classification"));
    assert!(handbook
        .page("public-note.html")
        .contains("badge-classification\">Public<"));
    // Generated pages gather documents up to the audience: they carry its level.
    for generated in [
        "tags/index.html",
        "reviews.html",
        "tech-radar.html",
        "board-pack.html",
    ] {
        let page = handbook.page(generated);
        assert!(
            page.contains("Gathers documents up to this classification\">Internal<"),
            "{generated}: {page}"
        );
    }
}

#[test]
fn a_restricted_build_shows_the_canary_everywhere() {
    let handbook = canary_handbook();
    handbook
        .run(&["build", "--audience", "restricted"])
        .assert_code(0);
    let found = canary_files(&handbook.public());
    for place in [
        "deals/zephyrcanary-merger.html",
        "deals/index.html",
        "index.html",
        "strategy/cloud.html",
        "tags/zephyrcanary-tag.html",
        "owners/zephyrcanary-office.html",
        "kinds/strategy.html",
        "statuses/approved.html",
        "board-pack.html",
        "print.html",
        "feeds/changes.xml",
        "feeds/decisions.xml",
        "sitemap.xml",
        "old/zephyrcanary-old.html",
        "media/chart-z.svg",
        "secret/index.html",
        "secret/plan.html",
        "risk/zephyrcanary-risk.html",
        "radar/zephyrcanary-db.html",
        "traceability.html",
        "roadmap-timeline.html",
        "tech-radar.html",
        "decision-log.html",
        "risk-register.html",
        "reviews.html",
    ] {
        assert!(
            found.iter().any(|f| f == place),
            "{place} lacks the canary: {found:?}"
        );
    }
    assert!(found.iter().any(|f| f.starts_with("search/")), "{found:?}");
    let policy = handbook.page("policy.html");
    assert!(
        policy.contains("href=\"deals/zephyrcanary-merger.html\""),
        "{policy}"
    );
}

#[test]
fn a_confidential_build_leaves_out_only_restricted_documents() {
    let handbook = canary_handbook();
    let run = handbook.run(&["build", "--audience", "confidential"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("left out: 2 restricted documents"),
        "{}",
        run.stdout
    );
    assert!(handbook
        .public()
        .join("deals/zephyrcanary-merger.html")
        .is_file());
    assert!(!handbook.public().join("secret").exists());
    assert!(!handbook
        .public()
        .join("risk/zephyrcanary-risk.html")
        .exists());
}

#[test]
fn list_and_check_json_leave_out_what_the_audience_does_not_see() {
    let handbook = canary_handbook();
    let list = handbook.run(&["list", "--format", "json"]);
    list.assert_code(0);
    assert!(
        !list.stdout.to_lowercase().contains(CANARY),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("Cost policy"));
    let all = handbook.run(&["list", "--format", "json", "--audience", "restricted"]);
    assert!(all.stdout.to_lowercase().contains(CANARY));
    let check = handbook.run(&["check", "--format", "json"]);
    check.assert_code(0);
    assert!(check.stdout.contains("excluded-link"), "{}", check.stdout);
    // The diagnostics name the link as written in the included page, never a title, and
    // say nothing about the left-out pages themselves.
    assert!(
        !check.stdout.contains("ZephyrCanary merger"),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("vault_note"), "{}", check.stdout);
    let restricted = handbook.run(&["check", "--format", "json", "--audience", "restricted"]);
    assert!(
        restricted.stdout.contains("vault_note"),
        "{}",
        restricted.stdout
    );
}

#[test]
fn a_link_to_a_left_out_page_is_an_error_by_default() {
    let handbook = canary_handbook();
    handbook.write("northstar.yaml", "title: Canary Handbook\n");
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("excluded-link") || run.stderr.contains("excluded-link"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("points to a page this build's audience does not see"),
        "{out}"
    );
    handbook.run(&["build"]).assert_code(1);
    assert!(!handbook.public().exists(), "nothing is written");
    // The restricted audience sees every target: no problem.
    handbook
        .run(&["check", "--audience", "restricted"])
        .assert_code(0);
}

#[test]
fn unknown_levels_are_reported_where_they_are_written() {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: A\nclassification: secrit\n---\nA.\n",
    );
    handbook.write(
        "content/s/_index.md",
        "---\ntitle: S\ncascade:\n  classification: topsecret\n---\n",
    );
    let run = handbook.run(&["check", "--audience", "restricted"]);
    run.assert_code(1);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("content/a.md\n      3:1  error    `secrit` is not a classification level"),
        "{out}"
    );
    assert!(
        out.contains("content/s/_index.md\n      3:1  error    `topsecret`"),
        "{out}"
    );
    assert!(
        out.contains("public, internal, confidential, restricted"),
        "{out}"
    );
    let usage = handbook.run(&["build", "--audience", "board"]);
    usage
        .assert_code(2)
        .assert_stderr("is not one of this handbook's levels");
    for command in ["serve", "check", "list"] {
        handbook
            .run(&[command, "--audience", "board"])
            .assert_code(2)
            .assert_stderr("use one of: public, internal, confidential, restricted");
    }
}

#[test]
fn configured_levels_and_defaults() {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: T\naudiences:\n  levels: [everyone, staff, board]\n  default_classification: staff\n  default_audience: everyone\n",
    );
    handbook.write(
        "content/open.md",
        "---\ntitle: Open\nclassification: everyone\n---\nOpen.\n",
    );
    handbook.write(
        "content/staff.md",
        "---\ntitle: Staff only page\n---\nStaff.\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("For the everyone audience, left out: 1 staff document"),
        "{}",
        run.stdout
    );
    assert!(!handbook.public().join("staff.html").exists());
    handbook
        .run(&["build", "--audience", "staff"])
        .assert_code(0);
    assert!(handbook
        .page("staff.html")
        .contains("badge-classification\">Staff<"));
    let bad = Handbook::new();
    bad.write(
        "northstar.yaml",
        "audiences: {levels: [a, b], default_audience: c}\n",
    );
    bad.write("content/x.md", "# X\n");
    let run = bad.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("`audiences.default_audience` is `c`");
}

/// The sample handbook passes the leak gate for each audience, and its internal site has no
/// broken link: links to the confidential pages are plain text there.
#[test]
fn the_sample_handbook_builds_for_every_audience() {
    for audience in ["public", "internal", "confidential"] {
        let build = common::SampleBuild::new(&["--audience", audience]);
        let stderr = &build.run.stderr;
        assert_eq!(build.run.code, 0, "{audience}: {stderr}");
        assert!(!stderr.contains("leak"), "{audience}: {stderr}");
        let broken = common::broken_links(&build.site);
        assert!(broken.is_empty(), "{audience}: {broken:?}");
    }
}

#[test]
fn roadmap_items_and_radar_blips_linking_left_out_pages_lose_the_link() {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\naudiences: {dangling: warn}\n")
        .write("content/secret.md", "---\ntitle: Secret merger plan\nclassification: confidential\n---\nSecret.\n")
        .write(
            "content/roadmap.md",
            "---\ntitle: Roadmap\nkind: roadmap\nowner: cto\nitems:\n  - {title: Integrate the harbour, start: 2027-Q1, end: 2027-Q2, lane: ops, link: secret.md}\n---\n",
        )
        .write(
            "content/radar.md",
            "---\ntitle: Radar\nkind: radar\nblips:\n  - {title: Ledger engine, ring: trial, quadrant: tools, link: secret.md}\n---\n",
        );
    let run = handbook.run(&["build"]);
    run.assert_code(0)
        .assert_stderr(
            "roadmap item 1 links to content/secret.md, a page this build's audience does not see",
        )
        .assert_stderr("radar blip 1 links to content/secret.md");
    let roadmap = handbook.page("roadmap.html");
    assert!(
        roadmap.contains("Integrate the harbour") && !roadmap.contains("secret.html"),
        "{roadmap}"
    );
    assert!(!handbook.page("radar.html").contains("secret.html"));
    handbook.write("northstar.yaml", "title: T\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("error: roadmap item 1 links to content/secret.md");
}
