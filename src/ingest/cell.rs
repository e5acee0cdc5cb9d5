//! One spreadsheet cell, the same whatever format it came from.
//!
//! calamine returns the same data as different variants per format (xls gives
//! whole numbers as `Int`, xlsx as `Float`; ods gives dates as ISO strings and
//! booleans as numbers), and CSV gives only text. Every reader converts to this
//! enum so that the value parsers see one shape.

use chrono::NaiveDateTime;

/// A cell value as read, before it is interpreted against a column type.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing, or only whitespace.
    Empty,
    /// Text as typed (numbers stored as text arrive here too).
    Text(String),
    /// A numeric cell (integers included).
    Number(f64),
    /// A boolean cell.
    Bool(bool),
    /// A cell formatted as a date; already converted from the workbook's
    /// 1900 or 1904 serial system.
    Date(NaiveDateTime),
    /// An Excel error value such as `#DIV/0!` or `#N/A`.
    Error(String),
}

impl Cell {
    /// True for empty cells and cells holding only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => is_blank_text(s),
            _ => false,
        }
    }

    /// The cell as the user would read it, for quoting in problem reports.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().to_string()
                } else {
                    d.to_string()
                }
            }
            Cell::Error(e) => e.clone(),
        }
    }
}

/// True for text of only whitespace, or none. Asked of every cell read: a
/// visible ASCII first character, as ids, codes and numbers have, settles
/// it without trimming.
pub fn is_blank_text(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.trim().is_empty(),
    }
}

/// Formats a float without a spurious `.0` for whole numbers.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
