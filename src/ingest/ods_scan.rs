//! A quick pass over an ods file's `content.xml` before calamine opens it.
//!
//! calamine reads every sheet of an ods file when it opens it, and expands
//! repeated rows and columns (`table:number-rows-repeated="1000000"`) and
//! repeated spaces (`<text:s text:c="4000000000"/>`) into memory. A file of a
//! few kilobytes can so ask for gigabytes. This scan reads the start tags
//! only, computes the area each sheet would occupy and the longest run of
//! spaces in a cell, and refuses the file before anything is allocated.

use std::io::Read;

use super::limits::{attribute_number, Hit, Limit, Limits, ZipRefusal};

/// Grid bounds calamine applies to ods files.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Longest tag accepted: real ones are far shorter (a formula is at most
/// 8,192 characters); a longer one could hide an attribute from this scan.
const TAG_MAX: usize = 64 * 1024;

#[derive(Default)]
struct Sheet {
    /// Next row index, repeats included.
    row: u64,
    /// First row holding a value, and the end of the last one.
    first: Option<u64>,
    end: u64,
    /// Widest row holding a value, up to its last value.
    width: u64,
    /// In the current row: its repeat count, next column, end of last value.
    repeats: u64,
    column: u64,
    valued_end: u64,
    /// Spaces added by `text:s` in the current cell.
    spaces: u64,
}

impl Sheet {
    fn area(&self) -> u64 {
        match self.first {
            Some(first) => self.end.saturating_sub(first).saturating_mul(self.width),
            None => 0,
        }
    }
}

/// Checks the sheets of `content.xml` against `max_cells` and the spaces in
/// one cell against `max_cell_chars`.
pub(crate) fn check_area(reader: impl Read, limits: &Limits) -> Result<(), ZipRefusal> {
    let mut sheet = Sheet::default();
    let mut tag: Vec<u8> = Vec::new();
    let mut in_tag = false;
    let mut buf = [0u8; 64 * 1024];
    let mut reader = reader;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ZipRefusal::Damaged(e.to_string())),
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
                    on_tag(&tag, &mut sheet, limits)?;
                }
                (true, _) if tag.len() < TAG_MAX => tag.push(b),
                (true, _) => {
                    return Err(ZipRefusal::Damaged(
                        "content.xml: a tag longer than 64 KB".to_string(),
                    ))
                }
            }
        }
    }
    check_sheet(&sheet, limits)
}

fn check_sheet(sheet: &Sheet, limits: &Limits) -> Result<(), ZipRefusal> {
    let area = sheet.area();
    if area > limits.max_cells {
        return Err(ZipRefusal::Limit(Hit {
            limit: Limit::Cells,
            found: area,
            max: limits.max_cells,
        }));
    }
    Ok(())
}

/// The element name, with the `/` of an end tag: `/table:table-row`.
fn name(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .skip(1)
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .map_or(tag.len(), |p| p + 1);
    &tag[..end]
}

fn on_tag(tag: &[u8], sheet: &mut Sheet, limits: &Limits) -> Result<(), ZipRefusal> {
    let self_closing = tag.last() == Some(&b'/');
    match name(tag) {
        b"table:table" => {
            check_sheet(sheet, limits)?;
            *sheet = Sheet::default();
        }
        b"/table:table" => {
            check_sheet(sheet, limits)?;
            *sheet = Sheet::default();
        }
        b"table:table-row" => {
            let repeats = attribute_number(tag, b"table:number-rows-repeated=").unwrap_or(1);
            sheet.repeats = repeats.min(MAX_ROWS.saturating_sub(sheet.row));
            sheet.column = 0;
            sheet.valued_end = 0;
            if self_closing {
                end_row(sheet);
            }
        }
        b"/table:table-row" => end_row(sheet),
        b"table:table-cell" | b"table:covered-table-cell" => {
            let repeats = attribute_number(tag, b"table:number-columns-repeated=").unwrap_or(1);
            sheet.column = sheet.column.saturating_add(repeats).min(MAX_COLUMNS);
            sheet.spaces = 0;
            let valued = !self_closing
                || contains(tag, b"office:value-type=")
                || contains(tag, b"table:formula=");
            if valued {
                sheet.valued_end = sheet.column;
            }
        }
        b"text:s" => {
            let count = attribute_number(tag, b"text:c=").unwrap_or(1);
            sheet.spaces = sheet.spaces.saturating_add(count);
            if sheet.spaces > limits.max_cell_chars {
                return Err(ZipRefusal::Limit(Hit {
                    limit: Limit::CellChars,
                    found: sheet.spaces,
                    max: limits.max_cell_chars,
                }));
            }
        }
        _ => {}
    }
    Ok(())
}

fn end_row(sheet: &mut Sheet) {
    if sheet.valued_end > 0 {
        sheet.first.get_or_insert(sheet.row);
        sheet.end = sheet.row.saturating_add(sheet.repeats);
        sheet.width = sheet.width.max(sheet.valued_end);
    }
    sheet.row = sheet.row.saturating_add(sheet.repeats).min(MAX_ROWS);
    sheet.repeats = 0;
    sheet.valued_end = 0;
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str, max_cells: u64) -> Result<(), ZipRefusal> {
        let limits = Limits {
            max_cells,
            ..Limits::default()
        };
        check_area(xml.as_bytes(), &limits)
    }

    const ROW: &str = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row>"#;

    #[test]
    fn ordinary_sheets_pass() {
        let xml = format!(
            r#"<table:table table:name="a">{ROW}{ROW}<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#
        );
        assert!(scan(&xml, 2).is_ok());
        assert!(matches!(scan(&xml, 1), Err(ZipRefusal::Limit(h)) if h.found == 2));
    }

    #[test]
    fn repeated_values_count_as_their_area() {
        let xml = r#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        match scan(xml, 10_000_000) {
            Err(ZipRefusal::Limit(h)) => assert_eq!(h.found, 1_000_000_000),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn far_apart_values_count_the_area_between() {
        let xml = format!(
            r#"<table:table>{ROW}<table:table-row table:number-rows-repeated="500000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="9999"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
        );
        match scan(&xml, 10_000_000) {
            Err(ZipRefusal::Limit(h)) => assert_eq!(h.found, 500_002 * 10_000),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn runs_of_spaces_are_cell_characters() {
        let xml = r#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(matches!(
            scan(xml, 10),
            Err(ZipRefusal::Limit(Hit {
                limit: Limit::CellChars,
                ..
            }))
        ));
    }
}
