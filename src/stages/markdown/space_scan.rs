//! Whether a piece of text has white space the search text folds (a line break, a tab, two
//! spaces in a row): asked of every text event of every body, most of them a line of a
//! paragraph without any, so it reads sixteen bytes at a time where the machine can.

/// Whether `bytes` holds a line break (`\n`, `\r`), a tab or two spaces in a row.
pub fn has_space_to_fold(bytes: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    return sixteen_at_a_time(bytes);
    #[cfg(not(target_arch = "x86_64"))]
    return eight_at_a_time(bytes);
}

/// [`has_space_to_fold`] with SSE2 compares (part of every x86-64 processor): each block of
/// sixteen bytes becomes bit masks of its spaces and of its line breaks and tabs.
#[cfg(target_arch = "x86_64")]
fn sixteen_at_a_time(bytes: &[u8]) -> bool {
    // Bit 0 is set when the byte before this block was a space.
    let mut space_before = 0u32;
    let mut found = |block: [u8; 16]| {
        // SAFETY: SSE2 is part of the x86-64 baseline: every processor this code is built
        // for has it (the compiler already uses it for floating point).
        let (spaces, breaks) = unsafe { masks_of_sixteen(block) };
        let pair = spaces & ((spaces << 1) | space_before);
        space_before = spaces >> 15;
        pair | breaks != 0
    };
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if found(block.try_into().expect("sixteen bytes")) {
            return true;
        }
    }
    // The last few bytes, padded with zeros (which are none of the bytes looked for).
    let mut last = [0u8; 16];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    found(last)
}

/// Of sixteen bytes: bit `i` set when byte `i` is a space, and bit `i` set when it is a line
/// break or a tab.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn masks_of_sixteen(block: [u8; 16]) -> (u32, u32) {
    use crate::util::sse2::{equal, load};
    let lanes = load(block);
    let breaks = equal(lanes, b'\n') | equal(lanes, b'\r') | equal(lanes, b'\t');
    (equal(lanes, b' '), breaks)
}

/// [`has_space_to_fold`] in plain integer operations, eight bytes at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn eight_at_a_time(bytes: &[u8]) -> bool {
    use crate::util::swar::equal;
    // The top bit of the first byte is set when the byte before this block was a space.
    let mut space_before = 0;
    let mut found = |eight: u64| {
        let spaces = equal(eight, b' ');
        let pair = spaces & ((spaces << 8) | space_before);
        space_before = spaces >> 56;
        pair | equal(eight, b'\n') | equal(eight, b'\r') | equal(eight, b'\t') != 0
    };
    let mut blocks = bytes.chunks_exact(8);
    for block in &mut blocks {
        if found(u64::from_le_bytes(block.try_into().expect("eight bytes"))) {
            return true;
        }
    }
    let mut last = [0u8; 8];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    found(u64::from_le_bytes(last))
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
            assert_eq!(eight_at_a_time(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn two_spaces_are_found_across_every_block_edge() {
        for at in 0..40 {
            let mut text = vec![b'x'; 40];
            text[at] = b' ';
            assert!(!has_space_to_fold(&text));
            assert!(!eight_at_a_time(&text));
            if at + 1 < 40 {
                text[at + 1] = b' ';
                assert!(has_space_to_fold(&text), "spaces at {at}");
                assert!(eight_at_a_time(&text), "spaces at {at}");
            }
        }
    }
}
