//! JSON-style escapes that tools write into YAML strings and the YAML library refuses: a
//! character outside the Basic Multilingual Plane written as a UTF-16 surrogate pair
//! (`"\ud83d\ude80"`, as `json.dumps` writes an emoji). Such a pair becomes the one `\U`
//! escape YAML reads (`\U0001F680`); a surrogate without its partner becomes U+FFFD. Only
//! double-quoted scalars are touched (a backslash means nothing elsewhere), and no line break
//! is added or removed, so every line number stays the file's.

/// `yaml` with every surrogate escape of its double-quoted strings rewritten, or `None` when
/// it has none.
pub fn surrogates_joined(yaml: &str) -> Option<String> {
    let bytes = yaml.as_bytes();
    let mut out = String::with_capacity(yaml.len());
    let mut changed = false;
    let mut quoted = false;
    let mut at = 0;
    let mut copied = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' if quoted => quoted = false,
            b'"' if opens_scalar(&bytes[..at]) => quoted = true,
            b'\\' if quoted => {
                if let Some(unit) = unit_at(yaml, at).filter(|u| is_surrogate(*u)) {
                    let partner = unit_at(yaml, at + 6);
                    let (text, length) = match partner {
                        Some(low) if is_high(unit) && is_low(low) => {
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            (format!("\\U{code:08X}"), 12)
                        }
                        _ => ("\\uFFFD".to_string(), 6),
                    };
                    out.push_str(&yaml[copied..at]);
                    out.push_str(&text);
                    at += length;
                    copied = at;
                    changed = true;
                    continue;
                }
                // Skip the escaped character, so `\"` does not end the string.
                at += 1;
            }
            _ => {}
        }
        at += 1;
    }
    out.push_str(&yaml[copied..]);
    changed.then_some(out)
}

/// Whether a `"` after `before` starts a double-quoted scalar: it follows a key's `: `, a
/// list's `- `, `[`, `{` or `,`, or starts the line (ignoring spaces).
fn opens_scalar(before: &[u8]) -> bool {
    let line = match before.iter().rposition(|b| *b == b'\n') {
        Some(end) => &before[end + 1..],
        None => before,
    };
    let trimmed = line.trim_ascii_end();
    match trimmed.last() {
        None => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b':' | b'-') => trimmed.len() < line.len() || trimmed.len() == 1,
        _ => false,
    }
}

/// The UTF-16 unit of a `\uXXXX` escape starting at byte `at`.
fn unit_at(yaml: &str, at: usize) -> Option<u32> {
    let escape = yaml.get(at..at + 6)?;
    let digits = escape.strip_prefix("\\u")?;
    u32::from_str_radix(digits, 16).ok()
}

fn is_surrogate(unit: u32) -> bool {
    (0xD800..=0xDFFF).contains(&unit)
}

fn is_high(unit: u32) -> bool {
    (0xD800..=0xDBFF).contains(&unit)
}

fn is_low(unit: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::surrogates_joined;

    #[test]
    fn joins_pairs_in_double_quoted_strings_only() {
        assert_eq!(
            surrogates_joined("title: \"Estrat\\u00e9gia \\ud83d\\ude80\"\n").as_deref(),
            Some("title: \"Estrat\\u00e9gia \\U0001F680\"\n")
        );
        assert_eq!(
            surrogates_joined("tags: [\"a\\ud83d\", 'b']\n").as_deref(),
            Some("tags: [\"a\\uFFFD\", 'b']\n")
        );
        assert_eq!(
            surrogates_joined("a: 'x\\ud83d\\ude80'\nb: \\ud83d\n"),
            None
        );
        assert_eq!(surrogates_joined("a: say \"\\ud83d\\ude80\"\n"), None);
        assert_eq!(surrogates_joined("a: \"\\\\ud83d\"\n"), None);
    }
}
