//! JSON written by hand where the index writes most of its text: strings (every section's
//! start in every document's summary, every word of the shards) escaped exactly as
//! serde_json escapes them, but with eight bytes checked at once, since almost none of the
//! text needs escaping; and the shards' numbers, without the formatting machinery.

use std::fmt::Write;

use crate::util::swar;

/// Appends `text` to `out` as a JSON string: `"` and `\` escaped with a backslash, the
/// control characters as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00xx`, everything else as it is.
pub fn push_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    // The text from `copied` on is not in `out` yet.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if at + 8 <= bytes.len() {
            let eight = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
            if !needs_escape(eight) {
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[copied..at]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escaped);
        }
        at += 1;
        copied = at;
    }
    out.push_str(&text[copied..]);
    out.push('"');
}

/// Appends `number` in decimal (a shard holds hundreds of thousands of them).
pub fn push_number(out: &mut String, number: u32) {
    out.push_str(itoa::Buffer::new().format(number));
}

/// Whether one of eight bytes is a control character, `"` or `\`.
fn needs_escape(eight: u64) -> bool {
    swar::any_below(eight, 0x20) || swar::equal(eight, b'"') | swar::equal(eight, b'\\') != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, text);
        out
    }

    #[test]
    fn numbers_come_out_in_decimal() {
        for number in [0, 1, 9, 10, 99, 100, 4_294_967_295, 1_234_567] {
            let mut out = String::new();
            push_number(&mut out, number);
            assert_eq!(out, number.to_string());
        }
    }

    #[test]
    fn strings_come_out_as_serde_json_writes_them() {
        let pieces = [
            "a",
            "Zero trust",
            " ",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{1}",
            "\u{1f}",
            "\u{7f}",
            "é",
            "—",
            "😀",
            "</script>",
            "\u{2028}",
        ];
        let mut state = 5u64;
        for length in 0..600 {
            let mut text = String::new();
            for _ in 0..length % 29 {
                // Mostly plain letters, so that the eight-byte skips are taken.
                let pick = crate::util::testing::below(&mut state, 50);
                text.push_str(pieces[if pick < pieces.len() { pick } else { pick % 2 }]);
            }
            let expected = serde_json::to_string(&text).expect("a string");
            assert_eq!(written(&text), expected, "{text:?}");
        }
        for byte in 0..=0x7fu8 {
            let text = format!("abcdefg{}hijklmnop", char::from(byte));
            let expected = serde_json::to_string(&text).expect("a string");
            assert_eq!(written(&text), expected, "byte {byte:#x}");
        }
    }
}
