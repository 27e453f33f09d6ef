//! `mv`: moves a document or a folder of `content/` and rewrites what points at it — the
//! Markdown links and images of every document, its reference fields, roadmap items' and radar
//! blips' `link`, the board pack's documents in northstar.yaml — and the links of the moved
//! documents themselves. Each file changes only in the text of those values; each is written
//! to a temporary file beside it and renamed into place.

mod body;
mod edits;
mod front;
mod relocation;

use std::path::{Path, PathBuf};

use crate::model::config::{Config, CONFIG_FILE};
use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::Kinds;
use crate::model::urls;
use crate::stages::{discover, frontmatter};
use crate::util::fsutil;
use edits::{line_of, Edit};
pub use relocation::{content_path, Relocation};

/// What to move, as the writer typed it.
pub struct MoveRequest<'a> {
    pub from: &'a Path,
    pub to: &'a Path,
    /// Add the old address of each moved document to its `aliases`.
    pub alias: bool,
}

/// One value rewritten, for the report: `file:line`, the old and the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The file as shown (`content/…` or `northstar.yaml`), at its place after the move.
    pub file: String,
    pub line: usize,
    pub old: String,
    pub new: String,
}

/// A move worked out and not yet done.
#[derive(Debug)]
pub struct Plan {
    pub relocation: Relocation,
    pub changes: Vec<Change>,
    /// Files whose front matter does not parse, so nothing in them was rewritten.
    pub unread: Vec<String>,
    /// The new text of each edited file, by its path after the move.
    writes: Vec<(PathBuf, String)>,
    content: PathBuf,
}

/// Works out the move of `request` in the handbook at `root` (whose `content/` is `content`).
pub fn plan(
    root: &Path,
    content: &Path,
    config: &Config,
    request: &MoveRequest,
) -> Result<Plan, Diagnostic> {
    let outside = |typed: &Path| {
        Diagnostic::error(format!("{} is not inside content/", typed.display()))
            .help("give a path relative to the working folder or to content/, e.g. `policies/retention.md`")
    };
    let from = content_path(request.from, root, content).ok_or_else(|| outside(request.from))?;
    let to = content_path(request.to, root, content).ok_or_else(|| outside(request.to))?;
    let into = request.to.to_str().is_some_and(|t| t.ends_with('/'));
    let relocation = relocation::plan(content, &from, &to, into)?;
    let kinds = Kinds::new(&config.kinds);
    let names = front::reference_fields(&kinds);
    let (found, _) = discover::discover(content, root);
    let mut plan = Plan {
        relocation,
        changes: Vec::new(),
        unread: Vec::new(),
        writes: Vec::new(),
        content: content.to_path_buf(),
    };
    for source in &found.markdown {
        let full = content.join(source);
        let Ok(raw) = fsutil::read_to_string(&full) else {
            continue;
        };
        let new = plan.relocation.map(source);
        let moved_to = new.as_deref().unwrap_or(source);
        let file = FileText::new(&raw);
        let Some(mut edits) = file.edits(source, moved_to, &plan.relocation, &names) else {
            plan.unread.push(format!("content/{source}"));
            continue;
        };
        if request.alias && new.is_some() && !is_section_index(source) {
            if let Some(yaml) = file.yaml() {
                edits.push(yaml.alias_edit(&urls::document_output(source)));
            }
        }
        if edits.is_empty() {
            continue;
        }
        let shown = format!("content/{moved_to}");
        plan.record(&shown, &file.text, &edits);
        let target = content.join(moved_to);
        plan.writes
            .push((target, file.restore(edits::apply(&file.text, &edits))));
    }
    plan.config_edits(root, config);
    Ok(plan)
}

impl Plan {
    fn record(&mut self, shown: &str, text: &str, edits: &[Edit]) {
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| e.range.start);
        for edit in sorted {
            self.changes.push(Change {
                file: shown.to_string(),
                line: line_of(text, edit.range.start),
                old: text[edit.range.clone()].to_string(),
                new: edit.text.trim().to_string(),
            });
        }
    }

    /// The board pack's documents in northstar.yaml.
    fn config_edits(&mut self, root: &Path, config: &Config) {
        let Some(paths) = &config.board_pack.documents else {
            return;
        };
        let path = root.join(CONFIG_FILE);
        let Ok(raw) = fsutil::read_to_string(&path) else {
            return;
        };
        let file = FileText::new(&raw);
        let yaml = front::Yaml {
            text: &file.text,
            start: 0,
        };
        let edits = yaml.block_edits("board_pack", paths, &self.relocation);
        if !edits.is_empty() {
            self.record(CONFIG_FILE, &file.text, &edits);
            self.writes
                .push((path, file.restore(edits::apply(&file.text, &edits))));
        }
    }

    /// Moves the file or folder, then writes each edited file through a temporary file beside
    /// it.
    pub fn apply(&self) -> Result<(), Diagnostic> {
        let failed = |e: anyhow::Error| Diagnostic::error(format!("{e:#}"));
        let from = self.content.join(&self.relocation.from);
        let to = self.content.join(&self.relocation.to);
        if let Some(parent) = to.parent() {
            fsutil::create_dir_all(parent).map_err(failed)?;
        }
        fsutil::rename(&from, &to).map_err(failed)?;
        for (path, text) in &self.writes {
            write_replacing(path, text).map_err(failed)?;
        }
        Ok(())
    }
}

/// Writes `text` at `path` through a hidden temporary file in the same folder, renamed over
/// it: a reader never sees half a file.
fn write_replacing(path: &Path, text: &str) -> anyhow::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = path.with_file_name(format!(".{name}.northstar-mv"));
    fsutil::write(&temp, text.as_bytes())?;
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temp, metadata.permissions());
    }
    fsutil::rename(&temp, path)
}

fn is_section_index(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    discover::INDEX_NAMES.contains(&name)
}

/// A file's text with `\n` line endings (and whether it had `\r\n`, to write it back so).
struct FileText {
    text: String,
    crlf: bool,
}

impl FileText {
    fn new(raw: &str) -> Self {
        let crlf = raw.contains("\r\n");
        FileText {
            text: if crlf {
                raw.replace("\r\n", "\n")
            } else {
                raw.to_string()
            },
            crlf,
        }
    }

    fn restore(&self, text: String) -> String {
        if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    /// The front matter's YAML, with where it starts in the text.
    fn yaml(&self) -> Option<front::Yaml<'_>> {
        let yaml = frontmatter::yaml_block(&self.text)?;
        let start = yaml.as_ptr() as usize - self.text.as_ptr() as usize;
        Some(front::Yaml { text: yaml, start })
    }

    /// The edits of a Markdown file at content path `old`, moving to `new`; `None` when its
    /// front matter does not parse.
    fn edits(
        &self,
        old: &str,
        new: &str,
        relocation: &Relocation,
        names: &std::collections::BTreeSet<String>,
    ) -> Option<Vec<Edit>> {
        // A front matter that does not parse: where its body starts is not known either.
        let parsed = frontmatter::parse(&self.text).ok()?;
        let mut edits = match self.yaml() {
            Some(yaml) => yaml.reference_edits(&parsed.fields, names, relocation),
            None => Vec::new(),
        };
        let start = self.text.len() - parsed.body.len();
        let body = body::Body {
            text: &self.text[start..],
            start,
            old,
            new,
        };
        edits.extend(body.edits(relocation));
        Some(edits)
    }
}
