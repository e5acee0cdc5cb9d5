//! Reading one data row into typed values, recording every problem.
//!
//! A [`RowReader`] wraps the cells of one row (in spec column order). Each
//! getter parses a cell; a value that cannot be read is an error that rejects
//! the row, located at its cell. Builders check `failed()` once at the end, so
//! every problem of a row is reported, not just the first.

use rust_decimal::Decimal;

use super::cell::Cell;
use crate::model::LoadedSheet;
use crate::problem::{quote, Issue, Problem, Severity};
use crate::schema::vocab::Vocabulary;
use crate::value::{self, ValueError};

/// Columns whose values are personal data and are masked when quoted.
const PERSONAL: &[&str] = &["id_number"];

/// A parser of one cell.
pub type Parse<T> = fn(&Cell) -> Result<Option<T>, ValueError>;

pub struct RowReader<'a> {
    sheet: &'a LoadedSheet,
    cells: &'a [Cell],
    pub row: u32,
    problems: &'a mut Vec<Problem>,
    failed: bool,
}

impl<'a> RowReader<'a> {
    pub fn new(
        sheet: &'a LoadedSheet,
        cells: &'a [Cell],
        row: u32,
        problems: &'a mut Vec<Problem>,
    ) -> Self {
        RowReader {
            sheet,
            cells,
            row,
            problems,
            failed: false,
        }
    }

    /// True once any error was recorded for this row.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The raw cell of a column (empty when the sheet lacks the column).
    pub fn cell(&self, key: &str) -> &Cell {
        self.cells
            .get(self.sheet.spec().index(key))
            .unwrap_or(&Cell::Empty)
    }

    /// The cell as typed, shortened and masked for quoting.
    pub fn shown(&self, key: &str) -> String {
        let text = quote(&self.cell(key).display());
        if PERSONAL.contains(&key) {
            mask(&text)
        } else {
            text
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
                let expected = self.sheet.spec().columns[self.sheet.spec().index(key)].ty;
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

    /// Optional text.
    pub fn text(&mut self, key: &str) -> Option<String> {
        value::text(self.cell(key))
    }

    /// Required text.
    pub fn need_text(&mut self, key: &str) -> Option<String> {
        let v = self.text(key);
        if v.is_none() {
            self.report(Severity::Error, key, Issue::Missing);
        }
        v
    }

    /// An optional value from a closed list.
    pub fn choice<V: Vocabulary>(&mut self, key: &str) -> Option<V> {
        let text = value::text(self.cell(key))?;
        let v = V::parse(&text);
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
