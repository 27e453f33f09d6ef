//! Fenced code blocks: highlighted at build time with syntect (classes, not inline styles, so
//! the theme colours them for light and dark), and ```` ```mermaid ```` blocks left as their
//! source for the theme's vendored Mermaid to draw in the browser.

use std::sync::LazyLock;

use pulldown_cmark::CodeBlockKind;
use pulldown_cmark_escape::escape_html;
use syntect::html::ClassStyle;
use syntect::parsing::SyntaxSet;

use super::highlight::Highlighting;

/// The grammars, loaded once, on the first code block that names a language or by [`prepare`]
/// (a handbook without a fenced block never pays for them). Read-only after loading.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Loads the grammars now rather than on the first code block: the build calls it on a
/// thread of its own once it has seen a fence in some file, so that loading them overlaps
/// the work before rendering.
pub fn prepare() {
    LazyLock::force(&SYNTAXES);
}

/// Every highlighted token's classes start with this (`hl-keyword`, `hl-string` …).
const CLASS_PREFIX: &str = "hl-";

/// The language named by a fence's info string: its first word (`rust,ignore` → `rust`).
pub fn language<'a>(kind: &'a CodeBlockKind) -> Option<&'a str> {
    match kind {
        CodeBlockKind::Indented => None,
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|word| !word.is_empty()),
    }
}

/// The HTML of one code block whose text is `code`; `highlighting` remembers highlighted
/// lines across the blocks a thread renders.
pub fn render(language: Option<&str>, code: &str, highlighting: &mut Highlighting) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 96);
    if language.is_some_and(|l| l.eq_ignore_ascii_case("mermaid")) {
        // Mermaid reads the element's text; without JavaScript the source stays readable.
        html.push_str("<pre class=\"mermaid\">");
        let _ = escape_html(&mut html, code);
        html.push_str("</pre>\n");
        return html;
    }
    html.push_str("<div class=\"code-block\">");
    match language {
        Some(language) => {
            html.push_str("<pre class=\"highlight\" data-lang=\"");
            let _ = escape_html(&mut html, language);
            html.push_str("\"><code class=\"language-");
            let _ = escape_html(&mut html, language);
            html.push_str("\">");
            match highlighted(language, code, highlighting) {
                Some(spans) => html.push_str(&spans),
                None => {
                    let _ = escape_html(&mut html, code);
                }
            }
        }
        None => {
            html.push_str("<pre><code>");
            let _ = escape_html(&mut html, code);
        }
    }
    html.push_str("</code></pre></div>\n");
    html
}

/// `code` as spans with classes, or `None` when syntect knows no such language (or fails).
fn highlighted(language: &str, code: &str, highlighting: &mut Highlighting) -> Option<String> {
    if matches!(
        language.to_ascii_lowercase().as_str(),
        "text" | "txt" | "plain" | "plaintext"
    ) {
        return None;
    }
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes
        .find_syntax_by_token(language)
        .or_else(|| syntaxes.find_syntax_by_token(alias(language)?))?;
    let style = ClassStyle::SpacedPrefixed {
        prefix: CLASS_PREFIX,
    };
    highlighting.spans(syntax, syntaxes, code, style)
}

/// Common names for languages that the grammars know under another token.
fn alias(language: &str) -> Option<&'static str> {
    Some(match language.to_ascii_lowercase().as_str() {
        "shell" | "console" | "zsh" => "bash",
        "yml" => "yaml",
        "golang" => "go",
        "jsonc" | "json5" => "json",
        "javascript" | "node" | "ts" | "typescript" => "js",
        "py3" | "python3" => "python",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_language_gets_classes_and_stays_escaped() {
        let html = render(
            Some("rust"),
            "fn main() { let s = \"<b>\"; }\n",
            &mut Highlighting::default(),
        );
        assert!(html.contains("class=\"language-rust\""), "{html}");
        assert!(html.contains("hl-keyword"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_languages_and_plain_blocks_are_escaped_text() {
        let html = render(
            Some("no-such-lang"),
            "a < b\n",
            &mut Highlighting::default(),
        );
        assert!(
            html.contains("<code class=\"language-no-such-lang\">a &lt; b\n</code>"),
            "{html}"
        );
        let html = render(None, "x & y\n", &mut Highlighting::default());
        assert!(
            html.contains("<pre><code>x &amp; y\n</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn mermaid_is_left_for_the_browser() {
        let html = render(
            Some("mermaid"),
            "graph TD\n  A --> B\n",
            &mut Highlighting::default(),
        );
        assert_eq!(
            html,
            "<pre class=\"mermaid\">graph TD\n  A --&gt; B\n</pre>\n"
        );
    }

    #[test]
    fn info_strings_name_their_first_word() {
        let fenced = |s: &'static str| CodeBlockKind::Fenced(s.into());
        assert_eq!(language(&fenced("rust,ignore")), Some("rust"));
        assert_eq!(language(&fenced("python {.wide}")), Some("python"));
        assert_eq!(language(&fenced("")), None);
        assert_eq!(language(&CodeBlockKind::Indented), None);
    }
}
