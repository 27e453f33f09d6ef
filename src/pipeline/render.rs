//! Rendering: every page in parallel, streamed to a sink, then the checks that need every
//! page (`#fragment` links), the 404 page and the copied files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::{PageId, Site};
use crate::outputs::folder::Sink;
use crate::outputs::render::{redirects, Renderer};
use crate::outputs::search;
use crate::stages::link_hints;
use crate::stages::links::{self, FragmentIds, PageLinks, PendingFragment};
use crate::stages::markdown::{self, RenderOptions};
use crate::stages::theme::{StaticFile, Theme};
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
