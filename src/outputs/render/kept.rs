//! The pieces of generated files that each come from one document — a board pack's or the
//! print page's chapter, a review calendar's event — made now, or kept from the last render
//! while their document did not change (`serve`).

use std::sync::Arc;

/// Where the pieces of generated files come from.
pub trait KeptPieces: Sync {
    /// The piece of `document` in the generated file `file`, as `make` makes it.
    fn piece(
        &self,
        file: &'static str,
        document: usize,
        make: &mut dyn FnMut() -> String,
    ) -> Arc<str>;
}
