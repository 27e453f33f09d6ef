//! The build pipeline: load → discover → parse → assemble → render → write, with every
//! problem collected as a diagnostic and the output replaced only when nothing failed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::discover;
use crate::links::{self, LinkSource, PageLinks, PendingFragment};
use crate::markdown::{self, RenderOptions};
use crate::output::{Discard, OutputError, Protected, Sink, Staged};
use crate::render::Renderer;
use crate::site::{assemble, AssembleInput, PageId, Site, SourceFile};
use crate::theme::{self, StaticFile, Theme};
use crate::{frontmatter, fsutil};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook folder (holding `northstar.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; defaults to the config's `output`, relative to the root.
    pub output: Option<PathBuf>,
    pub include_drafts: bool,
    /// `false` renders everything but writes nothing (`check`).
    pub write: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct Outcome {
    pub pages: usize,
    pub documents: usize,
    pub sections: usize,
    /// Files copied from content/ as they are.
    pub assets: usize,
    pub drafts_left_out: usize,
    pub elapsed: Duration,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
    pub output: PathBuf,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a build did not finish.
#[derive(Debug)]
pub enum BuildError {
    /// The command cannot run as asked (no handbook, unsafe output folder): exit code 2.
    Usage(Diagnostic),
    /// The handbook has errors; every diagnostic, warnings included, sorted: exit code 1.
    Content(Vec<Diagnostic>),
    /// Reading or writing files failed: exit code 1.
    Io(anyhow::Error),
}

/// Builds the handbook at `options.root`.
pub fn build(options: &BuildOptions) -> Result<Outcome, BuildError> {
    let started = Instant::now();
    let mut stages = Stages::default();
    let root = fsutil::absolute(&options.root).map_err(BuildError::Io)?;
    let content = root.join("content");
    if !content.is_dir() {
        return Err(BuildError::Usage(
            Diagnostic::error(format!("{} has no content/ folder, so it is not a Northstar handbook", root.display()))
                .help("run the command in a handbook folder, pass --root DIR, or create one with `northstar init DIR`"),
        ));
    }
    let config = Config::load(&root).map_err(|d| BuildError::Content(vec![d]))?;
    let output = fsutil::absolute(&root.join(options.output.as_ref().unwrap_or(&config.output)))
        .map_err(BuildError::Io)?;
    let staged = if options.write {
        let protected = Protected {
            root: root.clone(),
            content: fsutil::absolute(&content).map_err(BuildError::Io)?,
            home: home_dir(),
        };
        Some(Staged::create(&output, &protected).map_err(|e| match e {
            OutputError::Refused(d) => BuildError::Usage(d),
            OutputError::Io(e) => BuildError::Io(e),
        })?)
    } else {
        None
    };
    let sink: &dyn Sink = match &staged {
        Some(staged) => staged,
        None => &Discard,
    };

    let mut diagnostics = Diagnostics::default();
    stages.mark("check and prepare the output folder");
    let theme = Theme::load(&root, &config.theme).map_err(|d| BuildError::Content(vec![d]))?;
    let tera = theme::engine(&theme).map_err(|d| BuildError::Content(vec![d]))?;
    stages.mark("load theme");
    let site = load_site(&content, config, options.include_drafts, &mut diagnostics);
    stages.mark("discover, parse, assemble");
    let renderer = Renderer {
        site: &site,
        theme: &theme,
        tera: &tera,
    };
    let pages = render_pages(&renderer, sink, &mut diagnostics);
    write_not_found(&renderer, sink, &mut diagnostics);
    stages.mark("render and write pages");
    copy_files(&site, &theme, &content, sink, &mut diagnostics);
    stages.mark("copy files");

    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics.into_sorted()));
    }
    if let Some(staged) = staged {
        staged.commit().map_err(BuildError::Io)?;
        stages.mark("replace the output");
    }
    Ok(Outcome {
        pages,
        documents: site.documents.len(),
        sections: site.sections.len(),
        assets: site.assets.len(),
        drafts_left_out: site.excluded_drafts.len(),
        elapsed: started.elapsed(),
        stages: stages.done,
        output,
        diagnostics: diagnostics.into_sorted(),
    })
}

/// Times the stages of a build, for `--verbose`.
struct Stages {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            done: Vec::new(),
        }
    }
}

impl Stages {
    /// Records that the stage `name` ended now.
    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }
}

/// Discovers, parses (in parallel) and assembles the site.
fn load_site(
    content: &Path,
    config: Config,
    include_drafts: bool,
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
            let parsed = frontmatter::parse(&text).map_err(|e| {
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

/// What rendering one page left behind for the checks that need every page.
struct PageResult {
    page: PageId,
    ids: HashSet<String>,
    pending: Vec<PendingFragment>,
    diagnostics: Vec<Diagnostic>,
}

/// Renders every page in parallel, streaming each to the sink; then checks `#fragment` links.
fn render_pages(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    let site = renderer.site;
    let pages: Vec<PageId> = site.pages().collect();
    let results: Vec<PageResult> = pages
        .par_iter()
        .map(|page| render_one(renderer, sink, *page))
        .collect();
    let ids: HashMap<PageId, &HashSet<String>> = results.iter().map(|r| (r.page, &r.ids)).collect();
    for result in &results {
        diagnostics.extend(result.diagnostics.iter().cloned());
        for pending in &result.pending {
            if !ids
                .get(&pending.target)
                .is_some_and(|set| set.contains(&pending.fragment))
            {
                diagnostics.push(links::missing_fragment(site, pending));
            }
        }
    }
    pages.len()
}

fn render_one(renderer: &Renderer, sink: &dyn Sink, page: PageId) -> PageResult {
    let site = renderer.site;
    let (body, body_line) = site.body(page);
    let from = site.source(page).unwrap_or("");
    let output = site.output(page);
    let file = PathBuf::from("content").join(from);
    let from_url = site.url(page);
    let mut links = PageLinks::new(
        site,
        LinkSource {
            from,
            from_url,
            body,
            body_line,
            file: file.clone(),
        },
    );
    let drop_leading_h1 = matches!(page, PageId::Document(d) if site.documents[d].drop_leading_h1);
    let rendered = markdown::render(body, RenderOptions { drop_leading_h1 }, &mut links);
    let mut diagnostics = std::mem::take(&mut links.diagnostics);
    match renderer.page(page, &rendered) {
        Ok(html) => {
            if let Err(error) = sink.write(output, html.as_bytes()) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")).in_file(&file));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
    PageResult {
        page,
        ids: rendered.ids,
        pending: links.pending,
        diagnostics,
    }
}

fn write_not_found(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
    if renderer
        .site
        .by_source
        .values()
        .any(|id| renderer.site.output(*id) == "404.html")
    {
        return;
    }
    match renderer.not_found() {
        Ok(html) => {
            if let Err(error) = sink.write("404.html", html.as_bytes()) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}

/// Copies the content's other files beside their pages, and the theme's static files.
fn copy_files(
    site: &Site,
    theme: &Theme,
    content: &Path,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) {
    let pages: HashSet<&str> = site.pages().map(|id| site.output(id)).collect();
    let mut assets: Vec<&String> = site.assets.iter().collect();
    assets.sort();
    let failures: Vec<Diagnostic> = assets
        .par_iter()
        .filter_map(|asset| {
            let shown = PathBuf::from("content").join(asset);
            sink.copy(asset, &content.join(asset))
                .err()
                .map(|e| Diagnostic::error(format!("{e:#}")).in_file(shown))
        })
        .collect();
    diagnostics.extend(failures);
    for (path, file) in &theme.static_files {
        if pages.contains(path.as_str()) || site.assets.contains(path) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the theme's static file `{path}` would overwrite a file of the handbook"
                ))
                .help("rename the content file or the static file"),
            );
            continue;
        }
        let result = match file {
            StaticFile::Embedded(bytes) => sink.write(path, bytes),
            StaticFile::Disk(from) => sink.copy(path, from),
        };
        if let Err(error) = result {
            diagnostics.push(Diagnostic::error(format!("{error:#}")));
        }
    }
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| fsutil::absolute(Path::new(&h)).ok())
}
