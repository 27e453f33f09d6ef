//! The output folder's manifest (`.northstar-output`): the files Northstar wrote there, each
//! with what a rebuild needs to recognise it unchanged without reading it back — its size,
//! modification time, inode and a hash of its bytes.
//!
//! ```text
//! # Files written by Northstar; it only ever deletes these.
//! # format 2: xxh3-128 of the bytes, size, modified (seconds.nanoseconds), inode, path
//! # format 3: a path writes a backslash as \\ and a control character as \n, \r, \t or \xHH
//! 6c1e…0f 5120 1733462400.123456789 98765 guide/index.html
//! 9a0b…1c 2048 1733462400.123456789 98766 notes/first\nsecond.html
//! ```
//!
//! Format 3 only adds the escapes: a file name may hold a newline or a carriage return,
//! which would end its line early, and a backslash, which starts an escape. A path without
//! those characters (nearly every one) is written and read as it is. The format-2 line stays,
//! so an older Northstar still reads the records of such paths.
//!
//! Older manifests still read: one of format 2 wrote every path as it is (a name with a
//! newline went on over the next line, which is read back as the rest of that name); one
//! without the format lines (written before the records existed) lists one path per line,
//! and its files have no record and are compared byte for byte.
//!
//! An entry whose path is absolute or has an empty, `.` or `..` part is ignored: Northstar
//! never writes one, and deleting it could reach outside the output folder.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::fs::Metadata;

use super::escape::{escaped, unescape};

/// The manifest's first line.
const HEADER: &str = "# Files written by Northstar; it only ever deletes these.";
/// The line that says each entry carries a record.
const FORMAT_2: &str =
    "# format 2: xxh3-128 of the bytes, size, modified (seconds.nanoseconds), inode, path";
/// The line that says paths are escaped.
const FORMAT_3: &str = "# format 3: a path writes a backslash as \\\\ and a control character as \\n, \\r, \\t or \\xHH";

/// What identifies one file Northstar wrote: if the file on disk still has this size,
/// modification time and inode, its bytes are those that hashed to `hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub hash: u128,
    pub size: u64,
    pub seconds: i64,
    pub nanoseconds: u32,
    pub inode: u64,
}

impl Record {
    /// The record of a file whose bytes hash to `hash`, from its metadata.
    pub fn of(metadata: &Metadata, hash: u128) -> Record {
        let (seconds, nanoseconds, inode) = stamp(metadata);
        Record {
            hash,
            size: metadata.len(),
            seconds,
            nanoseconds,
            inode,
        }
    }

    /// Whether `metadata` describes the very file this record was made of: a plain file of
    /// the same size, modification time and inode (editing or replacing it changes them).
    pub fn still_describes(&self, metadata: &Metadata) -> bool {
        metadata.file_type().is_file()
            && metadata.len() == self.size
            && stamp(metadata) == (self.seconds, self.nanoseconds, self.inode)
    }
}

/// The hash a record keeps of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// [`hash`] of bytes written to it a piece at a time (the same value for the same bytes),
/// passing them on to `inner`: `std::io::copy` into it hashes what it copies.
pub struct Hashing<W> {
    pub inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        }
    }

    /// The hash of everything written so far.
    pub fn hash(&self) -> u128 {
        self.hasher.digest128()
    }
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, piece: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(piece)?;
        self.hasher.update(&piece[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Copies all of `from` into `into` (both files: read in large pieces), hashing the bytes.
pub fn copy_hashing<W: std::io::Write>(from: std::fs::File, into: W) -> std::io::Result<(W, u128)> {
    let mut reader = std::io::BufReader::with_capacity(256 * 1024, from);
    let mut hashing = Hashing::new(into);
    std::io::copy(&mut reader, &mut hashing)?;
    let hash = hashing.hash();
    Ok((hashing.inner, hash))
}

/// [`hash`] of the file at `path`, read a piece at a time.
pub fn hash_file(path: &std::path::Path) -> std::io::Result<u128> {
    copy_hashing(std::fs::File::open(path)?, std::io::sink()).map(|(_, hash)| hash)
}

/// Modification time and inode.
#[cfg(unix)]
fn stamp(metadata: &Metadata) -> (i64, u32, u64) {
    use std::os::unix::fs::MetadataExt;
    let nanoseconds = u32::try_from(metadata.mtime_nsec()).unwrap_or(u32::MAX);
    (metadata.mtime(), nanoseconds, metadata.ino())
}

/// Modification time; no inode number on this platform.
#[cfg(not(unix))]
fn stamp(metadata: &Metadata) -> (i64, u32, u64) {
    let since = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    match since {
        Some(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
            0,
        ),
        None => (i64::MIN, 0, 0),
    }
}

/// How a manifest writes its entries, from its header lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// One path per line, without records.
    Paths,
    /// Records, paths as they are.
    Recorded,
    /// Records, paths escaped.
    Escaped,
}

/// The previous output's files, with their records where the manifest has them.
pub fn parse(text: &str) -> HashMap<String, Option<Record>> {
    let mut format = Format::Paths;
    let mut body = text;
    while body.starts_with('#') {
        let (line, rest) = body.split_once('\n').unwrap_or((body, ""));
        match line {
            FORMAT_2 if format == Format::Paths => format = Format::Recorded,
            FORMAT_3 => format = Format::Escaped,
            _ => {}
        }
        body = rest;
    }
    let mut files = HashMap::new();
    match format {
        Format::Paths => {
            let paths = body
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'));
            files.extend(paths.map(|path| (path.to_string(), None)));
        }
        Format::Recorded => parse_unescaped(body, &mut files),
        Format::Escaped => {
            for line in body
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let entry = parse_entry(line)
                    .and_then(|(path, record)| Some((unescape(path)?, Some(record))));
                let (path, record) = entry.unwrap_or((Cow::Borrowed(line), None));
                files.insert(path.into_owned(), record);
            }
        }
    }
    files.retain(|path, _| stays_inside(path));
    files
}

/// The entries of a format-2 manifest, which wrote paths as they are: a line that is not an
/// entry is the rest of the previous entry's name after a newline in it (a line with no entry
/// before it is a path without a record). Lines are split at `\n` alone, as they were written,
/// so that a carriage return in a name stays in it.
fn parse_unescaped(body: &str, files: &mut HashMap<String, Option<Record>>) {
    let mut last: Option<(String, Record)> = None;
    for line in body.strip_suffix('\n').unwrap_or(body).split('\n') {
        match (parse_entry(line), &mut last) {
            (Some((path, record)), _) => {
                if let Some((path, record)) = last.replace((path.to_string(), record)) {
                    files.insert(path, Some(record));
                }
            }
            (None, Some((path, _))) => {
                path.push('\n');
                path.push_str(line);
            }
            (None, None) if !line.is_empty() => {
                files.insert(line.to_string(), None);
            }
            (None, None) => {}
        }
    }
    if let Some((path, record)) = last {
        files.insert(path, Some(record));
    }
}

/// Whether `path` names a place inside the output folder: relative, without an empty, `.`
/// or `..` part.
fn stays_inside(path: &str) -> bool {
    path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// `hash size seconds.nanoseconds inode path` (the path is the rest of the line).
fn parse_entry(line: &str) -> Option<(&str, Record)> {
    let mut fields = line.splitn(5, ' ');
    let hash = u128::from_str_radix(fields.next()?, 16).ok()?;
    let size = fields.next()?.parse().ok()?;
    let (seconds, nanoseconds) = fields.next()?.split_once('.')?;
    let inode = fields.next()?.parse().ok()?;
    let path = fields.next().filter(|p| !p.is_empty())?;
    let record = Record {
        hash,
        size,
        seconds: seconds.parse().ok()?,
        nanoseconds: nanoseconds.parse().ok()?,
        inode,
    };
    Some((path, record))
}

/// The manifest of `files` (path → record), in their order.
pub fn format<'a>(files: impl IntoIterator<Item = (&'a str, &'a Record)>) -> String {
    let files = files.into_iter();
    let mut text = String::with_capacity(files.size_hint().0 * 96 + 256);
    for line in [HEADER, FORMAT_2, FORMAT_3] {
        text.push_str(line);
        text.push('\n');
    }
    for (path, record) in files {
        push_entry(&mut text, path, record);
    }
    text
}

/// Appends the manifest line of `path`.
pub fn push_entry(text: &mut String, path: &str, r: &Record) {
    let _ = write!(
        text,
        "{:032x} {} {}.{:09} {} ",
        r.hash, r.size, r.seconds, r.nanoseconds, r.inode
    );
    text.push_str(&escaped(path));
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u64) -> Record {
        Record {
            hash: u128::from(n) << 70 | 0xabc,
            size: n * 10,
            seconds: 1_733_462_400 + n as i64,
            nanoseconds: 5,
            inode: 90 + n,
        }
    }

    #[test]
    fn records_survive_a_round_trip_whatever_the_path_holds() {
        let mut files = std::collections::BTreeMap::new();
        files.insert("index.html".to_string(), record(1));
        files.insert("files/a plan 2 3 4.pdf".to_string(), record(2));
        files.insert("search/d/0/12.json".to_string(), record(3));
        files.insert("back\\slash/new\nline\r.html".to_string(), record(4));
        files.insert("ends in return\r".to_string(), record(5));
        files.insert("# not a comment\n\n".to_string(), record(6));
        files.insert("x\n0 1 2.3 4 injected".to_string(), record(7));
        let text = format(files.iter().map(|(path, record)| (path.as_str(), record)));
        assert!(text.starts_with(HEADER));
        assert!(text.contains(" index.html\n"), "a plain path as it is");
        assert_eq!(text.lines().count(), 3 + files.len(), "one line per file");
        let parsed = parse(&text);
        assert_eq!(parsed.len(), files.len());
        for (path, r) in &files {
            assert_eq!(parsed[path], Some(*r), "{path}");
        }
    }

    #[test]
    fn hashing_a_piece_at_a_time_gives_the_same_hash() {
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for (len, piece) in [(0, 1), (5, 2), (240, 17), (1_025, 64), (300_000, 65_536)] {
            let mut hashing = Hashing::new(std::io::sink());
            for chunk in bytes[..len].chunks(piece) {
                std::io::Write::write_all(&mut hashing, chunk).unwrap();
            }
            assert_eq!(hashing.hash(), hash(&bytes[..len]), "{len} bytes");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(hash_file(&path).unwrap(), hash(&bytes));
    }

    #[test]
    fn an_older_manifest_lists_paths_without_records() {
        let parsed = parse(&format!("{HEADER}\nindex.html\n0 1 2.3 4 odd name.html\n"));
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed["index.html"], None);
        assert_eq!(parsed["0 1 2.3 4 odd name.html"], None);
    }

    #[test]
    fn a_damaged_entry_keeps_its_line_as_a_path_without_a_record() {
        let parsed = parse(&format!("{HEADER}\n{FORMAT_2}\nzz 1 2.3 4 a.html\n"));
        assert_eq!(parsed["zz 1 2.3 4 a.html"], None);
    }

    /// Format 2 wrote a name with a newline over two lines; the second is read back as the
    /// rest of the name, and a carriage return in a name stays in it.
    #[test]
    fn a_format_2_manifest_reads_names_with_newlines_back_whole() {
        let r = record(1);
        let entry = |path: &str| {
            format!(
                "{:032x} {} {}.{:09} {} {path}\n",
                r.hash, r.size, r.seconds, r.nanoseconds, r.inode
            )
        };
        let text = [
            format!("{HEADER}\n{FORMAT_2}\n"),
            entry("a.html"),
            entry("new\nline.html"),
            entry("two\n\nnewlines\n# and a hash.html"),
            entry("return\r"),
            entry("back\\slash.html"),
        ]
        .concat();
        let parsed = parse(&text);
        let mut paths: Vec<&str> = parsed.keys().map(String::as_str).collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                "a.html",
                "back\\slash.html",
                "new\nline.html",
                "return\r",
                "two\n\nnewlines\n# and a hash.html"
            ]
        );
        assert!(parsed.values().all(|record| *record == Some(r)));
    }

    /// A manifest is only read, never trusted to name a place outside the output folder.
    #[test]
    fn entries_that_would_leave_the_output_folder_are_ignored() {
        let r = record(2);
        let outside = [
            "../victim",
            "a/../../victim",
            "/etc/passwd",
            "a//b",
            "./a",
            "a/",
            "..",
        ];
        let mut entries: Vec<(&str, &Record)> = outside.iter().map(|path| (*path, &r)).collect();
        entries.push(("kept/index.html", &r));
        let parsed = parse(&format(entries));
        assert_eq!(parsed.keys().collect::<Vec<_>>(), ["kept/index.html"]);
        let older = parse(&format!("{HEADER}\n../victim\n/etc/passwd\nkept.html\n"));
        assert_eq!(older.keys().collect::<Vec<_>>(), ["kept.html"]);
    }
}
