//! Count and measurement columns: people served, activities held, hours,
//! floor areas.
//!
//! Staff often type the unit into the cell (`30人`, `2.5小时`, `120㎡`); a
//! known unit word after the number is accepted, anything else is refused.

use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// Unit words allowed after a count; longer ones first (`人次` before `人`).
const COUNT_UNITS: [&str; 8] = ["人次", "人", "次", "个", "场", "户", "名", "位"];

/// Unit words allowed after an hour or area figure.
const MEASURE_UNITS: [&str; 8] = ["小时", "平方米", "平米", "㎡", "m²", "m2", "h", "H"];

/// Reads a whole number such as a head count.
pub fn integer(cell: &Cell) -> Result<Option<i64>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Number(n) => whole_float(*n).map(Some),
        Cell::Text(s) => with_text(s, integer_text),
        Cell::Bool(_) | Cell::Date(_) => Err(ValueError::Unreadable),
    }
}

/// Reads a measurement such as hours or square metres.
pub fn number(cell: &Cell) -> Result<Option<f64>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Number(n) => literal::finite(*n).map(Some),
        Cell::Text(s) => with_text(s, |s| {
            literal::float(literal::strip_unit(s, &MEASURE_UNITS))
        }),
        Cell::Bool(_) | Cell::Date(_) => Err(ValueError::Unreadable),
    }
}

fn whole_float(n: f64) -> Result<i64, ValueError> {
    let n = literal::finite(n)?;
    if n.fract() == 0.0 {
        // Exact: finite() bounds the magnitude to 1e15.
        Ok(n as i64)
    } else {
        Err(ValueError::NotWhole)
    }
}

fn integer_text(s: &str) -> Result<i64, ValueError> {
    let s = literal::strip_unit(s, &COUNT_UNITS);
    // Plain digits, the usual count: 15 of them stay below the 1e15 bound.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| ValueError::Unreadable);
    }
    // Parsed as a decimal so that "30.0" is whole and "2.5" is not, exactly.
    let d = literal::decimal(s)?;
    if !d.fract().is_zero() {
        return Err(ValueError::NotWhole);
    }
    i64::try_from(d).map_err(|_| ValueError::NotFinite)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn integers() {
        assert_eq!(integer(&Cell::Number(30.0)), Ok(Some(30)));
        assert_eq!(integer(&Cell::Number(-3.0)), Ok(Some(-3)));
        for s in [
            "30", "030", "３０", "30.0", "30人", "30人次", "30 次", "30个", "30场", "30户",
        ] {
            assert_eq!(integer(&t(s)), Ok(Some(30)), "{s}");
        }
        assert_eq!(integer(&t("30名")), Ok(Some(30)));
        assert_eq!(integer(&t("30位")), Ok(Some(30)));
        assert_eq!(integer(&t("1,200")), Ok(Some(1200)));
        assert_eq!(integer(&t("１，２００人")), Ok(Some(1200)));
    }

    #[test]
    fn integer_rejections() {
        assert_eq!(integer(&Cell::Number(2.5)), Err(ValueError::NotWhole));
        assert_eq!(integer(&t("2.5")), Err(ValueError::NotWhole));
        assert_eq!(integer(&t("2.5人")), Err(ValueError::NotWhole));
        assert_eq!(integer(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(integer(&Cell::Number(1e16)), Err(ValueError::NotFinite));
        assert_eq!(integer(&t(&"9".repeat(400))), Err(ValueError::NotFinite));
        for s in ["约30", "三十", "30人左右", "30 人 次", "30元", "1e3", "人"] {
            assert_eq!(integer(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
        assert_eq!(integer(&Cell::Bool(true)), Err(ValueError::Unreadable));
    }

    #[test]
    fn numbers() {
        assert_eq!(number(&Cell::Number(2.0)), Ok(Some(2.0)));
        assert_eq!(number(&Cell::Number(2.5)), Ok(Some(2.5)));
        assert_eq!(number(&t("2.5")), Ok(Some(2.5)));
        assert_eq!(number(&t("2.5小时")), Ok(Some(2.5)));
        assert_eq!(number(&t("2.5h")), Ok(Some(2.5)));
        assert_eq!(number(&t("2.5 H")), Ok(Some(2.5)));
        assert_eq!(number(&t("120㎡")), Ok(Some(120.0)));
        assert_eq!(number(&t("120 m²")), Ok(Some(120.0)));
        assert_eq!(number(&t("120m2")), Ok(Some(120.0)));
        assert_eq!(number(&t("120平方米")), Ok(Some(120.0)));
        assert_eq!(number(&t("120平米")), Ok(Some(120.0)));
        assert_eq!(number(&t("1,200.5")), Ok(Some(1200.5)));
        assert_eq!(number(&t("１２０．５")), Ok(Some(120.5)));
        assert_eq!(number(&t("-1.5")), Ok(Some(-1.5)));
    }

    #[test]
    fn number_rejections() {
        assert_eq!(number(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(
            number(&Cell::Number(f64::NEG_INFINITY)),
            Err(ValueError::NotFinite)
        );
        assert_eq!(number(&Cell::Number(1.5e15)), Err(ValueError::NotFinite));
        assert_eq!(number(&t("inf")), Err(ValueError::NotFinite));
        assert_eq!(number(&t(&"9".repeat(400))), Err(ValueError::NotFinite));
        for s in ["约2小时", "两小时", "2.5天", "1e308", "h", "2.5.1", "٣"] {
            assert_eq!(number(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
    }
}
