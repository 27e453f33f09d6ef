//! What goes on a radar: every `technology` document for the handbook's radar, and for a
//! `radar` document its own `blips:` list (or, without one, every technology document).

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;

use super::radar::{self, Entry, Radar};
use super::{documents_of_kind, field_text};
use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;

/// Every technology document as a radar entry.
pub fn technologies(site: &Site) -> Vec<Entry> {
    documents_of_kind(site, "technology")
        .filter_map(|d| {
            Some(Entry {
                title: site.documents[d].title.clone(),
                url: site.documents[d].url.clone(),
                ring: field_text(site, d, "ring")?.to_string(),
                quadrant: field_text(site, d, "quadrant")?.to_string(),
                // A written `moved:` wins over the ring's move in the digest's window.
                moved: field_text(site, d, "moved")
                    .or_else(|| super::digest::ring_moved(site, d))
                    .unwrap_or("none")
                    .to_string(),
            })
        })
        .collect()
}

/// The radar of each `radar` document, by document index.
pub fn radar_documents(site: &Site, out: &mut Vec<Diagnostic>) -> HashMap<usize, Radar> {
    documents_of_kind(site, "radar")
        .map(|d| {
            let entries = match site.documents[d].meta.fields.get("blips") {
                Some(Value::Array(list)) => listed(site, d, list, out),
                _ => technologies(site),
            };
            (d, radar::lay_out(&entries))
        })
        .collect()
}

fn listed(site: &Site, d: usize, list: &[Value], out: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let document = &site.documents[d];
    let mut entries = Vec::new();
    for (n, blip) in list.iter().enumerate() {
        let line = document
            .meta
            .field_lines
            .get("blips")
            .copied()
            .unwrap_or(document.meta.header_line);
        let file = PathBuf::from("content").join(&document.source);
        let what = format!("radar blip {}", n + 1);
        let blip = super::left_out::unlinked(
            site,
            blip,
            super::left_out::At {
                file: &file,
                line,
                what,
            },
            out,
        );
        match entry(site, d, &blip) {
            Ok(entry) => entries.push(entry),
            Err(problem) => {
                out.push(
                    Diagnostic::error(format!("radar blip {} {problem}", n + 1))
                        .code("radar-blip")
                        .at(PathBuf::from("content").join(&document.source), line, 1)
                        .help("write each blip as `{title: …, ring: adopt|trial|assess|hold, quadrant: techniques|tools|platforms|languages-frameworks}` (moved and link are optional)"),
                );
            }
        }
    }
    entries
}

/// One entry of a `blips:` list; it links to `link` (a document), else to the radar itself.
fn entry(site: &Site, d: usize, blip: &Value) -> Result<Entry, String> {
    let text = |name: &str| blip.get(name).and_then(Value::as_str).map(str::to_string);
    let title = text("title").ok_or("has no `title`")?;
    let ring = text("ring").ok_or("has no `ring`")?;
    let quadrant = text("quadrant").ok_or("has no `quadrant`")?;
    if !radar::is_ring(&ring) {
        return Err(format!(
            "has ring `{ring}`, which is not adopt, trial, assess or hold"
        ));
    }
    if !radar::is_quadrant(&quadrant) {
        return Err(format!("has quadrant `{quadrant}`, which is not techniques, tools, platforms or languages-frameworks"));
    }
    let url = match text("link") {
        Some(link) => {
            let path = link.trim().trim_start_matches("./");
            let page = site.by_source.get(path);
            page.map(|p| site.url(*p).to_string())
                .ok_or_else(|| format!("links to content/{link}, which does not exist"))?
        }
        None => site.documents[d].url.clone(),
    };
    Ok(Entry {
        title,
        url,
        ring,
        quadrant,
        moved: text("moved").unwrap_or_else(|| "none".into()),
    })
}
