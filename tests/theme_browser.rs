//! The theme's scripts in real headless Chromium: the dark-mode toggle persists across pages
//! (applied before the first paint by the inline script), code blocks get a Copy button that
//! copies, and Mermaid diagrams are drawn from the vendored copy, with no network.

mod common;

use common::webdriver::{self, Listening};
use common::Handbook;
use fantoccini::Locator;
use serde_json::Value;

fn site() -> Handbook {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n```yaml\nkey: value\n```\n\n```mermaid\ngraph TD\n  Start --> Finish\n```\n\nSee [B](b.md).\n",
    );
    handbook.write("content/b.md", "---\ntitle: B\n---\n\nNo diagram here.\n");
    handbook.run(&["build"]).assert_code(0);
    handbook
}

fn serve(handbook: &Handbook) -> Listening {
    webdriver::static_server(&handbook.public())
}

async fn attribute(client: &fantoccini::Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_mode_toggle_persists_and_diagrams_and_copy_buttons_work() {
    if !webdriver::browser_available() {
        return;
    }
    let handbook = site();
    let server = serve(&handbook);
    let driver = webdriver::chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = webdriver::open_browser(&driver, profile.path(), "1200,800").await;
    let base = format!("http://127.0.0.1:{}", server.port);

    client.goto(&format!("{base}/a.html")).await.unwrap();
    webdriver::wait_until(
        &client,
        "the diagram to be drawn",
        "return !!document.querySelector('pre.mermaid[data-processed] svg');",
    )
    .await;
    let text = attribute(
        &client,
        "return document.querySelector('pre.mermaid svg').textContent;",
    )
    .await;
    assert!(
        text.as_str().unwrap_or_default().contains("Finish"),
        "{text}"
    );

    // Light by default (the browser does not prefer dark); the toggle switches and says so.
    assert_eq!(
        attribute(
            &client,
            "return document.documentElement.getAttribute('data-theme');"
        )
        .await,
        Value::Null
    );
    let toggle = client.find(Locator::Css(".theme-toggle")).await.unwrap();
    assert_eq!(
        toggle.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false")
    );
    toggle.click().await.unwrap();
    assert_eq!(
        toggle.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    let background = "return getComputedStyle(document.body).backgroundColor;";
    assert_eq!(attribute(&client, background).await, "rgb(15, 19, 24)");

    // Another page opens dark: the choice was kept.
    client.goto(&format!("{base}/b.html")).await.unwrap();
    assert_eq!(
        attribute(
            &client,
            "return document.documentElement.getAttribute('data-theme');"
        )
        .await,
        "dark"
    );
    assert_eq!(attribute(&client, background).await, "rgb(15, 19, 24)");
    assert_eq!(
        attribute(
            &client,
            "return !!document.querySelector('script[src*=\"mermaid\"]');"
        )
        .await,
        false,
        "a page without diagrams does not load Mermaid"
    );

    // The Copy button copies the code (through the clipboard or a selection).
    client.goto(&format!("{base}/a.html")).await.unwrap();
    let button = client
        .find(Locator::Css(".code-block .code-copy"))
        .await
        .unwrap();
    button.click().await.unwrap();
    webdriver::wait_until(
        &client,
        "the Copy button to confirm",
        "var b = document.querySelector('.code-copy'); return b.textContent === 'Copied' || b.textContent === 'Press Ctrl+C';",
    )
    .await;
    client.close().await.unwrap();
}
