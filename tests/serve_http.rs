//! `northstar serve` over HTTP, running the real binary: pages with the live-reload snippet,
//! 404s, traversal attempts, drafts, the bind address, a taken port, Ctrl-C, and the
//! websocket messages that follow an edit, a mistake and its fix.

mod common;

use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::serve::{get, Serve};
use common::Handbook;

const SNIPPET: &str = r#"<script src="/__northstar/live.js""#;

#[test]
fn serves_pages_with_the_live_reload_snippet() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    assert!(
        serve.base.starts_with("http://127.0.0.1:"),
        "{}",
        serve.base
    );
    let (status, head, body) = get(serve.port, "/policies/security/access-control.html");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_lowercase().contains("content-type: text/html"),
        "{head}"
    );
    assert!(body.contains("Only system owners."));
    assert!(body.contains(&format!(
        r#"{SNIPPET} data-page="policies/security/access-control.html""#
    )));
    let (status, _, home) = get(serve.port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Acme Technology Handbook") && home.contains(SNIPPET));
    let (status, head, _) = get(serve.port, "/policies");
    assert_eq!(status, 301);
    assert!(
        head.to_lowercase().contains("location: /policies/"),
        "{head}"
    );
    let (status, head, script) = get(serve.port, "/__northstar/live.js");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("text/javascript") && script.contains("WebSocket"));
    let (status, head, _) = get(serve.port, "/northstar/style.css");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("text/css"), "{head}");
}

#[test]
fn unknown_paths_get_the_themes_404_page() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    for target in ["/nope.html", "/policies/nope/", "/a/b/c.png"] {
        let (status, _, body) = get(serve.port, target);
        assert_eq!(status, 404, "{target}");
        assert!(
            body.contains("not-found") && body.contains(SNIPPET),
            "{target}: {body}"
        );
        assert!(body.contains(r#"data-missing="true""#));
        // Written for the root, it is served at any depth: its links resolve from the root.
        assert!(body.contains(r#"<base href="/">"#), "{target}: {body}");
    }
    let (_, _, page) = get(serve.port, "/index.html");
    assert!(
        !page.contains("<base"),
        "only the 404 page gets a base: {page}"
    );
}

#[test]
fn traversal_sources_and_dot_files_never_reach_the_file_system() {
    let handbook = Handbook::fixture("basic");
    handbook.write("content/.env", "SECRET=hunter2\n");
    handbook.write("content/policies/.hidden.html", "<p>hidden</p>\n");
    let serve = Serve::start(handbook.root(), &[]);
    for target in [
        "/../northstar.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/northstar.yaml",
        "/%2E%2E%2Fnorthstar.yaml",
        "/policies/..%2f..%2fnorthstar.yaml",
        "/..%5cnorthstar.yaml",
        "/..\\northstar.yaml",
        "/policies\\..\\..\\northstar.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/northstar.yaml",
        "/content/policies/security/access-control.md",
        "/policies/security/access-control.md",
        "/.northstar-output",
        "/.env",
        "/policies/.hidden.html",
        "/.git/config",
        "/%00",
    ] {
        let (status, head, body) = get(serve.port, target);
        assert!(status == 404 || status == 400, "{target}: {head}");
        for secret in [
            "title: Acme Handbook",
            "root:x:0",
            "SECRET",
            "<p>hidden</p>",
            "## Who may grant access",
        ] {
            assert!(!body.contains(secret), "{target} leaked {secret:?}");
        }
    }
}

#[test]
fn drafts_are_shown_with_a_banner_unless_no_drafts() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let (status, _, body) = get(serve.port, "/strategy/draft-idea.html");
    assert_eq!(status, 200);
    assert!(body.contains("draft-banner") && body.contains("Not ready."));
    drop(serve);
    let serve = Serve::start(handbook.root(), &["--no-drafts"]);
    assert!(
        serve.before.iter().any(|l| l.contains("drafts hidden")),
        "{:?}",
        serve.before
    );
    assert_eq!(get(serve.port, "/strategy/draft-idea.html").0, 404);
}

#[test]
fn binds_loopback_by_default_and_warns_when_told_otherwise() {
    let handbook = Handbook::fixture("basic");
    let mut serve = Serve::start(handbook.root(), &[]);
    assert!(serve.base.starts_with("http://127.0.0.1:"));
    let (_, stderr) = serve.interrupt();
    assert!(!stderr.contains("network"), "{stderr}");
    let mut serve = Serve::start(handbook.root(), &["--bind", "0.0.0.0"]);
    assert!(serve.base.starts_with("http://0.0.0.0:"), "{}", serve.base);
    assert_eq!(get(serve.port, "/").0, 200);
    let (_, stderr) = serve.interrupt();
    assert!(stderr.contains("warning: serving on 0.0.0.0: anyone on the network can read the whole handbook, drafts included"), "{stderr}");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let handbook = Handbook::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let serve = Serve::start(handbook.root(), &["--port", &port.to_string()]);
    assert_ne!(serve.port, port);
    assert!(
        serve
            .before
            .iter()
            .any(|l| l.contains(&format!("Port {port} is taken; using {}", serve.port))),
        "{:?}",
        serve.before
    );
    assert_eq!(get(serve.port, "/").0, 200);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let handbook = Handbook::fixture("basic");
    let mut serve = Serve::start(handbook.root(), &[]);
    let _socket = socket(serve.port);
    let (code, stderr) = serve.interrupt();
    assert_eq!(code, 0, "{stderr}");
    serve.wait_for_line("Stopped.");
}

#[test]
fn not_a_handbook_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"))
        .args(["--root", dir.path().to_str().unwrap(), "serve"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no content/ folder"));
}

type Socket = tungstenite::WebSocket<TcpStream>;

fn socket(port: u16) -> Socket {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let (socket, _) =
        tungstenite::client(format!("ws://127.0.0.1:{port}/__northstar/ws"), stream).unwrap();
    socket
}

/// The next text message on the socket.
fn next(socket: &mut Socket) -> String {
    loop {
        match socket.read().expect("a websocket message") {
            tungstenite::Message::Text(text) => return text.to_string(),
            _ => continue,
        }
    }
}

#[test]
fn edits_errors_and_fixes_reach_the_websocket() {
    let handbook = Handbook::fixture("basic");
    let mut serve = Serve::start(handbook.root(), &[]);
    let mut ws = socket(serve.port);
    assert!(next(&mut ws).contains(r#""type":"hello""#));
    assert_eq!(next(&mut ws), r#"{"type":"ok"}"#);
    let page = "content/policies/security/access-control.md";
    // Saved atomically, as most editors do: a rebuild that caught a truncated file between
    // `write`'s truncation and its write would send messages this test does not expect.
    let good = "---\ntitle: Access control policy\nstatus: active\nowner: ciso\neffective: 2026-03-01\nreview_every: 1 year\nlast_reviewed: 2026-03-01\n---\n\n## Who may grant access\n\nOnly system owners, edited.\n";
    handbook.save(page, good);
    let reload = next(&mut ws);
    assert!(
        reload.contains(r#""type":"reload""#)
            && reload.contains("policies/security/access-control.html"),
        "{reload}"
    );
    if reload.contains(r#""ahead":"#) {
        // The page went ahead of the pages that changed with it (its links did): they follow.
        assert!(next_reload(&mut ws).contains("policies/retention.html"));
    }
    assert!(get(serve.port, "/policies/security/access-control.html")
        .2
        .contains("Only system owners, edited."));

    handbook.save(page, &good.replace("owner: ciso", "owner: [ciso"));
    let errors = next(&mut ws);
    assert!(errors.contains(r#""type":"errors""#) && errors.contains(r#""location":"content/policies/security/access-control.md:5:10","message":"invalid YAML"#), "{errors}");
    let still = get(serve.port, "/policies/security/access-control.html").2;
    assert!(
        still.contains("Only system owners, edited."),
        "the last good page stays"
    );
    // Another save while the mistake is still there: the tabs keep the overlay, the terminal
    // does not print the same errors again.
    handbook.save(
        "content/notes/glossary.md",
        "---\ntitle: Glossary\n---\n\nEdited.\n",
    );
    assert_eq!(next(&mut ws), errors);
    handbook.save(page, &good.replace("edited", "fixed"));
    assert_eq!(next(&mut ws), r#"{"type":"ok"}"#);
    assert!(next(&mut ws).contains("policies/security/access-control.html"));
    assert!(get(serve.port, "/policies/security/access-control.html")
        .2
        .contains("Only system owners, fixed."));
    let (code, stderr) = serve.interrupt();
    assert_eq!(code, 0);
    assert_eq!(
        stderr
            .matches("error: invalid YAML in front matter")
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("content/policies/security/access-control.md:5:10: error: invalid YAML"),
        "{stderr}"
    );
}

/// A front-matter edit: the edited page is shown ahead of the rest of the rebuild (a reload
/// message naming it, with `ahead`) with its new title; every other file comes from the
/// finished rebuild, whose message names the pages that changed with it but not the page
/// shown ahead (`after`), so that its tab does not reload twice. (Serving while the rebuild
/// goes on is tested in `serve::http`'s own tests, where the rebuild waits on the test.)
#[test]
fn a_title_edit_shows_its_page_ahead_of_the_pages_that_list_it() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let mut ws = socket(serve.port);
    assert!(next(&mut ws).contains(r#""type":"hello""#));
    assert_eq!(next(&mut ws), r#"{"type":"ok"}"#);
    let source = "content/policies/security/access-control.md";
    let text = std::fs::read_to_string(handbook.root().join(source)).unwrap();
    let renamed = text.replace("title: Access control policy", "title: Who gets access");
    handbook.save(source, &renamed);

    let page = "policies/security/access-control.html";
    let first: serde_json::Value = serde_json::from_str(&next_reload(&mut ws)).unwrap();
    let shown = changed_paths(&first);
    // The page, and the summary the search results show of it.
    assert!(shown.contains(&page), "{first}");
    assert!(
        shown
            .iter()
            .all(|p| *p == page || p.starts_with("search/d/")),
        "{first}"
    );
    let ahead = first["ahead"].as_u64().expect("the page is shown ahead");
    // Served ahead, or, once the rebuild is done (it can be, on a handbook this small), as
    // any other page: with the new title either way.
    let (status, _, html) = get(serve.port, &format!("/{page}"));
    assert_eq!(status, 200);
    assert!(html.contains("Who gets access"), "{html}");
    // The folder's page lists the document: it is served as the finished rebuild has it.
    let (status, _, folder) = get(serve.port, "/policies/security/");
    assert_eq!(status, 200);
    assert!(folder.contains("Who gets access") && !folder.contains("Access control policy"));
    assert!(!folder.contains("data-ahead"), "{folder}");

    let last: serde_json::Value = serde_json::from_str(&next_reload(&mut ws)).unwrap();
    assert_eq!(last["after"].as_u64(), Some(ahead), "{last}");
    let changed = changed_paths(&last);
    assert!(
        changed.contains(&"policies/security/index.html"),
        "{changed:?}"
    );
    assert!(!changed.contains(&page), "{changed:?}");
    // Once the rebuild is done, the page is served as any other.
    let (_, _, after) = get(serve.port, &format!("/{page}"));
    assert!(after.contains("Who gets access") && !after.contains("data-ahead"));
}

/// The paths a reload message names as changed.
fn changed_paths(message: &serde_json::Value) -> Vec<&str> {
    let changed = message["changed"].as_array().expect("a list of paths");
    changed.iter().filter_map(|p| p.as_str()).collect()
}

/// The websocket's next reload message (failing on errors on the way).
fn next_reload(ws: &mut Socket) -> String {
    loop {
        let message = next(ws);
        if message.contains(r#""type":"reload""#) {
            return message;
        }
        assert!(!message.contains(r#""type":"errors""#), "{message}");
    }
}

/// How many rebuild lines `serve` printed until the websocket's next reload message.
fn rebuilds_until_reload(serve: &Serve, ws: &mut Socket) -> usize {
    next_reload(ws);
    rebuild_lines(serve)
}

/// How many rebuild lines `serve` prints now. The server sends a rebuild's reload before it
/// prints its line, and a loaded machine can put a while between the two, so the first line
/// is waited for; later ones (a rebuild that followed) get a moment to arrive.
fn rebuild_lines(serve: &Serve) -> usize {
    let is_rebuild = |line: &String| line.starts_with("Built ");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = serve
            .stdout
            .recv_timeout(left)
            .expect("serve printed no rebuild line within 30 s");
        if is_rebuild(&line) {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    1 + serve.stdout.try_iter().filter(is_rebuild).count()
}

#[test]
fn the_real_watcher_handles_atomic_saves_folders_and_bursts() {
    let handbook = Handbook::fixture("basic");
    let serve = Serve::start(handbook.root(), &[]);
    let mut ws = socket(serve.port);
    next(&mut ws);
    next(&mut ws);
    let root = handbook.root();

    // An editor's atomic save: write a hidden temp file, rename it over the document.
    let page = root.join("content/notes/glossary.md");
    let temp = root.join("content/notes/.glossary.md.tmp");
    std::fs::write(&temp, "# Glossary of terms\n\nSaved atomically.\n").unwrap();
    std::fs::rename(&temp, &page).unwrap();
    assert_eq!(rebuilds_until_reload(&serve, &mut ws), 1);
    assert!(get(serve.port, "/notes/glossary.html")
        .2
        .contains("Saved atomically."));

    // A burst, as from a checkout: a new folder with 300 documents, written one by one. The
    // rebuild loop waits for the writes to pause, so the tabs reload once. A loaded machine
    // can stall this thread for longer than that wait (65 ms) between two writes and so
    // split the burst; a few reloads pass, one per write would not.
    let folder = root.join("content/burst");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..300 {
        let text = format!("---\ntitle: Burst {i}\nkind: page\n---\n\nBody {i}.\n");
        std::fs::write(folder.join(format!("doc-{i}.md")), text).unwrap();
    }
    next_reload(&mut ws);
    // The rest of a split burst must be over before the next step, which would take its
    // reload for its own. A page saved now queues behind the burst's events, so the reload
    // that names it comes after every reload of the burst; they are counted on the way.
    handbook.save(
        "content/notes/after-burst.md",
        "---\ntitle: After the burst\nkind: page\n---\n\nSaved after the burst.\n",
    );
    let mut reloads = 1;
    while !next_reload(&mut ws).contains("notes/after-burst.html") {
        reloads += 1;
    }
    assert!(
        (1..=3).contains(&reloads),
        "{reloads} reloads for one burst"
    );
    // And their lines, so the next step counts only its own.
    rebuild_lines(&serve);
    assert!(get(serve.port, "/burst/doc-299.html")
        .2
        .contains("Body 299."));

    // Renaming a folder.
    std::fs::rename(&folder, root.join("content/moved")).unwrap();
    rebuilds_until_reload(&serve, &mut ws);
    assert_eq!(get(serve.port, "/burst/doc-1.html").0, 404);
    assert!(get(serve.port, "/moved/doc-1.html").2.contains("Body 1."));

    // Deleting a folder as a file manager does, by moving it to the trash (outside
    // content/), then emptying the trash. Moving is one event; removing the folder where it
    // is would be one per file, and a rebuild started between two of them would still
    // serve the pages of the files left.
    let trash = root.join("trash");
    std::fs::rename(root.join("content/moved"), &trash).unwrap();
    rebuilds_until_reload(&serve, &mut ws);
    assert_eq!(get(serve.port, "/moved/doc-1.html").0, 404);
    std::fs::remove_dir_all(&trash).unwrap();
}

#[test]
fn open_starts_the_browser_on_the_url() {
    let handbook = Handbook::fixture("basic");
    // A stand-in for xdg-open that notes the URL it was given. It writes
    // a side file and renames it, so the test never sees the note created
    // but not yet written (the shell makes the file before echo fills it).
    let bin = handbook.root().join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let noted = handbook.root().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\necho \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            noted.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut serve = Serve::start_with_env(handbook.root(), &["--open"], &[("PATH", &path)]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !noted.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&noted).expect("the browser was started");
    assert_eq!(opened.trim(), format!("{}/", serve.base));
    let (code, _) = serve.interrupt();
    assert_eq!(code, 0);
}

#[test]
fn an_edit_saved_while_the_first_build_runs_is_served() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    // Enough documents that the first build renders for a while after reading them.
    let handbook = Handbook::new();
    for n in 0..600 {
        let text = format!("---\ntitle: Note {n}\n---\n\n## Part\n\nText of note {n}.\n");
        handbook.write(&format!("content/notes/n{n:03}.md"), &text);
    }
    // The note is saved again and again until `serve` prints its address: the last save
    // comes after the first build read the files, and must be built all the same.
    let edited = handbook.root().join("content/notes/n000.md");
    let printed = Arc::new(AtomicBool::new(false));
    let saving = printed.clone();
    let writer = std::thread::spawn(move || {
        let mut saves = 0;
        while !saving.load(Ordering::SeqCst) {
            saves += 1;
            let text = format!("---\ntitle: Note 0\n---\n\nSaved {saves} times.\n");
            std::fs::write(&edited, text).unwrap();
            std::thread::sleep(Duration::from_millis(10));
        }
        saves
    });
    let serve = Serve::start(handbook.root(), &[]);
    printed.store(true, Ordering::SeqCst);
    let last = format!("Saved {} times.", writer.join().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, _, body) = get(serve.port, "/notes/n000.html");
        if body.contains(&last) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the last save ({last}) was never served:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
