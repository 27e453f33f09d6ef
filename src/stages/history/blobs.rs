//! Old versions of files, read in bulk: one `git cat-file --batch` that is sent each blob id
//! as soon as the log names it (newest first, the order git packs them best for) and is read
//! by a thread of its own meanwhile.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ChildStdout;

use super::repo::Piped;

/// The blobs asked for so far, and the git that reads them (started at the first).
pub struct Blobs {
    dir: PathBuf,
    git: Option<Piped<HashMap<String, String>>>,
    asked: HashSet<String>,
}

impl Blobs {
    /// Reads blobs in `dir`; the blobs of `known` (read before) are not asked for again.
    pub fn new(dir: &Path, known: HashSet<String>) -> Blobs {
        Blobs {
            dir: dir.to_path_buf(),
            git: None,
            asked: known,
        }
    }

    /// Asks for blob `id`, once; the first ask starts `git cat-file --batch` (nothing is
    /// asked of a git that cannot start).
    pub fn ask(&mut self, id: &str) {
        if self.asked.insert(id.to_string()) {
            if self.git.is_none() {
                self.git = Piped::start(&self.dir, &["cat-file", "--batch"], read);
            }
            if let Some(git) = &mut self.git {
                git.send(id);
            }
        }
    }

    /// The text of each blob asked for that git has, by id; blobs that are not UTF-8 are left
    /// out.
    pub fn finish(self) -> HashMap<String, String> {
        self.git.and_then(Piped::finish).unwrap_or_default()
    }
}

fn read(stdout: ChildStdout) -> HashMap<String, String> {
    parse(stdout)
}

/// Reads `cat-file --batch` output: a `<id> <kind> <size>` line, then the object's bytes and a
/// newline, for every id (`<id> missing` for ids git does not have). The history's cache
/// keeps its versions in the same form (see [`write`]).
pub fn parse(input: impl Read) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = BufReader::with_capacity(1 << 16, input);
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
    out
}

/// Writes `texts` as `cat-file --batch` prints blobs, which [`parse`] reads back.
pub fn write(out: &mut impl Write, texts: &HashMap<String, String>) -> std::io::Result<()> {
    for (id, text) in texts {
        writeln!(out, "{id} blob {}", text.len())?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
