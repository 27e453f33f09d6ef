//! A roadmap item's or a radar blip's `link` to a page above the audience: reported like a
//! body link to such a page, and the entry is shown without the link.

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use crate::model::diagnostics::Diagnostic;
use crate::model::site::Site;

/// Where an entry is written, for the diagnostic.
pub struct At<'a> {
    pub file: &'a Path,
    pub line: usize,
    /// `roadmap item 3`, `radar blip 1`.
    pub what: String,
}

/// `entry` as it is, or without its `link` when that names a left-out page (reported in `out`).
pub fn unlinked<'a>(
    site: &Site,
    entry: &'a Value,
    at: At,
    out: &mut Vec<Diagnostic>,
) -> Cow<'a, Value> {
    let link = entry.get("link").and_then(Value::as_str);
    let Some(link) = link.filter(|l| site.left_out.contains(l.trim().trim_start_matches("./")))
    else {
        return Cow::Borrowed(entry);
    };
    out.push(
        Diagnostic::with_severity(
            site.config.audiences.dangling.severity(),
            format!("{} links to content/{link}, a page this build's audience does not see", at.what),
        )
        .code("excluded-link")
        .at(at.file, at.line, 1)
        .help("remove the link, or lower the target's `classification`; the entry is shown without the link"),
    );
    let mut entry = entry.clone();
    if let Some(map) = entry.as_object_mut() {
        map.remove("link");
    }
    Cow::Owned(entry)
}
