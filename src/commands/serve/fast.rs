//! The fast path of a rebuild: when every change is an edit of a known file that leaves its
//! front matter as it was, only the edited pages are rendered again. Such an edit cannot
//! change any other page: titles, summaries, reading order and links come from the front
//! matter and the file list, which are unchanged; the `#fragment` checks that read the
//! body's ids run again over every page when the result is published.

use super::cache::ParseMemo;
use super::memory::MemorySink;
use super::plan::{Change, Plan};
use super::rebuild::State;
use crate::model::site::{PageId, Site};
use crate::outputs::folder::Sink;
use crate::outputs::search::{self, Entry};
use crate::pipeline;
use crate::stages::active_files::Screening;
use crate::stages::assemble::first_heading;
use crate::stages::frontmatter::{self, Parsed};
use crate::stages::links::has_anchor;
use crate::stages::views;
use crate::util::fsutil;
use std::sync::Arc;

/// An edit the fast path can apply: the new text of a page's source.
struct Edit {
    source: String,
    text: String,
    parsed: Arc<Parsed>,
    /// The page it renders, `None` for a draft left out of the site.
    page: Option<PageId>,
    drop_leading_h1: bool,
}

/// Whether `path` (relative to `content/`) is, or holds, a file of the site.
fn is_known(site: &Site, path: &str) -> bool {
    let folder = format!("{path}/");
    site.by_source.contains_key(path)
        || site.excluded_drafts.contains(path)
        || site.left_out.contains(path)
        || site.assets.contains(path)
        || site.by_dir.contains_key(path)
        || site.assets.iter().any(|a| a.starts_with(&folder))
        || site.excluded_drafts.iter().any(|d| d.starts_with(&folder))
}

/// What became of a body edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fast {
    /// Only the edited pages were rendered.
    Applied,
    /// Not a body edit: `state` is untouched, the site is to be loaded again.
    Reload,
    /// Found out too late (after the edited bodies went into the site): the site is to be
    /// loaded again and every page rendered.
    Spoiled,
}

/// Applies `plan` to `state` if every change qualifies, rendering the edited pages into
/// `state.current`.
pub(super) fn apply(state: &mut State, memo: &ParseMemo, plan: &Plan) -> Fast {
    let site = &state.handbook.site;
    let content = &state.handbook.content;
    let mut edits = Vec::new();
    let mut assets = Vec::new();
    // Reviews are judged against today's date: a new day needs a reload.
    if crate::stages::govern::today().ok() != Some(state.today) {
        return Fast::Reload;
    }
    // A file that failed to parse is in no list of the site: then only a reload is sure.
    let complete = !state.base.iter().any(|d| d.is_error());
    for (source, change) in &plan.content {
        let path = content.join(source);
        if complete && !path.exists() && !is_known(site, source) {
            // A temp file that came and went, or a removal of something never built.
            continue;
        }
        if *change == Change::Removed || !path.is_file() {
            return Fast::Reload;
        }
        if site.assets.contains(source) {
            // An SVG or XML file is published only once read and found inert: a reload reads it.
            let raw_html = site.config.markdown.raw_html;
            if crate::stages::active_files::screening(source, raw_html) != Screening::Publish {
                return Fast::Reload;
            }
            assets.push(source.as_str());
            continue;
        }
        let page = site.by_source.get(source).copied();
        if page.is_none() && !site.excluded_drafts.contains(source) {
            return Fast::Reload;
        }
        let Ok(text) = fsutil::read_to_string(&path) else {
            return Fast::Reload;
        };
        let Some((old_text, old)) = memo.get(source) else {
            return Fast::Reload;
        };
        if *old_text == *text {
            continue;
        }
        let Ok(parsed) = frontmatter::parse(&text) else {
            return Fast::Reload;
        };
        let same_header = parsed.fields == old.fields
            && parsed.key_lines == old.key_lines
            && parsed.header_line == old.header_line
            && parsed.body_line == old.body_line;
        if !same_header {
            return Fast::Reload;
        }
        // A title taken from the body's first heading may change with the body.
        let Some(title) = page.map_or(Some(""), |id| site.meta(id).title.as_deref()) else {
            return Fast::Reload;
        };
        let drop_leading_h1 =
            first_heading(&parsed.body).is_some_and(|(h1, first)| first && h1 == title);
        // Other pages show what a body links to ("Linked from"), and the board pack and the
        // print page show whole bodies: an edit that changes either needs a full reload.
        if let Some(id) = page {
            let (old_body, _) = site.body(id);
            let views = &state.handbook.views;
            if views.shows_body_of(site, id)
                || views::links_in(site, id, old_body) != views::links_in(site, id, &parsed.body)
            {
                return Fast::Reload;
            }
        }
        edits.push(Edit {
            source: source.clone(),
            text,
            parsed: Arc::new(parsed),
            page,
            drop_leading_h1,
        });
    }
    let sink = MemorySink::default();
    let mut pages = Vec::new();
    let site = &mut state.handbook.site;
    for edit in edits {
        memo.insert(&edit.source, &edit.text, edit.parsed.clone());
        match edit.page {
            Some(PageId::Document(i)) => {
                site.documents[i].body = edit.parsed.body.clone();
                site.documents[i].drop_leading_h1 = edit.drop_leading_h1;
                pages.push(PageId::Document(i));
            }
            Some(PageId::Section(i)) => {
                site.sections[i].body = edit.parsed.body.clone();
                pages.push(PageId::Section(i));
            }
            None => {}
        }
    }
    let rendered = pipeline::render_pages(&state.handbook, &sink, &pages);
    if fragments_need_a_full_render(state, &pages, &rendered) {
        return Fast::Spoiled;
    }
    for asset in assets {
        // A file that cannot be read now is reported by the full reload.
        if sink
            .copy(asset, &state.handbook.content.join(asset))
            .is_err()
        {
            return Fast::Spoiled;
        }
    }
    state.touched.extend(&pages);
    state.rendered_now = pages.len();
    let mut edited_entries = Vec::new();
    for page in rendered {
        let before = state.rendered.insert(page.page, page.clone());
        if before
            .as_ref()
            .is_none_or(|b| b.diagnostics != page.diagnostics)
        {
            state.all = None;
        }
        match (before.and_then(|b| b.search), page.search) {
            (Some(old), Some(new)) => edited_entries.push((old, new)),
            (None, None) => {}
            // The page joined or left the index: only a full reload renumbers it.
            _ => return Fast::Spoiled,
        }
    }
    // Only the edited documents' own index files and the shards of the words they gained,
    // lost or scored differently change.
    if let Some(index) = state.search.as_mut() {
        let edits: Vec<(&Entry, &Entry)> = edited_entries.iter().map(|(a, b)| (a, b)).collect();
        if !matches!(search::write_edits(index, &edits, &sink), Ok(true)) {
            return Fast::Spoiled;
        }
    }
    let written = sink.into_files();
    if let Some(dirty) = state.dirty.as_mut() {
        dirty.extend(written.keys().cloned());
    }
    state.current.extend(written);
    Fast::Applied
}

/// Whether a link written for another generator's heading ids goes into or out of the
/// re-rendered `pages`: only a full render writes such a link with the heading's real id.
pub(super) fn fragments_need_a_full_render(
    state: &State,
    pages: &[PageId],
    rendered: &[pipeline::RenderedPage],
) -> bool {
    let into_edited = state
        .rendered
        .values()
        .any(|r| r.fixed_into.iter().any(|target| pages.contains(target)));
    let ids_of = |target: &PageId| {
        rendered
            .iter()
            .find(|r| r.page == *target)
            .or_else(|| state.rendered.get(target))
            .map(|r| &r.ids)
    };
    into_edited
        || rendered.iter().flat_map(|r| &r.pending).any(|pending| {
            !ids_of(&pending.target).is_some_and(|ids| has_anchor(ids, &pending.fragment))
                && pipeline::fragment_names_a_heading(
                    &state.handbook,
                    pending.target,
                    &pending.fragment,
                )
        })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::commands::serve::plan::plan;
    use crate::commands::serve::{FsEvent, Plan, Rebuilder};
    use crate::pipeline::Options;

    #[test]
    fn a_body_edit_that_changes_its_links_renders_the_pages_it_links_to() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("content/a.md"), "---\ntitle: A\n---\n\nText.\n").unwrap();
        fs::write(root.join("content/b.md"), "---\ntitle: B\n---\n\nB.\n").unwrap();
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        rebuilder.rebuild(&Plan::everything()).unwrap();
        fs::write(
            root.join("content/a.md"),
            "---\ntitle: A\n---\n\nSee [B](b.md).\n",
        )
        .unwrap();
        let update = rebuilder
            .rebuild(&plan(&root, &[FsEvent::Written(root.join("content/a.md"))]))
            .unwrap();
        // Not the fast path: b.html now lists A under "Linked from", so it is rendered too.
        assert!(update.rendered > 1, "{} pages rendered", update.rendered);
        let b = String::from_utf8_lossy(&update.files["b.html"]).into_owned();
        assert!(b.contains("Linked from"), "{b}");
    }

    #[test]
    fn a_body_edit_renders_only_its_page() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("content/a")).unwrap();
        fs::write(
            root.join("content/a/doc.md"),
            "---\ntitle: Doc\n---\n\nOld text.\n",
        )
        .unwrap();
        fs::write(root.join("content/b.md"), "---\ntitle: B\n---\n\nB.\n").unwrap();
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        rebuilder.rebuild(&Plan::everything()).unwrap();
        fs::write(
            root.join("content/a/doc.md"),
            "---\ntitle: Doc\n---\n\nNew text.\n",
        )
        .unwrap();
        let edit = plan(&root, &[FsEvent::Written(root.join("content/a/doc.md"))]);
        let update = rebuilder.rebuild(&edit).unwrap();
        assert!(update.incremental);
        // Besides the page, only the search index files that hold its words change.
        let pages: Vec<&String> = update
            .changed
            .iter()
            .filter(|path| !path.starts_with("search/"))
            .collect();
        assert_eq!(pages, ["a/doc.html"]);
        assert!(String::from_utf8_lossy(&update.files["a/doc.html"]).contains("New text."));
        // A title edit changes other pages (sidebar, listings): they are rendered too.
        fs::write(
            root.join("content/a/doc.md"),
            "---\ntitle: Renamed\n---\n\nNew text.\n",
        )
        .unwrap();
        let update = rebuilder
            .rebuild(&plan(
                &root,
                &[FsEvent::Written(root.join("content/a/doc.md"))],
            ))
            .unwrap();
        assert!(update.rendered > 1, "{} pages rendered", update.rendered);
        assert!(
            update.changed.contains(&"a/index.html".to_string()),
            "{:?}",
            update.changed
        );
    }

    #[test]
    fn links_written_for_other_generators_ids_keep_the_real_id_after_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        let linking = "---\ntitle: A\n---\n\nSee [B](b.md#scope-%26-roles) {}.\n";
        fs::write(root.join("content/a.md"), linking.replace("{}", "now")).unwrap();
        fs::write(
            root.join("content/b.md"),
            "---\ntitle: B\n---\n\n## Scope & roles\n",
        )
        .unwrap();
        let mut rebuilder = Rebuilder::new(Options::new(&root));
        let first = rebuilder.rebuild(&Plan::everything()).unwrap();
        let a = String::from_utf8_lossy(&first.files["a.html"]).into_owned();
        assert!(a.contains("b.html#scope--roles\""), "{a}");
        // The linking page edited: only a full render writes the real id again.
        fs::write(root.join("content/a.md"), linking.replace("{}", "later")).unwrap();
        let update = rebuilder
            .rebuild(&plan(&root, &[FsEvent::Written(root.join("content/a.md"))]))
            .unwrap();
        assert!(!update.incremental);
        let a = String::from_utf8_lossy(&update.files["a.html"]).into_owned();
        assert!(
            a.contains("b.html#scope--roles\"") && a.contains("later"),
            "{a}"
        );
        // The page it links into edited: its heading's id may change, so all is rendered.
        fs::write(
            root.join("content/b.md"),
            "---\ntitle: B\n---\n\n## Scope & roles\n\nMore.\n",
        )
        .unwrap();
        let update = rebuilder
            .rebuild(&plan(&root, &[FsEvent::Written(root.join("content/b.md"))]))
            .unwrap();
        assert!(!update.incremental);
    }
}
