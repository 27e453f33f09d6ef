//! Northstar: a static site generator for technology strategy handbooks.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`config`] → [`discover`] → [`frontmatter`] + [`meta`] → [`site`] (assemble)
//! → [`markdown`] → [`render`] into an [`output`] sink. [`build`] drives it;
//! [`serve`] rebuilds it in memory on every change.

// Errors carry a whole diagnostic (file, line, message, fix); they are rare and on cold
// paths, so their size does not matter and boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod active_files;
pub mod audience;
pub mod beside;
pub mod branding;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod fsutil;
pub mod gitdates;
pub mod govern;
pub mod init;
pub mod kinds;
pub mod links;
pub mod markdown;
pub mod meta;
pub mod output;
pub mod period;
pub mod pieces;
pub mod pipeline;
pub mod query;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
#[cfg(target_arch = "x86_64")]
mod sse2;
pub mod swar;
#[cfg(test)]
mod testing;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod views;
