//! Heading ids by GitHub's rules, so anchors written for a git forge keep working.

use std::collections::{HashMap, HashSet};

/// GitHub's heading slug: lower-case, drop everything but letters, digits, spaces, `-` and
/// `_`, then turn each space into `-` (runs of `-` are kept, as GitHub keeps them).
pub fn github_slug(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        return ascii_slug(text, true);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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
    let text = text.trim();
    if text.is_ascii() {
        return ascii_slug(text, false);
    }
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// [`github_slug`] (`lower`) or [`case_kept_slug`] of ASCII text, byte by byte: the same
/// result without a character's case tables (headings are nearly always ASCII).
fn ascii_slug(text: &str, lower: bool) -> String {
    let mut out = Vec::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' if lower => out.push(b.to_ascii_lowercase()),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => out.push(b),
            b' ' => out.push(b'-'),
            _ => {}
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// The slug many other generators use: lower-case, every run of other characters one `-`
/// (`k8s.sgdev.org` → `k8s-sgdev-org`, where GitHub gives `k8ssgdevorg`).
pub fn dashed_slug(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // The same rule byte by byte (ASCII lower-cases to ASCII).
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        if out.ends_with('-') {
            out.pop();
        }
        return out;
    }
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // At most one dash ends it.
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// The longest slug a generated page name (`tags/SLUG.html`) takes, in bytes: file systems
/// take names of at most 255 bytes.
const MAX_PAGE_SLUG: usize = 120;

/// The GitHub slug of `text` as the name of a generated page (a tag's, an owner's): a slug
/// longer than [`MAX_PAGE_SLUG`] bytes is cut and given a hash of the whole text, so that
/// two long values that start alike still get pages of their own.
pub fn page_slug(text: &str) -> String {
    let slug = github_slug(text);
    if slug.len() <= MAX_PAGE_SLUG {
        return slug;
    }
    let mut end = MAX_PAGE_SLUG - 17;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    format!("{}-{hash:016x}", &slug[..end])
}

/// Hands out unique ids within one page: the second `intro` becomes `intro-1`, then `intro-2`.
/// (Sets start empty and grow to fit: each page keeps its set for the `#fragment` checks, and
/// room for 32 ids on every page held 10–20 MB more at 10,000 documents.)
/// A repeated id's next number to try is remembered, so 100,000 identical headings take
/// linear time (ids are only ever added: every number below it is still taken).
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_number.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
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

    /// The slugs of ASCII text, taken byte by byte, are the ones the character rules give.
    #[test]
    fn ascii_slugs_follow_the_character_rules() {
        let by_chars = |text: &str, lower: bool| -> String {
            let mut out = String::new();
            for c in text.trim().chars() {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    match lower {
                        true => out.extend(c.to_lowercase()),
                        false => out.push(c),
                    }
                } else if c == ' ' {
                    out.push('-');
                }
            }
            out
        };
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let dashed_by_chars = |text: &str| -> String {
            let mut out = String::new();
            for c in text.trim().chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    out.push(c);
                } else if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            out.trim_end_matches('-').to_string()
        };
        for text in [
            every_ascii.as_str(),
            "k8s.sgdev.org -- x!",
            "  Scope & Roles\t",
            "What's new in 2.0?",
            "snake_case-and-KEBAB",
            "\u{b}x\u{c}",
            "",
        ] {
            assert_eq!(github_slug(text), by_chars(text, true), "{text:?}");
            assert_eq!(case_kept_slug(text), by_chars(text, false), "{text:?}");
            assert_eq!(dashed_slug(text), dashed_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn long_page_slugs_are_cut_and_kept_apart() {
        assert_eq!(page_slug("Cloud Cost"), "cloud-cost");
        let (a, b) = ("x".repeat(300) + "a", "x".repeat(300) + "b");
        assert!(page_slug(&a).len() <= MAX_PAGE_SLUG && page_slug(&b).len() <= MAX_PAGE_SLUG);
        assert_ne!(page_slug(&a), page_slug(&b));
        assert!(page_slug(&"é".repeat(200)).len() <= MAX_PAGE_SLUG);
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
