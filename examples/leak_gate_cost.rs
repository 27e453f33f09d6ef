//! What the leak gate costs: loads a handbook, renders it in memory without the gate, then
//! times building the gate and scanning every output file with it (on one thread, and on all
//! threads as a build does). A benchmark, not a test: run it by hand on a generated handbook
//! in which some documents are above the audience.
//!
//! ```sh
//! python3 ../shared/bench/gen_corpus.py --docs 10000 --out /tmp/corpus10k --flavor northstar
//! # add the `kinds:` block of bench/compare.sh and `audiences: {dangling: warn}` to its
//! # northstar.yaml, and `classification: confidential` to every 100th document
//! cargo run --example leak_gate_cost -- /tmp/corpus10k
//! ```

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use northstar::commands::serve::MemorySink;
use northstar::model::diagnostics::Diagnostics;
use northstar::outputs::leak_gate::LeakGate;
use northstar::pipeline::{self, Keep, Options, Reuse};
use northstar::util::timings::Stages;

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: leak_gate_cost HANDBOOK"),
    );
    let located = pipeline::open(&Options::new(&root))
        .unwrap_or_else(|_| panic!("no handbook at {}", root.display()));
    let mut diagnostics = Diagnostics::default();
    let mut stages = Stages::default();
    let handbook = pipeline::load(located, Reuse::nothing(), &mut diagnostics, &mut stages)
        .unwrap_or_else(|_| panic!("the handbook does not load"));
    let started = Instant::now();
    let sink = MemorySink::default();
    pipeline::render(
        &handbook,
        &sink,
        Keep::Counts,
        &mut diagnostics,
        &mut stages,
    );
    let render = started.elapsed();
    let files = sink.into_files();
    let bytes: usize = files.values().map(|b| b.len()).sum();

    let started = Instant::now();
    let gate = LeakGate::new(&handbook.site);
    let build_gate = started.elapsed();
    let started = Instant::now();
    let leaks = files
        .iter()
        .filter(|(path, b)| gate.scan(path, b).is_some())
        .count();
    let one_thread = started.elapsed();
    let started = Instant::now();
    let files: Vec<_> = files.iter().collect();
    let parallel_leaks = files
        .par_iter()
        .filter(|(path, b)| gate.scan(path, b).is_some())
        .count();
    let all_threads = started.elapsed();
    assert_eq!(leaks, parallel_leaks);

    println!(
        "{} documents, {} left out; {} output files, {:.1} MB",
        handbook.site.documents.len(),
        handbook.site.left_out.pages.len(),
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "render in memory, without the gate: {:.0} ms",
        render.as_secs_f64() * 1e3
    );
    println!("build the gate: {:.1} ms", build_gate.as_secs_f64() * 1e3);
    println!(
        "scan every file: {:.0} ms on one thread, {:.0} ms on {} threads ({} files with a hit)",
        one_thread.as_secs_f64() * 1e3,
        all_threads.as_secs_f64() * 1e3,
        rayon::current_num_threads(),
        leaks
    );
}
