//! Template syntax of other generators left in a Markdown body (ERB's `<%= … %>`, Liquid's
//! and Nunjucks' `{{ … }}` and `{% … %}`, Hugo's shortcodes `{{< … >}}`): Northstar does not
//! run templates in Markdown, so it would be published as written. Only prose counts: the
//! same text in a code span or block is shown on purpose.

use std::path::Path;

use memchr::memmem;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::diagnostics::Diagnostic;

/// The first piece of template syntax in the prose of `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSyntax {
    /// Byte offset in the body.
    pub offset: usize,
    /// The piece as written (up to its closing marker, or shortened).
    pub written: String,
    /// The generators that use this syntax.
    pub generator: &'static str,
    /// What to do instead.
    pub fix: &'static str,
}

impl TemplateSyntax {
    /// The file's one `template-syntax` warning; `body` starts on file line `body_line`.
    pub fn warning(&self, (body, body_line): (&str, usize), file: &Path) -> Diagnostic {
        let before = &body[..self.offset];
        let line = body_line + memchr::memchr_iter(b'\n', before.as_bytes()).count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::warning(format!(
            "`{}` is template syntax of {}: Northstar publishes it as written",
            self.written, self.generator
        ))
        .code("template-syntax")
        .at(file, line, column)
        .help(self.fix)
    }
}

const OPENERS: [&str; 3] = ["{{", "{%", "<%"];

/// Finds the first template tag in the prose of `body`; `None` (after one scan of the bytes)
/// for the bodies that have none.
pub fn find(body: &str) -> Option<TemplateSyntax> {
    let mut candidates: Vec<usize> = OPENERS
        .iter()
        .flat_map(|opener| memmem::find_iter(body.as_bytes(), opener))
        .filter(|at| closes(&body[*at..]).is_some())
        .collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable();
    // Where the prose is: the text events (code spans, code blocks and HTML are not text).
    let mut prose: Vec<std::ops::Range<usize>> = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => match prose.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => prose.push(range),
            },
            _ => {}
        }
    }
    let at = candidates.into_iter().find(|at| {
        let index = prose.partition_point(|range| range.end <= *at);
        prose.get(index).is_some_and(|range| range.contains(at))
    })?;
    let end = closes(&body[at..])?;
    let written = shorten(&body[at..at + end]);
    let (generator, fix) = describe(&written);
    Some(TemplateSyntax {
        offset: at,
        written,
        generator,
        fix,
    })
}

/// The length of the tag at the start of `text`, through its closing marker on the same line.
fn closes(text: &str) -> Option<usize> {
    let line = &text[..text.find('\n').unwrap_or(text.len())];
    let close = match &line[..2] {
        "{{" => "}}",
        "{%" => "%}",
        _ => "%>",
    };
    line[2..].find(close).map(|at| at + 2 + close.len())
}

fn shorten(tag: &str) -> String {
    match tag.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &tag[..at]),
        None => tag.to_string(),
    }
}

/// Which generators write `tag`, and what to do instead.
fn describe(tag: &str) -> (&'static str, &'static str) {
    let inner = tag[2..].trim_start_matches(['-', '=', '<', '%', ' ']);
    let word = inner
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if tag.starts_with("<%") {
        return (
            "ERB (GOV.UK tech-docs, Middleman)",
            "write the value itself: the page's title and dates come from its front matter (`current_page.data.title` is `title:`); copy a partial's text in, or delete the tag",
        );
    }
    if tag.starts_with("{{<") || tag.starts_with("{{%") {
        return (
            "a Hugo shortcode",
            "write it as Markdown (a link, an image, a `> [!NOTE]` callout), or delete it",
        );
    }
    // `{{name:…}}` is no Liquid or Nunjucks: a site generator of the handbook's own.
    if inner[word.len()..].starts_with(':') {
        return (
            "the handbook's former site generator (a tag it filled in)",
            "write the text the tag stood for, or delete it",
        );
    }
    if [
        "set", "macro", "extends", "block", "import", "from", "call", "filter",
    ]
    .contains(&word)
    {
        return (
            "Nunjucks (Eleventy)",
            "write the value itself, put it in front matter, or delete the tag",
        );
    }
    (
        "Liquid (Jekyll, Eleventy)",
        "write the value itself (`{{ page.title }}` is the page's `title:`), copy an include's text in, link to the page instead of `{% link %}`, or put the tag in `code` if it is meant to be shown",
    )
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_tags_in_prose_only() {
        let found = find("Intro.\n\nThe title is {{ page.title }} here.\n").unwrap();
        assert_eq!(found.written, "{{ page.title }}");
        assert!(found.generator.starts_with("Liquid"));
        assert_eq!(found.offset, 21);
        let erb = find("# <%= current_page.data.title %>\n").unwrap();
        assert!(erb.generator.starts_with("ERB"), "{erb:?}");
        let nunjucks = find("{% set x = 1 %}\n").unwrap();
        assert!(nunjucks.generator.starts_with("Nunjucks"));
        assert!(find("{{< figure src=\"a.png\" >}}\n")
            .unwrap()
            .generator
            .contains("Hugo"));
        let own = find("Team: {{generator:team.lead}}\n").unwrap();
        assert!(own.generator.contains("former site generator"), "{own:?}");
        for clean in [
            "Use `{{ page.title }}` in a template.\n",
            "```liquid\n{% include x.html %}\n```\n",
            "    <%= indented code %>\n",
            "A brace { and a {{ that never closes.\n",
            "Plain text.\n",
        ] {
            assert_eq!(find(clean), None, "{clean:?}");
        }
    }
}
