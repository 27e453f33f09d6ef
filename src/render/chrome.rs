//! The site header and footer, rendered once for each depth of page and reused: the default
//! theme's `partials/header.html` and `partials/footer.html` depend only on `site`, `root`
//! and `generator`, which every page at one depth shares, and as template code the header
//! alone was over 1% of a build's instructions (a dozen `{{ root }}` lookups on every page).
//!
//! The partials are still rendered by Tera, from the theme's own files; `base.html` prints
//! `header_html` and `footer_html` when they are set and includes the partials otherwise.
//! They are set only while every template is the default theme's (as `nav` is): a handbook
//! with a template of its own may make its header depend on the page.

use std::sync::OnceLock;

use tera::{Context, Tera, Value};

use super::GENERATOR;

/// Depths of page whose header and footer are kept (deeper pages render them each time).
const DEPTHS: usize = 16;

/// The header and footer of each depth of page, rendered on first use.
pub struct Chrome {
    by_depth: Vec<OnceLock<Option<Drawn>>>,
}

/// One depth's header and footer, as template values ready to print.
struct Drawn {
    header: Value,
    footer: Value,
}

impl Chrome {
    pub fn new() -> Self {
        Chrome {
            by_depth: (0..DEPTHS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Adds `header_html` and `footer_html` for pages whose way to the site root is `root`
    /// (`../` once per folder); adds nothing when that depth is not kept or either partial
    /// fails to render (the page then includes them, and reports the error as usual).
    pub fn insert(&self, context: &mut Context, tera: &Tera, site: &Value, root: &str) {
        let depth = root.len() / 3;
        let Some(slot) = self
            .by_depth
            .get(depth)
            .filter(|_| root == "../".repeat(depth))
        else {
            return;
        };
        let drawn = slot.get_or_init(|| {
            let mut alone = Context::new();
            alone.insert_value("site", site.clone());
            alone.insert("root", root);
            alone.insert("generator", GENERATOR);
            let header = tera.render("partials/header.html", &alone).ok()?;
            let footer = tera.render("partials/footer.html", &alone).ok()?;
            Some(Drawn {
                header: Value::safe_string(&header),
                footer: Value::safe_string(&footer),
            })
        });
        if let Some(drawn) = drawn {
            context.insert_value("header_html", drawn.header.clone());
            context.insert_value("footer_html", drawn.footer.clone());
        }
    }
}

impl Default for Chrome {
    fn default() -> Self {
        Self::new()
    }
}
