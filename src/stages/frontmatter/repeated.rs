//! Where a key given twice in one YAML mapping is. The YAML library reports a repeated key at
//! the start of its mapping; a writer needs the line of the second one (and of the first).

/// The key a YAML error message names as repeated: `duplicate field `title`` (a typed
/// configuration) or `duplicate entry with key "title"` (front matter).
pub fn repeated_key(message: &str) -> Option<&str> {
    let field = message
        .split_once("duplicate field `")
        .and_then(|(_, rest)| rest.split_once('`'));
    let entry = message
        .split_once("duplicate entry with key \"")
        .and_then(|(_, rest)| rest.split_once('"'));
    field.or(entry).map(|(key, _)| key)
}

/// The lines (1-based, of `text`) of the first and the second `key:` of the block-style
/// mapping whose first key is at `line` and `column`; `None` when they cannot be found (a
/// flow mapping such as `{a: 1, a: 2}`).
pub fn lines_of(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut first = None;
    for (index, text_line) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let content = text_line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = text_line.len() - content.len();
        if at < indent {
            break;
        }
        if at > indent || !names(content, key) {
            continue;
        }
        match first {
            None => first = Some(index + 1),
            Some(first) => return Some((first, index + 1)),
        }
    }
    None
}

/// Whether the line `content` (from its key on) is `key:` plain or quoted.
fn names(content: &str, key: &str) -> bool {
    let rest = [("", ""), ("\"", "\""), ("'", "'")]
        .iter()
        .find_map(|(open, close)| {
            content
                .strip_prefix(open)?
                .strip_prefix(key)?
                .strip_prefix(close)
        });
    rest.is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repeated_key_is_read_from_either_message() {
        assert_eq!(repeated_key("duplicate field `title`"), Some("title"));
        assert_eq!(
            repeated_key("search: duplicate field `enabled`"),
            Some("enabled")
        );
        assert_eq!(
            repeated_key("duplicate entry with key \"owner\""),
            Some("owner")
        );
        assert_eq!(repeated_key("unknown field `x`"), None);
    }

    #[test]
    fn both_lines_are_found_in_the_mapping_that_repeats_the_key() {
        let text = "title: A\nsearch:\n  enabled: true\n  # a note\n\n  enabled: false\ntitle: B\n";
        assert_eq!(lines_of(text, 1, 1, "title"), Some((1, 7)));
        assert_eq!(lines_of(text, 3, 3, "enabled"), Some((3, 6)));
        assert_eq!(lines_of("a: 1\n\"a\": 2\n", 1, 1, "a"), Some((1, 2)));
        // `title` inside another mapping is not the top level's.
        assert_eq!(lines_of("title: A\nx:\n  title: B\n", 1, 1, "title"), None);
        assert_eq!(lines_of("{a: 1, a: 2}\n", 1, 1, "a"), None);
    }
}
