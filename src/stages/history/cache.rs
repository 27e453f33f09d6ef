//! The history kept between builds, in the repository's `.git` folder
//! (`.git/northstar-history`): the text of the log and of the renames as git printed them up
//! to the commit that was HEAD, and the versions the window showed. A rebuild reads from git
//! only the commits made since (`git log LAST..HEAD`) when they extend the kept history in a
//! line: when HEAD was rewritten (a rebase, an amend, a reset, a force-push) or the new
//! commits hold a merge, the whole history is read again, so what a build shows never depends
//! on what was kept.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::blobs;
use super::repo::{finish, git, Repository};

/// The file's first line: a cache written in another form is not read.
const MAGIC: &str = "northstar history cache 1";
/// The file inside the `.git` folder.
const FILE: &str = "northstar-history";

/// Where the history of one `content/` folder is kept.
pub struct Cache {
    path: PathBuf,
    /// The `content/` folder it is the history of (git's paths are relative to it).
    content: String,
}

/// A history kept by an earlier build.
#[derive(Default)]
pub struct Saved {
    /// The commit the log was read up to.
    pub head: String,
    pub log_text: String,
    pub renames: String,
    /// The versions the window showed, by blob id.
    pub texts: HashMap<String, String>,
}

impl Cache {
    /// The cache of `content`, when its repository is a `.git` folder (a worktree or
    /// `GIT_DIR` keeps none).
    pub fn of(repository: &Repository, content: &Path) -> Option<Cache> {
        let Repository::Folder(git_dir) = repository else {
            return None;
        };
        let content = content.canonicalize().ok()?.to_str()?.to_string();
        (!content.contains('\n')).then(|| Cache {
            path: git_dir.join(FILE),
            content,
        })
    }

    /// The kept history; `None` when there is none, it is of another `content/` folder or
    /// it cannot be read.
    pub fn read(&self) -> Option<Saved> {
        let mut file = fs::File::open(&self.path).ok()?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        let mut lines = bytes.splitn(5, |b| *b == b'\n');
        let mut line = || std::str::from_utf8(lines.next()?).ok();
        let (magic, content, head, sizes) = (line()?, line()?, line()?, line()?);
        if magic != MAGIC || content != self.content {
            return None;
        }
        let head = head.to_string();
        let (log_size, renames_size) = sizes.split_once(' ')?;
        let (log_size, renames_size): (usize, usize) =
            (log_size.parse().ok()?, renames_size.parse().ok()?);
        let rest = lines.next()?;
        let log_text = std::str::from_utf8(rest.get(..log_size)?).ok()?;
        let renames = std::str::from_utf8(rest.get(log_size..log_size + renames_size)?).ok()?;
        let texts = blobs::parse(rest.get(log_size + renames_size..)?);
        Some(Saved {
            head,
            log_text: log_text.to_string(),
            renames: renames.to_string(),
            texts,
        })
    }

    /// Keeps `saved`, replacing the file whole (a build reading it meanwhile sees the old
    /// one); a cache that cannot be written is only a slower next build.
    pub fn write(&self, saved: &Saved) {
        let temporary = self
            .path
            .with_extension(format!("{}.tmp", std::process::id()));
        let written = fs::File::create(&temporary).and_then(|file| {
            let mut out = BufWriter::with_capacity(1 << 16, file);
            writeln!(out, "{MAGIC}\n{}\n{}", self.content, saved.head)?;
            writeln!(out, "{} {}", saved.log_text.len(), saved.renames.len())?;
            out.write_all(saved.log_text.as_bytes())?;
            out.write_all(saved.renames.as_bytes())?;
            blobs::write(&mut out, &saved.texts)?;
            out.flush()
        });
        if written
            .and_then(|()| fs::rename(&temporary, &self.path))
            .is_err()
        {
            let _ = fs::remove_file(&temporary);
        }
    }
}

/// Whether the commits from `last` to `head` are a line of commits with one parent each
/// (`git rev-list --parents last..head`): then the log of `head` is the log of those commits
/// followed by the log of `last`, as a whole read would print it.
pub fn extends(content: &Path, last: &str, head: &str) -> bool {
    if last == head {
        return true;
    }
    let range = format!("{last}..{head}");
    let Some(listed) = git(content, &["rev-list", "--parents", &range, "--"]).and_then(finish)
    else {
        return false;
    };
    let mut expected = head;
    for line in listed.lines() {
        let ids: Vec<&str> = line.split(' ').collect();
        let [id, parent] = ids[..] else {
            return false; // a merge, or a root commit
        };
        if id != expected {
            return false;
        }
        expected = parent;
    }
    expected == last
}
