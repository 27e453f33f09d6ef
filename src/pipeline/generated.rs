//! The generated pages, which come from no one source file: the listings, the view pages
//! and the board pack, the diff pages of changes, the feeds and other discovery files, the
//! search results page and the 404 page. Each listing, view and pack is rendered only when
//! the [`Generated`] choice wants it.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use super::select::Generated;
use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::{PageId, Site};
use crate::outputs::folder::Sink;
use crate::outputs::render::KeptSummaries;
use crate::outputs::render::{
    calendar, digest_feed, discovery, history, listings, pack, pages_api, radar_csv, radar_json,
    redirects, tree, Renderer,
};
use crate::outputs::search;
use crate::stages::views;

/// Writes the 404 page, unless a document takes its name.
pub fn write_not_found(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) {
    let site = renderer.site;
    let taken = site
        .by_source
        .values()
        .any(|id| site.output(*id) == "404.html");
    if taken || !select.wants("404.html", &()) {
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
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    renderer.summaries.fill(select);
    let pages = listings::all(renderer.site, &renderer.summaries);
    // One listing to a piece: they differ in size (all documents, one owner's), and a large
    // one left last in a piece would keep one thread busy alone.
    let failures: Vec<Diagnostic> = pages
        .par_iter()
        .with_max_len(1)
        .filter(|listing| select.wants(&listing.url, &listing.shown(&renderer.summaries)))
        .filter_map(|listing| match renderer.listing(listing) {
            Ok(html) => sink
                .write(&listing.url, &html)
                .err()
                .map(|e| Diagnostic::error(format!("{e:#}"))),
            Err(diagnostic) => Some(diagnostic),
        })
        .collect();
    diagnostics.extend(failures);
    select.keep(&renderer.summaries);
    pages.len()
}

/// Renders the diff page of every change in the digest's window; returns how many.
pub fn render_changes(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
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
                if !select.wants(&page.path, &page.view) {
                    continue;
                }
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
pub fn render_views(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    // The board pack (and the print page) render their chapters in parallel and are the
    // largest pages: they start at once, the other views and the feeds beside them.
    let (mut from_packs, mut from_views) = (Diagnostics::default(), Diagnostics::default());
    let (packs, views) = rayon::join(
        || write_packs(renderer, sink, select, &mut from_packs),
        || write_view_pages(renderer, sink, select, &mut from_views),
    );
    diagnostics.extend(from_packs.into_sorted());
    diagnostics.extend(from_views.into_sorted());
    packs + views
}

/// Writes the board pack, and the print page when the config asks for it; returns how many.
fn write_packs(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    let views = renderer.views;
    let selection = &views.board_pack;
    let data = (selection, &views.decision_log, &views.digest);
    if select.wants_showing(pack::BOARD_PACK, &data, &selection.documents) {
        let pack = renderer.board_pack(select).and_then(|html| {
            sink.write(pack::BOARD_PACK, &html)
                .map_err(|e| Diagnostic::error(format!("{e:#}")))
        });
        if let Err(diagnostic) = pack {
            diagnostics.push(diagnostic);
        }
    }
    if !renderer.site.config.print {
        return 1;
    }
    // The whole handbook: every document is a chapter.
    let every: Vec<usize> = (0..renderer.site.documents.len()).collect();
    if !select.wants_showing(pack::PRINT_PAGE, &selection.date, &every) {
        return 2;
    }
    let print = renderer.print_page(select).and_then(|html| {
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
fn write_view_pages(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    let pages = &renderer.views.pages;
    let failures: Vec<Diagnostic> = pages
        .par_iter()
        .with_max_len(1)
        .filter(|page| {
            let data = (page.title, &page.summary, page.template, &page.data);
            select.wants(page.url, &data)
        })
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
    pages.len() + write_discovery(renderer, sink, select, diagnostics)
}

/// A maker of some of the generated files of [`write_discovery`].
type Maker<'a> = &'a (dyn Fn() -> Vec<discovery::Generated> + Sync);

/// Writes the feeds, the calendar of reviews, the radar and page lists, the sitemap and the alias redirect pages;
/// returns how many pages.
fn write_discovery(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) -> usize {
    let site = renderer.site;
    let today = &renderer.views.board_pack.date;
    // Each file is made on its own: the calendars and the page list are large, and side by
    // side they do not wait for each other.
    let makers: [Maker; 7] = [
        &|| discovery::feeds(site, today),
        &|| calendar::reviews_calendars(site, today, select),
        &|| vec![radar_json::radar_json(site, today)],
        &|| vec![radar_csv::radar_csv(site)],
        &|| vec![pages_api::pages_json(site, today, select)],
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
    select: &Generated,
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
    write_search_page(renderer, sink, select, diagnostics);
    index
}

/// Writes the search results page (`search/index.html`), which a theme of the handbook's own
/// may leave out.
pub fn write_search_page(
    renderer: &Renderer,
    sink: &dyn Sink,
    select: &Generated,
    diagnostics: &mut Diagnostics,
) {
    let path = format!("{}/index.html", search::FOLDER);
    if !renderer.tera.contains_template("search.html") || !select.wants(&path, &()) {
        return;
    }
    match renderer.search_page() {
        Ok(html) => {
            if let Err(error) = sink.write(&path, &html) {
                diagnostics.push(Diagnostic::error(format!("{error:#}")));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}
