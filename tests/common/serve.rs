//! Running `northstar serve` for a test: starts it on a free port, reads the URL it prints,
//! and stops it (with Ctrl-C's signal) when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// A running `northstar serve`.
pub struct Serve {
    pub child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    pub port: u16,
    /// Lines printed on stdout after the URL.
    pub stdout: Receiver<String>,
    /// The lines printed on stdout before the URL, and the line with the URL.
    pub before: Vec<String>,
    stderr: Option<ChildStderr>,
}

impl Serve {
    /// Starts `northstar --root ROOT serve --port 0 ARGS…` and waits for its URL.
    pub fn start(root: &Path, args: &[&str]) -> Serve {
        Serve::start_with_env(root, args, &[])
    }

    /// [`Serve::start`] with more environment variables.
    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Serve {
        Serve::launch(
            Command::new(env!("CARGO_BIN_EXE_northstar")),
            root,
            args,
            env,
        )
    }

    /// [`Serve::start`] in a process that may open at most `files` files (`ulimit -n`).
    pub fn start_with_open_files(root: &Path, args: &[&str], files: u32) -> Serve {
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_northstar"));
        Serve::launch(shell, root, args, &[])
    }

    fn launch(mut command: Command, root: &Path, args: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = command
            .arg("--root")
            .arg(root)
            .arg("serve")
            .args(if args.contains(&"--port") {
                &[][..]
            } else {
                &["--port", "0"][..]
            })
            .args(args)
            .env("NO_COLOR", "1")
            // The fixed date of `Handbook::run`: reviews fall due by the calendar, and a test
            // must not start seeing their warnings on the day one does.
            .env("NORTHSTAR_TODAY", "2026-11-28")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start northstar serve");
        let (sender, stdout) = mpsc::channel();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut before = Vec::new();
        let (base, port) = loop {
            let line = stdout
                .recv_timeout(Duration::from_secs(60))
                .expect("serve printed no URL");
            if let Some((_, rest)) = line.split_once(" at http://") {
                let address = rest.split('/').next().unwrap();
                let port = address.rsplit(':').next().unwrap().parse().unwrap();
                let base = format!("http://{address}");
                before.push(line);
                break (base, port);
            }
            before.push(line);
        };
        let stderr = child.stderr.take();
        Serve {
            child,
            base,
            port,
            stdout,
            before,
            stderr,
        }
    }

    /// Sends SIGINT (what Ctrl-C sends) and returns the exit code and stderr.
    pub fn interrupt(&mut self) -> (i32, String) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill -INT");
        // A server that ignores Ctrl-C fails the test instead of hanging the suite.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("serve did not stop within 30 s of Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        if let Some(mut pipe) = self.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        (status.code().unwrap_or(-1), stderr)
    }

    /// Waits for a stdout line containing `needle`.
    pub fn wait_for_line(&self, needle: &str) -> String {
        loop {
            let line = self
                .stdout
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("serve never printed {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 GET of `target` exactly as written (no client normalises it).
pub fn get(port: u16, target: &str) -> (u16, String, String) {
    send(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `request` (a whole request, as written) and reads the response until the server
/// closes the connection: (status, head, body).
pub fn send(port: u16, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}
