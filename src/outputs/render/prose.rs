//! A document body as its reader sees the words, for the diff pages: the text of every block,
//! blocks apart, without link or image addresses and without raw HTML. A diff page shows
//! words, not Markdown syntax, and an address in the old text of a document (a link to a
//! page this build leaves out) must not reach the output (the leak gate would stop the
//! build, rightly).

use pulldown_cmark::{Event, Options, Parser, TagEnd};

/// The words of `body`: text and code as written, each block on a line of its own.
pub fn prose(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for event in Parser::new_ext(body, Options::all()) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::End(TagEnd::TableCell | TagEnd::CodeBlock | TagEnd::BlockQuote(_))
                if !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_their_words_and_lose_their_addresses() {
        let body = "See [the agreement](../vendors/aws.md#terms) and ![map](img/map.png).\n\n\
                    <a href=\"secret.md\">raw</a>\n\n- one\n- `two`\n";
        let text = prose(body);
        assert!(
            !text.contains("aws.md") && !text.contains("secret.md") && !text.contains("map.png")
        );
        assert_eq!(text, "See the agreement and map.\nraw\none\ntwo\n");
    }
}
