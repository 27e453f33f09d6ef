//! Save-to-reload latency of `northstar serve`: the time from writing a file to the reload
//! message on the live-reload websocket, for a body edit, front-matter edits (title, status,
//! tags, and a weight, which renders every page) and a template edit. A front-matter edit
//! whose page is shown ahead of the rest of the rebuild has two times: to the edited page,
//! fetched over HTTP after the message that shows it ("page"), and to the message of the
//! finished rebuild.
//! A benchmark, not a test: run it by hand on a generated handbook.
//!
//! ```sh
//! python3 ../shared/bench/gen_corpus.py --docs 10000 --out /tmp/corpus10k --flavor northstar
//! cargo build --release --examples
//! target/release/examples/serve_latency target/release/northstar /tmp/corpus10k
//! BODY_ONLY=1 target/release/examples/serve_latency OTHER_BINARY /tmp/corpus10k   # body edits only
//! ```
//!
//! It edits the handbook (a document and `templates/partials/footer.html`) and restores them.
//! First it adds the fields the built-in kinds now require and the generator does not write
//! (`effective` for a policy, `start`/`end`/`lane` for an initiative, `ring`/`quadrant` for a
//! technology, no `deprecated` standard), so that the handbook builds without errors.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type Socket = tungstenite::WebSocket<TcpStream>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, binary, root] = &args[..] else {
        eprintln!("usage: serve_latency NORTHSTAR_BINARY HANDBOOK_DIR [runs]");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let fixed = make_valid(&root.join("content"));
    if fixed > 0 {
        println!("added required fields to {fixed} documents");
    }
    let runs = 15;
    let (mut server, port) = start(binary, &root);
    let mut socket = connect(port);
    let document = pick_document(&root.join("content"));
    let original = std::fs::read_to_string(&document).unwrap();
    println!(
        "handbook: {}   document: {}",
        root.display(),
        document.display()
    );

    let body = measure(&mut socket, runs, |i| {
        std::fs::write(&document, format!("{original}\nA body edit, number {i}.\n")).unwrap();
    });
    report("body edit", &body);
    if std::env::var_os("BODY_ONLY").is_some() {
        std::fs::write(&document, &original).unwrap();
        let _ = server.kill();
        return;
    }
    // Front-matter edits: each renders again the pages that show the document.
    let front_matter: [(&str, &dyn Fn(usize) -> String); 4] = [
        ("title edit", &|i| {
            original.replacen("\ntitle: ", &format!("\ntitle: Edit {i} "), 1)
        }),
        ("status edit", &|i| {
            let status = ["active", "approved"][i % 2];
            original.replacen("\nstatus: approved\n", &format!("\nstatus: {status}\n"), 1)
        }),
        ("tag edit", &|i| {
            original.replacen("\ntags: [", &format!("\ntags: [edit{}, ", i % 3), 1)
        }),
        // A weight orders the section: every page is rendered again, as before front-matter
        // edits were selective.
        ("weight edit", &|i| match i % 2 {
            // First in its folder, then back: each edit moves it, so pages change.
            0 => {
                let weight = original.split("\nweight: ").nth(1).unwrap_or("");
                let line = weight.lines().next().unwrap_or("");
                original.replacen(&format!("\nweight: {line}\n"), "\nweight: -1\n", 1)
            }
            _ => original.clone(),
        }),
    ];
    for (what, edit) in front_matter {
        let times = measure(&mut socket, runs, |i| {
            std::fs::write(&document, edit(i)).unwrap();
        });
        report(what, &times);
        std::fs::write(&document, &original).unwrap();
    }
    let footer = root.join("templates/partials/footer.html");
    let theme_footer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html");
    let footer_text = std::fs::read_to_string(theme_footer).unwrap();
    std::fs::create_dir_all(footer.parent().unwrap()).unwrap();
    let template = measure(&mut socket, runs.min(7), |i| {
        std::fs::write(
            &footer,
            format!("{footer_text}<!-- template edit {i} -->\n"),
        )
        .unwrap();
    });
    report("template edit", &template);
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    let _ = server.kill();
    let _ = server.wait();
}

/// Starts the server and reads its port; the caller kills it (a failure here ends the process).
#[allow(clippy::zombie_processes)]
fn start(binary: &str, root: &Path) -> (Child, u16) {
    let mut child = Command::new(binary)
        .arg("--root")
        .arg(root)
        .args(["--quiet", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start northstar serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("a URL").unwrap();
        if let Some((_, rest)) = line.split_once(" at http://") {
            let port = rest
                .split('/')
                .next()
                .unwrap()
                .rsplit(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            std::thread::spawn(move || lines.for_each(drop));
            return (child, port);
        }
    }
}

fn connect(port: u16) -> Socket {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let (mut socket, _) =
        tungstenite::client(format!("ws://127.0.0.1:{port}/__northstar/ws"), stream).unwrap();
    next(&mut socket);
    next(&mut socket);
    socket
}

fn next(socket: &mut Socket) -> String {
    loop {
        if let tungstenite::Message::Text(text) = socket.read().expect("a message") {
            return text.to_string();
        }
    }
}

/// The times of one kind of edit, from the write of the file.
#[derive(Default)]
struct Times {
    /// To the edited page, fetched after a message that shows it ahead of the rest of the
    /// rebuild (front-matter edits), with its new text.
    page: Vec<Duration>,
    /// To the message of the finished rebuild (the first one when nothing was shown ahead).
    all: Vec<Duration>,
}

/// Runs `edit` `runs` times and returns each one's times.
fn measure(socket: &mut Socket, runs: usize, mut edit: impl FnMut(usize)) -> Times {
    let port = socket.get_ref().peer_addr().unwrap().port();
    let mut times = Times::default();
    for i in 0..runs {
        settle(socket);
        let started = Instant::now();
        edit(i);
        let first = next_reload(socket);
        let message: serde_json::Value = serde_json::from_str(&first).unwrap();
        if message.get("ahead").is_none() {
            times.all.push(started.elapsed());
            continue;
        }
        let changed = message["changed"].as_array().unwrap();
        let page = changed
            .iter()
            .filter_map(|path| path.as_str())
            .find(|path| path.ends_with(".html"))
            .unwrap();
        let html = get(port, page);
        assert!(html.contains("data-ahead="), "{page} was not served ahead");
        times.page.push(started.elapsed());
        next_reload(socket);
        times.all.push(started.elapsed());
    }
    times
}

/// The next reload message; other messages are skipped, and an error report ends the run.
fn next_reload(socket: &mut Socket) -> String {
    loop {
        let message = next(socket);
        if message.contains(r#""type":"reload""#) {
            return message;
        }
        assert!(
            !message.contains(r#""type":"errors""#),
            "the edit broke the build: {message}"
        );
    }
}

/// The body of the server's file `path`, over one HTTP/1.1 connection.
fn get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request =
        format!("GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{path}: {response:.200}"
    );
    response
}

/// Reads and drops the messages of earlier rebuilds (a restored file, an edit that needed
/// two), until the server has been quiet for 1 s: a restored document's page can go ahead of
/// the rest of its rebuild by more than half a second at 10,000 documents.
fn settle(socket: &mut Socket) {
    let quiet = Some(Duration::from_millis(1000));
    socket.get_mut().set_read_timeout(quiet).unwrap();
    while socket.read().is_ok() {}
    let patient = Some(Duration::from_secs(120));
    socket.get_mut().set_read_timeout(patient).unwrap();
}

/// Prints the edit's times: to the edited page shown ahead (when it was), and to the end of
/// the rebuild.
fn report(what: &str, times: &Times) {
    if !times.page.is_empty() {
        line(&format!("{what}, page"), &times.page);
    }
    line(what, &times.all);
}

fn line(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "{what:>20}: median {:7.1} ms   min {:7.1} ms   max {:7.1} ms   ({} runs)",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}

/// An approved policy deep in the handbook (not a section index), with a title, tags and a
/// weight for the front-matter edits.
fn pick_document(content: &Path) -> PathBuf {
    let mut stack = vec![content.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let fields = [
                    "\ntitle: ",
                    "\ntags: [",
                    "\nweight: ",
                    "\nstatus: approved\n",
                ];
                if text.contains("\nkind: policy\n") && fields.iter().all(|f| text.contains(f)) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found.swap_remove(found.len() / 2)
}

/// Adds the fields the built-in kinds require to generated documents; returns how many changed.
fn make_valid(content: &Path) -> usize {
    let mut changed = 0;
    let mut stack = vec![content.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some(rest) = text.strip_prefix("---\n") else {
                continue;
            };
            let field = |name: &str| {
                rest.lines()
                    .take_while(|l| *l != "---")
                    .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_string))
            };
            let status = field("status").unwrap_or_default();
            let added = match field("kind").as_deref() {
                Some("policy") if field("effective").is_none() => {
                    "effective: 2024-01-01\n".to_string()
                }
                Some("initiative") if field("lane").is_none() => {
                    "start: 2025-Q1\nend: 2025-Q4\nlane: platform\n".to_string()
                }
                Some("technology") if field("ring").is_none() => {
                    let ring = ["adopt", "trial", "assess", "hold"]
                        .into_iter()
                        .find(|r| *r == status)
                        .unwrap_or("assess");
                    format!("ring: {ring}\nquadrant: tools\n")
                }
                _ => String::new(),
            };
            let mut fixed = format!("---\n{added}{rest}");
            if field("kind").as_deref() == Some("standard") && status == "deprecated" {
                fixed = fixed.replacen("\nstatus: deprecated\n", "\nstatus: retired\n", 1);
            }
            if fixed != text {
                std::fs::write(&path, fixed).unwrap();
                changed += 1;
            }
        }
    }
    changed
}
