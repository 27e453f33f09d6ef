//! The handbook configuration, `northstar.yaml` at the handbook root.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::diagnostics::{Diagnostic, Severity};
use crate::model::kinds::KindSchema;
pub use crate::stages::audience::AudiencesConfig;
use crate::stages::frontmatter;
use crate::util::fsutil;

mod checks;
pub use checks::{is_web_address, key_line, LANGUAGES};

/// The configuration file's name, at the handbook root.
pub const CONFIG_FILE: &str = "northstar.yaml";

/// `northstar.yaml`. Unknown keys are errors that name the key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the handbook is published; optional, since every link in the output is relative.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output", deserialize_with = "output_folder")]
    pub output: PathBuf,
    #[serde(default)]
    pub links: LinksConfig,
    /// Review rules: when a review counts as due soon, how overdue is reported, which kinds
    /// must have a review rule.
    #[serde(default)]
    pub review: ReviewConfig,
    /// The handbook's own kinds, or extra fields for built-in ones.
    #[serde(default)]
    pub kinds: BTreeMap<String, KindSchema>,
    /// What the printable board pack (`board-pack.html`) contains.
    #[serde(default)]
    pub board_pack: BoardPackConfig,
    /// Whether to write `print.html`, the whole handbook on one page.
    #[serde(default)]
    pub print: bool,
    /// `search:` — the offline search index.
    #[serde(default)]
    pub search: SearchConfig,
    /// `language:` — the language the handbook is written in (a code of [`LANGUAGES`]):
    /// search finds the other forms of a word typed in it (`invoicing` finds *invoices*).
    #[serde(default = "default_language")]
    pub language: String,
    /// `audiences:` — classification levels and the audience of a build.
    #[serde(default)]
    pub audiences: AudiencesConfig,
    /// `markdown:` — how raw HTML in documents is treated.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// `branding:` — logo, favicon, accent colour and footer text.
    #[serde(default)]
    pub branding: crate::stages::branding::BrandingConfig,
    /// `repository:` — where the handbook's sources live, for "edit this page" links.
    #[serde(default)]
    pub repository: Option<RepositoryConfig>,
    /// Style sheets of the handbook's `static/`, linked on every page after the theme's own.
    #[serde(default, deserialize_with = "crate::stages::branding::static_paths")]
    pub extra_css: Vec<String>,
    /// Scripts of the handbook's `static/`, loaded on every page after the theme's own.
    #[serde(default, deserialize_with = "crate::stages::branding::static_paths")]
    pub extra_js: Vec<String>,
    /// `changes:` — where the "What's new" digest starts.
    #[serde(default)]
    pub changes: ChangesConfig,
    /// Free data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `board_pack:` — the documents of the board pack, in order, and whether the decision log
/// closes it. Without `documents`, the approved and active strategies and roadmaps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardPackConfig {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub documents: Option<Vec<String>>,
    #[serde(default = "default_true")]
    pub decision_log: bool,
}

impl Default for BoardPackConfig {
    fn default() -> Self {
        BoardPackConfig {
            title: None,
            documents: None,
            decision_log: true,
        }
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_true() -> bool {
    true
}

/// `repository:` — the handbook's git repository on a forge. Each document gets an "edit this
/// page" link: `edit_url` with `{path}` replaced by the file's path in the repository, or, by
/// default, `URL/edit/BRANCH/{path}` (GitHub, Gitea, Forgejo) or `URL/-/edit/BRANCH/{path}`
/// (a host named gitlab…).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepositoryConfig {
    pub url: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The handbook's folder inside the repository (default: its root).
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default)]
    pub edit_url: Option<String>,
}

fn default_branch() -> String {
    "main".to_string()
}

impl RepositoryConfig {
    /// The edit link of `source` (a path relative to `content/`).
    pub fn edit_url(&self, source: &str) -> String {
        use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
        const PATH: &AsciiSet = &CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'#')
            .add(b'%')
            .add(b'?')
            .add(b'<')
            .add(b'>')
            .add(b'`')
            .add(b'{')
            .add(b'}');
        let folder = self.folder.as_deref().unwrap_or("").trim_matches('/');
        let path = if folder.is_empty() {
            format!("content/{source}")
        } else {
            format!("{folder}/content/{source}")
        };
        let path = utf8_percent_encode(&path, PATH).to_string();
        match &self.edit_url {
            Some(template) => template.replace("{path}", &path),
            None => {
                let base = self.url.trim_end_matches('/');
                let gitlab = base.contains("gitlab");
                let edit = if gitlab { "-/edit" } else { "edit" };
                format!("{base}/{edit}/{}/{path}", self.branch)
            }
        }
    }
}

/// `changes:` — the window of the "What's new" digest: `since:` a date (`2026-10-01`), a git
/// tag (`board-2026-q3`) or a rolling `N days` (`90 days` when unset).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesConfig {
    #[serde(default, deserialize_with = "since_text")]
    pub since: Option<String>,
}

/// `since:` as text, whether YAML read it as a string or a number.
fn since_text<'de, D: serde::Deserializer<'de>>(value: D) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(value)?;
    Ok(value.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }))
}

impl RepositoryConfig {
    /// The page of commit `id` on the forge: `URL/commit/ID` (GitHub, Gitea, Forgejo), or
    /// `URL/-/commit/ID` on a host named gitlab….
    pub fn commit_url(&self, id: &str) -> String {
        let base = self.url.trim_end_matches('/');
        let commit = if base.contains("gitlab") {
            "-/commit"
        } else {
            "commit"
        };
        format!("{base}/{commit}/{id}")
    }
}

/// `links:` — how strictly links are checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    #[serde(default)]
    pub broken: BrokenLinks,
}

/// `links.broken`, `review.overdue`: whether a problem fails the build (`error`) or not (`warn`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

impl BrokenLinks {
    pub fn severity(self) -> Severity {
        match self {
            BrokenLinks::Error => Severity::Error,
            BrokenLinks::Warn => Severity::Warning,
        }
    }
}

/// `markdown:` — Markdown options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// `markdown.raw_html`: what happens to HTML written in a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept, through an allow-list of document elements (no scripts, handlers or styles).
    #[default]
    Sanitize,
    /// Shown as text.
    Escape,
    /// Kept as written: every author can run scripts in every reader's browser.
    Allow,
}

/// `search:` — whether the build writes a search index and the theme shows a search box.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "default_true")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `review:` — how reviews are reported.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// A review due within this many days is reported as due soon.
    #[serde(default = "default_warn_within_days")]
    pub warn_within_days: i64,
    /// Whether an overdue review is an error or a warning.
    #[serde(default = "default_overdue")]
    pub overdue: BrokenLinks,
    /// Kinds whose documents must have a review rule.
    #[serde(default = "default_review_required")]
    pub required_for: Vec<String>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            warn_within_days: default_warn_within_days(),
            overdue: default_overdue(),
            required_for: default_review_required(),
        }
    }
}

fn default_warn_within_days() -> i64 {
    30
}

fn default_overdue() -> BrokenLinks {
    BrokenLinks::Warn
}

fn default_review_required() -> Vec<String> {
    vec!["policy".into(), "standard".into()]
}

fn default_title() -> String {
    "Handbook".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}

/// `output:` must name a folder. YAML reads `output: ~`, `output: null` and a bare `output:`
/// as no value at all; Northstar took that for a folder named `~`. Left out, the key means
/// `public`, as Hugo's `publishDir` does; set without a value it is an error rather than a
/// guess (the `~` was likely meant as a home folder). A path starting with `~` is refused as
/// well: no shell expands it here, so it would make a folder named `~` in the handbook.
fn output_folder<'de, D: serde::Deserializer<'de>>(value: D) -> Result<PathBuf, D::Error> {
    value.deserialize_any(OutputFolder)
}

/// Reads `output:`, failing inside the YAML reader so that its error names the key and line.
struct OutputFolder;

impl<'de> serde::de::Visitor<'de> for OutputFolder {
    type Value = PathBuf;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a folder")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<PathBuf, E> {
        Err(E::custom(
            "has no value (`~`, `null` and nothing at all are YAML for no value)",
        ))
    }

    /// `output: 2026`: a folder named by a number, as before.
    fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<PathBuf, E> {
        Ok(PathBuf::from(number.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<PathBuf, E> {
        Ok(PathBuf::from(number.to_string()))
    }

    fn visit_str<E: serde::de::Error>(self, folder: &str) -> Result<PathBuf, E> {
        if folder.trim().is_empty() {
            return Err(E::custom("is empty"));
        }
        if folder == "~" || folder.starts_with("~/") {
            return Err(E::custom(
                "starts with `~`, but Northstar does not expand `~` to a home folder (it would make a folder named `~`)",
            ));
        }
        Ok(PathBuf::from(folder))
    }
}

impl Default for Config {
    fn default() -> Self {
        frontmatter::from_yaml("{}").expect("the empty configuration is valid")
    }
}

impl Config {
    /// Loads `northstar.yaml` from `root`; a handbook without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = fsutil::read_to_string(&path)
            .map_err(|e| Diagnostic::error(format!("{e:#}")).in_file(CONFIG_FILE))?;
        Self::parse(&text)
    }

    /// Parses the text of `northstar.yaml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let config: Config = frontmatter::from_yaml(text).map_err(|error| {
            let diagnostic = Diagnostic::error(format!("invalid configuration: {}", error.described(0)))
                .code("config")
                .at(CONFIG_FILE, error.line, error.column);
            if let Some(help) = error.repeated_help() {
                diagnostic.help(help)
            } else if let Some(hint) = checks::unknown_key_hint(&error.message) {
                diagnostic.help(hint)
            } else if error.message.starts_with("audiences") {
                diagnostic.help(
                    "write `audiences: [public, internal, confidential, restricted]` (lowest first) or \
                     `audiences: {levels: [...], default_classification: internal, default_audience: internal, dangling: error}`",
                )
            } else if error.message.starts_with("output") {
                diagnostic.help(
                    "write the folder to build into, relative to the handbook or absolute, e.g. `output: public` \
                     (leave the key out for `public`, the default)",
                )
            } else if error.message.starts_with("kinds") {
                diagnostic.help(
                    "a kind is `{label, section, template, statuses, required, review_date, fields, starter}`; \
                     a field is `name: TYPE` or `name: {type: TYPE, required: true}` (see the manual: docs/content/guide/kinds-and-schemas.md)",
                )
            } else {
                diagnostic.help(
                    "the known keys are title, description, base_url, language, theme, output, links, review, search, audiences, markdown, board_pack, print, branding, repository, changes, extra_css, extra_js, kinds and extra; \
                     put your own values under `extra:`",
                )
            }
        })?;
        config.audiences.validate()?;
        checks::check(&config, text)?;
        Ok(config)
    }
}
