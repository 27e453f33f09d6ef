//! The `northstar` command: parses the command line and reports the outcome once.

use std::process::ExitCode;

/// mimalloc: builds allocate many small strings on every thread; it is measurably faster
/// than the system allocator here (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    northstar::cli::main()
}
