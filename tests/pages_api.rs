//! `api/pages.json`, as a reminder bot reads it: every document of the build's audience with
//! its title, link, kind, status, owner, next review and last update, each field a string
//! or null.

mod common;

use common::Handbook;
use serde_json::Value;

fn handbook(config: &str) -> Handbook {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", config);
    handbook.write(
        "content/policies/_index.md",
        "---\ntitle: Policies\ncascade: {owner: platform}\n---\n",
    );
    handbook.write("content/policies/backup.md", "---\ntitle: 'Backup, \"restore\"'\nkind: policy\nstatus: active\neffective: 2025-01-01\nreview_by: 2026-01-01\nupdated: 2025-06-30\n---\n");
    handbook.write("content/policies/secret.md", "---\ntitle: Merger plan\nkind: policy\nowner: cfo\nclassification: confidential\neffective: 2025-01-01\nreview_by: 2027-02-01\n---\n");
    handbook.write("content/about.md", "---\ntitle: About\n---\nNo review.\n");
    handbook
}

fn pages_json(handbook: &Handbook) -> Value {
    serde_json::from_str(&handbook.page("api/pages.json")).expect("api/pages.json is JSON")
}

const FIELDS: [&str; 10] = [
    "title",
    "url",
    "path",
    "source",
    "kind",
    "status",
    "owner",
    "review_due",
    "review_state",
    "last_updated",
];

/// Every page has every field, each a string or null, and nothing else.
fn assert_fields(file: &Value) {
    for page in file["pages"].as_array().expect("pages") {
        let object = page.as_object().expect("a page is an object");
        let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
        names.sort();
        let mut expected = FIELDS.to_vec();
        expected.sort();
        assert_eq!(names, expected);
        for (name, value) in object {
            assert!(value.is_string() || value.is_null(), "{name}: {value}");
        }
        for name in ["title", "url", "path", "source"] {
            assert!(page[name].is_string(), "{name} is always set: {page}");
        }
    }
}

#[test]
fn pages_json_lists_the_documents_of_the_audience_with_what_a_reminder_bot_needs() {
    let handbook = handbook("title: Platform handbook\nbase_url: https://handbook.example.com/\n");
    handbook.run(&["build"]).assert_code(0);
    let file = pages_json(&handbook);
    assert_fields(&file);
    assert_eq!(file["title"], "Platform handbook");
    assert_eq!(file["audience"], "internal");
    assert_eq!(file["generated"], "2026-11-28");
    let paths: Vec<&str> = file["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["about.html", "policies/backup.html"],
        "no confidential page, no section"
    );
    let backup = &file["pages"][1];
    assert_eq!(backup["title"], "Backup, \"restore\"");
    assert_eq!(
        backup["url"],
        "https://handbook.example.com/policies/backup.html"
    );
    assert_eq!(backup["source"], "content/policies/backup.md");
    assert_eq!(backup["kind"], "policy");
    assert_eq!(backup["status"], "active");
    assert_eq!(backup["owner"], "platform", "the section's cascade counts");
    assert_eq!(backup["review_due"], "2026-01-01");
    assert_eq!(backup["review_state"], "overdue");
    assert_eq!(backup["last_updated"], "2025-06-30");
    let about = &file["pages"][0];
    assert!(about["review_due"].is_null() && about["review_state"].is_null());
    assert!(about["owner"].is_null());

    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let file = pages_json(&handbook);
    assert_fields(&file);
    assert_eq!(file["audience"], "confidential");
    let secret = file["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Merger plan")
        .expect("the confidential page in a confidential build");
    assert_eq!(secret["owner"], "cfo");
    assert_eq!(secret["review_state"], "ok");
}

#[test]
fn without_an_address_each_url_is_relative_to_the_file_and_leads_to_the_page() {
    let handbook = handbook("title: Platform handbook\n");
    handbook.run(&["build"]).assert_code(0);
    let file = pages_json(&handbook);
    assert_fields(&file);
    for page in file["pages"].as_array().unwrap() {
        let url = page["url"].as_str().unwrap();
        assert!(url.starts_with("../"), "{url}");
        let target = handbook.public().join("api").join(url);
        assert!(target.is_file(), "{url} leads to no file");
    }
}

#[test]
fn the_list_is_indented_by_two_spaces_with_fields_in_a_fixed_order() {
    let handbook = handbook("title: \"T \\\"one\\\"\"\n");
    handbook.run(&["build"]).assert_code(0);
    let text = handbook.page("api/pages.json");
    assert!(
        text.starts_with("{\n  \"title\": \"T \\\"one\\\"\",\n  \"audience\": "),
        "{text}"
    );
    assert!(
        text.contains("\n  \"pages\": [\n    {\n      \"title\": \"About\",\n      \"url\": "),
        "{text}"
    );
    assert!(
        text.contains("\n    },\n    {\n      \"title\": "),
        "{text}"
    );
    assert!(text.ends_with("\"\n    }\n  ]\n}\n"), "{text}");
    // Without documents the list is empty, on one line.
    let empty = Handbook::new();
    empty.write("northstar.yaml", "title: T\n");
    empty.write("content/_index.md", "---\ntitle: Home\n---\n");
    empty.run(&["build"]).assert_code(0);
    assert!(
        empty.page("api/pages.json").ends_with("\"pages\": []\n}\n"),
        "{}",
        empty.page("api/pages.json")
    );
}
