//! Loading: discovers the files, parses them in parallel and assembles the site.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::discover;
use crate::frontmatter::{FrontMatterError, Parsed};
use crate::site::{assemble, AssembleInput, Site, SourceFile};
use crate::{frontmatter, fsutil};

/// How a file's front matter gets parsed: `serve` remembers parsed files between loads, so a
/// file whose text did not change is not parsed again.
pub trait ParseCache: Sync {
    /// Parses `text`, the contents of `source` (relative to `content/`).
    fn parse(&self, source: &str, text: &str) -> Result<Parsed, FrontMatterError>;
}

/// Parses every file afresh.
pub struct NoCache;

impl ParseCache for NoCache {
    fn parse(&self, _source: &str, text: &str) -> Result<Parsed, FrontMatterError> {
        frontmatter::parse(text)
    }
}

/// Discovers, parses (in parallel) and assembles the site.
pub fn load_site(
    content: &Path,
    config: Config,
    include_drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Site {
    load_site_cached(content, config, include_drafts, &NoCache, diagnostics)
}

/// [`load_site`], parsing through `cache`.
pub fn load_site_cached(
    content: &Path,
    config: Config,
    include_drafts: bool,
    cache: &dyn ParseCache,
    diagnostics: &mut Diagnostics,
) -> Site {
    let label = PathBuf::from("content");
    let (discovered, found) = discover(content, content.parent().unwrap_or(content));
    diagnostics.extend(found);
    let parsed: Vec<Result<SourceFile, Diagnostic>> = discovered
        .markdown
        .par_iter()
        .map(|source| {
            let shown = label.join(source);
            let text = fsutil::read_to_string(&content.join(source))
                .map_err(|e| Diagnostic::error(format!("{e:#}")).in_file(&shown))?;
            let parsed = cache.parse(source, &text).map_err(|e| {
                Diagnostic::error(e.message)
                    .at(&shown, e.line, e.column)
                    .help(e.help)
            })?;
            Ok(SourceFile {
                source: source.clone(),
                parsed,
            })
        })
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let (site, found) = assemble(AssembleInput {
        config,
        discovered,
        files,
        content_label: label,
        include_drafts,
    });
    diagnostics.extend(found);
    site
}
