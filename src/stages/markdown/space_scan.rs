//! Whether a piece of text has white space the search text folds (a line break, a tab, two
//! spaces in a row): asked of every text event of every body, most of them a line of a
//! paragraph without any. memchr's vectorised searches answer it; a hand-written SSE2 scan
//! of both at once was only 1.8% faster at 10,000 documents (1.699 s against 1.729 s, median
//! wall time of 5 alternated `quick-release` builds, 2026-12-07), under the 3% a hand-written
//! replacement must win by.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Two spaces, the searcher made once for every call.
static TWO_SPACES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"  "));

/// Whether `bytes` holds a line break (`\n`, `\r`), a tab or two spaces in a row.
pub fn has_space_to_fold(bytes: &[u8]) -> bool {
    memchr::memchr3(b'\n', b'\r', b'\t', bytes).is_some() || TWO_SPACES.find(bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain reading of [`has_space_to_fold`].
    fn one_byte_at_a_time(bytes: &[u8]) -> bool {
        bytes.iter().any(|b| matches!(b, b'\n' | b'\r' | b'\t'))
            || bytes.windows(2).any(|pair| pair == b"  ")
    }

    #[test]
    fn every_way_agrees_with_one_byte_at_a_time() {
        let pieces: [&[u8]; 9] = [
            b"a",
            b" ",
            b"\n",
            b"\r",
            b"\t",
            b"\x0b",
            "é".as_bytes(),
            b"\x80",
            b"\xa0",
        ];
        let mut state = 11u64;
        for length in 0..800 {
            let mut text = Vec::new();
            for _ in 0..length % 41 {
                // Mostly letters and single spaces, so that the folding bytes are rare.
                let pick = crate::util::testing::below(&mut state, 40);
                text.extend_from_slice(pieces[if pick < 9 { pick } else { pick % 2 }]);
            }
            let expected = one_byte_at_a_time(&text);
            assert_eq!(has_space_to_fold(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn two_spaces_are_found_across_every_block_edge() {
        for at in 0..40 {
            let mut text = vec![b'x'; 40];
            text[at] = b' ';
            assert!(!has_space_to_fold(&text));
            if at + 1 < 40 {
                text[at + 1] = b' ';
                assert!(has_space_to_fold(&text), "spaces at {at}");
            }
        }
    }
}
