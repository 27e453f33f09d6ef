//! Checks of `northstar.yaml` values that parse but cannot be used: addresses that would become
//! live script links (`repository.url: "javascript:…"`), a `theme:` that names a path out of
//! the handbook's `themes/` folder, review windows out of any sensible range. Each error names
//! the key and its line.

use super::{Config, CONFIG_FILE};
use crate::model::diagnostics::Diagnostic;

/// The languages `language:` accepts: a code and its name. Those with a Snowball stemmer
/// (all but Chinese, Japanese and Korean) have the other forms of a word found by search.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "Arabic"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("hu", "Hungarian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sv", "Swedish"),
    ("ta", "Tamil"),
    ("tr", "Turkish"),
    ("zh", "Chinese"),
];

/// The largest `review.warn_within_days`: ten years.
const MAX_WARN_DAYS: i64 = 3660;

/// The first unusable value of `config` (written as `text`), as an error at its key's line.
pub fn check(config: &Config, text: &str) -> Result<(), Diagnostic> {
    let error = |keys: &[&str], message: String, help: &str| {
        let line = key_line(text, keys).unwrap_or(1);
        Err(Diagnostic::error(message)
            .code("config")
            .at(CONFIG_FILE, line, 1)
            .help(help))
    };
    if let Some(base) = &config.base_url {
        if !is_web_address(base) && !is_site_path(base) {
            return error(
                &["base_url"],
                format!("`base_url` is `{base}`, which is neither an http(s) address nor a path"),
                "write the address the site is published at, e.g. `base_url: https://handbook.example.com/` or `base_url: /handbook/`",
            );
        }
    }
    if let Some(repository) = &config.repository {
        if !is_web_address(&repository.url) {
            return error(
                &["repository", "url"],
                format!(
                    "`repository.url` is `{}`, which is not an http(s) address",
                    repository.url
                ),
                "write the repository's web address, e.g. `url: https://github.com/acme/handbook`",
            );
        }
        if let Some(edit) = &repository.edit_url {
            if !is_web_address(edit) {
                return error(
                    &["repository", "edit_url"],
                    format!("`repository.edit_url` is `{edit}`, which is not an http(s) address"),
                    "write an address with `{path}` where the file's path goes, e.g. `https://forge.example.com/handbook/edit/main/{path}`",
                );
            }
        }
    }
    if !is_folder_name(&config.theme) {
        return error(
            &["theme"],
            format!("`theme` is `{}`, which is not the name of a folder in themes/", config.theme),
            "name a folder of the handbook's themes/ folder (`theme: corporate` for themes/corporate/), or `theme: default`",
        );
    }
    if !LANGUAGES.iter().any(|(code, _)| *code == config.language) {
        let known: Vec<String> = LANGUAGES
            .iter()
            .map(|(code, name)| format!("{code} ({name})"))
            .collect();
        return error(
            &["language"],
            format!(
                "`language` is `{}`, which is not a language Northstar knows",
                config.language
            ),
            &format!(
                "write one of {}; leave the key out for English",
                known.join(", ")
            ),
        );
    }
    let days = config.review.warn_within_days;
    if !(0..=MAX_WARN_DAYS).contains(&days) {
        return error(
            &["review", "warn_within_days"],
            format!("`review.warn_within_days` is {days}, outside 0 to {MAX_WARN_DAYS}"),
            "give the number of days before a review is due to start warning, e.g. `warn_within_days: 30`",
        );
    }
    Ok(())
}

/// `http://` or `https://` followed by a host, with no white space or control characters.
pub fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && plain(text)
}

/// A path on the site's host: one leading `/` (two would name another host).
fn is_site_path(text: &str) -> bool {
    text.starts_with('/') && !text.starts_with("//") && !text.contains('\\') && plain(text)
}

/// No white space or control characters anywhere.
fn plain(text: &str) -> bool {
    !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// One plain folder name: not empty, no separator, not `.` or `..`, not hidden.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0', ':'])
        && plain(name)
}

/// The line (from 1) where the key path `keys` is written in the YAML `text`: each key
/// searched for below the previous one, at a deeper indentation. For a flow mapping
/// (`repository: {url: …}`) the line of the outermost key found.
pub fn key_line(text: &str, keys: &[&str]) -> Option<usize> {
    let mut found = None;
    let mut parent_indent: Option<usize> = None;
    let mut lines = text.lines().enumerate();
    'keys: for key in keys {
        for (index, line) in lines.by_ref() {
            let body = line.trim_start();
            let indent = line.len() - body.len();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if parent_indent.is_some_and(|parent| indent <= parent) {
                break 'keys;
            }
            let name = body
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if name == *key
                && body[name.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':')
            {
                found = Some(index + 1);
                parent_indent = Some(indent);
                continue 'keys;
            }
        }
        break;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for good in [
            "https://a.example",
            "http://a.example/x?y#z",
            "HTTPS://A.example/",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)//",
            "JavaScript:alert(1)",
            "https://",
            "//evil.example",
            "data:text/html,x",
            "https://a.example/\u{0}",
            " https://a.example",
            "ftp://a.example",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        assert!(is_site_path("/handbook/"));
        assert!(!is_site_path("//evil.example/"));
        assert!(!is_site_path("/\\evil.example/"));
        assert!(!is_site_path("handbook"));
    }

    #[test]
    fn folder_names() {
        assert!(is_folder_name("corporate"));
        for bad in ["", "..", "../x", "a/b", "a\\b", ".hidden", "/etc"] {
            assert!(!is_folder_name(bad), "{bad}");
        }
    }

    #[test]
    fn key_lines() {
        let text =
            "title: T\nrepository:\n  # a comment\n  branch: main\n  url: x\nreview:\n  url: y\n";
        assert_eq!(key_line(text, &["repository", "url"]), Some(5));
        assert_eq!(key_line(text, &["review", "url"]), Some(7));
        assert_eq!(key_line(text, &["title"]), Some(1));
        assert_eq!(
            key_line("repository: {url: x}\n", &["repository", "url"]),
            Some(1)
        );
        assert_eq!(
            key_line("a:\n  b: 1\nc:\n  url: 2\n", &["a", "url"]),
            Some(1)
        );
    }
}

/// "Did you mean" for an unknown key of the configuration, from the YAML reader's message
/// (`links: unknown field `brokn`, expected `broken``): the nearest known key, with its path.
pub fn unknown_key_hint(message: &str) -> Option<String> {
    let (path, rest) = match message.split_once(": unknown field `") {
        Some((path, rest)) => (Some(path), rest),
        None => (None, message.strip_prefix("unknown field `")?),
    };
    let (unknown, expected) = rest.split_once("`, expected ")?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let near = crate::model::kinds::nearest(unknown, known.iter().copied())?;
    Some(match path {
        Some(path) => format!(
            "did you mean `{path}.{near}`? The keys of `{path}` are {}",
            known.join(", ")
        ),
        None => format!("did you mean `{near}:`? Put your own values under `extra:`"),
    })
}

#[cfg(test)]
mod hint_tests {
    use super::unknown_key_hint;

    #[test]
    fn unknown_keys_get_the_nearest_known_one() {
        assert_eq!(
            unknown_key_hint("links: unknown field `brokn`, expected `broken`").as_deref(),
            Some("did you mean `links.broken`? The keys of `links` are broken")
        );
        assert!(unknown_key_hint(
            "unknown field `serch`, expected one of `title`, `search`, `extra`"
        )
        .unwrap()
        .starts_with("did you mean `search:`?"));
        assert_eq!(
            unknown_key_hint("unknown field `zzzzzz`, expected `title`"),
            None
        );
    }
}
