//! The plain text of a body, split at its h1–h3 headings, collected while it renders (the
//! search index reads it; nothing is parsed twice). All of it goes lower-cased into one
//! buffer, where the index counts words; of each section only the start is kept as written,
//! for the snippets of search results.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::text::push_lowercase_later;
use crate::stages::markdown::{has_space_to_fold, TextCollector};

/// Bytes of a section's text kept as written for snippets ([`TextSection::start`]).
pub const SNIPPET_SOURCE: usize = 600;

/// A body's text as the search index reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    /// Each section's heading, then its text (runs of white space as one space),
    /// lower-cased, each followed by one space.
    pub lowered: String,
    /// The text before the first heading, then one per h1–h3 heading.
    pub sections: Vec<TextSection>,
}

/// A part of a page: the text before the first heading, or one heading and what follows.
/// Its blocks (paragraphs, list items, table cells, …) are separated by line breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text as written (empty for the text before the first heading).
    pub heading: String,
    /// The first [`SNIPPET_SOURCE`] bytes of the text as written (less, to end on a
    /// character), ending in `…` when the text goes on.
    pub start: String,
    /// Where the heading is in [`SearchText::lowered`].
    pub heading_at: Range<usize>,
    /// Where the text is in [`SearchText::lowered`] (white space at its end included).
    pub text_at: Range<usize>,
}

/// Collects a [`SearchText`] while a body renders (handed to
/// [`crate::stages::markdown::render_with`]).
pub struct PlainText {
    done: SearchText,
    /// The section being read.
    section: TextSection,
    /// Whether some of the section's text was left out of `section.start`.
    cut: bool,
    /// Whether any of what was left out is not white space (the text then goes on past the
    /// snippet, which gets its `…`).
    cut_words: bool,
}

/// Bytes of a section's start kept while reading: a character more than [`SNIPPET_SOURCE`],
/// so that whether the text goes on past it is known.
const KEEP: usize = SNIPPET_SOURCE + 4;

impl Default for PlainText {
    fn default() -> Self {
        PlainText::for_body(0)
    }
}

impl PlainText {
    /// A collector for a body of `length` bytes: its text is rarely longer than the body,
    /// so the buffer is made that size once instead of doubled a dozen times.
    pub fn for_body(length: usize) -> Self {
        let mut plain = PlainText {
            done: SearchText {
                lowered: String::with_capacity(length + 64),
                sections: Vec::new(),
            },
            section: TextSection::default(),
            cut: false,
            cut_words: false,
        };
        plain.open(String::new(), "");
        plain
    }

    pub fn finish(mut self) -> SearchText {
        self.close();
        // ASCII text went in as written: lower-cased here in one pass, not piece by piece.
        self.done.lowered.make_ascii_lowercase();
        self.done
    }
}

impl TextCollector for PlainText {
    /// A heading ended: h1–h3 start a new section, smaller ones are part of the text.
    fn heading(&mut self, level: u8, id: String, text: String) {
        if level <= 3 {
            self.close();
            self.open(id, &text);
            self.section.heading = text;
        } else {
            self.push(&text);
            self.block();
        }
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Text(text) | Event::Code(text) => self.push(text),
            Event::SoftBreak | Event::HardBreak => self.space(),
            Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => self.block(),
            _ => {}
        }
    }
}

impl PlainText {
    /// Starts a section under `heading` (its id `id`), its heading into the buffer (lower-cased
    /// by [`PlainText::finish`]).
    fn open(&mut self, id: String, heading: &str) {
        let lowered = &mut self.done.lowered;
        let start = lowered.len();
        push_lowercase_later(lowered, heading);
        let heading_at = start..lowered.len();
        lowered.push(' ');
        let text = lowered.len();
        self.section = TextSection {
            id,
            heading: String::new(),
            start: String::with_capacity(KEEP),
            heading_at,
            text_at: text..text,
        };
        self.cut = false;
        self.cut_words = false;
    }

    /// Ends the section being read: its start trimmed (and marked when cut), a space after
    /// its text in the buffer.
    fn close(&mut self) {
        let lowered = &mut self.done.lowered;
        let mut section = std::mem::take(&mut self.section);
        section.text_at.end = lowered.len();
        lowered.push(' ');
        if !(self.cut && self.cut_words) {
            // Only white space was left out: the text ends within what was kept.
            section.start.truncate(section.start.trim_end().len());
        }
        if let Cow::Owned(clipped) = clip(&section.start, SNIPPET_SOURCE) {
            section.start = clipped;
        }
        self.done.sections.push(section);
    }

    /// Whether the section's text is empty or ends with a space or a block's end (the buffer
    /// then ends with one: the space after the heading, or the text's own).
    fn at_space(&self) -> bool {
        self.done.lowered.ends_with([' ', '\n'])
    }

    /// A block (paragraph, list item, table cell, …) ended: a line break after it, which
    /// snippets show as a separator, so that list items and cells do not run together.
    fn block(&mut self) {
        if self.done.lowered.len() == self.section.text_at.start
            || self.done.lowered.ends_with('\n')
        {
            return;
        }
        if !self.at_space() {
            self.put("\n");
        } else if !self.cut && self.section.start.ends_with(' ') {
            self.section.start.pop();
            self.section.start.push('\n');
        }
    }

    /// Appends `text` to the section: to the buffer (lower-cased by [`PlainText::finish`]), and
    /// as written to its start.
    fn put(&mut self, text: &str) {
        push_lowercase_later(&mut self.done.lowered, text);
        if self.cut {
            self.cut_words = self.cut_words || text.chars().any(|c| !c.is_whitespace());
            return;
        }
        let start = &mut self.section.start;
        let room = KEEP - start.len();
        if text.len() <= room {
            start.push_str(text);
            return;
        }
        let mut at = room;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        start.push_str(&text[..at]);
        self.cut = true;
        self.cut_words = text[at..].chars().any(|c| !c.is_whitespace());
    }

    /// Appends `raw` with each run of white space as one space.
    fn push(&mut self, raw: &str) {
        // Text without line breaks, tabs or double spaces is copied as it is.
        if !has_space_to_fold(raw.as_bytes()) {
            let raw = if self.at_space() {
                raw.trim_start_matches(' ')
            } else {
                raw
            };
            self.put(raw);
            return;
        }
        for word in raw.split_whitespace() {
            if !self.at_space() {
                self.put(" ");
            }
            self.put(word);
        }
        let empty = self.done.lowered.len() == self.section.text_at.start;
        if raw.ends_with(char::is_whitespace) && !empty {
            self.put(" ");
        }
    }

    fn space(&mut self) {
        if !self.at_space() {
            self.put(" ");
        }
    }
}

/// The first `max` bytes of `text` (less, to end on a character), marked `…` when cut.
fn clip(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut at = max;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Cow::Owned(format!("{}…", &text[..at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each section as the collector saw it, whole (what `start` is cut from).
    fn whole(pieces: &[&str]) -> SearchText {
        let mut plain = PlainText::default();
        for piece in pieces {
            plain.push(piece);
            plain.space();
        }
        plain.finish()
    }

    /// The text `markdown` renders to.
    fn rendered(markdown: &str) -> SearchText {
        use crate::stages::markdown::{render_with, LinkAction, LinkRewriter, RenderOptions};
        struct Keep;
        impl LinkRewriter for Keep {
            fn rewrite(&mut self, _: &str, _: usize, _: bool) -> LinkAction {
                LinkAction::Keep
            }
        }
        let mut plain = PlainText::for_body(markdown.len());
        let options = RenderOptions {
            drop_leading_h1: true,
            ..RenderOptions::default()
        };
        render_with(
            markdown,
            options,
            &mut Keep,
            &mut Default::default(),
            Some(&mut plain),
        );
        plain.finish()
    }

    #[test]
    fn a_dropped_title_and_raw_html_leave_the_text() {
        let text = rendered("# Title\n\nText <span id=\"here\"></span>\n");
        assert_eq!(text.sections.len(), 1);
        assert_eq!(text.sections[0].start, "Text");
        // The empty heading of the first section, its text, each followed by a space.
        assert_eq!(text.lowered, " text  ");
    }

    #[test]
    fn blocks_are_separated_in_the_text_for_snippets() {
        let text = rendered(
            "The list says\n\n- must\n- A breaking change\n\n| Owner | Team |\n|---|---|\n| Ana | Platform |\n\n#### Small heading\n\nLast.\n",
        );
        assert_eq!(
            text.sections[0].start,
            "The list says\nmust\nA breaking change\nOwner\nTeam\nAna\nPlatform\nSmall heading\nLast."
        );
    }

    #[test]
    fn a_long_section_keeps_its_start_as_written_and_all_of_it_lower_cased() {
        let long = "Zero Trust ".repeat(100);
        let text = whole(&[&long]);
        let section = &text.sections[0];
        assert_eq!(text.lowered[section.text_at.clone()], long.to_lowercase());
        assert!(section.start.ends_with('…'), "{}", section.start);
        assert_eq!(section.start.len(), SNIPPET_SOURCE + '…'.len_utf8());
        assert!(long.starts_with(section.start.trim_end_matches('…')));
    }

    #[test]
    fn the_start_is_cut_only_when_words_follow() {
        for (text, cut) in [
            ("é".repeat(300) + "   ", false),
            ("é".repeat(300) + " x", true),
            ("a".repeat(599) + "é", true),
            ("a".repeat(598) + "é", false),
            ("a".repeat(600) + " \u{a0} ", false),
        ] {
            let found = whole(&[&text]);
            let start = &found.sections[0].start;
            assert_eq!(start.ends_with('…'), cut, "{text:?} gave {start:?}");
            let trimmed = text.trim_end();
            if !cut {
                assert_eq!(start, trimmed);
            }
        }
    }
}
