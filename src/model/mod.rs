//! What a handbook is: its configuration, the document kinds (schemas), each document's typed
//! metadata, the assembled site (pages, sections, URLs), review periods, slugs, and the
//! diagnostics every stage reports in.

pub mod anchors;
pub mod config;
pub mod diagnostics;
pub mod kinds;
pub mod meta;
pub mod period;
pub mod site;
pub mod slug;
pub mod urls;
