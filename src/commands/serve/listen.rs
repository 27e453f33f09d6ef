//! `serve`'s accept loop: hyper's HTTP/1 connections with its header-read timeout (which also
//! closes idle kept-alive connections), a budget of open connections, and a graceful stop.
//!
//! `axum::serve` gives its connections no timer, so a client that sends its headers a byte at
//! a time, or never, keeps its connection (and a file descriptor) for as long as it likes;
//! two hundred of them held the server. This loop is `axum::serve`'s, with hyper's own
//! settings turned on.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use super::http::Arrival;

/// How long a client has to send a request's headers, counted from when the server is ready
/// for them: the connection's start, or the end of the previous response on a kept-alive
/// connection, so this is also how long an idle connection stays open. Browsers send their
/// headers at once and open a new connection when an idle one was closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// After Ctrl-C, how long open connections get to finish (a websocket closes at once; a
/// connection still sending its headers would otherwise keep the stop waiting for its
/// timeout).
const STOP_GRACE: Duration = Duration::from_secs(5);

/// After an accept error other than a connection's own (no file descriptor left): a pause
/// before the next try, so the loop does not spin while the error lasts.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The most connections (websockets included) that may be open at once.
const MOST_CONNECTIONS: usize = 1024;

/// How many connections may be open at once: what the process's limit of open files leaves
/// after a quarter of it (at least 64) kept for the rebuilds, the watcher and the runtime;
/// at least 16 and at most [`MOST_CONNECTIONS`]. Past it, new connections wait in the
/// listener's queue until one closes, and the file table never fills up.
pub fn connection_budget() -> usize {
    budget_for(open_file_limit().unwrap_or(MOST_CONNECTIONS as u64 * 2))
}

fn budget_for(limit: u64) -> usize {
    let left = limit.saturating_sub((limit / 4).max(64));
    usize::try_from(left)
        .unwrap_or(usize::MAX)
        .clamp(16, MOST_CONNECTIONS)
}

/// The soft limit of open files (`ulimit -n`).
fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the limit into the struct it is given, which lives
        // on this stack frame for the whole call.
        let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not everywhere.
        read.then_some(limit.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    None
}

/// Serves `app` on `listener` until `stop` turns true; then stops accepting, lets open
/// connections finish (at most [`STOP_GRACE`]) and returns. Every connection holds a permit
/// of `budget` (`size` permits in all) while it is open; the websocket handler takes its
/// own for the socket's life.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    budget: Arc<Semaphore>,
    size: usize,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let bound = listener.local_addr()?.ip();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    loop {
        let permit = tokio::select! {
            permit = budget.clone().acquire_owned() => permit.expect("the budget is never closed"),
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                if !is_connection_error(&error) {
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                }
                continue;
            }
        };
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let arrival = Arrival { bound, local };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(arrival);
            app.clone().oneshot(request.map(Body::new))
        });
        let http = http.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let connection = http
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let mut connection = pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stop.wait_for(|stopped| *stopped) => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    // Every permit back means every connection and websocket has closed.
    let all = u32::try_from(size).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(STOP_GRACE, budget.acquire_many(all)).await;
    Ok(())
}

/// An error of one connection (reset before it was accepted…): the next accept is fine.
fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_leaves_room_for_the_rebuilds() {
        assert_eq!(budget_for(256), 192);
        assert_eq!(budget_for(1024), 768);
        assert_eq!(budget_for(20_000), MOST_CONNECTIONS);
        assert_eq!(budget_for(u64::MAX), MOST_CONNECTIONS);
        assert_eq!(budget_for(50), 16);
        assert!((16..=MOST_CONNECTIONS).contains(&connection_budget()));
    }
}
