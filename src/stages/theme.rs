//! The theme: templates and static files, from the embedded default theme or a handbook's
//! `themes/NAME/` folder, shadowed file by file by the handbook's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::model::diagnostics::Diagnostic;
use crate::stages::discover::is_ignored;
use crate::util::fsutil;
#[cfg(test)]
use std::fs;

/// The default theme, compiled into the binary.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the default theme as compiled in (templates and static files).
pub fn builtin_files() -> Vec<&'static [u8]> {
    let mut files = Vec::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        files.extend(dir.files().map(|file| file.contents()));
    }
    files
}

/// A template's text and where it came from (shown in errors).
#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    pub origin: PathBuf,
}

/// Bytes of a static file, embedded or on disk.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The templates (by name, e.g. `partials/sidebar.html`) and static files (by output path).
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, Template>,
    pub static_files: BTreeMap<String, StaticFile>,
}

impl Theme {
    /// Loads the theme named in the config, then the handbook's overrides.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            theme.add_folder(&theme_dir.join("templates"), root, Kind::Templates)?;
            theme.add_folder(&theme_dir.join("static"), root, Kind::Static)?;
        } else if name == "default" {
            theme.add_embedded();
        } else {
            return Err(Diagnostic::error(format!(
                "theme `{name}` not found: there is no folder themes/{name}"
            ))
            .in_file(crate::model::config::CONFIG_FILE)
            .help(
                "set `theme: default` or create the theme's folder with templates/ and static/",
            ));
        }
        theme.register_originals(name);
        theme.add_folder(&root.join("templates"), root, Kind::Templates)?;
        theme.add_folder(&root.join("static"), root, Kind::Static)?;
        Ok(theme)
    }

    /// Registers each of the theme's own templates a second time as `NAME/template` (the
    /// built-in theme's as `default/document.html`), before the handbook's templates shadow
    /// the plain names: a handbook's `templates/document.html` can then
    /// `{% extends "default/document.html" %}` and replace one block.
    fn register_originals(&mut self, name: &str) {
        let originals: Vec<(String, Template)> = self
            .templates
            .iter()
            .map(|(template, text)| (format!("{name}/{template}"), text.clone()))
            .collect();
        self.templates.extend(originals);
    }

    fn add_embedded(&mut self) {
        for (prefix, kind) in [("templates", Kind::Templates), ("static", Kind::Static)] {
            let Some(dir) = DEFAULT_THEME.get_dir(prefix) else {
                continue;
            };
            let mut stack = vec![dir];
            while let Some(dir) = stack.pop() {
                stack.extend(dir.dirs());
                for file in dir.files() {
                    let path = file.path().to_string_lossy().replace('\\', "/");
                    let name = path
                        .strip_prefix(prefix)
                        .unwrap_or(&path)
                        .trim_start_matches('/')
                        .to_string();
                    match kind {
                        Kind::Templates => {
                            let text = String::from_utf8_lossy(file.contents()).into_owned();
                            let origin = PathBuf::from("(built-in theme)/templates").join(&name);
                            self.templates.insert(name, Template { text, origin });
                        }
                        Kind::Static => {
                            self.static_files
                                .insert(name, StaticFile::Embedded(file.contents()));
                        }
                    }
                }
            }
        }
    }

    fn add_folder(&mut self, dir: &Path, root: &Path, kind: Kind) -> Result<(), Diagnostic> {
        if !dir.is_dir() {
            return Ok(());
        }
        let walker = WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("could not read the theme: {e}")).in_file(dir)
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = relative.to_string_lossy().replace('\\', "/");
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match kind {
                Kind::Templates => {
                    let text = fsutil::read_to_string(entry.path())
                        .map_err(|e| Diagnostic::error(format!("{e:#}")).in_file(&shown))?;
                    self.templates.insert(
                        name,
                        Template {
                            text,
                            origin: shown,
                        },
                    );
                }
                Kind::Static => {
                    self.static_files
                        .insert(name, StaticFile::Disk(entry.path().to_path_buf()));
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Templates,
    Static,
}

/// Turns a Tera error into a diagnostic pointing into the template; `page` names the page
/// being rendered, if any.
pub fn template_diagnostic(theme: &Theme, error: &tera::Error, page: Option<&str>) -> Diagnostic {
    let context = page
        .map(|p| format!(" while rendering {p}"))
        .unwrap_or_default();
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let origin = theme
                .templates
                .get(report.filename())
                .map_or_else(|| PathBuf::from(report.filename()), |t| t.origin.clone());
            let span = report.span();
            Diagnostic::error(format!("template error{context}: {}", report.message()))
                .code("template")
                .at(origin, span.start_line, span.start_col + 1)
                .help("fix the template, or remove the handbook's copy to use the theme's")
        }
        _ => match report_location(&error.to_string()) {
            Some((message, name, line, column)) => {
                let origin = theme
                    .templates
                    .get(&name)
                    .map_or_else(|| PathBuf::from(&name), |t| t.origin.clone());
                Diagnostic::error(format!("template error{context}: {message}"))
                    .code("template")
                    .at(origin, line, column)
                    .help("fix the template, or remove the handbook's copy to use the theme's")
            }
            None => Diagnostic::error(format!("template error{context}: {error}"))
                .code("template")
                .help("check the template names used by `extends` and `include`"),
        },
    }
}

/// Reads the first `error: MESSAGE` and ` --> NAME:LINE:COL` lines of a Tera report.
fn report_location(report: &str) -> Option<(String, String, usize, usize)> {
    let message = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?
        .to_string();
    let location = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.to_string();
    Some((message, name, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_s_own_templates_are_also_registered_under_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("themes/house/templates")).unwrap();
        fs::create_dir_all(root.join("templates")).unwrap();
        fs::write(root.join("themes/house/templates/home.html"), "HOUSE").unwrap();
        fs::write(root.join("templates/home.html"), "MINE").unwrap();
        let theme = Theme::load(root, "house").unwrap();
        assert_eq!(theme.templates["home.html"].text, "MINE");
        assert_eq!(theme.templates["house/home.html"].text, "HOUSE");
        let built_in = Theme::load(root.join("themes").as_path(), "default").unwrap();
        assert!(built_in.templates.contains_key("default/document.html"));
    }
}
