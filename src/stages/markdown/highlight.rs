//! Code lines highlighted by syntect, each line's result remembered: a line met again in
//! the same grammar state (a closing brace, a `key: value` that many blocks share) costs a
//! hash lookup instead of running the grammar's regular expressions, which are most of the
//! cost of highlighting. The HTML is the same as syntect's `ClassedHTMLGenerator` makes.

use std::collections::HashMap;

use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Distinct lines remembered at most; past it the memory starts afresh.
const MAX_LINES: usize = 4096;
/// Grammar states remembered for one line's text.
const MAX_STATES: usize = 4;

/// What parsing one line from one state gave.
struct ParsedLine {
    before: ParseState,
    after: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
}

/// The lines one rendering thread has highlighted (a thread keeps one for all its pages).
#[derive(Default)]
pub struct Highlighting {
    /// Each line's text → its place in `parsed` (one hash lookup, then the states compared).
    lines: HashMap<String, usize>,
    /// The parses of each line, from the states it was met in.
    parsed: Vec<Vec<ParsedLine>>,
}

impl Highlighting {
    /// `code` as HTML spans with classes in `style`; `None` if the grammar fails on a line.
    pub fn spans(
        &mut self,
        syntax: &SyntaxReference,
        syntaxes: &SyntaxSet,
        code: &str,
        style: ClassStyle,
    ) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 3);
        let mut open_spans = 0isize;
        for line in LinesWithEndings::from(code) {
            let ops = self.parse(&mut state, line, syntaxes)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, ops, style, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// Parses `line` from `state` (advancing it), or replays a remembered parse of it.
    fn parse(
        &mut self,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Option<&[(usize, ScopeStackOp)]> {
        let slot = self.lines.get(line).copied();
        let known = slot.and_then(|at| self.parsed[at].iter().position(|p| p.before == *state));
        if let (Some(at), Some(index)) = (slot, known) {
            let parsed = &self.parsed[at][index];
            state.clone_from(&parsed.after);
            return Some(&parsed.ops);
        }
        let before = state.clone();
        let ops = state.parse_line(line, syntaxes).ok()?;
        let at = match slot {
            Some(at) => at,
            None => {
                if self.lines.len() >= MAX_LINES {
                    self.lines.clear();
                    self.parsed.clear();
                }
                self.lines.insert(line.to_string(), self.parsed.len());
                self.parsed.push(Vec::new());
                self.parsed.len() - 1
            }
        };
        let parsed = &mut self.parsed[at];
        if parsed.len() >= MAX_STATES {
            parsed.remove(0);
        }
        parsed.push(ParsedLine {
            before,
            after: state.clone(),
            ops,
        });
        parsed.last().map(|p| p.ops.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::below;
    use syntect::html::ClassedHTMLGenerator;

    const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

    fn plain(syntax: &SyntaxReference, syntaxes: &SyntaxSet, code: &str) -> String {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn remembered_lines_give_what_syntect_gives_afresh() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        // Lines whose meaning depends on what came before: block strings, comments,
        // nesting, quotes left open.
        let pieces: &[(&str, &[&str])] = &[
            (
                "yaml",
                &[
                    "service: api\n",
                    "  replicas: 3\n",
                    "description: |\n",
                    "  text: not a key here\n",
                    "- item # note\n",
                    "\"open: string\n",
                    "}\n",
                    "\n",
                ],
            ),
            (
                "rs",
                &[
                    "fn main() {\n",
                    "    /* a comment starts\n",
                    "    still comment */ let x = 1;\n",
                    "    let s = \"a string\n",
                    "}\n",
                    "r#\"raw\"#;\n",
                    "\n",
                ],
            ),
        ];
        let mut memory = Highlighting::default();
        let mut seed = 7;
        for round in 0..400 {
            let (token, lines) = pieces[round % pieces.len()];
            let syntax = syntaxes.find_syntax_by_token(token).unwrap();
            let count = 1 + below(&mut seed, 8);
            let code: String = (0..count)
                .map(|_| lines[below(&mut seed, lines.len())])
                .collect();
            let remembered = memory.spans(syntax, &syntaxes, &code, STYLE).unwrap();
            assert_eq!(remembered, plain(syntax, &syntaxes, &code), "{code}");
        }
        assert!(memory.lines.len() > 5, "lines were remembered");
    }
}
