//! Northstar: a static site generator for technology strategy handbooks.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`config`] → [`discover`] → [`frontmatter`] + [`meta`] → [`site`] (assemble)
//! → [`markdown`] → [`render`] into an [`output`] sink. [`build`] drives it;
//! [`serve`] rebuilds it in memory on every change.

pub mod build;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod fsutil;
pub mod kinds;
pub mod links;
pub mod markdown;
pub mod meta;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod urls;
