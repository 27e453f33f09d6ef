//! The site header and footer and the head's links, rendered once for each depth of page and
//! reused: the default theme's `partials/header.html`, `partials/footer.html` and
//! `partials/head-assets.html` depend only on `site`, `root` and `generator`, which every
//! page at one depth shares, and as template code the header alone was over 1% of a build's
//! instructions (a dozen `{{ root }}` lookups on every page), the head's links 0.7%.
//!
//! The partials are still rendered by Tera, from the theme's own files; `base.html` prints
//! `chrome.head`, `chrome.header` and `chrome.footer` when `chrome` is set and includes the
//! partials otherwise. One variable, not three: every name in a page's context makes each
//! lookup of every other name a little dearer (three names cost more than they saved).
//! They are set only while every template is the default theme's (as `nav` is): a handbook
//! with a template of its own may make its header depend on the page.

use std::sync::OnceLock;

use tera::value::{Key, Map};
use tera::{Context, Tera, Value};

use super::GENERATOR;

/// The partials drawn once, by their key in `chrome`.
const PARTIALS: [(&str, &str); 3] = [
    ("head", "partials/head-assets.html"),
    ("header", "partials/header.html"),
    ("footer", "partials/footer.html"),
];

/// Depths of page whose header and footer are kept (deeper pages render them each time).
const DEPTHS: usize = 16;

/// The header and footer of each depth of page, rendered on first use.
pub struct Chrome {
    by_depth: Vec<OnceLock<Option<Drawn>>>,
}

/// One depth's `chrome`: `{head, header, footer}`, each ready to print.
type Drawn = Value;

impl Chrome {
    pub fn new() -> Self {
        Chrome {
            by_depth: (0..DEPTHS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Adds `chrome` (`{head, header, footer}`) for pages whose way to the site root is `root`
    /// (`../` once per folder); adds nothing when that depth is not kept or either partial
    /// fails to render (the page then includes them, and reports the error as usual).
    pub fn insert(&self, context: &mut Context, tera: &Tera, site: &Value, root: &str) {
        let ups = root.as_bytes().chunks(3);
        let Some(slot) = self
            .by_depth
            .get(ups.len())
            .filter(|_| ups.clone().all(|up| up == b"../"))
        else {
            return;
        };
        let drawn = slot.get_or_init(|| {
            let mut alone = Context::new();
            alone.insert_value("site", site.clone());
            alone.insert("root", root);
            alone.insert("generator", GENERATOR);
            let mut parts = Map::new();
            for (key, partial) in PARTIALS {
                let html = tera.render(partial, &alone).ok()?;
                parts.insert(Key::Str(key), Value::safe_string(&html));
            }
            Some(Value::from(parts))
        });
        if let Some(drawn) = drawn {
            context.insert_value("chrome", drawn.clone());
        }
    }
}

impl Default for Chrome {
    fn default() -> Self {
        Self::new()
    }
}
