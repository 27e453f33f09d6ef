//! The heading ids other generators give, so a `#fragment` written for one of them finds its
//! heading here: GitHub (and Goldmark/Hugo's default), markdown-it-anchor (Eleventy,
//! VuePress: punctuation kept, percent-encoded in links), kramdown (Jekyll), Hugo's
//! `github-ascii`, Python-Markdown's toc (MkDocs) and the dashed form of Blackfriday. Each
//! rule numbers repeated headings its own way (`-1`, or `_1` for Python-Markdown).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::slug::{dashed_slug, github_slug};

/// One generator's rule: the slug of a heading's text, and what joins a repeat's number.
struct Rule {
    slug: fn(&str) -> String,
    repeat: char,
}

const RULES: &[Rule] = &[
    Rule {
        slug: github_slug,
        repeat: '-',
    },
    Rule {
        slug: markdown_it_slug,
        repeat: '-',
    },
    Rule {
        slug: kramdown_slug,
        repeat: '-',
    },
    Rule {
        slug: github_ascii_slug,
        repeat: '-',
    },
    Rule {
        slug: python_markdown_slug,
        repeat: '_',
    },
    Rule {
        slug: dashed_slug,
        repeat: '-',
    },
];

/// The id of the heading that `fragment` (percent-decoded) names under one of the rules;
/// `headings` are a page's (text, id) pairs in order. Case is ignored, as GitHub does.
pub fn find<'a>(headings: &'a [(String, String)], fragment: &str) -> Option<&'a str> {
    let wanted = fragment.to_lowercase();
    RULES.iter().find_map(|rule| {
        let mut seen: HashMap<String, usize> = HashMap::new();
        headings.iter().find_map(|(text, id)| {
            let slug = (rule.slug)(text).to_lowercase();
            let count = seen.entry(slug.clone()).or_insert(0);
            let numbered = match *count {
                0 => slug,
                n => format!("{slug}{}{n}", rule.repeat),
            };
            *count += 1;
            (numbered == wanted).then_some(id.as_str())
        })
    })
}

/// markdown-it-anchor's default: trimmed, lower case, each run of white space one `-`,
/// everything else kept (links percent-encode it; fragments are compared decoded).
pub fn markdown_it_slug(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// kramdown's automatic ids: characters before the first ASCII letter dropped, then every
/// character but ASCII letters, digits, spaces and `-`; spaces become `-`, lower case.
pub fn kramdown_slug(text: &str) -> String {
    let start = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text[start..]
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Hugo's `github-ascii`: GitHub's rule after accents are folded and other non-ASCII dropped.
pub fn github_ascii_slug(text: &str) -> String {
    github_slug(&ascii_folded(text))
}

/// Python-Markdown's toc `slugify`: accents folded and other non-ASCII dropped, everything
/// but word characters, spaces and `-` removed, trimmed, lower case, and each run of spaces
/// and `-` one `-`.
pub fn python_markdown_slug(text: &str) -> String {
    let kept: String = ascii_folded(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || c.is_whitespace())
        .collect();
    let mut out = String::with_capacity(kept.len());
    for c in kept.trim().chars().flat_map(char::to_lowercase) {
        if c == '-' || c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` decomposed (NFKD) with every non-ASCII character dropped: `Café` → `Cafe`.
fn ascii_folded(text: &str) -> String {
    text.nfkd().filter(char::is_ascii).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(texts: &[&str]) -> Vec<(String, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(n, t)| (t.to_string(), format!("h{n}")))
            .collect()
    }

    #[test]
    fn each_rule_spells_headings_its_way() {
        let text = "You must regularly update, replace and remove dependencies";
        assert_eq!(
            markdown_it_slug(text),
            "you-must-regularly-update,-replace-and-remove-dependencies"
        );
        assert_eq!(kramdown_slug("1. Über den Fluss"), "ber-den-fluss");
        assert_eq!(github_ascii_slug("Café & Crème"), "cafe--creme");
        assert_eq!(python_markdown_slug("Café & Crème -- 2.0"), "cafe-creme-20");
    }

    #[test]
    fn fragments_find_their_heading() {
        let page = headings(&[
            "You must regularly update, replace and remove dependencies",
            "Scope & roles",
            "Scope & roles",
            "Café",
            "1. Introduction",
        ]);
        for (fragment, id) in [
            (
                "you-must-regularly-update,-replace-and-remove-dependencies",
                "h0",
            ),
            ("scope--roles", "h1"),
            ("scope--roles-1", "h2"),
            ("scope-roles", "h1"),
            ("scope-roles_1", "h2"),
            ("cafe", "h3"),
            ("Café", "h3"),
            ("introduction", "h4"),
        ] {
            assert_eq!(find(&page, fragment), Some(id), "{fragment}");
        }
        assert_eq!(find(&page, "nowhere"), None);
    }
}
