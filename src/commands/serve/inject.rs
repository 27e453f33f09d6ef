//! The live-reload snippet, injected into every HTML response after rendering so that no
//! handbook template can lose it, and the client script it loads; and the root `<base>` of
//! the 404 page, which stands in for missing pages at any depth.

/// Where the client script is served.
pub const CLIENT_PATH: &str = "/__northstar/live.js";
/// Where the client connects its websocket.
pub const SOCKET_PATH: &str = "/__northstar/ws";
/// The client script.
pub const CLIENT_JS: &str = include_str!("live.js");

/// The snippet for `page` (its output path); `missing` when the 404 page stands in for it;
/// `ahead`, the number of the pages shown ahead of a rebuild that it is one of.
pub fn snippet(page: &str, missing: bool, ahead: Option<u64>) -> String {
    let page = pulldown_cmark_escape_attr(page);
    let ahead = ahead.map_or(String::new(), |n| format!(r#" data-ahead="{n}""#));
    format!(
        r#"<script src="{CLIENT_PATH}" data-page="{page}" data-missing="{missing}"{ahead}></script>"#
    )
}

/// `html` with `snippet` inserted before its last `</body>` (appended when there is none).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The 404 page, written for the site's root, served at a missing path (`/a/b/c.html`): its
/// relative links and stylesheets would resolve under `/a/b/`, so it gets `<base href="/">`
/// right after `<head>` (`serve` always serves the site at `/`). Left as it is without one.
pub fn at_root(html: &[u8]) -> Vec<u8> {
    let head = find_ignore_case(html, b"<head").and_then(|at| {
        html[at..]
            .iter()
            .position(|b| *b == b'>')
            .map(|end| at + end + 1)
    });
    let Some(at) = head else {
        return html.to_vec();
    };
    [&html[..at], br#"<base href="/">"#.as_slice(), &html[at..]].concat()
}

/// `html` without any injected snippet (for comparing with a clean build).
pub fn strip(html: &[u8], snippet: &str) -> Vec<u8> {
    let Some(at) = html
        .windows(snippet.len())
        .position(|w| w == snippet.as_bytes())
    else {
        return html.to_vec();
    };
    [&html[..at], &html[at + snippet.len()..]].concat()
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

fn pulldown_cmark_escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let snippet = snippet("a.html", false, None);
        let html = b"<html><body><p>x</p><pre></body></pre></BODY></html>";
        let injected = inject(html, &snippet);
        let text = String::from_utf8(injected.clone()).unwrap();
        assert!(
            text.ends_with(&format!("{snippet}</BODY></html>")),
            "{text}"
        );
        assert_eq!(strip(&injected, &snippet), html);
        assert!(String::from_utf8(inject(b"<p>bare", &snippet))
            .unwrap()
            .ends_with(&snippet));
    }

    #[test]
    fn the_404_page_gets_a_root_base_after_its_head() {
        let page = b"<!doctype html><HTML><Head lang=x><link href=\"northstar/style.css\"></head>";
        assert_eq!(
            String::from_utf8(at_root(page)).unwrap(),
            "<!doctype html><HTML><Head lang=x><base href=\"/\"><link href=\"northstar/style.css\"></head>"
        );
        assert_eq!(at_root(b"<p>no head"), b"<p>no head");
    }

    #[test]
    fn escapes_the_page_path() {
        assert!(snippet("a\"b<c>.html", true, None)
            .contains(r#"data-page="a&quot;b&lt;c&gt;.html" data-missing="true""#));
    }
}
