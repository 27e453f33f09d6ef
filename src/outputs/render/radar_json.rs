//! `radar.json`: the technology radar in the form Backstage's tech-radar plugin loads
//! (`TechRadarLoaderResponse`): the four quadrants, the four rings with a colour each, and
//! one entry per technology document of the build with its ring history as the timeline,
//! newest step first (the one the plugin draws).

use serde::Serialize;

use super::discovery::Generated;
use super::feed_links;
use crate::model::site::Site;
use crate::stages::views::ring_history::{self, RingStep};
use crate::stages::views::{documents_of_kind, field_text};

/// Where the radar is written.
pub const RADAR_JSON: &str = "radar.json";

/// Each ring's colour, from adopt out to hold.
const RING_COLORS: [&str; 4] = ["#2e7d32", "#0277bd", "#b8860b", "#c62828"];

#[derive(Serialize)]
struct Radar<'a> {
    title: String,
    quadrants: Vec<Quadrant>,
    rings: Vec<Ring>,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Quadrant {
    id: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct Ring {
    id: &'static str,
    name: &'static str,
    color: &'static str,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: String,
    /// The plugin's parser requires a `key` too (its React key): the same as `id`.
    key: String,
    title: &'a str,
    quadrant: &'a str,
    url: String,
    description: &'a str,
    timeline: Vec<Step>,
}

#[derive(Serialize)]
struct Step {
    /// 1 toward adopt, -1 away from it, 0 neither.
    moved: i8,
    #[serde(rename = "ringId")]
    ring_id: String,
    date: String,
    description: String,
}

/// `radar.json` for the technologies of `site`, as of `today` (YYYY-MM-DD).
pub fn radar_json(site: &Site, today: &str) -> Generated {
    let mut entries: Vec<Entry> = documents_of_kind(site, "technology")
        .filter_map(|d| entry(site, d, today))
        .collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    let radar = Radar {
        title: format!("{} — technology radar", site.config.title),
        // The plugin lays quadrants out clockwise from the bottom right; the handbook's radar
        // page lists them clockwise from the top left: start two later, so both agree.
        quadrants: crate::stages::views::quadrants()
            .cycle()
            .skip(2)
            .take(4)
            .map(|(id, name)| Quadrant { id, name })
            .collect(),
        rings: crate::stages::views::rings()
            .zip(RING_COLORS)
            .map(|((id, name), color)| Ring { id, name, color })
            .collect(),
        entries,
    };
    Generated {
        path: RADAR_JSON.into(),
        // Plain structs and strings: serialising them cannot fail.
        text: serde_json::to_string_pretty(&radar).unwrap_or_default() + "\n",
    }
}

fn entry<'a>(site: &'a Site, d: usize, today: &str) -> Option<Entry<'a>> {
    let document = &site.documents[d];
    let ring = field_text(site, d, "ring")?;
    let quadrant = field_text(site, d, "quadrant")?;
    let id = document
        .url
        .strip_suffix(".html")
        .unwrap_or(&document.url)
        .to_string();
    let summary = document.meta.summary.as_deref().unwrap_or("");
    let timeline = timeline(site, d, ring, today).into_iter().rev().collect();
    Some(Entry {
        key: id.clone(),
        id,
        title: &document.title,
        quadrant,
        url: feed_links::link(site, RADAR_JSON, &document.url),
        description: summary,
        timeline,
    })
}

/// What a step without a note says: how it came into its ring.
fn describe(moved: i8, first: bool, ring: &str) -> String {
    let title = crate::stages::views::rings()
        .find(|(name, _)| *name == ring)
        .map_or(ring, |(_, title)| title);
    match (first, moved) {
        (true, _) => format!("Entered {title}"),
        (false, 1) => format!("Moved in to {title}"),
        (false, -1) => format!("Moved out to {title}"),
        (false, _) => format!("Stayed in {title}"),
    }
}

/// Every step of document `d`, oldest first, ending with its current `ring`: dated by the
/// last history step when that names the same ring, else by `updated`, `date`, the last
/// commit or `today`, and never before the step it follows.
fn timeline(site: &Site, d: usize, ring: &str, today: &str) -> Vec<Step> {
    let document = &site.documents[d];
    let meta = &document.meta;
    let (mut earlier, _) = ring_history::earlier_steps(site, d);
    let current = match earlier.last() {
        Some(last) if last.ring == ring => earlier.pop(),
        _ => None,
    };
    let current = current.unwrap_or_else(|| {
        let dated = meta
            .updated
            .as_deref()
            .or(meta.date.as_deref())
            .or_else(|| site.git_dates.get(&document.source))
            .unwrap_or(today);
        let after = earlier.last().map_or("", |step| step.date.as_str());
        RingStep {
            ring: ring.to_string(),
            date: dated.max(after).to_string(),
            note: None,
        }
    });
    let stated = field_text(site, d, "moved").and_then(ring_history::stated_movement);
    let mut steps = Vec::with_capacity(earlier.len() + 1);
    let mut before: Option<&str> = None;
    for step in earlier.iter().chain([&current]) {
        let is_current = std::ptr::eq(step, &current);
        let moved = match (is_current, stated, before) {
            (true, Some(moved), _) => moved,
            (_, _, Some(from)) => ring_history::movement(from, &step.ring),
            _ => 0,
        };
        steps.push(Step {
            moved,
            ring_id: step.ring.clone(),
            date: step.date.clone(),
            description: step
                .note
                .clone()
                .unwrap_or_else(|| describe(moved, before.is_none(), &step.ring)),
        });
        before = Some(&step.ring);
    }
    steps
}
