//! The numbering of decisions and RFCs: a new one takes the number after the highest in its
//! folder, in the folder's form (`0007-…`, `adr-0007-…`) and, when the folder's titles carry
//! their number (`ADR-0007: …`, `RFC 0007: …`), in that form too.

use std::path::Path;

use crate::stages::frontmatter;

/// The number a new document takes, and how its folder writes numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Before the digits of the file name: `""`, `adr-`, `rfc-`.
    prefix: String,
    value: u64,
    width: usize,
    /// Before the digits of the title (`ADR-`, `RFC `), when the folder's titles have one.
    title_prefix: Option<String>,
}

impl Number {
    pub fn file_name(&self, slug: &str) -> String {
        format!(
            "{}{:0width$}-{slug}.md",
            self.prefix,
            self.value,
            width = self.width
        )
    }

    pub fn title(&self, title: &str) -> String {
        match &self.title_prefix {
            Some(prefix) if !title.starts_with(prefix.as_str()) => format!(
                "{prefix}{:0width$}: {title}",
                self.value,
                width = self.width
            ),
            _ => title.to_string(),
        }
    }
}

/// A numbered file of the folder: its prefix, number and digit count.
struct Numbered {
    prefix: String,
    value: u64,
    width: usize,
    name: String,
}

/// The number of a new document of `kind` in `folder`; `None` for kinds that are not
/// numbered, or a folder whose files carry no numbers.
pub fn next(folder: &Path, kind: &str) -> Option<Number> {
    let own_prefix = match kind {
        "decision" => "adr-",
        "rfc" => "rfc-",
        _ => return None,
    };
    let mut found: Vec<Numbered> = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter_map(|entry| numbered(entry.file_name().to_str()?))
        .collect();
    let highest = found.iter().map(|n| n.value).max()?;
    let prefix = if found.iter().all(|n| n.prefix.is_empty()) {
        String::new()
    } else {
        own_prefix.to_string()
    };
    found.retain(|n| n.prefix == prefix);
    found.sort_by_key(|n| n.value);
    let model = found.last();
    let width = model.map_or(4, |n| n.width);
    let title_prefix = model.and_then(|n| title_prefix(&folder.join(&n.name)));
    Some(Number {
        prefix,
        value: highest + 1,
        width,
        title_prefix,
    })
}

/// `adr-0007-use-postgres.md` → (`adr-`, 7, 4).
fn numbered(name: &str) -> Option<Numbered> {
    let stem = name.strip_suffix(".md")?;
    let letters = stem
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(stem.len());
    let (prefix, rest) = match stem[letters..].strip_prefix('-') {
        Some(rest) if letters > 0 => (&stem[..=letters], rest),
        _ => ("", stem),
    };
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits < 2 || !rest[digits..].starts_with('-') {
        return None;
    }
    Some(Numbered {
        prefix: prefix.to_string(),
        value: rest[..digits].parse().ok()?,
        width: digits,
        name: name.to_string(),
    })
}

/// `ADR-` of a title `ADR-0006: …`, `RFC ` of `RFC 0001: …`.
fn title_prefix(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let parsed = frontmatter::parse(&text).ok()?;
    let title = parsed.fields.get("title")?.as_str()?;
    let letters = title
        .find(|c: char| !c.is_ascii_uppercase())
        .filter(|at| *at > 0)?;
    let separator = title[letters..]
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | ' '))?;
    let rest = &title[letters + 1..];
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    (digits > 0 && rest[digits..].starts_with(':'))
        .then(|| format!("{}{separator}", &title[..letters]))
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn reads_numbered_file_names() {
        let n = numbered("adr-0007-use-postgres.md").unwrap();
        assert_eq!((n.prefix.as_str(), n.value, n.width), ("adr-", 7, 4));
        let n = numbered("012-x.md").unwrap();
        assert_eq!((n.prefix.as_str(), n.value, n.width), ("", 12, 3));
        assert!(numbered("use-postgres.md").is_none());
        assert!(numbered("2fa.md").is_none() && numbered("_index.md").is_none());
    }
}
