//! Plain text for the search index: a rendered page body split into its heading sections,
//! and the words of a text.

/// A part of a page: the text before the first heading, or one heading and what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text (the page title for the first part).
    pub heading: String,
    pub text: String,
}

/// Splits rendered HTML at its h1–h3 headings; the first part is titled `title`.
pub fn parts(html: &str, title: &str) -> Vec<Part> {
    let mut parts = vec![Part {
        id: String::new(),
        heading: title.to_string(),
        text: String::new(),
    }];
    let mut in_heading = false;
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut parts, rest, in_heading, skip_depth);
            break;
        };
        push_text(&mut parts, &rest[..open], in_heading, skip_depth);
        let after = &rest[open..];
        let close = after.find('>').map_or(after.len(), |c| c + 1);
        let tag = &after[..close];
        rest = &after[close..];
        let name = tag_name(tag);
        let closing = tag.starts_with("</");
        match name.as_str() {
            "h1" | "h2" | "h3" if !closing => {
                parts.push(Part {
                    id: attribute(tag, "id").unwrap_or_default(),
                    heading: String::new(),
                    text: String::new(),
                });
                in_heading = true;
            }
            "h1" | "h2" | "h3" => {
                in_heading = false;
                let last = parts.last_mut().expect("a part");
                last.heading = last.heading.trim().to_string();
            }
            // The heading's "#" anchor link is not part of its text.
            "a" if !closing && tag.contains("heading-anchor") => skip_depth += 1,
            "a" if closing && skip_depth > 0 => skip_depth -= 1,
            _ => {
                let last = parts.last_mut().expect("a part");
                let target = if in_heading {
                    &mut last.heading
                } else {
                    &mut last.text
                };
                if !target.ends_with(' ') && !target.is_empty() && is_block(&name) {
                    target.push(' ');
                }
            }
        }
    }
    for part in &mut parts {
        part.text = collapse_spaces(&part.text);
    }
    parts
}

fn push_text(parts: &mut [Part], raw: &str, in_heading: bool, skip_depth: usize) {
    if raw.is_empty() || skip_depth > 0 {
        return;
    }
    let last = parts.last_mut().expect("a part");
    let target = if in_heading {
        &mut last.heading
    } else {
        &mut last.text
    };
    decode_entities(raw, target);
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "li"
            | "ul"
            | "ol"
            | "div"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "pre"
            | "blockquote"
            | "dt"
            | "dd"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "section"
    )
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The value of a double-quoted attribute of an opening tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    let mut out = String::new();
    decode_entities(&tag[start..end], &mut out);
    Some(out)
}

/// Appends `raw` to `out`, decoding the entities the Markdown renderer writes.
fn decode_entities(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| entity(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The longest word the index keeps; longer runs of letters are not words people type.
pub const MAX_WORD: usize = 32;

/// The words of `text`, lower-cased: runs of letters and digits of 2 to [`MAX_WORD`] characters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = w.chars().count();
            (2..=MAX_WORD).contains(&n)
        })
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_headings_and_strips_tags() {
        let html = "<p>Intro &amp; more</p>\n<h2 id=\"scope\">Scope <a class=\"heading-anchor\" href=\"#scope\">#</a></h2>\n<p>All <em>data</em>.</p><ul><li>one</li><li>two</li></ul>";
        let parts = parts(html, "Retention");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].heading, "Retention");
        assert_eq!(parts[0].text, "Intro & more");
        assert_eq!(parts[1].id, "scope");
        assert_eq!(parts[1].heading, "Scope");
        assert_eq!(parts[1].text, "All data. one two");
    }

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        let found: Vec<String> = words("Zero-trust at Café 42, a b").collect();
        assert_eq!(found, ["zero", "trust", "at", "café", "42"]);
    }
}
