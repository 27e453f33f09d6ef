//! Strategy views on fixture handbooks: backlinks, the traceability matrix and its warnings,
//! roadmap timelines, the radar, the decision log and the risk register — as a reader sees them.

mod common;

use common::strategy::{initiative, technology, traced};
use common::{broken_links, Handbook};
use regex::Regex;

#[test]
fn document_pages_show_who_supports_them_and_who_links_to_them() {
    let handbook = traced();
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("strategy/cloud.html");
    let supported = page.split("Supported by").nth(1).expect("Supported by");
    assert!(
        supported.contains(r#"<a href="../work/eks.html">Move to EKS</a>"#),
        "{page}"
    );
    assert!(supported.contains("cut-cost"));
    let linked = page.split("Linked from").nth(1).expect("Linked from");
    assert!(linked.contains(r#"<a href="../policy.html">Cost policy</a>"#));
    let eks = handbook.page("work/eks.html");
    assert!(eks.contains("Supports") && eks.contains(r#"href="../strategy/cloud.html#cut-cost""#));
    assert!(broken_links(&handbook.public()).is_empty());
}

#[test]
fn the_traceability_page_has_the_matrix_and_the_gaps_and_check_warns_about_them() {
    let handbook = traced();
    let run = handbook.run(&["check"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("no document supports objective `go-global` [unsupported-objective]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("content/work/idle.md"));
    assert!(run.stdout.contains(
        "this initiative supports no objective or document [initiative-supports-nothing]"
    ));
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("traceability.html");
    let rows: Vec<&str> = page.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 1, "one supporting document, one row");
    assert!(rows[0].contains("Move to EKS"));
    assert_eq!(
        rows[0].matches("trace-dot").count(),
        1,
        "it supports one of two objectives"
    );
    let gaps = page.split(r#"id="gaps-title""#).nth(1).unwrap();
    let unsupported = gaps.split("idle-initiatives").next().unwrap();
    assert!(
        unsupported.contains(r#"href="strategy/cloud.html#go-global""#),
        "{gaps}"
    );
    assert!(!unsupported.contains("#cut-cost"));
    assert!(gaps
        .split("idle-initiatives")
        .nth(1)
        .unwrap()
        .contains(r#"href="work/idle.html""#));
    assert!(broken_links(&handbook.public()).is_empty());
}

#[test]
fn a_roadmap_shows_the_chosen_items_in_their_lanes_and_quarters() {
    let handbook = Handbook::new();
    handbook
        .write("content/work/eks.md", &initiative("Move to EKS", "platform", ("2027-Q2", "2027-Q3"), ""))
        .write("content/work/lake.md", &initiative("Data lake", "data", ("2027-Q1", "2027-Q4"), ""))
        .write(
            "content/work/pg.md",
            &initiative("Postgres 17", "platform", ("2027-Q1", "2027-Q1"), "depends_on: [work/eks.md]\n"),
        )
        .write(
            "content/plan.md",
            "---\ntitle: Plan 2027\nkind: roadmap\nowner: cto\ninclude: {lanes: [platform]}\nitems:\n  - {title: Hire SREs, start: 2027-Q3, end: 2027-Q4, lane: people, status: planned}\n---\nThe plan.\n",
        );
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    let page = handbook.page("plan.html");
    let svg = page
        .split("<svg")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    let columns: Vec<String> =
        Regex::new(r#"roadmap-column-label" x="[^"]+" y="21" text-anchor="middle">([^<]+)<"#)
            .unwrap()
            .captures_iter(svg)
            .map(|c| c[1].to_string())
            .collect();
    assert_eq!(columns, ["Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]);
    let lanes: Vec<String> = Regex::new(r#"roadmap-lane-label" x="8" y="[^"]+">([^<]+)<"#)
        .unwrap()
        .captures_iter(svg)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(
        lanes,
        ["people", "platform"],
        "lanes by name; the data lane is not chosen"
    );
    let roadmap = page.split("<section class=\"roadmap\"").nth(1).unwrap();
    let roadmap = roadmap.split("</table>").next().unwrap();
    assert!(!roadmap.contains("Data lake"), "{roadmap}");
    // Each bar starts at its quarter's column: x of the label column + 200 px per quarter
    // (four quarters share the chart's 800 px).
    let bar = |title: &str| {
        let item = svg.split(&format!("<title>{title} — ")).nth(1).unwrap();
        let x = Regex::new(r#"class="roadmap-bar" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)""#)
            .unwrap()
            .captures(item)
            .unwrap();
        (x[1].parse::<f64>().unwrap(), x[2].parse::<f64>().unwrap())
    };
    assert_eq!(bar("Postgres 17"), (210.0, 200.0));
    assert_eq!(bar("Move to EKS"), (410.0, 400.0));
    assert_eq!(bar("Hire SREs"), (610.0, 400.0));
    assert!(
        svg.contains(r#"href="work/eks.html""#),
        "bars link to their pages"
    );
    assert!(svg.contains("<title>Postgres 17 depends on Move to EKS</title>"));
    assert!(
        page.contains("<caption>Roadmap items by lane</caption>"),
        "the same data as a table"
    );
    assert!(broken_links(&handbook.public()).is_empty());
}

#[test]
fn a_roadmap_item_without_dates_is_an_error() {
    let handbook = Handbook::new();
    handbook.write(
        "content/plan.md",
        "---\ntitle: Plan\nkind: roadmap\nowner: cto\nitems:\n  - {title: Hire SREs, lane: people}\n---\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/plan.md:5:1: error: roadmap item 1 has no `start`");
}

#[test]
fn radar_blips_never_overlap_and_the_legend_lists_them() {
    let handbook = Handbook::new();
    for n in 0..14 {
        handbook.write(
            &format!("content/radar/t{n:02}.md"),
            &technology(&format!("Tool {n:02}"), "adopt", "tools"),
        );
    }
    handbook.write(
        "content/radar/rust.md",
        &technology("Rust", "hold", "languages-frameworks").replace(
            "quadrant: languages-frameworks\n",
            "quadrant: languages-frameworks\nhistory:\n  - {ring: trial, date: 2025-05-12, note: First agents}\n",
        ),
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("tech-radar.html");
    let circles: Vec<(f64, f64, f64)> =
        Regex::new(r#"<circle cx="([0-9.]+)" cy="([0-9.]+)" r="([0-9.]+)"/>"#)
            .unwrap()
            .captures_iter(&page)
            .map(|c| {
                (
                    c[1].parse().unwrap(),
                    c[2].parse().unwrap(),
                    c[3].parse().unwrap(),
                )
            })
            .collect();
    assert_eq!(circles.len(), 15);
    for (i, a) in circles.iter().enumerate() {
        for b in &circles[i + 1..] {
            let distance = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(distance >= a.2 + b.2, "blips overlap: {a:?} {b:?}");
        }
    }
    // Tools sit top right, inside the adopt ring (radius 130 around 340, 340).
    for (x, y, _) in &circles[..14] {
        assert!(
            *x > 340.0 && *y < 340.0 && ((x - 340.0).powi(2) + (y - 340.0).powi(2)).sqrt() < 130.0
        );
    }
    assert!(
        page.contains(r#"<li value="15"><a href="radar/rust.html">Rust</a>"#),
        "{page}"
    );
    assert!(page.contains(r#"<li value="1"><a href="radar/t00.html">Tool 00</a>"#));
    let rust = handbook.page("radar/rust.html");
    let history = rust.split("Ring history").nth(1).expect("ring history");
    assert!(
        history.find("2025-05-12").unwrap() < history.find(">Hold<").unwrap(),
        "oldest first, now last"
    );
    assert!(history.contains("First agents"));
    handbook.run(&["build"]).assert_code(0);
    assert_eq!(
        handbook.page("tech-radar.html"),
        page,
        "same input, same picture"
    );
}

#[test]
fn the_decision_log_reads_chains_in_order() {
    let handbook = Handbook::new();
    let decision = |id: &str, status: &str, date: &str, extra: &str| {
        format!("---\ntitle: {id} title\nid: {id}\nkind: decision\nstatus: {status}\ndecided: {date}\n{extra}---\n")
    };
    handbook
        .write(
            "content/adr/1.md",
            &decision("ADR-1", "superseded", "2025-01-01", ""),
        )
        .write(
            "content/adr/2.md",
            &decision(
                "ADR-2",
                "superseded",
                "2025-06-01",
                "supersedes: [adr/1.md]\n",
            ),
        )
        .write(
            "content/adr/3.md",
            &decision(
                "ADR-3",
                "accepted",
                "2026-01-01",
                "supersedes: [adr/2.md]\n",
            ),
        );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("decision-log.html");
    let order: Vec<&str> = Regex::new(r#"<th scope="row"><a href="adr/(\d).html">"#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(order, ["3", "2", "1"], "newest first");
    let chain = page
        .split("decision-chain")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    let steps: Vec<&str> = Regex::new(r">(ADR-\d)<")
        .unwrap()
        .captures_iter(chain)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(steps, ["ADR-1", "ADR-2", "ADR-3"]);
    let old = handbook.page("adr/1.html");
    assert!(
        old.contains("Replaced by <a href=\"../adr/2.html\">ADR-2 title</a>"),
        "banner"
    );
    assert!(old.contains("Superseded by"));
}

#[test]
fn the_risk_register_maps_risks_and_flags_those_nothing_mitigates() {
    let handbook = Handbook::new();
    let risk = |title: &str, l: u8, i: u8, extra: &str| {
        format!("---\ntitle: {title}\nkind: risk\nowner: sre\nlikelihood: {l}\nimpact: {i}\n{extra}---\n")
    };
    handbook
        .write("content/dr.md", "---\ntitle: DR plan\n---\n")
        .write(
            "content/risks/region.md",
            &risk("Region outage", 2, 5, "mitigated_by: [dr.md]\n"),
        )
        .write("content/risks/keys.md", &risk("Key people", 4, 4, ""))
        .write(
            "content/risks/old.md",
            &risk("Old risk", 4, 4, "status: closed\n"),
        );
    let run = handbook.run(&["build"]);
    run.assert_code(0).assert_stderr(
        "content/risks/keys.md:1:1: warning: this risk is open and nothing mitigates it",
    );
    assert!(
        !run.stderr.contains("old.md"),
        "closed risks need no mitigation"
    );
    let page = handbook.page("risk-register.html");
    let titles: Vec<&str> = Regex::new(r#"<th scope="row"><a href="risks/\w+.html">([^<]+)</a>"#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(
        titles,
        ["Key people", "Old risk", "Region outage"],
        "by score"
    );
    let flagged = page.split(r#"class="is-unmitigated""#).count() - 1;
    assert_eq!(flagged, 1);
    // The 4 × 4 cell counts the live risk only, and links to its row.
    let cells: Vec<&str> = page.split(r#"<td class="heat-cell"#).skip(1).collect();
    let cell = cells[5 + 3]; // impact 4 row (second), likelihood 4 (fourth)
    assert!(
        cell.contains(r#"<span class="heat-count">1</span>"#),
        "{cell}"
    );
    let anchor = Regex::new(r##"href="#(risk-\d+)""##)
        .unwrap()
        .captures(cell)
        .unwrap()[1]
        .to_string();
    assert!(page.contains(&format!(r#"<tr id="{anchor}" class="is-unmitigated">"#)));
    assert!(broken_links(&handbook.public()).is_empty());
}

#[test]
fn drafts_stay_out_of_every_view_unless_built() {
    let handbook = traced();
    handbook.write(
        "content/work/secret.md",
        &initiative(
            "Secret plan",
            "platform",
            ("2027-Q1", "2027-Q2"),
            "draft: true\nsupports: [strategy/cloud.md#go-global]\n",
        ),
    );
    handbook.run(&["build"]).assert_code(0);
    for page in [
        "traceability.html",
        "roadmap-timeline.html",
        "strategy/cloud.html",
    ] {
        assert!(!handbook.page(page).contains("Secret plan"), "{page}");
    }
    handbook.run(&["build", "--drafts"]).assert_code(0);
    assert!(handbook
        .page("roadmap-timeline.html")
        .contains("Secret plan"));
    assert!(handbook.page("strategy/cloud.html").contains("Secret plan"));
}

#[test]
fn content_cannot_take_the_name_of_a_view() {
    let handbook = Handbook::new();
    handbook.write("content/traceability.md", "---\ntitle: Mine\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/traceability.html is where Northstar writes its generated pages");
}

#[test]
fn a_radar_document_draws_its_own_blips() {
    let handbook = Handbook::new();
    handbook
        .write("content/rust.md", &technology("Rust", "adopt", "languages-frameworks"))
        .write(
            "content/radar.md",
            "---\ntitle: Team radar\nkind: radar\nblips:\n  - {title: Zig, ring: assess, quadrant: languages-frameworks}\n  - {title: Our Rust, ring: adopt, quadrant: languages-frameworks, link: rust.md, moved: up}\n---\n",
        );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("radar.html");
    assert_eq!(page.matches("<circle cx=").count(), 2, "its blips only");
    assert!(page.contains(r#"<li value="1"><a href="rust.html">Our Rust</a>"#));
    assert!(page.contains(r#"<li value="2"><a href="radar.html">Zig</a>"#));
    assert!(handbook.page("tech-radar.html").contains(">Rust</a>"));
    handbook.write(
        "content/radar.md",
        "---\ntitle: Team radar\nkind: radar\nblips:\n  - {title: Zig, ring: asses, quadrant: languages-frameworks}\n---\n",
    );
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "content/radar.md:4:1: error: radar blip 1 has ring `asses`, which is not adopt, trial, assess or hold",
    );
}

#[test]
fn a_short_roadmap_is_drawn_in_months() {
    let handbook = Handbook::new();
    handbook.write(
        "content/plan.md",
        "---\ntitle: Sprint plan\nkind: roadmap\nowner: cto\nitems:\n  - {title: Spike, start: 2027-01-10, end: 2027-02-20, lane: platform}\n  - {title: Pilot, start: 2027-03-01, end: 2027-04-30, lane: platform}\n---\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("plan.html");
    let columns: Vec<String> =
        Regex::new(r#"roadmap-column-label" x="[^"]+" y="21" text-anchor="middle">([^<]+)<"#)
            .unwrap()
            .captures_iter(&page)
            .map(|c| c[1].to_string())
            .collect();
    assert_eq!(columns, ["Jan 2027", "Feb 2027", "Mar 2027", "Apr 2027"]);
    assert!(
        page.contains(r#"class="roadmap-bar" x="610.0" "#),
        "Pilot starts with March"
    );
}

#[test]
fn radar_moves_can_be_written_in_or_out() {
    let handbook = Handbook::new();
    handbook.write("content/radar/rust.md", "---\ntitle: Rust\nkind: technology\nring: adopt\nquadrant: languages-frameworks\nmoved: in\n---\n");
    handbook.write("content/radar/perl.md", "---\ntitle: Perl\nkind: technology\nring: hold\nquadrant: languages-frameworks\nmoved: out\n---\n");
    handbook.run(&["build"]).assert_code(0);
    let radar = handbook.page("tech-radar.html");
    assert!(
        radar.contains(r#"title="moved in">▲"#) && radar.contains(r#"title="moved out">▼"#),
        "{radar}"
    );
}
