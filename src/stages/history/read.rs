//! One read of the history: the log up to HEAD with its renames, each current file's
//! changes, and the versions the window shows. From git alone ([`stream`]), or from the
//! history an earlier build kept ([`cache`]) and git for the commits made since.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::blobs::Blobs;
use super::cache::{self, Cache, Saved};
use super::log::{FileChange, Log};
use super::repo::{finish, git, Repository};
use super::stream::{self, Found};
use super::window::Window;

/// What a read found.
#[derive(Default)]
pub struct Read {
    pub log: Log,
    /// Each current file's changes, newest first (see [`Log::by_file`]).
    pub files: HashMap<String, Vec<(usize, FileChange)>>,
    /// The text of the versions before and after every change in the window, by blob id.
    pub texts: HashMap<String, String>,
}

/// Reads the history of `content` for `window`; a shallow clone's history is not kept.
pub fn read(content: &Path, repository: &Repository, window: &Window, shallow: bool) -> Read {
    let cache = Cache::of(repository, content).filter(|_| !shallow);
    let head = cache.as_ref().and_then(|_| {
        let head = git(content, &["rev-parse", "--verify", "-q", "HEAD"]).and_then(finish)?;
        Some(head.trim().to_string()).filter(|h| !h.is_empty())
    });
    let saved = match (&cache, &head) {
        (Some(cache), Some(head)) => cache
            .read()
            .filter(|saved| cache::extends(content, &saved.head, head)),
        _ => None,
    };
    let known: HashSet<String> = saved
        .as_ref()
        .map(|s| s.texts.keys().cloned().collect())
        .unwrap_or_default();
    let found = match (&saved, &head) {
        (Some(saved), Some(head)) if saved.head == *head => Some(Found::default()),
        _ => {
            let range = match (&saved, &head) {
                (Some(saved), Some(head)) => format!("{}..{head}", saved.head),
                (None, Some(head)) => head.clone(),
                _ => "HEAD".to_string(),
            };
            let args: Vec<&str> = stream::LOG
                .iter()
                .copied()
                .chain([range.as_str(), "--", "."])
                .collect();
            git(content, &args).and_then(|log| stream::read(content, log, window, known))
        }
    };
    let Some(found) = found else {
        return Read::default();
    };
    let same_head = found.log_text.is_empty();
    let (log, renames, log_text, mut texts) = match saved {
        None => (found.log, found.renames, found.log_text, found.texts),
        Some(mut saved) => {
            let log_text = found.log_text + &saved.log_text;
            let renames = found.renames + &saved.renames;
            let mut log = Log::parse(&log_text);
            log.apply_renames(&renames);
            saved.texts.extend(found.texts);
            (log, renames, log_text, saved.texts)
        }
    };
    let files = log.by_file();
    let before: HashSet<String> = texts.keys().cloned().collect();
    let wanted = wanted(&log, &files, window);
    // A window that reaches further back than the kept one (its start moved, another tag)
    // needs versions neither the cache nor the log's read had.
    let mut missing = Blobs::new(content, before.clone());
    wanted.iter().for_each(|id| missing.ask(id));
    texts.extend(missing.finish());
    let wanted: HashSet<String> = wanted.into_iter().collect();
    texts.retain(|id, _| wanted.contains(id));
    if let (Some(cache), Some(head)) = (&cache, head) {
        let unchanged = before.len() == texts.len() && texts.keys().all(|id| before.contains(id));
        if !(unchanged && same_head) {
            let saved = Saved {
                head,
                log_text,
                renames,
                texts,
            };
            cache.write(&saved);
            texts = saved.texts;
        }
    }
    Read { log, files, texts }
}

/// The blobs of the versions before and after every change of a current file in the window,
/// newest first.
fn wanted(
    log: &Log,
    files: &HashMap<String, Vec<(usize, FileChange)>>,
    window: &Window,
) -> Vec<String> {
    let mut wanted: Vec<(usize, &str)> = Vec::new();
    for changes in files.values() {
        for (i, change) in changes {
            let commit = &log.commits[*i];
            if window.holds(&commit.id, &commit.date) {
                wanted.push((*i, &change.new));
                wanted.extend(change.old.as_deref().map(|old| (*i, old)));
            }
        }
    }
    // Newest first, as git packs them: the newest version whole, older ones as deltas.
    wanted.sort_by_key(|(i, _)| *i);
    let mut seen = HashSet::new();
    wanted
        .into_iter()
        .filter(|(_, id)| seen.insert(*id))
        .map(|(_, id)| id.to_string())
        .collect()
}
