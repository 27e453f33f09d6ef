//! The assembled site: sections tree, documents, and the maps that resolve links in O(1).

use std::collections::{HashMap, HashSet};

use crate::model::config::Config;
use crate::model::kinds::Kinds;
use crate::model::meta::Meta;
use crate::stages::govern::{References, Review};

/// A page of the site: a section (its index page) or a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Section(usize),
    Document(usize),
}

/// A folder of `content/`, rendered as its `index.html`.
#[derive(Debug)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    /// The index file relative to `content/`, if the folder has one.
    pub source: Option<String>,
    /// Output file relative to the output root (not encoded).
    pub output: String,
    /// Root-relative, percent-encoded URL.
    pub url: String,
    pub title: String,
    pub meta: Meta,
    /// Shared with the parse cache of `serve`.
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    pub parent: Option<usize>,
    /// Subsections and documents, in reading order (weight, then title).
    pub entries: Vec<PageId>,
    /// Documents only, in reading order: prev/next walk this.
    pub documents: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Number of documents in this section and below.
    pub total_documents: usize,
    /// Where this section stands in its parent's `entries`.
    pub entry_index: usize,
}

/// A Markdown document.
#[derive(Debug)]
pub struct Document {
    pub source: String,
    pub output: String,
    pub url: String,
    pub title: String,
    pub meta: Meta,
    /// Shared with the parse cache of `serve`.
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    pub section: usize,
    /// The body starts with the `# heading` the title came from; it is not rendered twice.
    pub drop_leading_h1: bool,
    /// Where this document stands in its section's `entries` and `documents`.
    pub entry_index: usize,
    pub document_index: usize,
    /// Resolved front-matter references.
    pub refs: References,
    /// The next review, if the document has a review rule.
    pub review: Option<Review>,
}

/// The whole handbook, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The handbook's kinds: built-in ones and those of the config.
    pub kinds: Kinds,
    pub sections: Vec<Section>,
    pub documents: Vec<Document>,
    /// Markdown source path (relative to `content/`) → page.
    pub by_source: HashMap<String, PageId>,
    /// Folder (relative to `content/`) → section.
    pub by_dir: HashMap<String, usize>,
    /// Non-Markdown files, copied as they are.
    pub assets: HashSet<String>,
    /// Non-Markdown files left out because they could run code in readers' browsers
    /// ([`crate::stages::active_files`]).
    pub withheld_files: HashSet<String>,
    /// Drafts left out of this build, by source path.
    pub excluded_drafts: HashSet<String>,
    /// Documents and sections above the audience of this build.
    pub left_out: crate::stages::audience::LeftOut,
    /// Each source file's last commit date, when the handbook is in a git repository.
    pub git_dates: crate::stages::gitdates::GitDates,
    /// Each document's commits and the digest's window, when the handbook is in git.
    pub history: crate::stages::history::History,
}

impl Site {
    /// Every page: sections first, then documents.
    pub fn pages(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.sections.len())
            .map(PageId::Section)
            .chain((0..self.documents.len()).map(PageId::Document))
    }

    pub fn title(&self, id: PageId) -> &str {
        match id {
            PageId::Section(i) => &self.sections[i].title,
            PageId::Document(i) => &self.documents[i].title,
        }
    }

    pub fn url(&self, id: PageId) -> &str {
        match id {
            PageId::Section(i) => &self.sections[i].url,
            PageId::Document(i) => &self.documents[i].url,
        }
    }

    pub fn output(&self, id: PageId) -> &str {
        match id {
            PageId::Section(i) => &self.sections[i].output,
            PageId::Document(i) => &self.documents[i].output,
        }
    }

    pub fn meta(&self, id: PageId) -> &Meta {
        match id {
            PageId::Section(i) => &self.sections[i].meta,
            PageId::Document(i) => &self.documents[i].meta,
        }
    }

    /// The source file relative to `content/` (`None` for a folder without an index file).
    pub fn source(&self, id: PageId) -> Option<&str> {
        match id {
            PageId::Section(i) => self.sections[i].source.as_deref(),
            PageId::Document(i) => Some(&self.documents[i].source),
        }
    }

    /// The Markdown body and the file line it starts on.
    pub fn body(&self, id: PageId) -> (&str, usize) {
        match id {
            PageId::Section(i) => (&self.sections[i].body, self.sections[i].body_line),
            PageId::Document(i) => (&self.documents[i].body, self.documents[i].body_line),
        }
    }

    /// The body of a page, shared.
    pub fn body_text(&self, id: PageId) -> std::sync::Arc<str> {
        match id {
            PageId::Section(i) => self.sections[i].body.clone(),
            PageId::Document(i) => self.documents[i].body.clone(),
        }
    }

    /// The section a page belongs to: a document's section, a section's parent.
    pub fn parent(&self, id: PageId) -> Option<usize> {
        match id {
            PageId::Section(i) => self.sections[i].parent,
            PageId::Document(i) => Some(self.documents[i].section),
        }
    }

    /// Sections from the root down to `section`, inclusive.
    pub fn chain(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(parent) = self.sections[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }

    /// Where a page stands in its parent section's `entries` (0 for the root).
    pub fn entry_index(&self, id: PageId) -> usize {
        match id {
            PageId::Section(i) => self.sections[i].entry_index,
            PageId::Document(i) => self.documents[i].entry_index,
        }
    }

    /// Index of the root section.
    pub fn root_section(&self) -> usize {
        self.by_dir[""]
    }

    /// The level a page shows: a document's own; a section page's, the highest of its own
    /// and of the entries it lists; the home page's, the audience of the build (it gathers
    /// the dashboard and the top of every section up to that level).
    pub fn shown_level(&self, id: PageId) -> Option<&str> {
        let audiences = &self.config.audiences;
        match id {
            PageId::Section(s) if s == self.root_section() => Some(audiences.audience()),
            PageId::Section(s) => {
                let listed = self.sections[s].entries.iter().map(|e| self.meta(*e));
                std::iter::once(&self.sections[s].meta)
                    .chain(listed)
                    .filter_map(|meta| meta.classification.as_deref())
                    .max_by_key(|level| audiences.rank(level))
            }
            PageId::Document(d) => self.documents[d].meta.classification.as_deref(),
        }
    }
}
