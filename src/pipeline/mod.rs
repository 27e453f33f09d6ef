//! The pipeline shared by `build`, `check` and `serve`: locate the handbook, load it (config,
//! theme, discover, parse, assemble), then render every page into a [`Sink`].

pub mod in_memory;
mod load;
mod render;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tera::Tera;

use crate::audience::{GatedSink, LeakGate};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsutil;
use crate::output::Sink;
use crate::render::Renderer;
use crate::site::{PageId, Site};
use crate::theme::{self, Theme};
use crate::timings::Stages;
use crate::views::Views;

pub use load::{load_site, load_site_cached, load_site_timed, NoCache, ParseCache, SiteInput};
pub use render::RenderedPage;

/// Why a command could not finish.
#[derive(Debug)]
pub enum BuildError {
    /// The command cannot run as asked (no handbook, unsafe output folder): exit code 2.
    Usage(Diagnostic),
    /// The handbook has errors; every diagnostic, warnings included, sorted: exit code 1.
    Content(Vec<Diagnostic>),
    /// Reading or writing files failed: exit code 1.
    Io(anyhow::Error),
}

/// A handbook folder that has a `content/` folder, with its configuration.
#[derive(Debug, Clone)]
pub struct Located {
    /// Absolute handbook folder.
    pub root: PathBuf,
    /// Absolute `content/` folder.
    pub content: PathBuf,
    pub config: Config,
    /// The date reviews are judged against (today, or `NORTHSTAR_TODAY`).
    pub today: Date,
}

/// Finds the handbook at `root` and reads its configuration.
pub fn locate(root: &Path) -> Result<Located, BuildError> {
    let root = fsutil::absolute(root).map_err(BuildError::Io)?;
    let content = root.join("content");
    if !content.is_dir() {
        return Err(BuildError::Usage(
            Diagnostic::error(format!("{} has no content/ folder, so it is not a Northstar handbook", root.display()))
                .help("run the command in a handbook folder, pass --root DIR, or create one with `northstar init DIR`"),
        ));
    }
    let config = Config::load(&root).map_err(|d| BuildError::Content(vec![d]))?;
    let today = crate::govern::today().map_err(BuildError::Usage)?;
    Ok(Located {
        root,
        content,
        config,
        today,
    })
}

impl Located {
    /// Chooses the audience of this build (`--audience`); an unknown level is a usage error.
    pub fn with_audience(mut self, audience: Option<&str>) -> Result<Located, BuildError> {
        self.config
            .audiences
            .select(audience)
            .map_err(BuildError::Usage)?;
        Ok(self)
    }
}

/// A loaded handbook: the assembled site and its compiled theme.
pub struct Handbook {
    pub root: PathBuf,
    pub content: PathBuf,
    pub site: Site,
    pub theme: Theme,
    pub tera: Tera,
    /// The strategy views (backlinks, traceability, roadmaps, radar, decisions, risks).
    pub views: Views,
}

/// Loads the theme and the site. Theme errors stop here; content problems are collected.
pub fn load(
    located: Located,
    include_drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Result<Handbook, BuildError> {
    load_timed(located, include_drafts, diagnostics, &mut Stages::default())
}

/// [`load`], recording its stages in `stages`.
pub fn load_timed(
    located: Located,
    include_drafts: bool,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> Result<Handbook, BuildError> {
    let theme_name = located.config.theme.clone();
    let input = SiteInput {
        content: &located.content,
        config: located.config,
        include_drafts,
        today: located.today,
        cache: &NoCache,
    };
    // The theme's templates compile on a thread of their own while the files load.
    let (compiled, site) = crate::beside::beside(
        || load_theme(&located.root, &theme_name),
        || load_site_timed(input, diagnostics, stages),
    );
    let (theme, tera) = compiled.map_err(|d| BuildError::Content(vec![d]))?;
    stages.mark("load the theme (the wait: it compiles while the files load)");
    diagnostics.extend(crate::branding::check(&site.config.branding, &theme));
    let (views, found) = Views::compute(&site, located.today);
    diagnostics.extend(found);
    if let Some(warning) = raw_html_warning(&site.config) {
        diagnostics.push(warning);
    }
    stages.mark("strategy views (backlinks, traceability, roadmap, radar)");
    Ok(Handbook {
        root: located.root,
        content: located.content,
        site,
        theme,
        tera,
        views,
    })
}

/// The theme named in the config, with its templates compiled.
fn load_theme(root: &Path, name: &str) -> Result<(Theme, Tera), Diagnostic> {
    let theme = Theme::load(root, name)?;
    let tera = theme::engine(&theme)?;
    Ok((theme, tera))
}

/// The warning every build of a handbook with `markdown.raw_html: allow` prints.
pub fn raw_html_warning(config: &Config) -> Option<Diagnostic> {
    (config.markdown.raw_html == crate::config::RawHtml::Allow).then(|| {
        Diagnostic::warning("`markdown.raw_html: allow` publishes the HTML of every document as written: any author can run scripts in every reader's browser")
            .code("raw-html-allowed")
            .in_file(crate::config::CONFIG_FILE)
            .help("use `sanitize` (the default), which keeps tables, details, figures, images, ids and classes, or `escape`")
    })
}

/// Renders every page, the search index, the generated listings, the 404 page and the copied
/// files into `sink`, through the leak gate; returns the page count.
pub fn render(handbook: &Handbook, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    render_timed(handbook, sink, diagnostics, &mut Stages::default())
}

/// [`render`], recording its stages in `stages`. Everything written passes the leak gate.
pub fn render_timed(
    handbook: &Handbook,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> usize {
    let gate = LeakGate::new(&handbook.site);
    let sink = GatedSink::new(sink, &gate);
    // The copied files need nothing rendered: they are compared with the previous output
    // (the vendored Mermaid is 5.5 MB) while the pages render, not after everything else.
    let mut from_copies = Diagnostics::default();
    let (pages, ()) = rayon::join(
        || render::render_pages(&handbook.renderer(), &sink, diagnostics),
        || copy_files(handbook, &sink, &mut from_copies),
    );
    diagnostics.extend(from_copies.into_sorted());
    stages.mark_with(
        "render and write the pages, copy the files",
        Some(pages.work.describe()),
    );
    // The search index is mostly one thread's work: the listings and views render beside it.
    let entries = pages.entries;
    let (mut from_search, mut from_extras) = (Diagnostics::default(), Diagnostics::default());
    let ((), extras) = rayon::join(
        || {
            write_search(handbook, entries.iter().collect(), &sink, &mut from_search);
            // The entries are large (every word of every document): freed as soon as written.
            drop(entries);
        },
        || render_extras(handbook, &sink, &mut from_extras),
    );
    diagnostics.extend(from_search.into_sorted());
    diagnostics.extend(from_extras.into_sorted());
    stages.mark("search index, listings, view pages, board pack, feeds");
    let audience = handbook.site.config.audiences.audience();
    for leak in sink.leaks() {
        diagnostics.push(leak.diagnostic(audience));
    }
    pages.count + extras
}

/// Writes the search index of `entries` (from [`RenderedPage::search`] of every page) and the
/// results page, unless the config turns search off; returns the word index, which `serve`
/// keeps to update after edits.
pub fn write_search(
    handbook: &Handbook,
    entries: Vec<&crate::search::Entry>,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) -> Option<crate::search::Index> {
    render::write_search(&handbook.renderer(), entries, sink, diagnostics)
}
/// Renders only `pages` into `sink` (serve re-renders what changed); each result keeps the
/// page's ids and pending `#fragment` links, which the caller checks once it has every page.
pub fn render_pages(handbook: &Handbook, sink: &dyn Sink, pages: &[PageId]) -> Vec<RenderedPage> {
    render::render_some(&handbook.renderer(), sink, pages)
}

/// Renders what does not come from one source file: the generated listings and strategy views
/// (whose count it returns) and the 404 page.
pub fn render_extras(handbook: &Handbook, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    let renderer = handbook.renderer();
    let generated = if render::reserved_names_free(&handbook.site, diagnostics) {
        // The listings are a few large pages and the views a handful more: side by side,
        // neither waits for the other's largest page. (The views first, beside the search
        // index, finished the stage sooner but held the board pack's chapters while the index
        // peaked: 15 MB more at 10,000 documents.)
        let (mut from_listings, mut from_views) = (Diagnostics::default(), Diagnostics::default());
        let (listings, views) = rayon::join(
            || render::render_listings(&renderer, sink, &mut from_listings),
            || render::render_views(&renderer, sink, &mut from_views),
        );
        diagnostics.extend(from_listings.into_sorted());
        diagnostics.extend(from_views.into_sorted());
        listings + views
    } else {
        0
    };
    render::write_not_found(&renderer, sink, diagnostics);
    generated
}

/// Copies the content's other files (images, attachments) and the theme's static files.
pub fn copy_files(handbook: &Handbook, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
    render::copy_files(
        &handbook.site,
        &handbook.theme,
        &handbook.content,
        sink,
        diagnostics,
    );
}

impl Handbook {
    fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.site, &self.theme, &self.tera, &self.views)
    }
}
