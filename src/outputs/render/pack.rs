//! The board pack and the print page: one printable page each — cover, contents, documents
//! in full (their bodies rendered again with links relative to the page), and for the board
//! pack the decision log.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::kept::KeptPieces;
use super::views::Link;
use super::Renderer;
use crate::model::diagnostics::Diagnostic;
use crate::model::site::{PageId, Site};
use crate::stages::links::PageLinks;
use crate::stages::markdown::{self, RenderOptions};
use crate::stages::views::RoadmapView;

/// Where the board pack is written.
pub const BOARD_PACK: &str = "board-pack.html";
/// Where the whole handbook is written on one page, when the config asks for it.
pub const PRINT_PAGE: &str = "print.html";

/// `pack` in `board-pack.html`.
#[derive(Serialize)]
struct PackView<'a> {
    title: &'a str,
    date: &'a str,
    entries: Vec<Entry<'a>>,
    decisions: Option<&'a serde_json::Value>,
    /// The "Changes since …" chapter: the change digest, when the handbook has a history.
    changes: Option<&'a crate::stages::views::digest::Digest>,
}

/// One document of the pack.
#[derive(Serialize)]
struct Entry<'a> {
    /// The anchor of its chapter in the pack.
    anchor: String,
    title: &'a str,
    url: &'a str,
    kind: Option<&'a str>,
    status: Option<&'a str>,
    owner: Option<&'a str>,
    summary: Option<&'a str>,
    objectives: Option<&'a serde_json::Value>,
    roadmap: Option<&'a RoadmapView>,
    #[serde(serialize_with = "as_str")]
    content: Arc<str>,
}

fn as_str<S: serde::Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}

impl Renderer<'_> {
    /// The board pack's HTML. Link problems in the bodies were reported on the documents'
    /// own pages already, so they are not reported again.
    pub fn board_pack(&self, kept: &dyn KeptPieces) -> Result<Vec<u8>, Diagnostic> {
        let selection = &self.views.board_pack;
        let pack = PackView {
            title: &selection.title,
            date: &selection.date,
            entries: self.chapters(&selection.documents, BOARD_PACK, kept),
            decisions: selection.decision_log.then_some(&self.views.decision_log),
            changes: Some(&self.views.digest).filter(|d| d.has_history),
        };
        self.render_pack(&pack, BOARD_PACK)
    }

    /// The whole handbook on one page, in reading order (`print: true` in the config).
    pub fn print_page(&self, kept: &dyn KeptPieces) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let mut order = Vec::new();
        reading_order(site, site.root_section(), &mut order);
        let pack = PackView {
            title: &site.config.title,
            date: &self.views.board_pack.date,
            entries: self.chapters(&order, PRINT_PAGE, kept),
            decisions: None,
            changes: None,
        };
        self.render_pack(&pack, PRINT_PAGE)
    }

    fn render_pack(&self, pack: &PackView, url: &str) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let home = Link::to(site, PageId::Section(site.root_section()));
        let mut context = self.generated_context("", pack.title, url, vec![home])?;
        context.insert("pack", pack);
        let content: usize = pack.entries.iter().map(|e| e.content.len()).sum();
        self.render("board-pack.html", &context, url, super::CHROME + content)
    }

    /// The documents `documents` in full, their links relative to the page at `from_url`
    /// (unless `kept` has them).
    fn chapters<'a>(
        &'a self,
        documents: &[usize],
        from_url: &'static str,
        kept: &dyn KeptPieces,
    ) -> Vec<Entry<'a>> {
        let site = self.site;
        // Each chapter renders its body again: in parallel, in order.
        documents
            .par_iter()
            .map_init(markdown::Highlighting::default, |highlighting, d| {
                let document = &site.documents[*d];
                let anchor = format!("pack-{}", d + 1);
                let mut render = || {
                    let mut links = PageLinks::new(site, PageId::Document(*d), from_url);
                    let options = RenderOptions {
                        drop_leading_h1: document.drop_leading_h1,
                        raw_html: site.config.markdown.raw_html,
                    };
                    let body = markdown::render_with(
                        &document.body,
                        options,
                        &mut links,
                        highlighting,
                        None,
                    );
                    prefix_anchors(&body.html, &anchor)
                };
                Entry {
                    content: kept.piece(from_url, *d, &mut render),
                    anchor: anchor.clone(),
                    title: &document.title,
                    url: &document.url,
                    kind: document.meta.kind.as_deref(),
                    status: document.meta.status.as_deref(),
                    owner: document.meta.owner.as_deref(),
                    summary: document.meta.summary.as_deref(),
                    objectives: document.meta.fields.get("objectives"),
                    roadmap: self.views.roadmaps.get(d),
                }
            })
            .collect()
    }
}

/// The documents of `section` and its subsections, as the sidebar orders them.
fn reading_order(site: &Site, section: usize, out: &mut Vec<usize>) {
    for entry in &site.sections[section].entries {
        match entry {
            PageId::Document(d) => out.push(*d),
            PageId::Section(s) => reading_order(site, *s, out),
        }
    }
}

/// Gives every `id` of a chapter, and every same-page `#link` to one, the chapter's prefix, so
/// documents that share heading names keep unique anchors on one page. Only attributes inside
/// tags are touched: in text and code a `<` is always escaped, so it never starts a tag.
fn prefix_anchors(html: &str, prefix: &str) -> String {
    let id = memchr::memmem::Finder::new(" id=\"");
    let same_page = memchr::memmem::Finder::new(" href=\"#");
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let bytes = html.as_bytes();
    // Where, in the tag being read, an attribute's value starts (after its quote, and `#`).
    let mut values: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(start) = memchr::memchr(b'<', &bytes[at..]).map(|s| at + s) {
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
        let tag = &bytes[start..end];
        values.clear();
        values.extend(id.find_iter(tag).map(|i| start + i + " id=\"".len()));
        values.extend(
            same_page
                .find_iter(tag)
                .map(|i| start + i + " href=\"#".len()),
        );
        values.sort_unstable();
        let mut from = at;
        for &value in &values {
            out.push_str(&html[from..value]);
            out.push_str(prefix);
            out.push('-');
            from = value;
        }
        out.push_str(&html[from..end]);
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::prefix_anchors;

    #[test]
    fn chapter_anchors_get_a_prefix_but_code_does_not() {
        let html = "<h2 id=\"scope\">Scope</h2><p><a href=\"#scope\">up</a> <a href=\"x.html#scope\">x</a></p><pre><code>&lt;a id=\"keep\"&gt;</code></pre>";
        let out = prefix_anchors(html, "pack-3");
        assert!(out.contains("<h2 id=\"pack-3-scope\">") && out.contains("href=\"#pack-3-scope\""));
        assert!(
            out.contains("href=\"x.html#scope\""),
            "links to other pages keep their anchor"
        );
        assert!(out.contains("&lt;a id=\"keep\"&gt;"), "code is left alone");
    }

    /// The first way the prefixes were put in (each tag's attributes replaced as text), which
    /// the one-pass way must agree with.
    fn by_replacing(html: &str, prefix: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find('>')
                .map_or(rest.len(), |e| start + e + 1);
            let tag = &rest[start..end];
            out.push_str(
                &tag.replace(" id=\"", &format!(" id=\"{prefix}-"))
                    .replace(" href=\"#", &format!(" href=\"#{prefix}-")),
            );
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn one_pass_agrees_with_replacing_each_tag() {
        for html in [
            "",
            "no tags at all",
            "<a href=\"#x\" id=\"y\"><b id=\"z\" class=\"c\">t</b></a>",
            "<h2 id=\"a\"><span class=\"anchor-alias\" id=\"A\"></span>A <a class=\"heading-anchor\" href=\"#a\">#</a></h2>",
            "text < unclosed id=\"x\" href=\"#y",
            "<a id=\"x\" id=\"y\" href=\"#z\" href=\"#w\">>>",
            "é<p id=\"ü\">ß</p>",
        ] {
            assert_eq!(prefix_anchors(html, "pack-3"), by_replacing(html, "pack-3"), "{html}");
        }
    }
}
