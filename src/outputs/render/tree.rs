//! The sidebar's tree (`nav.tree`), drawn by Northstar and by no template: the tree of the
//! current top-level section, with the folders from that section down to the page open and
//! their sibling folders closed but openable (`<details>`).
//!
//! Page weight stays flat as the handbook grows: while a top-level section has at most
//! [`INLINE`] entries in all its folders, every page of it carries the whole tree; past that,
//! a page carries only its own branch (each open folder's entries, a window of [`BLOCK`]
//! around the page in a long folder) and the other folders as links marked `data-tree`,
//! which the theme's script fills from the one shared file [`FILE`] (see [`file`]).
//!
//! Every page whose open folder, window and depth are the same gets the same tree but for
//! which link is the current page: the tree is drawn once for each such group and each page
//! copies it with ` aria-current="page"` added at its own link.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::escape;
use crate::model::site::{PageId, Site};

/// A top-level section (or the handbook root) with at most this many entries in all its
/// folders is drawn whole on each of its pages.
pub const INLINE: usize = 120;
/// Entries of one folder shown at a time around the page (the rest: "… N more").
pub const BLOCK: usize = 40;
/// The shared file of every folder's entries, for the trees drawn as a branch.
pub const FILE: &str = "northstar/tree.js";

/// One drawn tree and where each listed page's link can be marked as the current page.
struct Drawn {
    html: String,
    /// Byte offsets just after `<a href="…"` of each listed page.
    marks: Vec<(PageId, usize)>,
}

/// The trees of one site, drawn on first use.
pub struct Trees<'a> {
    site: &'a Site,
    /// Each section's top-level section (its own index for those; the root for the root).
    top: Vec<usize>,
    /// Whether each top-level section's tree (and the root's) is drawn whole.
    whole: Vec<bool>,
    drawn: Mutex<HashMap<Key, Arc<Drawn>>>,
}

/// The open folder, the window of its entries and the page's depth (`None`: drawn per page).
type Key = (usize, usize, usize);

/// Where a page stands in the tree.
pub struct Place {
    /// The top-level section whose tree is shown (the root for the home page, pages at the
    /// root and generated pages).
    pub top: usize,
    /// The deepest open folder: a document's section, or a section page itself.
    pub open: usize,
    /// Which window of the open folder's entries is shown.
    pub block: usize,
}

impl<'a> Trees<'a> {
    pub fn new(site: &'a Site) -> Self {
        let root = site.root_section();
        let top: Vec<usize> = (0..site.sections.len())
            .map(|s| {
                let chain = site.chain(s);
                chain.get(1).copied().unwrap_or(root)
            })
            .collect();
        let sizes = subtree_sizes(site);
        let whole = sizes.iter().map(|n| *n <= INLINE).collect();
        Trees {
            site,
            top,
            whole,
            drawn: Mutex::new(HashMap::new()),
        }
    }

    /// The top-level section a page belongs to (`None`: the home page and pages at the root).
    pub fn top_of(&self, page: PageId) -> Option<usize> {
        let section = match page {
            PageId::Document(d) => self.site.documents[d].section,
            PageId::Section(s) => s,
        };
        Some(self.top[section]).filter(|s| *s != self.site.root_section())
    }

    /// Where `page` stands; a page that is not in the tree (a generated one) is at the root.
    pub fn place(&self, page: Option<PageId>) -> Place {
        let site = self.site;
        let root = site.root_section();
        match page {
            Some(PageId::Document(d)) => {
                let open = site.documents[d].section;
                Place {
                    top: self.top[open],
                    open,
                    block: site.documents[d].entry_index / BLOCK,
                }
            }
            Some(PageId::Section(s)) => Place {
                top: self.top[s],
                open: s,
                block: 0,
            },
            None => Place {
                top: root,
                open: root,
                block: 0,
            },
        }
    }

    /// Whether the tree shown at `place` leaves folders to the shared file.
    pub fn is_branch(&self, place: &Place) -> bool {
        !self.whole[place.top]
    }

    /// The tree at `place` for a page whose way to the site root is `root`, with `page`'s own
    /// link marked as the current page.
    pub fn html(&self, place: &Place, root: &str, page: Option<PageId>) -> String {
        let depth = depth_of(root);
        let drawn = match depth {
            Some(depth) => {
                let key = (place.open, place.block, depth);
                let found = self.lock().get(&key).cloned();
                found.unwrap_or_else(|| {
                    let drawn = Arc::new(self.draw(place, root));
                    self.lock().insert(key, drawn.clone());
                    drawn
                })
            }
            None => Arc::new(self.draw(place, root)),
        };
        const CURRENT: &str = " aria-current=\"page\"";
        let mark = page.and_then(|p| drawn.marks.iter().find(|(id, _)| *id == p));
        match mark {
            Some((_, at)) => {
                let mut html = String::with_capacity(drawn.html.len() + CURRENT.len());
                html.push_str(&drawn.html[..*at]);
                html.push_str(CURRENT);
                html.push_str(&drawn.html[*at..]);
                html
            }
            None => drawn.html.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<Drawn>>> {
        // A panic while holding the lock leaves the map as it was: keep using it.
        self.drawn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn draw(&self, place: &Place, root: &str) -> Drawn {
        let site = self.site;
        let chain = site.chain(place.open);
        let from = chain.iter().position(|s| *s == place.top).unwrap_or(0);
        let mut pen = Pen {
            site,
            root,
            out: String::with_capacity(8 * 1024),
            marks: Vec::new(),
        };
        pen.out.push_str("<p class=\"nav-tree-title\">");
        pen.link(PageId::Section(place.top));
        pen.out.push_str("</p>");
        let branch = Branch {
            path: &chain[from..],
            block: place.block,
            whole: self.whole[place.top],
        };
        pen.list(place.top, &branch, 0);
        Drawn {
            html: pen.out,
            marks: pen.marks,
        }
    }
}

/// The open folders of a tree, from its top-level section down.
struct Branch<'p> {
    path: &'p [usize],
    /// The window of the last open folder's entries.
    block: usize,
    /// Whether closed folders are drawn with their entries (else left to the shared file).
    whole: bool,
}

/// Writes a tree's HTML.
struct Pen<'a> {
    site: &'a Site,
    root: &'a str,
    out: String,
    marks: Vec<(PageId, usize)>,
}

impl Pen<'_> {
    /// The `<ul>` of `folder`'s entries; `level` is its place in the branch's path.
    fn list(&mut self, folder: usize, branch: &Branch, level: usize) {
        let site = self.site;
        let entries = &site.sections[folder].entries;
        let on_path = level < branch.path.len();
        let open_child = branch.path.get(level + 1).copied().filter(|_| on_path);
        let (start, end) = if !on_path || entries.len() <= BLOCK {
            (0, entries.len())
        } else if let Some(child) = open_child {
            let start = site.sections[child].entry_index.saturating_sub(BLOCK / 2);
            (start, (start + BLOCK).min(entries.len()))
        } else {
            let start = (branch.block * BLOCK).min(entries.len());
            (start, (start + BLOCK).min(entries.len()))
        };
        self.out.push_str("<ul class=\"nav-tree\">");
        self.more(folder, start);
        for entry in &entries[start..end] {
            match *entry {
                PageId::Document(_) => {
                    self.out.push_str("<li>");
                    self.link(*entry);
                    self.out.push_str("</li>");
                }
                PageId::Section(s) => {
                    let open = open_child == Some(s);
                    self.folder(s, branch, open.then_some(level + 1));
                }
            }
        }
        self.more(folder, entries.len() - end);
        self.out.push_str("</ul>");
    }

    /// A folder's entry: open when it is on the branch (`level` in the path), closed with its
    /// entries in a whole tree, a link for the shared file to fill otherwise.
    fn folder(&mut self, folder: usize, branch: &Branch, level: Option<usize>) {
        let site = self.site;
        let id = PageId::Section(folder);
        if site.sections[folder].entries.is_empty() {
            self.out.push_str("<li class=\"nav-folder\">");
            self.link(id);
            self.out.push_str("</li>");
            return;
        }
        if level.is_none() && !branch.whole {
            self.out.push_str("<li class=\"nav-folder\" data-tree=\"");
            self.out.push_str(&folder.to_string());
            self.out.push_str("\">");
            self.link(id);
            self.out.push_str("</li>");
            return;
        }
        self.out.push_str("<li class=\"nav-folder\">");
        self.link(id);
        self.out.push_str(match level {
            Some(_) => "<details open><summary>",
            None => "<details><summary>",
        });
        self.out.push_str("<span class=\"visually-hidden\">");
        escape(&mut self.out, site.title(id));
        self.out.push_str("</span></summary>");
        // Below a closed folder, nothing is open: the list is drawn whole.
        let closed = Branch {
            path: &[],
            block: 0,
            whole: true,
        };
        match level {
            Some(level) => self.list(folder, branch, level),
            None => self.list(folder, &closed, 0),
        }
        self.out.push_str("</details></li>");
    }

    /// `<a href="{root}{url}">{title}</a>`, remembering where the page's link can be marked.
    fn link(&mut self, page: PageId) {
        self.out.push_str("<a href=\"");
        escape(&mut self.out, self.root);
        escape(&mut self.out, self.site.url(page));
        self.out.push('"');
        self.marks.push((page, self.out.len()));
        self.out.push('>');
        escape(&mut self.out, self.site.title(page));
        self.out.push_str("</a>");
    }

    /// "… N more" for `count` entries of `folder` left out on one side (nothing for none).
    fn more(&mut self, folder: usize, count: usize) {
        if count == 0 {
            return;
        }
        let id = PageId::Section(folder);
        self.out.push_str("<li class=\"nav-more\"><a href=\"");
        escape(&mut self.out, self.root);
        escape(&mut self.out, self.site.url(id));
        self.out.push_str("\">… ");
        self.out.push_str(&count.to_string());
        self.out
            .push_str(" more<span class=\"visually-hidden\"> in ");
        escape(&mut self.out, self.site.title(id));
        self.out.push_str("</span></a></li>");
    }
}

/// Every page whose tree lists an entry of one of `folders` (their titles or order changed):
/// the pages below each folder, whose branch holds it open, and every page of a top-level
/// section drawn whole that contains one (the root's pages when the root's tree is whole).
/// Generated pages, shown with the root's tree, are left to the caller.
pub fn pages_listing(site: &Site, folders: &std::collections::HashSet<usize>) -> Vec<PageId> {
    let trees = Trees::new(site);
    let root = site.root_section();
    let below: Vec<bool> = (0..site.sections.len())
        .map(|s| site.chain(s).iter().any(|c| folders.contains(c)))
        .collect();
    let whole_holds = |top: usize| {
        trees.whole[top] && folders.iter().any(|f| top == root || trees.top[*f] == top)
    };
    let shows = |section: usize| below[section] || whole_holds(trees.top[section]);
    site.pages()
        .filter(|page| match *page {
            PageId::Document(d) => shows(site.documents[d].section),
            PageId::Section(s) => shows(s),
        })
        .collect()
}

/// The number of folders up from a page whose way to the site root is `root` (`None` when
/// `root` is not a run of `../`, as the 404 page's base address).
fn depth_of(root: &str) -> Option<usize> {
    let ups = root.as_bytes().chunks(3);
    ups.clone().all(|up| up == b"../").then(|| ups.len())
}

/// Each section's number of entries in all its folders.
fn subtree_sizes(site: &Site) -> Vec<usize> {
    fn size(site: &Site, s: usize, sizes: &mut Vec<usize>) -> usize {
        let section = &site.sections[s];
        let mut n = section.entries.len();
        for sub in &section.subsections {
            n += size(site, *sub, sizes);
        }
        sizes[s] = n;
        n
    }
    let mut sizes = vec![0; site.sections.len()];
    size(site, site.root_section(), &mut sizes);
    sizes
}

/// The shared file: `northstarTree({"<folder>": "<li …>…</li>", …})`, each folder's entry with
/// its entries, its own folders again as links to fill, every link relative to the site
/// root (the script adds the page's way there). The theme's script loads it on pages whose
/// tree is a branch; the browser keeps it for every other page.
pub fn file(site: &Site) -> String {
    let mut folders = serde_json::Map::new();
    let branch = Branch {
        path: &[],
        block: 0,
        whole: false,
    };
    for s in 0..site.sections.len() {
        if s == site.root_section() || site.sections[s].entries.is_empty() {
            continue;
        }
        let mut pen = Pen {
            site,
            root: "",
            out: String::new(),
            marks: Vec::new(),
        };
        pen.out.push_str("<li class=\"nav-folder\">");
        pen.link(PageId::Section(s));
        pen.out
            .push_str("<details><summary><span class=\"visually-hidden\">");
        escape(&mut pen.out, site.sections[s].title.as_str());
        pen.out.push_str("</span></summary>");
        pen.list_all(s, &branch);
        pen.out.push_str("</details></li>");
        folders.insert(s.to_string(), serde_json::Value::String(pen.out));
    }
    let json = serde_json::Value::Object(folders).to_string();
    format!("window.northstarTree && northstarTree({json});\n")
}

impl Pen<'_> {
    /// Every entry of `folder`, its folders as links for the shared file to fill.
    fn list_all(&mut self, folder: usize, branch: &Branch) {
        let entries = &self.site.sections[folder].entries;
        self.out.push_str("<ul class=\"nav-tree\">");
        for entry in entries {
            match *entry {
                PageId::Document(_) => {
                    self.out.push_str("<li>");
                    self.link(*entry);
                    self.out.push_str("</li>");
                }
                PageId::Section(s) => self.folder(s, branch, None),
            }
        }
        self.out.push_str("</ul>");
    }
}
