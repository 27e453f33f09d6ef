//! The front of the pipeline on files held in memory — front matter, assembly, governance,
//! the strategy views (roadmaps, radar, risks, traceability, dashboard, board pack), Markdown
//! and link resolution — without a disk or a theme: what the fuzz target and the property
//! tests drive with arbitrary input.

use std::collections::BTreeSet;

use crate::model::config::Config;
use crate::model::diagnostics::Diagnostic;
use crate::stages::assemble::{assemble, AssembleInput, SourceFile};
use crate::stages::discover::Discovered;
use crate::stages::frontmatter;
use crate::stages::links::PageLinks;
use crate::stages::markdown::{self, RenderOptions};

/// What [`run`] saw: every diagnostic, and the HTML of every page body.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub bodies: Vec<String>,
}

/// Loads `files` (`(path relative to content/, text)`, Markdown only) with the config text
/// `config`, and renders every body with its links resolved. Never panics, whatever the input.
pub fn run(config: &str, files: &[(String, String)]) -> Outcome {
    let mut outcome = Outcome::default();
    let config = match Config::parse(config) {
        Ok(config) => config,
        Err(diagnostic) => {
            outcome.diagnostics.push(diagnostic);
            Config::default()
        }
    };
    let mut discovered = Discovered::default();
    let mut sections = BTreeSet::from([String::new()]);
    let mut parsed = Vec::new();
    for (source, text) in files {
        let plain = source
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
        if discovered.markdown.contains(source) || !source.ends_with(".md") || !plain {
            // Discovery never yields such a path.
            continue;
        }
        let mut dir = crate::model::urls::parent_dir(source);
        while !dir.is_empty() {
            sections.insert(dir.to_string());
            dir = crate::model::urls::parent_dir(dir);
        }
        discovered.markdown.push(source.clone());
        match frontmatter::parse(text) {
            Ok(file) => parsed.push(SourceFile {
                source: source.clone(),
                parsed: std::sync::Arc::new(file),
            }),
            Err(error) => {
                outcome
                    .diagnostics
                    .push(Diagnostic::error(error.message).code("front-matter").at(
                        source,
                        error.line,
                        error.column,
                    ))
            }
        }
    }
    discovered.sections = sections;
    let (mut site, found) = assemble(AssembleInput {
        config,
        discovered: &discovered,
        files: parsed,
        content_label: "content".into(),
        include_drafts: false,
        memo: &crate::stages::assemble::NoMemo,
    });
    outcome.diagnostics.extend(found);
    crate::stages::audience::assets::drop_private_assets(&mut site);
    let today = jiff::civil::date(2026, 11, 28);
    outcome
        .diagnostics
        .extend(crate::stages::govern::govern(&mut site, today));
    let (_views, found) = crate::stages::views::Views::compute(&site, today, None);
    outcome.diagnostics.extend(found);
    for page in site.pages() {
        let mut links = PageLinks::new(&site, page, site.url(page));
        let options = RenderOptions {
            raw_html: site.config.markdown.raw_html,
            ..RenderOptions::default()
        };
        let rendered = markdown::render(site.body(page).0, options, &mut links);
        outcome.diagnostics.append(&mut links.diagnostics);
        outcome.bodies.push(rendered.html);
    }
    outcome
}
