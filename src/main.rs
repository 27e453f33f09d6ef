//! The `northstar` command: parses the command line and reports the outcome once.

use std::process::ExitCode;

/// mimalloc: builds allocate many small strings on every thread; it is measurably faster
/// than the system allocator here (the manual's performance page,
/// docs/content/reference/performance.md). Built with `no_thp`: asking for transparent huge
/// pages made it hold 40 MB more at the same speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    return_freed_memory_sooner();
    northstar::cli::main()
}

/// mimalloc 3 keeps freed memory for a second before giving it back to the system; a build
/// frees its search words and page buffers in bulk and then renders the listings, so that
/// second adds 25–30 MB to the peak of a 10,000-document build. A twentieth of a second
/// gives it back in time, at no measurable cost (the manual's performance page: 100 ms left
/// 8 MB more at the peak; 25 ms cost 3% more time).
fn return_freed_memory_sooner() {
    /// `mi_option_purge_delay` in mimalloc 3's option list (the Rust bindings name no
    /// constant for it), and its default there, which confirms the option is the one meant.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const DEFAULT_DELAY_MS: std::os::raw::c_long = 1000;
    // SAFETY: mi_option_get and mi_option_set only read and write mimalloc's option table;
    // any option number is accepted, and nothing else runs yet.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == DEFAULT_DELAY_MS {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 50);
        }
    }
}
