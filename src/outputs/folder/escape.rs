//! How the manifest and messages write a path of the output: every name the file system
//! allows, on one line, readable, and read back exactly.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a path with `byte` in it has to be escaped: a backslash or a control character.
fn needs_escape(byte: u8) -> bool {
    byte == b'\\' || byte.is_ascii_control()
}

/// `path` as the manifest writes it, and as messages show it: a backslash as `\\`, a newline,
/// carriage return or tab as `\n`, `\r`, `\t`, another control character as `\xHH`. A path
/// without any (nearly every one) is returned as it is, after one look at its bytes.
pub fn escaped(path: &str) -> Cow<'_, str> {
    if !path.bytes().any(needs_escape) {
        return Cow::Borrowed(path);
    }
    let mut text = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(text, "\\x{:02x}", u32::from(c));
            }
            c => text.push(c),
        }
    }
    Cow::Owned(text)
}

/// The path an [`escaped`] text stands for; `None` for an escape that is not one of those.
pub fn unescape(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('\\') {
        return Some(Cow::Borrowed(text));
    }
    let mut path = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            path.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => path.push('\\'),
            'n' => path.push('\n'),
            'r' => path.push('\r'),
            't' => path.push('\t'),
            'x' => {
                let digits = [chars.next()?, chars.next()?];
                let byte = digits
                    .iter()
                    .try_fold(0u8, |n, d| Some(n * 16 + d.to_digit(16)? as u8))?;
                path.push(
                    char::from(byte)
                        .is_ascii_control()
                        .then_some(char::from(byte))?,
                );
            }
            _ => return None,
        }
    }
    Some(Cow::Owned(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_reads_back_exactly_and_plain_ones_as_they_are() {
        let mut all_ascii: String = (0u8..128).map(char::from).collect();
        all_ascii.push_str("é中\u{2028}\u{85}");
        for path in [
            "index.html",
            "a b/50% done.html",
            "back\\slash",
            "not\\na newline",
            "\\\\x41\\",
            "new\nline",
            "ends in return\r",
            all_ascii.as_str(),
        ] {
            let text = escaped(path);
            assert!(!text.contains(['\n', '\r']), "{text}");
            assert!(!text.bytes().any(|b| b.is_ascii_control()), "{text}");
            assert_eq!(unescape(&text).as_deref(), Some(path), "{text}");
        }
        assert!(matches!(escaped("guide/index.html"), Cow::Borrowed(_)));
        assert!(matches!(
            unescape("guide/index.html"),
            Some(Cow::Borrowed(_))
        ));
        assert_eq!(escaped("a\\b\nc\td\u{1}"), "a\\\\b\\nc\\td\\x01");
    }

    #[test]
    fn a_broken_escape_is_no_path() {
        for text in ["a\\", "a\\q", "\\x4", "\\x+f", "\\xzz", "\\x41", "\\xff"] {
            assert_eq!(unescape(text), None, "{text}");
        }
    }
}
