//! The live state shared by the rebuild thread and the HTTP server: the published site,
//! swapped in whole, the pages of the next site rendered ahead of it, the build status, and
//! the messages sent to every open tab.
//!
//! After a front-matter edit the edited page is rendered first and shown ahead of the rest
//! of the rebuild ([`Live::show_ahead`]): its tabs reload at once, and every other file is
//! held back ([`Live::settled`]) until the rebuild publishes or fails, so that no tab ever
//! mixes the new page with an old listing or sidebar.

use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use tokio::sync::{broadcast, watch};

use super::memory::Files;
use crate::model::diagnostics::Diagnostic;

/// The longest a request waits for the rebuild that pages shown ahead lead (a whole render
/// of 50,000 documents takes a few seconds); then it gets the site being served.
const HOLD_LIMIT: Duration = Duration::from_secs(60);

/// What is served.
#[derive(Default)]
struct Served {
    site: Arc<Files>,
    ahead: Option<Ahead>,
    /// How many times pages were shown ahead (numbers them).
    shown_ahead: u64,
}

/// Pages of the next site, rendered before the rest of it.
struct Ahead {
    /// Tells the tabs that loaded these pages that the site they await is the one published.
    number: u64,
    files: Files,
}

/// A file as served: its bytes, and the number of the pages shown ahead it is one of.
pub struct ServedFile {
    pub bytes: Arc<[u8]>,
    pub ahead: Option<u64>,
}

/// What the server serves and tells its clients.
pub struct Live {
    served: RwLock<Served>,
    /// `true` while pages are shown ahead: requests for other files wait for it to clear.
    holding: watch::Sender<bool>,
    /// The status message a newly connected tab gets: `ok` or the errors.
    status: RwLock<String>,
    events: broadcast::Sender<String>,
    /// Identifies this server process, so tabs reload after a restart.
    server: String,
}

impl Live {
    pub fn new(site: Arc<Files>) -> Live {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Live {
            served: RwLock::new(Served {
                site,
                ..Served::default()
            }),
            holding: watch::channel(false).0,
            status: RwLock::new(ok_message()),
            events: broadcast::channel(64).0,
            server: format!("{}-{nanos}", std::process::id()),
        }
    }

    /// The site being served.
    pub fn site(&self) -> Arc<Files> {
        self.served().site.clone()
    }

    fn served(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    fn served_mut(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The file `path` of the pages shown ahead, if it is one.
    pub fn ahead(&self, path: &str) -> Option<ServedFile> {
        let served = self.served();
        let ahead = served.ahead.as_ref()?;
        ahead.files.get(path).map(|bytes| ServedFile {
            bytes: bytes.clone(),
            ahead: Some(ahead.number),
        })
    }

    /// Returns once no pages are shown ahead: the rebuild they lead has published or failed;
    /// after [`HOLD_LIMIT`] at most, so that a rebuild that never ends cannot hang a request.
    pub async fn settled(&self) {
        self.settled_within(HOLD_LIMIT).await;
    }

    async fn settled_within(&self, limit: Duration) {
        let mut holding = self.holding.subscribe();
        let settled = holding.wait_for(|holding| !*holding);
        let _ = tokio::time::timeout(limit, settled).await;
    }

    /// Shows `files`, pages of a rebuild still under way, ahead of the rest of it: the tabs
    /// showing those of them that changed reload, and every other file waits for the rebuild.
    pub fn show_ahead(&self, files: Files) {
        let mut served = self.served_mut();
        let mut changed: Vec<&String> = files
            .iter()
            .filter(|(path, bytes)| served.site.get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .collect();
        changed.sort();
        if changed.is_empty() {
            return;
        }
        served.shown_ahead += 1;
        let number = served.shown_ahead;
        let message = json!({"type": "reload", "changed": changed, "ahead": number}).to_string();
        served.ahead = Some(Ahead { number, files });
        self.holding.send_replace(true);
        drop(served);
        let _ = self.events.send(message);
    }

    /// Swaps in a successfully rebuilt site and tells the tabs what changed. Pages shown ahead
    /// that the site has as shown are left out of the message, which names them instead
    /// (`after`), so that the tabs that loaded them do not reload again.
    pub fn publish(&self, site: Arc<Files>, changed: &[String]) {
        let mut served = self.served_mut();
        let ahead = served.ahead.take();
        served.site = site;
        let (changed, after) = match &ahead {
            Some(ahead) => {
                let kept = |path: &String| ahead.files.get(path) == served.site.get(path);
                let all_kept = ahead.files.keys().all(kept);
                let changed = changed.iter().filter(|p| !kept(p)).cloned().collect();
                (changed, all_kept.then_some(ahead.number))
            }
            None => (changed.to_vec(), None),
        };
        self.holding.send_replace(false);
        drop(served);
        let was_failing = self.set_status(ok_message());
        if was_failing {
            let _ = self.events.send(ok_message());
        }
        if !changed.is_empty() || after.is_some() {
            let mut message = json!({"type": "reload", "changed": changed});
            if let Some(after) = after {
                message["after"] = after.into();
            }
            let _ = self.events.send(message.to_string());
        }
    }

    /// Keeps the last good site and shows `diagnostics` (their errors) in every tab; pages
    /// shown ahead are withdrawn.
    pub fn fail(&self, diagnostics: &[Diagnostic]) {
        self.served_mut().ahead = None;
        self.holding.send_replace(false);
        let message = errors_message(diagnostics);
        self.set_status(message.clone());
        let _ = self.events.send(message);
    }

    /// Returns whether the previous status was a failure.
    fn set_status(&self, message: String) -> bool {
        let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
        let was_failing = *status != ok_message();
        *status = message;
        was_failing
    }

    /// The messages a tab gets on connecting: who the server is, then the status.
    pub fn greeting(&self) -> [String; 2] {
        let status = self
            .status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        [
            json!({"type": "hello", "server": self.server}).to_string(),
            status,
        ]
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.events.subscribe()
    }
}

fn ok_message() -> String {
    json!({"type": "ok"}).to_string()
}

/// The errors of a failed rebuild, for the overlay (warnings are left to the terminal).
pub fn errors_message(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| json!({"location": d.location(), "message": d.message, "help": d.help}))
        .collect();
    json!({"type": "errors", "errors": errors}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_tabs_about_failures_and_recovery() {
        let live = Live::new(Arc::default());
        let mut events = live.subscribe();
        let error = Diagnostic::error("bad <yaml>").at("content/a.md", 2, 7);
        live.fail(&[error, Diagnostic::warning("meh")]);
        let message = events.try_recv().unwrap();
        assert!(
            message.contains(r#""location":"content/a.md:2:7""#) && !message.contains("meh"),
            "{message}"
        );
        assert_eq!(live.greeting()[1], message);
        live.publish(Arc::default(), &["a.html".to_string()]);
        assert_eq!(events.try_recv().unwrap(), r#"{"type":"ok"}"#);
        assert!(events
            .try_recv()
            .unwrap()
            .contains(r#""changed":["a.html"]"#));
        live.publish(Arc::default(), &[]);
        assert!(events.try_recv().is_err());
    }

    fn site(files: &[(&str, &str)]) -> Files {
        files
            .iter()
            .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
            .collect()
    }

    /// Whether `settled` returns within a moment.
    fn settles(live: &Live) -> bool {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_millis(50), live.settled())
                .await
                .is_ok()
        })
    }

    #[test]
    fn pages_shown_ahead_are_served_while_the_rest_waits_for_the_rebuild() {
        let old = site(&[("a.html", "old a"), ("list.html", "old list")]);
        let live = Live::new(Arc::new(old));
        let mut events = live.subscribe();
        assert!(
            settles(&live),
            "nothing is held before pages are shown ahead"
        );
        live.show_ahead(site(&[("a.html", "new a")]));
        let shown = events.try_recv().unwrap();
        assert_eq!(shown, r#"{"ahead":1,"changed":["a.html"],"type":"reload"}"#);
        let file = live.ahead("a.html").unwrap();
        assert_eq!((&*file.bytes, file.ahead), (&b"new a"[..], Some(1)));
        assert!(live.ahead("list.html").is_none());
        assert!(!settles(&live), "other files wait for the rebuild");
        // Not for ever: a rebuild that never ends cannot hang a request.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let limit = Duration::from_millis(20);
        let waited = runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), live.settled_within(limit)).await
        });
        waited.expect("the wait ends at its limit");

        let new = site(&[("a.html", "new a"), ("list.html", "new list")]);
        let changed = ["a.html".to_string(), "list.html".to_string()];
        live.publish(Arc::new(new), &changed);
        assert!(settles(&live));
        assert!(live.ahead("a.html").is_none());
        assert_eq!(&*live.site()["list.html"], b"new list");
        assert_eq!(
            events.try_recv().unwrap(),
            r#"{"after":1,"changed":["list.html"],"type":"reload"}"#
        );
    }

    #[test]
    fn a_failed_rebuild_withdraws_the_pages_shown_ahead() {
        let live = Live::new(Arc::new(site(&[("a.html", "old a")])));
        let mut events = live.subscribe();
        // A page that is as served is not shown ahead: no message, nothing held.
        live.show_ahead(site(&[("a.html", "old a")]));
        assert!(events.try_recv().is_err() && settles(&live));
        live.show_ahead(site(&[("a.html", "new a")]));
        assert!(events.try_recv().unwrap().contains(r#""ahead":1"#));
        live.fail(&[Diagnostic::error("broken")]);
        assert!(settles(&live));
        assert!(live.ahead("a.html").is_none());
        assert_eq!(&*live.site()["a.html"], b"old a");
        assert!(events.try_recv().unwrap().contains(r#""type":"errors""#));
        // The next good rebuild names every page it changed: no tab was told it is done.
        live.publish(Arc::new(site(&[("a.html", "newer a")])), &["a.html".into()]);
        let messages: Vec<String> = std::iter::from_fn(|| events.try_recv().ok()).collect();
        assert_eq!(
            messages.last().unwrap(),
            r#"{"changed":["a.html"],"type":"reload"}"#
        );
    }
}
