//! The live state shared by the rebuild thread and the HTTP server: the published site,
//! swapped in whole, the build status, and the messages sent to every open tab.

use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;
use tokio::sync::broadcast;

use super::memory::Files;
use crate::model::diagnostics::Diagnostic;

/// What the server serves and tells its clients.
pub struct Live {
    site: RwLock<Arc<Files>>,
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
            site: RwLock::new(site),
            status: RwLock::new(ok_message()),
            events: broadcast::channel(64).0,
            server: format!("{}-{nanos}", std::process::id()),
        }
    }

    /// The site being served.
    pub fn site(&self) -> Arc<Files> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Swaps in a successfully rebuilt site and tells the tabs what changed.
    pub fn publish(&self, site: Arc<Files>, changed: &[String]) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = site;
        let was_failing = self.set_status(ok_message());
        if was_failing {
            let _ = self.events.send(ok_message());
        }
        if !changed.is_empty() {
            let _ = self
                .events
                .send(json!({"type": "reload", "changed": changed}).to_string());
        }
    }

    /// Keeps the last good site and shows `diagnostics` (their errors) in every tab.
    pub fn fail(&self, diagnostics: &[Diagnostic]) {
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
}
