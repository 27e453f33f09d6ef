//! The plain text of a body, split at its h1–h3 headings, collected while it renders (the
//! search index reads it; nothing is parsed twice).

use pulldown_cmark::{Event, TagEnd};

/// A part of a page: the text before the first heading, or one heading and what follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text (empty for the text before the first heading).
    pub heading: String,
    /// The text, with one space between words.
    pub text: String,
}

/// Collects [`TextSection`]s from the events outside headings.
pub struct PlainText {
    sections: Vec<TextSection>,
}

impl Default for PlainText {
    fn default() -> Self {
        PlainText {
            sections: vec![TextSection::default()],
        }
    }
}

impl PlainText {
    /// A heading ended: h1–h3 start a new section, smaller ones are part of the text.
    pub fn heading(&mut self, level: u8, id: String, text: String) {
        if level <= 3 {
            self.sections.push(TextSection {
                id,
                heading: text,
                text: String::new(),
            });
        } else {
            self.push(&text);
            self.space();
        }
    }

    pub fn event(&mut self, event: &Event) {
        match event {
            Event::Text(text) | Event::Code(text) => self.push(text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.space(),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => self.space(),
            _ => {}
        }
    }

    fn current(&mut self) -> &mut String {
        &mut self.sections.last_mut().expect("a section").text
    }

    /// Appends `raw` with each run of white space as one space.
    fn push(&mut self, raw: &str) {
        let target = self.current();
        let bytes = raw.as_bytes();
        // Text without line breaks, tabs or double spaces is copied as it is.
        let plain = memchr::memchr3(b'\n', b'\r', b'\t', bytes).is_none()
            && memchr::memmem::find(bytes, b"  ").is_none();
        if plain {
            let raw = if target.is_empty() || target.ends_with(' ') {
                raw.trim_start_matches(' ')
            } else {
                raw
            };
            target.push_str(raw);
            return;
        }
        for word in raw.split_whitespace() {
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
            target.push_str(word);
        }
        if raw.ends_with(char::is_whitespace) && !target.is_empty() {
            target.push(' ');
        }
    }

    fn space(&mut self) {
        let target = self.current();
        if !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
    }

    pub fn finish(mut self) -> Vec<TextSection> {
        for section in &mut self.sections {
            section.text.truncate(section.text.trim_end().len());
        }
        self.sections
    }
}
