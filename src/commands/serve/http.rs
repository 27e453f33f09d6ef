//! The HTTP side of `serve`: answers only requests addressed to this machine (the `Host`
//! rules below), resolves a request path safely, answers from the in-memory site (injecting
//! the live-reload snippet into HTML), and runs the live-reload websocket for pages of its
//! own origin only.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Extension;
use axum::Router;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use super::inject::{self, CLIENT_JS, CLIENT_PATH, SOCKET_PATH};
use super::live::Live;

/// What the handlers share.
#[derive(Clone)]
pub struct Shared {
    pub live: Arc<Live>,
    /// Turns true when the server shuts down, closing the websockets.
    pub shutdown: watch::Receiver<bool>,
    /// The connection budget (see `listen`): an open websocket holds one permit, as an
    /// HTTP connection does, so tabs cannot hold more sockets than the budget either.
    pub connections: Arc<Semaphore>,
}

/// Where a connection arrived, put into each of its requests by the accept loop: the
/// address the listener was bound to (`--bind`, perhaps 0.0.0.0) and the address of this
/// machine that the client dialled.
#[derive(Debug, Clone, Copy)]
pub struct Arrival {
    pub bound: IpAddr,
    pub local: SocketAddr,
}

/// Tells browsers that no other site's page may embed a response (as a `<script>`, an
/// `<img>`…): such a page could not read it, but a script's globals or an image's size would
/// tell it something.
const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-resource-policy");

/// The largest websocket message or frame taken from a tab. The client never sends
/// anything; the default (64 MB) would let any client make the server buffer that much.
const MAX_CLIENT_MESSAGE: usize = 4096;

/// The routes: the client script, the websocket, and the site for every other path, all
/// behind the `Host` check.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route(CLIENT_PATH, get(client_script))
        .route(SOCKET_PATH, get(socket))
        .fallback(get(site_file))
        .layer(middleware::from_fn(addressed_here))
        .with_state(shared)
}

/// Refuses a request that names a host other than this machine's: a page of another site
/// whose name was pointed at 127.0.0.1 (DNS rebinding) would otherwise read the handbook as
/// its own origin. Loopback names and addresses are accepted with any port (a port cannot be
/// rebound, and an SSH tunnel changes it), and so is the address the server was bound to or
/// the connection arrived at. A request without exactly one `Host` is refused as well.
async fn addressed_here(request: Request, next: Next) -> Response {
    let arrival = request.extensions().get::<Arrival>().copied();
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return refusal(StatusCode::BAD_REQUEST, "a request needs one Host header");
    };
    // An absolute request target (`GET http://host/ HTTP/1.1`) names a host too: both count.
    let target = request.uri().authority().map(|a| a.as_str());
    let here = host.to_str().is_ok_and(|host| {
        std::iter::once(host).chain(target).all(|name| {
            split_authority(name).is_some_and(|(name, _)| is_this_machine(name, arrival.as_ref()))
        })
    });
    if !here {
        return refusal(
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only to localhost, 127.0.0.1, [::1] and the address it listens on",
        );
    }
    next.run(request).await
}

/// A short plain-text refusal, with nothing of the site in it.
fn refusal(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{why}\n"),
    )
        .into_response()
}

/// `host[:port]` or `[v6][:port]` as (host, port); `None` when it is neither (a user part,
/// a path, an empty or non-numeric port).
pub fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        if rest.is_empty() {
            (host, None)
        } else {
            (host, Some(rest.strip_prefix(':')?))
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(port.parse().ok()?)
        }
        Some(_) => return None,
    };
    (!host.is_empty()).then_some((host, port))
}

/// Whether `host` (a name or an IP literal, IPv6 in brackets) is this machine as the server
/// knows it: `localhost`, a loopback address (127.0.0.0/8, ::1), the address it was bound to,
/// or the one the connection arrived at. Never another name: a name is what DNS rebinding
/// points at 127.0.0.1.
pub fn is_this_machine(host: &str, arrival: Option<&Arrival>) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().map(IpAddr::V6),
        None => host.parse::<Ipv4Addr>().map(IpAddr::V4),
    };
    let Ok(ip) = ip.map(|ip| ip.to_canonical()) else {
        return false;
    };
    ip.is_loopback()
        || arrival
            .is_some_and(|a| ip == a.bound.to_canonical() || ip == a.local.ip().to_canonical())
}

/// Whether a websocket's `Origin` is the server's own: `http://` and a host of this machine
/// ([`is_this_machine`]) with the server's port or the port of the request's `Host` (the
/// page's own origin through a tunnel). No `Origin` at all passes: browsers always send one
/// on a websocket, and any other client could send whatever it liked. `null` (a sandboxed or
/// `file:` page) and every other site are refused.
pub fn is_own_origin(origin: Option<&str>, host: Option<&str>, arrival: Option<&Arrival>) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let Some(authority) = origin.strip_prefix("http://") else {
        return false;
    };
    let Some((name, port)) = split_authority(authority) else {
        return false;
    };
    let port = port.unwrap_or(80);
    let host_port = host
        .and_then(split_authority)
        .map(|(_, port)| port.unwrap_or(80));
    is_this_machine(name, arrival)
        && (Some(port) == host_port || arrival.is_some_and(|a| a.local.port() == port))
}

/// How a request path maps onto the built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output path (relative, `/`-separated) to look up.
    File(String),
    /// A path that can never name a built file (traversal, dot-files, backslashes…).
    Refused,
}

/// Decodes and checks a request path. `..`, `.`, dot-files, backslashes, NUL and invalid
/// UTF-8 are refused, whether written plainly or percent-encoded; empty segments (`//`) are
/// dropped, so an absolute path stays inside the site; a folder gets its `index.html`.
pub fn resolve(path: &str) -> Target {
    let decoded = percent_encoding::percent_decode_str(path).collect::<Vec<u8>>();
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Target::Refused;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::Refused;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        if part.is_empty() {
            continue;
        }
        // A `:` is an ordinary character of a file name (`ADR 7: Postgres.md`); the site is
        // looked up in memory, so no drive letter or scheme can reach the file system.
        if part.starts_with('.') {
            return Target::Refused;
        }
        parts.push(part);
    }
    if decoded.ends_with('/') || parts.is_empty() {
        parts.push("index.html");
    }
    Target::File(parts.join("/"))
}

async fn site_file(State(shared): State<Shared>, uri: Uri) -> Response {
    let key = match resolve(uri.path()) {
        Target::File(key) => key,
        Target::Refused => {
            shared.live.settled().await;
            return not_found(&shared.live.site(), uri.path());
        }
    };
    // A page shown ahead of a rebuild is served at once; anything else waits for the rebuild.
    if let Some(file) = shared.live.ahead(&key) {
        return file_response(StatusCode::OK, &key, &file.bytes, Page::ahead(file.ahead));
    }
    shared.live.settled().await;
    let site = shared.live.site();
    if let Some(bytes) = site.get(&key) {
        return file_response(StatusCode::OK, &key, bytes, Page::FOUND);
    }
    // A folder without its trailing slash: redirect, so relative links resolve. The address
    // is built from the resolved folder, never from the request: `//evil.example` must not
    // become `Location: //evil.example/`, which a browser reads as another host.
    if site.contains_key(&format!("{key}/index.html")) {
        let location = folder_location(&key);
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    not_found(&site, &key)
}

/// The same-origin address of a resolved folder (`people and teams` →
/// `/people%20and%20teams/`): one leading `/`, as [`resolve`] leaves no empty segment,
/// backslash or control character in a key, and each segment is percent-encoded.
pub fn folder_location(key: &str) -> String {
    format!("/{}/", crate::model::urls::encode_path(key))
}

fn not_found(site: &super::memory::Files, requested: &str) -> Response {
    match site.get("404.html") {
        Some(bytes) => file_response(
            StatusCode::NOT_FOUND,
            requested,
            &inject::at_root(bytes),
            Page::MISSING,
        ),
        None => {
            // No site built yet (the first build failed): a page that still shows the errors.
            let html = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\
                <body><h1>Nothing to show yet</h1><p>The handbook has not built without errors yet.</p></body></html>";
            file_response(StatusCode::NOT_FOUND, requested, html, Page::MISSING)
        }
    }
}

/// What the live-reload client of a served page is told about it.
#[derive(Debug, Clone, Copy)]
struct Page {
    /// The 404 page, standing in for a missing file.
    missing: bool,
    /// The number of the pages shown ahead that it is one of (see [`super::live`]).
    ahead: Option<u64>,
}

impl Page {
    const FOUND: Page = Page {
        missing: false,
        ahead: None,
    };
    const MISSING: Page = Page {
        missing: true,
        ahead: None,
    };

    fn ahead(ahead: Option<u64>) -> Page {
        Page {
            missing: false,
            ahead,
        }
    }
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8], page: Page) -> Response {
    let kind = if page.missing {
        "text/html; charset=utf-8"
    } else {
        content_type(key)
    };
    let body = if kind.starts_with("text/html") {
        inject::inject(bytes, &inject::snippet(key, page.missing, page.ahead))
    } else {
        bytes.to_vec()
    };
    (
        status,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (CROSS_ORIGIN_RESOURCE_POLICY, "same-origin"),
        ],
        body,
    )
        .into_response()
}

/// The media type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

async fn client_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (CROSS_ORIGIN_RESOURCE_POLICY, "same-origin"),
        ],
        CLIENT_JS,
    )
        .into_response()
}

/// The live-reload websocket, for pages of the server's own origin only: its messages name
/// pages and quote build errors, which another site's page must not read.
async fn socket(
    State(shared): State<Shared>,
    arrival: Option<Extension<Arrival>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let text = |name| {
        headers
            .get(name)
            .map(|value: &HeaderValue| value.to_str().unwrap_or(""))
    };
    let arrival = arrival.map(|Extension(arrival)| arrival);
    if !is_own_origin(text(header::ORIGIN), text(header::HOST), arrival.as_ref()) {
        return refusal(
            StatusCode::FORBIDDEN,
            "the live-reload socket is only for pages of this preview",
        );
    }
    let Ok(permit) = shared.connections.clone().try_acquire_owned() else {
        return refusal(StatusCode::SERVICE_UNAVAILABLE, "too many connections");
    };
    upgrade
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| talk(socket, shared, permit))
}

/// Greets a tab, then forwards every message until it leaves or the server stops. Holds one
/// permit of the connection budget while it lasts.
async fn talk(mut socket: WebSocket, mut shared: Shared, _permit: OwnedSemaphorePermit) {
    let mut events = shared.live.subscribe();
    for message in shared.live.greeting() {
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(message) => {
                    if socket.send(Message::Text(message.into())).await.is_err() {
                        return;
                    }
                }
                // Missed messages: a reload is always right.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let reload = r#"{"type":"reload","changed":[],"all":true}"#;
                    let _ = socket.send(Message::Text(reload.into())).await;
                }
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
            _ = shared.shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> super::super::memory::Files {
        pairs
            .iter()
            .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
            .collect()
    }

    /// The status and body of a GET of `path` from `app`.
    async fn fetch(app: Router, path: &str) -> (StatusCode, String) {
        let request = axum::http::Request::builder()
            .uri(path)
            .header(header::HOST, "127.0.0.1:1")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(app, request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_page_shown_ahead_is_served_at_once_and_other_files_after_the_rebuild() {
        let old = files(&[("a.html", "<p>old a</p>"), ("list.html", "<p>old list</p>")]);
        let live = Arc::new(Live::new(Arc::new(old)));
        let app = router(Shared {
            live: live.clone(),
            shutdown: watch::channel(false).1,
            connections: Arc::new(Semaphore::new(4)),
        });
        live.show_ahead(files(&[("a.html", "<p>new a</p>")]));
        let (status, page) = fetch(app.clone(), "/a.html").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("new a") && page.contains(r#"data-ahead="1""#),
            "{page}"
        );
        let waiting = tokio::spawn(fetch(app.clone(), "/list.html"));
        let missing = tokio::spawn(fetch(app.clone(), "/gone.html"));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!waiting.is_finished() && !missing.is_finished());
        let new = files(&[("a.html", "<p>new a</p>"), ("list.html", "<p>new list</p>")]);
        live.publish(Arc::new(new), &["a.html".into(), "list.html".into()]);
        let (status, list) = waiting.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.contains("new list") && !list.contains("data-ahead"),
            "{list}"
        );
        assert_eq!(missing.await.unwrap().0, StatusCode::NOT_FOUND);
        let (_, page) = fetch(app, "/a.html").await;
        assert!(
            page.contains("new a") && !page.contains("data-ahead"),
            "{page}"
        );
    }

    fn file(path: &str) -> Target {
        Target::File(path.to_string())
    }

    #[test]
    fn the_review_calendar_is_served_as_a_calendar() {
        assert_eq!(content_type("reviews.ics"), "text/calendar; charset=utf-8");
    }

    #[test]
    fn the_radar_csv_is_served_as_csv() {
        assert_eq!(content_type("radar.csv"), "text/csv; charset=utf-8");
    }

    #[test]
    fn resolves_pages_and_folders() {
        assert_eq!(resolve("/"), file("index.html"));
        assert_eq!(resolve("/policies/"), file("policies/index.html"));
        assert_eq!(
            resolve("/policies/retention.html"),
            file("policies/retention.html")
        );
        assert_eq!(
            resolve("/people/on-call%20guide.html"),
            file("people/on-call guide.html")
        );
        assert_eq!(resolve("//etc/passwd"), file("etc/passwd"));
    }

    fn arrival(bound: &str, local: &str) -> Arrival {
        Arrival {
            bound: bound.parse().unwrap(),
            local: local.parse().unwrap(),
        }
    }

    #[test]
    fn splits_host_and_port() {
        assert_eq!(split_authority("localhost"), Some(("localhost", None)));
        assert_eq!(
            split_authority("127.0.0.1:1313"),
            Some(("127.0.0.1", Some(1313)))
        );
        assert_eq!(split_authority("[::1]:80"), Some(("[::1]", Some(80))));
        assert_eq!(split_authority("[::1]"), Some(("[::1]", None)));
        for bad in [
            "", ":80", "a:", "a:b", "a:+80", "a:99999", "[::1]x", "[::1", "a:1:2",
        ] {
            assert_eq!(split_authority(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_this_machine_is_here() {
        let loopback = arrival("127.0.0.1", "127.0.0.1:1313");
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.255.0.9",
            "[::1]",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(is_this_machine(host, Some(&loopback)), "{host}");
            assert!(is_this_machine(host, None), "{host}");
        }
        for host in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "0x7f000001",
            "2130706433",
            "127.1",
            "0.0.0.0",
            "[::]",
            "192.168.1.5",
            "::1",
            "[fe80::1%25eth0]",
        ] {
            assert!(!is_this_machine(host, Some(&loopback)), "{host}");
        }
        // Bound to every address: that address, and the one a client dialled.
        let network = arrival("0.0.0.0", "192.168.1.5:1313");
        assert!(is_this_machine("0.0.0.0", Some(&network)));
        assert!(is_this_machine("192.168.1.5", Some(&network)));
        assert!(!is_this_machine("192.168.1.6", Some(&network)));
        let mapped = arrival("::", "[::ffff:192.168.1.5]:1313");
        assert!(is_this_machine("192.168.1.5", Some(&mapped)));
        assert!(is_this_machine("[::]", Some(&mapped)));
    }

    #[test]
    fn only_the_servers_own_origin_gets_the_socket() {
        let here = arrival("127.0.0.1", "127.0.0.1:1313");
        let own = |origin: &str, host: &str| is_own_origin(Some(origin), Some(host), Some(&here));
        assert!(own("http://127.0.0.1:1313", "127.0.0.1:1313"));
        assert!(own("http://localhost:1313", "localhost:1313"));
        assert!(own("http://[::1]:1313", "[::1]:1313"));
        // Through a tunnel: the page's origin is the tunnel's, as is the Host.
        assert!(own("http://localhost:9000", "localhost:9000"));
        assert!(own("http://localhost", "localhost"));
        assert!(is_own_origin(None, Some("127.0.0.1:1313"), Some(&here)));
        for origin in [
            "http://evil.example:1313",
            "http://127.0.0.1:1314",
            "http://localhost:9000",
            "https://127.0.0.1:1313",
            "HTTP://127.0.0.1:1313/",
            "http://127.0.0.1:1313/",
            "http://user@127.0.0.1:1313",
            "null",
            "",
        ] {
            assert!(!own(origin, "127.0.0.1:1313"), "{origin}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_the_site() {
        for (path, location) in [
            ("//decisions", "/decisions/"),
            ("/%2F%2Fevil.com", "/evil.com/"),
            ("///a//b", "/a/b/"),
            ("/people%20and%20teams", "/people%20and%20teams/"),
            ("/%3Fq%23f", "/%3Fq%23f/"),
        ] {
            let Target::File(key) = resolve(path) else {
                panic!("{path} refused");
            };
            let key = key.strip_suffix("/index.html").unwrap_or(&key);
            assert_eq!(folder_location(key), location, "{path}");
        }
        for path in ["/\\evil.com", "/%5Cevil.com", "/%5C%5Cevil.com"] {
            assert_eq!(resolve(path), Target::Refused, "{path}");
        }
    }

    #[test]
    fn a_colon_is_part_of_a_name() {
        assert_eq!(
            resolve("/adr/7%3A%20postgres.html"),
            Target::File("adr/7: postgres.html".into())
        );
    }

    #[test]
    fn refuses_traversal_and_hidden_files() {
        for path in [
            "/../secret",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e%2e%5c%2e%2e%5cwin.ini",
            "/a\\..\\b",
            "/.git/config",
            "/.northstar-output",
            "/a/./b.html",
            "/%00.html",
            "/%ff.html",
        ] {
            assert_eq!(resolve(path), Target::Refused, "{path}");
        }
    }
}
