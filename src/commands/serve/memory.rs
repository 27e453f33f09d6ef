//! An in-memory [`Sink`]: `serve` keeps the built site as a map from output path to bytes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::outputs::folder::Sink;
use crate::util::fsutil;

/// A built site: output path (relative, `/`-separated) → bytes.
pub type Files = HashMap<String, Arc<[u8]>>;

/// Collects every written file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Files>,
}

impl MemorySink {
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, path: &str, bytes: Arc<[u8]>) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.put(path, Arc::from(bytes));
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        let bytes = fsutil::read(from)?;
        self.put(path, Arc::from(bytes));
        Ok(())
    }
}
