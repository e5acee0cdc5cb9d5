//! Expanding the command-line inputs into the list of files to read.

use std::path::{Path, PathBuf};

use super::fatal::Fatal;
use super::reader::is_supported;
use super::Note;

/// Files to read, in sorted order, and what was skipped in folders.
///
/// A file named on the command line must be readable; inside a folder, other
/// file types and Excel/WPS lock files (`~$…`) are skipped and listed.
pub fn discover(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Note>), Vec<Fatal>> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut fatals = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, true, &mut files, &mut skipped);
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
    skipped.sort_by(|a, b| a.path().cmp(b.path()));
    if files.is_empty() {
        return Err(vec![Fatal::NoInputs {
            searched: inputs.iter().map(|p| p.display().to_string()).collect(),
        }]);
    }
    Ok((files, skipped))
}

/// Whether `name` is an evaluation workbook partner-eval writes
/// (`评估结果.xlsx`, `evaluation-犀浦街道.xlsx`, …).
pub fn is_output_workbook(name: &str) -> bool {
    (name.starts_with("评估结果") || name.starts_with("evaluation")) && name.ends_with(".xlsx")
}

/// Collects the readable files under `dir`. A folder holding a
/// `results.json` is an output folder of partner-eval (`--out` inside the
/// data folder, as `evaluate .` with the default `out/` makes it): below
/// the input it is skipped whole, and an input folder that is one itself
/// does not read its own evaluation workbooks back as input.
fn walk(dir: &Path, top: bool, files: &mut Vec<PathBuf>, skipped: &mut Vec<Note>) {
    let output = dir.join("results.json").is_file();
    let path = |p: &Path| p.display().to_string();
    if output && !top {
        skipped.push(Note::SkippedOutput { path: path(dir) });
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        skipped.push(Note::SkippedFile { path: path(dir) });
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, false, files, skipped);
        } else if output && is_output_workbook(&name) {
            skipped.push(Note::SkippedOutput {
                path: path.display().to_string(),
            });
        } else if is_supported(&path) && !name.starts_with("~$") {
            files.push(path);
        } else {
            skipped.push(Note::SkippedFile {
                path: path.display().to_string(),
            });
        }
    }
}
