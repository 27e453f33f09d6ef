//! One `serve` session: the first build, the listening socket, the watcher and the rebuild
//! loop, and a clean stop on Ctrl-C.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use super::http::{router, Shared};
use super::listen;
use super::live::Live;
use super::plan::{FsEvent, Plan};
use super::rebuild::Rebuilder;
use super::watch::{Watcher, BURST_SETTLE, SETTLE};
use crate::commands::report::Report;
use crate::model::diagnostics::Diagnostic;
use crate::pipeline::{self, BuildError, Options};
use crate::util::fsutil;

/// How many ports after `--port` are tried when it is taken.
const PORT_TRIES: u16 = 10;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The handbook, its drafts (shown by default) and audience.
    pub load: Options,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Why `serve` could not run.
#[derive(Debug)]
pub enum ServeError {
    /// Used wrongly (no handbook, no free port): exit code 2.
    Usage(Diagnostic),
    Io(anyhow::Error),
}

/// Serves until Ctrl-C.
pub fn run(options: &ServeOptions, reporter: &dyn Report) -> Result<(), ServeError> {
    let root = fsutil::absolute(&options.load.root).map_err(ServeError::Io)?;
    let load = Options {
        root: root.clone(),
        ..options.load.clone()
    };
    if let Err(BuildError::Usage(diagnostic)) = pipeline::open(&load) {
        return Err(ServeError::Usage(diagnostic));
    }
    // Watching starts before the first build: a file saved while it runs, or just after the
    // address is printed, is built as soon as the loop starts.
    let (sender, events) = mpsc::channel();
    let watcher = Watcher::start(&root, sender).map_err(ServeError::Io)?;
    let mut rebuilder = Rebuilder::new(load);
    let live = Arc::new(Live::new(Arc::default()));
    rebuilder.show_ahead_with(Box::new({
        let live = live.clone();
        move |files| live.show_ahead(files)
    }));
    let mut printed = Printed::default();
    rebuild(
        &mut rebuilder,
        &live,
        &Plan::everything(),
        reporter,
        &mut printed,
    );
    let listener = bind(options, reporter)?;
    // Ctrl-C must be caught from the moment the URL is printed: a signal that arrived
    // before the handler was installed would kill the server without its clean stop.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(e.into()))?;
    let stopping = {
        let _context = runtime.enter();
        Stopping::listen().map_err(|e| ServeError::Io(e.into()))?
    };
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Io(e.into()))?;
    let url = url_of(address);
    if !address.ip().is_loopback() {
        reporter.warn(&format!(
            "serving on {}: anyone on the network can read the whole handbook, drafts included",
            address.ip()
        ));
    }
    let drafts = if options.load.include_drafts {
        "drafts shown"
    } else {
        "drafts hidden"
    };
    reporter.always(&format!(
        "Serving {} at {url} ({drafts}; Ctrl-C to stop)",
        root.display()
    ));
    if options.open {
        open_browser(&url, reporter);
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let stop = &stop;
        let live = &live;
        scope.spawn(move || {
            let mut looping = Loop {
                rebuilder,
                watcher,
                live,
                reporter,
                printed,
                root: &root,
            };
            looping.run(&events, stop);
        });
        let served = serve_http(listener, live.clone(), &runtime, stopping);
        stop.store(true, Ordering::SeqCst);
        served
    })?;
    reporter.always("Stopped.");
    Ok(())
}

/// Binds `--bind:--port`, or the next free port (and says so).
fn bind(options: &ServeOptions, reporter: &dyn Report) -> Result<TcpListener, ServeError> {
    let mut last_error = None;
    for port in (0..PORT_TRIES).filter_map(|i| options.port.checked_add(i)) {
        match TcpListener::bind(SocketAddr::new(options.bind, port)) {
            Ok(listener) => {
                if port != options.port {
                    reporter.always(&format!(
                        "Port {} is taken; using {port} instead.",
                        options.port
                    ));
                }
                return Ok(listener);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => last_error = Some(error),
            Err(error) => {
                return Err(ServeError::Usage(
                    Diagnostic::error(format!("cannot listen on {}:{port}: {error}", options.bind))
                        .help(
                            "check --bind: it must be an address of this machine, e.g. 127.0.0.1",
                        ),
                ))
            }
        }
    }
    let last = options.port.saturating_add(PORT_TRIES - 1);
    Err(ServeError::Usage(
        Diagnostic::error(format!(
            "ports {} to {last} on {} are all taken{}",
            options.port,
            options.bind,
            last_error.map(|e| format!(" ({e})")).unwrap_or_default()
        ))
        .help("stop the other server or choose another port with --port"),
    ))
}

fn url_of(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", address.port()),
    }
}

/// The signals that stop the server: Ctrl-C (SIGINT) and, on Unix, SIGTERM.
struct Stopping {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stopping {
    /// Installs the handlers now (inside the runtime's context), so no signal is missed.
    fn listen() -> std::io::Result<Stopping> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Stopping {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Stopping {})
    }

    /// Waits for the first of the signals.
    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs the HTTP server until Ctrl-C.
fn serve_http(
    listener: TcpListener,
    live: Arc<Live>,
    runtime: &tokio::runtime::Runtime,
    stopping: Stopping,
) -> Result<(), ServeError> {
    let io = |e: std::io::Error| ServeError::Io(e.into());
    listener.set_nonblocking(true).map_err(io)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(io)?;
        let (stop, shutdown) = tokio::sync::watch::channel(false);
        let size = listen::connection_budget();
        let connections = Arc::new(tokio::sync::Semaphore::new(size));
        let app = router(Shared {
            live,
            shutdown: shutdown.clone(),
            connections: connections.clone(),
        });
        tokio::spawn(async move {
            stopping.wait().await;
            let _ = stop.send(true);
        });
        listen::serve(listener, app, connections, size, shutdown)
            .await
            .map_err(io)
    })
}

fn open_browser(url: &str, reporter: &dyn Report) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        reporter.warn(&format!("could not start `{opener}`; open {url} yourself"));
    }
}

/// What was printed last, so the same diagnostics are not printed again on every save.
#[derive(Default)]
struct Printed {
    diagnostics: Arc<Vec<Diagnostic>>,
}

/// Rebuilds, publishes or shows the errors, and prints what is new.
fn rebuild(
    rebuilder: &mut Rebuilder,
    live: &Live,
    plan: &Plan,
    reporter: &dyn Report,
    printed: &mut Printed,
) {
    match rebuilder.rebuild_guarded(plan) {
        Ok(update) => {
            live.publish(update.files.clone(), &update.changed);
            let same = Arc::ptr_eq(&printed.diagnostics, &update.warnings)
                || printed.diagnostics == update.warnings;
            if !same {
                reporter.diagnostics(&update.warnings);
                printed.diagnostics = update.warnings;
            }
            use crate::util::words::count;
            let how = if update.incremental {
                format!("{} rendered again", update.rendered)
            } else {
                "all pages".to_string()
            };
            reporter.summary(&format!(
                "Built {} ({how}) in {} ms; {} changed",
                count(update.pages, "page", "pages"),
                update.elapsed.as_millis(),
                count(update.changed.len(), "file", "files")
            ));
        }
        Err(diagnostics) => {
            live.fail(&diagnostics);
            if *printed.diagnostics != diagnostics {
                reporter.diagnostics(&diagnostics);
                printed.diagnostics = Arc::new(diagnostics);
            }
        }
    }
}

/// How long to wait for more events before rebuilding: short after a save of one file (the
/// common case, kept fast), longer once a burst shows or a folder appears (its files follow).
fn settle_time(plan: &Plan) -> Duration {
    let one_file = match plan.content.keys().collect::<Vec<_>>()[..] {
        [path] => path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.')),
        _ => false,
    };
    if one_file && !plan.theme && !plan.config && !plan.full {
        SETTLE
    } else {
        BURST_SETTLE
    }
}

/// The rebuild loop: merges event batches into one plan per burst, then rebuilds.
struct Loop<'a> {
    rebuilder: Rebuilder,
    watcher: Watcher,
    live: &'a Live,
    reporter: &'a dyn Report,
    printed: Printed,
    root: &'a Path,
}

impl Loop<'_> {
    fn run(&mut self, events: &Receiver<Vec<FsEvent>>, stop: &AtomicBool) {
        while !stop.load(Ordering::SeqCst) {
            let batch = match events.recv_timeout(Duration::from_millis(100)) {
                Ok(batch) => batch,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let mut plan = super::plan::plan(self.root, &batch);
            // A burst (a checkout, a search-and-replace) arrives in several batches.
            while let Ok(more) = events.recv_timeout(settle_time(&plan)) {
                plan.add(self.root, &more);
            }
            if plan.is_empty() {
                continue;
            }
            if let Err(error) = self.watcher.refresh() {
                self.reporter.fatal(&error);
            }
            rebuild(
                &mut self.rebuilder,
                self.live,
                &plan,
                self.reporter,
                &mut self.printed,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::commands::serve::plan::plan;

    #[test]
    fn waits_longer_for_bursts_and_new_folders() {
        let root = Path::new("/hb");
        let one = plan(root, &[FsEvent::Written(root.join("content/a.md"))]);
        assert_eq!(settle_time(&one), SETTLE);
        let folder = plan(root, &[FsEvent::Written(root.join("content/new"))]);
        assert_eq!(settle_time(&folder), BURST_SETTLE);
        let two = plan(
            root,
            &[
                FsEvent::Written(root.join("content/a.md")),
                FsEvent::Written(root.join("content/b.md")),
            ],
        );
        assert_eq!(settle_time(&two), BURST_SETTLE);
        let template = plan(root, &[FsEvent::Written(root.join("templates/base.html"))]);
        assert_eq!(settle_time(&template), BURST_SETTLE);
    }
}
