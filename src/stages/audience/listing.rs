//! `list --left-out`: the pages a build for one audience leaves out and why, for the writer
//! preparing that build (who can read the sources anyway: this is never part of a site).

use serde::Serialize;

use super::{LeftOut, Why};

/// One left-out page.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOutRow {
    /// Source path relative to `content/` (a document or a section's index file).
    pub path: String,
    /// The level it is left out at: its own, or its folder's when a folder hides it.
    pub level: String,
    /// `classification` (its own), `cascade` (a section's cascade), `default`
    /// (`audiences.default_classification`) or `folder` (a left-out folder covers it).
    pub reason: &'static str,
    /// The left-out folder that covers it (`deals/`), when `reason` is `folder`.
    pub folder: Option<String>,
    /// The `classification` it writes itself, if any.
    pub classification: Option<String>,
}

/// Every left-out page, by path.
pub fn rows(left_out: &LeftOut) -> Vec<LeftOutRow> {
    let mut rows: Vec<LeftOutRow> = left_out
        .pages
        .values()
        .map(|page| {
            let (reason, folder) = match &page.why {
                Why::Classification => ("classification", None),
                Why::Cascade => ("cascade", None),
                Why::Default => ("default", None),
                Why::Folder(folder) => ("folder", Some(format!("{folder}/"))),
            };
            LeftOutRow {
                path: page.source.clone(),
                level: page.level.clone(),
                reason,
                folder,
                classification: page.written.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    rows
}

/// Why a row is left out, in words.
pub fn because(row: &LeftOutRow) -> String {
    match (&row.folder, &row.classification) {
        (Some(folder), Some(own)) if !own.eq_ignore_ascii_case(&row.level) => format!(
            "in {folder}, which is {}; its own classification, {own}, is hidden by the folder",
            row.level
        ),
        (Some(folder), _) => format!("in {folder}, which is {}", row.level),
        (None, _) => match row.reason {
            "classification" => format!("its classification is {}", row.level),
            "cascade" => format!("a section's cascade makes it {}", row.level),
            _ => format!(
                "it names no classification and the default is {}",
                row.level
            ),
        },
    }
}

/// The rows as an aligned table: path, level and why.
pub fn table(rows: &[LeftOutRow]) -> String {
    let cells: Vec<[String; 3]> = rows
        .iter()
        .map(|row| [row.path.clone(), row.level.clone(), because(row)])
        .collect();
    crate::util::text_table::aligned(["PATH", "LEVEL", "WHY"], &cells)
}
