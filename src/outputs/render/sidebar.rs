//! The default theme's sidebar drawn in Rust (`nav_html`): it is on nearly every page and
//! lists up to 51 entries, and as template code it was the largest part of a page's
//! template time. The markup is what `nav` drawn by a template loop would give; a theme
//! that wants other markup loops over `nav` itself (the manual's themes page,
//! docs/content/reference/themes.md, has the loop).

use super::escape;
use super::nav::Sidebar;
use crate::model::site::{PageId, Site};

/// Bytes of one drawn entry, to size the buffer once.
const ENTRY: usize = 160;

/// The sidebar of the page at `page_url`, its links prefixed with `root`.
pub fn html(site: &Site, sidebar: &Sidebar, root: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(512 + (sidebar.entries.len() + 2) * ENTRY);
    out.push_str(
        "\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"Section navigation\">\n  <div class=\"sidebar-inner\">",
    );
    let section = sidebar.section;
    if !sidebar.ancestors.is_empty() {
        out.push_str("\n    <ol class=\"nav-ancestors\">");
        let last = sidebar.ancestors.len() - 1;
        for (index, ancestor) in sidebar.ancestors.iter().enumerate() {
            // The section itself is the heading below, not repeated as the last ancestor.
            if index == last && ancestor.url == section.url {
                continue;
            }
            out.push_str("\n      <li>");
            link(&mut out, root, ancestor.url, false, ancestor.title);
            out.push_str("</li>");
        }
        out.push_str("\n    </ol>");
    }
    out.push_str("\n    <p class=\"nav-section-title\">\n      ");
    link(
        &mut out,
        root,
        section.url,
        section.url == page_url,
        section.title,
    );
    out.push_str("\n    </p>");
    if !sidebar.entries.is_empty() {
        out.push_str("\n    <ul class=\"nav-entries\">");
        more(&mut out, root, sidebar, sidebar.more_before);
        for entry in sidebar.entries {
            let current = *entry == sidebar.page;
            out.push_str("\n      ");
            entry_start(&mut out, *entry, current);
            out.push_str("\n        ");
            link(
                &mut out,
                root,
                site.url(*entry),
                current,
                site.title(*entry),
            );
            let children = sidebar.children(site, *entry);
            if !children.is_empty() {
                out.push_str("\n        <ul class=\"nav-children\">");
                for child in children {
                    out.push_str("\n          ");
                    entry_start(&mut out, *child, false);
                    out.push_str("\n            ");
                    link(&mut out, root, site.url(*child), false, site.title(*child));
                    out.push_str("\n          </li>");
                }
                out.push_str("\n        </ul>");
            }
            out.push_str("\n      </li>");
        }
        more(&mut out, root, sidebar, sidebar.more_after);
        out.push_str("\n    </ul>");
    }
    out.push_str("\n  </div>\n</nav>");
    out
}

/// `<li class="nav-entry …">` for `entry`.
fn entry_start(out: &mut String, entry: PageId, current: bool) {
    out.push_str("<li class=\"nav-entry");
    if matches!(entry, PageId::Section(_)) {
        out.push_str(" is-section");
    }
    if current {
        out.push_str(" is-current");
    }
    out.push_str("\">");
}

/// `<a href="{root}{url}">{title}</a>`, marked as the current page when `current`.
fn link(out: &mut String, root: &str, url: &str, current: bool, title: &str) {
    out.push_str("<a href=\"");
    escape(out, root);
    escape(out, url);
    out.push('"');
    if current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    escape(out, title);
    out.push_str("</a>");
}

/// "… N more" for `count` entries of the section left out on one side (nothing for none).
fn more(out: &mut String, root: &str, sidebar: &Sidebar, count: usize) {
    if count == 0 {
        return;
    }
    out.push_str("\n      <li class=\"nav-more\"><a href=\"");
    escape(out, root);
    escape(out, sidebar.section.url);
    out.push_str("\">… ");
    out.push_str(&count.to_string());
    out.push_str(" more<span class=\"visually-hidden\"> in ");
    escape(out, sidebar.section.title);
    out.push_str("</span></a></li>");
}
