//! Search in real headless Chromium, driven over WebDriver (chromedriver + fantoccini), on a
//! built site served under a sub-path: typing shows the expected first result with its
//! highlighted snippet, following it lands on the right heading; `/`, Ctrl-K, the arrow keys,
//! Enter and Esc work; a filter on the results page narrows the results; and opened from disk
//! the box says why it cannot search instead of failing silently.

mod common;

use std::path::{Path, PathBuf};

use common::webdriver::{browser_available, chromedriver, open_browser, static_server, wait_until};
use common::{copy_tree, Handbook};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

async fn run(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.expect(script)
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Presses keys (chars or [`Key`]s) on whatever has the focus.
async fn press(client: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys {
        actions = actions
            .then(KeyAction::Down { value: *key })
            .then(KeyAction::Up { value: *key });
    }
    client.perform_actions(actions).await.unwrap();
}

fn handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write(
            "content/policies/retention.md",
            "---\ntitle: Data retention policy\nkind: policy\nstatus: active\nowner: security-office\n\
             effective: 2026-01-01\nreview_by: 2027-06-01\n---\n\nHow long we keep records.\n\n\
             ## Deletion of backups\n\nBackups older than a year are destroyed with the zanzibarite procedure. \
             The procedure is logged.\n",
        )
        .write(
            "content/standards/backup.md",
            "---\ntitle: Backup standard\nkind: standard\nstatus: approved\nowner: platform-team\n\
             review_by: 2027-06-01\n---\n\nWhat every service backs up.\n\n## Scope\n\nAll databases.\n\n\
             ## Zanzibarite procedure\n\nRun the zanzibarite procedure every quarter and record the outcome.\n",
        )
        .write(
            "content/notes.md",
            "---\ntitle: Notes\n---\n\nNothing about that procedure here.\n",
        );
    handbook
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_in_chromium() {
    if !browser_available() {
        return;
    }
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let served = tempfile::tempdir().unwrap();
    let under: PathBuf = served.path().join("handbook");
    copy_tree(&handbook.public(), &under);
    let server = static_server(served.path());
    let port = server.port;
    let base = format!("http://127.0.0.1:{port}/handbook");
    let driver = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = open_browser(&driver, profile.path(), "1200,800").await;
    type_and_follow(&client, &base).await;
    keyboard(&client, &base).await;
    facets(&client, &base).await;
    from_disk(&client, &handbook.public()).await;
    let _ = client.close().await;
}

/// Typing shows the best result first, with its section and highlighted snippet; a click on
/// it opens the page at that heading.
async fn type_and_follow(client: &Client, base: &str) {
    client.goto(&format!("{base}/notes.html")).await.unwrap();
    wait_until(
        client,
        "the search box",
        "return document.querySelector('.site-search[data-search=ready]') !== null",
    )
    .await;
    let input = client
        .find(Locator::Css("#site-search-input"))
        .await
        .unwrap();
    // One character shows no results: checked by going back to it from a query with
    // results, so the popup has to close (a fixed wait would pass before the script ran).
    input.send_keys("zanzib").await.unwrap();
    wait_until(
        client,
        "results for the whole word",
        "return !document.querySelector('.search-popup').hidden",
    )
    .await;
    const BACKSPACE: &str = "\u{E003}";
    input.send_keys(&BACKSPACE.repeat(5)).await.unwrap();
    wait_until(
        client,
        "no results after one character",
        "return document.querySelector('.search-popup').hidden \
         && document.querySelector('#site-search-input').value === 'z'",
    )
    .await;
    input.send_keys("anzib").await.unwrap();
    wait_until(
        client,
        "two results",
        "return document.querySelectorAll('.search-results [role=option]').length === 2",
    )
    .await;
    let first = text_of(client, ".search-results [role=option] .search-result-title").await;
    assert_eq!(first, "Backup standard › Zanzibarite procedure");
    let badges = text_of(client, ".search-results [role=option] .search-result-meta").await;
    assert!(
        badges.contains("Standard") && badges.contains("Approved"),
        "{badges}"
    );
    let snippet = text_of(
        client,
        ".search-results [role=option] .search-result-snippet",
    )
    .await;
    assert!(
        snippet.contains("Run the zanzibarite procedure every quarter"),
        "{snippet}"
    );
    let marked = text_of(
        client,
        ".search-results [role=option] .search-result-snippet mark",
    )
    .await;
    assert_eq!(marked, "zanzibarite");
    client
        .find(Locator::Css(".search-results [role=option] a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "the backup standard",
        "return location.pathname.endsWith('/handbook/standards/backup.html')",
    )
    .await;
    assert_eq!(
        run(client, "return location.hash").await,
        "#zanzibarite-procedure"
    );
    let heading = run(
        client,
        "return document.getElementById('zanzibarite-procedure').textContent",
    )
    .await;
    assert!(heading.as_str().unwrap().contains("Zanzibarite procedure"));
}

/// `/` and Ctrl-K focus the box; arrows move through the results, Enter opens one, Esc closes.
async fn keyboard(client: &Client, base: &str) {
    client.goto(&format!("{base}/index.html")).await.unwrap();
    wait_until(
        client,
        "the search box",
        "return document.querySelector('.site-search[data-search=ready]') !== null",
    )
    .await;
    press(client, &['/']).await;
    assert_eq!(
        run(client, "return document.activeElement.id").await,
        "site-search-input"
    );
    assert_eq!(
        run(client, "return document.activeElement.value").await,
        "",
        "`/` is not typed"
    );
    run(client, "document.activeElement.blur(); return true").await;
    let mut ctrl_k = KeyActions::new("keyboard".into());
    for action in [
        KeyAction::Down {
            value: Key::Control.into(),
        },
        KeyAction::Down { value: 'k' },
        KeyAction::Up { value: 'k' },
        KeyAction::Up {
            value: Key::Control.into(),
        },
    ] {
        ctrl_k = ctrl_k.then(action);
    }
    client.perform_actions(ctrl_k).await.unwrap();
    assert_eq!(
        run(client, "return document.activeElement.id").await,
        "site-search-input"
    );
    let input = client
        .find(Locator::Css("#site-search-input"))
        .await
        .unwrap();
    input.send_keys("zanzibarite").await.unwrap();
    wait_until(
        client,
        "two results",
        "return document.querySelectorAll('.search-results [role=option]').length === 2",
    )
    .await;
    press(client, &[Key::Down.into(), Key::Down.into()]).await;
    let active = run(client, "return document.querySelector('.search-results .is-active .search-result-title').textContent").await;
    assert_eq!(active, "Data retention policy › Deletion of backups");
    assert_eq!(
        run(client, "return document.getElementById('site-search-input').getAttribute('aria-activedescendant')").await,
        "site-search-option-1"
    );
    press(client, &[Key::Escape.into()]).await;
    assert_eq!(
        run(
            client,
            "return document.querySelector('.search-popup').hidden"
        )
        .await,
        true
    );
    press(
        client,
        &[Key::Down.into(), Key::Down.into(), Key::Enter.into()],
    )
    .await;
    wait_until(
        client,
        "the retention policy",
        "return location.pathname.endsWith('/handbook/policies/retention.html')",
    )
    .await;
    assert_eq!(
        run(client, "return location.hash").await,
        "#deletion-of-backups"
    );
}

/// The results page lists every match; a filter narrows them.
async fn facets(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/search/index.html?q=procedure"))
        .await
        .unwrap();
    wait_until(
        client,
        "the results page",
        "return document.querySelector('[data-search-page][data-search=done]') !== null",
    )
    .await;
    let titles = run(client, "return Array.from(document.querySelectorAll('.search-page-results .search-result-title')).map(e => e.textContent)").await;
    assert_eq!(
        titles,
        json!([
            "Backup standard › Zanzibarite procedure",
            "Data retention policy › Deletion of backups",
            "Notes"
        ])
    );
    let status = text_of(client, ".search-page-status").await;
    assert_eq!(status, "3 results for “procedure”.");
    client
        .find(Locator::Css("[data-facet=kind] input[value=Policy]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "one result",
        "return document.querySelectorAll('.search-page-results li').length === 1",
    )
    .await;
    let title = text_of(client, ".search-page-results .search-result-title").await;
    assert_eq!(title, "Data retention policy › Deletion of backups");
    assert!(run(client, "return location.search")
        .await
        .as_str()
        .unwrap()
        .contains("kind=Policy"));
    let owners = text_of(client, "[data-facet=owner]").await;
    assert!(owners.contains("security-office"), "{owners}");
}

/// From disk the browser cannot read the index: the box says so.
async fn from_disk(client: &Client, public: &Path) {
    client
        .goto(&format!("file://{}", public.join("notes.html").display()))
        .await
        .unwrap();
    wait_until(
        client,
        "the search box",
        "return document.querySelector('.site-search[data-search=ready]') !== null",
    )
    .await;
    let input = client
        .find(Locator::Css("#site-search-input"))
        .await
        .unwrap();
    input.send_keys("zanzibarite").await.unwrap();
    let message = text_of(client, ".search-message").await;
    assert!(
        message.starts_with("Search needs the handbook to be served by a web server"),
        "{message}"
    );
    assert_eq!(
        run(
            client,
            "return document.querySelectorAll('.search-results li').length"
        )
        .await,
        0
    );
}
