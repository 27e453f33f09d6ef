//! The technology radar's layout: four quadrants, four rings, one numbered blip per entry,
//! placed on a grid inside its ring and quadrant so blips never overlap, and the
//! same input always gives the same picture.

use std::f64::consts::FRAC_PI_2;

use serde::Serialize;

/// Quadrants clockwise from the top left, with their angle range (SVG angles, y down).
const QUADRANTS: [(&str, &str, f64); 4] = [
    ("techniques", "Techniques", 2.0 * FRAC_PI_2),
    ("tools", "Tools", 3.0 * FRAC_PI_2),
    ("languages-frameworks", "Languages & frameworks", 0.0),
    ("platforms", "Platforms", FRAC_PI_2),
];
const RINGS: [(&str, &str); 4] = [
    ("adopt", "Adopt"),
    ("trial", "Trial"),
    ("assess", "Assess"),
    ("hold", "Hold"),
];
/// Outer radius of each ring.
const RADII: [f64; 4] = [130.0, 210.0, 270.0, 320.0];
const CENTER: f64 = 340.0;
const BLIP_RADIUS: f64 = 11.0;
const GAP: f64 = 4.0;

#[derive(Serialize)]
pub struct Radar {
    pub size: f64,
    pub center: f64,
    pub rings: Vec<RingView>,
    pub quadrants: Vec<QuadrantView>,
    pub blips: Vec<Blip>,
}

#[derive(Serialize)]
pub struct RingView {
    pub name: &'static str,
    pub title: &'static str,
    pub radius: f64,
    /// Where its label sits, on the vertical axis above the centre.
    pub label_y: f64,
}

#[derive(Serialize)]
pub struct QuadrantView {
    pub name: &'static str,
    pub title: &'static str,
    /// Corner where its title is drawn, and the text anchor there.
    pub label_x: f64,
    pub label_y: f64,
    pub anchor: &'static str,
    /// The legend: this quadrant's blips, ring by ring.
    pub rings: Vec<LegendRing>,
    /// How many blips the quadrant has (the legend leaves out a quadrant without any).
    pub count: usize,
}

#[derive(Serialize)]
pub struct LegendRing {
    pub title: &'static str,
    pub blips: Vec<Blip>,
}

#[derive(Serialize, Clone)]
pub struct Blip {
    pub number: usize,
    pub title: String,
    pub url: String,
    pub ring: &'static str,
    pub quadrant: &'static str,
    /// `up`, `down`, `new` or `none`.
    pub moved: String,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
}

/// Something to place on the radar: a technology document or an entry of a `blips:` list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    /// The page it links to (root-relative).
    pub url: String,
    pub ring: String,
    pub quadrant: String,
    pub moved: String,
}

/// The rings and quadrants a blip may name.
pub fn is_ring(name: &str) -> bool {
    RINGS.iter().any(|(ring, _)| *ring == name)
}

pub fn is_quadrant(name: &str) -> bool {
    QUADRANTS.iter().any(|(quadrant, _, _)| *quadrant == name)
}

/// Where `ring` lies from the centre: 0 for adopt … 3 for hold.
pub fn ring_rank(ring: &str) -> Option<usize> {
    RINGS.iter().position(|(name, _)| *name == ring)
}

/// The rings, from the centre out, as `(name, title)`.
pub fn rings() -> impl Iterator<Item = (&'static str, &'static str)> + Clone {
    RINGS.iter().copied()
}

/// The quadrants, clockwise from the top left, as `(name, title)`.
pub fn quadrants() -> impl Iterator<Item = (&'static str, &'static str)> + Clone {
    QUADRANTS.iter().map(|(name, title, _)| (*name, *title))
}

/// Places `entries` on the radar, numbered by quadrant, ring and title.
pub fn lay_out(entries: &[Entry]) -> Radar {
    let mut quadrants = Vec::new();
    let mut blips = Vec::new();
    for (q, (quadrant, title, angle)) in QUADRANTS.iter().enumerate() {
        let mut legend = Vec::new();
        for (r, (ring, ring_title)) in RINGS.iter().enumerate() {
            let mut members: Vec<&Entry> = entries
                .iter()
                .filter(|e| e.quadrant == *quadrant && e.ring == *ring)
                .collect();
            members.sort_by_cached_key(|e| (e.title.to_lowercase(), e.url.clone()));
            let inner = if r == 0 { 0.0 } else { RADII[r - 1] };
            let (spots, radius) = place(members.len(), inner, RADII[r], *angle);
            let mut placed = Vec::new();
            for (entry, (x, y)) in members.iter().zip(spots) {
                placed.push(Blip {
                    number: blips.len() + placed.len() + 1,
                    title: entry.title.clone(),
                    url: entry.url.clone(),
                    ring,
                    quadrant,
                    moved: entry.moved.clone(),
                    x: round(CENTER + x),
                    y: round(CENTER + y),
                    radius,
                });
            }
            blips.extend(placed.iter().cloned());
            legend.push(LegendRing {
                title: ring_title,
                blips: placed,
            });
        }
        let left = q == 0 || q == 3;
        let top = q < 2;
        let count = legend.iter().map(|ring| ring.blips.len()).sum();
        quadrants.push(QuadrantView {
            name: quadrant,
            title,
            label_x: if left { 8.0 } else { 2.0 * CENTER - 8.0 },
            label_y: if top { 22.0 } else { 2.0 * CENTER - 10.0 },
            anchor: if left { "start" } else { "end" },
            rings: legend,
            count,
        });
    }
    Radar {
        size: 2.0 * CENTER,
        center: CENTER,
        rings: RINGS
            .iter()
            .enumerate()
            .map(|(r, (name, title))| {
                let inner = if r == 0 { 0.0 } else { RADII[r - 1] };
                RingView {
                    name,
                    title,
                    radius: RADII[r],
                    label_y: round(CENTER - (inner + RADII[r]) / 2.0 + 4.0),
                }
            })
            .collect(),
        quadrants,
        blips,
    }
}

/// `count` points (relative to the centre) in the ring sector between radii `inner` and
/// `outer` and angles `start`..`start + π/2`, at least one blip diameter plus a gap apart
/// from each other and from the sector's edges; and the blip radius that made them fit.
fn place(count: usize, inner: f64, outer: f64, start: f64) -> (Vec<(f64, f64)>, f64) {
    let mut radius = BLIP_RADIUS;
    loop {
        let mut spots = grid(inner, outer, start, 2.0 * radius + GAP);
        // Sweep the sector by angle, so that blips spread across it (one blip sits mid-way).
        spots.sort_by(|a, b| {
            let turn = |p: &(f64, f64)| (p.1.atan2(p.0) - start).rem_euclid(std::f64::consts::TAU);
            let (ta, tb) = (turn(a), turn(b));
            let ra = a.0.hypot(a.1);
            let rb = b.0.hypot(b.1);
            ta.total_cmp(&tb).then(ra.total_cmp(&rb))
        });
        if spots.len() >= count || radius <= 4.0 {
            // Spread the blips over the grid: the middle spot of each equal share.
            let last = spots.len().saturating_sub(1);
            let chosen = (0..count)
                .map(|i| spots[((2 * i + 1) * spots.len() / (2 * count)).min(last)])
                .collect();
            return (chosen, radius);
        }
        radius *= 0.85;
    }
}

/// Grid points `step` apart: rows at fixed radii, and along each row points whose chord is
/// at least `step`, kept `step / 2` from both straight edges.
fn grid(inner: f64, outer: f64, start: f64, step: f64) -> Vec<(f64, f64)> {
    let mut spots = Vec::new();
    let mut r = inner + step / 2.0;
    while r <= outer - step / 2.0 {
        let half = step / 2.0;
        if half < r {
            let margin = (half / r).asin();
            let usable = FRAC_PI_2 - 2.0 * margin;
            let apart = 2.0 * (half / r).asin();
            if usable >= 0.0 {
                let slots = (usable / apart).floor() as usize + 1;
                for i in 0..slots {
                    let angle = if slots == 1 {
                        start + FRAC_PI_2 / 2.0
                    } else {
                        start + margin + usable * i as f64 / (slots - 1) as f64
                    };
                    spots.push((r * angle.cos(), r * angle.sin()));
                }
            }
        }
        r += step;
    }
    spots
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blips_in_a_crowded_ring_keep_apart() {
        for count in [1, 5, 20, 60] {
            let (spots, radius) = place(count, 130.0, 210.0, 0.0);
            assert_eq!(spots.len(), count);
            for (i, a) in spots.iter().enumerate() {
                assert!(a.0 >= radius && a.1 >= radius, "inside the quadrant");
                for b in &spots[i + 1..] {
                    let distance = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                    assert!(distance >= 2.0 * radius, "{count}: {a:?} {b:?}");
                }
            }
        }
    }
}
