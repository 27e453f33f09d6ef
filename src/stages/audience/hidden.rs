//! `classification-hidden`: a level written lower than the folder around it. A folder's
//! level covers everything in it (the most restrictive folder wins), so a build whose
//! audience may see the written level still leaves the page out; this says so, at the line
//! where the lower level is written, naming the folder and where its level comes from.

use std::path::Path;

use super::{AudiencesConfig, LeftFolder, LeftOut};
use crate::model::diagnostics::Diagnostic;
use crate::stages::discover::INDEX_NAMES;

/// What a lower level is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A document's own `classification`.
    Document,
    /// A section index's own `classification`.
    Section,
    /// A section index's `cascade: {classification: …}`.
    Cascade,
}

/// A level written somewhere in a left-out folder.
pub struct Lower<'a> {
    pub level: &'a str,
    pub file: &'a Path,
    pub line: usize,
    pub what: Written,
}

/// Reports `lower`, written in the folder `dir`, when the audience of this build may see
/// its level but `dir` lies in a left-out folder (then the folder's level wins).
pub fn report(
    audiences: &AudiencesConfig,
    left_out: &LeftOut,
    dir: &str,
    lower: Lower,
    out: &mut Vec<Diagnostic>,
) {
    let Some(rank) = audiences.rank(lower.level) else {
        return;
    };
    if rank > audiences.audience_rank() {
        return;
    }
    let Some((folder, hiding)) = left_out.hiding_folder(dir) else {
        return;
    };
    let level = &audiences.levels[rank];
    let audience = audiences.audience();
    // Never the root: the home folder is never left out.
    let shown_folder = format!("{folder}/");
    let message = match lower.what {
        Written::Document => format!(
            "this document is {level}, but its folder {shown_folder} is {}, so a build for {audience} leaves it out",
            hiding.level
        ),
        Written::Section => format!(
            "this section is {level}, but the folder {shown_folder} around it is {}, so a build for {audience} leaves it out with everything in it",
            hiding.level
        ),
        Written::Cascade => format!(
            "this cascade makes the documents below {level}, but the folder {shown_folder} is {}, so a build for {audience} leaves them out",
            hiding.level
        ),
    };
    out.push(
        Diagnostic::warning(message)
            .code("classification-hidden")
            .at(lower.file, lower.line, 1)
            .help(help(left_out, folder, hiding, level)),
    );
}

/// How to publish what is hidden, or to say that it stays out.
fn help(left_out: &LeftOut, folder: &str, hiding: &LeftFolder, level: &str) -> String {
    let (origin, lower) = match &hiding.set_at {
        Some(set_at) => (
            format!(
                "is made {} at {}:{}",
                hiding.level, set_at.file, set_at.line
            ),
            "lower that level".to_string(),
        ),
        None => (
            format!(
                "names no level and takes `audiences.default_classification` ({})",
                hiding.level
            ),
            format!(
                "write `classification: {level}` in {}",
                index_file(left_out, folder)
            ),
        ),
    };
    format!(
        "a folder's level covers everything in it, and {folder}/ {origin}. To publish this to \
         {level}, {lower} or move the file out of the folder; to keep it out, raise the level \
         written here to {}",
        hiding.level
    )
}

/// The folder's index file as diagnostics show it, or where one would go.
fn index_file(left_out: &LeftOut, folder: &str) -> String {
    let in_folder = |name: &str| format!("{folder}/{name}");
    let source = INDEX_NAMES
        .iter()
        .map(|name| in_folder(name))
        .find(|source| left_out.pages.contains_key(source))
        .unwrap_or_else(|| in_folder(INDEX_NAMES[0]));
    format!("content/{source}")
}
