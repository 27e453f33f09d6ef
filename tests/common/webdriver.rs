//! Real headless Chromium over WebDriver (Debian's chromium + chromedriver, fantoccini), shared
//! by the browser tests: availability, child processes on loopback ports, sessions, waiting.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the browser is here; outside CI a missing one skips the test, in CI it fails.
pub fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "{CHROMIUM} or {CHROMEDRIVER} is missing: .ci/run must install chromium and chromium-driver"
        );
        eprintln!("skipping: install chromium and chromium-driver to run the browser tests");
    }
    present
}

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process listening on a loopback port, stopped on drop.
pub struct Listening {
    child: Child,
    pub port: u16,
}

impl Listening {
    /// Starts `command` and waits (at most [`WAIT`], as a loaded machine running many tests at
    /// once can be slow to start a browser driver) until `port` accepts connections; fails at
    /// once if the process exits first.
    pub fn start(command: &mut Command, port: u16, what: &str) -> Listening {
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {what}: {e}"));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("{what} exited before listening on port {port}: {status}");
            }
            assert!(
                started.elapsed() < WAIT,
                "{what} did not start within {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Listening { child, port }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Python's static file server on `dir`, on a free port.
pub fn static_server(dir: &Path) -> Listening {
    let port = free_port();
    Listening::start(
        Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .arg("--directory")
            .arg(dir),
        port,
        "python3 -m http.server",
    )
}

/// chromedriver on a free port.
pub fn chromedriver() -> Listening {
    let port = free_port();
    Listening::start(
        Command::new(CHROMEDRIVER).arg(format!("--port={port}")),
        port,
        "chromedriver",
    )
}

/// A headless Chromium session with a fresh profile and a window of `size` (`1200,800`).
pub async fn open_browser(driver: &Listening, profile: &Path, size: &str) -> Client {
    open_browser_with(driver, profile, size, &[]).await
}

/// [`open_browser`] with more Chromium flags (`--force-dark-mode` …).
pub async fn open_browser_with(
    driver: &Listening,
    profile: &Path,
    size: &str,
    flags: &[&str],
) -> Client {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        format!("--window-size={size}"),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(flags.iter().map(|f| f.to_string()));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": args,
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

/// How long [`wait_until`] waits. A passing wait returns as soon as its condition holds, so
/// this only bounds a failure; it is generous because on a loaded two-core CI machine
/// Chromium can take well over 15 s to parse and run Mermaid's 5.5 MB script.
pub const WAIT: Duration = Duration::from_secs(60);

/// Evaluates `script` (a function body) until it returns `true`, or fails after [`WAIT`]
/// showing the page's text.
pub async fn wait_until(client: &Client, what: &str, script: &str) {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap_or(Value::Null);
        if value == Value::Bool(true) {
            return;
        }
        if started.elapsed() > WAIT {
            let text = client
                .execute(
                    "return document.body ? document.body.innerText : ''",
                    vec![],
                )
                .await
                .unwrap_or(Value::Null);
            panic!("timed out waiting for {what}; the page shows:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs `source` at the start of every document the session loads from now on, before the
/// page's own scripts. WebDriver has no such command; chromedriver passes Chrome DevTools'
/// `Page.addScriptToEvaluateOnNewDocument` on through its `goog/cdp/execute` endpoint, which
/// this posts to directly (fantoccini's custom commands need crates the tests do not have).
pub async fn before_every_page(client: &Client, driver: &Listening, source: &str) {
    let session = client
        .session_id()
        .await
        .expect("the WebDriver session id")
        .expect("a WebDriver session");
    let body = json!({
        "cmd": "Page.addScriptToEvaluateOnNewDocument",
        "params": { "source": source },
    })
    .to_string();
    let port = driver.port;
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        // chromedriver may keep the connection open despite `Connection: close`, so the
        // response ends where its Content-Length says, not when the stream does.
        let mut response = Vec::new();
        let mut chunk = [0; 4096];
        loop {
            if let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&response[..end]);
                let length = head.lines().find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                });
                if length.is_some_and(|length| response.len() - (end + 4) >= length) {
                    break;
                }
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(read) => response.extend_from_slice(&chunk[..read]),
            }
        }
        String::from_utf8_lossy(&response).into_owned()
    })
    .await
    .unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "chromedriver did not add the script:\n{response}"
    );
}
