//! What a command asked of the handbook it loads: the one options struct that `build`, `check`,
//! `list` and `serve` fill from their command-line arguments.

use std::path::PathBuf;

/// Which handbook to load, and for whom.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The handbook folder (holding `northstar.yaml` and `content/`).
    pub root: PathBuf,
    /// Whether documents marked `draft: true` are loaded (`--drafts`; `serve`'s default).
    pub include_drafts: bool,
    /// The audience to load for (`--audience`); `None`: the config's `default_audience`.
    pub audience: Option<String>,
}

impl Options {
    /// The handbook at `root`, drafts left out, for the config's default audience.
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            ..Options::default()
        }
    }

    /// These options, with drafts loaded when `include` is set.
    pub fn drafts(mut self, include: bool) -> Options {
        self.include_drafts = include;
        self
    }

    /// These options, for `audience` (`None`: the config's default).
    pub fn audience(mut self, audience: Option<String>) -> Options {
        self.audience = audience;
        self
    }
}
