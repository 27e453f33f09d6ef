//! Northstar: a static site generator for technology strategy handbooks.
//!
//! The folders are the layers, each using only those listed before it:
//! - [`util`]: small tools with no knowledge of handbooks (threads side by side, parallel work
//!   in pieces, byte scans, file reading, stage timings).
//! - [`model`]: what a handbook is — its configuration, document kinds (schemas), typed
//!   metadata, the assembled site with its URLs, periods, slugs and diagnostics.
//! - [`stages`]: reading and checking a handbook into the model — discover the files, parse
//!   front matter, withhold active files, read git dates, apply the audience, govern (kinds,
//!   references, reviews), compute the strategy views, load the theme and its branding.
//! - [`outputs`]: what a build writes — Markdown bodies with their links resolved, pages
//!   rendered through the theme, the search index — into a sink such as the staged
//!   output [`outputs::folder`].
//! - [`pipeline`]: the one sequence of stages every command calls: open → load → render.
//! - [`commands`]: `build`, `check`, `init`, `new`, `list` and `serve` (the live preview), and
//!   the [`commands::report::Report`] they print through.
//! - [`cli`]: the command line — arguments to options, and the terminal's reporter.
//!
//! Where to add things (docs/content/reference/development.md has more): a front-matter field
//! type in [`model::kinds`] (schema) and [`stages::govern`] (its check); a strategy view in
//! [`stages::views`] with its page in [`outputs::render`] and a template in the theme; a CLI
//! flag in [`cli`], carried by [`pipeline::Options`] when every loading command needs it.

// Errors carry a whole diagnostic (file, line, message, fix); they are rare and on cold
// paths, so their size does not matter and boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod commands;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod stages;
pub mod util;
