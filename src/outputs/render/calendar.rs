//! `reviews.ics`: an iCalendar feed (RFC 5545) with one all-day event on the day each
//! document of the build is next due for review, and one such feed per owner, for a team to
//! subscribe to in its calendar. Only the documents of the build's audience are in them, as
//! in every other output.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use super::discovery::Generated;
use super::kept::KeptPieces;
use super::listings::facet_slug;
use crate::model::site::{Document, Site};
use crate::stages::govern::ReviewState;

/// Where the calendar of every review is written.
pub const REVIEWS_CALENDAR: &str = "reviews.ics";

/// Content lines are folded after this many octets (RFC 5545, 3.1).
const LINE_OCTETS: usize = 75;

/// The calendars of the next reviews, as of `today` (YYYY-MM-DD, the build's date): one of
/// every review, `reviews.ics`, and one per owner beside the owner's page,
/// `owners/SLUG/reviews.ics`. Each document's event is written once (or taken from `kept`)
/// and goes into both.
pub fn reviews_calendars(site: &Site, today: &str, kept: &dyn KeptPieces) -> Vec<Generated> {
    let mut reviewed: Vec<(usize, &Document)> = site
        .documents
        .iter()
        .enumerate()
        .filter(|(_, document)| document.review.is_some())
        .collect();
    reviewed.sort_by(|(_, a), (_, b)| {
        fn due(d: &Document) -> Option<&str> {
            d.review.as_ref().map(|r| r.due.as_str())
        }
        due(a).cmp(&due(b)).then_with(|| a.url.cmp(&b.url))
    });
    let address = site
        .config
        .base_url
        .as_deref()
        .filter(|base| crate::model::config::is_web_address(base))
        .map(|base| base.trim_end_matches('/'));
    let stamp = format!("{}T000000Z", compact(today));
    let events: Vec<Arc<str>> = reviewed
        .iter()
        .map(|(d, document)| {
            kept.piece(REVIEWS_CALENDAR, *d, &mut || {
                event(document, &stamp, address)
            })
        })
        .collect();
    let mut by_owner: BTreeMap<String, (&str, Vec<&str>)> = BTreeMap::new();
    for ((_, document), event) in reviewed.iter().zip(&events) {
        if let Some(owner) = document.meta.owner.as_deref() {
            by_owner
                .entry(facet_slug(owner))
                .or_insert_with(|| (owner, Vec::new()))
                .1
                .push(event);
        }
    }
    let title = &site.config.title;
    let every: Vec<&str> = events.iter().map(|e| &**e).collect();
    let mut calendars = vec![Generated {
        path: REVIEWS_CALENDAR.into(),
        text: calendar(&format!("{title} — reviews"), &every),
    }];
    for (slug, (owner, events)) in by_owner {
        calendars.push(Generated {
            path: format!("owners/{slug}/{REVIEWS_CALENDAR}"),
            text: calendar(&format!("{title} — reviews of {owner}"), &events),
        });
    }
    calendars
}

/// One VCALENDAR named `name`, holding `events` (each already folded).
fn calendar(name: &str, events: &[&str]) -> String {
    let head = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Northstar//Handbook reviews//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
    ];
    let size = events.iter().map(|e| e.len()).sum::<usize>() + 256;
    let mut out = String::with_capacity(size);
    for line in &head {
        fold_into(&mut out, line);
    }
    for event in events {
        out.push_str(event);
    }
    fold_into(&mut out, "END:VCALENDAR");
    out
}

/// The event of one document's next review, its lines folded. Its UID hangs on the page's
/// address, so a subscribed calendar moves the event when the due date changes.
fn event(document: &Document, stamp: &str, address: Option<&str>) -> String {
    let Some(review) = &document.review else {
        return String::new();
    };
    let overdue = review.state == ReviewState::Overdue;
    let owner = document.meta.owner.as_deref().unwrap_or("unassigned");
    let mut description = vec![format!("Owner: {owner}"), format!("Due: {}", review.due)];
    if overdue {
        description.push(format!("Overdue by {} days", -review.days));
    }
    let link = match address {
        Some(base) => format!("{base}/{}", document.url),
        None => document.url.clone(),
    };
    description.push(format!("Page: {link}"));
    let summary = match overdue {
        true => format!("Overdue review: {}", document.title),
        false => format!("Review: {}", document.title),
    };
    let uid = xxhash_rust::xxh3::xxh3_128(document.url.as_bytes());
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{uid:032x}-review@northstar"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", compact(&review.due)),
        format!("DTEND;VALUE=DATE:{}", compact(&day_after(&review.due))),
        format!("SUMMARY:{}", text(&summary)),
        format!("DESCRIPTION:{}", text(&description.join("\n"))),
        format!(
            "CATEGORIES:{}",
            if overdue { "Review,Overdue" } else { "Review" }
        ),
        "TRANSP:TRANSPARENT".into(),
    ];
    if address.is_some() {
        lines.push(format!("URL:{link}"));
    }
    lines.push("END:VEVENT".into());
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 4).sum());
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

/// `2026-11-28` as iCalendar's `20261128`.
fn compact(date: &str) -> String {
    date.replace('-', "")
}

/// The day after `date` (an all-day event ends, exclusive, on the next day).
fn day_after(date: &str) -> String {
    date.parse::<Date>()
        .ok()
        .and_then(|day| day.tomorrow().ok())
        .map_or_else(|| date.to_string(), |day| day.to_string())
}

/// A TEXT value (RFC 5545, 3.3.11): `\`, `;` and `,` escaped with a backslash, a line
/// break written `\n`.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line ending in CRLF to `out`, folded (RFC 5545, 3.1): no physical
/// line longer than 75 octets, each continuation starting with a space, never inside a UTF-8
/// character.
fn fold_into(out: &mut String, line: &str) {
    if line.len() <= LINE_OCTETS {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_escape_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(text("a\\b; c, d\r\ne\nf"), "a\\\\b\\; c\\, d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(100));
        let mut folded = String::new();
        fold_into(&mut folded, &line);
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 2);
        assert!(physical.iter().all(|l| l.len() <= LINE_OCTETS));
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = physical
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn the_last_day_of_a_year_ends_on_the_first_of_the_next() {
        assert_eq!(day_after("2026-12-31"), "2027-01-01");
    }
}
