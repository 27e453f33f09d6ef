//! What a build writes: every page rendered through the theme (with listings, views, feeds
//! and calendars) and the search index, into a sink — the staged output folder, memory
//! (`serve`) or nothing (`check`) — through the leak gate, which stops a file that shows a
//! document left out for the audience.

pub mod folder;
pub mod leak_gate;
pub mod render;
pub mod search;
