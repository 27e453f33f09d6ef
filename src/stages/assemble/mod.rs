//! Site assembly: turns parsed files into the sections tree, applying cascades, titles,
//! drafts and reading order, and checks that no two files land on the same output path.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

mod classify;
mod memo;

pub use memo::{read_or_extract, MetaMemo, NoMemo, ReadMeta};

use crate::model::config::Config;
use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::Kinds;
use crate::model::meta::{self, Meta, MetaSource};
use crate::model::site::{Document, PageId, Section, Site};
use crate::model::urls;
use crate::stages::audience::{Excluded, LeftOut};
use crate::stages::audience::{SetAt, Why};
use crate::stages::discover::{Discovered, INDEX_NAMES};
use crate::stages::frontmatter::{Mapping, Parsed};
use classify::{leave_out_section, Classifier, HiddenPage, InLeftFolder, Inherited, LeftPage};

/// A Markdown file after front-matter parsing.
pub struct SourceFile {
    /// Path relative to `content/`.
    pub source: String,
    pub parsed: Arc<Parsed>,
}

/// What [`assemble`] needs.
pub struct AssembleInput<'a> {
    pub config: Config,
    pub discovered: &'a Discovered,
    /// Every Markdown file that parsed; those that did not were reported already.
    pub files: Vec<SourceFile>,
    /// How `content/` is shown in diagnostics (e.g. `content`).
    pub content_label: PathBuf,
    pub include_drafts: bool,
    /// The metadata read by an earlier assembly, for the files that did not change.
    pub memo: &'a dyn MetaMemo,
}

/// Builds the [`Site`]; problems are returned as diagnostics alongside it.
pub fn assemble(input: AssembleInput) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let label = input.content_label.as_path();
    let mut files: HashMap<String, Arc<Parsed>> = input
        .files
        .into_iter()
        .map(|f| (f.source, f.parsed))
        .collect();
    let index_files = pick_index_files(input.discovered, label, &mut diagnostics);
    let kinds = Kinds::new(&input.config.kinds);
    input.memo.use_kinds(&kinds);
    let classifier = Classifier::new(&input.config.audiences);

    let mut site = Site {
        kinds: kinds.clone(),
        config: input.config,
        sections: Vec::new(),
        documents: Vec::new(),
        by_source: HashMap::new(),
        by_dir: HashMap::new(),
        assets: input.discovered.assets.iter().cloned().collect(),
        withheld_files: HashSet::new(),
        excluded_drafts: HashSet::new(),
        left_out: LeftOut::default(),
        git_dates: Default::default(),
        history: Default::default(),
    };
    // Sections, parents first (the set is sorted, so "a" comes before "a/b").
    let mut cascades: Vec<Mapping> = Vec::new();
    // Where the `classification` of each section's cascade is written.
    let mut cascade_origins: Vec<Option<SetAt>> = Vec::new();
    for dir in &input.discovered.sections {
        let source = index_files.get(dir.as_str()).cloned();
        let parsed = source.as_ref().and_then(|s| files.remove(s));
        if site.left_out.level_of(urls::parent_dir(dir)).is_some() {
            let page = InLeftFolder {
                dir,
                source: source.as_deref(),
                parsed: parsed.as_deref(),
                label,
            };
            classifier.leave_out_with_folder(&mut site.left_out, page, &mut diagnostics);
            continue;
        }
        let parent = if dir.is_empty() {
            None
        } else {
            site.by_dir.get(urls::parent_dir(dir)).copied()
        };
        let inherited = parent.map(|p| cascades[p].clone()).unwrap_or_default();
        let mut own_diagnostics = Vec::new();
        let (mut meta, mut body, body_line) = match (&source, &parsed) {
            (Some(source), Some(parsed)) => {
                let file = label.join(source);
                let (meta, found) = meta::extract(&MetaSource {
                    file: &file,
                    own: &parsed.fields,
                    inherited: &Mapping::new(),
                    key_lines: &parsed.key_lines,
                    header_line: parsed.header_line,
                    is_section: true,
                    kinds: &kinds,
                });
                own_diagnostics = found;
                (meta, parsed.body.clone(), parsed.body_line)
            }
            _ => (Meta::default(), Arc::from(""), 1),
        };
        let file = label.join(source.as_deref().unwrap_or(dir));
        let passed = Inherited {
            level: Classifier::passed_down(&inherited),
            set_at: parent.and_then(|p| cascade_origins[p].clone()),
        };
        let level = classifier.section(&mut meta, passed, &file, &mut diagnostics);
        if !level.admitted {
            if !dir.is_empty() {
                // Nothing else about it is reported: the report is for this audience too.
                let classification = meta.classification.clone().unwrap_or_default();
                let page = LeftPage {
                    dir,
                    source: source.as_deref(),
                    parsed: parsed.as_deref(),
                    level: &classification,
                    set_at: level.set_at,
                    why: level.why,
                };
                leave_out_section(&mut site.left_out, page);
                if let Some(parsed) = &parsed {
                    // Only a cascade lower than the section's own level can be hidden here.
                    let page = HiddenPage {
                        dir,
                        parsed,
                        file: &file,
                        is_section: true,
                    };
                    classifier.report_hidden(&site.left_out, page, &mut diagnostics);
                }
                continue;
            }
            // The home page stays, without what its index file says.
            body = Arc::from("");
            meta.title = None;
            meta.summary = None;
        }
        diagnostics.extend(own_diagnostics);
        let mut cascade = inherited;
        for (key, value) in &meta.cascade {
            cascade.insert(key.clone(), value.clone());
        }
        cascades.push(cascade);
        cascade_origins.push(level.passes_down);
        // The home page is the handbook's: its title is `northstar.yaml`'s unless its own
        // front matter names one (a heading in its body does not rename the handbook).
        let title = match (&meta.title, dir.is_empty()) {
            (Some(title), _) => title.clone(),
            (None, true) => site.config.title.clone(),
            (None, false) => first_heading(&body)
                .map(|(t, _)| t)
                .unwrap_or_else(|| title_from_name(dir)),
        };
        let output = urls::section_output(dir);
        let index = site.sections.len();
        site.by_dir.insert(dir.clone(), index);
        if let Some(source) = &source {
            site.by_source
                .insert(source.clone(), PageId::Section(index));
        }
        site.sections.push(Section {
            dir: dir.clone(),
            source,
            url: urls::encode_path(&output),
            output,
            title,
            meta,
            body,
            body_line,
            parent,
            entries: Vec::new(),
            documents: Vec::new(),
            subsections: Vec::new(),
            total_documents: 0,
            entry_index: 0,
        });
    }
    // Documents, in path order; their front matter is read into metadata in parallel.
    let mut rest: Vec<(String, Arc<Parsed>)> = files.into_iter().collect();
    rest.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let extracted: Vec<Option<Extracted>> = rest
        .par_iter_mut()
        .map(|(source, parsed)| {
            let section = *site.by_dir.get(urls::parent_dir(source))?;
            let source_meta = MetaSource {
                file: &label.join(source.as_str()),
                own: &parsed.fields,
                inherited: &cascades[section],
                key_lines: &parsed.key_lines,
                header_line: parsed.header_line,
                is_section: false,
                kinds: &kinds,
            };
            let (meta, found) = memo::read_or_extract(input.memo, source, parsed, &source_meta);
            // What the fields say lives on in `meta`: their YAML is freed here, in parallel
            // (unless `serve`'s parse cache keeps it).
            if let Some(parsed) = Arc::get_mut(parsed) {
                drop(std::mem::take(&mut parsed.fields));
                drop(std::mem::take(&mut parsed.key_lines));
            }
            let title = page_title(&meta, &parsed.body, source);
            let output = urls::document_output(source);
            let url = urls::encode_path(&output);
            Some(Extracted {
                meta,
                found,
                title,
                output,
                url,
            })
        })
        .collect();
    // Documents are large: grown once here, not copied at every doubling.
    site.documents.reserve(rest.len());
    for ((source, parsed), extracted) in rest.into_iter().zip(extracted) {
        let section = site.by_dir.get(urls::parent_dir(&source)).copied();
        let (Some(section), Some(extracted)) = (section, extracted) else {
            // Its folder was left out for this audience.
            let page = InLeftFolder {
                dir: &source,
                source: Some(&source),
                parsed: Some(&*parsed),
                label,
            };
            classifier.leave_out_with_folder(&mut site.left_out, page, &mut diagnostics);
            continue;
        };
        let Extracted {
            mut meta,
            found,
            title: (title, drop_leading_h1),
            output,
            url,
        } = extracted;
        let file = label.join(&source);
        let mut classified = Vec::new();
        let why = Classifier::why(&meta);
        if !classifier.admit(&mut meta, None, &file, &mut classified) {
            // Nothing else about it is reported: the report is for this audience too.
            diagnostics.extend(classified);
            let level = meta.classification.clone().unwrap_or_default();
            let written = (why == Why::Classification).then(|| level.clone());
            let relations = (
                std::mem::take(&mut meta.supports),
                std::mem::take(&mut meta.supersedes),
            );
            let excluded = Excluded::new(&source, &output, &title, &level)
                .with_body(&parsed.body)
                .because(why, written)
                .relating(relations.0, relations.1);
            site.left_out.pages.insert(
                source.clone(),
                Excluded {
                    id: meta.id.clone(),
                    ..excluded
                },
            );
            continue;
        }
        diagnostics.extend(classified);
        diagnostics.extend(found);
        if meta.draft && !input.include_drafts {
            site.excluded_drafts.insert(source);
            continue;
        }
        // A redirect page's text is left out of the site (its page, search, the views).
        let body = match meta.redirect_to {
            Some(_) => {
                meta.search = false;
                Arc::from("")
            }
            None => parsed.body.clone(),
        };
        let index = site.documents.len();
        site.by_source
            .insert(source.clone(), PageId::Document(index));
        site.documents.push(Document {
            url,
            output,
            source,
            title,
            meta,
            body,
            body_line: parsed.body_line,
            section,
            drop_leading_h1,
            entry_index: 0,
            document_index: 0,
            refs: Default::default(),
            review: None,
        });
    }
    order_entries(&mut site);
    check_collisions(&site, label, &mut diagnostics);
    (site, diagnostics)
}

/// What the parallel pass works out for one document from its front matter.
struct Extracted {
    meta: Meta,
    found: Vec<Diagnostic>,
    /// Its title, and whether its body's leading heading repeats it ([`page_title`]).
    title: (String, bool),
    output: String,
    url: String,
}

/// A document's title (its `title`, else its first heading, else its file name) and whether
/// the body's leading heading repeats it.
fn page_title(meta: &Meta, body: &str, source: &str) -> (String, bool) {
    match &meta.title {
        // Only a heading that opens the body can repeat the title: the rest is not read.
        Some(title) => (
            title.clone(),
            leading_heading(body).is_some_and(|h1| h1 == title),
        ),
        None => match first_heading(body) {
            Some((h1, first)) => (h1, first),
            None => (title_from_name(source), false),
        },
    }
}

/// The text of the `# heading` that opens `body` (its first line that is not blank), as
/// [`first_heading`] reads it; `None` when the body opens with anything else.
fn leading_heading(body: &str) -> Option<&str> {
    let line = body.lines().find(|line| !line.trim_start().is_empty())?;
    let trimmed = line.trim_start();
    let text = trimmed
        .strip_prefix("# ")?
        .trim()
        .trim_end_matches('#')
        .trim();
    (!text.is_empty() && line.len() - trimmed.len() < 4).then_some(text)
}

/// The index file of each folder; two index files in one folder is an error.
fn pick_index_files(
    discovered: &Discovered,
    label: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    let mut chosen: HashMap<String, String> = HashMap::new();
    for name in INDEX_NAMES {
        for source in &discovered.markdown {
            let file_name = source.rsplit('/').next().unwrap_or(source);
            if file_name != *name {
                continue;
            }
            let dir = urls::parent_dir(source).to_string();
            if let Some(first) = chosen.get(&dir) {
                diagnostics.push(
                    Diagnostic::error(format!("this folder already has an index file, {first}"))
                        .in_file(label.join(source))
                        .help(format!(
                            "keep one of {} per folder: merge the two or rename this one",
                            INDEX_NAMES.join(", ")
                        )),
                );
                continue;
            }
            chosen.insert(dir, source.clone());
        }
    }
    chosen
}

/// Sorts each section's entries by weight (unweighted last), then title, then path.
fn order_entries(site: &mut Site) {
    for index in 0..site.documents.len() {
        let section = site.documents[index].section;
        site.sections[section].entries.push(PageId::Document(index));
    }
    for index in 0..site.sections.len() {
        if let Some(parent) = site.sections[index].parent {
            site.sections[parent].entries.push(PageId::Section(index));
        }
    }
    let keys: Vec<Vec<PageId>> = site
        .sections
        .iter()
        .map(|section| {
            let mut entries = section.entries.clone();
            entries.sort_by_cached_key(|id| {
                let meta = site.meta(*id);
                (
                    meta.weight.is_none(),
                    meta.weight,
                    site.title(*id).to_lowercase(),
                    site.url(*id).to_string(),
                )
            });
            entries
        })
        .collect();
    for (section, entries) in site.sections.iter_mut().zip(keys) {
        section.documents = entries
            .iter()
            .filter_map(|id| match id {
                PageId::Document(i) => Some(*i),
                _ => None,
            })
            .collect();
        section.subsections = entries
            .iter()
            .filter_map(|id| match id {
                PageId::Section(i) => Some(*i),
                _ => None,
            })
            .collect();
        section.entries = entries;
    }
    for index in 0..site.sections.len() {
        for (position, entry) in site.sections[index].entries.clone().into_iter().enumerate() {
            match entry {
                PageId::Section(s) => site.sections[s].entry_index = position,
                PageId::Document(d) => site.documents[d].entry_index = position,
            }
        }
        for (position, d) in site.sections[index]
            .documents
            .clone()
            .into_iter()
            .enumerate()
        {
            site.documents[d].document_index = position;
        }
    }
    // Totals, children before parents (sections are stored parents first).
    for index in (0..site.sections.len()).rev() {
        let own = site.sections[index].documents.len();
        let below: usize = site.sections[index]
            .subsections
            .iter()
            .map(|s| site.sections[*s].total_documents)
            .sum();
        site.sections[index].total_documents = own + below;
    }
}

/// Two files must not land on the same output path (`a.md` and an `a.html` file beside it).
fn check_collisions(site: &Site, label: &Path, diagnostics: &mut Vec<Diagnostic>) {
    let mut taken: HashMap<String, String> = HashMap::new();
    let pages = site.pages().map(|id| {
        (
            site.output(id).to_string(),
            site.source(id).map(str::to_string),
        )
    });
    for (output, source) in pages {
        if let Some(source) = source {
            taken.insert(output, source);
        }
    }
    for asset in &site.assets {
        if let Some(page) = taken.get(asset) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "this file would overwrite the page built from {page}"
                ))
                .in_file(label.join(asset))
                .help("rename one of the two files"),
            );
        }
    }
}

/// The first `# heading` outside code blocks, and whether it is the body's first block.
pub fn first_heading(body: &str) -> Option<(String, bool)> {
    let mut in_fence: Option<&str> = None;
    let mut first_block = true;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(&trimmed[..3]);
            first_block = false;
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if let Some(text) = trimmed.strip_prefix("# ") {
            let text = text.trim().trim_end_matches('#').trim();
            if !text.is_empty() && line.len() - trimmed.len() < 4 {
                return Some((text.to_string(), first_block));
            }
        }
        first_block = false;
    }
    None
}

/// A readable title from a file or folder name: `data-retention.md` → `Data retention`.
pub fn title_from_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let spaced: String = stem
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_heading() {
        assert_eq!(
            first_heading("# Glossary\n\nText"),
            Some(("Glossary".into(), true))
        );
        assert_eq!(
            first_heading("Intro\n\n# Later\n"),
            Some(("Later".into(), false))
        );
        assert_eq!(first_heading("```\n# not a heading\n```\n"), None);
    }

    #[test]
    fn the_leading_heading_is_the_first_heading_when_it_opens_the_body() {
        let bodies = [
            "# Glossary\n\nText",
            "\n\n  # Indented ##\n",
            "    # Code, not a heading\n# Later\n",
            "Intro\n\n# Later\n",
            "```\n# not a heading\n```\n# After\n",
            "#\n# Second\n",
            "# \nText",
            "#NoSpace\n",
            "",
            "\n \n",
        ];
        for body in bodies {
            let expected = first_heading(body).filter(|(_, first)| *first);
            assert_eq!(
                leading_heading(body),
                expected.as_ref().map(|(text, _)| text.as_str()),
                "{body:?}"
            );
        }
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(
            title_from_name("policies/data-retention.md"),
            "Data retention"
        );
        assert_eq!(title_from_name("on-call handbook.md"), "On call handbook");
    }
}
