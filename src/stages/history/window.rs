//! The digest's window: `changes: {since: …}` — a date, a git tag, or a rolling `N days`
//! (`90 days` when `changes:` is not set).

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::ToSpan;

use crate::model::config::CONFIG_FILE;
use crate::model::diagnostics::Diagnostic;

/// The rolling window when `changes:` is not set.
pub const DEFAULT_DAYS: i64 = 90;

/// What `since` names, before git is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    Date(Date),
    Days(i64),
    Tag(String),
}

impl Since {
    /// Reads `since` (`None`: the default rolling window).
    pub fn parse(since: Option<&str>) -> Since {
        let Some(text) = since.map(str::trim).filter(|s| !s.is_empty()) else {
            return Since::Days(DEFAULT_DAYS);
        };
        if let Ok(date) = text.parse::<Date>() {
            return Since::Date(date);
        }
        let mut words = text.split_whitespace();
        if let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) {
            if let Ok(n) = n.parse::<i64>() {
                let days = match unit.trim_end_matches('s') {
                    "day" => Some(n),
                    "week" => Some(n * 7),
                    _ => None,
                };
                if let Some(days) = days.filter(|d| *d > 0) {
                    return Since::Days(days);
                }
            }
        }
        Since::Tag(text.to_string())
    }
}

/// The changes a digest shows: commits dated from `start` on or, since a tag, the commits
/// after it.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// "since 2026-10-01", "since board-2026-q3", "in the last 90 days".
    pub label: String,
    /// YYYY-MM-DD: the first day shown (a tag's: its commit's date).
    pub start: String,
    /// Since a tag: the ids of the commits after it.
    pub after_tag: Option<HashSet<String>>,
}

impl Window {
    /// The window of `since` as of `today`; `tag` is what git said of a tag: the ids of the
    /// commits after it and its date, or `None` when git does not know it (a warning, and
    /// the default window).
    pub fn resolve(
        since: &Since,
        today: Date,
        tag: Option<(HashSet<String>, String)>,
    ) -> (Window, Option<Diagnostic>) {
        match since {
            Since::Date(date) => (
                Window {
                    label: format!("since {date}"),
                    start: date.to_string(),
                    after_tag: None,
                },
                None,
            ),
            Since::Days(days) => (Window::days(*days, today), None),
            Since::Tag(name) => match tag {
                Some((after, date)) => (
                    Window {
                        label: format!("since {name}"),
                        start: date,
                        after_tag: Some(after),
                    },
                    None,
                ),
                None => (
                    Window::days(DEFAULT_DAYS, today),
                    Some(
                        Diagnostic::warning(format!(
                            "`changes.since` is `{name}`, which is neither a date, nor `N days`, nor a tag of the repository"
                        ))
                        .code("changes-since")
                        .in_file(CONFIG_FILE)
                        .help(format!("write a date (`since: 2026-10-01`), a rolling window (`since: 90 days`) or the name of a git tag (`git tag` lists them); until then the digest shows the last {DEFAULT_DAYS} days")),
                    ),
                ),
            },
        }
    }

    fn days(days: i64, today: Date) -> Window {
        let start = today.checked_sub(days.days()).unwrap_or(today);
        Window {
            label: format!("in the last {days} days"),
            start: start.to_string(),
            after_tag: None,
        }
    }

    /// Whether a commit (its id and YYYY-MM-DD date) is in the window.
    pub fn holds(&self, id: &str, date: &str) -> bool {
        match &self.after_tag {
            Some(after) => after.contains(id),
            None => date >= self.start.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_a_date_a_number_of_days_or_a_tag() {
        assert_eq!(Since::parse(None), Since::Days(90));
        assert_eq!(
            Since::parse(Some("2026-10-01")),
            Since::Date("2026-10-01".parse().unwrap())
        );
        assert_eq!(Since::parse(Some("30 days")), Since::Days(30));
        assert_eq!(Since::parse(Some("2 weeks")), Since::Days(14));
        assert_eq!(
            Since::parse(Some("board-2026-q3")),
            Since::Tag("board-2026-q3".into())
        );
    }

    #[test]
    fn a_rolling_window_counts_back_from_today() {
        let today: Date = "2026-12-07".parse().unwrap();
        let (window, warning) = Window::resolve(&Since::Days(90), today, None);
        assert_eq!(window.start, "2026-09-08");
        assert!(warning.is_none());
        assert!(window.holds("x", "2026-09-08") && !window.holds("x", "2026-09-07"));
        let (window, warning) = Window::resolve(&Since::Tag("nope".into()), today, None);
        assert_eq!(window.label, "in the last 90 days");
        assert!(warning.is_some());
    }
}
