//! The `northstar` command: parses the command line and reports the outcome once.

use std::process::ExitCode;

/// mimalloc: builds allocate many small strings on every thread; it is measurably faster
/// than the system allocator here (docs/performance.md). Built with `no_thp`: asking for
/// transparent huge pages made it hold 40 MB more at the same speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    northstar::cli::main()
}
