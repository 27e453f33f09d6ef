//! The stages of a build, one by one, with criterion: loading (theme, discovery, front
//! matter, assembly, governance, views), rendering the pages, writing the search index, and
//! the whole render. Output goes to a sink that discards it, so the disk is not measured
//! here (whole builds with the disk are `bench/compare.sh`'s job).
//!
//! ```sh
//! cargo bench --bench stages                                   # the sample handbook
//! NORTHSTAR_BENCH_HANDBOOK=/tmp/hb1k cargo bench --bench stages # any handbook folder
//! ```

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use northstar::model::diagnostics::Diagnostics;
use northstar::outputs::folder::Discard;
use northstar::outputs::search;
use northstar::pipeline::{self, Handbook, Options, Reuse};
use northstar::stages::frontmatter;
use northstar::util::timings::Stages;

/// The handbook to measure: `NORTHSTAR_BENCH_HANDBOOK`, else the repository's sample.
fn handbook_root() -> PathBuf {
    std::env::var_os("NORTHSTAR_BENCH_HANDBOOK")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn load() -> Handbook {
    let located = pipeline::open(&Options::new(handbook_root())).expect("a handbook");
    let (diagnostics, stages) = (&mut Diagnostics::default(), &mut Stages::default());
    pipeline::load(located, Reuse::nothing(), diagnostics, stages).expect("it loads")
}

/// Every Markdown file's text, for the front matter benchmark.
fn sources() -> Vec<String> {
    let content = handbook_root().join("content");
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    let texts = sources();
    group.bench_function("front matter of every file", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| frontmatter::parse(t).is_ok())
                .count()
        })
    });
    group.bench_function(
        "load (theme, discover, parse, assemble, govern, views)",
        |b| b.iter(load),
    );
    let handbook = load();
    let pages: Vec<_> = handbook.site.pages().collect();
    group.bench_function("render every page", |b| {
        b.iter(|| pipeline::render_pages(&handbook, &Discard, &pages).len())
    });
    let rendered = pipeline::render_pages(&handbook, &Discard, &pages);
    let entries: Vec<&search::Entry> = rendered.iter().filter_map(|r| r.search.as_ref()).collect();
    group.bench_function("write the search index", |b| {
        b.iter(|| {
            search::write(entries.clone(), &handbook.site.config.language, &Discard)
                .expect("written")
                .documents()
        })
    });
    group.bench_function("render everything (pages, index, listings, views)", |b| {
        b.iter(|| {
            let (diagnostics, stages) = (&mut Diagnostics::default(), &mut Stages::default());
            pipeline::render_gated(&handbook, &Discard, diagnostics, stages)
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
