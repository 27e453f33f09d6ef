//! Headings: collects a heading's events, gives it a unique GitHub-style id, an anchor link
//! and a table-of-contents entry.

use pulldown_cmark::{CowStr, Event, HeadingLevel};
use pulldown_cmark_escape::escape_html;

use super::TocEntry;
use crate::model::slug::{case_kept_slug, dashed_slug, github_slug, UniqueIds};

/// The events of one heading, held until its end is seen.
pub struct HeadingBuffer<'a> {
    level: HeadingLevel,
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
}

impl<'a> HeadingBuffer<'a> {
    pub fn new(
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Self {
        HeadingBuffer {
            level,
            explicit_id,
            classes,
            attrs,
            events: Vec::new(),
            text: String::new(),
        }
    }

    pub fn level(&self) -> u8 {
        self.level as u8
    }

    pub fn push(&mut self, event: Event<'a>) {
        if let Event::Text(text) | Event::Code(text) = &event {
            self.text.push_str(text);
        }
        self.events.push(event);
    }

    /// The heading's text, as far as it has been read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Empty elements carrying the heading's id and aliases, for a heading that is not shown
    /// (the title heading), so links to it still land on the page.
    pub fn anchors_only(self, ids: &mut UniqueIds) -> (String, String) {
        let wanted = match &self.explicit_id {
            Some(id) => id.to_string(),
            None => github_slug(&self.text),
        };
        let mut all = vec![ids.claim(&wanted)];
        if self.explicit_id.is_none() {
            all.extend(aliases(&self.text, &wanted, ids));
        }
        let mut html = String::new();
        for id in &all {
            html.push_str("<span class=\"anchor-alias\" id=\"");
            let _ = escape_html(&mut html, id);
            html.push_str("\"></span>");
        }
        html.push('\n');
        let id = all.swap_remove(0);
        (html, id)
    }

    /// The heading's HTML and id; h2 and h3 are added to `toc`.
    pub fn finish(self, ids: &mut UniqueIds, toc: &mut Vec<TocEntry>) -> (String, String) {
        let wanted = match &self.explicit_id {
            Some(id) => id.to_string(),
            None => github_slug(&self.text),
        };
        let id = ids.claim(&wanted);
        let aliases = match self.explicit_id {
            Some(_) => Vec::new(),
            None => aliases(&self.text, &wanted, ids),
        };
        let level = self.level();
        let digit = char::from(b'0' + level);
        let mut html = String::with_capacity(96 + 2 * id.len() + 4 * self.text.len());
        html.push_str("<h");
        html.push(digit);
        html.push_str(" id=\"");
        let _ = escape_html(&mut html, &id);
        html.push('"');
        if !self.classes.is_empty() {
            html.push_str(" class=\"");
            let _ = escape_html(&mut html, &self.classes.join(" "));
            html.push('"');
        }
        for (name, value) in self.attrs.iter().filter(|(name, _)| safe_attribute(name)) {
            html.push(' ');
            let _ = escape_html(&mut html, name);
            if let Some(value) = value {
                html.push_str("=\"");
                let _ = escape_html(&mut html, value);
                html.push('"');
            }
        }
        html.push('>');
        for alias in &aliases {
            html.push_str("<span class=\"anchor-alias\" id=\"");
            let _ = escape_html(&mut html, alias);
            html.push_str("\"></span>");
        }
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        html.push_str(" <a class=\"heading-anchor\" href=\"#");
        let _ = escape_html(&mut html, &id);
        html.push_str("\" aria-label=\"Link to this section\">#</a>");
        html.push_str("</h");
        html.push(digit);
        html.push_str(">\n");
        if level == 2 || level == 3 {
            toc.push(TocEntry {
                level,
                id: id.clone(),
                title: self.text.trim().to_string(),
            });
        }
        (html, id)
    }
}

/// Other spellings of a heading's anchor that links written for other renderers use: GitHub's
/// slug with its capitals kept (GitHub ignores case), and the dashed slug of other tools.
/// Each becomes an empty element with that id, so such links land on the heading too.
/// `slug` is the heading's GitHub slug, which is taken already (by this heading, or by an
/// earlier one when this one got a number).
fn aliases(text: &str, slug: &str, ids: &mut UniqueIds) -> Vec<String> {
    let mut found = Vec::new();
    for alias in [case_kept_slug(text), dashed_slug(text)] {
        if !alias.is_empty() && alias != slug && !ids.contains(&alias) && !found.contains(&alias) {
            ids.reserve(&alias);
            found.push(alias);
        }
    }
    found
}

/// Whether a `{key=value}` heading attribute may be written out: no event handler (`on…`),
/// no inline style, and a plain name.
fn safe_attribute(name: &str) -> bool {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let lower = name.to_ascii_lowercase();
    plain && !lower.starts_with("on") && lower != "style"
}
