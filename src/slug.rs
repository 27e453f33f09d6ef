//! Heading ids by GitHub's rules, so anchors written for a git forge keep working.

use std::collections::HashSet;

/// GitHub's heading slug: lower-case, drop everything but letters, digits, spaces, `-` and
/// `_`, then turn each space into `-` (runs of `-` are kept, as GitHub keeps them).
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// GitHub's slug without lower-casing: `postgreSQL problems` → `postgreSQL-problems`. GitHub
/// matches anchors ignoring case, so links are often written this way.
pub fn case_kept_slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The slug many other generators use: lower-case, every run of other characters one `-`
/// (`k8s.sgdev.org` → `k8s-sgdev-org`, where GitHub gives `k8ssgdevorg`).
pub fn dashed_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Hands out unique ids within one page: the second `intro` becomes `intro-1`, then `intro-2`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `id` is taken on this page.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// Records an id that is already on the page (a footnote, raw HTML) without changing it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    pub fn into_set(self) -> HashSet<String> {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_github_rules() {
        assert_eq!(github_slug("Scope & roles"), "scope--roles");
        assert_eq!(github_slug("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(github_slug("Café Überblick"), "café-überblick");
        assert_eq!(github_slug("snake_case-and-kebab"), "snake_case-and-kebab");
    }

    #[test]
    fn other_slug_forms() {
        assert_eq!(
            case_kept_slug("postgreSQL database problems"),
            "postgreSQL-database-problems"
        );
        assert_eq!(dashed_slug("k8s.sgdev.org"), "k8s-sgdev-org");
        assert_eq!(dashed_slug("Scope & roles"), "scope-roles");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("intro"), "intro");
        assert_eq!(ids.claim("intro"), "intro-1");
        assert_eq!(ids.claim("intro"), "intro-2");
    }
}

/// A file name for a new document: the GitHub slug with runs of `-` collapsed and trimmed.
pub fn file_slug(title: &str) -> String {
    let mut out = String::new();
    for c in github_slug(title).chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod file_slug_tests {
    #[test]
    fn collapses_and_trims() {
        assert_eq!(
            super::file_slug("ADR: Use Kafka -- for events!"),
            "adr-use-kafka-for-events"
        );
        assert_eq!(super::file_slug("  Über  alles "), "über-alles");
    }
}
