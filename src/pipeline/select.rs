//! Which generated pages a render writes: every one (`build`, and `serve`'s full renders), or,
//! after an edit of front matter in `serve`, only those whose data changed since the last
//! render. A generated page's HTML is its data (a listing, a view's values, the board pack's
//! selection) inside what every page shows (the `site` value, the badges, the root's tree):
//! the caller vouches that the latter did not change, and the former is recognised by a
//! fingerprint of its serialized form. The board pack and the print page show whole
//! documents, so they are also rendered when one of theirs is among the pages that changed;
//! their other chapters are then taken from the last render, as are the review calendars'
//! events and the listings' summaries of the documents that did not change.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::outputs::render::kept::KeptPieces;
use crate::outputs::render::{KeptSummaries, KeptSummary, SummaryCache};

/// Output path → fingerprint of the data its generated page was rendered from.
pub type Fingerprints = HashMap<String, u128>;

/// (file, document) → the document's piece of a generated file (a chapter, an event).
type PieceMap = HashMap<(&'static str, usize), Arc<str>>;

/// What a render remembers of its generated pages for the next one.
#[derive(Default)]
pub struct Remembered {
    /// Output path → fingerprint of the data its generated page was rendered from.
    pub fingerprints: Fingerprints,
    pieces: PieceMap,
    /// Each document's summary, by its index (those of the listings' render).
    summaries: Vec<Option<KeptSummary>>,
}

/// The choice of generated pages for one render, and the fingerprints it found.
pub struct Generated<'a> {
    /// `None`: render every page.
    previous: Option<&'a Remembered>,
    /// The documents whose pages changed (whose pieces and summaries are made again).
    documents: &'a HashSet<usize>,
    /// Whether fingerprints are taken at all (`build` needs none).
    record: bool,
    /// Whether every generated page is rendered, whatever its fingerprint.
    every: bool,
    now: Mutex<Fingerprints>,
    pieces: Mutex<PieceMap>,
    summaries: Mutex<Vec<Option<KeptSummary>>>,
    rendered: AtomicUsize,
}

impl<'a> Generated<'a> {
    /// Every generated page, no fingerprints taken (`build`, `check`).
    pub fn every() -> Generated<'static> {
        Generated::with(None, false)
    }

    /// Every generated page, with the fingerprints of their data for the next render.
    pub fn recording() -> Generated<'static> {
        Generated::with(None, true)
    }

    /// Only the pages whose data differs from `previous`, or whose chapters include one of
    /// `documents`.
    pub fn changed(previous: &'a Remembered, documents: &'a HashSet<usize>) -> Generated<'a> {
        Generated {
            documents,
            every: false,
            ..Generated::with(Some(previous), true)
        }
    }

    /// Every generated page, with the fingerprints of their data, taking the pieces and
    /// summaries of the documents other than `documents` from `previous` (what every page
    /// shows changed, but not those).
    pub fn every_after(previous: &'a Remembered, documents: &'a HashSet<usize>) -> Generated<'a> {
        Generated {
            documents,
            ..Generated::with(Some(previous), true)
        }
    }

    fn with(previous: Option<&'a Remembered>, record: bool) -> Generated<'a> {
        static NONE: std::sync::OnceLock<HashSet<usize>> = std::sync::OnceLock::new();
        Generated {
            previous,
            documents: NONE.get_or_init(HashSet::new),
            record,
            every: true,
            now: Mutex::default(),
            pieces: Mutex::default(),
            summaries: Mutex::default(),
            rendered: AtomicUsize::new(0),
        }
    }

    /// Whether to render the generated page at `url`, made from `data`.
    pub fn wants(&self, url: &str, data: &impl Serialize) -> bool {
        self.wants_showing(url, data, &[])
    }

    /// Whether to render the generated page at `url`, made from `data` and the whole
    /// documents `shown`.
    pub fn wants_showing(&self, url: &str, data: &impl Serialize, shown: &[usize]) -> bool {
        let wanted = if self.record {
            let print = fingerprint(data);

            let was = self.previous.map(|p| p.fingerprints.get(url));
            self.lock().insert(url.to_string(), print);
            match was {
                Some(was) if !self.every => {
                    was != Some(&print) || shown.iter().any(|d| self.documents.contains(d))
                }
                _ => true,
            }
        } else {
            true
        };
        if wanted {
            self.rendered.fetch_add(1, Ordering::Relaxed);
        }
        wanted
    }

    /// The fingerprints of every generated page of this render (rendered or not) and the
    /// pieces, for the next render; and how many pages were rendered. The last render's
    /// pieces that this one did not ask for stay, but not those of a changed document.
    pub fn finish(self) -> (Remembered, usize) {
        let mut pieces = self.pieces.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(previous) = self.previous {
            for (key, piece) in &previous.pieces {
                if !self.documents.contains(&key.1) {
                    pieces.entry(*key).or_insert_with(|| piece.clone());
                }
            }
        }
        let remembered = Remembered {
            fingerprints: self.now.into_inner().unwrap_or_else(|e| e.into_inner()),
            pieces,
            summaries: self
                .summaries
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
        };
        (remembered, self.rendered.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fingerprints> {
        self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl KeptPieces for Generated<'_> {
    /// The last render's piece while its document is not among those that changed.
    fn piece(
        &self,
        file: &'static str,
        document: usize,
        make: &mut dyn FnMut() -> String,
    ) -> Arc<str> {
        let kept = self
            .previous
            .filter(|_| !self.documents.contains(&document))
            .and_then(|p| p.pieces.get(&(file, document)).cloned());
        let piece = kept.unwrap_or_else(|| Arc::from(make()));
        if self.record {
            let mut pieces = self.pieces.lock().unwrap_or_else(|e| e.into_inner());
            pieces.insert((file, document), piece.clone());
        }
        piece
    }
}

impl KeptSummaries for Generated<'_> {
    /// The last render's summary while its document is not among those that changed.
    fn kept(&self, document: usize) -> Option<KeptSummary> {
        self.previous
            .filter(|_| !self.documents.contains(&document))
            .and_then(|p| p.summaries.get(document).cloned().flatten())
    }

    fn keep(&self, cache: &SummaryCache) {
        if self.record {
            *self.summaries.lock().unwrap_or_else(|e| e.into_inner()) = cache.made();
        }
    }
}

/// The fingerprint of `data`; a value that fails to serialize gets a fresh one each time, so
/// its page is always rendered.
fn fingerprint(data: &impl Serialize) -> u128 {
    crate::util::fingerprint::of(data).unwrap_or_else(crate::util::fingerprint::fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_data_or_shown_documents_are_rendered_again() {
        let first = Generated::recording();
        assert!(first.wants("a.html", &("A", 1)));
        assert!(first.wants("b.html", &("B", 1)));
        assert!(first.wants_showing("pack.html", &"pack", &[3]));
        let (previous, rendered) = first.finish();
        assert_eq!(rendered, 3);
        let edited: HashSet<usize> = [7].into();
        let next = Generated::changed(&previous, &edited);
        assert!(!next.wants("a.html", &("A", 1)));
        assert!(next.wants("b.html", &("B", 2)));
        assert!(!next.wants_showing("pack.html", &"pack", &[3]));
        assert!(next.wants("new.html", &()));
        let (now, rendered) = next.finish();
        assert_eq!(rendered, 2);
        assert_eq!(
            now.fingerprints.len(),
            4,
            "skipped pages keep their fingerprints"
        );
        let shown: HashSet<usize> = [3].into();
        let again = Generated::changed(&now, &shown);
        assert!(again.wants_showing("pack.html", &"pack", &[3]));
        assert!(Generated::every().wants("a.html", &()));
    }

    #[test]
    fn a_chapter_is_kept_unless_its_document_changed() {
        let first = Generated::recording();
        let render = |text: &'static str| move || text.to_string();
        assert_eq!(&*first.piece("pack.html", 1, &mut render("one")), "one");
        assert_eq!(&*first.piece("pack.html", 2, &mut render("two")), "two");
        assert_eq!(
            &*first.piece("print.html", 1, &mut render("one, printed")),
            "one, printed"
        );
        assert_eq!(
            &*first.piece("print.html", 2, &mut render("two, printed")),
            "two, printed"
        );
        let (previous, _) = first.finish();
        let edited: HashSet<usize> = [2].into();
        let next = Generated::changed(&previous, &edited);
        let mut unused = render("rendered again");
        assert_eq!(&*next.piece("pack.html", 1, &mut unused), "one");
        assert_eq!(
            &*next.piece("pack.html", 2, &mut render("two, edited")),
            "two, edited"
        );
        assert_eq!(&*next.piece("pack.html", 3, &mut render("three")), "three");
        let every = Generated::every_after(&previous, &edited);
        assert!(
            every.wants_showing("pack.html", &"pack", &[1]),
            "every page is rendered"
        );
        assert_eq!(&*every.piece("pack.html", 1, &mut unused), "one");
        assert_eq!(
            &*every.piece("pack.html", 2, &mut render("two, again")),
            "two, again"
        );
        let (now, _) = next.finish();
        assert_eq!(&*now.pieces[&("pack.html", 2)], "two, edited");
        assert_eq!(
            &*now.pieces[&("print.html", 1)],
            "one, printed",
            "a chapter not asked for stays while its document is unchanged"
        );
        assert!(
            !now.pieces.contains_key(&("print.html", 2)),
            "a changed document's chapter that was not rendered again is forgotten"
        );
        assert_eq!(now.pieces.len(), 4);
        let build = Generated::every();
        assert_eq!(&*build.piece("pack.html", 1, &mut render("fresh")), "fresh");
        assert!(build.finish().0.pieces.is_empty(), "a build keeps nothing");
    }
}
