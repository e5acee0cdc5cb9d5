//! Date columns (joining date, activity date).
//!
//! A date reaches us as a real date cell, as an Excel serial number (a date
//! column formatted as General, or an xls export), or as text in one of the
//! many ways Chinese users write dates. Day-first and two-digit-year forms
//! (`7/3/2025`, `25-3-7`) are refused: they are ambiguous, and guessing wrong
//! silently moves an activity into another period.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// Day 0 of the Excel 1900 system for serials from 61 on. Excel counts a
/// 29 February 1900 that never existed, so earlier serials are off by one.
const EXCEL_EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");

/// Excel's fictitious 1900-02-29.
const FAKE_LEAP_DAY: f64 = 60.0;

/// The serial of 9999-12-31, the last date Excel can show.
const MAX_SERIAL: f64 = 2_958_465.0;

/// Years a partner record can plausibly refer to; anything else is a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Time formats allowed after a date; the time itself is ignored.
const TIME_FORMATS: [&str; 2] = ["%H:%M:%S%.f", "%H:%M"];

/// Reads a calendar day.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Date(dt) => in_years(dt.date()).map(Some),
        Cell::Number(n) => from_serial(*n).map(Some),
        Cell::Text(s) => with_text(s, date_text),
        Cell::Bool(_) => Err(ValueError::Unreadable),
    }
}

/// Converts an Excel 1900-system serial; the time of day is ignored.
fn from_serial(n: f64) -> Result<NaiveDate, ValueError> {
    let serial = literal::finite(n)?.floor();
    if !(1.0..=MAX_SERIAL).contains(&serial) || serial == FAKE_LEAP_DAY {
        return Err(ValueError::OutOfRange);
    }
    let days = if serial < FAKE_LEAP_DAY {
        serial + 1.0
    } else {
        serial
    };
    let date = EXCEL_EPOCH
        .checked_add_days(Days::new(days as u64))
        .ok_or(ValueError::OutOfRange)?;
    in_years(date)
}

/// Reads a date typed as text (already normalised).
pub(super) fn date_text(s: &str) -> Result<NaiveDate, ValueError> {
    if all_digits(s) {
        return compact(s);
    }
    let [y, m, d] = split_ymd(without_time(s)).ok_or(ValueError::Unreadable)?;
    ymd(y, m, d)
}

/// A date typed without separators: `20250307`, or a serial such as `45723`
/// that lost its date format on the way to CSV.
fn compact(s: &str) -> Result<NaiveDate, ValueError> {
    match (s.len(), s.get(..4), s.get(4..6), s.get(6..)) {
        (5, ..) => from_serial(s.parse::<u32>().map_err(|_| ValueError::Unreadable)?.into()),
        (8, Some(y), Some(m), Some(d)) => ymd(y, m, d),
        _ => Err(ValueError::Unreadable),
    }
}

/// The date part of `2025-03-07 09:30` or `2025-03-07T00:00:00`.
fn without_time(s: &str) -> &str {
    match s.rsplit_once([' ', 'T']) {
        Some((day, time)) if is_time(time) => day.trim_end(),
        _ => s,
    }
}

fn is_time(s: &str) -> bool {
    TIME_FORMATS
        .iter()
        .any(|f| NaiveTime::parse_from_str(s, f).is_ok())
}

/// Splits `2025-3-7`, `2025/3/7`, `2025.3.7` or `2025年3月7日` into its parts.
fn split_ymd(s: &str) -> Option<[&str; 3]> {
    if let Some((y, rest)) = s.split_once('年') {
        let (m, d) = rest.split_once('月')?;
        let d = d.strip_suffix(['日', '号']).unwrap_or(d);
        return Some([y.trim(), m.trim(), d.trim()]);
    }
    // One separator throughout: `2025-3/7` is more likely a typo than a date.
    let separator = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = s.split(separator);
    let ymd = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(ymd)
}

fn ymd(y: &str, m: &str, d: &str) -> Result<NaiveDate, ValueError> {
    let year = year(y)?;
    let (month, day) = (small(m)?, small(d)?);
    NaiveDate::from_ymd_opt(year, month.into(), day.into()).ok_or(ValueError::OutOfRange)
}

/// A four-digit year in 1900..=2200.
pub(super) fn year(s: &str) -> Result<i32, ValueError> {
    if s.len() != 4 || !all_digits(s) {
        return Err(ValueError::Unreadable);
    }
    let year = s.parse().map_err(|_| ValueError::Unreadable)?;
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(ValueError::OutOfRange)
    }
}

/// A month, day or quarter number: one or two digits.
pub(super) fn small(s: &str) -> Result<u8, ValueError> {
    if s.is_empty() || s.len() > 2 || !all_digits(s) {
        return Err(ValueError::Unreadable);
    }
    s.parse().map_err(|_| ValueError::Unreadable)
}

/// Rejects dates outside the plausible years, e.g. a time-only cell that
/// Excel stores as 1899-12-30.
pub(super) fn in_years(d: NaiveDate) -> Result<NaiveDate, ValueError> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(ValueError::OutOfRange)
    }
}

pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn ok(y: i32, m: u32, d: u32) -> Result<Option<NaiveDate>, ValueError> {
        Ok(Some(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn date_cells() {
        let dt = NaiveDate::from_ymd_opt(2025, 3, 7)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        assert_eq!(date(&Cell::Date(dt)), ok(2025, 3, 7));
        let time_only = NaiveDate::from_ymd_opt(1899, 12, 30)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        assert_eq!(date(&Cell::Date(time_only)), Err(ValueError::OutOfRange));
    }

    #[test]
    fn serials() {
        assert_eq!(date(&Cell::Number(1.0)), ok(1900, 1, 1));
        assert_eq!(date(&Cell::Number(59.0)), ok(1900, 2, 28));
        assert_eq!(date(&Cell::Number(60.0)), Err(ValueError::OutOfRange));
        assert_eq!(date(&Cell::Number(61.0)), ok(1900, 3, 1));
        assert_eq!(date(&Cell::Number(45658.0)), ok(2025, 1, 1));
        assert_eq!(date(&Cell::Number(45723.0)), ok(2025, 3, 7));
        assert_eq!(date(&Cell::Number(45723.75)), ok(2025, 3, 7));
        assert_eq!(date(&Cell::Number(0.5)), Err(ValueError::OutOfRange));
        assert_eq!(date(&Cell::Number(-1.0)), Err(ValueError::OutOfRange));
        assert_eq!(
            date(&Cell::Number(2_958_466.0)),
            Err(ValueError::OutOfRange)
        );
        // 9999-12-31 is a valid serial but not a plausible year.
        assert_eq!(
            date(&Cell::Number(2_958_465.0)),
            Err(ValueError::OutOfRange)
        );
        assert_eq!(date(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(date(&Cell::Number(1e300)), Err(ValueError::NotFinite));
    }

    #[test]
    fn text_forms() {
        for s in [
            "2025-03-07",
            "2025-3-7",
            "2025/3/7",
            "2025.3.7",
            "2025年3月7日",
            "2025年03月07日",
            "2025年3月7号",
            "2025年3月7",
            "2025 年 3 月 7 日",
            "20250307",
            "2025-03-07 00:00:00",
            "2025-03-07 00:00:00.000",
            "2025-03-07T00:00:00",
            "2025/3/7 9:30",
            "2025年3月7日 9:30",
            "２０２５－０３－０７",
            "２０２５年３月７日",
            "45723",
        ] {
            assert_eq!(date(&t(s)), ok(2025, 3, 7), "{s}");
        }
    }

    #[test]
    fn impossible_dates() {
        for s in [
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "2025-1-0",
            "20251301",
            "1899-12-31",
            "2201-01-01",
            "2025年2月29日",
            "00060",
        ] {
            assert_eq!(date(&t(s)), Err(ValueError::OutOfRange), "{s}");
        }
        assert_eq!(date(&t("2024-02-29")), ok(2024, 2, 29));
    }

    #[test]
    fn unreadable() {
        for s in [
            "7/3/2025",
            "25-3-7",
            "2025-3/7",
            "2025-03",
            "2025",
            "2025-03-07 garbage",
            "2025-03-07 25:00",
            "2025-03-07T",
            "2025-03-07-01",
            "2025年3月",
            "三月七日",
            "Mar 7, 2025",
            "202503071",
            "123",
            "٢٠٢٥-٣-٧",
            "2025-3-7日",
            "2025-003-07",
        ] {
            assert_eq!(date(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
        assert_eq!(date(&Cell::Bool(true)), Err(ValueError::Unreadable));
    }
}
