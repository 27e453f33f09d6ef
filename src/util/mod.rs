//! Small tools that know nothing of handbooks: work side by side on threads, parallel work in
//! even pieces, byte scans, file reading with clear errors, stage timings, and numbers in
//! prose ("1 risk"), fingerprints of serializable values.

pub mod fingerprint;
pub mod fsutil;
pub mod parallel;
pub mod side_by_side;
#[cfg(target_arch = "x86_64")]
pub(crate) mod sse2;
#[cfg(test)]
pub(crate) mod testing;
pub mod text_table;
pub mod timings;
pub mod words;
