//! Live reload in real headless Chromium, driven over WebDriver (chromedriver + fantoccini):
//! an edit shows up without a manual reload (keeping the scroll position), a broken front
//! matter shows the error overlay over the last good page, the fix removes it, and a
//! CSS-only change restyles the page without reloading it, and after a restart of the server
//! the tab reconnects and reloads. Live reload works whether the page was opened as
//! 127.0.0.1 or as localhost, while another site gets nothing: not the pages under a name of
//! its own pointed at 127.0.0.1 (DNS rebinding), not the websocket from its own pages. A page
//! shown ahead of a rebuild is not reloaded again when that rebuild's message comes.

mod common;

use std::net::TcpListener;
use std::path::Path;

use common::serve::Serve;
use common::webdriver::{
    before_every_page, browser_available, chromedriver, open_browser, open_browser_with,
    static_server, wait_until,
};
use common::Handbook;
use fantoccini::Client;
use serde_json::json;

const PAGE: &str = "content/policies/security/access-control.md";

/// Runs before each page's own scripts and records in `window.__liveReload` how far the page's
/// live-reload socket got. live.js keeps its socket to itself, so this watches the WebSocket
/// constructor. The server subscribes a tab to changes before it greets it, so once the first
/// message has arrived ("greeted") the reload of an edit made now reaches the page; an edit
/// made before that would be missed, and the test would wait in vain for the new text.
const WATCH_LIVE_RELOAD: &str = r#"(function () {
  sessionStorage.setItem("__loads", String(Number(sessionStorage.getItem("__loads") || 0) + 1));
  var Native = window.WebSocket;
  function Watched(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).indexOf("/__northstar/ws") >= 0) {
      window.__liveReload = "connecting";
      socket.addEventListener("message", function () { window.__liveReload = "greeted"; });
      socket.addEventListener("close", function () { window.__liveReload = "closed"; });
    }
    return socket;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Watched[k] = Native[k]; });
  window.WebSocket = Watched;
})();"#;

/// How many pages the tab has loaded (counted by [`WATCH_LIVE_RELOAD`]).
async fn page_loads(client: &Client) -> u64 {
    let loads = client
        .execute("return Number(sessionStorage.getItem('__loads'))", vec![])
        .await
        .unwrap();
    loads.as_u64().expect("a count")
}

/// Waits until the current page's live-reload socket has been greeted by the server.
async fn live_reload_connected(client: &Client) {
    wait_until(
        client,
        "the page's live-reload connection",
        "return window.__liveReload === 'greeted'",
    )
    .await;
}

fn document(body: &str) -> String {
    let filler: String = (1..=60)
        .map(|i| format!("Paragraph {i} of filler text.\n\n"))
        .collect();
    format!("---\ntitle: Access control policy\nstatus: active\nowner: ciso\neffective: 2026-03-01\nreview_every: 1 year\nlast_reviewed: 2026-03-01\n---\n\n## Who may grant access\n\n{body}\n\n{filler}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_overlay_and_restyle_in_chromium() {
    if !browser_available() {
        return;
    }
    let handbook = Handbook::fixture("basic");
    handbook.write(PAGE, &document("First version."));
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let mut serve = Serve::start(handbook.root(), &["--port", &port]);
    let driver = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = open_browser(&driver, profile.path(), "1000,700").await;
    before_every_page(&client, &driver, WATCH_LIVE_RELOAD).await;
    scenario(&client, &handbook, &mut serve, &port).await;
    let _ = client.close().await;
}

async fn scenario(client: &Client, handbook: &Handbook, serve: &mut Serve, port: &str) {
    client
        .goto(&format!(
            "{}/policies/security/access-control.html",
            serve.base
        ))
        .await
        .unwrap();
    wait_until(
        client,
        "the page",
        "return document.body.innerText.includes('First version.')",
    )
    .await;
    // The live-reload client connects, then the reader scrolls down.
    live_reload_connected(client).await;
    client
        .execute(
            "window.scrollTo({top: 400, behavior: 'instant'}); return true;",
            vec![],
        )
        .await
        .unwrap();
    wait_until(
        client,
        "the reader's scroll",
        "return Math.abs(window.scrollY - 400) < 5",
    )
    .await;

    // An edit: the new text appears without a manual reload, at the same scroll position.
    handbook.save(PAGE, &document("Second version, saved in the editor."));
    wait_until(
        client,
        "the edited text",
        "return document.body.innerText.includes('Second version, saved in the editor.')",
    )
    .await;
    wait_until(
        client,
        "the scroll position kept",
        "return Math.abs(window.scrollY - 400) < 5",
    )
    .await;

    // A mistake: the overlay shows the error, the last good text stays. The reloaded page
    // connects again first.
    live_reload_connected(client).await;
    client
        .execute("window.__beforeError = true; return true;", vec![])
        .await
        .unwrap();
    handbook.save(
        PAGE,
        &document("Third version.").replace("owner: ciso", "owner: [ciso"),
    );
    wait_until(
        client,
        "the error overlay",
        "const o = document.getElementById('northstar-overlay'); \
         return !!o && o.innerText.includes('content/policies/security/access-control.md:5:10') \
             && o.innerText.includes('invalid YAML')",
    )
    .await;
    let state = client
        .execute(
            "return [document.body.innerText.includes('Second version, saved in the editor.'), window.__beforeError === true]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        state,
        json!([true, true]),
        "the last good page stays, not reloaded"
    );

    // The fix: the overlay goes away by itself and the fixed text shows.
    handbook.save(PAGE, &document("Fourth version, fixed."));
    wait_until(
        client,
        "the overlay gone and the fix shown",
        "return !document.getElementById('northstar-overlay') \
             && document.body.innerText.includes('Fourth version, fixed.')",
    )
    .await;

    // A CSS-only change restyles the page in place (once the reloaded page has connected).
    live_reload_connected(client).await;
    client
        .execute("window.__beforeCss = true; return true;", vec![])
        .await
        .unwrap();
    let theme_css =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/northstar/style.css");
    let css = std::fs::read_to_string(theme_css).unwrap() + "\n:root { --northstar-test: 42px; }\n";
    handbook.save("static/northstar/style.css", &css);
    wait_until(
        client,
        "the new style",
        "return getComputedStyle(document.documentElement).getPropertyValue('--northstar-test').trim() === '42px'",
    )
    .await;
    let kept = client
        .execute("return window.__beforeCss === true", vec![])
        .await
        .unwrap();
    assert_eq!(
        kept,
        json!(true),
        "a CSS-only change must not reload the page"
    );

    // A title edit: the page is shown ahead of the pages that list it (when the rest takes
    // longer than the tab's reload), and its tab reloads once, not again when the rest of
    // the rebuild is published.
    live_reload_connected(client).await;
    let loads = page_loads(client).await;
    serve.stdout.try_iter().for_each(drop);
    let retitled = document("Fourth version, fixed.")
        .replace("title: Access control policy", "title: Who gets access");
    handbook.save(PAGE, &retitled);
    wait_until(
        client,
        "the new title",
        "return document.title.includes('Who gets access')",
    )
    .await;
    serve.wait_for_line("Built ");
    live_reload_connected(client).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        page_loads(client).await,
        loads + 1,
        "one reload for one edit"
    );

    // A restart of the server: the tab reconnects and reloads.
    serve.interrupt();
    handbook.write(
        PAGE,
        &document("Fifth version, written while the server was down."),
    );
    *serve = Serve::start(handbook.root(), &["--port", port]);
    wait_until(
        client,
        "the page reloaded from the restarted server",
        "return window.__beforeCss === undefined \
             && document.body.innerText.includes('Fifth version, written while the server was down.')",
    )
    .await;
}

/// A name of another site, which the browser resolves to 127.0.0.1 as a rebinding attacker's
/// DNS server would.
const REBOUND: &str = "rebound.example";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_by_either_name_and_nothing_for_other_sites_in_chromium() {
    if !browser_available() {
        return;
    }
    let handbook = Handbook::fixture("basic");
    handbook.write(PAGE, &document("First version."));
    let serve = Serve::start(handbook.root(), &[]);
    let port = serve.port;
    // Another site, on another port of this machine.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("index.html"),
        "<!doctype html><title>Another site</title><p>Another site.</p>",
    )
    .unwrap();
    let other_site = static_server(other.path());
    let driver = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let rules = format!("--host-resolver-rules=MAP {REBOUND} 127.0.0.1");
    let client = open_browser_with(&driver, profile.path(), "1000,700", &[&rules]).await;
    before_every_page(&client, &driver, WATCH_LIVE_RELOAD).await;

    for host in ["localhost", "127.0.0.1"] {
        client
            .goto(&format!(
                "http://{host}:{port}/policies/security/access-control.html"
            ))
            .await
            .unwrap();
        live_reload_connected(&client).await;
        let text = format!("Edited while open as {host}.");
        handbook.save(PAGE, &document(&text));
        wait_until(
            &client,
            &format!("the edit shown at {host}"),
            &format!("return document.body.innerText.includes('{text}')"),
        )
        .await;
    }

    // A rebinding attacker's page: its own name, this server's address.
    client
        .goto(&format!(
            "http://{REBOUND}:{port}/policies/security/access-control.html"
        ))
        .await
        .unwrap();
    wait_until(
        &client,
        "the refusal",
        "return document.body.innerText.includes('answers only to localhost')",
    )
    .await;
    // Its script reads the page as its own origin, and tries the socket.
    client
        .execute(
            &format!(
                "fetch('/policies/security/access-control.html').then(r => r.text()) \
                   .then(t => {{ window.__read = t; }}, () => {{ window.__read = ''; }}); \
                 {PROBE} probe('ws://{REBOUND}:{port}/__northstar/ws'); return true;"
            ),
            vec![],
        )
        .await
        .unwrap();
    wait_until(
        &client,
        "the rebound page's read and socket",
        "return typeof window.__read === 'string' && window.__probe === 'refused'",
    )
    .await;
    let read = client
        .execute("return window.__read", vec![])
        .await
        .unwrap();
    let read = read.as_str().unwrap_or_default();
    assert!(
        !read.contains("Who may grant access") && !read.contains("Edited while open"),
        "{read}"
    );

    // Another site's page tries the live-reload socket of the preview by its own address.
    client
        .goto(&format!("http://127.0.0.1:{}/", other_site.port))
        .await
        .unwrap();
    wait_until(
        &client,
        "the other site",
        "return document.body.innerText.includes('Another site.')",
    )
    .await;
    client
        .execute(
            &format!("{PROBE} probe('ws://127.0.0.1:{port}/__northstar/ws'); return true;"),
            vec![],
        )
        .await
        .unwrap();
    wait_until(
        &client,
        "the other site's socket refused",
        "return window.__probe === 'refused'",
    )
    .await;
}

/// Defines `probe(url)`: opens a websocket and records in `window.__probe` whether it opened
/// (or got a message) or was refused (closed without opening).
const PROBE: &str = "function probe(url) { \
    window.__probe = 'connecting'; \
    var socket = new WebSocket(url); \
    socket.onopen = function () { window.__probe = 'opened'; }; \
    socket.onmessage = function () { window.__probe = 'opened'; }; \
    socket.onclose = function () { if (window.__probe === 'connecting') window.__probe = 'refused'; }; \
  }";

/// A page for the live-reload client alone: its socket is a stand-in that the test feeds
/// (`window.__send`), and the page counts its loads.
const AHEAD_PAGE: &str = r#"<!doctype html><title>Shown ahead</title>
<script>
sessionStorage.setItem("loads", String(Number(sessionStorage.getItem("loads") || 0) + 1));
window.WebSocket = function () { window.__socket = this; };
window.__send = function (message) { window.__socket.onmessage({data: JSON.stringify(message)}); };
</script>
<p>Shown ahead.</p>
<script src="live.js" data-page="a.html" data-missing="false" data-ahead="7"></script>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_shown_ahead_ignores_the_message_of_the_rebuild_it_led_in_chromium() {
    if !browser_available() {
        return;
    }
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("a.html"), AHEAD_PAGE).unwrap();
    let client_js = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands/serve/live.js");
    std::fs::copy(client_js, site.path().join("live.js")).unwrap();
    let server = static_server(site.path());
    let driver = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = open_browser(&driver, profile.path(), "800,600").await;
    client
        .goto(&format!("http://127.0.0.1:{}/a.html", server.port))
        .await
        .unwrap();
    wait_until(
        &client,
        "the live-reload client",
        "return !!window.__socket",
    )
    .await;
    let loads = || async {
        let count = client
            .execute("return Number(sessionStorage.getItem('loads'))", vec![])
            .await
            .unwrap();
        count.as_u64().unwrap()
    };
    let send = |message: serde_json::Value| {
        let client = &client;
        async move {
            client
                .execute("window.__send(arguments[0]); return true;", vec![message])
                .await
                .unwrap();
        }
    };
    send(json!({"type": "hello", "server": "one"})).await;
    // The rebuild this page was shown ahead of: the page and a search file changed with it.
    send(json!({"type": "reload", "changed": ["b.html", "search/t/x.json"], "after": 7})).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        loads().await,
        1,
        "the rebuild the page led does not reload it"
    );
    // Another rebuild that changed a file every page may use: the page reloads.
    send(json!({"type": "reload", "changed": ["search/t/x.json"], "after": 8})).await;
    wait_until(
        &client,
        "the reload",
        "return Number(sessionStorage.getItem('loads')) === 2",
    )
    .await;
    let _ = client.close().await;
}
