//! Where a build's time goes, for `build --timings` and `--verbose`: the wall time of each
//! stage, and for the parallel page rendering, the thread time of each kind of work in it.

use std::ops::AddAssign;
use std::time::{Duration, Instant};

/// One finished stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    /// Wall time.
    pub took: Duration,
    /// More about it (the thread time of parallel work), if anything.
    pub detail: Option<String>,
}

/// Times the stages of a build, one after the other.
#[derive(Debug)]
pub struct Stages {
    last: Instant,
    pub done: Vec<Stage>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            done: Vec::new(),
        }
    }
}

impl Stages {
    /// Records that the stage `name` ended now.
    pub fn mark(&mut self, name: &'static str) {
        self.mark_with(name, None);
    }

    /// Records that the stage `name` ended now, with a detail line.
    pub fn mark_with(&mut self, name: &'static str, detail: Option<String>) {
        let now = Instant::now();
        self.done.push(Stage {
            name,
            took: now - self.last,
            detail,
        });
        self.last = now;
    }
}

/// The time one page (or, summed, all pages) spent in each kind of work.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageWork {
    /// Markdown to HTML, links resolved, text collected for search.
    pub markdown: Duration,
    /// The theme's templates.
    pub templates: Duration,
    /// Handing the page to the output (a file write, for `build`).
    pub writing: Duration,
    /// Counting the words of the search index.
    pub search: Duration,
}

impl AddAssign for PageWork {
    fn add_assign(&mut self, other: PageWork) {
        self.markdown += other.markdown;
        self.templates += other.templates;
        self.writing += other.writing;
        self.search += other.search;
    }
}

impl PageWork {
    /// `thread time: Markdown 1.20 s, templates 2.10 s, …` (summed over the threads).
    pub fn describe(&self) -> String {
        let seconds = |d: Duration| d.as_secs_f64();
        format!(
            "thread time: Markdown {:.2} s, templates {:.2} s, writing {:.2} s, search words {:.2} s",
            seconds(self.markdown),
            seconds(self.templates),
            seconds(self.writing),
            seconds(self.search)
        )
    }
}

/// Measures successive steps of one piece of work.
pub struct Stopwatch(Instant);

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch(Instant::now())
    }

    /// The time since the start or the previous lap.
    pub fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let took = now - self.0;
        self.0 = now;
        took
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_recorded_in_order_with_their_details() {
        let mut stages = Stages::default();
        stages.mark("first");
        stages.mark_with("second", Some("detail".into()));
        let names: Vec<_> = stages
            .done
            .iter()
            .map(|s| (s.name, s.detail.clone()))
            .collect();
        assert_eq!(names, [("first", None), ("second", Some("detail".into()))]);
    }

    #[test]
    fn page_work_adds_up() {
        let mut total = PageWork::default();
        let one = PageWork {
            markdown: Duration::from_millis(10),
            templates: Duration::from_millis(20),
            writing: Duration::from_millis(3),
            search: Duration::from_millis(4),
        };
        total += one;
        total += one;
        assert_eq!(total.templates, Duration::from_millis(40));
        assert!(
            total.describe().contains("templates 0.04 s"),
            "{}",
            total.describe()
        );
    }
}
