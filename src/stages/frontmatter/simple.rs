//! Front matter in the plain form nearly every file uses (`key: value` lines, quoted strings,
//! whole numbers, booleans, dates, `[a, b]` lists, `- item` lists and one level of indented
//! `key: value` map), read without the YAML library, which spends most of its time on the
//! general case (about a hundred thousand instructions for ten short lines; 7% of a build).
//!
//! [`mapping`] returns the same value the YAML library gives, or `None` for anything it is
//! not certain about (comments after a value, escapes, deeper nesting, `{…}` maps, anchors,
//! block scalars, floats, signs, keys that are not plain names …); the caller then parses
//! the text with the library, which also reports every error. `tests/front_matter_reading.rs`
//! compares both readers on tricky, generated and real front matter.

use super::{Mapping, Value};

/// The top-level map of `yaml`, when every line is in the simple form.
pub fn mapping(yaml: &str) -> Option<Mapping> {
    let mut map = Mapping::with_capacity(16);
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        if skipped(line) {
            continue;
        }
        let (key, rest) = key_and_rest(line)?;
        let value = if rest.is_empty() {
            block_value(&mut lines)?
        } else {
            value(rest)?
        };
        if map.insert(Value::String(key.to_string()), value).is_some() {
            // A key given twice: the library reports it.
            return None;
        }
    }
    (!map.is_empty()).then_some(map)
}

/// A blank line or a comment line: the library ignores both.
fn skipped(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// A top-level `name:` at the start of `line`, and what follows it (trimmed).
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let mut chars = key.chars();
    let first = chars.next()?;
    let named = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    // A key that reads as null or a boolean is not a string key.
    if !named || resolves_to_other_than_text(key) {
        return None;
    }
    let rest = &line[colon + 1..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_matches(' ')))
}

/// The value after `key:` on the same line.
fn value(text: &str) -> Option<Value> {
    scalar_or_flow_list(text, true)
}

/// What follows a key with nothing after its colon: the items of a `- item` list, a map of
/// `key: value` lines indented under it, or (neither) null.
fn block_value<'a>(lines: &mut Lines<'a>) -> Option<Value> {
    let Some(line) = next_content(lines) else {
        return Some(Value::Null);
    };
    let spaces = indent(line);
    if line[spaces..].starts_with('-') {
        block_list(lines, spaces)
    } else if spaces > 0 {
        nested_map(lines, spaces)
    } else {
        Some(Value::Null)
    }
}

/// The YAML's lines, with one to look at before taking it.
type Lines<'a> = std::iter::Peekable<std::str::Lines<'a>>;

/// The next line that is not blank or a comment, left in `lines`.
fn next_content<'a>(lines: &mut Lines<'a>) -> Option<&'a str> {
    while let Some(line) = lines.peek() {
        if !skipped(line) {
            return Some(line);
        }
        lines.next();
    }
    None
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `- item` lines indented by `spaces`, up to the next top-level key.
fn block_list<'a>(lines: &mut Lines<'a>, spaces: usize) -> Option<Value> {
    let mut items = Vec::new();
    while let Some(line) = next_content(lines) {
        let item = &line[indent(line)..];
        if indent(line) == 0 && !item.starts_with('-') {
            break;
        }
        if indent(line) != spaces {
            return None;
        }
        let text = item.strip_prefix("- ")?.trim_matches(' ');
        if text.is_empty() {
            return None;
        }
        items.push(scalar_or_flow_list(text, false)?);
        lines.next();
    }
    Some(Value::Sequence(items))
}

/// `key: value` lines indented by `spaces` (values on the same line), up to the next
/// top-level key.
fn nested_map<'a>(lines: &mut Lines<'a>, spaces: usize) -> Option<Value> {
    let mut map = Mapping::new();
    while let Some(line) = next_content(lines) {
        if indent(line) == 0 {
            break;
        }
        if indent(line) != spaces {
            return None;
        }
        let (key, rest) = key_and_rest(&line[spaces..])?;
        if rest.is_empty() {
            return None;
        }
        if map
            .insert(Value::String(key.to_string()), value(rest)?)
            .is_some()
        {
            // A key given twice: the library reports it.
            return None;
        }
        lines.next();
    }
    Some(Value::Mapping(map))
}

/// A quoted or plain scalar, or (`lists`) a `[…]` list.
fn scalar_or_flow_list(text: &str, lists: bool) -> Option<Value> {
    match text.as_bytes()[0] {
        b'"' => quoted(text, '"').map(Value::String),
        b'\'' => quoted(text, '\'').map(Value::String),
        b'[' if lists => flow_list(text),
        _ => plain(text, false),
    }
}

/// `[a, b, "c"]` on one line.
fn flow_list(text: &str) -> Option<Value> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            match item.as_bytes().first()? {
                b'"' => quoted(item, '"').map(Value::String),
                b'\'' => quoted(item, '\'').map(Value::String),
                _ => plain(item, true),
            }
        })
        .collect::<Option<Vec<Value>>>()
        .map(Value::Sequence)
}

/// The text between the quotes of `text`, which must be all of it: no escapes, no quote
/// inside, only characters that need no folding or checking.
fn quoted(text: &str, quote: char) -> Option<String> {
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    let clean = inner
        .chars()
        .all(|c| c != quote && c != '\\' && printable(c));
    clean.then(|| inner.to_string())
}

/// A plain (unquoted) scalar: a string, a whole number or null, as the library resolves it.
/// `in_list`: inside `[…]`, where brackets, braces and commas end a scalar.
fn plain(text: &str, in_list: bool) -> Option<Value> {
    let bytes = text.as_bytes();
    let first = text.chars().next()?;
    // A path (`/people/on-call/`) is text too.
    let word_start = first.is_ascii_alphanumeric()
        || first == '/'
        || (!first.is_ascii() && first.is_alphabetic());
    if !word_start {
        return None;
    }
    let allowed = |(at, c): (usize, char)| match c {
        // `#` starts a comment after a space; `a#b` is text.
        '#' => bytes[at - 1] != b' ',
        // `: ` ends a key; `https://` and `10:30` are text (outside `[…]`, to be sure).
        ':' => {
            !in_list
                && bytes
                    .get(at + 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'/')
        }
        // Indicators that only count at a scalar's start (which is a letter or digit here)
        // outside `[…]`; inside, they are left to the library.
        ',' | '"' | '\'' | '\\' | '`' | '|' | '>' | '&' | '*' | '!' | '%' | '@' | '[' | ']'
        | '{' | '}' => !in_list,
        _ => printable(c),
    };
    if !text.char_indices().all(allowed) {
        return None;
    }
    if first.is_ascii_digit() {
        return number_or_date(text);
    }
    // The library's exact spellings of null and the booleans (`tRUE` stays text).
    Some(match text {
        "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => Value::String(text.to_string()),
    })
}

/// `464` (a whole number without a leading zero), `2025-11-28` (digits and dashes) or text
/// such as `12 months` (with a character no number has), as the library reads them; anything
/// else that starts with a digit is the library's case.
fn number_or_date(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        if bytes.len() > 1 && bytes[0] == b'0' {
            return None;
        }
        return text.parse::<u64>().ok().map(|n| Value::Number(n.into()));
    }
    let date_like = bytes.iter().all(|b| b.is_ascii_digit() || *b == b'-');
    // What the number readers accept is made of hexadecimal digits, radix letters, a point,
    // signs and underscores; one other character makes it text.
    let no_number = bytes
        .iter()
        .any(|b| !(b.is_ascii_hexdigit() || b"xXoO.+-_".contains(b)));
    (date_like || no_number).then(|| Value::String(text.to_string()))
}

/// Keys the library reads as null or a boolean (in any mix of capitals, to be sure). Other
/// text that starts with a letter stays text: the number readers it tries need a digit, a
/// sign or a dot first, or give infinity or not-a-number, which it does not take as numbers.
fn resolves_to_other_than_text(text: &str) -> bool {
    ["null", "true", "false"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
}

/// A character the library takes as it is inside a scalar: not a control character, not a
/// line or paragraph separator (which YAML folds), not a byte-order mark or non-character.
fn printable(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\u{0}'..='\u{9f}' => false,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}
