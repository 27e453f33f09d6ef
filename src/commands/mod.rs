//! The commands: `build`, `check`, `init`, `new`, `mv`, `list` and `serve`, each a library function
//! the command line calls with its options, printing through a [`report::Report`].

pub mod build;
pub mod check;
pub mod init;
pub mod list;
pub mod mv;
pub mod new;
pub mod report;
pub mod serve;
