//! Front matter: splits a Markdown file into its YAML header and body, and parses the YAML.
//!
//! This is the only module that touches the YAML library, so it can be swapped in one place;
//! [`simple`] reads the plain form most files use without it. Every line number it reports is
//! a line of the Markdown file, not of the YAML block.

mod escapes;
mod repeated;
pub mod simple;

use std::collections::HashMap;

use serde::de::DeserializeOwned;

/// A YAML value of the front matter.
pub type Value = serde_yaml::Value;
/// The front matter's top-level map.
pub type Mapping = serde_yaml::Mapping;

/// A Markdown file split into its parsed front matter and its body.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub fields: Mapping,
    /// The file line of each top-level key, for diagnostics.
    pub key_lines: HashMap<String, usize>,
    /// The line where the front matter starts (1 when present, for diagnostics).
    pub header_line: usize,
    /// Shared: the parse cache of `serve` and the site hold the same text.
    pub body: std::sync::Arc<str>,
    /// The file line on which the body starts.
    pub body_line: usize,
}

/// A front-matter error with the file line (and column) it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// Splits and parses `text`. A file without a leading `---` line has no front matter.
/// A byte-order mark and CRLF line endings are accepted.
pub fn parse(text: &str) -> Result<Parsed, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    let Some(after_open) = strip_fence(text) else {
        return Ok(Parsed {
            fields: Mapping::new(),
            key_lines: HashMap::new(),
            header_line: 1,
            body: std::sync::Arc::from(text),
            body_line: 1,
        });
    };
    let (yaml, body, closing_line) = split_closing(after_open).ok_or_else(|| FrontMatterError {
        line: 1,
        column: 1,
        message: "the front matter that starts on line 1 is never closed".into(),
        help: "add a line with only `---` after the last front-matter field".into(),
    })?;
    let fields = parse_mapping(yaml)?;
    Ok(Parsed {
        key_lines: key_lines(yaml),
        fields,
        header_line: 1,
        body: std::sync::Arc::from(body),
        body_line: closing_line + 1,
    })
}

/// A YAML error at a line and column of the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// When a key is given twice in one map: the line of the first (the error's line is
    /// the second's).
    pub repeated: Option<usize>,
}

impl YamlError {
    /// The message, saying where a repeated key first is; `offset` is the file line of the
    /// YAML text's first line, less one.
    pub fn described(&self, offset: usize) -> String {
        match self.repeated {
            Some(first) => format!("{} (first on line {})", self.message, first + offset),
            None => self.message.clone(),
        }
    }

    /// The fix of a key given twice, if that is the error.
    pub fn repeated_help(&self) -> Option<&'static str> {
        self.repeated.map(|_| {
            "a key may appear once in each map: keep the line you mean and delete the other"
        })
    }
}

/// Parses YAML text (a front matter or `northstar.yaml`) into a typed value.
/// Surrogate pairs in double-quoted strings (`"\ud83d\ude80"`, as JSON writers put an emoji),
/// which the library refuses, are read as the one character they spell.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let result = serde_yaml::from_str(text);
    if let Err(error) = &result {
        if error
            .to_string()
            .contains("invalid Unicode character escape")
        {
            if let Some(joined) = escapes::surrogates_joined(text) {
                return from_yaml(&joined);
            }
        }
    }
    result.map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |at| (at.line(), at.column()));
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        let repeated = repeated::repeated_key(&message)
            .and_then(|key| Some((key, repeated::lines_of(text, line, column, key)?)));
        match repeated {
            // The library names the mapping's start; the writer needs the second key's line.
            Some((key, (first, second))) => YamlError {
                line: second,
                column,
                message: format!("`{key}` is given twice in the same map"),
                repeated: Some(first),
            },
            None => YamlError {
                repeated: None,
                line,
                column,
                message,
            },
        }
    })
}

/// `text` as a YAML scalar, quoted when it has to be (for writing front matter).
pub fn yaml_scalar(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// Converts one front-matter value into a typed Rust value.
pub fn convert<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_yaml::from_value(value.clone()).map_err(|e| e.to_string())
}

/// Converts a YAML value into JSON for templates; keys that are not strings are stringified.
pub fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::to_value(n).unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (scalar_text(k).unwrap_or_default(), to_json(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => to_json(&tagged.value),
    }
}

/// The text of a scalar (string, number or boolean); `None` for other values.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The rest of `text` after an opening `---` line, if it has one.
fn strip_fence(text: &str) -> Option<&str> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() == "---" {
        Some(&text[(first_end + 1).min(text.len())..])
    } else {
        None
    }
}

/// Finds the closing `---` (or `...`) line: returns the YAML, the body, and the file line of
/// the closing fence.
fn split_closing(rest: &str) -> Option<(&str, &str, usize)> {
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + line.len();
            return Some((&rest[..offset], &rest[body_start..], index + 2));
        }
        offset += line.len();
    }
    None
}

/// The YAML between the fences of `text` (with `\n` line endings), if it has front matter.
pub fn yaml_block(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    split_closing(strip_fence(text)?).map(|(yaml, _, _)| yaml)
}

fn parse_mapping(yaml: &str) -> Result<Mapping, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if let Some(map) = simple::mapping(yaml) {
        return Ok(map);
    }
    let value: Value = from_yaml(yaml).map_err(|error| FrontMatterError {
        line: error.line + 1,
        column: error.column,
        message: format!("invalid YAML in front matter: {}", error.described(1)),
        help: match error.repeated_help() {
            Some(help) => help.into(),
            None => "front matter is YAML between two `---` lines: one `key: value` per line; \
                      quote values that contain `: ` or start with a special character"
                .into(),
        },
    })?;
    match value {
        Value::Mapping(map) => Ok(map),
        Value::Null => Ok(Mapping::new()),
        _ => Err(FrontMatterError {
            line: 2,
            column: 1,
            message: "front matter must be a map of `key: value` fields".into(),
            help: "write one field per line, e.g. `title: Data retention policy`".into(),
        }),
    }
}

/// The file line of each top-level key of a block-style YAML map.
fn key_lines(yaml: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    for (index, line) in yaml.lines().enumerate() {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if !starts_key {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            lines.entry(key.to_string()).or_insert(index + 2);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let parsed = parse("---\ntitle: A\ntags: [x]\n---\n# Body\n").unwrap();
        assert_eq!(&*parsed.body, "# Body\n");
        assert_eq!(parsed.body_line, 5);
        assert_eq!(parsed.key_lines["tags"], 3);
    }

    #[test]
    fn tolerates_bom_and_crlf() {
        let parsed = parse("\u{feff}---\r\ntitle: A\r\n---\r\nText\r\n").unwrap();
        assert_eq!(&*parsed.body, "Text\n");
        assert_eq!(scalar_text(&parsed.fields["title"]).as_deref(), Some("A"));
    }

    #[test]
    fn reports_file_lines() {
        let error = parse("---\ntitle: A\nbad: [unclosed\n---\n").unwrap_err();
        assert!(error.line >= 3, "{error:?}");
        let error = parse("---\ntitle: A\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("never closed"));
    }

    #[test]
    fn reads_json_style_escapes() {
        let parsed = parse(
            "---\ntitle: \"Estrat\\u00e9gia \\ud83d\\ude80\"\nsummary: \"a\\/b\\tc \\U0001F680\"\n---\n",
        )
        .unwrap();
        assert_eq!(
            scalar_text(&parsed.fields["title"]).as_deref(),
            Some("Estratégia 🚀")
        );
        assert_eq!(
            scalar_text(&parsed.fields["summary"]).as_deref(),
            Some("a/b\tc 🚀")
        );
        let error = parse("---\ntitle: \"\\ud83d\\ude80\"\nbad: \"\\q\"\n---\n").unwrap_err();
        assert_eq!(error.line, 3, "{error:?}");
    }
}
