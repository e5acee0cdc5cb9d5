//! File names made from names typed in the input: partner reports, the
//! district reports of a run over several districts, the workbook of each
//! street or community.
//!
//! Three things can go wrong with such a name, and each is handled here for
//! every report: characters a file system refuses (replaced by `_`), two
//! names that become the same file (the second would overwrite the first:
//! `PD-XP02?1` and `PD-XP02*1` both become `PD-XP02_1`), and a name longer
//! than the 255 bytes a file name may have (a name of 61 four-byte
//! characters), which would fail the run after every report was rendered.
//! A name that is too long, or taken, is shortened and given a short hash
//! of the original text, so the same input always gives the same names.

use std::collections::BTreeSet;

/// Longest file name written, in bytes: the 255 of common file systems,
/// less room for what a copy or sync tool may add.
pub const MAX_NAME_BYTES: usize = 240;

/// Characters of the hash suffix (hex).
const HASH_CHARS: usize = 8;

/// A name made safe as part of a file name: no path separators, no
/// control characters, no characters Windows refuses, no leading or
/// trailing dot or space; never empty. The length is left to [`Names`].
pub fn safe_file_part(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches('.')
        .trim_end_matches('.')
        .trim();
    if trimmed.is_empty() {
        "_".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A short stable hash of `key` (the original, uncleaned text).
pub fn short_hash(key: &str) -> String {
    let hex = crate::ingest::sha256_hex(key.as_bytes());
    hex[..HASH_CHARS].to_string()
}

/// `s` cut to at most `bytes` bytes, at a character boundary.
fn cut(s: &str, bytes: usize) -> &str {
    if s.len() <= bytes {
        return s;
    }
    let mut end = bytes;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The file names of one folder, handed out so that no two are the same
/// (ignoring case, as Windows and macOS do) and none is too long.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    pub fn new() -> Self {
        Self::default()
    }

    /// A file name `stem` + `ext` (`ext` with its dot), `stem` already made
    /// safe. When that is too long or taken, the stem is cut and `-` and a
    /// hash of `key` (the original text the stem was made from) appended;
    /// should even that be taken, a number follows.
    pub fn name(&mut self, stem: &str, key: &str, ext: &str) -> String {
        let plain = format!("{stem}{ext}");
        if plain.len() <= MAX_NAME_BYTES && self.taken.insert(plain.to_lowercase()) {
            return plain;
        }
        let hash = short_hash(key);
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                format!("-{hash}")
            } else {
                format!("-{hash}-{n}")
            };
            let room = MAX_NAME_BYTES.saturating_sub(suffix.len() + ext.len());
            let head = cut(stem, room).trim_end();
            let name = format!("{head}{suffix}{ext}");
            if self.taken.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_part("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(
            safe_file_part("#read(\"/etc/passwd\")"),
            "#read(__etc_passwd_)"
        );
        assert_eq!(safe_file_part("  "), "_");
        assert_eq!(safe_file_part("..."), "_");
        assert_eq!(safe_file_part("犀浦·乐龄家园"), "犀浦·乐龄家园");
        assert_eq!(safe_file_part("a\u{1b}]0;x\u{7}"), "a_]0;x_");
    }

    #[test]
    fn names_never_collide_nor_run_long() {
        let mut names = Names::new();
        let a = names.name(&safe_file_part("PD-XP02?1"), "PD-XP02?1", ".pdf");
        let b = names.name(&safe_file_part("PD-XP02*1"), "PD-XP02*1", ".pdf");
        assert_eq!(a, "PD-XP02_1.pdf");
        assert_ne!(a, b);
        assert!(b.starts_with("PD-XP02_1-") && b.ends_with(".pdf"));
        let long = "𠀀".repeat(61);
        let c = names.name(&long, &long, ".pdf");
        assert!(c.len() <= MAX_NAME_BYTES, "{}", c.len());
        assert!(c.ends_with(&format!("-{}.pdf", short_hash(&long))));
        // The same key twice still gets two files.
        let d = names.name(&long, &long, ".pdf");
        assert_ne!(c, d);
        // Same input, same names.
        let mut again = Names::new();
        again.name("PD-XP02_1", "PD-XP02?1", ".pdf");
        assert_eq!(again.name("PD-XP02_1", "PD-XP02*1", ".pdf"), b);
    }
}
