//! Loading: discovers the files, parses them in parallel and assembles the site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::model::config::Config;
use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::stages::assemble::{assemble, AssembleInput, MetaMemo, SourceFile};
use crate::stages::discover::{discover, Discovered};
use crate::stages::frontmatter;
use crate::stages::frontmatter::{FrontMatterError, Parsed};
use crate::stages::govern::govern;
use crate::stages::history::{History, Kept, Since};
use crate::util::fsutil;
use crate::util::parallel::PIECE;
use crate::util::timings::Stages;

/// How a file's front matter gets parsed: `serve` remembers parsed files between loads, so a
/// file whose text did not change is not parsed again (nor its metadata read again: the
/// [`MetaMemo`] half).
pub trait ParseCache: MetaMemo {
    /// Parses `text`, the contents of `source` (relative to `content/`).
    fn parse(&self, source: &str, text: &str) -> Result<Arc<Parsed>, FrontMatterError>;

    /// The parse of `source` when the file is known not to have changed since it was parsed,
    /// so that it need not be read again; `None`: read and parse it.
    fn kept(&self, _source: &str) -> Option<Arc<Parsed>> {
        None
    }
}

/// Parses every file afresh.
pub struct NoCache;

impl MetaMemo for NoCache {}

impl ParseCache for NoCache {
    fn parse(&self, _source: &str, text: &str) -> Result<Arc<Parsed>, FrontMatterError> {
        frontmatter::parse(text).map(Arc::new)
    }
}

/// What [`load_site`] loads.
pub struct SiteInput<'a> {
    /// The absolute `content/` folder.
    pub content: &'a Path,
    pub config: Config,
    pub include_drafts: bool,
    /// The date reviews are judged against.
    pub today: Date,
    pub cache: &'a dyn ParseCache,
    /// The git history read by an earlier load, when nothing in git changed since (`serve`).
    pub history: Option<Kept>,
    /// The files an earlier load found, when no file was added or removed since (`serve`).
    pub discovery: Option<Discovery>,
}

/// What one discovery found under `content/`, shared between loads.
pub type Discovery = Arc<Found>;

/// The files found under `content/`, with the warnings finding them raised.
pub struct Found {
    pub files: Discovered,
    pub warnings: Vec<Diagnostic>,
}

/// Discovers (unless `input.discovery` holds what an earlier load found), parses (in
/// parallel, through `input.cache`) and assembles the site, then checks its governance as of
/// `input.today`; records its stages in `stages`. Returns the site and the files found.
pub fn load_site(
    input: SiteInput,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> (Site, Discovery) {
    let SiteInput {
        content,
        config,
        include_drafts,
        today,
        cache,
        history,
        discovery,
    } = input;
    let label = PathBuf::from("content");
    // The one pass over the git history (dates, each document's commits) runs while the
    // files are discovered and parsed.
    let git = std::thread::spawn({
        let content = content.to_path_buf();
        let since = Since::parse(config.changes.since.as_deref());
        move || history.unwrap_or_else(|| History::load(&content, &since, today))
    });
    let discovery = discovery.unwrap_or_else(|| {
        let (files, warnings) = discover(content, content.parent().unwrap_or(content));
        Arc::new(Found { files, warnings })
    });
    let Found {
        files: discovered,
        warnings,
    } = &*discovery;
    diagnostics.extend(warnings.iter().cloned());
    stages.mark("discover the files");
    let parsed: Vec<Result<SourceFile, Diagnostic>> = discovered
        .markdown
        .par_iter()
        .with_max_len(PIECE)
        .map(|source| {
            let shown = label.join(source);
            if let Some(parsed) = cache.kept(source) {
                return Ok(SourceFile {
                    source: source.clone(),
                    parsed,
                });
            }
            let text = read_source(&content.join(source), &shown)?;
            let parsed = cache.parse(source, &text).map_err(|e| {
                Diagnostic::error(e.message)
                    .code("front-matter")
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
    if files.par_iter().any(|f| has_fence(&f.parsed.body)) {
        // The grammars load beside assembling, the checks and the views (nothing waits for
        // this thread: the first code block to render waits for the grammars if need be).
        std::thread::spawn(crate::stages::markdown::prepare_highlighting);
    }
    stages.mark("read the files, parse front matter");
    let (mut site, found) = assemble(AssembleInput {
        config,
        discovered,
        files,
        content_label: label,
        include_drafts,
        memo: cache,
    });
    diagnostics.extend(found);
    crate::stages::audience::assets::drop_private_assets(&mut site);
    diagnostics.extend(crate::stages::active_files::withhold_active_files(
        &mut site, content,
    ));
    stages.mark("assemble sections, URLs and navigation");
    if let Ok((history, dates)) = git.join() {
        diagnostics.extend(history.warnings.iter().cloned());
        site.git_dates = dates;
        site.history = history;
    }
    stages.mark("wait for the git history");
    diagnostics.extend(govern(&mut site, today));
    stages.mark("check kinds, references and reviews");
    (site, discovery)
}

/// Whether a body may hold a fenced code block (which highlighting needs the grammars for).
fn has_fence(body: &str) -> bool {
    memchr::memmem::find(body.as_bytes(), b"```").is_some()
        || memchr::memmem::find(body.as_bytes(), b"~~~").is_some()
}

/// The text of a Markdown file; a file that is not UTF-8 is reported at its first bad byte.
pub fn read_source(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes =
        fsutil::read(path).map_err(|e| Diagnostic::error(format!("{e:#}")).in_file(shown))?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Diagnostic::error("the file is not valid UTF-8 text")
            .code("encoding")
            .at(shown, line, column)
            .help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    })
}
