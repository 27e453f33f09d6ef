//! Audiences: the ordered classification levels of a handbook, which documents a build for
//! one audience leaves out, and the leak gate that proves none of them reached the output.
//!
//! Modules: [`levels`] (the `audiences:` config and the chosen audience), [`excluded`] (what
//! is remembered of a document left out), [`hidden`] (a lower level that a folder's hides),
//! [`assets`] (files only such documents use), [`gate`] (the scan of the output) and
//! [`listing`] (`list --left-out`).

pub mod assets;
pub mod excluded;
pub mod hidden;
pub mod levels;
pub mod listing;

pub use excluded::{Excluded, LeftFolder, LeftOut, SetAt, Why};
pub use levels::AudiencesConfig;
