//! `northstar serve` against a hostile web page or network neighbour, running the real binary
//! on 127.0.0.1: a request for another host (DNS rebinding) gets nothing of the site, the
//! live-reload websocket opens only for the preview's own pages, a folder redirect never
//! leaves the site, and connections that stall while sending their headers are closed
//! without holding the server.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::serve::{get, send, Serve};
use common::Handbook;
use tungstenite::client::IntoClientRequest;

/// Text of the fixture's pages and of the live-reload client: none of it may reach a refusal.
const SITE_TEXT: [&str; 4] = [
    "Acme Technology Handbook",
    "Only system owners.",
    "__northstar/live.js",
    "WebSocket",
];

fn request(target: &str, host: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

#[test]
fn requests_for_another_host_get_nothing_of_the_site() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let port = serve.port;
    let targets = [
        "/",
        "/policies/security/access-control.html",
        "/__northstar/live.js",
        "/nope.html",
    ];
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("EVIL.example:{port}"),
        "0x7f.0.0.1".to_string(),
        format!("user@127.0.0.1:{port}"),
        format!("127.0.0.1:{port}/x"),
        "127.0.0.1:".to_string(),
        "[::2]".to_string(),
        String::new(),
    ] {
        for target in targets {
            let (status, head, body) = send(port, &request(target, &host));
            assert!(
                status == 421 || status == 403 || status == 400,
                "Host {host:?}, {target}: {head}"
            );
            for text in SITE_TEXT {
                assert!(!body.contains(text), "Host {host:?}, {target}: {body}");
            }
        }
    }
    // An absolute target names the host that counts; no Host at all (HTTP/1.0), or two.
    for raw in [
        format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        "GET / HTTP/1.0\r\n\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
    ] {
        let (status, head, body) = send(port, &raw);
        assert!(status == 421 || status == 400, "{raw:?}: {head}");
        assert!(!body.contains("Acme Technology Handbook"), "{raw:?}: {body}");
    }
    // This machine's own names, with or without a port, and the address in the target.
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("127.8.9.10:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
    ] {
        let (status, head, body) = send(port, &request("/", &host));
        assert_eq!(status, 200, "Host {host:?}: {head}");
        assert!(body.contains("Acme Technology Handbook"), "Host {host:?}");
        assert!(
            head.to_lowercase()
                .contains("cross-origin-resource-policy: same-origin"),
            "{head}"
        );
    }
    let absolute = format!(
        "GET http://localhost:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(send(port, &absolute).0, 200);
}

#[test]
fn an_address_it_was_bound_to_is_its_own_too() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &["--bind", "0.0.0.0"]);
    let port = serve.port;
    // The printed (and --open'ed) address, and the one the connection arrived at.
    for host in [format!("0.0.0.0:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(send(port, &request("/", &host)).0, 200, "Host {host:?}");
    }
    assert_eq!(send(port, &request("/", "evil.example")).0, 421);
}

type Socket = tungstenite::WebSocket<TcpStream>;

/// Opens the live-reload websocket with these `Origin` and `Host` headers: the socket, or
/// the status of the refusal.
fn websocket(port: u16, origin: Option<&str>, host: Option<&str>) -> Result<Socket, u16> {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = format!("ws://127.0.0.1:{port}/__northstar/ws")
        .into_client_request()
        .unwrap();
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("Origin", origin.parse().unwrap());
    }
    if let Some(host) = host {
        request.headers_mut().insert("Host", host.parse().unwrap());
    }
    match tungstenite::client(request, stream) {
        Ok((socket, _)) => Ok(socket),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            let body = response.body().clone().unwrap_or_default();
            let body = String::from_utf8_lossy(&body);
            for text in SITE_TEXT {
                assert!(!body.contains(text), "{body}");
            }
            Err(response.status().as_u16())
        }
        Err(error) => panic!("websocket handshake: {error}"),
    }
}

fn greeting(socket: &mut Socket) -> String {
    loop {
        if let tungstenite::Message::Text(text) = socket.read().expect("a websocket message") {
            return text.to_string();
        }
    }
}

#[test]
fn the_live_reload_socket_opens_only_for_the_previews_own_pages() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let port = serve.port;
    let other = port.wrapping_add(1).max(1);
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1.evil.example:{port}"),
        format!("http://127.0.0.1:{other}"),
        format!("http://localhost:{other}"),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{port}.evil.example"),
        format!("http://user@127.0.0.1:{port}"),
        "null".to_string(),
        "file://".to_string(),
        String::new(),
    ] {
        let refused = websocket(port, Some(&origin), None).err();
        assert_eq!(refused, Some(403), "Origin {origin:?}");
    }
    // A rebinding page: its own origin, but another host.
    let evil = format!("evil.example:{port}");
    let refused = websocket(port, Some(&format!("http://{evil}")), Some(&evil)).err();
    assert_eq!(refused, Some(421));

    // The preview's own pages, by either name; through a tunnel (another port in both Host
    // and Origin); and a client that is not a browser (no Origin).
    for (origin, host) in [
        (format!("http://127.0.0.1:{port}"), None),
        (
            format!("http://localhost:{port}"),
            Some(format!("localhost:{port}")),
        ),
        (
            format!("http://[::1]:{port}"),
            Some(format!("[::1]:{port}")),
        ),
        (
            "http://localhost:8080".to_string(),
            Some("localhost:8080".to_string()),
        ),
    ] {
        let mut socket = websocket(port, Some(&origin), host.as_deref())
            .unwrap_or_else(|status| panic!("Origin {origin:?}: refused with {status}"));
        assert!(
            greeting(&mut socket).contains(r#""type":"hello""#),
            "{origin}"
        );
    }
    let mut socket = websocket(port, None, None).expect("no Origin: not a browser");
    assert!(greeting(&mut socket).contains(r#""type":"hello""#));
}

/// The `Location` header of a response head, if any.
fn location(head: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_string())
    })
}

#[test]
fn folder_redirects_never_leave_the_site() {
    let handbook = Handbook::fixture("basic");
    // A folder whose name is a host name: `//evil.com` resolves to it.
    handbook.write(
        "content/evil.com/page.md",
        "---\ntitle: A page\n---\n\nText.\n",
    );
    let serve = Serve::start(handbook.root(), &[]);
    let port = serve.port;
    for (target, expected) in [
        ("/policies", "/policies/"),
        ("//policies", "/policies/"),
        ("///policies", "/policies/"),
        ("/%2F%2Fpolicies", "/policies/"),
        ("/%2f/policies", "/policies/"),
        ("/people%20and%20teams", "/people%20and%20teams/"),
        ("//people%20and%20teams", "/people%20and%20teams/"),
        ("/evil.com", "/evil.com/"),
        ("//evil.com", "/evil.com/"),
        ("///evil.com", "/evil.com/"),
        ("/%2F%2Fevil.com", "/evil.com/"),
        ("/%2F/evil.com", "/evil.com/"),
        ("//evil.com?x=//y", "/evil.com/"),
    ] {
        let (status, head, _) = get(port, target);
        assert_eq!(status, 301, "{target}: {head}");
        assert_eq!(location(&head).as_deref(), Some(expected), "{target}");
    }
    for target in [
        "/\\evil.com",
        "/%5Cevil.com",
        "/%5C%5Cevil.com",
        "/\\\\evil.com",
        "/%09/evil.com",
        "/./evil.com",
        "/%2e/evil.com",
        "//evil.com/",
        "//evil.com/%2e%2e",
        "/https:/evil.com",
        "/http:%2F%2Fevil.com",
        "//127.0.0.1:1/x",
    ] {
        let (status, head, _) = get(port, target);
        assert_ne!(status, 0, "{target}: no response");
        if let Some(location) = location(&head) {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{target}: Location {location:?}"
            );
        }
    }
}

/// Opens a connection that sends part of a request's headers and stops there.
fn stalled(port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    stream
}

/// How long a test waits for the server to close a connection; the server's own limit is
/// far shorter.
const CLOSED_WITHIN: Duration = Duration::from_secs(30);

/// Reads until the server closes `stream`, or fails once `deadline` has passed.
fn assert_closed_by(stream: &mut TcpStream, deadline: Instant, what: &str) {
    let mut buffer = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "{what}: the server kept the connection open"
        );
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("{what}: the server kept the connection open for {CLOSED_WITHIN:?}")
            }
            // Reset by the server: closed as well.
            Err(_) => return,
        }
    }
}

#[test]
fn stalled_and_idle_connections_are_closed_without_holding_the_server() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let port = serve.port;
    let opened = Instant::now();
    let mut stalled: Vec<TcpStream> = (0..200).map(|_| stalled(port)).collect();
    // A slow loris: the headers a byte at a time, never finished.
    let trickle = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .unwrap();
        let deadline = Instant::now() + CLOSED_WITHIN;
        while Instant::now() < deadline {
            if stream.write_all(b"X").is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    });
    // A client that keeps its connection after a response and sends nothing more.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(b"GET /__northstar/live.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();

    // Meanwhile a reader gets the page.
    let (status, _, body) = get(port, "/policies/security/access-control.html");
    assert_eq!(status, 200);
    assert!(body.contains("Only system owners."));
    // They were all still open then (unless this machine was too slow to tell).
    if opened.elapsed() < Duration::from_secs(5) {
        for stream in &stalled {
            stream.set_nonblocking(true).unwrap();
            let mut byte = [0];
            let read = (&*stream).read(&mut byte);
            assert!(
                matches!(&read, Err(e) if e.kind() == ErrorKind::WouldBlock),
                "{read:?}"
            );
            stream.set_nonblocking(false).unwrap();
        }
    }

    let deadline = Instant::now() + CLOSED_WITHIN;
    for (i, stream) in stalled.iter_mut().enumerate() {
        assert_closed_by(stream, deadline, &format!("stalled connection {i}"));
    }
    assert_closed_by(&mut idle, deadline, "the idle kept-alive connection");
    assert!(
        trickle.join().unwrap(),
        "the server kept reading a request's headers a byte at a time"
    );
    assert_eq!(get(port, "/").0, 200);
}

#[test]
fn a_low_limit_of_open_files_keeps_it_answering() {
    let handbook = Handbook::fixture("basic");
    // 200 open files leave it 136 connections: the stalled ones past that wait their turn in
    // the listener's queue, and the reader behind them is answered once the first ones time
    // out. Without the budget the stalled connections took every file it could open, for as
    // long as they liked, and the reader was never answered.
    let serve = Serve::start_with_open_files(handbook.root(), &[], 200);
    let port = serve.port;
    let _stalled: Vec<TcpStream> = (0..200).map(|_| stalled(port)).collect();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(request("/", "127.0.0.1").as_bytes())
        .unwrap();
    stream.set_read_timeout(Some(CLOSED_WITHIN)).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("an answer behind 200 stalled connections");
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("Acme Technology Handbook"));
    assert_eq!(get(port, "/").0, 200);
}

#[test]
fn a_closed_terminal_does_not_stop_the_server_with_a_panic() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let handbook = Handbook::fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_northstar"))
        .arg("--root")
        .arg(handbook.root())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    // Stopped even when an assertion fails first.
    let mut child = Stopped(Some(child));
    let port: u16 = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let rest = line.split(" at http://127.0.0.1:").nth(1)?;
            rest.split('/').next()?.parse().ok()
        })
        .expect("the address it serves at");
    // The terminal goes away: whatever the server prints next goes to a closed pipe.
    drop(lines);
    let text = "---\ntitle: Guide\n---\nEdited after the terminal closed.\n";
    handbook.write("content/guide.md", text);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _, body) = get(port, "/guide.html");
        if body.contains("Edited after the terminal closed.") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the edit was never served: {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let child = child.0.take().unwrap();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
}

/// A server process killed when dropped, unless taken out first.
struct Stopped(Option<std::process::Child>);

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
