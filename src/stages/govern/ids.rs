//! Document ids (`id:` in front matter) are unique: a second document with the same id is an
//! error at its `id` line, naming the first.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;
use crate::model::site::Site;

/// One error for each page whose `id` an earlier page (sections first, in order) already has.
pub fn report_duplicates(site: &Site, out: &mut Vec<Diagnostic>) {
    let sections = site
        .sections
        .iter()
        .filter_map(|s| Some((s.source.as_ref()?, &s.meta)));
    let documents = site.documents.iter().map(|d| (&d.source, &d.meta));
    let mut first: HashMap<&str, &str> = HashMap::new();
    for (source, meta) in sections.chain(documents) {
        let Some(id) = meta.id.as_deref() else {
            continue;
        };
        if let Some(earlier) = first.get(id) {
            out.push(
                Diagnostic::error(format!(
                    "the id `{id}` is already the id of content/{earlier}"
                ))
                .code("duplicate-id")
                .at(PathBuf::from("content").join(source), line(meta), 1)
                .help("give each document an id of its own, or remove `id:` from one of them"),
            );
        } else {
            first.insert(id, source);
        }
    }
}

fn line(meta: &Meta) -> usize {
    meta.field_lines
        .get("id")
        .copied()
        .unwrap_or(meta.header_line)
}
