//! GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each
//! diagnostic becomes an annotation on its file's line in the pull request.

use std::fmt::Write as _;
use std::path::Path;

use super::{diagnostic_path, message_with_help};
use crate::model::diagnostics::{Diagnostic, Severity};

/// One workflow command per diagnostic, one a line. The title is the diagnostic's code.
pub fn github(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(path) = diagnostic_path(root, diagnostic) {
            properties.push(format!("file={}", escape_property(&path)));
            if let Some(line) = diagnostic.line {
                properties.push(format!("line={line}"));
                if let Some(column) = diagnostic.column {
                    properties.push(format!("col={column}"));
                }
            }
        }
        properties.push(format!("title={}", escape_property(diagnostic.code)));
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message_with_help(diagnostic))
        );
    }
    out
}

/// A command's message: `%`, carriage return and line feed are percent-encoded, as the
/// runner decodes them (a line feed stays a line break in the annotation).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property's value: as a message, and also `:` and `,`, which end a value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_the_runner_decodes_them() {
        assert_eq!(
            escape_data("50% done\r\nnext: a, b"),
            "50%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }

    #[test]
    fn a_diagnostic_without_a_file_is_an_annotation_of_the_run() {
        let diagnostic = Diagnostic::warning("shallow clone").code("git-shallow");
        assert_eq!(
            github(&[diagnostic], Path::new(".")),
            "::warning title=git-shallow::shallow clone\n"
        );
    }
}
