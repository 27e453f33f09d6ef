//! The pipeline shared by `build`, `check`, `list` and `serve`, as three stages every command
//! calls in order: [`open`] (find the handbook, read its config, choose the audience), [`load`]
//! (theme, discover, parse, assemble, govern, views) and [`render`] (pages, copied files,
//! search index, listings, views and feeds) into a [`Sink`]. `serve` reuses the parse cache and
//! the compiled theme between loads ([`Reuse`]) and re-renders single pages ([`render_pages`]).

mod fragment_fixes;
mod generated;
pub mod in_memory;
mod load;
mod options;
mod render;
mod select;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tera::Tera;

use crate::model::config::Config;
use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::{PageId, Site};
use crate::outputs::folder::Sink;
use crate::outputs::leak_gate::{GatedSink, LeakGate};
use crate::outputs::render::Renderer;
use crate::stages::theme::Theme;
use crate::stages::views::{BodyLinks, Views};
use crate::util::fsutil;
use crate::util::timings::{PageWork, Stages};

pub use generated::reserved_names;
pub use load::{load_site, Discovery, NoCache, ParseCache, SiteInput};
pub use options::Options;
pub use render::RenderedPage;
pub use select::{Fingerprints, Generated, Remembered};

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
    /// Whether documents marked `draft: true` are loaded.
    pub include_drafts: bool,
}

/// The first stage of every command: finds the handbook of `options`, reads its configuration
/// and chooses the audience (an unknown one is a usage error).
pub fn open(options: &Options) -> Result<Located, BuildError> {
    let mut located = locate(&options.root)?;
    located
        .config
        .audiences
        .select(options.audience.as_deref())
        .map_err(BuildError::Usage)?;
    located.include_drafts = options.include_drafts;
    Ok(located)
}

/// Finds the handbook at `root` and reads its configuration (for the default audience, drafts
/// left out): what `new` needs, which loads nothing else.
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
    let today = crate::stages::govern::today().map_err(BuildError::Usage)?;
    Ok(Located {
        root,
        content,
        config,
        today,
        include_drafts: false,
    })
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
    /// The files found under `content/` (`serve` reuses them while none is added or removed).
    pub discovery: Discovery,
}

/// What a load may take from the one before it (`serve` keeps both between rebuilds).
pub struct Reuse<'a> {
    /// Parses front matter, remembering files whose text did not change.
    pub cache: &'a dyn ParseCache,
    /// The compiled theme, when its files did not change.
    pub theme: Option<(Theme, Tera)>,
    /// The git history, when nothing in git changed since it was read.
    pub history: Option<crate::stages::history::Kept>,
    /// The files found under `content/`, when none was added or removed since.
    pub discovery: Option<Discovery>,
    /// The body links of the last load, for the bodies that did not change.
    pub links: Option<std::sync::Arc<BodyLinks>>,
}

impl Reuse<'_> {
    /// Nothing to reuse: parse every file and compile the theme.
    pub fn nothing() -> Reuse<'static> {
        Reuse {
            cache: &NoCache,
            theme: None,
            history: None,
            discovery: None,
            links: None,
        }
    }
}

/// The load stages of every command: the theme (compiled beside the files unless reused),
/// discovery, parsing, assembly and governance, the branding check, the strategy views and
/// the raw-HTML warning. Theme errors stop here; content problems are collected.
pub fn load(
    located: Located,
    reuse: Reuse,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> Result<Handbook, BuildError> {
    let theme_name = located.config.theme.clone();
    let input = SiteInput {
        content: &located.content,
        config: located.config,
        include_drafts: located.include_drafts,
        today: located.today,
        cache: reuse.cache,
        history: reuse.history,
        discovery: reuse.discovery,
    };
    let (compiled, (site, discovery)) = match reuse.theme {
        Some(compiled) => (Ok(compiled), load_site(input, diagnostics, stages)),
        // The theme's templates compile on a thread of their own while the files load.
        None => crate::util::side_by_side::beside(
            || load_theme(&located.root, &theme_name),
            || load_site(input, diagnostics, stages),
        ),
    };
    let (theme, tera) = compiled.map_err(|d| BuildError::Content(vec![d]))?;
    stages.mark("load the theme (the wait: it compiles while the files load)");
    diagnostics.extend(crate::stages::branding::check(
        &site.config.branding,
        &theme,
    ));
    diagnostics.extend(crate::stages::branding::check_extra_files(
        &site.config,
        &theme,
    ));
    let (views, found) = Views::compute(&site, located.today, reuse.links.as_deref());
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
        discovery,
    })
}

/// The theme named in the config, with its templates compiled.
fn load_theme(root: &Path, name: &str) -> Result<(Theme, Tera), Diagnostic> {
    let theme = Theme::load(root, name)?;
    let tera = crate::outputs::render::engine::engine(&theme)?;
    Ok((theme, tera))
}

/// The warning every build of a handbook with `markdown.raw_html: allow` prints.
pub fn raw_html_warning(config: &Config) -> Option<Diagnostic> {
    (config.markdown.raw_html == crate::model::config::RawHtml::Allow).then(|| {
        Diagnostic::warning("`markdown.raw_html: allow` publishes the HTML of every document as written: any author can run scripts in every reader's browser")
            .code("raw-html-allowed")
            .in_file(crate::model::config::CONFIG_FILE)
            .help("use `sanitize` (the default), which keeps tables, details, figures, images, ids and classes, or `escape`")
    })
}

/// What the render stages keep of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only counts: each page's diagnostics and `#fragment` checks go into the diagnostics
    /// (`build`, `check`).
    Counts,
    /// Every [`RenderedPage`], its diagnostics and pending `#fragment` links left in it for
    /// the caller, which re-renders pages one by one later (`serve`).
    Pages,
}

/// What the render stages produced.
pub struct Rendered {
    /// Every page rendered from a source file (with [`Keep::Pages`]; else empty).
    pub pages: Vec<RenderedPage>,
    /// How many pages came from source files.
    pub page_count: usize,
    /// How many generated listings and view pages were written.
    pub generated: usize,
    /// The search index's words (`None`: search is off), which `serve` updates after edits.
    pub search: Option<crate::outputs::search::Index>,
    /// The diagnostics of copying the files (also in the diagnostics): `serve` keeps them
    /// when it renders only some pages again.
    pub copies: Vec<Diagnostic>,
    /// The fingerprints of the generated pages' data and the packs' chapters (with
    /// [`Keep::Pages`]; else empty), from which `serve` tells which of them an edit changes.
    pub remembered: Remembered,
}

/// The render stages of every command: every page (with the copied files beside it), then the
/// search index (with the listings, views, feeds and 404 page beside it), into `sink`.
pub fn render(
    handbook: &Handbook,
    sink: &dyn Sink,
    keep: Keep,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> Rendered {
    let renderer = handbook.renderer();
    // A folder's generated listing whose address an alias takes is not rendered.
    let given_up = crate::outputs::render::redirects::listings_given_up(&handbook.site);
    let pages: Vec<PageId> = handbook
        .site
        .pages()
        .filter(|id| !matches!(id, PageId::Section(s) if given_up.contains(s)))
        .collect();
    // The copied files need nothing rendered: they are compared with the previous output
    // (the vendored Mermaid is 5.5 MB) while the pages render, not after everything else.
    let mut from_copies = Diagnostics::default();
    let (mut results, ()) = rayon::join(
        || render::render_some(&renderer, sink, &pages),
        || copy_files(handbook, sink, &mut from_copies),
    );
    render::fix_fragments(&renderer, sink, &mut results);
    let copies = from_copies.into_sorted();
    diagnostics.extend(copies.iter().cloned());
    let mut work = PageWork::default();
    for result in &results {
        work += result.work;
    }
    stages.mark_with(
        "render and write the pages, copy the files",
        Some(work.describe()),
    );
    let (kept, entries) = match keep {
        Keep::Pages => (results, Vec::new()),
        Keep::Counts => (
            Vec::new(),
            render::settle(&handbook.site, results, diagnostics),
        ),
    };
    let select = match keep {
        Keep::Pages => Generated::recording(),
        Keep::Counts => Generated::every(),
    };
    // The search index is mostly one thread's work: the listings and views render beside it.
    let (mut from_search, mut from_extras) = (Diagnostics::default(), Diagnostics::default());
    let (search, generated) = rayon::join(
        || {
            let written: Vec<&crate::outputs::search::Entry> = kept
                .iter()
                .filter_map(|r| r.search.as_ref())
                .chain(&entries)
                .collect();
            let search =
                generated::write_search(&renderer, written, sink, &select, &mut from_search);
            // The entries are large (every word of every document): freed as soon as written.
            drop(entries);
            search
        },
        || render_extras(&renderer, sink, &select, &mut from_extras),
    );
    diagnostics.extend(from_search.into_sorted());
    diagnostics.extend(from_extras.into_sorted());
    stages.mark("search index, listings, view pages, board pack, feeds");
    Rendered {
        pages: kept,
        page_count: pages.len(),
        generated,
        search,
        copies,
        remembered: select.finish().0,
    }
}

/// The render stages into `sink` through the leak gate, which turns every file that holds a
/// left-out document's text into an error; returns the number of pages written.
pub fn render_gated(
    handbook: &Handbook,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
    stages: &mut Stages,
) -> usize {
    let gate = LeakGate::new(&handbook.site);
    let gated = GatedSink::new(sink, &gate);
    let rendered = render(handbook, &gated, Keep::Counts, diagnostics, stages);
    let audience = handbook.site.config.audiences.audience();
    for leak in gated.leaks() {
        diagnostics.push(leak.diagnostic(audience));
    }
    rendered.page_count + rendered.generated
}

/// Renders only `pages` into `sink` (serve re-renders what changed); each result keeps the
/// page's ids and pending `#fragment` links, which the caller checks once it has every page.
pub fn render_pages(handbook: &Handbook, sink: &dyn Sink, pages: &[PageId]) -> Vec<RenderedPage> {
    render::render_some(&handbook.renderer(), sink, pages)
}

/// Renders `pages` and, beside them, the generated pages (listings, views, feeds, the 404
/// page) that `select` wants into `sink`: what `serve` renders after a front-matter edit,
/// keeping the other pages and the search index. Returns the pages' results and how many
/// generated pages there are; the generated pages' diagnostics go into `diagnostics`.
pub fn render_with_generated(
    handbook: &Handbook,
    sink: &dyn Sink,
    pages: &[PageId],
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> (Vec<RenderedPage>, usize) {
    let renderer = handbook.renderer();
    let mut from_extras = Diagnostics::default();
    let (results, generated) = rayon::join(
        || render::render_some(&renderer, sink, pages),
        || {
            // The results page shows the root's tree, as every generated page does.
            if handbook.site.config.search.enabled {
                generated::write_search_page(&renderer, sink, select, &mut from_extras);
            }
            render_extras(&renderer, sink, select, &mut from_extras)
        },
    );
    diagnostics.extend(from_extras.into_sorted());
    (results, generated)
}

/// Whether a `#fragment` link into `target`, which names no id there, names one of its
/// headings by another generator's rule: then only [`render`] writes the link right.
pub fn fragment_names_a_heading(handbook: &Handbook, target: PageId, fragment: &str) -> bool {
    fragment_fixes::names_a_heading(&handbook.site, target, fragment)
}

/// Renders what does not come from one source file: the generated listings and strategy views
/// (whose count it returns) and the 404 page.
fn render_extras(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    let generated = if generated::reserved_names_free(renderer.site, diagnostics) {
        // The listings are a few large pages and the views a handful more: side by side,
        // neither waits for the other's largest page. (The views first, beside the search
        // index, finished the stage sooner but held the board pack's chapters while the index
        // peaked: 15 MB more at 10,000 documents.)
        let (mut from_listings, mut from_views) = (Diagnostics::default(), Diagnostics::default());
        let mut from_changes = Diagnostics::default();
        let (listings, (views, changes)) = rayon::join(
            || generated::render_listings(renderer, sink, select, &mut from_listings),
            || {
                rayon::join(
                    || generated::render_views(renderer, sink, select, &mut from_views),
                    || generated::render_changes(renderer, sink, select, &mut from_changes),
                )
            },
        );
        diagnostics.extend(from_listings.into_sorted());
        diagnostics.extend(from_views.into_sorted());
        diagnostics.extend(from_changes.into_sorted());
        listings + views + changes
    } else {
        0
    };
    generated::write_not_found(renderer, sink, select, diagnostics);
    generated
}

/// Copies the content's other files (images, attachments) and the theme's static files.
fn copy_files(handbook: &Handbook, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
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

    /// What every page shows of the whole site (see [`Renderer::shown_everywhere`]).
    pub fn shown_everywhere(&self) -> crate::outputs::render::Shown {
        self.renderer().shown_everywhere()
    }
}
