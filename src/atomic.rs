//! Writing output files so that a reader never sees half a file.
//!
//! Without a [`Staging`] folder, every report is written to a temporary file
//! beside its destination and renamed into place, so an interrupted write
//! leaves the previous version intact.
//!
//! A command that writes a whole set of reports (`evaluate`, `merge`) opens a
//! [`Staging`] folder, `.partner-eval-tmp-<pid>`, inside its output folder:
//! every file bound for that folder is written there instead, and only
//! [`Staging::commit`] renames them into place once the run has succeeded.
//! A run that fails or is interrupted therefore leaves the earlier reports
//! exactly as they were, and [`abandon`] (called on Ctrl-C) or dropping the
//! `Staging` removes the folder, so no temporary file is left behind either.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard};

/// Name prefix of the staging folder; the loader skips dot-folders, so a
/// staging folder inside an input folder is never read as input.
pub const STAGING_PREFIX: &str = ".partner-eval-tmp-";

/// The open staging folder of this process, if any. Writers hold the read
/// lock for the whole write; [`abandon`] takes the write lock and never gives
/// it back, so no file can be written into the folder after it is removed.
static STAGING: RwLock<Option<Open>> = RwLock::new(None);

struct Open {
    /// The output folder the staged files belong in.
    out: PathBuf,
    /// `out/.partner-eval-tmp-<pid>`.
    dir: PathBuf,
}

fn read_lock() -> RwLockReadGuard<'static, Option<Open>> {
    STAGING.read().unwrap_or_else(|e| e.into_inner())
}

/// Writes `bytes` to `path`: into the staging folder when `path` lies in the
/// output folder of an open [`Staging`], else through a temporary sibling
/// file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], with the content streamed by `write` through a
/// buffer: a city's results.json is over a gigabyte, which need not be held
/// in memory before it is written.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let staging = read_lock();
    if let Some(open) = staging.as_ref() {
        if let Ok(rel) = path.strip_prefix(&open.out) {
            let staged = open.dir.join(rel);
            if let Some(parent) = staged.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut file = BufWriter::new(fs::File::create(&staged)?);
            write(&mut file)?;
            return file.into_inner().map_err(|e| e.into_error())?.sync_all();
        }
    }
    drop(staging);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    // Reports are for sharing: rw-r--r-- (less the umask), not the private
    // mode temporary files get by default.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    let mut file = BufWriter::new(tmp.as_file_mut());
    write(&mut file)?;
    file.flush()?;
    drop(file);
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The staging folder of one run; see the module documentation. Dropped
/// without [`commit`](Staging::commit), it removes the folder and its files.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// Creates `out/.partner-eval-tmp-<pid>` (and `out`) and routes every
    /// [`write_atomic`] into `out` through it. One at a time per process.
    pub fn begin(out: &Path) -> std::io::Result<Staging> {
        let dir = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        let mut slot = STAGING.write().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return Err(std::io::Error::other("a staging folder is already open"));
        }
        fs::create_dir_all(&dir)?;
        *slot = Some(Open {
            out: out.to_path_buf(),
            dir: dir.clone(),
        });
        Ok(Staging { dir })
    }

    /// The staging folder, for tests and messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Renames every staged file into place (sorted by path, so partner
    /// reports appear in a stable order), then removes the staging folder.
    /// Returns the files now in place.
    pub fn commit(self) -> std::io::Result<Vec<PathBuf>> {
        // Held through the renames: Ctrl-C waits for them to finish rather
        // than leave a half-replaced set of reports.
        let staging = read_lock();
        let mut files = Vec::new();
        if let Some(open) = staging.as_ref() {
            walk(&open.dir, &mut files)?;
            files.sort();
            let mut placed = Vec::with_capacity(files.len());
            for staged in files {
                let rel = staged
                    .strip_prefix(&open.dir)
                    .map_err(std::io::Error::other)?;
                let target = open.out.join(rel);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::rename(&staged, &target)?;
                placed.push(target);
            }
            files = placed;
        }
        drop(staging);
        Ok(files)
        // `self` drops here: the now empty folder is removed.
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut slot = STAGING.write().unwrap_or_else(|e| e.into_inner());
        *slot = None;
        // Best effort: a folder that cannot be removed is named by nobody,
        // and the next run does not read dot-folders.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// For a Ctrl-C handler: stops every further write into the staging folder
/// and removes it with whatever it holds. Waits for writes and a commit in
/// progress; after it returns, the process must exit.
pub fn abandon() {
    let slot = STAGING.write().unwrap_or_else(|e| e.into_inner());
    if let Some(open) = slot.as_ref() {
        let _ = fs::remove_dir_all(&open.dir);
    }
    // Keep the lock until the process exits: no writer may recreate the folder.
    std::mem::forget(slot);
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}
