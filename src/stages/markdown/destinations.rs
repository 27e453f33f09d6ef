//! The destinations of a body's inline links, read straight from the text when the body keeps
//! to forms whose meaning does not depend on anything beyond their own line, without parsing
//! the whole body; `None` when it does not, and the caller parses it.
//!
//! "Linked from" needs every body's links before any page renders, so without this each body
//! is parsed twice. The reading follows CommonMark's bracket rules within one line (openers,
//! openers made inactive by a link, images, code spans, destinations in angle brackets) and
//! the containers that do not change them (lists, block quotes, table rows, footnote
//! definitions, fenced code at the start of a line). It gives up (`None`) on anything that
//! could make a line's brackets mean something else: HTML and autolinks, backslash escapes,
//! reference definitions, definition lists, indented code, fences inside a container, code
//! spans or link text crossing lines, pipes inside a link or a row with more cells than its
//! table, footnote references among brackets, and destinations with titles or entities.
//! `tests/link_destinations.rs` holds it to pulldown-cmark's answer.

use memchr::memchr;

/// The destination of each inline link of `body` (not images), in order, as pulldown-cmark
/// would report them; `None` when the body has a form this reading does not follow.
pub fn inline_link_destinations(body: &str) -> Option<Vec<&str>> {
    let bytes = body.as_bytes();
    let mut reader = Reader {
        rare: Rare::of(bytes),
        ..Reader::default()
    };
    let mut fence: Option<Fence> = None;
    let mut after_table_row = false;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        let mut line = &bytes[start..end];
        start = end + 1;
        if let Some(without) = line.strip_suffix(b"\r") {
            line = without;
        }
        if let Some(open) = fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            continue;
        }
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[indent..];
        if let Some(opened) = Fence::opened_by(rest) {
            // A fence in a container, or right under a table row (which it may or may not
            // end), is beyond this reading.
            if indent > 0 || after_table_row {
                return None;
            }
            fence = Some(opened?);
            continue;
        }
        let pipe = reader.rare.pipe && memchr(b'|', line).is_some();
        after_table_row = pipe;
        if rest.is_empty() {
            reader.table_columns = None;
        } else if let Some(columns) = delimiter_row_cells(line) {
            reader.table_columns = Some(columns);
        }
        reader.read(Line {
            text: line,
            indent,
            pipe,
        })?;
    }
    Some(reader.found)
}

/// One line outside fenced code: its text, its leading spaces, whether it holds a pipe.
struct Line<'b> {
    text: &'b [u8],
    indent: usize,
    pipe: bool,
}

/// Which of the bytes that few bodies hold this one holds anywhere: a line is searched for
/// one only when the body has it (each search of a short line costs more than its bytes).
#[derive(Default, Clone, Copy)]
struct Rare {
    /// A backslash, a tab or a carriage return.
    escape: bool,
    angle: bool,
    tilde: bool,
    pipe: bool,
}

impl Rare {
    fn of(body: &[u8]) -> Rare {
        Rare {
            escape: memchr::memchr3(b'\\', b'\t', b'\r', body).is_some(),
            angle: memchr(b'<', body).is_some(),
            tilde: memchr(b'~', body).is_some(),
            pipe: memchr(b'|', body).is_some(),
        }
    }
}

/// The reading of a body line by line; its buffers serve every line.
#[derive(Default)]
struct Reader<'b> {
    rare: Rare,
    found: Vec<&'b str>,
    /// The columns of the table the lines may be rows of (from its delimiter row).
    table_columns: Option<usize>,
    code: Vec<(usize, usize)>,
    openers: Vec<Opener>,
    /// The openers below this place on the stack are inactive, images aside: a link was
    /// made after them (links do not nest). One number instead of a mark on each opener
    /// keeps a line of many brackets linear.
    inactive_below: usize,
}

/// An open fenced code block: its character and how many of them opened it.
#[derive(Clone, Copy)]
struct Fence {
    mark: u8,
    length: usize,
}

impl Fence {
    /// The fence `line` (without its indentation) opens, if it starts with three backticks or
    /// tildes; `Some(None)` for a backtick line whose info string holds a backtick (not a
    /// fence, but an inline code span this reading does not follow).
    fn opened_by(line: &[u8]) -> Option<Option<Fence>> {
        let mark = *line.first()?;
        if mark != b'`' && mark != b'~' {
            return None;
        }
        let length = line.iter().take_while(|&&b| b == mark).count();
        if length < 3 {
            return None;
        }
        if mark == b'`' && memchr(b'`', &line[length..]).is_some() {
            return Some(None);
        }
        Some(Some(Fence { mark, length }))
    }

    /// Whether `line` closes this fence: up to three spaces, at least as many of the same
    /// character, then only spaces or tabs.
    fn is_closed_by(&self, line: &[u8]) -> bool {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if indent > 3 {
            return false;
        }
        let rest = &line[indent..];
        let length = rest.iter().take_while(|&&b| b == self.mark).count();
        length >= self.length && rest[length..].iter().all(|&b| b == b' ' || b == b'\t')
    }
}

/// A `[` or `![` waiting for its `]`.
#[derive(Clone, Copy)]
struct Opener {
    at: usize,
    image: bool,
    /// `[^`: a footnote reference, never a link's text here.
    footnote: bool,
}

impl<'b> Reader<'b> {
    /// Reads the links of `line`, adding their destinations to `found`; `None` when the line
    /// has a form this reading does not follow.
    fn read(&mut self, line: Line<'b>) -> Option<()> {
        let Line { text, indent, pipe } = line;
        let rare = self.rare;
        if (rare.escape && memchr::memchr3(b'\\', b'\t', b'\r', text).is_some())
            || (rare.angle && may_open_html(text))
        {
            return None;
        }
        code_spans(text, &mut self.code)?;
        // Three tildes may open a fence inside a list item (three backticks fail `code_spans`).
        if rare.tilde && memchr::memchr_iter(b'~', text).any(|at| text[at..].starts_with(b"~~~")) {
            return None;
        }
        if memchr::memchr2(b'[', b']', text).is_none() {
            return Some(());
        }
        if container_prefix_is_indented(text) || (pipe && !self.code.is_empty()) {
            return None;
        }
        // A table drops the cells of a row beyond its columns, links and all.
        if pipe
            && self
                .table_columns
                .is_some_and(|columns| cells(text) > columns)
        {
            return None;
        }
        self.openers.clear();
        self.inactive_below = 0;
        // The first code span that does not end before the bracket being read.
        let mut span = 0;
        let mut at = content_start(text, indent)?;
        while let Some(next) = memchr::memchr2(b'[', b']', &text[at..]) {
            at += next;
            while self.code.get(span).is_some_and(|&(_, end)| end <= at) {
                span += 1;
            }
            if self.code.get(span).is_some_and(|&(start, _)| start <= at) {
                at += 1;
                continue;
            }
            if text[at] == b'[' {
                self.openers.push(Opener {
                    at,
                    image: at > 0 && text[at - 1] == b'!',
                    footnote: text.get(at + 1) == Some(&b'^'),
                });
                at += 1;
                continue;
            }
            at = self.close(text, at, pipe)?;
        }
        Some(())
    }

    /// Handles the `]` at `at` of `text`: a link, an image or a literal bracket; returns
    /// where reading goes on.
    fn close(&mut self, text: &'b [u8], at: usize, pipe: bool) -> Option<usize> {
        let next = text.get(at + 1).copied();
        if next == Some(b':') {
            return None;
        }
        let Some(opener) = self.openers.pop() else {
            // Its opener may be on an earlier line of the paragraph.
            return (next != Some(b'(')).then_some(at + 1);
        };
        let active = opener.image || self.openers.len() >= self.inactive_below;
        self.inactive_below = self.inactive_below.min(self.openers.len());
        // A footnote reference may or may not act as a link does on the brackets around it.
        if opener.footnote && (next == Some(b'(') || !self.openers.is_empty()) {
            return None;
        }
        if !active || next != Some(b'(') {
            // `(<` that is not a destination may be HTML.
            if next == Some(b'(') && text.get(at + 2) == Some(&b'<') {
                return None;
            }
            return Some(at + 1);
        }
        let (destination, close) = destination(text, at + 2)?;
        if pipe && memchr(b'|', &text[opener.at..=close]).is_some() {
            return None;
        }
        if !opener.image {
            self.found.push(destination);
            self.inactive_below = self.openers.len();
        }
        Some(close + 1)
    }
}

/// The number of cells of `line` if it may be a table's delimiter row (pipes, dashes, colons
/// and spaces, with a pipe and a dash; block-quote markers before it).
fn delimiter_row_cells(line: &[u8]) -> Option<usize> {
    let row = line
        .iter()
        .position(|&b| b != b' ' && b != b'>')
        .map_or(&line[..0], |at| &line[at..]);
    let is_row = row.iter().all(|&b| matches!(b, b'|' | b'-' | b':' | b' '))
        && memchr(b'|', row).is_some()
        && memchr(b'-', row).is_some();
    is_row.then(|| cells(row))
}

/// How many cells the table row `line` has: its pipes split it, a leading and a trailing pipe
/// aside.
fn cells(line: &[u8]) -> usize {
    let row = line.trim_ascii();
    let row = row.strip_prefix(b"|").unwrap_or(row);
    let row = row.strip_suffix(b"|").unwrap_or(row);
    memchr::memchr_iter(b'|', row).count() + 1
}

/// Whether `line` has a `<` that may start HTML, a comment or an autolink: anything but a
/// `<` before a space or at the end of the line, or one just after `](` (a destination in
/// angle brackets, which the bracket reading checks is one).
fn may_open_html(line: &[u8]) -> bool {
    memchr::memchr_iter(b'<', line).any(|at| {
        !matches!(line.get(at + 1), None | Some(b' ')) && (at < 2 || &line[at - 2..at] != b"](")
    })
}

/// Where the inline text of `line` (`indent` leading spaces) starts: after block-quote
/// markers or a footnote definition's label; `None` for what this reading does not follow
/// (definition lists, fences in block quotes, an alert marker followed by `(`).
fn content_start(line: &[u8], indent: usize) -> Option<usize> {
    let mut at = indent;
    match line.get(at) {
        Some(b':') => None,
        Some(b'>') => {
            while line.get(at) == Some(&b'>') {
                at += 1;
                at += line[at..].iter().take_while(|&&b| b == b' ').count().min(4);
            }
            let rest = &line[at..];
            if Fence::opened_by(rest).is_some() {
                return None;
            }
            // `> [!NOTE]` may be an alert marker rather than brackets.
            if rest.starts_with(b"[!") {
                let close = memchr(b']', rest)?;
                if rest.get(close + 1) == Some(&b'(') {
                    return None;
                }
            }
            Some(at)
        }
        Some(b'[') if line.get(at + 1) == Some(&b'^') => {
            let label = line[at + 2..]
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                .count();
            let end = at + 2 + label;
            if label == 0 || line.get(end..end + 2) != Some(b"]:") {
                return Some(at);
            }
            // The definition holds blocks: only a plain paragraph is followed here.
            let spaces = line[end + 2..].iter().take_while(|&&b| b == b' ').count();
            let first = line.get(end + 2 + spaces).copied();
            let plain = first.is_none_or(|b| b.is_ascii_alphabetic() || b == b'[' || b == b'!');
            (spaces < 4 && plain).then_some(end + 2)
        }
        _ => Some(at),
    }
}

/// Whether the list and quote markers and spaces starting `line` hold four spaces in a row:
/// indented code, or a list item's content this reading cannot place.
fn container_prefix_is_indented(line: &[u8]) -> bool {
    let prefix = line
        .iter()
        .take_while(|&&b| {
            matches!(
                b,
                b' ' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
            )
        })
        .count();
    line[..prefix].windows(4).any(|w| w == b"    ")
}

/// The code spans of `line` as byte ranges (backticks included) into `spans`, pairing each
/// run of backticks with the next run of the same length; `None` when a run is left unpaired
/// (a code span may cross lines) or is three or more long.
fn code_spans(line: &[u8], spans: &mut Vec<(usize, usize)>) -> Option<()> {
    spans.clear();
    let mut from = 0;
    while let Some(next) = memchr(b'`', &line[from..]) {
        let at = from + next;
        let run = run_length(line, at);
        if run >= 3 {
            return None;
        }
        let mut look = at + run;
        let close = loop {
            let next = look + memchr(b'`', &line[look..])?;
            let length = run_length(line, next);
            if length == run {
                break next;
            }
            if length >= 3 {
                return None;
            }
            look = next + length;
        };
        spans.push((at, close + run));
        from = close + run;
    }
    Some(())
}

/// How many backticks start at `at`.
fn run_length(line: &[u8], at: usize) -> usize {
    line[at..].iter().take_while(|&&b| b == b'`').count()
}

/// The destination starting at `from` (just after `](`) and the index of its closing `)`;
/// `None` unless it is a plain one (no spaces, title, backticks, pipes or entities, and
/// parentheses balanced a few deep) or one in angle brackets.
fn destination(line: &[u8], from: usize) -> Option<(&str, usize)> {
    if line.get(from) == Some(&b'<') {
        return angle_destination(line, from + 1);
    }
    let mut depth = 0u8;
    for (at, &byte) in line.iter().enumerate().skip(from) {
        match byte {
            b'(' => {
                depth += 1;
                if depth > 4 {
                    return None;
                }
            }
            b')' if depth == 0 => {
                let text = std::str::from_utf8(&line[from..at]).ok()?;
                return Some((text, at));
            }
            b')' => depth -= 1,
            b'&' if is_entity(&line[at..]) => return None,
            b' ' | b'`' | b'|' | b'<' | b'>' | b'"' | b'\'' => return None,
            0..=0x1f | 0x7f => return None,
            _ => {}
        }
    }
    None
}

/// The destination written in angle brackets from `from` (just after `<`) and the index of
/// the `)` right after its `>`; `None` for anything else (a title, an entity, another `<`).
fn angle_destination(line: &[u8], from: usize) -> Option<(&str, usize)> {
    let close = from + memchr::memchr2(b'>', b'<', &line[from..])?;
    if line[close] != b'>' || line.get(close + 1) != Some(&b')') {
        return None;
    }
    let inside = &line[from..close];
    if memchr::memchr_iter(b'&', inside).any(|at| is_entity(&inside[at..])) {
        return None;
    }
    Some((std::str::from_utf8(inside).ok()?, close + 1))
}

/// Whether `text` starts with what may be an entity or character reference (`&name;`,
/// `&#123;`), which the parser would decode.
fn is_entity(text: &[u8]) -> bool {
    let name = text[1..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'#')
        .count();
    name > 0 && text.get(1 + name) == Some(&b';')
}
