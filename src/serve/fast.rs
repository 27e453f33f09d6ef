//! The fast path of a rebuild: when every change is an edit of a known file that leaves its
//! front matter as it was, only the edited pages are rendered again. Such an edit cannot
//! change any other page: titles, summaries, reading order and links come from the front
//! matter and the file list, which are unchanged; the `#fragment` checks that read the
//! body's ids run again over every page when the result is published.

use super::cache::ParseMemo;
use super::memory::MemorySink;
use super::plan::{Change, Plan};
use super::rebuild::State;
use crate::frontmatter::{self, Parsed};
use crate::output::Sink;
use crate::site::{first_heading, PageId};
use crate::{fsutil, pipeline};

/// An edit the fast path can apply: the new text of a page's source.
struct Edit {
    source: String,
    text: String,
    parsed: Parsed,
    /// The page it renders, `None` for a draft left out of the site.
    page: Option<PageId>,
    drop_leading_h1: bool,
}

/// Applies `plan` to `state` if every change qualifies, rendering the edited pages into
/// `state.current`; returns `false`, touching nothing, when a full reload is needed.
pub(super) fn apply(state: &mut State, memo: &ParseMemo, plan: &Plan) -> bool {
    let site = &state.handbook.site;
    let content = &state.handbook.content;
    let mut edits = Vec::new();
    let mut assets = Vec::new();
    for (source, change) in &plan.content {
        let path = content.join(source);
        if *change == Change::Removed || !path.is_file() {
            return false;
        }
        if site.assets.contains(source) {
            assets.push(source.as_str());
            continue;
        }
        let page = site.by_source.get(source).copied();
        if page.is_none() && !site.excluded_drafts.contains(source) {
            return false;
        }
        let Ok(text) = fsutil::read_to_string(&path) else {
            return false;
        };
        let Some((old_text, old)) = memo.get(source) else {
            return false;
        };
        if *old_text == *text {
            continue;
        }
        let Ok(parsed) = frontmatter::parse(&text) else {
            return false;
        };
        let same_header = parsed.fields == old.fields
            && parsed.key_lines == old.key_lines
            && parsed.header_line == old.header_line
            && parsed.body_line == old.body_line;
        if !same_header {
            return false;
        }
        // A title taken from the body's first heading may change with the body.
        let Some(title) = page.map_or(Some(""), |id| site.meta(id).title.as_deref()) else {
            return false;
        };
        let drop_leading_h1 =
            first_heading(&parsed.body).is_some_and(|(h1, first)| first && h1 == title);
        edits.push(Edit {
            source: source.clone(),
            text,
            parsed,
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
                site.documents[i].body = edit.parsed.body;
                site.documents[i].drop_leading_h1 = edit.drop_leading_h1;
                pages.push(PageId::Document(i));
            }
            Some(PageId::Section(i)) => {
                site.sections[i].body = edit.parsed.body;
                pages.push(PageId::Section(i));
            }
            None => {}
        }
    }
    let rendered = pipeline::render_pages(&state.handbook, &sink, &pages);
    for asset in assets {
        // A file that cannot be read now is reported by the full reload.
        if sink
            .copy(asset, &state.handbook.content.join(asset))
            .is_err()
        {
            return false;
        }
    }
    for page in rendered {
        state.rendered.insert(page.page, page);
    }
    let written = sink.into_files();
    if let Some(dirty) = state.dirty.as_mut() {
        dirty.extend(written.keys().cloned());
    }
    state.current.extend(written);
    true
}
