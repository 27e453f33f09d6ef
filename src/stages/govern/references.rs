//! Front-matter references between documents (`supports`, `supersedes`, `superseded_by`,
//! and a kind's reference fields such as `depends_on` or `mitigated_by`): resolved through
//! the site's maps, with `#objective` fragments checked against the target's objectives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::Value;

use crate::model::diagnostics::Diagnostic;
use crate::model::kinds::{self, FieldType};
use crate::model::meta::Meta;
use crate::model::site::{PageId, Site};
use crate::util::parallel::PIECE;

/// A resolved reference: the page, and the objective it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub target: PageId,
    pub objective: Option<String>,
}

/// A document's resolved references.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct References {
    pub supports: Vec<Reference>,
    pub supersedes: Vec<PageId>,
    /// Written in `superseded_by`, plus every document that says it supersedes this one.
    pub superseded_by: Vec<PageId>,
    /// The kind's own reference fields, by field name.
    pub other: BTreeMap<String, Vec<Reference>>,
    /// The relations (`supports`, `supersedes`, `superseded_by`, `supported_by` or a
    /// reference field's name) that reach a document this build's audience does not see,
    /// whichever side wrote them: pages say that one exists, never which.
    pub hidden: BTreeSet<String>,
    /// This document's objectives that a document the audience does not see supports.
    pub hidden_objectives: BTreeSet<String>,
}

impl References {
    /// Whether relation `name` reaches a document this build's audience does not see.
    pub fn hides(&self, name: &str) -> bool {
        self.hidden.contains(name)
    }
}

/// Resolves every document's references, then derives successors and checks that a
/// superseded document names one.
pub fn resolve(site: &mut Site, out: &mut Vec<Diagnostic>) {
    // Each document's references resolve on their own, in parallel; their diagnostics are
    // then reported in document order.
    let read_only: &Site = site;
    let resolved: Vec<(References, Vec<Diagnostic>)> = read_only
        .documents
        .par_iter()
        .with_max_len(PIECE)
        .map(|document| {
            let mut found = Vec::new();
            let refs = resolve_one(read_only, &document.meta, &document.source, &mut found);
            (refs, found)
        })
        .collect();
    let mut all = Vec::with_capacity(resolved.len());
    for (refs, found) in resolved {
        out.extend(found);
        all.push(refs);
    }
    if !read_only.left_out.is_empty() {
        super::hidden::from_left_out(read_only, &mut all);
    }
    for index in 0..all.len() {
        for target in all[index].supersedes.clone() {
            if let PageId::Document(old) = target {
                if !all[old].superseded_by.contains(&PageId::Document(index)) {
                    all[old].superseded_by.push(PageId::Document(index));
                }
            }
        }
    }
    let (kinds, left_out) = (&site.kinds, &site.left_out);
    for (document, refs) in site.documents.iter_mut().zip(all) {
        if !left_out.is_empty() {
            drop_left_out_paths(&mut document.meta, kinds, left_out);
        }
        let successor = !refs.superseded_by.is_empty() || refs.hides("superseded_by");
        if document.meta.status.as_deref() == Some("superseded") && !successor {
            let line = document
                .meta
                .field_lines
                .get("status")
                .copied()
                .unwrap_or(document.meta.header_line);
            out.push(
                Diagnostic::warning("this document is superseded but names no successor")
                    .code("no-successor")
                    .at(PathBuf::from("content").join(&document.source), line, 1)
                    .help("add `superseded_by: path/to/successor.md`, or `supersedes:` to the successor"),
            );
        }
        document.refs = refs;
    }
}

/// The references of one document (its `meta`, read from content/`source`), with what is
/// wrong with them added to `out`.
fn resolve_one(site: &Site, meta: &Meta, source: &str, out: &mut Vec<Diagnostic>) -> References {
    let file = PathBuf::from("content").join(source);
    let mut resolver = Resolver {
        site,
        file,
        out,
        meta_lines: &meta.field_lines,
        header: meta.header_line,
        hidden: BTreeSet::new(),
    };
    let mut refs = References {
        supports: resolver.list("supports", &meta.supports),
        supersedes: resolver
            .list("supersedes", &meta.supersedes)
            .into_iter()
            .map(|r| r.target)
            .collect(),
        superseded_by: resolver
            .list("superseded_by", &meta.superseded_by)
            .into_iter()
            .map(|r| r.target)
            .collect(),
        other: BTreeMap::new(),
        hidden: BTreeSet::new(),
        hidden_objectives: BTreeSet::new(),
    };
    if let Some(schema) = meta.kind.as_deref().and_then(|k| site.kinds.get(k)) {
        for (name, spec) in &schema.fields {
            if !matches!(
                spec.full().kind,
                FieldType::Reference | FieldType::References
            ) {
                continue;
            }
            let paths = strings(meta.fields.get(name));
            if !paths.is_empty() {
                let resolved = resolver.list(name, &paths);
                refs.other.insert(name.clone(), resolved);
            }
        }
    }
    refs.hidden = resolver.hidden;
    refs
}

/// Removes from `meta`'s reference fields the paths of pages this build leaves out, so no page,
/// template or index can show them (a path such as `deals/acquire-falcon.md` tells as much
/// as a title). The references themselves were reported while resolving.
fn drop_left_out_paths(
    meta: &mut Meta,
    kinds: &kinds::Kinds,
    left_out: &crate::stages::audience::LeftOut,
) {
    let hidden = |written: &str| {
        let path = written.split('#').next().unwrap_or(written);
        left_out.contains(path.trim().trim_start_matches("./"))
    };
    for list in [
        &mut meta.supports,
        &mut meta.supersedes,
        &mut meta.superseded_by,
    ] {
        list.retain(|path| !hidden(path));
    }
    let Some(schema) = meta.kind.as_deref().and_then(|k| kinds.get(k)) else {
        return;
    };
    for (name, spec) in &schema.fields {
        if !matches!(
            spec.full().kind,
            FieldType::Reference | FieldType::References
        ) {
            continue;
        }
        match meta.fields.get_mut(name) {
            Some(Value::String(path)) if hidden(path) => {
                meta.fields.remove(name);
            }
            Some(Value::Array(items)) => {
                items.retain(|item| !item.as_str().is_some_and(hidden));
            }
            _ => {}
        }
    }
}

/// The strings of a front-matter value (a string or a list of strings).
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

struct Resolver<'a> {
    site: &'a Site,
    file: PathBuf,
    out: &'a mut Vec<Diagnostic>,
    meta_lines: &'a std::collections::HashMap<String, usize>,
    header: usize,
    /// The fields that name a page this build leaves out.
    hidden: BTreeSet<String>,
}

impl Resolver<'_> {
    fn list(&mut self, field: &str, paths: &[String]) -> Vec<Reference> {
        paths
            .iter()
            .filter_map(|path| self.one(field, path))
            .collect()
    }

    fn one(&mut self, field: &str, written: &str) -> Option<Reference> {
        let line = self.meta_lines.get(field).copied().unwrap_or(self.header);
        let (path, objective) = match written.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (written, None),
        };
        let path = path.trim().trim_start_matches("./");
        let target = self.site.by_source.get(path).copied().or_else(|| {
            self.site
                .by_dir
                .get(path.trim_end_matches('/'))
                .map(|s| PageId::Section(*s))
        });
        let Some(target) = target else {
            if self.site.left_out.contains(path) {
                self.hidden.insert(field.to_string());
                self.out.push(
                    Diagnostic::with_severity(
                        self.site.config.audiences.dangling.severity(),
                        format!("`{field}` refers to a page this build's audience does not see: {written}"),
                    )
                    .code("excluded-reference")
                    .at(&self.file, line, 1)
                    .help("lower the target's `classification`, raise this document's, or remove the reference; \
                           the pages of this audience leave it out"),
                );
                return None;
            }
            let (message, help) = if self.site.excluded_drafts.contains(path) {
                (
                    format!("`{field}` refers to a draft that this build leaves out: {written}"),
                    "build with --drafts, publish the target, or remove the reference".to_string(),
                )
            } else {
                let near = kinds::nearest(path, self.site.by_source.keys().map(String::as_str));
                (
                    format!("`{field}` refers to content/{path}, which does not exist"),
                    match near {
                        Some(near) => format!(
                            "did you mean `{near}`? References are paths relative to content/"
                        ),
                        None => {
                            "references are paths relative to content/, e.g. `strategy/cloud.md`"
                                .to_string()
                        }
                    },
                )
            };
            self.out.push(
                Diagnostic::error(message)
                    .code("broken-reference")
                    .at(&self.file, line, 1)
                    .help(help),
            );
            return None;
        };
        if let Some(objective) = &objective {
            let ids = objective_ids(self.site, target);
            if !ids.iter().any(|id| id == objective) {
                let help = if ids.is_empty() {
                    format!("content/{path} declares no `objectives`; refer to the document without `#…`")
                } else {
                    format!("its objectives are: {}", ids.join(", "))
                };
                self.out.push(
                    Diagnostic::error(format!("`{field}` refers to objective `{objective}`, which content/{path} does not declare"))
                        .code("broken-reference")
                        .at(&self.file, line, 1)
                        .help(help),
                );
                return None;
            }
        }
        Some(Reference { target, objective })
    }
}

/// The `id`s of a document's `objectives`.
pub fn objective_ids(site: &Site, page: PageId) -> Vec<String> {
    let PageId::Document(d) = page else {
        return Vec::new();
    };
    match site.documents[d].meta.fields.get("objectives") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|o| o.get("id")?.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}
