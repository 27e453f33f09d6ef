//! `new`: writes a new document of a kind, with every required field filled in so that it
//! checks clean at once, and the kind's starter headings.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::config::Config;
use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::{self, starter, FieldType, FullField, KindSchema, Kinds};
use crate::model::slug::file_slug;
use crate::stages::frontmatter::yaml_scalar;
use crate::util::fsutil;

mod numbering;

/// What to scaffold.
pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    /// Folder relative to `content/`; default: the kind's usual section.
    pub section: Option<&'a str>,
    pub today: Date,
    /// Values given for the kind's choice fields (`ring`, `quadrant` of a technology).
    pub choices: Vec<(&'a str, &'a str)>,
}

/// Writes the new document under `content` and returns its path relative to `content/`.
/// Refuses an unknown kind, an empty title and an existing file.
pub fn create(
    content: &Path,
    config: &Config,
    request: &NewDocument,
) -> Result<String, Diagnostic> {
    let kinds = Kinds::new(&config.kinds);
    let Some(schema) = kinds.get(request.kind) else {
        let help = match kinds::nearest(request.kind, kinds.names()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the kinds are {}",
                kinds.names().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(
            Diagnostic::error(format!("unknown kind `{}`", request.kind))
                .code("unknown-kind")
                .help(help),
        );
    };
    let slug = file_slug(request.title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "the title has no letters or digits to make a file name from",
        )
        .help("give the document a title, e.g. `northstar new policy \"Data retention\"`"));
    }
    let section = request
        .section
        .or(schema.section.as_deref())
        .unwrap_or("")
        .trim_matches('/');
    if section
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
    {
        return Err(
            Diagnostic::error(format!("`{section}` is not a folder inside content/"))
                .help("give --section as a path relative to content/, e.g. `policies/security`"),
        );
    }
    refuse_generated_name(section, &slug)?;
    check_choices(schema, request)?;
    let numbered = numbering::next(&content.join(section), request.kind);
    let name = match &numbered {
        Some(number) => number.file_name(&slug),
        None => format!("{slug}.md"),
    };
    let relative = if section.is_empty() {
        name
    } else {
        format!("{section}/{name}")
    };
    let path: PathBuf = content.join(&relative);
    if path.exists() {
        return Err(
            Diagnostic::error(format!("content/{relative} already exists"))
                .help("choose another title, or edit the existing document"),
        );
    }
    let title = match &numbered {
        Some(number) => number.title(request.title),
        None => request.title.to_string(),
    };
    let text = document_text(config, schema, request, &title);
    if let Some(parent) = path.parent() {
        fsutil::create_dir_all(parent).map_err(|e| Diagnostic::error(format!("{e:#}")))?;
    }
    fsutil::write(&path, text.as_bytes()).map_err(|e| Diagnostic::error(format!("{e:#}")))?;
    Ok(relative)
}

/// Refuses a document whose folder (or, at the top, whose page) is where a generated page
/// goes: it would fail `check` with `output-collision`.
fn refuse_generated_name(section: &str, slug: &str) -> Result<(), Diagnostic> {
    let reserved = crate::pipeline::reserved_names();
    let top = section.split('/').next().unwrap_or("");
    let taken = if top.is_empty() {
        let page = format!("{slug}.html");
        reserved.contains(&page.as_str()).then(|| {
            format!("content/{slug}.md would be published as {page}, where Northstar writes a generated page")
        })
    } else {
        (reserved.contains(&top) || top == crate::outputs::search::FOLDER)
            .then(|| format!("content/{top}/ is where Northstar writes its generated pages"))
    };
    match taken {
        Some(message) => Err(Diagnostic::error(message).code("output-collision").help(
            "choose another --section (or title); the names of generated pages are reserved",
        )),
        None => Ok(()),
    }
}

/// Refuses a value given for a field that is not one of the kind's choice fields, or that is
/// not one of the field's values.
fn check_choices(schema: &KindSchema, request: &NewDocument) -> Result<(), Diagnostic> {
    for (name, value) in &request.choices {
        let spec = schema.fields.get(*name).map(|spec| spec.full());
        let Some(spec) = spec.filter(|s| s.kind == FieldType::Choice) else {
            return Err(Diagnostic::error(format!(
                "--{name} is not a field of {}",
                crate::stages::govern::with_article(request.kind)
            ))
            .help("leave it out, or choose the kind that has it (`technology` has `--ring` and `--quadrant`)"));
        };
        if !spec.values.iter().any(|v| v == value) {
            let help = match kinds::nearest_value(value, &spec.values) {
                Some(near) => format!(
                    "did you mean `{near}`? The values are: {}",
                    spec.values.join(", ")
                ),
                None => format!("use one of: {}", spec.values.join(", ")),
            };
            return Err(
                Diagnostic::error(format!("`{value}` is not a value of `{name}`")).help(help),
            );
        }
    }
    Ok(())
}

/// The front matter and starter body of the new document.
fn document_text(
    config: &Config,
    schema: &KindSchema,
    request: &NewDocument,
    title: &str,
) -> String {
    let today = request.today.to_string();
    let mut text = String::from("---\n");
    let _ = writeln!(text, "title: {}", yaml_scalar(title));
    // Not published until the writer says so (see the guide's "Drafts").
    text.push_str("draft: true  # remove this line to publish the document\n");
    if request.kind != crate::model::kinds::DEFAULT_KIND {
        let _ = writeln!(text, "kind: {}", request.kind);
    }
    if let Some(status) = schema.default_status() {
        let _ = writeln!(
            text,
            "status: {status}  # one of: {}",
            schema.statuses.join(", ")
        );
    }
    for field in &schema.required {
        let _ = writeln!(text, "{field}: {}", common_placeholder(field, &today));
    }
    if !schema.required.iter().any(|f| f == "owner") {
        let _ = writeln!(
            text,
            "owner: {}  # the accountable team or role",
            starter::OWNER
        );
    }
    let _ = writeln!(text, "summary: {}", yaml_scalar(starter::SUMMARY));
    let _ = writeln!(text, "date: {today}");
    let needs_review = config.review.required_for.iter().any(|k| k == request.kind)
        && schema.review_date.is_none();
    if needs_review {
        let _ = writeln!(text, "review_every: 12 months\nlast_reviewed: {today}");
    }
    for (name, spec) in &schema.fields {
        let spec = spec.full();
        if schema.review_date.as_deref() == Some(name.as_str()) {
            // The kind's review date: a year from now, so the new document is not due at once.
            let next = request
                .today
                .checked_add(jiff::Span::new().years(1))
                .unwrap_or(request.today);
            let _ = writeln!(text, "{name}: {next}");
        } else if let Some((_, value)) = request.choices.iter().find(|(n, _)| n == name) {
            let _ = writeln!(text, "{name}: {value}");
        } else if spec.kind == FieldType::Choice && spec.required {
            let _ = writeln!(
                text,
                "{name}: {}  # one of: {}",
                field_placeholder(&spec, request.today),
                spec.values.join(", ")
            );
        } else if spec.required || spec.kind == FieldType::Objectives {
            let _ = writeln!(text, "{name}: {}", field_placeholder(&spec, request.today));
        }
    }
    text.push_str("---\n\n");
    text.push_str(schema.starter.as_deref().unwrap_or(starter::BODY));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn common_placeholder(field: &str, today: &str) -> String {
    match field {
        "owner" => format!("{}  # the accountable team or role", starter::OWNER),
        "date" | "updated" => today.to_string(),
        "authors" | "tags" | "supports" => "[]".into(),
        _ => yaml_scalar(starter::TEXT),
    }
}

/// A value of the field's type that passes validation.
fn field_placeholder(spec: &FullField, today: Date) -> String {
    match spec.kind {
        FieldType::Date => today.to_string(),
        FieldType::Period => format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1),
        FieldType::Integer => spec.min.unwrap_or(0).to_string(),
        FieldType::Number => "0".into(),
        FieldType::Bool => "false".into(),
        FieldType::List | FieldType::References => "[]".into(),
        FieldType::Choice => spec.values.first().cloned().unwrap_or_default(),
        FieldType::Map => "{}".into(),
        FieldType::Objectives => "\n  - id: first-objective\n    title: Name the first objective\n    measure: How progress is measured\n    target: The value that means done".into(),
        FieldType::Text | FieldType::Reference => yaml_scalar(starter::TEXT),
    }
}
