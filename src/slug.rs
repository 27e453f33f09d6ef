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
