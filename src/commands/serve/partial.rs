//! The front-matter path of a rebuild: after an edit of documents' front matter the site is
//! loaded again (titles, statuses, order, views), but only the pages that can show what
//! changed are rendered again ([`super::affected`]), with every generated page (listings,
//! views, feeds, the contents and search pages); the other pages, their `#fragment` checks
//! and the search index's other entries are kept. Anything that changes the site's shape
//! falls back to rendering every page.

use std::collections::HashSet;

use super::affected::{self, Loaded};
use super::fast;
use super::memory::MemorySink;
use super::plan::{Change, Plan};
use super::rebuild::{ShowAhead, State};
use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::PageId;
use crate::outputs::search::{self, Entry};
use crate::pipeline::{self, Generated, Handbook};

/// Whether `plan` is only edits of Markdown files, which [`apply`] may handle.
pub(super) fn may_select(plan: &Plan) -> bool {
    !plan.full
        && !plan.theme
        && !plan.config
        && !plan.history
        && !plan.content.is_empty()
        && plan
            .content
            .iter()
            .all(|(path, change)| *change == Change::Written && path.ends_with(".md"))
}

/// Renders into `state`, whose handbook was just loaded again after `plan` (the rest is the
/// previous rendering, of the site in `old`), the pages that can have changed; `load` are the
/// new load's diagnostics. The edited documents' pages are rendered first and given to
/// `ahead`, when there is one, before the others. Returns `false` when every page must be
/// rendered (`state`'s handbook is then the new one, the rest to be replaced).
pub(super) fn apply(
    state: &mut State,
    old: &Handbook,
    plan: &Plan,
    load: Diagnostics,
    ahead: Option<&ShowAhead>,
) -> bool {
    // A file that failed to load, or a page that failed, is in no list: only a full render
    // is sure.
    if state.base.iter().any(Diagnostic::is_error) {
        return false;
    }
    let site = &state.handbook.site;
    let edited: Vec<PageId> = plan
        .content
        .keys()
        .filter_map(|source| site.by_source.get(source).copied())
        .collect();
    // One document saved, the writer's usual edit, goes ahead (whatever the rest of the
    // rebuild renders, its page is this one); a burst of edits is shown when the whole
    // rebuild is done.
    if let (Some(show), [_]) = (ahead, &edited[..]) {
        show_ahead(state, &edited, show);
    }
    let own_files = plan.content.keys().all(|source| {
        matches!(site.by_source.get(source), Some(PageId::Document(_)))
            || site.excluded_drafts.contains(source)
    });
    let shown = state.handbook.shown_everywhere();
    if !own_files || shown.site != state.shown.site {
        return false;
    }
    // A status or kind first used, or no longer used, changes the badges that the pages
    // with a document table have whole: the sections' pages and every generated page.
    let badges_changed = shown.badges != state.shown.badges;
    let before = Loaded {
        site: &old.site,
        views: &old.views,
    };
    let after = Loaded {
        site,
        views: &state.handbook.views,
    };
    let Some(affected) = affected::pages(&before, &after, &edited) else {
        return false;
    };
    let mut pages = affected.pages;
    if badges_changed {
        let given_up = crate::outputs::render::redirects::listings_given_up(site);
        pages.extend(
            (0..site.sections.len())
                .filter(|s| !given_up.contains(s))
                .map(PageId::Section),
        );
        pages.sort();
        pages.dedup();
    }
    // Every generated page shows the root's tree: when it may differ, they are all rendered
    // (with the unchanged documents' chapters and summaries of the last render).
    let select = match affected.root_tree || badges_changed {
        true => Generated::every_after(&state.remembered, &affected.chapters),
        false => Generated::changed(&state.remembered, &affected.chapters),
    };
    let sink = MemorySink::default();
    let mut generated = Diagnostics::default();
    let (rendered, listings) =
        pipeline::render_with_generated(&state.handbook, &sink, &pages, &select, &mut generated);
    let (remembered, rendered_generated) = select.finish();
    if fast::fragments_need_a_full_render(state, &pages, &rendered) {
        return false;
    }
    let mut edits = Vec::new();
    // The sorted list of every diagnostic is made again only when one of them changed.
    let mut same_diagnostics = true;
    for page in rendered {
        let before = state.rendered.insert(page.page, page.clone());
        same_diagnostics &= before
            .as_ref()
            .is_some_and(|b| b.diagnostics == page.diagnostics);
        match (before.and_then(|b| b.search), page.search) {
            (Some(old), Some(new)) => edits.push((old, new)),
            (None, None) => {}
            // The page joined or left the index: only a full render renumbers it.
            _ => return false,
        }
    }
    if !update_search(state, &edits, &sink) {
        return false;
    }
    let written = sink.into_files();
    state.remembered = remembered;
    let stale = stale_generated(state, &written);
    for path in &stale {
        state.current.remove(path);
    }
    match state.dirty.as_mut() {
        Some(dirty) if stale.is_empty() => dirty.extend(written.keys().cloned()),
        // A generated page is gone (the last document with a tag changed it): compare all.
        _ => state.dirty = None,
    }
    state.current.extend(written);
    let mut base = load;
    base.extend(state.copies.iter().cloned());
    base.extend(generated.into_sorted());
    let base = base.into_sorted();
    if !same_diagnostics || base != state.base {
        state.all = None;
    }
    state.base = base;
    state.touched.extend(&pages);
    state.listings = listings;
    state.shown = shown;
    state.rendered_now = pages.len() + rendered_generated;
    true
}

/// Renders the edited documents' pages and gives them to `show`, ahead of the rest of the
/// rebuild, when they have no error, no leak past the audience gate and no `#fragment` link
/// that the whole render may write again: they are then as the finished rebuild will have
/// them (`tests/serve_oracle.rs` checks it after every rebuild).
fn show_ahead(state: &State, edited: &[PageId], show: &ShowAhead) {
    let pages: Vec<PageId> = edited
        .iter()
        .copied()
        .filter(|page| matches!(page, PageId::Document(_)))
        .collect();
    if pages.is_empty() {
        return;
    }
    let sink = MemorySink::default();
    let rendered = pipeline::render_pages(&state.handbook, &sink, &pages);
    let failed = rendered
        .iter()
        .any(|page| page.diagnostics.iter().any(Diagnostic::is_error));
    // A `#fragment` link that names no id exactly (another case, another generator's id) is
    // written again by the whole render.
    let exact = rendered.iter().flat_map(|r| &r.pending).all(|pending| {
        rendered
            .iter()
            .find(|r| r.page == pending.target)
            .or_else(|| state.rendered.get(&pending.target))
            .is_some_and(|target| target.ids.contains(&pending.fragment))
    });
    if failed || !exact || fast::fragments_need_a_full_render(state, &pages, &rendered) {
        return;
    }
    let files = sink.into_files();
    if files
        .iter()
        .any(|(path, bytes)| state.gate.scan(path, bytes).is_some())
    {
        return;
    }
    show(files);
}

/// Writes the search index's shards that the re-rendered documents' words changed, and the
/// facets when a status, owner, kind or tag changed; `false` when the index must be written
/// afresh.
fn update_search(state: &mut State, edits: &[(Entry, Entry)], sink: &MemorySink) -> bool {
    let Some(index) = state.search.as_mut() else {
        return edits.is_empty();
    };
    let pairs: Vec<(&Entry, &Entry)> = edits.iter().map(|(a, b)| (a, b)).collect();
    if !matches!(search::write_edits(index, &pairs, sink), Ok(true)) {
        return false;
    }
    if edits.iter().all(|(a, b)| a.facets == b.facets) {
        return true;
    }
    let mut entries: Vec<&Entry> = state
        .rendered
        .values()
        .filter_map(|r| r.search.as_ref())
        .collect();
    entries.sort_by_key(|e| e.document);
    search::write_facets(&entries, sink).is_ok()
}

/// The generated files of the previous rendering that this one no longer writes: every
/// output that is not a page, a copied file, a theme file or the search index, that
/// `written` does not hold and that was not kept as it was (its fingerprint is still known).
fn stale_generated(state: &State, written: &crate::commands::serve::Files) -> Vec<String> {
    let handbook = &state.handbook;
    let site = &handbook.site;
    let pages: HashSet<&str> = site.pages().map(|id| site.output(id)).collect();
    let search = format!("{}/", search::FOLDER);
    state
        .current
        .keys()
        .filter(|path| {
            !written.contains_key(*path)
                && !state.remembered.fingerprints.contains_key(*path)
                && !pages.contains(path.as_str())
                && !site.assets.contains(*path)
                && !handbook.theme.static_files.contains_key(*path)
                && !path.starts_with(&search)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use crate::commands::serve::plan::plan;
    use crate::commands::serve::{FsEvent, Plan, Rebuilder, Update};
    use crate::pipeline::Options;

    /// A handbook of three folders of forty documents each (more than a sidebar shows whole).
    fn handbook(root: &Path) {
        for folder in ["alpha", "beta", "gamma"] {
            let dir = root.join("content").join(folder);
            fs::create_dir_all(&dir).unwrap();
            for n in 0..40 {
                let text = format!(
                    "---\ntitle: {folder} {n:02}\nstatus: active\ntags: [common]\n---\n\nText {n}.\n"
                );
                fs::write(dir.join(format!("d{n:02}.md")), text).unwrap();
            }
        }
        fs::write(root.join("content/alpha/d07.md"), seven("alpha 07")).unwrap();
    }

    /// alpha/d07.md titled `title`, linking to beta/d00.md.
    fn seven(title: &str) -> String {
        format!("---\ntitle: {title}\nstatus: active\ntags: [common]\n---\n\nSee [beta](../beta/d00.md).\n")
    }

    fn edit(rebuilder: &mut Rebuilder, root: &Path, path: &str, text: &str) -> Update {
        fs::write(root.join(path), text).unwrap();
        let events = [FsEvent::Written(root.join(path))];
        rebuilder.rebuild(&plan(root, &events)).unwrap()
    }

    fn page(update: &Update, path: &str) -> String {
        String::from_utf8_lossy(&update.files[path]).into_owned()
    }

    #[test]
    fn a_title_edit_renders_the_pages_that_show_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        handbook(&root);
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        let first = rebuilder.rebuild(&Plan::everything()).unwrap();
        assert!(!first.incremental);
        let update = edit(
            &mut rebuilder,
            &root,
            "content/alpha/d07.md",
            &seven("Renamed seven"),
        );
        assert!(update.incremental);
        assert!(
            update.rendered * 2 < first.rendered,
            "{} of {} pages rendered again",
            update.rendered,
            first.rendered
        );
        // The page, its section's page, its neighbours' sidebars and the page it links to
        // ("Linked from") show the new title; a page of another folder does not change.
        for path in [
            "alpha/d07.html",
            "alpha/index.html",
            "alpha/d08.html",
            "beta/d00.html",
        ] {
            assert!(page(&update, path).contains("Renamed seven"), "{path}");
            assert!(update.changed.contains(&path.to_string()), "{path}");
        }
        assert!(!update.changed.contains(&"gamma/d03.html".to_string()));
        assert!(!page(&update, "gamma/d03.html").contains("Renamed seven"));
    }

    #[test]
    fn a_tag_edit_updates_the_tag_pages_and_the_search_facets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        handbook(&root);
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        rebuilder.rebuild(&Plan::everything()).unwrap();
        let tagged = "---\ntitle: alpha 03\nstatus: active\ntags: [common, rare]\n---\n\nText 3.\n";
        let update = edit(&mut rebuilder, &root, "content/alpha/d03.md", tagged);
        assert!(update.incremental);
        let tag_page = update
            .files
            .keys()
            .find(|p| p.starts_with("tags/") && p.contains("rare"))
            .cloned()
            .expect("a page for the new tag");
        assert!(page(&update, "search/facets.json").contains("rare"));
        // The tag's last document drops it: its page is gone.
        let plain = "---\ntitle: alpha 03\nstatus: active\ntags: [common]\n---\n\nText 3.\n";
        let update = edit(&mut rebuilder, &root, "content/alpha/d03.md", plain);
        assert!(update.incremental);
        assert!(!update.files.contains_key(&tag_page), "{tag_page}");
        assert!(update.changed.contains(&tag_page));
        assert!(!page(&update, "search/facets.json").contains("rare"));
    }

    #[test]
    fn a_weight_edit_renders_every_page() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        handbook(&root);
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        let first = rebuilder.rebuild(&Plan::everything()).unwrap();
        let text = seven("alpha 07").replace("status:", "weight: 1\nstatus:");
        let update = edit(&mut rebuilder, &root, "content/alpha/d07.md", &text);
        assert!(!update.incremental);
        assert_eq!(update.rendered, first.rendered);
    }
}
