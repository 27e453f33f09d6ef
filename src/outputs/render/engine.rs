//! The theme's templates compiled into one Tera engine, with Northstar's filters and
//! functions registered: the render stage's engine, built once per theme.

use crate::model::diagnostics::Diagnostic;
use crate::stages::theme::{template_diagnostic, Theme};

/// Compiles the templates; a syntax error names the template file, line and column.
pub fn engine(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    super::filters::register(&mut tera);
    super::rows::register(&mut tera);
    let templates = theme
        .templates
        .iter()
        .map(|(name, t)| (name.as_str(), t.text.as_str()));
    tera.add_raw_templates(templates)
        .map_err(|error| template_diagnostic(theme, &error, None))?;
    for required in [
        "home.html",
        "section.html",
        "document.html",
        "listing.html",
        "404.html",
    ] {
        if !tera.contains_template(required) {
            return Err(
                Diagnostic::error(format!("the theme has no template `{required}`")).help(format!(
                    "add templates/{required} to the handbook or the theme"
                )),
            );
        }
    }
    Ok(tera)
}
