//! `serve`: builds the handbook in memory, serves it over HTTP with live reload, and rebuilds
//! on every change. A failed rebuild keeps the last good site and shows its errors in an
//! overlay in every open tab.
//!
//! Modules: [`plan`] (events → rebuild plan), [`watch`] (the OS watcher), [`rebuild`],
//! `fast` (body edits) and `partial` with `affected` (front-matter edits: the pages that
//! show the edited documents), with [`cache`], `fragments` and [`memory`]; [`live`] (the
//! shared state), [`http`] (routes and the Host and Origin checks), [`listen`] (the accept
//! loop: timeouts and the connection budget) and [`inject`] (the live-reload client).

mod affected;
pub mod cache;
mod fast;
mod fragments;
pub mod http;
pub mod inject;
pub mod listen;
pub mod live;
pub mod memory;
mod partial;
pub mod plan;
pub mod rebuild;
mod session;
pub mod watch;

pub use memory::{Files, MemorySink};
pub use plan::{FsEvent, Plan};
pub use rebuild::{Rebuilder, Update};
pub use session::{run, ServeError, ServeOptions};
