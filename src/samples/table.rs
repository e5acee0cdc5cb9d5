//! The rows of one sheet as the generator means them, before a community's
//! habits decide how they are typed.
//!
//! A [`Val`] says "this is a date" or "this is money"; `write` then types it
//! as a date cell, `2025/3/7` or `2025年3月7日` depending on the community.
//! Keeping meaning and typing apart is what lets every community differ while
//! every one of them still loads to the same records.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::problem::Severity;
use crate::schema::vocab::Vocabulary;
use crate::schema::{SheetKind, SheetSpec};
use crate::value::Period;

/// One cell's meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Empty,
    Text(String),
    Str(&'static str),
    Int(i64),
    Num(f64),
    Money(Decimal),
    Ratio(Decimal),
    Date(NaiveDate),
    Period(Period),
    Bool(bool),
    /// A closed-list value: its Chinese label and a synonym people also type.
    Choice(&'static str, Option<&'static str>),
    /// Typed exactly as given, whatever the community's habits (planted errors).
    Raw(&'static str),
}

impl Val {
    pub fn choice_or<V: Vocabulary>(v: V, synonym: Option<&'static str>) -> Val {
        Val::Choice(v.zh(), synonym)
    }

    pub fn yuan(amount: i64) -> Val {
        Val::Money(Decimal::from(amount))
    }

    pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Val) -> Val {
        v.map_or(Val::Empty, f)
    }
}

/// A data error planted on purpose, and where the loader should find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plant {
    /// Problem code, as `Problem::code` gives it.
    pub code: &'static str,
    /// The column the problem is reported at.
    pub key: &'static str,
    pub severity: Severity,
    /// What the planted error demonstrates, for the README.
    pub note: &'static str,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Val>,
    /// Index of the row's partner in its community.
    pub partner: usize,
    /// Date the ledger is sorted by.
    pub date: NaiveDate,
    pub plant: Option<Plant>,
}

/// The rows of one sheet, cells in the order of the sheet's spec columns.
#[derive(Debug)]
pub struct Table {
    pub kind: SheetKind,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(kind: SheetKind) -> Table {
        Table {
            kind,
            rows: Vec::new(),
        }
    }

    /// Starts a row of this table.
    pub fn row(&self, partner: usize, date: NaiveDate) -> Row {
        Row {
            cells: vec![Val::Empty; SheetSpec::of(self.kind).columns.len()],
            partner,
            date,
            plant: None,
        }
    }

    /// The position of a column in the rows' cells.
    pub fn col(&self, key: &str) -> usize {
        SheetSpec::of(self.kind).index(key)
    }

    /// Sets `key` of a row built by [`Table::row`].
    pub fn set(&self, row: &mut Row, key: &str, val: Val) {
        row.cells[self.col(key)] = val;
    }

    /// Numbers the rows in their final order: `{prefix}{n:0width$}` into
    /// `key`, except that a planted duplicate repeats the id above it.
    pub fn number(&mut self, key: &str, prefix: &str, width: usize) {
        let col = self.col(key);
        let mut n = 0;
        let mut previous = Val::Empty;
        for row in &mut self.rows {
            if row.plant.is_some_and(|p| p.code == "duplicate_id") {
                row.cells[col] = previous.clone();
            } else {
                n += 1;
                row.cells[col] = Val::Text(format!("{prefix}{n:0width$}"));
            }
            previous = row.cells[col].clone();
        }
    }
}
