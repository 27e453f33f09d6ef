//! Files of `content/` that would run code in a reader's browser. Unless
//! `markdown.raw_html: allow` trusts every author, they are withheld from the site with a
//! warning: HTML-like files (`.html`, `.xhtml`, `.xsl` …) always, since a browser runs their
//! scripts in the handbook's origin when opened; SVG and XML files when they hold a script,
//! an event handler, a frame or object, a script address (`javascript:`), an animation that
//! rewrites a link, or a style sheet instruction. Plain diagrams pass unchanged.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::config::RawHtml;
use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;
use crate::util::fsutil;

/// Extensions of files a browser opens as a document that can run scripts.
const DOCUMENTS: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "shtm", "xsl", "xslt", "mht", "mhtml", "svgz", "hta",
];
/// Extensions of XML files that are published once read and found inert.
const INSPECTED: &[&str] = &["svg", "xml"];
/// Elements that run or embed something, in any namespace.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "embed", "object", "applet", "base", "meta",
    "handler", "listener", "portal",
];
/// Attributes that hold an address.
const ADDRESS_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "data"];

/// What to do with a file of `content/` under `raw_html`.
#[derive(Debug, PartialEq, Eq)]
pub enum Screening {
    Publish,
    /// Read it and publish it if it is inert.
    Inspect,
    Withhold,
}

/// How a file named `path` is screened under `raw_html`.
pub fn screening(path: &str, raw_html: RawHtml) -> Screening {
    if raw_html == RawHtml::Allow {
        return Screening::Publish;
    }
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if DOCUMENTS.contains(&extension.as_str()) {
        Screening::Withhold
    } else if INSPECTED.contains(&extension.as_str()) {
        Screening::Inspect
    } else {
        Screening::Publish
    }
}

/// Moves every active file of `site.assets` to `site.withheld_files`, with a warning each.
pub fn withhold_active_files(site: &mut Site, content: &Path) -> Vec<Diagnostic> {
    let raw_html = site.config.markdown.raw_html;
    let mut assets: Vec<&String> = site.assets.iter().collect();
    assets.sort();
    let found: Vec<(String, Diagnostic)> = assets
        .par_iter()
        .filter_map(|asset| {
            let shown = PathBuf::from("content").join(asset);
            let diagnostic = match screening(asset, raw_html) {
                Screening::Publish => return None,
                Screening::Withhold => withheld(
                    format!(
                        "`{}` is not published: a browser runs the scripts an HTML file holds",
                        shown.display()
                    ),
                    &shown,
                    None,
                ),
                Screening::Inspect => {
                    let problem = match fsutil::read(&content.join(asset)) {
                        Ok(bytes) => active_content(&String::from_utf8_lossy(&bytes))?,
                        Err(error) => Problem {
                            what: format!("it could not be read ({error:#})"),
                            line: None,
                        },
                    };
                    withheld(
                        format!("`{}` is not published: {}", shown.display(), problem.what),
                        &shown,
                        problem.line,
                    )
                }
            };
            Some((asset.to_string(), diagnostic))
        })
        .collect();
    let mut diagnostics = Vec::with_capacity(found.len());
    let mut withheld: HashSet<String> = HashSet::with_capacity(found.len());
    for (asset, diagnostic) in found {
        site.assets.remove(&asset);
        withheld.insert(asset);
        diagnostics.push(diagnostic);
    }
    site.withheld_files.extend(withheld);
    diagnostics
}

fn withheld(message: String, shown: &Path, line: Option<usize>) -> Diagnostic {
    let diagnostic = Diagnostic::warning(message).code("active-file");
    let diagnostic = match line {
        Some(line) => diagnostic.at(shown, line, 1),
        None => diagnostic.in_file(shown),
    };
    diagnostic.help(
        "remove what runs from the file, turn an HTML page into a Markdown document, or set \
         `markdown.raw_html: allow` in northstar.yaml to publish files as they are (every author \
         is then trusted to run code in readers' browsers)",
    )
}

/// Why an SVG or XML file is withheld, and where.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub what: String,
    pub line: Option<usize>,
}

/// The first thing in the XML `text` that can run in a browser, or `None` when it is inert.
pub fn active_content(text: &str) -> Option<Problem> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(error) => {
            return Some(Problem {
                what: format!("it is not well-formed XML ({error}), so it cannot be checked"),
                line: Some(error.pos().row as usize),
            })
        }
    };
    let line = |node: roxmltree::Node| Some(document.text_pos_at(node.range().start).row as usize);
    for node in document.descendants() {
        if let Some(pi) = node.pi() {
            if pi.target.eq_ignore_ascii_case("xml-stylesheet") {
                return Some(Problem {
                    what: "it names a style sheet (`<?xml-stylesheet?>`), which can add scripts"
                        .into(),
                    line: line(node),
                });
            }
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if ACTIVE_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            return Some(Problem {
                what: format!(
                    "it holds a `<{name}>` element, which would run in readers' browsers"
                ),
                line: line(node),
            });
        }
        for attribute in node.attributes() {
            if let Some(what) = active_attribute(name, attribute.name(), attribute.value()) {
                return Some(Problem {
                    what,
                    line: line(node),
                });
            }
        }
    }
    None
}

/// Why the attribute `name="value"` of element `element` can run code, or `None`.
fn active_attribute(element: &str, name: &str, value: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return Some(format!(
            "its `<{element}>` has an event handler (`{name}`), which would run in readers' browsers"
        ));
    }
    if lower == "attributename" && value.trim().to_ascii_lowercase().ends_with("href") {
        return Some(format!(
            "its `<{element}>` animates a link address, which can turn it into a script"
        ));
    }
    if ADDRESS_ATTRIBUTES.contains(&lower.as_str()) && !inert_address(value) {
        return Some(format!(
            "its `<{element}>` points `{name}` at a script or document address"
        ));
    }
    None
}

/// Whether an address cannot run code: relative, `#fragment`, http(s), mailto, or an image
/// in a `data:` address (images shown by an SVG never run scripts).
fn inert_address(value: &str) -> bool {
    // Browsers ignore white space and control characters inside a scheme.
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = compact.find(':') else {
        return true;
    };
    if compact[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = &compact[..colon];
    matches!(scheme, "http" | "https" | "mailto") || compact.starts_with("data:image/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIAGRAM: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <style>.a { fill: red; }</style>
  <defs><linearGradient id="g"/></defs>
  <a xlink:href="https://example.com/x"><rect class="a" width="5" height="5"/></a>
  <use href="#g"/><image href="data:image/png;base64,AAAA"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">Label</div></foreignObject>
  <animate attributeName="opacity" from="0" to="1"/>
</svg>"##;

    #[test]
    fn plain_diagrams_pass() {
        assert_eq!(active_content(DIAGRAM), None);
    }

    #[test]
    fn anything_that_runs_is_found_with_its_line() {
        let cases = [
            ("<svg><script>alert(1)</script></svg>", "`<script>`"),
            ("<svg xmlns='http://www.w3.org/2000/svg'>\n<rect onload='x()'/></svg>", "onload"),
            ("<svg><a href=' java\tscript:alert(1)'>x</a></svg>", "href"),
            ("<svg xmlns:x='http://www.w3.org/1999/xlink'><a x:href='JavaScript:go()'/></svg>", "href"),
            ("<svg><set attributeName='href' to='javascript:x()'/></svg>", "animates"),
            ("<svg><animate attributeName='xlink:href' values='javascript:x()'/></svg>", "animates"),
            ("<svg><foreignObject><iframe xmlns='http://www.w3.org/1999/xhtml' src='x'/></foreignObject></svg>", "`<iframe>`"),
            ("<?xml-stylesheet href='x.xsl' type='text/xsl'?><svg/>", "style sheet"),
            ("<root><h:script xmlns:h='http://www.w3.org/1999/xhtml'>x()</h:script></root>", "`<script>`"),
            ("<svg><a href='data:text/html,x'/></svg>", "href"),
            ("<svg><unclosed></svg>", "not well-formed"),
        ];
        for (text, expected) in cases {
            let problem = active_content(text).unwrap_or_else(|| panic!("passed: {text}"));
            assert!(problem.what.contains(expected), "{text}: {}", problem.what);
        }
        let problem = active_content("<svg>\n\n<script/></svg>").unwrap();
        assert_eq!(problem.line, Some(3));
    }

    #[test]
    fn entities_cannot_hide_elements_or_explode() {
        let hidden = "<!DOCTYPE svg [<!ENTITY s '<script>x()</script>'>]><svg>&s;</svg>";
        assert!(active_content(hidden).is_some());
        let bomb = "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'><!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'><!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>]><svg>&h;</svg>";
        // Refused or read, but in bounded time and memory.
        let _ = active_content(bomb);
    }

    #[test]
    fn screening_by_name() {
        assert_eq!(
            screening("a/report.HTML", RawHtml::Sanitize),
            Screening::Withhold
        );
        assert_eq!(
            screening("a/diagram.svg", RawHtml::Escape),
            Screening::Inspect
        );
        assert_eq!(
            screening("a/report.html", RawHtml::Allow),
            Screening::Publish
        );
        assert_eq!(
            screening("a/sheet.pdf", RawHtml::Sanitize),
            Screening::Publish
        );
        assert_eq!(screening("Makefile", RawHtml::Sanitize), Screening::Publish);
    }
}
