//! The site header and footer and the head's links (`chrome`), rendered once for each depth
//! of page and top-level section and reused: `partials/header.html`, `partials/footer.html`
//! and `partials/head-assets.html` see only `site`, `root`, `generator`, `nav.top` (the
//! current top-level section, or null), which every page at one depth of one section shares,
//! and `nav.current` (the address of a page the header itself links to — the contents page,
//! a view — on that page alone, else null; such a page's chrome is drawn for it).
//! As template code on every page the header alone was over 1% of a build's instructions.
//!
//! The partials are the theme's (or the handbook's own) files, rendered by Tera; `base.html`
//! prints `chrome.head`, `chrome.header` and `chrome.footer`. One variable, not three: every
//! name in a page's context makes each lookup of every other name a little dearer.

use std::sync::OnceLock;

use tera::value::{Key, Map};
use tera::{Context, Tera, Value};

use super::views::Link;
use super::GENERATOR;
use crate::model::diagnostics::Diagnostic;
use crate::stages::theme::{template_diagnostic, Theme};

/// The partials drawn once, by their key in `chrome`.
const PARTIALS: [(&str, &str); 3] = [
    ("head", "partials/head-assets.html"),
    ("header", "partials/header.html"),
    ("footer", "partials/footer.html"),
];

/// Depths of page whose chrome is kept (deeper pages render it each time).
const DEPTHS: usize = 16;

/// The chrome of each depth of page and top-level section, rendered on first use.
pub struct Chrome {
    /// Slots by depth, then by top-level section (0: none, else its position + 1).
    slots: Vec<OnceLock<Drawn>>,
    sections: usize,
}

/// One depth's and section's `chrome` (`{head, header, footer}`), or why a partial failed.
type Drawn = Result<Value, Diagnostic>;

/// What the chrome of one group of pages depends on.
pub struct ChromeInput<'a> {
    /// The way to the site root (`../` once per folder, or the 404 page's base address).
    pub root: &'a str,
    /// The current top-level section and its position among them.
    pub top: Option<(usize, Link<'a>)>,
    /// The page's address when the header links to it, which the header marks.
    pub current: Option<&'a str>,
}

impl Chrome {
    /// Room for a site with `sections` top-level sections.
    pub fn new(sections: usize) -> Self {
        Chrome {
            slots: (0..DEPTHS * (sections + 1))
                .map(|_| OnceLock::new())
                .collect(),
            sections,
        }
    }

    /// `chrome` for pages of `input`, rendered by `tera` with `site`.
    pub fn get(
        &self,
        tera: &Tera,
        theme: &Theme,
        site: &Value,
        input: &ChromeInput,
    ) -> Result<Value, Diagnostic> {
        let ups = input.root.as_bytes().chunks(3);
        let depth = ups.len();
        let position = input.top.as_ref().map_or(0, |(p, _)| p + 1);
        let shared = input.current.is_none() && depth < DEPTHS;
        let slot = (shared && ups.clone().all(|up| up == b"../"))
            .then(|| &self.slots[depth * (self.sections + 1) + position]);
        let draw = || draw(tera, theme, site, input);
        match slot {
            Some(slot) => slot.get_or_init(draw).clone(),
            None => draw(),
        }
    }
}

/// Renders the three partials for `input`.
fn draw(tera: &Tera, theme: &Theme, site: &Value, input: &ChromeInput) -> Drawn {
    let mut alone = Context::new();
    alone.insert_value("site", site.clone());
    alone.insert("root", input.root);
    alone.insert("generator", GENERATOR);
    let mut nav = Map::new();
    nav.insert(
        Key::Str("top"),
        Value::from_serializable(&input.top.as_ref().map(|(_, link)| link)),
    );
    nav.insert(
        Key::Str("current"),
        Value::from_serializable(&input.current),
    );
    alone.insert_value("nav", Value::from(nav));
    let mut parts = Map::new();
    for (key, partial) in PARTIALS {
        let html = tera.render(partial, &alone).map_err(|e| {
            template_diagnostic(theme, &e, None).help(format!(
                "templates/{partial} is rendered once per depth of page and top-level section: it sees only `site`, `root`, `generator`, `nav.top` and `nav.current`"
            ))
        })?;
        parts.insert(Key::Str(key), Value::safe_string(&html));
    }
    Ok(Value::from(parts))
}
