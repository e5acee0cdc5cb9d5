//! Reading one data row into typed values, recording every problem.
//!
//! A [`RowReader`] wraps the cells of one row (in spec column order). Each
//! getter parses a cell; a value that cannot be read is an error that rejects
//! the row, located at its cell. Builders check `failed()` once at the end, so
//! every problem of a row is reported, not just the first.

use rust_decimal::Decimal;

use super::cell::Cell;
use crate::model::{Id, Interner, LoadedSheet, Text};
use crate::problem::{quote, Issue, Problem, Severity};
use crate::schema::vocab::Vocabulary;
use crate::schema::SheetSpec;
use crate::value::{self, ValueError};

/// Columns whose values are personal data and are masked when quoted.
const PERSONAL: &[&str] = &["id_number"];

/// A parser of one cell.
pub type Parse<T> = fn(&Cell) -> Result<Option<T>, ValueError>;

/// The cells of one row in spec column order: a view of the row as read
/// through the sheet's map from spec columns to cells.
#[derive(Clone, Copy)]
pub struct Cells<'a> {
    row: &'a [Cell],
    /// For each spec column, its index in `row`; out of range when the
    /// sheet lacks the column.
    at: &'a [usize],
}

impl<'a> Cells<'a> {
    pub fn new(row: &'a [Cell], at: &'a [usize]) -> Self {
        Cells { row, at }
    }

    /// The cell of spec column `i` (empty when the sheet lacks it).
    fn get(self, i: usize) -> &'a Cell {
        self.at
            .get(i)
            .and_then(|&j| self.row.get(j))
            .unwrap_or(&Cell::Empty)
    }
}

pub struct RowReader<'a> {
    sheet: &'a LoadedSheet,
    /// The sheet's spec, looked up once rather than at every cell.
    spec: &'static SheetSpec,
    cells: Cells<'a>,
    pub row: u32,
    problems: &'a mut Vec<Problem>,
    /// The file's repeated texts, for [`RowReader::shared`].
    texts: &'a mut Interner,
    failed: bool,
    /// The spec column read last: builders read columns in spec order, so
    /// looking a key up starts there rather than at the first column.
    last: std::cell::Cell<usize>,
}

impl<'a> RowReader<'a> {
    pub fn new(
        sheet: &'a LoadedSheet,
        cells: Cells<'a>,
        row: u32,
        problems: &'a mut Vec<Problem>,
        texts: &'a mut Interner,
    ) -> Self {
        RowReader {
            sheet,
            spec: sheet.spec(),
            cells,
            row,
            problems,
            texts,
            failed: false,
            last: std::cell::Cell::new(0),
        }
    }

    /// True once any error was recorded for this row.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The spec index of a column key.
    fn index(&self, key: &str) -> usize {
        let columns = self.spec.columns;
        let from = self.last.get();
        let found = (from..columns.len())
            .chain(0..from)
            .find(|&i| columns[i].key == key);
        match found {
            Some(i) => {
                self.last.set(i);
                i
            }
            // Not a column of the sheet: a bug, reported as `index` does.
            None => self.spec.index(key),
        }
    }

    /// The raw cell of a column (empty when the sheet lacks the column).
    pub fn cell(&self, key: &str) -> &'a Cell {
        self.cells.get(self.index(key))
    }

    /// The cell as typed, shortened and masked for quoting.
    pub fn shown(&self, key: &str) -> String {
        let text = quote(&self.cell(key).display());
        if PERSONAL.contains(&key) {
            mask(&text)
        } else {
            super::personal::mask_id_numbers(&text).unwrap_or(text)
        }
    }

    /// Records a problem at a cell of this row.
    pub fn report(&mut self, severity: Severity, key: &str, issue: Issue) {
        let value = if key.is_empty() {
            String::new()
        } else {
            self.shown(key)
        };
        self.report_value(severity, key, issue, value);
    }

    /// Records a problem quoting a value other than the cell's own.
    pub fn report_value(&mut self, severity: Severity, key: &str, issue: Issue, value: String) {
        if severity == Severity::Error {
            self.failed = true;
        }
        self.problems.push(Problem {
            severity,
            location: self.sheet.location(self.row, key),
            value,
            issue,
        });
    }

    /// An optional value: blank gives `None`; unreadable rejects the row.
    pub fn get<T>(&mut self, key: &str, parse: Parse<T>) -> Option<T> {
        match parse(self.cell(key)) {
            Ok(v) => v,
            Err(error) => {
                let expected = self.spec.columns[self.index(key)].ty;
                self.report(Severity::Error, key, Issue::BadValue { expected, error });
                None
            }
        }
    }

    /// A required value: blank or unreadable rejects the row.
    pub fn need<T>(&mut self, key: &str, parse: Parse<T>) -> Option<T> {
        let blank = self.cell(key).is_blank();
        let v = self.get(key, parse);
        if blank {
            self.report(Severity::Error, key, Issue::Missing);
        }
        v
    }

    /// Optional text, identity numbers in it masked (see [`Self::masked`]).
    pub fn text(&mut self, key: &str) -> Option<String> {
        let v = value::text(self.cell(key))?;
        Some(self.masked(key, &v).unwrap_or(v))
    }

    /// Free text or a name with the identity numbers typed into it masked,
    /// and a warning at the cell; None when there is nothing to mask.
    fn masked(&mut self, key: &str, text: &str) -> Option<String> {
        if !is_free_text(key) {
            return None;
        }
        let masked = super::personal::mask_id_numbers(text)?;
        self.warn_masked(key, &masked);
        Some(masked)
    }

    /// The warning that an identity number was masked, quoting the masked
    /// text (never the number).
    fn warn_masked(&mut self, key: &str, masked: &str) {
        self.report_value(Severity::Warning, key, Issue::IdNumberInText, quote(masked));
    }

    /// Required text.
    pub fn need_text(&mut self, key: &str) -> Option<String> {
        let v = self.text(key);
        if v.is_none() {
            self.report(Severity::Error, key, Issue::Missing);
        }
        v
    }

    /// A required id of the row's own, such as a record number.
    pub fn need_id(&mut self, key: &str) -> Option<Id> {
        let v = lend_text(self.cell(key), Id::new);
        if v.is_none() {
            self.report(Severity::Error, key, Issue::Missing);
        }
        v
    }

    /// Optional text that many rows repeat: the file's one copy of it
    /// (identity numbers masked, as [`Self::text`]).
    pub fn shared(&mut self, key: &str) -> Option<Text> {
        let cell = self.cell(key);
        if is_free_text(key) {
            if let Some(m) = lend_text(cell, super::personal::mask_id_numbers).flatten() {
                self.warn_masked(key, &m);
                return Some(self.texts.intern(&m));
            }
        }
        lend_text(cell, |s| self.texts.intern(s))
    }

    /// Required text that many rows repeat.
    pub fn need_shared(&mut self, key: &str) -> Option<Text> {
        let v = self.shared(key);
        if v.is_none() {
            self.report(Severity::Error, key, Issue::Missing);
        }
        v
    }

    /// An optional value from a closed list.
    pub fn choice<V: Vocabulary>(&mut self, key: &str) -> Option<V> {
        let v = lend_text(self.cell(key), V::parse)?;
        if v.is_none() {
            let issue = Issue::UnknownChoice {
                allowed_zh: V::allowed(crate::lang::Lang::Zh),
                allowed_en: V::allowed(crate::lang::Lang::En),
            };
            self.report(Severity::Error, key, issue);
        }
        v
    }

    /// A required value from a closed list.
    pub fn need_choice<V: Vocabulary>(&mut self, key: &str) -> Option<V> {
        if self.cell(key).is_blank() {
            self.report(Severity::Error, key, Issue::Missing);
            return None;
        }
        self.choice(key)
    }

    /// Rejects a negative amount or count.
    pub fn non_negative<T: PartialOrd + Default>(&mut self, key: &str, v: Option<T>) -> Option<T> {
        if matches!(&v, Some(x) if *x < T::default()) {
            self.report(Severity::Error, key, Issue::Negative);
        }
        v
    }

    /// Optional money, never negative.
    pub fn money(&mut self, key: &str) -> Option<Decimal> {
        let v = self.get(key, value::money);
        self.non_negative(key, v)
    }

    /// Required money, never negative.
    pub fn need_money(&mut self, key: &str) -> Option<Decimal> {
        let v = self.need(key, value::money);
        self.non_negative(key, v)
    }

    /// Required when `condition` holds; otherwise as optional.
    pub fn need_if<T>(
        &mut self,
        key: &str,
        parse: Parse<T>,
        condition: bool,
        reason: (&str, &str),
    ) -> Option<T> {
        let v = self.get(key, parse);
        if condition && self.cell(key).is_blank() {
            let issue = Issue::MissingBecause {
                reason_zh: reason.0.to_string(),
                reason_en: reason.1.to_string(),
            };
            self.report(Severity::Error, key, issue);
        }
        v
    }
}

/// True for columns of free text or names, where an identity number typed
/// by mistake is masked. Not the registry's 身份证号 column (it is never
/// published, and is read as typed), nor identifiers (ids, record and
/// receipt numbers, the credit code): they join the sheets, and masking
/// could make two different ones equal.
fn is_free_text(key: &str) -> bool {
    !(PERSONAL.contains(&key)
        || key.ends_with("_id")
        || key.ends_with("_ids")
        || key.ends_with("_no")
        || key == "credit_code")
}

/// Applies `f` to the cell's text as [`value::text`] reads it, lending a
/// text cell's own trimmed `str` rather than copying it.
fn lend_text<T>(cell: &Cell, f: impl FnOnce(&str) -> T) -> Option<T> {
    match cell {
        Cell::Text(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(f),
        other => value::text(other).map(|s| f(&s)),
    }
}

/// Masks all but the first 3 and last 2 characters: `510***********12`.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 5))
}
