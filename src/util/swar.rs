//! Eight bytes at a time in one `u64` ("SIMD within a register"), for the scans that run over
//! every byte of every body: each test leaves the top bit of every byte that passes it.

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` (the top bit) in every byte.
pub const TOP: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `eight` that equals `byte`, exactly: the low seven bits of a
/// byte are added to 0x7f (which sets its top bit unless they are all zero) without carrying
/// into the next byte.
pub fn equal(eight: u64, byte: u8) -> u64 {
    let other = eight ^ (ONES * u64::from(byte));
    !(((other & !TOP) + !TOP) | other) & TOP
}

/// Whether a byte of `eight` is below `limit` (at most 0x80). Only the answer is exact: a
/// borrow can mark bytes above one that is below, never a byte when none is.
pub fn any_below(eight: u64, limit: u8) -> bool {
    eight.wrapping_sub(ONES * u64::from(limit)) & !eight & TOP != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_test_agrees_with_a_byte_at_a_time() {
        let mut state = 3u64;
        for _ in 0..5000 {
            let random = crate::util::testing::next(&mut state);
            let eight = random ^ (random >> 29);
            let bytes = eight.to_le_bytes();
            for byte in [b' ', b'\n', b'"', 0, 0x80, 0xff, bytes[3]] {
                let expected = bytes.iter().enumerate().fold(0, |mask, (i, b)| {
                    mask | (u64::from(*b == byte) << (8 * i + 7))
                });
                assert_eq!(equal(eight, byte), expected, "{eight:#x} {byte:#x}");
            }
            for limit in [1, 0x20, 0x41, 0x80] {
                let expected = bytes.iter().any(|b| *b < limit);
                assert_eq!(any_below(eight, limit), expected, "{eight:#x} < {limit:#x}");
            }
        }
    }
}
