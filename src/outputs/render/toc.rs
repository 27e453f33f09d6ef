//! The default theme's on-page table of contents drawn in Rust (`toc_html`): document and
//! section pages show it twice (beside the content and above it), and as a template loop
//! over `page.toc` it cost more than the rest of those pages' partials. The markup is what
//! the loop in the manual's themes page (docs/content/reference/themes.md) gives; a theme
//! that wants other markup loops over `page.toc`.

use super::escape;
use super::views::TocView;

/// The `<ol class="toc-list">` of `toc` (empty when the page has no h2 or h3).
pub fn html(toc: &[TocView]) -> String {
    if toc.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(64 + toc.len() * 160);
    out.push_str("<ol class=\"toc-list\">");
    for h in toc {
        if h.level == 2 {
            out.push_str("\n    <li class=\"toc-h2\">");
            link(&mut out, h);
            out.push_str(if h.opens { "<ol>" } else { "</li>" });
        } else if h.nested {
            out.push_str("\n      <li class=\"toc-h3\">");
            link(&mut out, h);
            out.push_str("</li>");
            if h.closes {
                out.push_str("</ol></li>");
            }
        } else {
            out.push_str("\n    <li class=\"toc-h3 toc-orphan\">");
            link(&mut out, h);
            out.push_str("</li>");
        }
    }
    out.push_str("\n  </ol>");
    out
}

/// `<a href="#id" data-toc-id="id">title</a>`, escaped as the template escapes.
fn link(out: &mut String, h: &TocView) {
    out.push_str("<a href=\"#");
    escape(out, h.id);
    out.push_str("\" data-toc-id=\"");
    escape(out, h.id);
    out.push_str("\">");
    escape(out, h.title);
    out.push_str("</a>");
}
