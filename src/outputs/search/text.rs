//! The words the search index keeps: lower-cased runs of letters and digits, accented Latin
//! letters folded to their plain form (`résumé` is kept as `resume`), and Chinese and
//! Japanese text, written without spaces, as each pair of neighbouring characters (the
//! search box splits a query the same way, so `数据治理` finds a page that says it).
//!
//! Word bytes are found sixteen at a time with SSE2 (no library searches for a class of
//! bytes): a plain byte-by-byte classification, which the compiler does not vectorise here,
//! made a 10,000-document build 4% slower in median wall time (1.788 s against 1.724 s, 6%
//! by the fastest runs; CPU 3–5%), 5 alternated `quick-release` builds on 2026-12-07.

/// The longest word the index keeps; longer runs of letters are not words people type.
pub const MAX_WORD: usize = 32;

/// Appends `text` to `into`, lower-cased and folded (ASCII text in place, without a second
/// copy).
pub fn push_lowercase(into: &mut String, text: &str) {
    if text.is_ascii() {
        let start = into.len();
        into.push_str(text);
        into[start..].make_ascii_lowercase();
    } else {
        push_folded(into, text);
    }
}

/// Appends `text` lower-cased, each accented Latin letter as its letter without the accent
/// (its canonical decomposition without the combining marks), and no combining accent
/// (U+0300–U+036F) of its own: the same as the theme's `fold` in search-index.js.
fn push_folded(into: &mut String, text: &str) {
    for lower in text.chars().flat_map(char::to_lowercase) {
        match lower {
            '\u{300}'..='\u{36f}' => {}
            '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => {
                unicode_normalization::char::decompose_canonical(lower, |part| {
                    if !('\u{300}'..='\u{36f}').contains(&part) {
                        into.push(part);
                    }
                });
            }
            other => into.push(other),
        }
    }
}

/// Whether `c` is a Chinese character or Japanese kana: text written without spaces between
/// words, indexed as pairs of characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff66}'..='\u{ff9f}'
        | '\u{20000}'..='\u{2ffff}')
}

/// Appends `text` to `into` so that lower-casing the ASCII letters of `into` afterwards gives
/// what [`push_lowercase`] would have appended: ASCII text as it is (lower-cased later with
/// the rest of the buffer, in one pass), other text lower-cased now (a lower-case mapping
/// holds no ASCII capital, so the later pass leaves it as it is).
pub fn push_lowercase_later(into: &mut String, text: &str) {
    if text.is_ascii() {
        into.push_str(text);
    } else {
        push_folded(into, text);
    }
}

/// Calls `found` with each word of `lowered` (text already lower-cased, as the search box
/// lower-cases a query before splitting it): runs of letters and digits of 2 to
/// [`MAX_WORD`] characters.
pub fn each_word<'a>(lowered: &'a str, mut found: impl FnMut(&'a str)) {
    // ASCII letters and digits, and every non-ASCII byte, may be part of a word; the ASCII
    // bytes between runs keep the runs on character boundaries. The text is read 64 bytes
    // at a time into masks (word bytes, non-ASCII bytes), and the runs are found from the
    // first mask's transitions: no branch depends on a word's length, which is what made a
    // byte-at-a-time scan slow.
    let bytes = lowered.as_bytes();
    let mut word_start = 0;
    let mut previous = 0u64;
    // One past the last non-ASCII byte seen (0: none yet).
    let mut after_non_ascii = 0;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let base = block * 64;
        let (words, non_ascii) = masks(chunk);
        let mut transitions = words ^ ((words << 1) | previous);
        previous = words >> 63;
        while transitions != 0 {
            let bit = transitions.trailing_zeros();
            transitions &= transitions - 1;
            let at = base + bit as usize;
            if words & (1 << bit) != 0 {
                word_start = at;
                continue;
            }
            let before = non_ascii & ((1u64 << bit) - 1);
            let last = match before {
                0 => after_non_ascii,
                _ => base + 64 - before.leading_zeros() as usize,
            };
            emit(&lowered[word_start..at], last > word_start, &mut found);
        }
        if non_ascii != 0 {
            after_non_ascii = base + 64 - non_ascii.leading_zeros() as usize;
        }
    }
    if previous != 0 {
        emit(
            &lowered[word_start..],
            after_non_ascii > word_start,
            &mut found,
        );
    }
}

/// Of `chunk` (at most 64 bytes): bit `i` set when byte `i` may be part of a word, and bit `i`
/// set when byte `i` is not ASCII.
fn masks(chunk: &[u8]) -> (u64, u64) {
    let mut padded = [0u8; 64];
    let block: &[u8] = if chunk.len() == 64 {
        chunk
    } else {
        padded[..chunk.len()].copy_from_slice(chunk);
        &padded
    };
    #[cfg(target_arch = "x86_64")]
    return sixteen_at_a_time(block);
    #[cfg(not(target_arch = "x86_64"))]
    return eight_at_a_time(block);
}

/// [`masks`] of 64 bytes with SSE2 compares (part of every x86-64 processor).
#[cfg(target_arch = "x86_64")]
fn sixteen_at_a_time(block: &[u8]) -> (u64, u64) {
    let (mut words, mut high) = (0u64, 0u64);
    for (i, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86-64 baseline: every processor this code is built
        // for has it.
        let (w, h) = unsafe { masks_of_sixteen(sixteen.try_into().expect("sixteen bytes")) };
        words |= u64::from(w) << (16 * i);
        high |= u64::from(h) << (16 * i);
    }
    (words, high)
}

/// Of sixteen bytes: bit `i` set when byte `i` is an ASCII letter or digit or not ASCII,
/// and bit `i` set when it is not ASCII.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn masks_of_sixteen(block: [u8; 16]) -> (u32, u32) {
    use crate::util::sse2::{letters_and_digits, load, not_ascii};
    let lanes = load(block);
    let top = not_ascii(lanes);
    (letters_and_digits(lanes) | top, top)
}

/// [`masks`] of 64 bytes in plain integer operations, eight bytes at once: each test works on
/// the low seven bits of every byte, where adding `0x80 - low` sets a byte's top bit when it
/// is at least `low` and no sum carries into the next byte.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn eight_at_a_time(block: &[u8]) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x8080_8080_8080_8080;
    let (mut words, mut high) = (0u64, 0u64);
    for (i, eight) in block.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let top = eight & TOP;
        let seven = eight & !TOP;
        let at_least = |low: u8| (seven + ONES * u64::from(0x80 - low)) & TOP;
        let lower = at_least(b'a') & !at_least(b'z' + 1);
        let upper = at_least(b'A') & !at_least(b'Z' + 1);
        let digit = at_least(b'0') & !at_least(b'9' + 1);
        words |= gather(lower | upper | digit | top) << (8 * i);
        high |= gather(top) << (8 * i);
    }
    (words, high)
}

/// The top bit of each of eight bytes, as eight bits (byte `i`'s as bit `i`).
fn gather(tops: u64) -> u64 {
    ((tops >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Calls `found` with the words of one run of word bytes: the run itself if it is ASCII,
/// otherwise its pieces between characters that are not letters or digits (see [`emit_word`]).
#[inline]
fn emit<'a>(run: &'a str, non_ascii: bool, found: &mut impl FnMut(&'a str)) {
    if !non_ascii {
        if (2..=MAX_WORD).contains(&run.len()) {
            found(run);
        }
        return;
    }
    for word in run.split(|c: char| !c.is_alphanumeric()) {
        emit_word(word, found);
    }
}

/// Calls `found` with `word`, or, when it holds Chinese or Japanese characters, with its
/// other letters as words and each pair of neighbouring CJK characters.
fn emit_word<'a>(word: &'a str, found: &mut impl FnMut(&'a str)) {
    if !word.chars().any(is_cjk) {
        if (2..=MAX_WORD).contains(&word.chars().count()) {
            found(word);
        }
        return;
    }
    // Each stretch of CJK characters and of other letters, in turn.
    let mut rest = word;
    while let Some(first) = rest.chars().next() {
        let cjk = is_cjk(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_cjk(c) != cjk)
            .map_or(rest.len(), |(at, _)| at);
        let (stretch, after) = rest.split_at(end);
        if !cjk {
            if (2..=MAX_WORD).contains(&stretch.chars().count()) {
                found(stretch);
            }
        } else {
            // Where each character starts, and the end: a pair spans three of them.
            let mut bounds: Vec<usize> = stretch.char_indices().map(|(at, _)| at).collect();
            bounds.push(stretch.len());
            for pair in bounds.windows(3) {
                found(&stretch[pair[0]..pair[2]]);
            }
        }
        rest = after;
    }
}

/// Whether a byte may be part of a word: ASCII letters and digits, and any non-ASCII byte
/// (what [`masks`] computes eight bytes at a time; the tests check the two agree).
#[cfg(test)]
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

    #[test]
    fn lower_casing_later_gives_what_lower_casing_now_gives() {
        let pieces = [
            "Plain ASCII",
            "MiXeD 42",
            "İstanbul",
            "ΣΟΦΙΑ",
            "\u{212a}elvin",
            "Straße",
            " ",
            "ÀÉÎ õü",
            "日本語 Text",
            "",
            "ǅ digraph",
            "ﬃ",
        ];
        let mut seed = 11;
        for _ in 0..300 {
            let (mut now, mut later) = (String::new(), String::new());
            for _ in 0..crate::util::testing::below(&mut seed, 6) {
                let piece = pieces[crate::util::testing::below(&mut seed, pieces.len())];
                push_lowercase(&mut now, piece);
                push_lowercase_later(&mut later, piece);
            }
            later.make_ascii_lowercase();
            assert_eq!(later, now);
        }
    }

    fn words(text: &str) -> Vec<String> {
        let mut lowered = String::new();
        push_lowercase(&mut lowered, text);
        let mut found = Vec::new();
        each_word(&lowered, |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn accents_are_folded_and_cjk_text_is_read_in_pairs() {
        assert_eq!(
            words("Résumé, NAÏVE façade Ångström"),
            ["resume", "naive", "facade", "angstrom"]
        );
        assert_eq!(words("re\u{301}sume\u{301}"), ["resume"]);
        assert_eq!(
            words("数据治理很重要"),
            ["数据", "据治", "治理", "理很", "很重", "重要"]
        );
        assert_eq!(words("API设计 の"), ["api", "设计"]);
        assert_eq!(words("서울 Straße"), ["서울", "straße"]);
    }

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        assert_eq!(
            words("Zero-trust at Café 42, a b — naïve…ok"),
            ["zero", "trust", "at", "cafe", "42", "naive", "ok"]
        );
        assert_eq!(words("ÉTÉ ÜBER-Straße"), ["ete", "uber", "straße"]);
        let long = "x".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("ab {long} cd")), ["ab", "cd"]);
    }

    /// The plain reading of [`each_word`]: a byte at a time.
    fn words_one_byte_at_a_time(lowered: &str) -> Vec<String> {
        let mut found = Vec::new();
        for run in lowered.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
            for word in run.split(|c: char| !c.is_alphanumeric()) {
                if (2..=MAX_WORD).contains(&word.chars().count()) {
                    found.push(word.to_string());
                }
            }
        }
        found
    }

    #[test]
    fn the_word_masks_agree_with_one_byte_at_a_time_across_block_edges() {
        let pieces = [
            "ab",
            "été",
            "x",
            "0-9",
            "zz",
            "ÜBER",
            "—",
            " ",
            "\n",
            "naïve…ok",
            "q7",
        ];
        let mut text = String::new();
        let mut state = 7u64;
        for length in 0..400 {
            for _ in 0..length % 37 {
                text.push_str(pieces[crate::util::testing::below(&mut state, pieces.len())]);
            }
            let mut lowered = String::new();
            push_lowercase(&mut lowered, &text);
            let mut found = Vec::new();
            each_word(&lowered, |w| found.push(w.to_string()));
            assert_eq!(found, words_one_byte_at_a_time(&lowered), "in {lowered:?}");
        }
        for byte in 0..=255u8 {
            let mut chunk = [b'a'; 64];
            chunk[byte as usize % 64] = byte;
            // Every way of computing the masks: the one this processor uses and the portable one.
            for (words, high) in [masks(&chunk), eight_at_a_time(&chunk)] {
                assert_eq!(
                    words & (1 << (byte % 64)) != 0,
                    WORD_BYTE[usize::from(byte)],
                    "{byte:#x}"
                );
                assert_eq!(high & (1 << (byte % 64)) != 0, byte >= 0x80, "{byte:#x}");
            }
        }
        // Each byte value at each place, the rest of the block a different byte each.
        for byte in 0..=255u8 {
            for at in 0..64 {
                let chunk: Vec<u8> = (0..64)
                    .map(|i| if i == at { byte } else { (i * 37 + 11) as u8 })
                    .collect();
                assert_eq!(masks(&chunk), eight_at_a_time(&chunk), "{byte:#x} at {at}");
            }
        }
    }
}
