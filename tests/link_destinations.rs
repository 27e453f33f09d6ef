//! The quick reading of a body's link destinations ("Linked from" uses it instead of a second
//! Markdown parse) must agree with pulldown-cmark whenever it answers: property tests over
//! bodies built from the characters that change what brackets mean, the sample handbook and
//! the public corpora in ../shared/corpora.

mod common;

use northstar::stages::markdown::{inline_link_destinations, options};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use pulldown_cmark::{Event, Parser, Tag};

/// The destinations of `body`'s links as pulldown-cmark reports them, in order.
fn parsed(body: &str) -> Vec<String> {
    Parser::new_ext(body, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Checks the quick reading against the parser; whether it answered.
fn agrees(body: &str) -> Result<bool, String> {
    match inline_link_destinations(body) {
        None => Ok(false),
        Some(quick) => {
            let quick: Vec<String> = quick.into_iter().map(str::to_string).collect();
            let full = parsed(body);
            if quick == full {
                Ok(true)
            } else {
                Err(format!(
                    "body {body:?}\n quick: {quick:?}\n parsed: {full:?}"
                ))
            }
        }
    }
}

/// Pieces of Markdown whose order decides what is a link.
const PIECES: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "[a](b.md)",
    "[x](../c.md#top)",
    "`",
    "``",
    "```",
    "~~~",
    "\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "    ",
    "a",
    "b.md",
    "word",
    "|",
    "| ",
    "|---|",
    "<",
    "<b.md>",
    "\\",
    "&amp;",
    "&#91;",
    ":",
    ": ",
    ">",
    "> ",
    "- ",
    "* ",
    "1. ",
    "# ",
    "*",
    "_",
    "^",
    "[^1]",
    "{#x}",
    "\t",
    "\u{a0}",
    "é",
    "[ ] ",
    "[x] ",
    "---",
    "===",
    "!",
    "\"t\"",
    "'",
    "]:",
    "\r\n",
    "http://x.y/",
    "(a)",
    "-",
    "+",
    "2)",
    "~~",
    "[^a]",
    "[^1]: ",
    "> [!NOTE] ",
    "[!",
    "< ",
    "<",
    "&co=x",
    "&b;",
    "\u{2003}",
    "é.md",
    ">>",
    ">    ",
    "<!--",
    "-->",
];

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

/// Bodies that are mostly prose with links, so that the quick reading answers often.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(&["word ", "more words ", "\n", "\n\n", "- ", "1. ", "## ", "| a | ", "|---|---|\n", "**b** ", "`code` ", "``x ` y`` ", "```\n", "~~~~\n", "  ", "    ", "!"][..]),
        3 => prop::sample::select(&["[a](b.md)", "[t `c`](d.md#e)", "![i](p.png)", "[a](<b c.md>)", "[ü](é.md)", "[a](x?a=1&b=2)", "[a](b(c).md)"][..]),
        2 => prop::sample::select(&["[a [b](c.md) d](e.md)", "![a [b](c.md)](d.png)", "[]()", "[a]", "[a][b]", "[a]()", "](x.md)", "[", "]", "[x](y.md", "[a](<b>)", "[a](<b c.md#d>)", "[a](<b>c)", "[a](<b<c>)", "[a](<b&amp;>)", "[a [b](c.md) d](<x y='[e](f.md)'>)", "](<", "[a](<b.md> \"t\")", "[a](b \"t\")", "`[a](b)`", "[`](x)`](y)", "[a](x&amp;y)", "[a](b\u{a0}c.md)", "[a](b\u{2003}c.md)", "[^n]", "\n[^n]: ", "[^n](x.md)", "\n> ", "\n> [!NOTE] ", "> [!TIP](x.md)", "< 5 ", "<x>", "<http://a.b>", "\n>     "][..]),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_parser_on_any_characters(body in body()) {
        if let Err(message) = agrees(&body) {
            prop_assert!(false, "{}", message);
        }
    }

    #[test]
    fn agrees_with_the_parser_on_dense_punctuation(body in "[\\[\\]()<>`!|:^ \n*#~&;a.>-]{0,60}") {
        if let Err(message) = agrees(&body) {
            prop_assert!(false, "{}", message);
        }
    }

    #[test]
    fn agrees_with_the_parser_on_prose(body in prose()) {
        if let Err(message) = agrees(&body) {
            prop_assert!(false, "{}", message);
        }
    }
}

/// How many of `count` bodies drawn from `strategy` the quick reading answers for (the
/// property tests above only test those).
fn answered_share(strategy: impl Strategy<Value = String>, count: usize) -> (usize, usize) {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut answered = 0;
    let mut with_links = 0;
    for _ in 0..count {
        let body = strategy.new_tree(&mut runner).unwrap().current();
        if let Some(found) = inline_link_destinations(&body) {
            answered += 1;
            with_links += usize::from(!found.is_empty());
        }
    }
    (answered, with_links)
}

#[test]
fn the_property_tests_test_answers_with_links() {
    let (answered, with_links) = answered_share(prose(), 2000);
    eprintln!("prose: answered {answered} of 2000, {with_links} with links");
    assert!(
        answered > 400 && with_links > 150,
        "{answered} answered, {with_links} with links"
    );
    let (answered, with_links) = answered_share(body(), 2000);
    eprintln!("any characters: answered {answered} of 2000, {with_links} with links");
    assert!(
        answered > 100 && with_links > 20,
        "{answered} answered, {with_links} with links"
    );
}

#[test]
fn plain_bodies_are_read_without_parsing() {
    let body = "# Title\n\nSee [the policy](../policies/a.md#scope) and `code [x](y)`.\n\n\
        ```yaml\n[not](a-link.md)\n```\n\n- [one](one.md)\n- ![image](i.png) [two](two.md)\n\n\
        | Doc | Note |\n|---|---|\n| [three](three.md) | plain |\n";
    assert_eq!(
        inline_link_destinations(body),
        Some(vec![
            "../policies/a.md#scope",
            "one.md",
            "two.md",
            "three.md"
        ])
    );
    assert_eq!(
        parsed(body),
        ["../policies/a.md#scope", "one.md", "two.md", "three.md"]
    );
}

#[test]
fn forms_beyond_one_line_are_left_to_the_parser() {
    for body in [
        "> ```\n> [quoted](a.md)",
        "[a\nb](c.md)",
        "a `code\n[x](y.md)` b",
        "[ref][r]\n\n[r]: target.md",
        "<div>\n[a](b.md)\n</div>",
        "[a](b.md \"title\")",
        "- x\n\n      [code](c.md)",
        "\\[a](b.md)",
    ] {
        assert_eq!(inline_link_destinations(body), None, "{body:?}");
    }
}

#[test]
fn lines_of_many_brackets_and_code_spans_agree() {
    // Lines that would take quadratic time if each link or bracket looked back over every
    // earlier one.
    let openers_then_links = format!("{}{}", "[".repeat(20_000), "[a](b.md) ".repeat(20_000));
    let code_and_brackets = "`c` [x] ".repeat(20_000) + "[a](b.md)";
    let images_and_links = "![i](p.png) [a [b](c.md)](d.md) ".repeat(10_000);
    for body in [openers_then_links, code_and_brackets, images_and_links] {
        assert_eq!(agrees(&body), Ok(true), "{}", &body[..60]);
    }
}

/// The sample handbook, the corpora and any folder named by `MORE_MARKDOWN`; with
/// `SHOW_UNANSWERED=1` (and `--nocapture`) it prints the first line of each file the quick
/// reading gives up on, which is where to look for the next form worth following.
#[test]
fn agrees_with_the_parser_on_real_handbooks() {
    let (files, sample) = common::real_markdown_files();
    let mut answered = 0;
    let mut sample_answered = 0;
    for (index, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        match agrees(&text) {
            Ok(true) => {
                answered += 1;
                sample_answered += usize::from(index < sample);
            }
            Ok(false) => {
                if std::env::var_os("SHOW_UNANSWERED").is_some() {
                    let lines: Vec<&str> = text.split_inclusive('\n').collect();
                    let first = (1..=lines.len())
                        .find(|&k| inline_link_destinations(&lines[..k].concat()).is_none())
                        .unwrap_or(0);
                    eprintln!(
                        "unanswered: {} line {first}: {:?}",
                        file.display(),
                        lines.get(first.max(1) - 1)
                    );
                }
            }
            Err(message) => panic!("{}: {message}", file.display()),
        }
    }
    eprintln!("answered for {answered} of {} files", files.len());
    assert!(
        sample_answered * 4 > sample * 3,
        "the quick reading answers for most of the sample ({sample_answered} of {sample})"
    );
}
