//! What an assembly may take from the one before it (`serve`): each document's metadata,
//! read from its front matter, while the parse it was read from (the same shared parse, so
//! the same text), its folder's cascade and the kinds are unchanged. Reading front matter
//! into metadata was a third of a reload's assembly after a title edit at 3,000 documents.

use std::sync::Arc;

use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::Kinds;
use crate::model::meta::{self, Meta, MetaSource};
use crate::stages::frontmatter::{Mapping, Parsed};

/// A document's metadata as one assembly read it, with what it was read from.
pub struct ReadMeta {
    /// The parse it was read from.
    pub parsed: Arc<Parsed>,
    /// The cascade of its folder.
    pub inherited: Mapping,
    pub meta: Meta,
    /// What reading it reported.
    pub found: Vec<Diagnostic>,
}

/// Where an assembly finds the metadata an earlier one read, and leaves its own.
pub trait MetaMemo: Sync {
    /// Called once before each assembly with its kinds: what was read under other kinds is
    /// forgotten.
    fn use_kinds(&self, _kinds: &Kinds) {}

    /// What an earlier assembly read from `source`, if anything.
    fn read(&self, _source: &str) -> Option<Arc<ReadMeta>> {
        None
    }

    /// Remembers what this assembly read from `source`.
    fn keep(&self, _source: &str, _read: ReadMeta) {}

    /// Whether [`MetaMemo::keep`] remembers anything (else nothing is copied for it).
    fn keeps(&self) -> bool {
        false
    }
}

/// Remembers nothing (`build`, `check`).
pub struct NoMemo;

impl MetaMemo for NoMemo {}

impl ReadMeta {
    /// Whether this was read from `parsed` under `inherited`.
    pub fn holds_for(&self, parsed: &Arc<Parsed>, inherited: &Mapping) -> bool {
        Arc::ptr_eq(&self.parsed, parsed) && self.inherited == *inherited
    }
}

/// The metadata of the document `source`, parsed as `parsed`: as `memo` kept it when it was
/// read from the same parse under the same cascade, else read from `from` (and kept).
pub fn read_or_extract(
    memo: &dyn MetaMemo,
    source: &str,
    parsed: &Arc<Parsed>,
    from: &MetaSource,
) -> (Meta, Vec<Diagnostic>) {
    if let Some(read) = memo.read(source) {
        if read.holds_for(parsed, from.inherited) {
            return (read.meta.clone(), read.found.clone());
        }
    }
    let (meta, found) = meta::extract(from);
    if memo.keeps() {
        let read = ReadMeta {
            parsed: parsed.clone(),
            inherited: from.inherited.clone(),
            meta: meta.clone(),
            found: found.clone(),
        };
        memo.keep(source, read);
    }
    (meta, found)
}
