//! The words the search index keeps: lower-cased runs of letters and digits.

/// The longest word the index keeps; longer runs of letters are not words people type.
pub const MAX_WORD: usize = 32;

/// Appends `text` to `into`, lower-cased (ASCII text in place, without a second copy).
pub fn push_lowercase(into: &mut String, text: &str) {
    if text.is_ascii() {
        let start = into.len();
        into.push_str(text);
        into[start..].make_ascii_lowercase();
    } else {
        into.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// Calls `found` with each word of `lowered` (text already lower-cased, as the search box
/// lower-cases a query before splitting it): runs of letters and digits of 2 to
/// [`MAX_WORD`] characters.
pub fn each_word<'a>(lowered: &'a str, mut found: impl FnMut(&'a str)) {
    let bytes = lowered.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !WORD_BYTE[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        // ASCII letters and digits, and every non-ASCII byte, may be part of a word; the
        // ASCII bytes between runs keep the runs on character boundaries.
        let start = at;
        let mut seen = 0u8;
        while at < bytes.len() && WORD_BYTE[usize::from(bytes[at])] {
            seen |= bytes[at];
            at += 1;
        }
        let run = &lowered[start..at];
        if seen.is_ascii() {
            if (2..=MAX_WORD).contains(&run.len()) {
                found(run);
            }
        } else {
            for word in run.split(|c: char| !c.is_alphanumeric()) {
                if (2..=MAX_WORD).contains(&word.chars().count()) {
                    found(word);
                }
            }
        }
    }
}

/// Whether a byte may be part of a word: ASCII letters and digits, and any non-ASCII byte.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b >= 0x80;
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut lowered = String::new();
        push_lowercase(&mut lowered, text);
        let mut found = Vec::new();
        each_word(&lowered, |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        assert_eq!(
            words("Zero-trust at Café 42, a b — naïve…ok"),
            ["zero", "trust", "at", "café", "42", "naïve", "ok"]
        );
        assert_eq!(words("ÉTÉ ÜBER-Straße"), ["été", "über", "straße"]);
        let long = "x".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("ab {long} cd")), ["ab", "cd"]);
    }
}
