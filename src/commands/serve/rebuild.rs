//! Rebuilding in memory: the first build and every rebuild after a change. A body-only edit
//! takes the fast path ([`super::fast`]); anything else reloads the site through the parse
//! cache, then renders the pages a front-matter edit can change ([`super::partial`]) or,
//! after any other change, every page. The result is published only when it has no errors.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use super::cache::ParseMemo;
use super::fast::{self, Fast};
use super::fragments::Fragments;
use super::memory::{Files, MemorySink};
use super::partial;
use super::plan::Plan;
use crate::model::diagnostics::{Diagnostic, Diagnostics};
use crate::model::site::PageId;
use crate::outputs::leak_gate::LeakGate;
use crate::pipeline::{self, BuildError, Handbook, Keep, Options, Remembered, RenderedPage, Reuse};
use crate::util::timings::Stages;

/// The site as last loaded and rendered, consistent with the files on disk (even when it has
/// errors, so that the next edit can build on it).
pub(super) struct State {
    pub handbook: Handbook,
    pub rendered: HashMap<PageId, RenderedPage>,
    /// Diagnostics of loading, the 404 page and the copied files.
    pub base: Vec<Diagnostic>,
    /// Every output file of the latest rendering.
    pub current: Files,
    /// Outputs written since the last publication; `None`: compare them all.
    pub dirty: Option<HashSet<String>>,
    /// The date reviews were judged against.
    pub today: Date,
    /// Every diagnostic, sorted, as last computed; `None` once a page's diagnostics changed.
    pub all: Option<Arc<Vec<Diagnostic>>>,
    /// The `#fragment` link checks.
    pub fragments: Fragments,
    /// Pages rendered again since the `#fragment` links were last checked.
    pub touched: Vec<PageId>,
    /// How many generated listing pages there are.
    pub listings: usize,
    /// The leak gate of the loaded site; on a reload every file is scanned again.
    pub gate: LeakGate,
    pub scan_all: bool,
    /// The search index's words, to update after edits (`None`: search is off).
    pub search: Option<crate::outputs::search::Index>,
    /// The diagnostics of copying the files (also in `base`).
    pub copies: Vec<Diagnostic>,
    /// What every page shows of the whole site, as last rendered.
    pub shown: crate::outputs::render::Shown,
    /// How many pages (generated ones included) the latest rebuild rendered.
    pub rendered_now: usize,
    /// The fingerprints of the generated pages' data and the packs' chapters, as last
    /// rendered.
    pub remembered: Remembered,
}

/// A successful rebuild.
#[derive(Debug)]
pub struct Update {
    pub files: Arc<Files>,
    /// Output paths whose bytes changed, were added or were removed, sorted.
    pub changed: Vec<String>,
    /// Sorted; the same `Arc` as the previous update's when nothing changed.
    pub warnings: Arc<Vec<Diagnostic>>,
    pub pages: usize,
    /// How many of them this rebuild rendered (the others were kept from the last one).
    pub rendered: usize,
    /// Whether only some pages were rendered: the edited ones (a body edit), or those that
    /// show the edited documents (a front-matter edit).
    pub incremental: bool,
    pub elapsed: Duration,
}

/// Shows pages of a rebuild still under way ahead of the rest of it (see
/// [`super::live::Live::show_ahead`]).
pub type ShowAhead = dyn Fn(Files) + Send;

/// Keeps the loaded handbook between rebuilds.
pub struct Rebuilder {
    options: Options,
    memo: ParseMemo,
    state: Option<State>,
    theme_stale: bool,
    published: Arc<Files>,
    /// What the git history of the loaded site was read from: the repository's mark, the
    /// digest's `since` and the day; while all three hold, a reload reuses the history.
    git_read: Option<(String, Option<String>, Date)>,
    /// Where the edited pages of a front-matter edit go ahead of the rest, if anywhere.
    ahead: Option<Box<ShowAhead>>,
    /// Whether the last rebuild failed: then what is served is older than the loaded site,
    /// and no page is shown ahead of the next.
    failed: bool,
}

impl Rebuilder {
    /// A rebuilder for the handbook of `options`; nothing is built until [`Rebuilder::rebuild`].
    pub fn new(options: Options) -> Rebuilder {
        Rebuilder {
            options,
            memo: ParseMemo::default(),
            state: None,
            theme_stale: true,
            published: Arc::default(),
            git_read: None,
            ahead: None,
            failed: true,
        }
    }

    /// Gives the pages of each edited document's front matter to `show` as soon as they are
    /// rendered, before the other pages the edit changes.
    pub fn show_ahead_with(&mut self, show: Box<ShowAhead>) {
        self.ahead = Some(show);
    }

    /// The last site built without errors (empty before the first).
    pub fn published(&self) -> Arc<Files> {
        self.published.clone()
    }

    /// [`Rebuilder::rebuild`], turning a panic (a bug in Northstar) into an error the browser
    /// and the terminal show, like any other; the next rebuild then starts afresh.
    pub fn rebuild_guarded(&mut self, plan: &Plan) -> Result<Update, Vec<Diagnostic>> {
        let result = guarded(|| self.rebuild(plan));
        if result
            .as_ref()
            .is_err_and(|errors| errors.iter().any(|e| e.code == "internal"))
        {
            self.state = None;
            self.memo = ParseMemo::default();
            self.theme_stale = true;
        }
        self.failed = result.is_err();
        result
    }

    /// Rebuilds after the changes in `plan`; on errors, returns every diagnostic (sorted) and
    /// keeps the last good site.
    pub fn rebuild(&mut self, plan: &Plan) -> Result<Update, Vec<Diagnostic>> {
        let result = self.rebuild_once(plan);
        self.failed = result.is_err();
        result
    }

    fn rebuild_once(&mut self, plan: &Plan) -> Result<Update, Vec<Diagnostic>> {
        let started = Instant::now();
        if plan.full || plan.theme || plan.config {
            self.theme_stale = true;
        }
        let fast = match self.state.as_mut() {
            Some(state) if !self.theme_stale && !plan.history => {
                fast::apply(state, &self.memo, plan)
            }
            _ => Fast::Reload,
        };
        let incremental = match fast {
            Fast::Applied => true,
            Fast::Reload => self.reload(plan, partial::may_select(plan))?,
            Fast::Spoiled => self.reload(plan, false)?,
        };
        let mut update = self.publish()?;
        update.incremental = incremental;
        update.elapsed = started.elapsed();
        Ok(update)
    }

    /// Loads the whole site again (through the parse cache, with the theme unless it changed)
    /// and renders the pages an edit of front matter can change ([`partial`]) when
    /// `may_select` (the edits of `plan` allow it), else every page: the stages of [`pipeline`], keeping every rendered page.
    /// Returns whether only some pages were rendered.
    fn reload(&mut self, plan: &Plan, may_select: bool) -> Result<bool, Vec<Diagnostic>> {
        let mut previous = self.state.take();
        let located = pipeline::open(&self.options).map_err(diagnostics_of)?;
        let today = located.today;
        // The history is read once, and again only when git's HEAD, index or branch moved.
        let git_read = crate::stages::history::repo::mark(&located.content)
            .map(|mark| (mark, located.config.changes.since.clone(), today));
        let same_git = git_read.is_some() && git_read == self.git_read;
        // Without a repository, before and now, there is no history to differ either.
        let same_history = git_read == self.git_read;
        self.git_read = git_read;
        let same_theme = !self.theme_stale;
        let (theme, history) = match previous.as_mut() {
            Some(state) => {
                let handbook = &mut state.handbook;
                let site = &mut handbook.site;
                let history = same_git.then(|| {
                    let history = std::mem::take(&mut site.history);
                    (history, std::mem::take(&mut site.git_dates))
                });
                let theme = same_theme.then(|| {
                    let theme = std::mem::take(&mut handbook.theme);
                    (theme, std::mem::take(&mut handbook.tera))
                });
                (theme, history)
            }
            None => (None, None),
        };
        let mut diagnostics = Diagnostics::default();
        let mut stages = Stages::default();
        if may_select && previous.is_some() {
            // Only the plan's Markdown files were written: the others are as last parsed.
            self.memo.trust_all_but(plan.content.keys());
        }
        // While only files it found were written, the last load's files are the files.
        let discovery = previous
            .as_ref()
            .filter(|_| may_select)
            .map(|state| state.handbook.discovery.clone())
            .filter(|found| {
                plan.content
                    .keys()
                    .all(|p| found.files.markdown.contains(p))
            });
        let links = previous
            .as_ref()
            .map(|state| state.handbook.views.backlinks.body_links.clone());
        let reuse = Reuse {
            cache: &self.memo,
            theme,
            history,
            discovery,
            links,
        };
        let handbook = pipeline::load(located, reuse, &mut diagnostics, &mut stages);
        self.memo.trust_nothing();
        let handbook = handbook.map_err(diagnostics_of)?;
        self.theme_stale = false;
        let handbook = match previous {
            Some(mut state) if may_select && same_history && same_theme && state.today == today => {
                let old = std::mem::replace(&mut state.handbook, handbook);
                let ahead = self.ahead.as_deref().filter(|_| !self.failed);
                let applied = partial::apply(&mut state, &old, plan, diagnostics.clone(), ahead);
                // Taking the old site apart is not on the way to the reload.
                crate::util::side_by_side::drop_beside(old, "drop-old-site");
                if applied {
                    self.state = Some(state);
                    return Ok(true);
                }
                state.handbook
            }
            _ => handbook,
        };
        let site = &handbook.site;
        let keep: HashSet<&str> = site
            .by_source
            .keys()
            .chain(site.excluded_drafts.iter())
            .chain(site.left_out.pages.keys())
            .map(String::as_str)
            .collect();
        self.memo.retain(&keep);
        let sink = MemorySink::default();
        let rendered =
            pipeline::render(&handbook, &sink, Keep::Pages, &mut diagnostics, &mut stages);
        let pages: HashMap<PageId, RenderedPage> =
            rendered.pages.into_iter().map(|r| (r.page, r)).collect();
        let fragments = Fragments::check_all(&handbook.site, &pages);
        let gate = LeakGate::new(&handbook.site);
        let shown = handbook.shown_everywhere();
        self.state = Some(State {
            handbook,
            rendered: pages,
            base: diagnostics.into_sorted(),
            current: sink.into_files(),
            dirty: None,
            today,
            all: None,
            fragments,
            touched: Vec::new(),
            listings: rendered.generated,
            gate,
            scan_all: true,
            search: rendered.search,
            copies: rendered.copies,
            shown,
            rendered_now: rendered.page_count + rendered.generated,
            remembered: rendered.remembered,
        });
        Ok(false)
    }

    /// Checks the latest rendering and, when it has no errors, makes it the published site.
    fn publish(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let state = self.state.as_mut().expect("a loaded site");
        let all = diagnostics(state);
        if all.iter().any(Diagnostic::is_error) {
            return Err(all.to_vec());
        }
        let old = &self.published;
        let differs = |path: &String| old.get(path).is_none_or(|b| **b != *state.current[path]);
        let mut changed: Vec<String> = match state.dirty.take() {
            Some(dirty) => dirty.into_iter().filter(differs).collect(),
            None => state
                .current
                .keys()
                .filter(|p| differs(p))
                .chain(old.keys().filter(|p| !state.current.contains_key(*p)))
                .cloned()
                .collect(),
        };
        changed.sort();
        let leaks = leaks(state, &changed);
        if !leaks.is_empty() {
            // Nothing is published; the next rebuild compares every file again.
            state.dirty = None;
            return Err(leaks);
        }
        state.scan_all = false;
        state.dirty = Some(HashSet::new());
        self.published = Arc::new(state.current.clone());
        Ok(Update {
            files: self.published.clone(),
            changed,
            warnings: all,
            pages: state.rendered.len() + state.listings,
            rendered: state.rendered_now,
            incremental: false,
            elapsed: Duration::ZERO,
        })
    }
}

/// Every diagnostic of the latest rendering, sorted. The list of a large handbook can hold
/// thousands of warnings, so it is rebuilt only when a page's diagnostics or the
/// `#fragment` checks changed.
fn diagnostics(state: &mut State) -> Arc<Vec<Diagnostic>> {
    let touched = std::mem::take(&mut state.touched);
    if state
        .fragments
        .recheck(&state.handbook.site, &state.rendered, &touched)
    {
        state.all = None;
    }
    if let Some(all) = &state.all {
        return all.clone();
    }
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(state.base.iter().cloned());
    for page in state.rendered.values() {
        diagnostics.extend(page.diagnostics.iter().cloned());
    }
    diagnostics.extend(state.fragments.all().cloned());
    let all = Arc::new(diagnostics.into_sorted());
    state.all = Some(all.clone());
    all
}

/// The leak gate over the files about to be published: all of them after a reload, else
/// those that changed.
fn leaks(state: &State, changed: &[String]) -> Vec<Diagnostic> {
    if state.gate.is_empty() {
        return Vec::new();
    }
    let audience = state.handbook.site.config.audiences.audience();
    let scan = |path: &String| {
        let bytes = state.current.get(path)?;
        state
            .gate
            .scan(path, bytes)
            .map(|leak| leak.diagnostic(audience))
    };
    if state.scan_all {
        let mut paths: Vec<&String> = state.current.keys().collect();
        paths.sort();
        paths.into_iter().filter_map(scan).collect()
    } else {
        changed.iter().filter_map(scan).collect()
    }
}

fn diagnostics_of(error: BuildError) -> Vec<Diagnostic> {
    match error {
        BuildError::Usage(diagnostic) => vec![diagnostic],
        BuildError::Content(diagnostics) => diagnostics,
        BuildError::Io(error) => vec![Diagnostic::error(format!("{error:#}"))],
    }
}
/// Runs `work`, turning a panic into an `internal` error diagnostic.
fn guarded<T>(work: impl FnOnce() -> Result<T, Vec<Diagnostic>>) -> Result<T, Vec<Diagnostic>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(vec![Diagnostic::error(format!(
            "internal error while rebuilding: {message}"
        ))
        .code("internal")
        .help("this is a bug in Northstar, not in the handbook: the last good site stays served, and the next save rebuilds everything; please report it with the edit that caused it")])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message() {
        let result: Result<(), _> = guarded(|| panic!("index out of range"));
        let errors = result.unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "internal");
        assert!(
            errors[0].message.contains("index out of range"),
            "{}",
            errors[0].message
        );
        let fine: Result<u8, Vec<Diagnostic>> = guarded(|| Ok(7));
        assert_eq!(fine.unwrap(), 7);
    }
}
