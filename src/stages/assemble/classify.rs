//! Classification while the site is assembled: each page's level (its own `classification:`,
//! else its section's cascade, else the default), checked against the configured levels,
//! whether the audience of this build may see it, and what is kept of a page it may not.

use std::path::Path;

use super::{first_heading, title_from_name};
use crate::model::diagnostics::Diagnostic;
use crate::model::meta::Meta;
use crate::model::urls;
use crate::stages::audience::hidden::{self, Lower, Written};
use crate::stages::audience::{AudiencesConfig, Excluded, LeftFolder, LeftOut, SetAt, Why};
use crate::stages::frontmatter::{self, Mapping, Parsed};

/// Decides, page by page, what the audience of this build sees.
pub(super) struct Classifier {
    audiences: AudiencesConfig,
    audience: usize,
}

impl Classifier {
    pub fn new(audiences: &AudiencesConfig) -> Self {
        Classifier {
            audience: audiences.audience_rank(),
            audiences: audiences.clone(),
        }
    }

    /// Sets `meta.classification` to the page's level as configured (so every page can show
    /// it) and returns whether the audience may see the page. `inherited` is a section's
    /// level from its parent's cascade (a document's cascade is already in its `meta`). An
    /// unknown level is reported and counts as the highest, so the page is left out of any
    /// lower build.
    pub fn admit(
        &self,
        meta: &mut Meta,
        inherited: Option<String>,
        file: &Path,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let written = meta.classification.clone().or(inherited);
        let own = meta.field_lines.contains_key("classification");
        let rank = match written.as_deref() {
            None => self.audiences.default_rank(),
            Some(level) => match self.audiences.rank(level) {
                Some(rank) => rank,
                None => {
                    if own {
                        out.push(self.unknown(level, file, meta.field_lines["classification"]));
                    }
                    self.audiences.levels.len().saturating_sub(1)
                }
            },
        };
        meta.classification = Some(self.audiences.levels[rank].clone());
        rank <= self.audience
    }

    /// A section's level: its own `classification`; without one, the higher of its own
    /// cascade's level (a cascade covers the section page and the files beside it too) and
    /// the level it has otherwise (its parent's cascade, `inherited`, else the default). A
    /// cascade can raise a section page but never publish it lower than that: only its own
    /// `classification` can. Sets `meta.classification` and says whether the audience may
    /// see the section and where its level is written.
    pub fn section(
        &self,
        meta: &mut Meta,
        inherited: Inherited,
        file: &Path,
        out: &mut Vec<Diagnostic>,
    ) -> SectionLevel {
        let cascade = self.cascaded(meta, file, out);
        let written_at = |key: &str| {
            meta.field_lines.get(key).map(|line| SetAt {
                file: file.display().to_string(),
                line: *line,
            })
        };
        let cascade_at = cascade.as_ref().and_then(|_| written_at("cascade"));
        let own_at = written_at("classification").filter(|_| meta.classification.is_some());
        let passes_down = cascade_at.clone().or_else(|| inherited.set_at.clone());
        let otherwise = inherited
            .level
            .as_deref()
            .unwrap_or(&self.audiences.default_classification);
        let raised = cascade
            .as_deref()
            .is_some_and(|level| self.rank_or_top(level) > self.rank_or_top(otherwise));
        let (level, level_at) = if raised {
            (cascade.clone(), cascade_at)
        } else {
            let at = inherited.level.as_ref().and(inherited.set_at);
            (inherited.level, at)
        };
        let why = if own_at.is_some() {
            Why::Classification
        } else if level.is_some() {
            Why::Cascade
        } else {
            Why::Default
        };
        let set_at = own_at.clone().or(level_at);
        let admitted = self.admit(meta, level, file, out);
        if admitted && own_at.is_some() {
            self.below_cascade(meta, cascade.as_deref(), file, out);
        }
        SectionLevel {
            admitted,
            set_at,
            passes_down,
            why,
        }
    }

    /// Where a document's level comes from, read before [`Self::admit`] settles it.
    pub fn why(meta: &Meta) -> Why {
        if meta.classification.is_none() {
            Why::Default
        } else if meta.field_lines.contains_key("classification") {
            Why::Classification
        } else {
            Why::Cascade
        }
    }

    /// The rank of `level`; an unknown level counts as the highest (as in [`Self::admit`]).
    fn rank_or_top(&self, level: &str) -> usize {
        self.audiences
            .rank(level)
            .unwrap_or(self.audiences.levels.len().saturating_sub(1))
    }

    /// Warns when a section's own `classification` is below what its `cascade` gives the
    /// documents in it: the page and the files beside it are then published lower.
    fn below_cascade(
        &self,
        meta: &Meta,
        cascade: Option<&str>,
        file: &Path,
        out: &mut Vec<Diagnostic>,
    ) {
        let (Some(own), Some(cascade)) = (meta.classification.as_deref(), cascade) else {
            return;
        };
        let (Some(own_rank), Some(cascade_rank)) =
            (self.audiences.rank(own), self.audiences.rank(cascade))
        else {
            return;
        };
        if own_rank >= cascade_rank {
            return;
        }
        let cascade = &self.audiences.levels[cascade_rank];
        out.push(
            Diagnostic::warning(format!(
                "this section's page is {own}, below the {cascade} its `cascade` gives the documents in it"
            ))
            .code("section-below-cascade")
            .at(file, meta.field_lines["classification"], 1)
            .help(format!(
                "the page and the files beside it reach {own} builds; remove `classification:` \
                 to give them the cascade's level, or raise it to {cascade}"
            )),
        );
    }

    /// The `classification` a section's `cascade:` passes down, checked where it is written.
    pub fn cascaded(&self, meta: &Meta, file: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
        let value = meta.cascade.get("classification")?;
        let level = frontmatter::scalar_text(value)?;
        if self.audiences.rank(&level).is_none() {
            let line = meta
                .field_lines
                .get("cascade")
                .copied()
                .unwrap_or(meta.header_line);
            out.push(self.unknown(&level, file, line));
        }
        Some(level)
    }

    /// Leaves out a page that lies in a left-out folder, at the level of the outermost one,
    /// and reports each level it writes that this audience may see (`classification-hidden`).
    pub fn leave_out_with_folder(
        &self,
        left_out: &mut LeftOut,
        page: InLeftFolder,
        out: &mut Vec<Diagnostic>,
    ) {
        let folder_of = urls::parent_dir(page.dir);
        let (why, level) = match left_out.hiding_folder(folder_of) {
            Some((folder, hiding)) => (Why::Folder(folder.to_string()), hiding.level.clone()),
            None => (Why::Default, String::new()),
        };
        let left = LeftPage {
            dir: page.dir,
            source: page.source,
            parsed: page.parsed,
            level: &level,
            set_at: None,
            why,
        };
        leave_out_section(left_out, left);
        if let (Some(source), Some(parsed)) = (page.source, page.parsed) {
            let hidden = HiddenPage {
                dir: folder_of,
                parsed,
                file: &page.label.join(source),
                is_section: source != page.dir,
            };
            self.report_hidden(left_out, hidden, out);
        }
    }

    /// Reports each level written in a page left out with its folder that this audience may
    /// see (`classification-hidden`): its own `classification` and a section's cascade.
    pub fn report_hidden(&self, left_out: &LeftOut, page: HiddenPage, out: &mut Vec<Diagnostic>) {
        let fields = &page.parsed.fields;
        let line = |key: &str| {
            page.parsed
                .key_lines
                .get(key)
                .copied()
                .unwrap_or(page.parsed.header_line)
        };
        let own = fields
            .get("classification")
            .and_then(frontmatter::scalar_text);
        let cascade = page
            .is_section
            .then(|| fields.get("cascade")?.get("classification"))
            .flatten()
            .and_then(frontmatter::scalar_text);
        let written = [
            (
                own,
                "classification",
                if page.is_section {
                    Written::Section
                } else {
                    Written::Document
                },
            ),
            (cascade, "cascade", Written::Cascade),
        ];
        for (level, key, what) in written {
            let Some(level) = level else { continue };
            let lower = Lower {
                level: &level,
                file: page.file,
                line: line(key),
                what,
            };
            hidden::report(&self.audiences, left_out, page.dir, lower, out);
        }
    }

    /// The classification a section passes to its subsections: its cascade's, else its own.
    pub fn passed_down(cascade: &Mapping) -> Option<String> {
        cascade
            .get("classification")
            .and_then(frontmatter::scalar_text)
    }

    fn unknown(&self, level: &str, file: &Path, line: usize) -> Diagnostic {
        Diagnostic::error(format!("`{level}` is not a classification level of this handbook"))
            .code("unknown-classification")
            .at(file, line, 1)
            .help(format!(
                "use one of: {} (lowest first; the levels are set under `audiences:` in northstar.yaml)",
                self.audiences.listed()
            ))
    }
}

/// The level a section's parent passes down through its cascade, and where it is written.
#[derive(Default)]
pub(super) struct Inherited {
    pub level: Option<String>,
    pub set_at: Option<SetAt>,
}

/// What [`Classifier::section`] works out for one section.
pub(super) struct SectionLevel {
    pub admitted: bool,
    /// Where its level is written; `None` for the default classification.
    pub set_at: Option<SetAt>,
    /// Where the level its cascade passes down is written.
    pub passes_down: Option<SetAt>,
    /// Where its level comes from.
    pub why: Why,
}

/// A page in a left-out folder: a section (its folder and index file, if any) or a document
/// (`dir` is then its source). `label` is how `content/` is shown.
pub(super) struct InLeftFolder<'a> {
    pub dir: &'a str,
    pub source: Option<&'a str>,
    pub parsed: Option<&'a Parsed>,
    pub label: &'a Path,
}

/// A page left out for this audience, read for levels written lower than its folder's.
pub(super) struct HiddenPage<'a> {
    /// The folder it lies in (a section: its own folder).
    pub dir: &'a str,
    pub parsed: &'a Parsed,
    pub file: &'a Path,
    pub is_section: bool,
}

/// A section left out for this audience (`dir`, with its index file if it has one), or a
/// document of a left-out folder (`dir` is then its source).
pub(super) struct LeftPage<'a> {
    pub dir: &'a str,
    pub source: Option<&'a str>,
    pub parsed: Option<&'a Parsed>,
    pub level: &'a str,
    /// Where the level of a section left out for its own level is written.
    pub set_at: Option<SetAt>,
    pub why: Why,
}

/// Records a left-out page; what lies below a left-out folder is left out with it.
pub(super) fn leave_out_section(left_out: &mut LeftOut, page: LeftPage) {
    let LeftPage {
        dir,
        source,
        parsed,
        level,
        set_at,
        why,
    } = page;
    let is_document = dir.ends_with(".md") && source == Some(dir);
    if !is_document {
        let folder = LeftFolder {
            level: level.to_string(),
            set_at,
        };
        left_out.dirs.insert(dir.to_string(), folder);
    }
    let title = parsed
        .and_then(|p| {
            p.fields
                .get("title")
                .and_then(crate::stages::frontmatter::scalar_text)
        })
        .or_else(|| parsed.and_then(|p| first_heading(&p.body).map(|(t, _)| t)))
        .unwrap_or_else(|| title_from_name(dir));
    let output = if is_document {
        urls::document_output(dir)
    } else {
        urls::section_output(dir)
    };
    let written = parsed.and_then(|p| {
        p.fields
            .get("classification")
            .and_then(crate::stages::frontmatter::scalar_text)
    });
    let mut excluded =
        Excluded::new(source.unwrap_or(dir), &output, &title, level).because(why, written);
    if let Some(parsed) = parsed {
        let paths = |key: &str| match parsed.fields.get(key) {
            Some(frontmatter::Value::Sequence(items)) => {
                items.iter().filter_map(frontmatter::scalar_text).collect()
            }
            Some(single) => frontmatter::scalar_text(single).into_iter().collect(),
            None => Vec::new(),
        };
        excluded = excluded
            .with_body(&parsed.body)
            .relating(paths("supports"), paths("supersedes"));
        excluded.id = parsed
            .fields
            .get("id")
            .and_then(crate::stages::frontmatter::scalar_text);
    }
    match source {
        Some(source) => {
            left_out.pages.insert(source.to_string(), excluded);
        }
        None => left_out.bare_dirs.push(excluded),
    }
}
