//! Markdown to HTML: one place sets the Markdown options and rewrites links, headings and
//! GitHub-style alerts while pulldown-cmark renders.

mod code;
mod destinations;
mod space_scan;

pub use code::prepare as prepare_highlighting;
mod headings;
mod highlight;
mod sanitize;
pub mod template_syntax;

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::config::RawHtml;
use crate::model::slug::UniqueIds;
pub use destinations::inline_link_destinations;
use headings::HeadingBuffer;
pub use highlight::Highlighting;
pub use space_scan::has_space_to_fold;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The rendered body of one page.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// h2 and h3 headings, in order.
    pub toc: Vec<TocEntry>,
    /// Every id on the page (headings, footnotes, raw HTML), for checking `#fragment` links.
    pub ids: HashSet<String>,
    /// Every heading's text and id, in order (for links written for other generators' ids).
    pub headings: Vec<(String, String)>,
}

/// Receives the text of a body while it renders, for a reader of plain text (the search
/// index's collector, `outputs::search::PlainText`): nothing is parsed twice.
pub trait TextCollector {
    /// A heading ended: its level, its id and its text.
    fn heading(&mut self, level: u8, id: String, text: String);
    /// An event outside headings (code blocks' events included).
    fn event(&mut self, event: &Event);
}

/// What becomes of one link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkAction {
    /// Keep the destination as written.
    Keep,
    /// Point it to this destination.
    To(String),
    /// Drop the link and keep its text (an image: its description), e.g. for a page this
    /// build's audience does not see.
    Unlink,
}

/// Decides what each link and image points to in the output.
pub trait LinkRewriter {
    /// What to do with `dest`, found at byte `offset` of the body.
    fn rewrite(&mut self, dest: &str, offset: usize, is_image: bool) -> LinkAction;
}

/// How to render one body.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Skip the body's leading `# heading` (it became the page title).
    pub drop_leading_h1: bool,
    /// What happens to HTML written in the body (`markdown.raw_html`).
    pub raw_html: RawHtml,
}

/// The Markdown dialect: CommonMark plus tables, footnotes, strikethrough, task lists,
/// heading attributes, definition lists and GitHub alerts.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Renders `body` to HTML, rewriting links through `links`.
pub fn render(body: &str, render_options: RenderOptions, links: &mut dyn LinkRewriter) -> Rendered {
    render_with(
        body,
        render_options,
        links,
        &mut Highlighting::default(),
        None,
    )
}

/// [`render`], with the highlighted code lines that the calling thread remembers.
pub fn render_with(
    body: &str,
    render_options: RenderOptions,
    links: &mut dyn LinkRewriter,
    highlighting: &mut Highlighting,
    text: Option<&mut dyn TextCollector>,
) -> Rendered {
    let mut ids = UniqueIds::default();
    let mut toc = Vec::new();
    let mut headings = Vec::new();
    // About one event per four bytes of Markdown: reserved once instead of doubled ten times.
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 4);
    let mut heading: Option<HeadingBuffer> = None;
    let mut drop_h1 = render_options.drop_leading_h1;
    let mut plain = text;
    let mut raw = RawSeen::default();
    // A code block being read: its language and text, rendered whole at its end.
    let mut code_block: Option<(Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, text)) = code_block.as_mut() {
            if let Some(plain) = plain.as_mut() {
                plain.event(&event);
            }
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = code_block.take().unwrap_or_default();
                    events.push(Event::Html(
                        code::render(language.as_deref(), &text, highlighting).into(),
                    ));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(ref kind)) if heading.is_none() => {
                let language = code::language(kind).map(str::to_string);
                if let Some(plain) = plain.as_mut() {
                    plain.event(&event);
                }
                code_block = Some((language, String::new()));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let Some(dest_url) = rewritten(links, dest_url, range.start, false) else {
                    raw.unlinked_link = true;
                    continue;
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let Some(dest_url) = rewritten(links, dest_url, range.start, true) else {
                    raw.unlinked_images += 1;
                    continue;
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) if raw.unlinked_link => {
                raw.unlinked_link = false;
                continue;
            }
            Event::End(TagEnd::Image) if raw.unlinked_images > 0 => {
                raw.unlinked_images -= 1;
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(HeadingBuffer::new(level, id, classes, attrs));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(buffer) = heading.take() else {
                    continue;
                };
                let first_block = events.is_empty();
                if drop_h1 && first_block && buffer.level() == 1 {
                    // The title heading is not shown again, but its anchors stay on the page.
                    drop_h1 = false;
                    let text = buffer.text().trim().to_string();
                    let (html, id) = buffer.anchors_only(&mut ids);
                    headings.push((text, id));
                    events.push(Event::Html(html.into()));
                    continue;
                }
                drop_h1 = false;
                let level = buffer.level();
                let text = buffer.text().trim().to_string();
                let (html, id) = buffer.finish(&mut ids, &mut toc);
                headings.push((text.clone(), id.clone()));
                if let Some(plain) = plain.as_mut() {
                    plain.heading(level, id, text);
                }
                events.push(Event::Html(html.into()));
                continue;
            }
            // A task's box is read-only and needs a name for assistive technology.
            Event::TaskListMarker(done) => Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                }
                .into(),
            ),
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(callout_open(kind).into()),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                ids.reserve(name);
                event
            }
            Event::Html(html) | Event::InlineHtml(html)
                if render_options.raw_html == RawHtml::Escape =>
            {
                Event::Text(html)
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw.html = true;
                for id in raw_html_ids(html) {
                    ids.reserve(id);
                }
                event
            }
            other => other,
        };
        match heading.as_mut() {
            Some(buffer) => buffer.push(event),
            None => {
                if let Some(plain) = plain.as_mut() {
                    plain.event(&event);
                }
                events.push(event);
            }
        }
    }
    inline_alerts(&mut events);
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw.html && render_options.raw_html == RawHtml::Sanitize {
        html = sanitize::clean(&html);
    }
    Rendered {
        html,
        toc,
        ids: ids.into_set(),
        headings,
    }
}

/// What the render loop noticed: raw HTML, and links it dropped whose end is still to come.
#[derive(Default)]
struct RawSeen {
    html: bool,
    /// Links cannot hold links, so one flag is enough; images can hold images.
    unlinked_link: bool,
    unlinked_images: usize,
}

/// The new destination of a link, or `None` when the link is dropped.
fn rewritten<'a>(
    links: &mut dyn LinkRewriter,
    dest: CowStr<'a>,
    offset: usize,
    is_image: bool,
) -> Option<CowStr<'a>> {
    match links.rewrite(&dest, offset, is_image) {
        LinkAction::To(new) => Some(new.into()),
        LinkAction::Keep => Some(dest),
        LinkAction::Unlink => None,
    }
}

/// Alerts written on one line, `> [!NOTE] Text`, as some renderers accept: the blockquote
/// becomes a callout and the marker is dropped. (The two-line form is parsed by pulldown-cmark.)
fn inline_alerts(events: &mut [Event]) {
    let mut index = 0;
    while index + 5 < events.len() {
        let kind = match (
            &events[index],
            &events[index + 1],
            &events[index + 2],
            &events[index + 3],
            &events[index + 4],
        ) {
            (
                Event::Start(Tag::BlockQuote(None)),
                Event::Start(Tag::Paragraph),
                Event::Text(open),
                Event::Text(marker),
                Event::Text(close),
            ) if open.as_ref() == "[" && close.as_ref() == "]" => alert_kind(marker),
            _ => None,
        };
        let Some(kind) = kind else {
            index += 1;
            continue;
        };
        let Some(end) = matching_blockquote_end(events, index) else {
            break;
        };
        events[index] = Event::Html(callout_open(kind).into());
        events[end] = Event::Html("</div>\n".into());
        for marker in &mut events[index + 2..index + 5] {
            *marker = Event::Text("".into());
        }
        if let Event::Text(rest) = &events[index + 5] {
            events[index + 5] = Event::Text(rest.trim_start().to_string().into());
        }
        index += 1;
    }
}

/// `!NOTE` (any case) as an alert kind.
fn alert_kind(marker: &str) -> Option<BlockQuoteKind> {
    match marker.to_ascii_uppercase().as_str() {
        "!NOTE" => Some(BlockQuoteKind::Note),
        "!TIP" => Some(BlockQuoteKind::Tip),
        "!IMPORTANT" => Some(BlockQuoteKind::Important),
        "!WARNING" => Some(BlockQuoteKind::Warning),
        "!CAUTION" => Some(BlockQuoteKind::Caution),
        _ => None,
    }
}

/// The index of the `End` of the blockquote that starts at `start`.
fn matching_blockquote_end(events: &[Event], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n")
}

/// The values of `id="…"` attributes in a piece of raw HTML.
fn raw_html_ids(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("id=").filter_map(move |(at, _)| {
        let before_ok = at == 0 || html.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &html[at + 3..];
        let quote = rest.chars().next()?;
        if !before_ok || (quote != '"' && quote != '\'') {
            return None;
        }
        let value = &rest[1..];
        value.find(quote).map(|end| &value[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Keep;
    impl LinkRewriter for Keep {
        fn rewrite(&mut self, _: &str, _: usize, _: bool) -> LinkAction {
            LinkAction::Keep
        }
    }

    fn html(body: &str) -> Rendered {
        render(body, RenderOptions::default(), &mut Keep)
    }

    #[test]
    fn headings_get_unique_github_ids_and_toc() {
        let out = html(
            "## Scope & roles\n\n## Scope & roles\n\n### Detail `code`\n\n## Custom {#mine}\n",
        );
        assert!(
            out.html.contains("<h2 id=\"scope--roles\">"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"scope--roles-1\">"));
        assert!(out.html.contains("<h2 id=\"mine\">"));
        let ids: Vec<&str> = out.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["scope--roles", "scope--roles-1", "detail-code", "mine"]
        );
        assert_eq!(out.toc[2].title, "Detail code");
    }

    #[test]
    fn alerts_become_callouts() {
        let out = html("> [!WARNING]\n> Mind the gap.\n");
        assert!(
            out.html.contains("class=\"callout callout-warning\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("Mind the gap."));
    }

    #[test]
    fn one_line_alerts_become_callouts() {
        let out = html("> [!NOTE] This is optional.\n> More.\n\n> [quoted] text\n");
        assert!(
            out.html.contains("class=\"callout callout-note\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<p>This is optional.\nMore.</p>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<blockquote>"),
            "an ordinary quote stays one: {}",
            out.html
        );
    }

    #[test]
    fn extensions_are_on() {
        let out = html("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~\n\nTerm\n: Definition\n\nNote[^1]\n\n[^1]: Foot.\n");
        for needle in [
            "<table>",
            "type=\"checkbox\"",
            "<del>",
            "<dl>",
            "footnote-definition",
        ] {
            assert!(
                out.html.contains(needle),
                "{needle} missing in {}",
                out.html
            );
        }
        assert!(out.ids.contains("1"));
    }

    #[test]
    fn leading_h1_can_be_dropped_and_raw_ids_are_seen() {
        let out = render(
            "# Title\n\nText <span id=\"here\"></span>\n",
            RenderOptions {
                drop_leading_h1: true,
                raw_html: RawHtml::Sanitize,
            },
            &mut Keep,
        );
        assert!(!out.html.contains("<h1"));
        assert!(out.ids.contains("here"));
    }
}
