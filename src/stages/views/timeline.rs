//! Timeline layout: quarters (or, for short timelines, months) across, lanes down, one row and one bar per roadmap item, a
//! "today" line and dependency arrows — as coordinates a template draws in SVG.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::period::{self, days_between};
use crate::model::site::PageId;

/// A roadmap item, whichever way it was written.
#[derive(Debug, Clone)]
pub struct Item {
    pub title: String,
    /// Its page, when it has one (root-relative).
    pub url: Option<String>,
    pub page: Option<PageId>,
    pub start: Date,
    /// The day after it ends.
    pub end: Date,
    pub start_text: String,
    pub end_text: String,
    pub lane: String,
    pub status: String,
    pub progress: Option<i64>,
    pub owner: Option<String>,
    pub depends_on: Vec<PageId>,
}

const LABEL_WIDTH: f64 = 210.0;
/// The width of a quarter, or of a month on short timelines.
const QUARTER_WIDTH: f64 = 100.0;
/// The narrowest the chart (right of the labels) is drawn: a short timeline's columns widen
/// so it fills its box on a wide screen like a long one does (the picture scales down).
const MIN_CHART_WIDTH: f64 = 800.0;
const HEADER_HEIGHT: f64 = 34.0;
const LANE_HEIGHT: f64 = 26.0;
const ROW_HEIGHT: f64 = 30.0;
const BAR_HEIGHT: f64 = 20.0;
const LABEL_CHARS: usize = 30;

/// A laid-out timeline: `roadmap` in a roadmap document's context.
#[derive(Debug, Serialize, Default)]
pub struct RoadmapView {
    pub width: f64,
    /// The narrowest the picture may be shown before it scrolls (three quarters of `width`).
    pub min_width: f64,
    pub height: f64,
    pub label_width: f64,
    pub columns: Vec<Column>,
    pub lanes: Vec<Lane>,
    pub bars: Vec<Bar>,
    pub today: Option<Marker>,
    pub dependencies: Vec<Dependency>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub label: String,
    pub x: f64,
    pub width: f64,
}

#[derive(Debug, Serialize)]
pub struct Lane {
    pub title: String,
    pub y: f64,
    /// The height of the lane's title row and its items' rows.
    pub height: f64,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub title: String,
    /// The title as it fits the label column.
    pub label: String,
    pub url: Option<String>,
    pub lane: String,
    pub status: String,
    pub progress: Option<i64>,
    pub owner: Option<String>,
    pub start: String,
    pub end: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub progress_width: f64,
    /// Where the row's label and the bar's text sit.
    pub text_y: f64,
    pub depends_on: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Marker {
    pub x: f64,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Dependency {
    pub from: String,
    pub to: String,
    /// SVG path data: a vertical arrow where the prerequisite ends, onto the dependent.
    pub path: String,
}

/// Lays `items` out: lanes in `lane_order` first (then by name), items by start then title.
pub fn lay_out(mut items: Vec<Item>, lane_order: &[String], today: Date) -> RoadmapView {
    if items.is_empty() {
        return RoadmapView::default();
    }
    let lane_rank = |lane: &str| {
        lane_order
            .iter()
            .position(|l| l.eq_ignore_ascii_case(lane))
            .unwrap_or(lane_order.len())
    };
    items.sort_by(|a, b| {
        (
            lane_rank(&a.lane),
            a.lane.to_lowercase(),
            a.start,
            a.title.to_lowercase(),
        )
            .cmp(&(
                lane_rank(&b.lane),
                b.lane.to_lowercase(),
                b.start,
                b.title.to_lowercase(),
            ))
    });
    let earliest = items.iter().map(|i| i.start).min().unwrap_or(today);
    // An item that ends before it starts is reported by the checks; the chart still spans
    // at least its first day.
    let last_day = items
        .iter()
        .map(|i| i.end.yesterday().unwrap_or(i.end))
        .max()
        .unwrap_or(today)
        .max(earliest);
    // Quarters across; months when everything fits in two quarters.
    let mut months = 3;
    let mut columns = period::columns(earliest, last_day, months);
    if columns.len() <= 2 {
        months = 1;
        columns = period::columns(earliest, last_day, months);
    }
    let Some(&first) = columns.first() else {
        return RoadmapView::default();
    };
    let end = period::next(*columns.last().unwrap_or(&first), months);
    // Every column is equally wide; a date sits within its column by days.
    let column_width = QUARTER_WIDTH.max(MIN_CHART_WIDTH / columns.len() as f64);
    let x_of = |date: Date| {
        let date = date.clamp(first, end);
        let index = columns.iter().rposition(|c| *c <= date).unwrap_or(0);
        let column = columns[index];
        let next = period::next(column, months);
        let within = days_between(column, date) as f64 / days_between(column, next).max(1) as f64;
        round(LABEL_WIDTH + (index as f64 + within) * column_width)
    };
    let chart_width = round(columns.len() as f64 * column_width);
    let mut view = RoadmapView {
        width: LABEL_WIDTH + chart_width + 8.0,
        label_width: LABEL_WIDTH,
        columns: columns
            .iter()
            .map(|q| {
                let next = period::next(*q, months);
                Column {
                    label: period::label(*q, months),
                    x: x_of(*q),
                    width: round(x_of(next) - x_of(*q)),
                }
            })
            .collect(),
        ..RoadmapView::default()
    };
    let mut y = HEADER_HEIGHT;
    let mut row_of: HashMap<PageId, usize> = HashMap::new();
    for item in &items {
        if view.lanes.last().is_none_or(|l| l.title != item.lane) {
            view.lanes.push(Lane {
                title: item.lane.clone(),
                y,
                height: LANE_HEIGHT,
            });
            y += LANE_HEIGHT;
        }
        if let Some(lane) = view.lanes.last_mut() {
            lane.height += ROW_HEIGHT;
        }
        let (x0, x1) = (x_of(item.start), x_of(item.end));
        let width = round((x1 - x0).max(4.0));
        if let Some(page) = item.page {
            row_of.insert(page, view.bars.len());
        }
        view.bars.push(Bar {
            title: item.title.clone(),
            label: shorten(&item.title),
            url: item.url.clone(),
            lane: item.lane.clone(),
            status: item.status.clone(),
            progress: item.progress,
            owner: item.owner.clone(),
            start: item.start_text.clone(),
            end: item.end_text.clone(),
            x: x0,
            y: round(y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0),
            width,
            height: BAR_HEIGHT,
            progress_width: round(width * item.progress.unwrap_or(0) as f64 / 100.0),
            text_y: round(y + ROW_HEIGHT / 2.0 + 4.0),
            depends_on: Vec::new(),
        });
        y += ROW_HEIGHT;
    }
    for (index, item) in items.iter().enumerate() {
        for prerequisite in &item.depends_on {
            let Some(from) = row_of.get(prerequisite) else {
                continue;
            };
            let (a, b) = (&view.bars[*from], &view.bars[index]);
            // A vertical arrow at the moment the prerequisite ends, onto the dependent's bar.
            let x = round((a.x + a.width).clamp(b.x, b.x + b.width));
            let (y0, y1) = if a.y < b.y {
                (a.y + BAR_HEIGHT, b.y)
            } else {
                (a.y, b.y + BAR_HEIGHT)
            };
            view.dependencies.push(Dependency {
                from: a.title.clone(),
                to: b.title.clone(),
                path: format!("M{x} {y0} L{x} {y1}"),
            });
            let name = a.title.clone();
            view.bars[index].depends_on.push(name);
        }
    }
    if today >= first && today < end {
        view.today = Some(Marker {
            x: x_of(today),
            label: format!("Today ({today})"),
        });
    }
    view.height = y + 20.0;
    view.min_width = round(view.width * 0.75);
    view
}

fn shorten(title: &str) -> String {
    if title.chars().count() <= LABEL_CHARS {
        return title.to_string();
    }
    let cut: String = title.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
