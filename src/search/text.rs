//! The words the search index keeps: lower-cased runs of letters and digits.

use std::borrow::Cow;

/// The longest word the index keeps; longer runs of letters are not words people type.
pub const MAX_WORD: usize = 32;

/// The words of `text`, lower-cased: runs of letters and digits of 2 to [`MAX_WORD`] characters.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut pending: Vec<Cow<'_, str>> = Vec::new();
    std::iter::from_fn(move || loop {
        if let Some(word) = pending.pop() {
            return Some(word);
        }
        // ASCII letters and digits, and every non-ASCII byte, may be part of a word; the
        // ASCII bytes between runs keep the runs on character boundaries.
        while at < bytes.len() && !maybe_word(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        let (mut upper, mut ascii) = (false, true);
        while at < bytes.len() && maybe_word(bytes[at]) {
            upper |= bytes[at].is_ascii_uppercase();
            ascii &= bytes[at] < 0x80;
            at += 1;
        }
        let run = &text[start..at];
        if ascii {
            if (2..=MAX_WORD).contains(&run.len()) {
                return Some(if upper {
                    Cow::Owned(run.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(run)
                });
            }
        } else {
            pending = run
                .split(|c: char| !c.is_alphanumeric())
                .filter_map(|w| word(w, w.chars().count()))
                .collect();
            pending.reverse();
        }
    })
}

fn maybe_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

fn word(run: &str, chars: usize) -> Option<Cow<'_, str>> {
    if !(2..=MAX_WORD).contains(&chars) {
        None
    } else if run.chars().any(char::is_uppercase) {
        Some(Cow::Owned(run.to_lowercase()))
    } else {
        Some(Cow::Borrowed(run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        let found: Vec<String> = words("Zero-trust at Café 42, a b — naïve…ok")
            .map(Cow::into_owned)
            .collect();
        assert_eq!(found, ["zero", "trust", "at", "café", "42", "naïve", "ok"]);
    }
}
