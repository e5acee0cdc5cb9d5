//! Opening an input file (workbook, indicator set, previous results,
//! template) safely: only a regular file is opened, and at most a bound is
//! read.
//!
//! Why: a folder a district hands over may hold anything. A named pipe
//! called `x.csv` blocks the first `open` until someone writes to it (the run
//! hangs forever), and a link `x.xlsx → /dev/zero` reads without end. Both
//! are refused from their metadata, before they are opened, with what they
//! are; the error is an `std::io::Error` whose reason
//! [`crate::lang::io_reason`] words in both languages, so every caller that
//! already reports read errors names the file and the reason unchanged.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// The reason a file is refused before it is read (not a regular file, or
/// a caller's bound), in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub zh: &'static str,
    pub en: &'static str,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en)
    }
}

impl std::error::Error for Refused {}

/// What a non-regular file is, in words; `None` for a regular file.
pub fn not_regular(meta: &Metadata) -> Option<Refused> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    let (zh, en) = if t.is_dir() {
        ("这是一个文件夹，不是文件", "it is a folder, not a file")
    } else {
        special(&t)
    };
    Some(Refused { zh, en })
}

#[cfg(unix)]
fn special(t: &std::fs::FileType) -> (&'static str, &'static str) {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        (
            "不是普通文件，而是命名管道（FIFO），未打开；请另存为普通文件",
            "not a regular file but a named pipe (FIFO), not opened; save the data as an ordinary file",
        )
    } else if t.is_char_device() || t.is_block_device() {
        (
            "不是普通文件，而是设备（如 /dev/zero），未打开",
            "not a regular file but a device (such as /dev/zero), not opened",
        )
    } else if t.is_socket() {
        (
            "不是普通文件，而是套接字，未打开",
            "not a regular file but a socket, not opened",
        )
    } else {
        special_other()
    }
}

#[cfg(not(unix))]
fn special(_: &std::fs::FileType) -> (&'static str, &'static str) {
    special_other()
}

fn special_other() -> (&'static str, &'static str) {
    ("不是普通文件，未打开", "not a regular file, not opened")
}

/// Refuses `path` unless it is (or links to) a regular file, without
/// opening it.
pub fn check_regular(path: &Path) -> std::io::Result<Metadata> {
    let meta = std::fs::metadata(path)?;
    match not_regular(&meta) {
        None => Ok(meta),
        Some(reason) => Err(std::io::Error::new(ErrorKind::InvalidInput, reason)),
    }
}

/// Reads a regular file, at most `max` bytes and one more: a caller that
/// finds more than `max` refuses the file by its own limit. A file that
/// grows while it is read cannot make the read endless.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let meta = check_regular(path)?;
    let file = File::open(path)?;
    // Swapped for something else between the check and the open.
    if let Some(reason) = not_regular(&file.metadata()?) {
        return Err(std::io::Error::new(ErrorKind::InvalidInput, reason));
    }
    let expected = meta.len().min(max.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_before_they_are_opened() {
        for (path, word) in [
            ("/dev/zero", "device"),
            ("/dev/null", "device"),
            ("/", "folder"),
        ] {
            let e = read_regular(Path::new(path), 10).unwrap_err();
            let (_, en) = crate::lang::io_reason(&e);
            assert!(en.contains(word), "{path}: {en}");
        }
    }

    #[test]
    fn at_most_the_bound_and_one_byte_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_regular(&path, 10).unwrap().len(), 11);
        assert_eq!(read_regular(&path, 1000).unwrap().len(), 100);
    }
}
