//! A document's summary file, `search/d/<number / 100>/<number>.json`: what a search result
//! shows of it (title, URL, kind, status, owner, tags and the start of each heading
//! section, for snippets), written while its page renders.
//!
//! The file is one JSON object, `{"t":title,"u":url,"k":kind,"s":status,"o":owner,
//! "g":[tags],"p":[[id,heading,start],…]}` (status and owner `null` when absent; the first
//! section is the text before any heading, under the document's title), written by hand:
//! most of the index's bytes are in these files.

use super::json::push_string;
use super::TextSection;
use super::{Entry, FOLDER};
use crate::model::site::Site;
use crate::outputs::folder::Sink;

/// Writes [`summary_path`]`(number)`, what a result shows of `entry`'s document: its title,
/// URL, facets and the start of each of its text `sections`, for snippets.
pub fn write_summary(
    site: &Site,
    entry: &Entry,
    number: u32,
    sections: &[TextSection],
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let document = &site.documents[entry.document];
    let facets = &entry.facets;
    let text: usize = sections
        .iter()
        .map(|p| p.start.len() + p.heading.len())
        .sum();
    let mut json = String::with_capacity(text + 256);
    json.push_str("{\"t\":");
    push_string(&mut json, &document.title);
    json.push_str(",\"u\":");
    push_string(&mut json, &document.url);
    json.push_str(",\"k\":");
    push_string(&mut json, &facets.kind);
    json.push_str(",\"s\":");
    push_optional(&mut json, facets.status.as_deref());
    json.push_str(",\"o\":");
    push_optional(&mut json, facets.owner.as_deref());
    json.push_str(",\"g\":[");
    for (i, tag) in facets.tags.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_string(&mut json, tag);
    }
    json.push_str("],\"p\":[");
    for (i, section) in sections.iter().enumerate() {
        let heading = if i == 0 {
            &document.title
        } else {
            &section.heading
        };
        json.push_str(if i == 0 { "[" } else { ",[" });
        push_string(&mut json, &section.id);
        json.push(',');
        push_string(&mut json, heading);
        json.push(',');
        push_string(&mut json, &section.start);
        json.push(']');
    }
    json.push_str("]}");
    sink.write(&summary_path(number), json.as_bytes())
}

/// A string, or `null`.
fn push_optional(json: &mut String, text: Option<&str>) {
    match text {
        Some(text) => push_string(json, text),
        None => json.push_str("null"),
    }
}

/// Where the summary of the document numbered `number` goes: `search/d/<number / 100>/<number>.json`.
/// The theme's script (`northstar/search-index.js`) builds the same path.
pub fn summary_path(number: u32) -> String {
    format!("{FOLDER}/d/{}/{number}.json", number / 100)
}
