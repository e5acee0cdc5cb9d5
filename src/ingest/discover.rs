//! Expanding the command-line inputs into the list of files to read.

use std::path::{Path, PathBuf};

use super::fatal::Fatal;
use super::reader::is_supported;

/// Files to read, in sorted order, and the files skipped in folders.
///
/// A file named on the command line must be readable; inside a folder, other
/// file types and Excel/WPS lock files (`~$…`) are skipped and listed.
pub fn discover(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>), Vec<Fatal>> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut fatals = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files, &mut skipped);
        } else if !input.exists() {
            fatals.push(Fatal::NotFound {
                path: input.display().to_string(),
            });
        } else if is_supported(input) {
            files.push(input.clone());
        } else {
            fatals.push(Fatal::Unsupported {
                path: input.display().to_string(),
            });
        }
    }
    if !fatals.is_empty() {
        return Err(fatals);
    }
    files.sort();
    files.dedup();
    skipped.sort();
    if files.is_empty() {
        return Err(vec![Fatal::NoInputs {
            searched: inputs.iter().map(|p| p.display().to_string()).collect(),
        }]);
    }
    Ok((files, skipped))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        skipped.push(dir.display().to_string());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, skipped);
        } else if is_supported(&path) && !name.starts_with("~$") {
            files.push(path);
        } else {
            skipped.push(path.display().to_string());
        }
    }
}
