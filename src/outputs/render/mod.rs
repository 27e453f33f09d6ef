//! Rendering: fills the theme's templates with one page's views.

mod badges;
pub mod calendar;
mod chrome;
pub mod contents;
pub mod digest_feed;
pub mod discovery;
pub mod engine;
pub mod feed_links;
pub mod filters;
pub mod history;
pub mod kept;
pub mod listings;
mod menu;
pub mod nav;
pub mod pack;
pub mod pages_api;
mod panels;
mod prose;
pub mod radar_csv;
pub mod radar_json;
pub mod redirects;
pub mod rows;
mod toc;
pub mod tree;
mod views;
mod word_diff;
pub use views::{KeptSummaries, KeptSummary, SummaryCache};

use pulldown_cmark_escape::escape_html;
use tera::{Context, Tera};

use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;
use crate::model::site::{PageId, Site};
use crate::model::urls;
use crate::stages::markdown::Rendered;
use crate::stages::theme::{template_diagnostic, Theme};
use crate::stages::views::{ViewPage, Views};
use listings::Listing;
use views::{PageParts, PageView, SectionView, SiteView};

/// The name and version written into every page's footer.
pub const GENERATOR: &str = concat!("Northstar ", env!("CARGO_PKG_VERSION"));

/// Bytes a page of the default theme takes around its content (header, sidebar, footer).
const CHROME: usize = 32 * 1024;
/// Bytes of one row of a listing's table.
const ROW: usize = 1024;

/// Renders pages of one site with one compiled theme.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a Tera,
    pub views: &'a Views,
    /// The sidebar's trees, drawn once for each group of pages that shares one.
    trees: tree::Trees<'a>,
    /// The top-level sections' positions in `site.sections`' order, by section.
    tops: Vec<Option<usize>>,
    /// Documents' summaries already made into template values (section pages, listings).
    pub summaries: views::SummaryCache<'a>,
    /// `site`, made into a template value once: every page's context holds it.
    site_value: tera::Value,
    /// The head's links, header and footer, rendered once per depth and top-level section.
    chrome: chrome::Chrome,
    /// The generated pages the header links to (the contents page, the views menu's).
    in_header: Vec<&'static str>,
    /// Every badge of the site, rendered once through the theme's badge partials, and the
    /// same as the template value `badges` (or why one of the partials failed).
    badges: Result<(badges::BadgeHtml, tera::Value), Diagnostic>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, tera: &'a Tera, views: &'a Views) -> Self {
        let tops = menu::positions(site);
        let sections = tops.iter().flatten().count();
        Renderer {
            site,
            theme,
            tera,
            views,
            trees: tree::Trees::new(site),
            tops,
            summaries: views::SummaryCache::new(site),
            site_value: tera::Value::from_serializable(&SiteView::of(site, views)),
            chrome: chrome::Chrome::new(sections),
            in_header: std::iter::once(contents::URL)
                .chain(menu::views(site, views).iter().map(|view| view.url))
                .collect(),
            badges: badges::BadgeHtml::render(site, tera).map(|badges| {
                let value = badges.to_value();
                (badges, value)
            }),
        }
    }
}

/// What pages show of the whole site ([`Renderer::shown_everywhere`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The `site` value, which every page has.
    pub site: tera::Value,
    /// Every badge of the site, which the pages with a document table (home, sections,
    /// listings) have whole; the others show only the badges of the documents they show, and
    /// a badge's HTML does not depend on the others.
    pub badges: tera::Value,
}

impl Renderer<'_> {
    /// What pages show of the whole site: the `site` value (title, sections, views menu …)
    /// and the badges. While these stay the same, an edit of a document changes only the
    /// pages that show that document.
    pub fn shown_everywhere(&self) -> Shown {
        let badges = match &self.badges {
            Ok((_, value)) => value.clone(),
            Err(diagnostic) => tera::Value::from(diagnostic.message.clone()),
        };
        Shown {
            site: self.site_value.clone(),
            badges,
        }
    }

    /// The full HTML of `page`, whose body was rendered to `body`.
    pub fn page(&self, page: PageId, body: &Rendered) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let meta = site.meta(page);
        let (template, section) = match page {
            PageId::Section(s) if s == site.root_section() => {
                ("home.html", Some(SectionView::of(site, s, &self.summaries)))
            }
            PageId::Section(s) => (
                "section.html",
                Some(SectionView::of(site, s, &self.summaries)),
            ),
            PageId::Document(_) => ("document.html", None),
        };
        let template = meta.template.as_deref().unwrap_or(template);
        let output = site.output(page);
        let root = urls::root_prefix(output);
        let mut context = self.common(&root, Some(page), None)?;
        let parts = PageParts {
            title: site.title(page),
            url: site.url(page),
            source: site.source(page),
            content: &body.html,
            toc: &body.toc,
        };
        let view = match page {
            PageId::Document(d) => PageView::new(parts, meta)
                .with_document(site, d)
                .with_body_anchors(&body.ids),
            PageId::Section(_) => PageView::new(parts, meta),
        };
        let mut view = view
            .with_backlinks(site, &self.views.backlinks, page)
            .with_history(site);
        view.classification = site.shown_level(page);
        context.insert_value("toc_html", tera::Value::safe_string(&toc::html(&view.toc)));
        let (badges, badges_value) = self.badges.as_ref().map_err(Clone::clone)?;
        context.insert_value("panels", panels::value(&view, &root, badges));
        if section.is_some() {
            context.insert_value("badges", badges_value.clone());
        }
        context.insert("page", &view);
        let roadmap = match page {
            PageId::Document(d) => self.views.roadmaps.get(&d),
            PageId::Section(_) => None,
        };
        context.insert("roadmap", &roadmap);
        let radar = match page {
            PageId::Document(d) => self.views.radars.get(&d),
            PageId::Section(_) => None,
        };
        context.insert("radar", &radar);
        let history = match page {
            PageId::Document(d) => history::history(site, d),
            PageId::Section(_) => None,
        };
        context.insert("history", &history);
        let home = page == PageId::Section(site.root_section());
        context.insert("dashboard", &home.then_some(&self.views.dashboard));
        context.insert("breadcrumbs", &nav::breadcrumbs(site, page));
        let (prev, next) = nav::prev_next(site, page);
        context.insert("prev", &prev);
        context.insert("next", &next);
        context.insert("section", &section);
        let shown = site
            .source(page)
            .map_or_else(|| output.to_string(), |s| format!("content/{s}"));
        let named = meta.template.is_some() && !self.tera.contains_template(template);
        if named {
            // The writer's `template:` field names it: point at that line.
            let line = meta.field_lines.get("template").copied();
            let line = line.unwrap_or(meta.header_line);
            return Err(missing_template(template).at(shown, line, 1));
        }
        self.render(template, &context, &shown, CHROME + body.html.len())
    }

    /// The "page not found" page, written at the output root.
    pub fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        let root = match self.site.config.base_url.as_deref() {
            Some(base) if !base.is_empty() => format!("{}/", base.trim_end_matches('/')),
            _ => String::new(),
        };
        let context = self.generated_context(&root, "Page not found", "404.html", Vec::new())?;
        self.render("404.html", &context, "404.html", CHROME)
    }

    /// A generated listing page (reviews due, an owner's documents, a tag …).
    pub fn listing(&self, listing: &Listing) -> Result<Vec<u8>, Diagnostic> {
        let root = urls::root_prefix(&listing.url);
        let mut breadcrumbs = vec![views::Link::to(
            self.site,
            PageId::Section(self.site.root_section()),
        )];
        if let Some((title, url)) = &listing.parent {
            breadcrumbs.push(views::Link { title, url });
        }
        let mut context =
            self.generated_context(&root, &listing.title, &listing.url, breadcrumbs)?;
        context.insert("listing", listing);
        let (_, badges_value) = self.badges.as_ref().map_err(Clone::clone)?;
        context.insert_value("badges", badges_value.clone());
        let rows: usize = listing.groups.iter().map(|g| g.documents.len()).sum();
        let capacity = CHROME + rows * ROW + listing.terms.len() * ROW;
        self.render("listing.html", &context, &listing.url, capacity)
    }

    /// A generated view page (traceability, radar …), with its data as `view`.
    pub fn view(&self, page: &ViewPage) -> Result<Vec<u8>, Diagnostic> {
        let root = urls::root_prefix(page.url);
        let breadcrumbs = vec![views::Link::to(
            self.site,
            PageId::Section(self.site.root_section()),
        )];
        let mut context = self.generated_context(&root, page.title, page.url, breadcrumbs)?;
        context.insert("view", &page.data);
        context.insert("view_summary", &page.summary);
        self.render(page.template, &context, page.url, CHROME)
    }

    /// A diff page: what one commit changed in one document (`change.html`).
    pub fn change(&self, page: &history::ChangePage) -> Result<Vec<u8>, Diagnostic> {
        let root = urls::root_prefix(&page.path);
        let site = self.site;
        let breadcrumbs = vec![
            views::Link::to(site, PageId::Section(site.root_section())),
            views::Link {
                title: page.view.title,
                url: page.view.url,
            },
        ];
        let title = format!("{} — {}", page.view.title, page.view.entry.date);
        let mut context = self.generated_context(&root, &title, &page.path, breadcrumbs)?;
        context.insert("view", &page.view);
        self.render("change.html", &context, &page.path, CHROME)
    }

    /// The search results page, `search/index.html` (the script fills it from `?q=`).
    pub fn search_page(&self) -> Result<Vec<u8>, Diagnostic> {
        let url = format!("{}/index.html", crate::outputs::search::FOLDER);
        let root = urls::root_prefix(&url);
        let breadcrumbs = vec![views::Link::to(
            self.site,
            PageId::Section(self.site.root_section()),
        )];
        let context = self.generated_context(&root, "Search", &url, breadcrumbs)?;
        self.render("search.html", &context, &url, CHROME)
    }

    /// The context of a page that has no source file: the root's sidebar, no section.
    fn generated_context(
        &self,
        root: &str,
        title: &str,
        url: &str,
        breadcrumbs: Vec<views::Link>,
    ) -> Result<Context, Diagnostic> {
        let current = self.in_header.contains(&url).then_some(url);
        let mut context = self.common(root, None, current)?;
        let meta = Meta::default();
        let parts = PageParts {
            title,
            url,
            source: None,
            content: "",
            toc: &[],
        };
        context.insert("page", &PageView::new(parts, &meta));
        context.insert("breadcrumbs", &breadcrumbs);
        context.insert("prev", &None::<views::Link>);
        context.insert("next", &None::<views::Link>);
        context.insert("section", &None::<SectionView>);
        context.insert("roadmap", &None::<()>);
        context.insert("radar", &None::<()>);
        context.insert("dashboard", &None::<()>);
        context.insert("history", &None::<()>);
        Ok(context)
    }

    /// What every page's context holds: `site`, `root`, `generator`, `chrome` and `nav` for
    /// `page` (`None`: a generated page, shown with the root's tree; `current`: its address,
    /// when the header links to it).
    fn common(
        &self,
        root: &str,
        page: Option<PageId>,
        current: Option<&str>,
    ) -> Result<Context, Diagnostic> {
        let site = self.site;
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", root);
        context.insert("generator", GENERATOR);
        let top = page
            .and_then(|p| self.trees.top_of(p))
            .and_then(|s| Some((self.tops[s]?, views::Link::to(site, PageId::Section(s)))));
        let input = chrome::ChromeInput { root, top, current };
        let chrome = self
            .chrome
            .get(self.tera, self.theme, &self.site_value, &input)?;
        context.insert_value("chrome", chrome);
        let place = self.trees.place(page);
        let nav = nav::NavView {
            top: input.top.map(|(_, link)| link),
            tree: tera::Value::safe_string(&self.trees.html(&place, root, page)),
            tree_src: self.trees.is_branch(&place).then_some(tree::FILE),
        };
        context.insert_value("nav", nav.value());
        Ok(context)
    }

    /// Renders `template` into a buffer of `capacity` bytes (grown if the page needs more:
    /// a good guess saves copying a large page again and again as it grows). The bytes are
    /// UTF-8 (Tera writes only text, and byte values through a lossy conversion) and go
    /// straight to the output, so they are not checked again here.
    fn render(
        &self,
        template: &str,
        context: &Context,
        shown: &str,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        if !self.tera.contains_template(template) {
            return Err(missing_template(template).in_file(shown));
        }
        let mut html = Vec::with_capacity(capacity);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|e| template_diagnostic(self.theme, &e, Some(shown)))?;
        Ok(html)
    }
}

/// The error of a template that neither the theme nor the handbook's `templates/` has.
fn missing_template(template: &str) -> Diagnostic {
    Diagnostic::error(format!("template `{template}` not found"))
        .code("template")
        .help("add it to the handbook's templates/ folder or fix the `template` field")
}

/// `text` escaped as Tera escapes a `{{ value }}` (the same function), for the partials
/// drawn in Rust (sidebar tree, table of contents, document rows, panels).
fn escape(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(&mut *out, text);
}
