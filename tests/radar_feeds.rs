//! `radar.json` (Backstage's tech-radar plugin) and `radar.csv` (Build-Your-Own-Radar), read
//! back as those tools read them: the JSON's fields and types as the plugin's loader
//! requires them, the CSV's header, quoting and values; both hold only the technologies of
//! the build's audience, with their ring history.

mod common;

use common::Handbook;
use serde_json::Value;

/// Four technologies: one that moved in twice (its history has a note needing CSV quotes),
/// one that moved out, a new one without history, and a confidential one.
fn handbook(config: &str) -> Handbook {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", config);
    handbook.write("content/radar/rust.md", "---\ntitle: Rust\nkind: technology\nring: adopt\nquadrant: languages-frameworks\nmoved: up\nupdated: 2026-11-05\nsummary: 'Edge agents, \"performance-critical\" parts'\nhistory:\n  - {ring: assess, date: 2025-05-12}\n  - {ring: trial, date: 2025-11-04, note: 'Two terminals, in production'}\n---\nText.\n");
    handbook.write("content/radar/nomad.md", "---\ntitle: Nomad\nkind: technology\nring: hold\nquadrant: platforms\nmoved: down\ndate: 2026-05-12\nhistory:\n  - {ring: adopt, date: 2024-05-14}\n---\n");
    handbook.write("content/radar/duckdb.md", "---\ntitle: DuckDB\nkind: technology\nring: assess\nquadrant: tools\nmoved: new\ndate: 2026-10-01\n---\n");
    handbook.write("content/radar/secret.md", "---\ntitle: Merger tooling\nkind: technology\nring: trial\nquadrant: techniques\nclassification: confidential\ndate: 2026-10-01\n---\n");
    handbook
}

const ADDRESS: &str = "title: Radar\nbase_url: https://handbook.example.com/docs/\n";

fn radar_json(handbook: &Handbook) -> Value {
    serde_json::from_str(&handbook.page("radar.json")).expect("radar.json is JSON")
}

fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("`{name}` is a string in {value}"))
}

fn entry<'a>(radar: &'a Value, title: &str) -> &'a Value {
    radar["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no entry {title} in {radar:#}"))
}

/// Every field the plugin's loader reads, with its type: quadrants and rings with string
/// ids, names and colours, entries with a string id, key, title, quadrant and url, and a
/// timeline of steps with a numeric `moved` (-1, 0, 1), a known `ringId`, a YYYY-MM-DD
/// `date` and a string `description`.
fn assert_backstage_shape(radar: &Value) {
    let quadrants = radar["quadrants"].as_array().expect("quadrants");
    assert_eq!(quadrants.len(), 4);
    let quadrant_ids: Vec<&str> = quadrants.iter().map(|q| text(q, "id")).collect();
    quadrants
        .iter()
        .for_each(|q| assert!(!text(q, "name").is_empty()));
    let rings = radar["rings"].as_array().expect("rings");
    let ring_ids: Vec<&str> = rings.iter().map(|r| text(r, "id")).collect();
    assert_eq!(
        ring_ids,
        ["adopt", "trial", "assess", "hold"],
        "from the centre out"
    );
    for ring in rings {
        let color = text(ring, "color");
        assert!(
            color.len() == 7
                && color.starts_with('#')
                && color[1..].chars().all(|c| c.is_ascii_hexdigit()),
            "a colour: {color}"
        );
        text(ring, "name");
    }
    let entries = radar["entries"].as_array().expect("entries");
    let mut ids: Vec<&str> = entries.iter().map(|e| text(e, "id")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    for entry in entries {
        assert_eq!(entry["key"], entry["id"]);
        text(entry, "title");
        text(entry, "url");
        text(entry, "description");
        assert!(quadrant_ids.contains(&text(entry, "quadrant")), "{entry}");
        let timeline = entry["timeline"].as_array().expect("timeline");
        assert!(!timeline.is_empty(), "at least one step: {entry}");
        for step in timeline {
            assert!(
                matches!(step["moved"].as_i64(), Some(-1..=1)),
                "moved is -1, 0 or 1: {step}"
            );
            assert!(ring_ids.contains(&text(step, "ringId")), "{step}");
            let date = text(step, "date");
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
                "{date}"
            );
            text(step, "description");
        }
    }
}

#[test]
fn radar_json_has_the_fields_backstage_reads_with_each_ring_history_newest_first() {
    let handbook = handbook(ADDRESS);
    handbook.run(&["build"]).assert_code(0);
    let radar = radar_json(&handbook);
    assert_backstage_shape(&radar);
    let titles: Vec<&str> = radar["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| text(e, "title"))
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(
        !titles.contains(&"Merger tooling"),
        "confidential: left out"
    );

    let rust = entry(&radar, "Rust");
    assert_eq!(rust["quadrant"], "languages-frameworks");
    assert_eq!(
        rust["url"],
        "https://handbook.example.com/docs/radar/rust.html"
    );
    assert_eq!(
        rust["description"],
        "Edge agents, \"performance-critical\" parts"
    );
    let steps: Vec<(i64, &str, &str, &str)> = rust["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let moved = s["moved"].as_i64().unwrap();
            (
                moved,
                text(s, "ringId"),
                text(s, "date"),
                text(s, "description"),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (1, "adopt", "2026-11-05", "Moved in to Adopt"),
            (1, "trial", "2025-11-04", "Two terminals, in production"),
            (0, "assess", "2025-05-12", "Entered Assess"),
        ]
    );
    let nomad = &entry(&radar, "Nomad")["timeline"];
    assert_eq!(
        (nomad[0]["moved"].as_i64(), nomad[0]["ringId"].as_str()),
        (Some(-1), Some("hold"))
    );
    assert_eq!(nomad[0]["date"], "2026-05-12");
    let duckdb = &entry(&radar, "DuckDB")["timeline"];
    assert_eq!(duckdb.as_array().unwrap().len(), 1);
    assert_eq!(duckdb[0]["moved"], 0, "new is no move");

    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let radar = radar_json(&handbook);
    assert_backstage_shape(&radar);
    assert_eq!(entry(&radar, "Merger tooling")["quadrant"], "techniques");
}

#[test]
fn without_an_address_links_are_relative_to_the_file_and_lead_to_the_page() {
    let handbook = handbook("title: Radar\n");
    handbook.run(&["build"]).assert_code(0);
    let radar = radar_json(&handbook);
    let url = text(entry(&radar, "Rust"), "url");
    assert_eq!(url, "radar/rust.html");
    assert!(handbook.public().join(url).is_file());
    let csv = handbook.page("radar.csv");
    assert!(!csv.contains("<a "), "no link into BYOR's own site:\n{csv}");
}

#[test]
fn radar_csv_has_byors_columns_quoted_as_rfc_4180_says() {
    let handbook = handbook(ADDRESS);
    handbook.run(&["build"]).assert_code(0);
    let csv = handbook.page("radar.csv");
    assert!(
        csv.starts_with("name,ring,quadrant,isNew,description\r\n"),
        "{csv}"
    );
    assert!(csv.ends_with("\r\n"));
    // The summary's comma and quotes put the field in quotes, its quotes doubled.
    assert!(
        csv.contains("\"<p>Edge agents, &quot;performance-critical&quot; parts</p>"),
        "{csv}"
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().take(4).collect()).collect();
    assert_eq!(
        cells,
        [
            ["DuckDB", "Assess", "Tools", "TRUE"],
            ["Nomad", "Hold", "Platforms", "FALSE"],
            ["Rust", "Adopt", "Languages & Frameworks", "FALSE"],
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 5));
    assert_eq!(
        &rows[2][4],
        "<p>Edge agents, &quot;performance-critical&quot; parts</p><p><a href=\"https://handbook.example.com/docs/radar/rust.html\">Rust in the handbook</a></p>"
    );

    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let csv = handbook.page("radar.csv");
    assert!(
        csv.contains("\r\nMerger tooling,Trial,Techniques,FALSE,"),
        "{csv}"
    );
}

#[test]
fn a_history_step_no_tool_can_read_is_warned_about_and_left_out() {
    let handbook = handbook(ADDRESS);
    handbook.write("content/radar/kafka.md", "---\ntitle: Kafka\nkind: technology\nring: adopt\nquadrant: platforms\ndate: 2026-01-01\nhistory:\n  - {ring: maybe, date: 2025-01-01}\n  - {ring: trial, date: 2025-02-30}\n  - {ring: trial, date: 2025-06-01}\n---\n");
    let check = handbook.run(&["check"]);
    check.assert_code(0);
    let said = check.said();
    assert!(said.contains("content/radar/kafka.md\n"), "{said}");
    assert!(
        said.contains("7:1  warning  ring history step 1 has ring `maybe`"),
        "{said}"
    );
    assert!(
        said.contains("7:1  warning  ring history step 2 has date `2025-02-30`"),
        "{said}"
    );
    assert_eq!(said.matches("[ring-history]").count(), 2, "{said}");
    handbook.run(&["build"]).assert_code(0);
    let radar = radar_json(&handbook);
    assert_backstage_shape(&radar);
    let steps: Vec<&str> = entry(&radar, "Kafka")["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| text(s, "date"))
        .collect();
    assert_eq!(steps, ["2026-01-01", "2025-06-01"]);
}

#[test]
fn content_cannot_take_the_names_of_the_radar_files() {
    let handbook = handbook(ADDRESS);
    handbook.write("content/radar.csv", "name\n");
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.said()
            .contains("content/radar.csv is where Northstar writes"),
        "{}",
        run.said()
    );
}
