//! `search/facets.json`: every document's kind, status, owner and tags, for the filters of the
//! results page. It is the one index file whose size grows with the handbook, so each document
//! takes a few characters:
//!
//! ```json
//! {"fields": {"kind": ["Policy", …], "status": […], "owner": […], "tag": […]},
//!  "width": {"kind": 1, "status": 1, "owner": 1, "tag": 1},
//!  "docs": "…"}
//! ```
//!
//! `docs` holds the documents one after another, in index order, in the digits
//! `0-9A-Za-z-_` (base 64): kind, status and owner as numbers of their field's width (0 for
//! none, n for the n-th value), then the number of tags in one digit and each tag's number.

use std::collections::HashMap;

use super::Entry;

const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// A document keeps at most this many tags in the filters (one digit counts them).
const MAX_TAGS: usize = 63;

/// The values of one field, numbered from 1 in order of first use.
#[derive(Default)]
struct Values {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Values {
    fn number(&mut self, value: Option<&String>) -> usize {
        let Some(value) = value else { return 0 };
        if let Some(n) = self.index.get(value) {
            return *n;
        }
        self.list.push(value.clone());
        let n = self.list.len();
        self.index.insert(value.clone(), n);
        n
    }

    /// Digits needed for the largest number.
    fn width(&self) -> usize {
        let mut width = 1;
        let mut limit = 64;
        while self.list.len() >= limit {
            width += 1;
            limit *= 64;
        }
        width
    }
}

/// The documents' kind, status, owner and tag numbers, in order.
type Numbers = (usize, usize, usize, Vec<usize>);

/// The text of `facets.json` for `entries`.
pub fn encode(entries: &[&Entry]) -> String {
    let (mut kinds, mut statuses, mut owners, mut tags) = (
        Values::default(),
        Values::default(),
        Values::default(),
        Values::default(),
    );
    let numbers: Vec<Numbers> = entries
        .iter()
        .map(|e| {
            let s = &e.facets;
            (
                kinds.number(Some(&s.kind)),
                statuses.number(s.status.as_ref()),
                owners.number(s.owner.as_ref()),
                s.tags
                    .iter()
                    .take(MAX_TAGS)
                    .map(|t| tags.number(Some(t)))
                    .collect(),
            )
        })
        .collect();
    let widths = [
        kinds.width(),
        statuses.width(),
        owners.width(),
        tags.width(),
    ];
    let mut docs = String::with_capacity(entries.len() * 8);
    for (kind, status, owner, tag_numbers) in &numbers {
        push_number(&mut docs, *kind, widths[0]);
        push_number(&mut docs, *status, widths[1]);
        push_number(&mut docs, *owner, widths[2]);
        push_number(&mut docs, tag_numbers.len(), 1);
        for tag in tag_numbers {
            push_number(&mut docs, *tag, widths[3]);
        }
    }
    serde_json::json!({
        "fields": {
            "kind": kinds.list,
            "status": statuses.list,
            "owner": owners.list,
            "tag": tags.list,
        },
        "width": {"kind": widths[0], "status": widths[1], "owner": widths[2], "tag": widths[3]},
        "docs": docs,
    })
    .to_string()
}

/// Appends `n` as `width` base-64 digits, most significant first.
fn push_number(out: &mut String, n: usize, width: usize) {
    for place in (0..width).rev() {
        let digit = (n >> (6 * place)) & 63;
        out.push(char::from(DIGITS[digit]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_width_base_64() {
        let mut out = String::new();
        push_number(&mut out, 0, 1);
        push_number(&mut out, 63, 1);
        push_number(&mut out, 64, 2);
        push_number(&mut out, 10, 2);
        assert_eq!(out, "0_100A");
    }
}
