//! Roadmap items: from `initiative` documents and from a `roadmap` document's `items:`, both
//! turned into the same [`Item`]; which appear is chosen by the roadmap's `include:`.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::{Map, Value};

use super::timeline::{self, Item};
use crate::model::diagnostics::Diagnostic;
use crate::model::period;
use crate::model::site::{PageId, Site};

pub use timeline::RoadmapView;

/// The timeline of every `roadmap` document, by document index.
pub fn all(site: &Site, today: Date, out: &mut Vec<Diagnostic>) -> HashMap<usize, RoadmapView> {
    super::documents_of_kind(site, "roadmap")
        .map(|d| {
            let items = select(site, d, out);
            let lanes = lane_order(site.documents[d].meta.fields.get("lanes"));
            (d, timeline::lay_out(items, &lanes, today))
        })
        .collect()
}

/// Every initiative of the handbook on one timeline.
pub fn everything(site: &Site, today: Date) -> RoadmapView {
    let items = super::documents_of_kind(site, "initiative")
        .filter_map(|d| initiative(site, d))
        .collect();
    timeline::lay_out(items, &[], today)
}

/// The items of the roadmap document `d`: its `items:`, and the initiatives its `include:`
/// chooses (all of them when it has neither).
fn select(site: &Site, d: usize, out: &mut Vec<Diagnostic>) -> Vec<Item> {
    let fields = &site.documents[d].meta.fields;
    let include = fields.get("include").and_then(Value::as_object);
    let listed = fields.get("items").and_then(Value::as_array);
    let mut items = Vec::new();
    if include.is_some() || listed.is_none() {
        let empty = Map::new();
        let filter = Filter::of(include.unwrap_or(&empty));
        items.extend(
            super::documents_of_kind(site, "initiative")
                .filter(|i| filter.accepts(site, *i))
                .filter_map(|i| initiative(site, i)),
        );
    }
    for (n, entry) in listed.into_iter().flatten().enumerate() {
        let document = &site.documents[d];
        let line = document
            .meta
            .field_lines
            .get("items")
            .copied()
            .unwrap_or(document.meta.header_line);
        let file = PathBuf::from("content").join(&document.source);
        let what = format!("roadmap item {}", n + 1);
        let entry = super::left_out::unlinked(
            site,
            entry,
            super::left_out::At {
                file: &file,
                line,
                what,
            },
            out,
        );
        match listed_item(site, &entry) {
            Ok(item) => items.push(item),
            Err(problem) => {
                out.push(
                    Diagnostic::error(format!("roadmap item {} {problem}", n + 1))
                        .code("roadmap-item")
                        .at(PathBuf::from("content").join(&document.source), line, 1)
                        .help("write each item as `{title: …, start: 2027-Q1, end: 2027-Q3, lane: …}` (status, progress, owner and link are optional)"),
                );
            }
        }
    }
    items
}

/// What a roadmap's `include:` asks for: `section`, `tags`, `lanes`.
struct Filter {
    section: Option<String>,
    tags: Vec<String>,
    lanes: Vec<String>,
}

impl Filter {
    fn of(include: &Map<String, Value>) -> Self {
        Filter {
            section: include
                .get("section")
                .and_then(Value::as_str)
                .map(|s| s.trim_matches('/').to_string()),
            tags: strings(include.get("tags")),
            lanes: strings(include.get("lanes")),
        }
    }

    fn accepts(&self, site: &Site, d: usize) -> bool {
        let document = &site.documents[d];
        let in_section = self
            .section
            .as_ref()
            .is_none_or(|s| s.is_empty() || document.source.starts_with(&format!("{s}/")));
        let tagged = self.tags.is_empty()
            || document
                .meta
                .tags
                .iter()
                .any(|t| self.tags.iter().any(|w| w.eq_ignore_ascii_case(t)));
        let lane = super::field_text(site, d, "lane").unwrap_or("");
        let in_lane =
            self.lanes.is_empty() || self.lanes.iter().any(|l| l.eq_ignore_ascii_case(lane));
        in_section && tagged && in_lane
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn lane_order(value: Option<&Value>) -> Vec<String> {
    strings(value)
}

/// An initiative document as a roadmap item (`None` when its dates do not parse).
fn initiative(site: &Site, d: usize) -> Option<Item> {
    let document = &site.documents[d];
    let start_text = super::field_text(site, d, "start")?;
    let end_text = super::field_text(site, d, "end")?;
    let depends_on = document
        .refs
        .other
        .get("depends_on")
        .map(|list| list.iter().map(|r| r.target).collect())
        .unwrap_or_default();
    let start = period::start_of(start_text)?;
    let end = period::end_of(end_text)?;
    if end <= start {
        // Reported as `period-order`; no bar can be drawn for it.
        return None;
    }
    Some(Item {
        title: document.title.clone(),
        url: Some(document.url.clone()),
        page: Some(PageId::Document(d)),
        start,
        end,
        start_text: start_text.to_string(),
        end_text: end_text.to_string(),
        lane: super::field_text(site, d, "lane")
            .unwrap_or("Other")
            .to_string(),
        status: document.meta.status.clone().unwrap_or_default(),
        progress: super::field_number(site, d, "progress"),
        owner: document.meta.owner.clone(),
        depends_on,
    })
}

/// An entry of a roadmap's `items:` list.
fn listed_item(site: &Site, entry: &Value) -> Result<Item, String> {
    let text = |name: &str| entry.get(name).and_then(Value::as_str).map(str::to_string);
    let title = text("title").ok_or("has no `title`")?;
    let start_text = text("start").ok_or("has no `start`")?;
    let end_text = text("end").ok_or("has no `end`")?;
    let start = period::start_of(&start_text).ok_or_else(|| {
        format!("has a `start` that is neither a date nor a quarter: {start_text}")
    })?;
    let end = period::end_of(&end_text)
        .ok_or_else(|| format!("has an `end` that is neither a date nor a quarter: {end_text}"))?;
    if end <= start {
        return Err(format!("ends ({end_text}) before it starts ({start_text})"));
    }
    let page =
        text("link").and_then(|link| site.by_source.get(link.trim_start_matches("./")).copied());
    if let (Some(link), None) = (text("link"), page) {
        if site.left_out.contains(link.trim_start_matches("./")) {
            return Err(format!(
                "links to content/{link}, a page this build's audience does not see"
            ));
        }
        return Err(format!("links to content/{link}, which does not exist"));
    }
    Ok(Item {
        title,
        url: page.map(|p| site.url(p).to_string()),
        page,
        start,
        end,
        start_text,
        end_text,
        lane: text("lane").unwrap_or_else(|| "Other".into()),
        status: text("status").unwrap_or_else(|| "planned".into()),
        progress: entry
            .get("progress")
            .and_then(Value::as_i64)
            .map(|p| p.clamp(0, 100)),
        owner: text("owner"),
        depends_on: Vec::new(),
    })
}
