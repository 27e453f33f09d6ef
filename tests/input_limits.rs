//! Inputs that once panicked or took super-linear time: periods that end before they start
//! (the roadmap timeline indexed past its columns), and repetition — identical headings,
//! nested elements, repeated link targets, aliases, footnotes and tags. Sizes are compared in
//! one run (a 10x larger input may take at most ~15x the time), never against a clock.

mod common;

use std::time::{Duration, Instant};

use common::Handbook;

#[test]
fn an_initiative_that_ends_before_it_starts_is_an_error_at_its_line() {
    for (start, end) in [
        ("2027-Q3", "2026-Q3"),
        ("2027-05-01", "2027-04-30"),
        ("2027-Q2", "2027-03-31"),
    ] {
        let handbook = Handbook::new();
        handbook.write(
            "content/roadmap/backwards.md",
            &format!(
                "---\ntitle: Backwards\nkind: initiative\nowner: cto\nlane: Platform\nstart: {start}\nend: {end}\n---\nText.\n"
            ),
        );
        handbook.write(
            "content/roadmap/plan.md",
            "---\ntitle: Plan\nkind: roadmap\nowner: cto\n---\nText.\n",
        );
        let run = handbook.run_bounded(&["build"]);
        let said = run.said();
        assert_eq!(run.code, 1, "{said}");
        assert!(said.contains("content/roadmap/backwards.md:7:"), "{said}");
        assert!(
            said.contains(&format!("`end` ({end}) is before `start` ({start})")),
            "{said}"
        );
    }
}

#[test]
fn periods_outside_1900_to_2199_are_refused() {
    let handbook = Handbook::new();
    handbook.write(
        "content/far.md",
        "---\ntitle: Far\nkind: initiative\nowner: cto\nlane: L\nstart: 0001-Q1\nend: 9999-Q4\n---\nText.\n",
    );
    let run = handbook.run_bounded(&["build"]);
    let said = run.said();
    assert_eq!(run.code, 1, "{said}");
    assert!(
        said.contains("content/far.md:6:") && said.contains("from 1900 to 2199"),
        "{said}"
    );
}

/// How long `northstar build` takes on a handbook whose one document is `text`.
fn build_time(text: &str) -> Duration {
    let handbook = Handbook::new();
    handbook.write("content/big.md", text);
    let started = Instant::now();
    let run = handbook.run_bounded(&["build"]);
    let elapsed = started.elapsed();
    assert!(run.code <= 1, "{}", run.said());
    elapsed
}

/// A 10x larger input takes at most 15x the time (the small one measured at its best of
/// three, the large one once, so a busy machine errs toward passing).
#[track_caller]
fn grows_linearly(what: &str, size: usize, make: impl Fn(usize) -> String) {
    let small = (0..3).map(|_| build_time(&make(size))).min().unwrap();
    let large = build_time(&make(10 * size));
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    assert!(
        ratio < 15.0,
        "{what}: 10x the input took {ratio:.1}x the time ({small:?} -> {large:?})"
    );
}

fn body(text: String) -> String {
    format!("---\ntitle: Big\n---\n{text}")
}

#[test]
fn repeated_markdown_takes_linear_time() {
    grows_linearly("identical headings", 2_000, |n| {
        body("## Same\n\n".repeat(n))
    });
    grows_linearly("nested divs", 2_000, |n| {
        body(format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)))
    });
    grows_linearly("nested quotes", 2_000, |n| {
        body(format!("{} deep\n", ">".repeat(n / 10)))
    });
    grows_linearly("one link target many times", 2_000, |n| {
        body("[a](#same) [b](big.md#same)\n".repeat(n))
    });
    grows_linearly("footnotes", 2_000, |n| {
        body(
            (0..n)
                .map(|i| format!("x[^{i}]\n\n[^{i}]: note\n\n"))
                .collect(),
        )
    });
}

#[test]
fn repeated_front_matter_takes_linear_time() {
    let list = |key: &str, n: usize, item: &dyn Fn(usize) -> String| {
        let items: Vec<String> = (0..n).map(item).collect();
        format!(
            "---\ntitle: Big\n{key}: [{}]\n---\nText.\n",
            items.join(", ")
        )
    };
    grows_linearly("aliases", 300, |n| {
        list("aliases", n, &|i| format!("old/page-{i}.html"))
    });
    grows_linearly("tags", 300, |n| list("tags", n, &|i| format!("tag-{i}")));
    grows_linearly("one tag many times", 2_000, |n| {
        list("tags", n, &|_| "same".to_string())
    });
    grows_linearly("supports", 2_000, |n| {
        list("supports", n, &|_| "big.md".to_string())
    });
}
