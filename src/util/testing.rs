//! Helpers shared by the unit tests.

/// Random-looking numbers that are the same on every run (a linear congruential sequence
/// with Knuth's MMIX constants), for tests that compare a fast routine with a plain one on
/// many generated inputs. Returns the next state; its high bits are the most random.
pub fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state
}

/// A number below `limit` from the sequence of `state`.
pub fn below(state: &mut u64, limit: usize) -> usize {
    (next(state) >> 33) as usize % limit
}
