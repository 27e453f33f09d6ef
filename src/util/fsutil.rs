//! File operations that name the path in their error, so no message says only "No such file".

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("could not create folder {}", path.display()))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("could not rename {} to {}", from.display(), to.display()))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    fs::remove_dir_all(path).with_context(|| format!("could not remove {}", path.display()))
}

/// Removes a folder Northstar made: its files in parallel (deleting thousands of pages one by
/// one is a noticeable part of a large build), then the emptied folders, the deepest first
/// and each depth in parallel (removing a folder costs as much as removing dozens of files).
/// Whatever is left after that (something written into the tree meanwhile) goes the slow way.
pub fn remove_tree_in_parallel(path: &Path) -> Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut folders: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(path)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            folders.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|file| {
        fs::remove_file(file).with_context(|| format!("could not remove {}", file.display()))
    })?;
    folders.sort_unstable_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for level in folders.chunk_by(|a, b| a.0 == b.0) {
        level.par_iter().for_each(|(_, folder)| {
            let _ = fs::remove_dir(folder);
        });
    }
    remove_dir_all(path)
}

/// The absolute, symlink-free form of `path`; for a path that does not exist yet, its
/// nearest existing ancestor is resolved and the rest appended.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("could not read the current folder")?
            .join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut out = resolved;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_removed_whole_without_following_links_out_of_it() {
        let scratch = tempfile::tempdir().unwrap();
        let outside = scratch.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "kept").unwrap();
        let tree = scratch.path().join("tree");
        for folder in ["a/b/c", "a/d", "e", "f/g/h/i"] {
            fs::create_dir_all(tree.join(folder)).unwrap();
        }
        for file in [
            "top.html",
            "a/x.html",
            "a/b/c/y.html",
            "a/d/z.json",
            "f/g/w.txt",
        ] {
            fs::write(tree.join(file), "x").unwrap();
        }
        std::os::unix::fs::symlink(&outside, tree.join("a/b/link")).unwrap();
        remove_tree_in_parallel(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
    }
}
