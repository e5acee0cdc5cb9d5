//! Percentage columns (satisfaction, attendance, completion), read as an exact
//! fraction in `[0, 1]`.
//!
//! The same 20% arrives as `20%`, `0.2` (a cell formatted as percent) or a
//! bare `20`. A bare number above 1 can only sensibly be a percent, so it is
//! read as one; this makes `1` mean 100%, and `1.5` mean 1.5%.

use rust_decimal::Decimal;

use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// Reads a percentage as a fraction between 0 and 1.
pub fn ratio(cell: &Cell) -> Result<Option<Decimal>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Number(n) => bare(literal::decimal_from_f64(*n)?).map(Some),
        Cell::Text(s) => with_text(s, ratio_text),
        Cell::Bool(_) | Cell::Date(_) => Err(ValueError::Unreadable),
    }
}

fn ratio_text(s: &str) -> Result<Decimal, ValueError> {
    match s.strip_suffix('%') {
        Some(pct) => in_range(percent(literal::decimal(pct.trim_end())?)?),
        None => bare(literal::decimal(s)?),
    }
}

/// A number without `%`: a fraction up to 1, a percent above that.
fn bare(d: Decimal) -> Result<Decimal, ValueError> {
    if d > Decimal::ONE {
        in_range(percent(d)?)
    } else {
        in_range(d)
    }
}

fn percent(d: Decimal) -> Result<Decimal, ValueError> {
    d.checked_div(Decimal::ONE_HUNDRED)
        .ok_or(ValueError::NotFinite)
}

fn in_range(d: Decimal) -> Result<Decimal, ValueError> {
    if d < Decimal::ZERO || d > Decimal::ONE {
        Err(ValueError::OutOfRange)
    } else {
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn ok(s: &str) -> Result<Option<Decimal>, ValueError> {
        Ok(Some(Decimal::from_str(s).unwrap()))
    }

    #[test]
    fn percent_text() {
        assert_eq!(ratio(&t("20%")), ok("0.2"));
        assert_eq!(ratio(&t("20 %")), ok("0.2"));
        assert_eq!(ratio(&t("２０％")), ok("0.2"));
        assert_eq!(ratio(&t("12.5%")), ok("0.125"));
        assert_eq!(ratio(&t("100%")), ok("1"));
        assert_eq!(ratio(&t("0%")), ok("0"));
        assert_eq!(ratio(&t("0.5%")), ok("0.005"));
    }

    #[test]
    fn bare_text() {
        assert_eq!(ratio(&t("0.2")), ok("0.2"));
        assert_eq!(ratio(&t("20")), ok("0.2"));
        assert_eq!(ratio(&t("1")), ok("1"));
        assert_eq!(ratio(&t("0")), ok("0"));
        assert_eq!(ratio(&t("1.5")), ok("0.015"));
    }

    #[test]
    fn numbers_are_exact() {
        assert_eq!(ratio(&Cell::Number(0.2)), ok("0.2"));
        assert_eq!(ratio(&Cell::Number(0.15)), ok("0.15"));
        assert_eq!(ratio(&Cell::Number(20.0)), ok("0.2"));
        assert_eq!(ratio(&Cell::Number(1.0)), ok("1"));
        assert_eq!(ratio(&Cell::Number(0.0)), ok("0"));
        assert_eq!(ratio(&Cell::Number(100.0)), ok("1"));
    }

    #[test]
    fn out_of_range() {
        assert_eq!(ratio(&t("150%")), Err(ValueError::OutOfRange));
        assert_eq!(ratio(&t("-5%")), Err(ValueError::OutOfRange));
        assert_eq!(ratio(&t("-0.2")), Err(ValueError::OutOfRange));
        assert_eq!(ratio(&t("-20")), Err(ValueError::OutOfRange));
        assert_eq!(ratio(&Cell::Number(150.0)), Err(ValueError::OutOfRange));
        assert_eq!(ratio(&Cell::Number(-0.1)), Err(ValueError::OutOfRange));
    }

    #[test]
    fn rejections() {
        assert_eq!(ratio(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(ratio(&Cell::Number(1e300)), Err(ValueError::NotFinite));
        assert_eq!(
            ratio(&t(&format!("{}%", "9".repeat(400)))),
            Err(ValueError::NotFinite)
        );
        for s in ["约20%", "二成", "20%%", "%", "20‰", "1e2%", "%20"] {
            assert_eq!(ratio(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
        assert_eq!(ratio(&Cell::Bool(true)), Err(ValueError::Unreadable));
    }
}
