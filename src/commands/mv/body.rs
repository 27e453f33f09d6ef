//! The Markdown links (and images) of one body that a move breaks, rewritten in the form
//! they were written in: `./` kept, a folder's trailing `/`, the `#fragment` and `?query`, a
//! published form (`a.html`), percent-encoding and angle brackets.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::edits::Edit;
use super::relocation::Relocation;
use crate::model::urls;
use crate::stages::markdown;

/// The edits of the body that starts at byte `start` of its file, a document that moves from
/// content path `old` to `new` (the same when it stays).
pub struct Body<'a> {
    pub text: &'a str,
    pub start: usize,
    pub old: &'a str,
    pub new: &'a str,
}

impl Body<'_> {
    pub fn edits(&self, relocation: &Relocation) -> Vec<Edit> {
        let mut edits = Vec::new();
        let parser = Parser::new_ext(self.text, markdown::options()).into_offset_iter();
        for (_, definition) in parser.reference_definitions().iter() {
            let span = definition.span.clone();
            let written = &self.text[span.clone()];
            // The destination follows the label's `]:`.
            let Some(after) = written.find("]:") else {
                continue;
            };
            self.push(
                &mut edits,
                relocation,
                span.start + after + 2,
                written.len() - after - 2,
            );
        }
        for (event, range) in parser {
            let (Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. })) = event
            else {
                continue;
            };
            if link_type != LinkType::Inline {
                continue;
            }
            // The destination follows the last `](` of the link (the text may hold others,
            // e.g. an image inside the link).
            let written = &self.text[range.clone()];
            let Some(open) = written.rfind("](") else {
                continue;
            };
            let at = range.start + open + 2;
            self.push(&mut edits, relocation, at, range.end - at);
        }
        edits
    }

    /// The edit of the destination that starts (after spaces) at `at`, within `len` bytes.
    fn push(&self, edits: &mut Vec<Edit>, relocation: &Relocation, at: usize, len: usize) {
        let area = &self.text[at..at + len];
        let skipped = area.len() - area.trim_start().len();
        let area = &area[skipped..];
        let (dest, angle) = match area.strip_prefix('<') {
            Some(inner) => (&inner[..inner.find('>').unwrap_or(inner.len())], true),
            None => (
                &area[..area
                    .find(|c: char| c.is_whitespace() || c == ')')
                    .unwrap_or(area.len())],
                false,
            ),
        };
        if let Some(new) = rewrite(dest, self.old, self.new, relocation, angle) {
            let start = self.start + at + skipped + usize::from(angle);
            edits.push(Edit {
                range: start..start + dest.len(),
                text: new,
            });
        }
    }
}

/// The link `dest`, written in the document moving from `old` to `new`, as it must be written
/// after the move; `None` when it still points at the right place.
fn rewrite(
    dest: &str,
    old: &str,
    new: &str,
    relocation: &Relocation,
    angle: bool,
) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || is_external(dest) {
        return None;
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    if path.is_empty() {
        return None;
    }
    let encoded = path.contains('%');
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let from_root = decoded.starts_with('/');
    let base = if from_root { "" } else { urls::parent_dir(old) };
    let joined = urls::join(base, decoded.trim_start_matches('/'))?;
    let target = relocation
        .map_link(&joined)
        .unwrap_or_else(|| joined.clone());
    let new_base = if from_root { "" } else { urls::parent_dir(new) };
    if urls::join(new_base, decoded.trim_start_matches('/')).as_deref() == Some(target.as_str()) {
        return None;
    }
    let mut written = if from_root {
        format!("/{target}")
    } else {
        let relative = urls::relative(new, &target);
        match relative.as_str() {
            "" => "./".to_string(),
            _ if decoded.starts_with("./") && !relative.starts_with("../") => {
                format!("./{relative}")
            }
            _ => relative,
        }
    };
    if decoded.ends_with('/') && !written.ends_with('/') {
        written.push('/');
    }
    if encoded || (!angle && written.contains([' ', '(', ')', '<', '>'])) {
        written = urls::encode_path(&written);
    }
    written.push_str(suffix);
    Some(written)
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let path_start = dest.find(['/', '#', '?']).unwrap_or(dest.len());
    dest.find(':').is_some_and(|end| {
        end > 0
            && end < path_start
            && dest[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(from: &str, to: &str) -> Relocation {
        Relocation {
            from: from.into(),
            to: to.into(),
            folder: !from.ends_with(".md"),
        }
    }

    fn edited(body: &str, old: &str, new: &str, relocation: &Relocation) -> String {
        let body_edits = Body {
            text: body,
            start: 0,
            old,
            new,
        }
        .edits(relocation);
        super::super::edits::apply(body, &body_edits)
    }

    #[test]
    fn links_to_the_moved_document_follow_it() {
        let r = moved("policies/a.md", "rules/b.md");
        let body = "See [a](../policies/a.md#scope), [same](./a.html), [x](https://e.x/a.md), \
                    [img](../policies/a.md) and [ref].\n\n[ref]: ../policies/a.md \"T\"\n";
        assert_eq!(
            edited(body, "guides/g.md", "guides/g.md", &r),
            "See [a](../rules/b.md#scope), [same](./a.html), [x](https://e.x/a.md), \
             [img](../rules/b.md) and [ref].\n\n[ref]: ../rules/b.md \"T\"\n"
        );
        assert_eq!(
            edited(
                "[a](a.md) [s](./a.md)",
                "policies/s.md",
                "policies/s.md",
                &r
            ),
            "[a](../rules/b.md) [s](../rules/b.md)"
        );
    }

    #[test]
    fn links_of_the_moved_document_keep_their_targets() {
        let r = moved("policies/a.md", "a.md");
        assert_eq!(
            edited(
                "[x](x.md#p) [me](#top) [up](../index.md) [home](./)",
                "policies/a.md",
                "a.md",
                &r
            ),
            "[x](policies/x.md#p) [me](#top) [up](index.md) [home](./policies/)"
        );
        let folder = moved("policies", "rules/policies");
        assert_eq!(
            edited(
                "[in](x.md) [out](../g.md) [img](<my pic.png>)",
                "policies/a.md",
                "rules/policies/a.md",
                &folder
            ),
            "[in](x.md) [out](../../g.md) [img](<my pic.png>)"
        );
    }
}
