//! A sheet of the evaluation workbook, addressed by header text.
//!
//! Rows and columns are absolute (0-based) as calamine gives them; messages
//! add one to rows and turn columns into letters, as the spreadsheet shows
//! them.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Sheets};

use super::error::BadCell;
use super::HistoryError;
use crate::ingest::cell::Cell;
use crate::ingest::header::column_letter;
use crate::lang::Lang;
use crate::report::xlsx::sheet_names;

/// An opened workbook, held in memory.
pub type Book = Sheets<Cursor<Vec<u8>>>;

/// A header as the workbook writes it in Chinese and in English.
pub type Header = (&'static str, &'static str);

/// Rows searched for the header (a title row may sit above it).
const HEADER_SEARCH: usize = 20;

/// One sheet, found by its Chinese or English name.
pub struct Table<'a> {
    pub file: &'a str,
    pub sheet: String,
    range: Range<Data>,
}

impl<'a> Table<'a> {
    /// The sheet written as `sheet_names(..)[index]`, if the book has it.
    pub fn open(
        file: &'a str,
        book: &mut Book,
        index: usize,
    ) -> Result<Option<Self>, HistoryError> {
        let names = [sheet_names(Lang::Zh)[index], sheet_names(Lang::En)[index]];
        let Some(sheet) = book
            .sheet_names()
            .into_iter()
            .find(|s| names.contains(&s.trim()))
        else {
            return Ok(None);
        };
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| HistoryError::Workbook {
                file: file.to_string(),
                detail: format!("{sheet}: {e}"),
            })?;
        Ok(Some(Table { file, sheet, range }))
    }

    /// Like [`Table::open`], but the sheet must be there.
    pub fn require(file: &'a str, book: &mut Book, index: usize) -> Result<Self, HistoryError> {
        Table::open(file, book, index)?.ok_or(HistoryError::MissingSheet {
            file: file.to_string(),
            zh: sheet_names(Lang::Zh)[index],
            en: sheet_names(Lang::En)[index],
        })
    }

    /// Rows of the used area, absolute (0-based).
    pub fn rows(&self) -> impl Iterator<Item = u32> {
        let ends = self.range.start().zip(self.range.end());
        ends.into_iter().flat_map(|(s, e)| s.0..=e.0)
    }

    /// Columns of the used area, absolute (0-based).
    pub fn columns(&self) -> impl Iterator<Item = u32> {
        let ends = self.range.start().zip(self.range.end());
        ends.into_iter().flat_map(|(s, e)| s.1..=e.1)
    }

    pub fn cell(&self, row: u32, col: u32) -> Cell {
        self.range.get_value((row, col)).map_or(Cell::Empty, cell)
    }

    pub fn text(&self, row: u32, col: u32) -> String {
        self.cell(row, col).display().trim().to_string()
    }

    /// The header row: the first with the `key` column.
    pub fn header_row(&self, key: Header) -> Result<u32, HistoryError> {
        self.rows()
            .take(HEADER_SEARCH)
            .find(|&r| self.find(r, key).is_some())
            .ok_or_else(|| HistoryError::NoHeader {
                file: self.file.to_string(),
                sheet: self.sheet.clone(),
            })
    }

    fn find(&self, row: u32, (zh, en): Header) -> Option<u32> {
        self.columns().find(|&c| {
            let t = self.text(row, c);
            t == zh || t == en
        })
    }

    /// The column of a header in the header row, or which one is missing.
    pub fn column(&self, row: u32, header: Header) -> Result<u32, HistoryError> {
        self.find(row, header)
            .ok_or_else(|| HistoryError::MissingColumn {
                file: self.file.to_string(),
                sheet: self.sheet.clone(),
                row: row + 1,
                zh: header.0,
                en: header.1,
            })
    }

    /// A cell that does not hold what its column should.
    pub fn bad(
        &self,
        row: u32,
        col: u32,
        header_row: u32,
        expected: (String, String),
    ) -> HistoryError {
        HistoryError::BadCell(Box::new(BadCell {
            file: self.file.to_string(),
            sheet: self.sheet.clone(),
            row: row + 1,
            column: column_letter(col as usize),
            header: self.text(header_row, col),
            value: self.text(row, col),
            expected_zh: expected.0,
            expected_en: expected.1,
        }))
    }
}

/// calamine's cell as the crate's [`Cell`], so the value parsers apply.
fn cell(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or(Cell::Number(dt.as_f64()), Cell::Date),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}
