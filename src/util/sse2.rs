//! Sixteen bytes at a time with SSE2 compares, which every x86-64 processor has: the search
//! index's scan for word bytes over every byte of every body uses them. Each function
//! needs the `sse2` target feature; a caller that is not itself compiled with it calls them
//! in an `unsafe` block that says why that is sound.

use std::arch::x86_64::{
    __m128i, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    _mm_set_epi64x, _mm_sub_epi8,
};

/// Sixteen bytes in one register.
#[target_feature(enable = "sse2")]
pub fn load(block: [u8; 16]) -> __m128i {
    let low = u64::from_le_bytes(block[..8].try_into().expect("eight bytes"));
    let high = u64::from_le_bytes(block[8..].try_into().expect("eight bytes"));
    _mm_set_epi64x(high as i64, low as i64)
}

/// Bit `i` set when byte `i` of `lanes` is not ASCII (its top bit, gathered directly).
#[target_feature(enable = "sse2")]
pub fn not_ascii(lanes: __m128i) -> u32 {
    _mm_movemask_epi8(lanes) as u32
}

/// Bit `i` set when byte `i` of `lanes` is an ASCII letter or digit.
#[target_feature(enable = "sse2")]
pub fn letters_and_digits(lanes: __m128i) -> u32 {
    // `| 0x20` maps A–Z onto a–z (and nothing else onto them).
    let folded = _mm_or_si128(lanes, _mm_set1_epi8(0x20));
    let found = _mm_or_si128(within(folded, b'a', b'z'), within(lanes, b'0', b'9'));
    _mm_movemask_epi8(found) as u32
}

/// Each byte of `lanes` from `low` to `high` (unsigned) as 0xff, the others 0: a byte minus
/// `low`, wrapping, is at most `high - low` exactly when it is in the range.
#[target_feature(enable = "sse2")]
fn within(lanes: __m128i, low: u8, high: u8) -> __m128i {
    let shifted = _mm_sub_epi8(lanes, _mm_set1_epi8(low as i8));
    let span = _mm_set1_epi8((high - low) as i8);
    _mm_cmpeq_epi8(_mm_min_epu8(shifted, span), shifted)
}
