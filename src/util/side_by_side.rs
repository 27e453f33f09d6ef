//! Work run on a thread of its own while the calling thread does something else: for work
//! that mostly waits (the file system) or would take one of rayon's threads from the
//! parallel work beside it.

/// Runs `own` on a new thread while this thread runs `here`; returns both results once both
/// are done. A panic on the other thread goes on here, as if `own` had run on this one.
pub fn beside<A: Send, B>(own: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let other = scope.spawn(own);
        let here = here();
        let own = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (own, here)
    })
}

/// Frees `value` on a thread of its own (named `name`), for large structures whose taking
/// apart the caller need not wait for. When no thread can be had, the refused closure is
/// dropped at once, and `value` with it.
pub fn drop_beside<T: Send + 'static>(value: T, name: &str) {
    let _ = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || drop(value));
}
