//! A technology's ring history, read once for every output that shows it: the front
//! matter's `history:` (a list of `{ring, date, note}`) plus the ring it is in now. A step
//! that names no ring of the radar or no real date is left out and warned about
//! (`ring-history`), so a feed never carries a step another tool cannot read.

use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::Value;

use super::radar;
use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;

/// One place a technology has been in: its ring from `date` on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingStep {
    pub ring: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub note: Option<String>,
}

/// The earlier steps of technology document `d`, oldest first, and the problems of the
/// steps that were left out.
pub fn earlier_steps(site: &Site, d: usize) -> (Vec<RingStep>, Vec<Diagnostic>) {
    let document = &site.documents[d];
    let Some(history) = document.meta.fields.get("history") else {
        return (Vec::new(), Vec::new());
    };
    let line = document
        .meta
        .field_lines
        .get("history")
        .copied()
        .unwrap_or(document.meta.header_line);
    let file = PathBuf::from("content").join(&document.source);
    let mut steps = Vec::new();
    let mut problems = Vec::new();
    for (n, step) in history
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        match step_of(step) {
            Ok(step) => steps.push(step),
            Err(problem) => problems.push(
                Diagnostic::warning(format!("ring history step {} {problem}", n + 1))
                    .code("ring-history")
                    .at(&file, line, 1)
                    .help("write each step as `{ring: adopt|trial|assess|hold, date: YYYY-MM-DD, note: …}` (note is optional); until then the step is left out of radar.json and radar.csv"),
            ),
        }
    }
    steps.sort_by(|a, b| a.date.cmp(&b.date));
    (steps, problems)
}

/// Warns about every step left out of the ring histories of the site's technologies.
pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for d in super::documents_of_kind(site, "technology") {
        out.extend(earlier_steps(site, d).1);
    }
}

/// How a move from `from` to `to` goes: 1 toward adopt, -1 away from it, 0 for none.
pub fn movement(from: &str, to: &str) -> i8 {
    match (radar::ring_rank(from), radar::ring_rank(to)) {
        (Some(a), Some(b)) if b < a => 1,
        (Some(a), Some(b)) if b > a => -1,
        _ => 0,
    }
}

/// A `moved:` value as a movement (`in`/`up` toward adopt, `out`/`down` away from it).
pub fn stated_movement(moved: &str) -> Option<i8> {
    match moved {
        "in" | "up" => Some(1),
        "out" | "down" => Some(-1),
        "new" | "none" => Some(0),
        _ => None,
    }
}

fn step_of(step: &Value) -> Result<RingStep, String> {
    let text = |name: &str| step.get(name).and_then(Value::as_str).map(str::trim);
    if !step.is_object() {
        return Err("is not a `{ring, date, note}` map".into());
    }
    let ring = text("ring").ok_or("has no `ring`")?;
    if !radar::is_ring(ring) {
        return Err(format!(
            "has ring `{ring}`, which is not adopt, trial, assess or hold"
        ));
    }
    let date = text("date").ok_or("has no `date`")?;
    if date.len() != 10 || date.parse::<Date>().is_err() {
        return Err(format!("has date `{date}`, which is not a YYYY-MM-DD date"));
    }
    Ok(RingStep {
        ring: ring.to_string(),
        date: date.to_string(),
        note: text("note").filter(|n| !n.is_empty()).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_need_a_ring_of_the_radar_and_a_real_date() {
        let step = |yaml: &str| step_of(&serde_yaml::from_str::<Value>(yaml).unwrap());
        assert_eq!(
            step("{ring: trial, date: 2025-11-04, note: Pilot}").unwrap(),
            RingStep {
                ring: "trial".into(),
                date: "2025-11-04".into(),
                note: Some("Pilot".into())
            }
        );
        assert!(step("{ring: maybe, date: 2025-11-04}").is_err());
        assert!(step("{ring: trial, date: 2025-02-30}").is_err());
        assert!(step("{ring: trial}").is_err());
        assert!(step("trial").is_err());
    }

    #[test]
    fn moving_toward_adopt_is_up() {
        assert_eq!(movement("assess", "trial"), 1);
        assert_eq!(movement("adopt", "hold"), -1);
        assert_eq!(movement("trial", "trial"), 0);
    }
}
