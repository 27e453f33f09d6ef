//! `radar.csv`: the technology radar as Thoughtworks' Build-Your-Own-Radar reads a CSV file
//! (`name,ring,quadrant,isNew,description`), one row per technology document of the build,
//! quoted as RFC 4180 says. Rings and quadrants carry the names BYOR's hosted version
//! expects (`Adopt`, `Languages & Frameworks`); the description is HTML, as BYOR shows it.

use pulldown_cmark_escape::escape_html;

use super::discovery::Generated;
use super::feed_links;
use crate::model::site::Site;
use crate::stages::views::{documents_of_kind, field_text};

/// Where the CSV is written.
pub const RADAR_CSV: &str = "radar.csv";

/// `radar.csv` for the technologies of `site`.
pub fn radar_csv(site: &Site) -> Generated {
    let mut rows: Vec<[String; 5]> = documents_of_kind(site, "technology")
        .filter_map(|d| row(site, d))
        .collect();
    rows.sort();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record(["name", "ring", "quadrant", "isNew", "description"]);
    for row in &rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    Generated {
        path: RADAR_CSV.into(),
        text: String::from_utf8(bytes).unwrap_or_default(),
    }
}

fn row(site: &Site, d: usize) -> Option<[String; 5]> {
    let document = &site.documents[d];
    let ring = field_text(site, d, "ring")?;
    let quadrant = field_text(site, d, "quadrant")?;
    let ring = crate::stages::views::rings()
        .find(|(name, _)| *name == ring)?
        .1;
    let quadrant = crate::stages::views::quadrants()
        .find(|(name, _)| *name == quadrant)?
        .1;
    let is_new = field_text(site, d, "moved") == Some("new");
    let mut description = String::new();
    if let Some(summary) = &document.meta.summary {
        description.push_str("<p>");
        html(&mut description, summary);
        description.push_str("</p>");
    }
    // A relative link would point into BYOR's own site: link only to a known address.
    if feed_links::site_address(site).is_some() {
        let address = feed_links::link(site, RADAR_CSV, &document.url);
        description.push_str("<p><a href=\"");
        html(&mut description, &address);
        description.push_str("\">");
        html(&mut description, &document.title);
        description.push_str(" in the handbook</a></p>");
    }
    Some([
        document.title.clone(),
        ring.to_string(),
        title_case(quadrant),
        if is_new { "TRUE" } else { "FALSE" }.to_string(),
        description,
    ])
}

/// `Languages & frameworks` as `Languages & Frameworks`.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn html(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrants_take_byors_capitals() {
        assert_eq!(
            title_case("Languages & frameworks"),
            "Languages & Frameworks"
        );
        assert_eq!(title_case("Tools"), "Tools");
    }
}
