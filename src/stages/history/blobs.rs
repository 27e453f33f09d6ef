//! Old versions of files, read in bulk: one `git cat-file --batch` for every blob asked for,
//! in the order asked (newest first, the order git packs them best for).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The text of each blob of `ids` that git has, by id; blobs that are not UTF-8 are left
/// out. Empty when git cannot be started.
pub fn read(dir: &Path, ids: &[String]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return out;
    }
    let child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return out;
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return out;
    };
    // The ids are written from a thread of their own: git answers while it reads, and a full
    // pipe either way would stop both.
    let asked: Vec<String> = ids.to_vec();
    let writer = std::thread::spawn(move || {
        let mut list = String::with_capacity(asked.len() * 41);
        for id in &asked {
            list.push_str(id);
            list.push('\n');
        }
        let _ = stdin.write_all(list.as_bytes());
    });
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut header = String::new();
    loop {
        header.clear();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let mut parts = header.split_whitespace();
        let (Some(id), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            continue; // `<id> missing`
        };
        let Ok(size) = size.parse::<usize>() else {
            break;
        };
        let mut bytes = vec![0; size + 1];
        if reader.read_exact(&mut bytes).is_err() {
            break;
        }
        bytes.pop();
        if kind == "blob" {
            if let Ok(text) = String::from_utf8(bytes) {
                out.insert(id.to_string(), text);
            }
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    out
}
