//! The HTTP side of `serve`: resolves a request path safely, answers from the in-memory site
//! (injecting the live-reload snippet into HTML), and runs the live-reload websocket.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;

use super::inject::{self, CLIENT_JS, CLIENT_PATH, SOCKET_PATH};
use super::live::Live;

/// What the handlers share.
#[derive(Clone)]
pub struct Shared {
    pub live: Arc<Live>,
    /// Turns true when the server shuts down, closing the websockets.
    pub shutdown: watch::Receiver<bool>,
}

/// The routes: the client script, the websocket, and the site for every other path.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route(CLIENT_PATH, get(client_script))
        .route(SOCKET_PATH, get(socket))
        .fallback(get(site_file))
        .with_state(shared)
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
        if part.starts_with('.') || part.contains(':') {
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
    let site = shared.live.site();
    let key = match resolve(uri.path()) {
        Target::File(key) => key,
        Target::Refused => return not_found(&site, uri.path()),
    };
    if let Some(bytes) = site.get(&key) {
        return file_response(StatusCode::OK, &key, bytes, false);
    }
    // A folder without its trailing slash: redirect, so relative links resolve.
    if site.contains_key(&format!("{key}/index.html")) {
        let location = format!("{}/", uri.path());
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    not_found(&site, &key)
}

fn not_found(site: &super::memory::Files, requested: &str) -> Response {
    match site.get("404.html") {
        Some(bytes) => file_response(
            StatusCode::NOT_FOUND,
            requested,
            &inject::at_root(bytes),
            true,
        ),
        None => {
            // No site built yet (the first build failed): a page that still shows the errors.
            let html = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\
                <body><h1>Nothing to show yet</h1><p>The handbook has not built without errors yet.</p></body></html>";
            file_response(StatusCode::NOT_FOUND, requested, html, true)
        }
    }
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8], missing: bool) -> Response {
    let kind = if missing {
        "text/html; charset=utf-8"
    } else {
        content_type(key)
    };
    let body = if kind.starts_with("text/html") {
        inject::inject(bytes, &inject::snippet(key, missing))
    } else {
        bytes.to_vec()
    };
    (
        status,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
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
        ],
        CLIENT_JS,
    )
        .into_response()
}

async fn socket(State(shared): State<Shared>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| talk(socket, shared))
}

/// Greets a tab, then forwards every message until it leaves or the server stops.
async fn talk(mut socket: WebSocket, mut shared: Shared) {
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

    fn file(path: &str) -> Target {
        Target::File(path.to_string())
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
            "/c:/windows/win.ini",
            "/%00.html",
            "/%ff.html",
        ] {
            assert_eq!(resolve(path), Target::Refused, "{path}");
        }
    }
}
