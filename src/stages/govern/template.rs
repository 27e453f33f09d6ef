//! `template:` in front matter names a template of the theme or the handbook's `templates/`
//! folder, by its name there (`wide.html`, `partials/x.html`); never a file elsewhere.

use std::path::Path;

use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;

/// Reports a `template` that is a path out of the templates (`../x`, `/etc/x`, `C:\x`) and
/// forgets it, so the page renders with its usual template.
pub fn check(meta: &mut Meta, file: &Path, out: &mut Vec<Diagnostic>) {
    let Some(name) = &meta.template else {
        return;
    };
    if is_template_name(name) {
        return;
    }
    let line = meta
        .field_lines
        .get("template")
        .copied()
        .unwrap_or(meta.header_line);
    out.push(
        Diagnostic::error(format!(
            "`template: {name}` is not the name of a template of the theme or the handbook"
        ))
        .code("template-path")
        .at(file, line, 1)
        .help("name a template as the theme lists it, e.g. `document.html`, or add one to the handbook's templates/ folder; \
               paths with `..`, a leading `/` or a drive are not allowed"),
    );
    meta.template = None;
}

/// A relative name of `/`-separated plain parts.
fn is_template_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && !name.contains('\0')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::is_template_name;

    #[test]
    fn names_not_paths() {
        for name in ["document.html", "partials/meta.html", "wide.html"] {
            assert!(is_template_name(name), "{name}");
        }
        for name in [
            "../x.html",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "a//b",
            "./a.html",
            "",
        ] {
            assert!(!is_template_name(name), "{name}");
        }
    }
}
