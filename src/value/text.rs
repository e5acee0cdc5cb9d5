//! Free-text columns (names, addresses, ids).
//!
//! Names must be kept exactly as typed, so unlike the typed parsers this does
//! not fold full-width characters; it only trims. Numbers typed into a text
//! column (an id like 1001) must not come back as `"1001.0"`.

use crate::ingest::cell::Cell;

/// The cell as trimmed text, or `None` when it is blank.
///
/// Numbers lose a spurious `.0`, booleans read `true`/`false`, dates read
/// `YYYY-MM-DD` (with the time when it is not midnight). An error cell is
/// `None`: `#N/A` is never a name, and the caller reports a missing value.
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty | Cell::Error(_) => None,
        Cell::Text(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        }
        Cell::Number(_) | Cell::Bool(_) | Cell::Date(_) => Some(cell.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn text_is_trimmed_but_kept_as_typed() {
        assert_eq!(text(&t("  张 三 ")), Some("张 三".to_string()));
        assert_eq!(text(&t("\u{3000}李四\u{3000}")), Some("李四".to_string()));
        assert_eq!(text(&t("ＡＢＣ（一）")), Some("ＡＢＣ（一）".to_string()));
        assert_eq!(text(&t("\u{a0}")), None);
        assert_eq!(text(&t("")), None);
    }

    #[test]
    fn numbers_have_no_spurious_fraction() {
        assert_eq!(text(&Cell::Number(30.0)), Some("30".to_string()));
        assert_eq!(text(&Cell::Number(1001.0)), Some("1001".to_string()));
        assert_eq!(text(&Cell::Number(1.5)), Some("1.5".to_string()));
        assert_eq!(text(&Cell::Number(-2.0)), Some("-2".to_string()));
    }

    #[test]
    fn bool_and_date() {
        assert_eq!(text(&Cell::Bool(true)), Some("true".to_string()));
        assert_eq!(text(&Cell::Bool(false)), Some("false".to_string()));
        let day = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        let midnight = day.and_hms_opt(0, 0, 0).unwrap();
        let morning = day.and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(text(&Cell::Date(midnight)), Some("2025-03-07".to_string()));
        assert_eq!(
            text(&Cell::Date(morning)),
            Some("2025-03-07 09:30:00".to_string())
        );
    }

    #[test]
    fn empty_and_error_are_none() {
        assert_eq!(text(&Cell::Empty), None);
        assert_eq!(text(&Cell::Error("#N/A".to_string())), None);
    }
}
