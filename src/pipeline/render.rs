//! Rendering: every page in parallel, streamed to a sink, then the checks that need every
//! page (`#fragment` links), the 404 page and the copied files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::{PageId, Site};
use crate::outputs::folder::Sink;
use crate::outputs::render::{
    calendar, digest_feed, discovery, history, listings, pack, pages_api, radar_csv, radar_json,
    redirects, tree, Renderer,
};
use crate::outputs::search;
use crate::stages::link_hints;
use crate::stages::links::{self, FragmentIds, PageLinks, PendingFragment};
use crate::stages::markdown::{self, RenderOptions};
use crate::stages::theme::{StaticFile, Theme};
use crate::stages::views;
use crate::util::parallel::{self, PIECE};
use crate::util::timings::{PageWork, Stopwatch};

/// What rendering one page left behind for the checks that need every page.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub page: PageId,
    /// Every `id` the page defines (headings, footnotes, raw HTML, objectives).
    pub ids: HashSet<String>,
    /// `#fragment` links into other pages, checked once every page is rendered.
    pub pending: Vec<PendingFragment>,
    pub diagnostics: Vec<Diagnostic>,
    /// The document's search index entry (none for sections, `search: false`, or search off).
    pub search: Option<search::Entry>,
    /// The time each step of rendering it took.
    pub work: PageWork,
    /// The pages whose headings its `#fragment` links were rewritten to (by their real ids).
    pub fixed_into: Vec<PageId>,
}

/// Settles what every page of `results` left for `build` and `check`: their diagnostics and
/// `#fragment` links go into `diagnostics`; returns their search index entries, and frees the
/// rest (every page's ids) on both threads.
pub fn settle(
    site: &Site,
    results: Vec<RenderedPage>,
    diagnostics: &mut Diagnostics,
) -> Vec<search::Entry> {
    for result in &results {
        diagnostics.extend(result.diagnostics.iter().cloned());
    }
    check_fragments(site, &results, diagnostics);
    results
        .into_par_iter()
        .with_max_len(PIECE * 8)
        .filter_map(|r| r.search)
        .collect()
}

/// Renders `pages` in parallel into the sink; their diagnostics stay in the results.
pub fn render_some(renderer: &Renderer, sink: &dyn Sink, pages: &[PageId]) -> Vec<RenderedPage> {
    let numbers = search::numbers(renderer.site);
    parallel::map_with_scratch(pages, Scratch::default, |scratch, page| {
        render_one(renderer, sink, (*page, None), &numbers, scratch)
    })
}

/// Renders again the pages whose `#fragment` links name headings by other generators' ids
/// (see [`super::fragment_fixes`]), writing the real ids; replaces their results.
pub fn fix_fragments(renderer: &Renderer, sink: &dyn Sink, results: &mut [RenderedPage]) {
    let needed = super::fragment_fixes::needed(renderer.site, results.iter());
    if needed.is_empty() {
        return;
    }
    let numbers = search::numbers(renderer.site);
    let pages: Vec<(PageId, FragmentIds)> = needed.into_iter().collect();
    let mut again = parallel::map_with_scratch(&pages, Scratch::default, |scratch, (page, ids)| {
        let mut result = render_one(renderer, sink, (*page, Some(ids)), &numbers, scratch);
        result.fixed_into = ids.keys().map(|(target, _)| *target).collect();
        result
    });
    for result in results.iter_mut() {
        if let Some(at) = again.iter().position(|r| r.page == result.page) {
            *result = again.swap_remove(at);
        }
    }
}

/// Checks every pending `#fragment` link against the ids of the page it points to.
pub fn check_fragments<'a>(
    site: &Site,
    results: impl IntoIterator<Item = &'a RenderedPage> + Clone,
    diagnostics: &mut Diagnostics,
) {
    let ids: HashMap<PageId, &HashSet<String>> = results
        .clone()
        .into_iter()
        .map(|r| (r.page, &r.ids))
        .collect();
    let results: Vec<&RenderedPage> = results.into_iter().collect();
    let missing: Vec<Diagnostic> = results
        .par_iter()
        .with_max_len(PIECE * 8)
        .flat_map_iter(|result| {
            result.pending.iter().filter_map(|pending| {
                let target = ids.get(&pending.target).copied();
                let found = target.is_some_and(|set| links::has_anchor(set, &pending.fragment));
                (!found).then(|| {
                    links::missing_fragment(site, pending)
                        .help(link_hints::missing_anchor(target, &pending.fragment))
                })
            })
        })
        .collect();
    diagnostics.extend(missing);
}

/// What a rendering thread keeps from one page to the next.
#[derive(Default)]
struct Scratch {
    /// The word table of the search index.
    counts: search::WordCounts,
    /// Highlighted code lines.
    highlighting: markdown::Highlighting,
}

/// Renders `page` into `sink`, and its search file; `numbers` are the documents' numbers in
/// the search index.
fn render_one(
    renderer: &Renderer,
    sink: &dyn Sink,
    (page, fragment_ids): (PageId, Option<&FragmentIds>),
    numbers: &[Option<u32>],
    scratch: &mut Scratch,
) -> RenderedPage {
    let site = renderer.site;
    let mut clock = Stopwatch::start();
    let mut work = PageWork::default();
    let (body, _) = site.body(page);
    let output = site.output(page);
    let file = PathBuf::from("content").join(site.source(page).unwrap_or(""));
    let mut links = PageLinks::new(site, page, site.url(page));
    if let Some(ids) = fragment_ids {
        links = links.with_fragment_ids(ids);
    }
    let drop_leading_h1 = matches!(page, PageId::Document(d) if site.documents[d].drop_leading_h1);
    let plain_text = matches!(page, PageId::Document(d) if search::wanted(site, d));
    let options = RenderOptions {
        drop_leading_h1,
        raw_html: site.config.markdown.raw_html,
    };
    if let Some((d, dest)) = redirects::is_redirect(site, page) {
        // Its text is left out: the page only sends the reader on.
        let mut found = redirects::RedirectFound::default();
        let html = redirects::redirect_to(site, d, dest, &mut found);
        let mut diagnostics = found.diagnostics;
        if let Err(error) = sink.write(output, html.as_bytes()) {
            diagnostics.push(Diagnostic::error(format!("{error:#}")).in_file(&file));
        }
        return RenderedPage {
            page,
            ids: HashSet::new(),
            pending: found.pending,
            diagnostics,
            search: None,
            work,
            fixed_into: Vec::new(),
        };
    }
    // The search index's text is collected while the body renders.
    let mut plain = plain_text.then(|| search::PlainText::for_body(body.len()));
    let collector = plain
        .as_mut()
        .map(|p| p as &mut dyn markdown::TextCollector);
    let rendered = markdown::render_with(
        body,
        options,
        &mut links,
        &mut scratch.highlighting,
        collector,
    );
    let mut diagnostics = std::mem::take(&mut links.diagnostics);
    if let Some(found) = markdown::template_syntax::find(body) {
        diagnostics.push(found.warning(site.body(page), &file));
    }
    work.markdown = clock.lap();
    match renderer.page(page, &rendered) {
        Ok(html) => {
            work.templates = clock.lap();
            if let Err(error) = sink.write(output, &html) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")).in_file(&file));
            }
            work.writing = clock.lap();
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
    let number = match page {
        PageId::Document(d) => numbers.get(d).copied().flatten(),
        PageId::Section(_) => None,
    };
    let search = match (page, number) {
        (PageId::Document(d), Some(number)) if plain.is_some() => {
            let text = plain
                .take()
                .map(search::PlainText::finish)
                .unwrap_or_default();
            let entry = search::entry(site, d, text.lowered, &text.sections, &mut scratch.counts);
            let written = search::write_summary(site, &entry, number, &text.sections, sink);
            if let Err(error) = written {
                diagnostics.push(Diagnostic::error(format!("{error:#}")).in_file(&file));
            }
            Some(entry)
        }
        _ => None,
    };
    work.search = clock.lap();
    // Objectives are anchors on the page too (the theme renders one row per objective).
    let mut ids = rendered.ids;
    ids.extend(crate::stages::govern::objective_ids(site, page));
    RenderedPage {
        page,
        ids,
        pending: links.pending,
        diagnostics,
        search,
        work,
        fixed_into: Vec::new(),
    }
}

pub fn write_not_found(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
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
            if let Err(error) = sink.write("404.html", &html) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}

/// Copies the content's other files beside their pages, and the theme's static files.
pub fn copy_files(
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

/// The names at the top of the output that generated pages use: files (`reviews.html`) and
/// folders (`owners`).
pub fn reserved_names() -> Vec<&'static str> {
    listings::GENERATED
        .iter()
        .chain(views::GENERATED)
        .chain(discovery::RESERVED)
        .copied()
        .collect()
}

/// Whether the names of generated pages are free; reports each one content already uses.
pub fn reserved_names_free(site: &Site, diagnostics: &mut Diagnostics) -> bool {
    let reserved = reserved_names();
    let mut free = true;
    for name in &reserved {
        let taken = match name.contains('.') {
            true => site.pages().any(|id| site.output(id) == *name) || site.assets.contains(*name),
            false => {
                site.by_dir.contains_key(*name)
                    || site
                        .assets
                        .iter()
                        .any(|a| a.starts_with(&format!("{name}/")))
            }
        };
        if taken {
            free = false;
            let shown: Vec<String> = reserved
                .iter()
                .map(|r| {
                    if r.contains('.') {
                        r.to_string()
                    } else {
                        format!("{r}/")
                    }
                })
                .collect();
            diagnostics.push(
                Diagnostic::error(format!(
                    "content/{name} is where Northstar writes its generated pages"
                ))
                .code("output-collision")
                .in_file(PathBuf::from("content").join(name))
                .help(format!(
                    "rename this folder or file; these names are reserved: {}",
                    shown.join(", ")
                )),
            );
        }
    }
    free
}

/// Renders the generated pages (reviews due, owners, kinds, statuses, tags) in parallel.
pub fn render_listings(
    renderer: &Renderer,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) -> usize {
    renderer.summaries.fill();
    let pages = listings::all(renderer.site, &renderer.summaries);
    // One listing to a piece: they differ in size (all documents, one owner's), and a large
    // one left last in a piece would keep one thread busy alone.
    let failures: Vec<Diagnostic> = pages
        .par_iter()
        .with_max_len(1)
        .filter_map(|listing| match renderer.listing(listing) {
            Ok(html) => sink
                .write(&listing.url, &html)
                .err()
                .map(|e| Diagnostic::error(format!("{e:#}"))),
            Err(diagnostic) => Some(diagnostic),
        })
        .collect();
    diagnostics.extend(failures);
    pages.len()
}

/// Renders the diff page of every change in the digest's window; returns how many.
pub fn render_changes(
    renderer: &Renderer,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) -> usize {
    let site = renderer.site;
    let documents = history::change_pages(site);
    // A document's pages one after the other: each version's text is read for two pages.
    let failures: Vec<Diagnostic> = documents
        .par_iter()
        .flat_map_iter(|(d, changes)| {
            let mut last = None;
            let mut failures = Vec::new();
            for n in changes {
                let Some(page) = history::change_page(site, *d, *n, &mut last) else {
                    continue;
                };
                let written = renderer.change(&page).and_then(|html| {
                    sink.write(&page.path, &html)
                        .map_err(|e| Diagnostic::error(format!("{e:#}")))
                });
                failures.extend(written.err());
            }
            failures
        })
        .collect();
    diagnostics.extend(failures);
    documents.iter().map(|(_, changes)| changes.len()).sum()
}

/// Renders the generated view pages (traceability, roadmap, radar, decisions, risks) and
/// the board pack.
pub fn render_views(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    // The board pack (and the print page) render their chapters in parallel and are the
    // largest pages: they start at once, the other views and the feeds beside them.
    let (mut from_packs, mut from_views) = (Diagnostics::default(), Diagnostics::default());
    let (packs, views) = rayon::join(
        || write_packs(renderer, sink, &mut from_packs),
        || write_view_pages(renderer, sink, &mut from_views),
    );
    diagnostics.extend(from_packs.into_sorted());
    diagnostics.extend(from_views.into_sorted());
    packs + views
}

/// Writes the board pack, and the print page when the config asks for it; returns how many.
fn write_packs(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    let pack = renderer.board_pack().and_then(|html| {
        sink.write(pack::BOARD_PACK, &html)
            .map_err(|e| Diagnostic::error(format!("{e:#}")))
    });
    if let Err(diagnostic) = pack {
        diagnostics.push(diagnostic);
    }
    if !renderer.site.config.print {
        return 1;
    }
    let print = renderer.print_page().and_then(|html| {
        sink.write(pack::PRINT_PAGE, &html)
            .map_err(|e| Diagnostic::error(format!("{e:#}")))
    });
    if let Err(diagnostic) = print {
        diagnostics.push(diagnostic);
    }
    2
}

/// Writes the view pages (traceability, roadmap, radar, decisions, risks), then the feeds,
/// sitemap and redirects; returns how many pages.
fn write_view_pages(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    let pages = &renderer.views.pages;
    let failures: Vec<Diagnostic> = pages
        .par_iter()
        .with_max_len(1)
        .filter_map(|page| {
            renderer
                .view(page)
                .and_then(|html| {
                    sink.write(page.url, &html)
                        .map_err(|e| Diagnostic::error(format!("{e:#}")))
                })
                .err()
        })
        .collect();
    diagnostics.extend(failures);
    pages.len() + write_discovery(renderer, sink, diagnostics)
}

/// A maker of some of the generated files of [`write_discovery`].
type Maker<'a> = &'a (dyn Fn() -> Vec<discovery::Generated> + Sync);

/// Writes the feeds, the calendar of reviews, the radar and page lists, the sitemap and the alias redirect pages;
/// returns how many pages.
fn write_discovery(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
    let site = renderer.site;
    let today = &renderer.views.board_pack.date;
    // Each file is made on its own: the calendars and the page list are large, and side by
    // side they do not wait for each other.
    let makers: [Maker; 7] = [
        &|| discovery::feeds(site, today),
        &|| calendar::reviews_calendars(site, today),
        &|| vec![radar_json::radar_json(site, today)],
        &|| vec![radar_csv::radar_csv(site)],
        &|| vec![pages_api::pages_json(site, today)],
        &|| {
            vec![discovery::Generated {
                path: tree::FILE.to_string(),
                text: tree::file(site),
            }]
        },
        &|| {
            vec![digest_feed::whats_new_feed(
                site,
                &renderer.views.digest,
                today,
            )]
        },
    ];
    let mut files: Vec<discovery::Generated> = makers
        .par_iter()
        .with_max_len(1)
        .flat_map_iter(|make| make())
        .collect();
    let generated: Vec<&str> = views::GENERATED
        .iter()
        .copied()
        .filter(|page| *page != pack::PRINT_PAGE || site.config.print)
        .collect();
    files.extend(discovery::sitemap(site, &generated));
    // A folder's generated listing gives its address up to an alias that names it.
    let given_up = redirects::listings_given_up(site);
    let outputs: HashSet<&str> = site
        .pages()
        .filter(|id| !matches!(id, PageId::Section(s) if given_up.contains(s)))
        .map(|id| site.output(id))
        .collect();
    let taken = |path: &str| {
        outputs.contains(path)
            || site.assets.contains(path)
            || renderer.theme.static_files.contains_key(path)
            || views::GENERATED.contains(&path)
            || path == "404.html"
            || listings::GENERATED
                .iter()
                .chain(discovery::RESERVED)
                .chain(search::enabled(site).then_some(&search::FOLDER))
                .any(|name| path == *name || path.starts_with(&format!("{name}/")))
    };
    let mut found = Vec::new();
    let redirects = redirects::aliases(site, &taken, &mut found);
    diagnostics.extend(found);
    let count = redirects.len();
    files.extend(redirects);
    let failures: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|file| {
            let written = sink.write(&file.path, file.text.as_bytes());
            written.err().map(|e| Diagnostic::error(format!("{e:#}")))
        })
        .collect();
    diagnostics.extend(failures);
    count
}

/// Writes the search index and the results page, unless the config turns search off;
/// returns the word index.
pub fn write_search(
    renderer: &Renderer,
    entries: Vec<&search::Entry>,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) -> Option<search::Index> {
    let site = renderer.site;
    if !search::enabled(site) {
        return None;
    }
    let folder = search::FOLDER;
    let taken = site.by_dir.contains_key(folder)
        || site
            .assets
            .iter()
            .any(|a| a.starts_with(&format!("{folder}/")));
    if taken {
        diagnostics.push(
            Diagnostic::error(format!("content/{folder} is where Northstar writes its search index"))
                .code("output-collision")
                .in_file(PathBuf::from("content").join(folder))
                .help("rename this folder, or turn search off with `search: {enabled: false}` in northstar.yaml"),
        );
        return None;
    }
    let index = match search::write(entries, &site.config.language, sink) {
        Ok(index) => Some(index),
        Err(error) => {
            diagnostics.push(Diagnostic::error(format!("{error:#}")));
            None
        }
    };
    write_search_page(renderer, sink, diagnostics);
    index
}

/// Writes the search results page (`search/index.html`), which a theme of the handbook's own
/// may leave out.
pub fn write_search_page(renderer: &Renderer, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
    if !renderer.tera.contains_template("search.html") {
        return;
    }
    match renderer.search_page() {
        Ok(html) => {
            let path = format!("{}/index.html", search::FOLDER);
            if let Err(error) = sink.write(&path, &html) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}
