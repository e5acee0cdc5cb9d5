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
///
/// Links to folders are followed, but each folder is read once (by device
/// and inode): two links `a -> .` and `b -> .` used to make the walk
/// explode (`a/b/a/b/…`, gigabytes after a minute). The walk keeps its own
/// stack, so a deep tree cannot overflow the program's. Anything else that
/// is not a regular file (a named pipe, a device, a socket) and has a
/// spreadsheet's name is listed as a file to read, and refused, named,
/// before it is opened (`crate::files`).
fn walk(dir: &Path, top: bool, files: &mut Vec<PathBuf>, skipped: &mut Vec<Note>) {
    let mut seen = Seen::default();
    let mut stack = vec![(dir.to_path_buf(), top)];
    while let Some((dir, top)) = stack.pop() {
        let path = |p: &Path| p.display().to_string();
        if !seen.first_visit(&dir) {
            skipped.push(Note::SkippedFile { path: path(&dir) });
            continue;
        }
        let output = dir.join("results.json").is_file();
        if output && !top {
            skipped.push(Note::SkippedOutput { path: path(&dir) });
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            skipped.push(Note::SkippedFile { path: path(&dir) });
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push((path, false));
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
}

/// The folders already read, by identity (device and inode on Unix, the
/// canonical path elsewhere).
#[derive(Default)]
struct Seen {
    #[cfg(unix)]
    ids: std::collections::HashSet<(u64, u64)>,
    #[cfg(not(unix))]
    ids: std::collections::HashSet<PathBuf>,
}

impl Seen {
    /// True the first time `dir` (whatever the path that leads to it) is
    /// met; a folder whose identity cannot be read counts as new.
    fn first_visit(&mut self, dir: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match std::fs::metadata(dir) {
                Ok(m) => self.ids.insert((m.dev(), m.ino())),
                Err(_) => true,
            }
        }
        #[cfg(not(unix))]
        {
            match std::fs::canonicalize(dir) {
                Ok(p) => self.ids.insert(p),
                Err(_) => true,
            }
        }
    }
}
