//! Reading typed values out of hand-typed spreadsheet cells.
//!
//! Partner data is typed by street-office staff in Excel, WPS or a CSV export,
//! so the same amount arrives as `1234`, `"¥1,234.00"`, `"１２３４元"` or
//! `"0.12万"`. Each parser here accepts the forms people actually type for one
//! column type and says precisely why it rejects the rest, so that the caller
//! can quote the cell and tell the user what to fix.

mod boolean;
mod date;
mod literal;
mod money;
mod normalize;
mod number;
mod period;
mod ratio;
mod text;

/// The bound of a number in a cell (1e15, `literal::LIMIT`) as a
/// `Decimal`, also the bound of an amount derived from cells (单价 × 参与人次)
/// and of a formula's result: with every amount below it, sums over
/// millions of rows stay far from the limit of `Decimal` (7.9e28).
pub const MAX_AMOUNT: rust_decimal::Decimal = rust_decimal::Decimal::from_parts(
    0xA4C6_8000, // 1e15 = 0x0003_8D7E_A4C6_8000
    0x0003_8D7E,
    0,
    false,
    0,
);

pub use boolean::boolean;
pub use date::date;
pub use money::money;
pub use normalize::normalize;
pub use number::{integer, number};
pub use period::{period, Period};
pub use ratio::ratio;
pub use text::text;

/// What a column expects; used in error messages by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ValueType {
    /// Free text such as a name or an address.
    Text,
    /// A whole count such as people served.
    Integer,
    /// A measurement such as hours or an area.
    Number,
    /// An amount of money, kept exact.
    Money,
    /// A percentage, read as a fraction in `[0, 1]`.
    Ratio,
    /// A calendar day.
    Date,
    /// A year, quarter or month.
    Period,
    /// Yes or no.
    Bool,
    /// One of a fixed list of words.
    Enum,
}

/// Why a cell could not be read as its column's type.
///
/// The variants are the distinctions a user can act on; the caller turns them
/// into messages together with the cell text and the [`ValueType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    /// Not recognisable as the expected type at all.
    Unreadable,
    /// The cell holds an Excel error value (`#DIV/0!`, `#N/A`, `#REF!`, ...).
    ErrorCell,
    /// An integer was expected but the value has a fraction (2.5).
    NotWhole,
    /// Recognisable but impossible: month 13, Feb 30, a year outside
    /// 1900..=2200, a ratio above 100%, quarter 5.
    OutOfRange,
    /// NaN, infinity, or a magnitude above 1e15.
    NotFinite,
}

/// Normalises a text cell and hands it to `parse`; blank text is `Ok(None)`.
///
/// Every typed parser treats text the same way, so this is the one place that
/// decides what "blank" means for text.
fn with_text<T>(
    s: &str,
    parse: impl FnOnce(&str) -> Result<T, ValueError>,
) -> Result<Option<T>, ValueError> {
    let s = normalize(s);
    if s.is_empty() {
        Ok(None)
    } else {
        parse(&s).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cell::Cell;

    #[test]
    fn blank_text_is_none_for_every_parser() {
        let blank = Cell::Text(" \u{3000}\u{a0} ".to_string());
        assert_eq!(money(&blank), Ok(None));
        assert_eq!(integer(&blank), Ok(None));
        assert_eq!(number(&blank), Ok(None));
        assert_eq!(ratio(&blank), Ok(None));
        assert_eq!(date(&blank), Ok(None));
        assert_eq!(period(&blank), Ok(None));
        assert_eq!(boolean(&blank), Ok(None));
        assert_eq!(text(&blank), None);
    }

    #[test]
    fn empty_cell_is_none_for_every_parser() {
        assert_eq!(money(&Cell::Empty), Ok(None));
        assert_eq!(integer(&Cell::Empty), Ok(None));
        assert_eq!(number(&Cell::Empty), Ok(None));
        assert_eq!(ratio(&Cell::Empty), Ok(None));
        assert_eq!(date(&Cell::Empty), Ok(None));
        assert_eq!(period(&Cell::Empty), Ok(None));
        assert_eq!(boolean(&Cell::Empty), Ok(None));
        assert_eq!(text(&Cell::Empty), None);
    }

    #[test]
    fn error_cell_is_error_for_every_parser() {
        let e = Cell::Error("#DIV/0!".to_string());
        assert_eq!(money(&e), Err(ValueError::ErrorCell));
        assert_eq!(integer(&e), Err(ValueError::ErrorCell));
        assert_eq!(number(&e), Err(ValueError::ErrorCell));
        assert_eq!(ratio(&e), Err(ValueError::ErrorCell));
        assert_eq!(date(&e), Err(ValueError::ErrorCell));
        assert_eq!(period(&e), Err(ValueError::ErrorCell));
        assert_eq!(boolean(&e), Err(ValueError::ErrorCell));
    }

    /// Odd inputs for the no-panic tests.
    fn odd_inputs() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            "-",
            "--1",
            "(",
            ")",
            "()",
            "(-)",
            ".",
            "..",
            ",",
            "1,",
            ",1",
            "1e308",
            "-1e308",
            "1e-308",
            "NaN",
            "inf",
            "-inf",
            "٣",
            "١٢٣",
            "😀",
            "1😀",
            "¥",
            "元",
            "万",
            "¥万元",
            "%",
            "-%",
            "Q",
            "2024Q",
            "Q3",
            "年",
            "年月日",
            "2024年第季度",
            "2024--07",
            "2024-",
            "-2024",
            "T",
            " T ",
            "2025-03-07T",
            "9:30",
            "ǅ",
            "\u{0}",
            "\u{10FFFF}",
            "１２３４５６",
            "0x10",
            "+1",
            "1_000",
            "99999999999999999999.5",
            "0.0000000000000000000000000000001",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.push("9".repeat(400));
        v.push(format!("-{}", "9".repeat(400)));
        v.push(format!("0.{}", "9".repeat(400)));
        v.push(format!("{}%", "9".repeat(400)));
        v.push(format!("{}万元", "9".repeat(30)));
        v.push(format!("{}年{}月", "9".repeat(40), "9".repeat(40)));
        v.push("2024".repeat(100));
        v
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        for s in odd_inputs() {
            let c = Cell::Text(s.clone());
            let _ = (money(&c), integer(&c), number(&c), ratio(&c));
            let _ = (date(&c), period(&c), boolean(&c), text(&c));
            let _ = (normalize(&s), s.parse::<Period>());
        }
    }

    #[test]
    fn nothing_panics_on_odd_numbers() {
        let numbers = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            -0.0,
            1e15,
            -1e15,
            1e16,
            2958466.0,
            -1.0,
            0.5,
            60.0,
            2024.1,
        ];
        for n in numbers {
            let c = Cell::Number(n);
            let _ = (money(&c), integer(&c), number(&c), ratio(&c));
            let _ = (date(&c), period(&c), boolean(&c), text(&c));
        }
    }

    #[test]
    fn huge_text_numbers_are_not_finite() {
        let c = Cell::Text("9".repeat(400));
        assert_eq!(money(&c), Err(ValueError::NotFinite));
        assert_eq!(integer(&c), Err(ValueError::NotFinite));
        assert_eq!(number(&c), Err(ValueError::NotFinite));
        assert_eq!(ratio(&c), Err(ValueError::NotFinite));
    }
}
