//! Limits that keep a hostile or broken input from exhausting memory or time.
//!
//! Every input is untrusted: a workbook arrives from dozens of hands and may
//! be damaged, or built to hurt (a zip bomb, a sheet that claims a million
//! rows). Each limit is checked before the work it guards where that is
//! possible (file size before reading, unpacked sizes from the zip central
//! directory before calamine opens the file), otherwise while rows stream
//! in. A file that passes a limit is refused as a whole, with a message that
//! names the file, the limit and the option that raises it.

use std::io::{Read, Seek};

use serde::Serialize;

use crate::lang::Lang;

const MB: u64 = 1024 * 1024;

/// Default of `--max-file-mb`.
pub const DEFAULT_FILE_MB: u64 = 200;
/// Default of `--max-unzipped-mb`. A district's workbook of 600 partners
/// and a year of records unpacks to about 100 MB; reading takes up to about
/// three times the unpacked size in memory (a shared string table is held
/// whole), so 512 MB keeps one hostile file near 1.5 GB.
pub const DEFAULT_UNZIPPED_MB: u64 = 512;
/// Default of `--max-rows`: Excel's own row limit.
pub const DEFAULT_ROWS: u64 = 1_048_576;
/// Default of `--max-cells`.
pub const DEFAULT_CELLS: u64 = 10_000_000;
/// Default of `--max-cell-chars`: Excel's own limit on a cell.
pub const DEFAULT_CELL_CHARS: u64 = 32_767;

/// Limits on what one input file may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Largest input file, in bytes (`--max-file-mb`, default 200 MB).
    pub max_file_bytes: u64,
    /// Largest total unpacked size of an xlsx/xlsm/xlsb/ods archive, in
    /// bytes, as declared in its zip central directory (`--max-unzipped-mb`,
    /// default 512 MB). Protects against zip bombs.
    pub max_unzipped_bytes: u64,
    /// Most non-blank rows in one sheet (`--max-rows`, default 1,048,576,
    /// Excel's own row limit: anything Excel can save passes).
    pub max_rows: u64,
    /// Most cells in one sheet, each row counted up to its last non-blank
    /// cell (`--max-cells`, default 10,000,000); for sheets read whole
    /// (xls, xlsb, ods), also the area calamine allocates.
    pub max_cells: u64,
    /// Longest text in one cell, in characters (`--max-cell-chars`, default
    /// 32,767, Excel's own limit: a longer cell was not typed in Excel).
    pub max_cell_chars: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_options(
            DEFAULT_FILE_MB,
            DEFAULT_UNZIPPED_MB,
            DEFAULT_ROWS,
            DEFAULT_CELLS,
            DEFAULT_CELL_CHARS,
        )
    }
}

impl Limits {
    /// Limits from megabyte and count values as the command line takes them.
    pub fn from_options(
        file_mb: u64,
        unzipped_mb: u64,
        rows: u64,
        cells: u64,
        cell_chars: u64,
    ) -> Self {
        Limits {
            max_file_bytes: file_mb.saturating_mul(MB),
            max_unzipped_bytes: unzipped_mb.saturating_mul(MB),
            max_rows: rows,
            max_cells: cells,
            max_cell_chars: cell_chars,
        }
    }
}

/// Which limit was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    FileSize,
    Unzipped,
    Rows,
    Cells,
    /// The distinct texts an xlsx declares (its shared strings), bounded
    /// by `--max-cells`: each is used by a cell at least once.
    SharedStrings,
    CellChars,
}

impl Limit {
    /// The command-line option that raises this limit.
    pub fn option(self) -> &'static str {
        match self {
            Limit::FileSize => "--max-file-mb",
            Limit::Unzipped => "--max-unzipped-mb",
            Limit::Rows => "--max-rows",
            Limit::Cells | Limit::SharedStrings => "--max-cells",
            Limit::CellChars => "--max-cell-chars",
        }
    }

    /// What is limited, in words.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Limit::FileSize => lang.pick("文件大小", "file size"),
            Limit::Unzipped => lang.pick("解压后大小", "unpacked size"),
            Limit::Rows => lang.pick("工作表非空行数", "non-blank rows in a sheet"),
            Limit::Cells => lang.pick("工作表单元格数", "cells in a sheet"),
            Limit::SharedStrings => lang.pick(
                "工作簿中不同文字的个数（共享字符串）",
                "distinct texts in the workbook (shared strings)",
            ),
            Limit::CellChars => lang.pick("单元格文字长度", "characters in one cell"),
        }
    }

    /// A value of this limit with its unit.
    pub fn amount(self, n: u64, lang: Lang) -> String {
        match self {
            Limit::FileSize | Limit::Unzipped => {
                let mb = n as f64 / MB as f64;
                if mb >= 10.0 || mb.fract() == 0.0 {
                    format!("{mb:.0} MB")
                } else {
                    format!("{mb:.1} MB")
                }
            }
            Limit::Rows => format!("{n} {}", lang.pick("行", "rows")),
            Limit::Cells => format!("{n} {}", lang.pick("个单元格", "cells")),
            Limit::SharedStrings => format!("{n} {}", lang.pick("个", "texts")),
            Limit::CellChars => format!("{n} {}", lang.pick("个字符", "characters")),
        }
    }
}

/// A limit that a file passes, and by how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub limit: Limit,
    pub found: u64,
    pub max: u64,
}

fn check(limit: Limit, found: u64, max: u64) -> Result<(), Hit> {
    if found > max {
        Err(Hit { limit, found, max })
    } else {
        Ok(())
    }
}

impl Limits {
    pub(crate) fn file_size(&self, bytes: u64) -> Result<(), Hit> {
        check(Limit::FileSize, bytes, self.max_file_bytes)
    }
}

/// Counts what streams out of one sheet against the per-sheet limits.
#[derive(Debug)]
pub(crate) struct SheetGuard {
    limits: Limits,
    rows: u64,
    cells: u64,
}

/// Where in a sheet a limit was hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetHit {
    pub hit: Hit,
    pub row: u32,
    /// Column index (0 = A) for a cell limit.
    pub column: Option<usize>,
}

impl SheetGuard {
    pub(crate) fn new(limits: Limits) -> Self {
        SheetGuard {
            limits,
            rows: 0,
            cells: 0,
        }
    }

    /// Checks one non-blank row.
    pub(crate) fn row(&mut self, row: &super::reader::Row) -> Result<(), SheetHit> {
        let at = |hit, column| SheetHit {
            hit,
            row: row.number,
            column,
        };
        self.rows += 1;
        check(Limit::Rows, self.rows, self.limits.max_rows).map_err(|h| at(h, None))?;
        // Each row costs its width up to its last value, blanks included: a
        // value in column XFD on every row is 16,384 cells a row.
        self.cells = self.cells.saturating_add(row.cells.len() as u64);
        check(Limit::Cells, self.cells, self.limits.max_cells).map_err(|h| at(h, None))?;
        for (j, cell) in row.cells.iter().enumerate() {
            if let super::cell::Cell::Text(s) = cell {
                // Bytes bound characters from above: count only long ones.
                if s.len() as u64 > self.limits.max_cell_chars {
                    let chars = s.chars().count() as u64;
                    check(Limit::CellChars, chars, self.limits.max_cell_chars)
                        .map_err(|h| at(h, Some(j)))?;
                }
            }
        }
        Ok(())
    }
}

/// What the zip central directory of an xlsx/ods says.
#[derive(Debug, Default)]
pub(crate) struct ZipFacts {
    /// `content.xml` with an OpenDocument mimetype: an ods file.
    pub ods: bool,
    /// `xl/workbook.bin`: an xlsb file.
    pub xlsb: bool,
    /// `xl/vbaProject.bin`: a workbook with macros (never run).
    pub macros: bool,
}

/// Why a zip archive is refused before calamine opens it.
#[derive(Debug)]
pub(crate) enum ZipRefusal {
    Limit(Hit),
    /// Not a readable zip archive, or its declarations are impossible.
    Damaged(String),
}

/// Reads the central directory and refuses archives whose declared unpacked
/// size passes the limit, or whose declarations would make the reader
/// allocate absurd amounts. The zip crate stops reading an entry at its
/// declared size, so the declarations can be trusted from here on.
pub(crate) fn check_zip<R: Read + Seek>(
    reader: R,
    limits: &Limits,
) -> Result<ZipFacts, ZipRefusal> {
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| ZipRefusal::Damaged(e.to_string()))?;
    let mut total: u64 = 0;
    let mut facts = ZipFacts::default();
    let mut shared_strings = None;
    let mut content = None;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ZipRefusal::Damaged(e.to_string()))?;
        total = total.saturating_add(entry.size());
        match entry.name_raw() {
            b"xl/sharedStrings.xml" => shared_strings = Some((i, entry.size())),
            b"content.xml" => content = Some(i),
            b"xl/workbook.bin" => facts.xlsb = true,
            b"xl/vbaProject.bin" => facts.macros = true,
            _ => {}
        }
    }
    check(Limit::Unzipped, total, limits.max_unzipped_bytes).map_err(ZipRefusal::Limit)?;
    if let Some(i) = archive.index_for_name("mimetype") {
        let mut text = String::new();
        if let Ok(entry) = archive.by_index(i) {
            // An unreadable mimetype is left for calamine to report.
            let _ = entry.take(200).read_to_string(&mut text);
        }
        facts.ods = content.is_some() && text.contains("opendocument.spreadsheet");
    }
    if let Some((i, size)) = shared_strings {
        check_shared_strings(&mut archive, i, size, limits)?;
    }
    if facts.ods {
        if let Some(i) = content {
            let entry = archive
                .by_index(i)
                .map_err(|e| ZipRefusal::Damaged(e.to_string()))?;
            super::ods_scan::check_area(entry, limits)?;
        }
    }
    Ok(facts)
}

/// calamine reserves room for the `uniqueCount` that sharedStrings.xml
/// declares, before reading a single string: a tiny file declaring 10^18
/// strings makes it abort. Each string takes at least `<si/>` (5 bytes).
/// The `<sst>` start tag is found however far down it is; a count that is
/// not a plain number, or a start tag longer than 64 KB, is refused.
fn check_shared_strings<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    size: u64,
    limits: &Limits,
) -> Result<(), ZipRefusal> {
    let entry = archive
        .by_index(index)
        .map_err(|e| ZipRefusal::Damaged(e.to_string()))?;
    let damaged = |what: &str| ZipRefusal::Damaged(format!("xl/sharedStrings.xml: {what}"));
    let Some(tag) = first_tag_named(entry, b"sst").map_err(|e| damaged(&e))? else {
        return Ok(());
    };
    let count = match attribute(&tag, b"uniqueCount") {
        None => return Ok(()),
        Some(None) => return Err(damaged("uniqueCount is not a number")),
        Some(Some(n)) => n,
    };
    check(Limit::SharedStrings, count, limits.max_cells).map_err(ZipRefusal::Limit)?;
    if count.saturating_mul(5) > size {
        return Err(damaged(&format!(
            "declares {count} strings in {size} bytes"
        )));
    }
    Ok(())
}

/// The first start tag whose local name is `local` (any namespace prefix),
/// without its `<` and `>`; tags longer than 64 KB are an error.
fn first_tag_named(mut reader: impl Read, local: &[u8]) -> Result<Option<Vec<u8>>, String> {
    const TAG_MAX: usize = 64 * 1024;
    let mut tag = Vec::new();
    let mut in_tag = false;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.to_string()),
        };
        for &b in &buf[..n] {
            match (in_tag, b) {
                (false, b'<') => {
                    in_tag = true;
                    tag.clear();
                }
                (false, _) => {}
                (true, b'>') => {
                    in_tag = false;
                    let end = tag
                        .iter()
                        .position(|c: &u8| c.is_ascii_whitespace() || *c == b'/')
                        .unwrap_or(tag.len());
                    let name = &tag[..end];
                    let local_name = name.rsplit(|c| *c == b':').next().unwrap_or(name);
                    if local_name == local {
                        return Ok(Some(tag));
                    }
                }
                (true, _) if tag.len() < TAG_MAX => tag.push(b),
                (true, _) => return Err("a start tag longer than 64 KB".to_string()),
            }
        }
    }
}

/// The value of attribute `name` (given with its `=`, e.g. `b"count="`) in
/// a start tag: the name must follow whitespace, and whitespace may surround
/// the `=` as XML allows. `None` when absent; `Some(None)` when present but
/// not a plain decimal number (which is then trusted to nobody).
pub(crate) fn attribute(tag: &[u8], name: &[u8]) -> Option<Option<u64>> {
    let name = name.strip_suffix(b"=").unwrap_or(name);
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.windows(name.len()).position(|w| w == name) {
        let start = from + found;
        from = start + 1;
        let preceded = start == 0 || tag[start - 1].is_ascii_whitespace();
        let mut rest = &tag[start + name.len()..];
        rest = trim_start(rest);
        if !preceded || rest.first() != Some(&b'=') {
            continue;
        }
        rest = trim_start(&rest[1..]);
        let Some(&quote) = rest.first().filter(|q| **q == b'"' || **q == b'\'') else {
            return Some(None);
        };
        let value: Vec<u8> = rest[1..]
            .iter()
            .copied()
            .take_while(|b| *b != quote)
            .collect();
        let text = std::str::from_utf8(&value).ok().map(str::trim);
        return Some(match text {
            Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
                Some(t.parse().unwrap_or(u64::MAX))
            }
            _ => None,
        });
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// [`attribute`] where an unreadable value counts as absent (the reader
/// then rejects it itself).
pub(crate) fn attribute_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    attribute(tag, name).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_as_xml_allows_them() {
        assert_eq!(
            attribute(b"sst count=\"3\" uniqueCount = '4'", b"uniqueCount"),
            Some(Some(4))
        );
        assert_eq!(attribute(b"sst xuniqueCount=\"3\"", b"uniqueCount"), None);
        assert_eq!(
            attribute(b"sst uniqueCount=\"+3\"", b"uniqueCount"),
            Some(None)
        );
        assert_eq!(attribute(b"sst uniqueCount=3", b"uniqueCount"), Some(None));
        let tag = first_tag_named(
            &b"<?xml?><!-- c --><x:sst a='1' uniqueCount='9'><si/>"[..],
            b"sst",
        );
        assert_eq!(tag, Ok(Some(b"x:sst a='1' uniqueCount='9'".to_vec())));
        let long = format!("<sst a=\"{}\" uniqueCount=\"1\">", "x".repeat(70_000));
        assert!(first_tag_named(long.as_bytes(), b"sst").is_err());
    }

    #[test]
    fn attribute_numbers() {
        assert_eq!(
            attribute_number(b"<sst uniqueCount=\"12\">", b"uniqueCount="),
            Some(12)
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount='7'>", b"uniqueCount="),
            Some(7)
        );
        assert_eq!(
            attribute_number(
                b"<sst uniqueCount=\"99999999999999999999999\">",
                b"uniqueCount="
            ),
            Some(u64::MAX)
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount=\"x\">", b"uniqueCount="),
            None
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount=", b"uniqueCount="),
            None
        );
        assert_eq!(attribute_number(b"<sst>", b"uniqueCount="), None);
    }

    #[test]
    fn amounts_name_their_unit() {
        assert_eq!(Limit::FileSize.amount(200 * MB, Lang::En), "200 MB");
        assert_eq!(Limit::FileSize.amount(MB + MB / 2, Lang::En), "1.5 MB");
        assert_eq!(Limit::Rows.amount(10, Lang::Zh), "10 行");
    }
}
