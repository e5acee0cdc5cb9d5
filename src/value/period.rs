//! Reporting periods (a year, quarter or month) that partner figures belong to.
//!
//! Evaluations compare a partner's figures per period, so the period column
//! must be read exactly. People write `2024Q3`, `2024年第三季度`, `2024-07`,
//! `2024年7月` and so on, and Excel often turns a typed `2024-07` into a date;
//! all of these are folded into one [`Period`].

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

use super::date::{all_digits, date_text, in_years, small, year};
use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// A reporting period. Ordered by kind first (years, then quarters, then
/// months), then chronologically.
///
/// The parsers only build valid periods. A hand-built one with an impossible
/// quarter or month is clamped into range by the date methods rather than
/// panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A calendar quarter, 1..=4.
    Quarter(i32, u8),
    /// A calendar month, 1..=12.
    Month(i32, u8),
}

impl Period {
    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        let (year, month) = self.first_month();
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The last day of the period, inclusive.
    pub fn end(&self) -> NaiveDate {
        self.start()
            .checked_add_months(Months::new(self.months()))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// How many months the period spans: 12, 3 or 1.
    pub fn months(&self) -> u32 {
        match self {
            Period::Year(_) => 12,
            Period::Quarter(..) => 3,
            Period::Month(..) => 1,
        }
    }

    /// Whether `d` falls within the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    fn first_month(&self) -> (i32, u32) {
        match *self {
            Period::Year(y) => (y, 1),
            Period::Quarter(y, q) => (y, u32::from(q.clamp(1, 4)) * 3 - 2),
            Period::Month(y, m) => (y, u32::from(m.clamp(1, 12))),
        }
    }
}

/// `2024`, `2024Q3` or `2024-07`: short, sortable, and accepted back by
/// [`FromStr`].
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

/// Serialised as its display string so reports and JSON show `2024Q3`.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses text the way [`period`] parses a text cell; blank text is
/// `Unreadable`.
impl FromStr for Period {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        with_text(s, period_text)?.ok_or(ValueError::Unreadable)
    }
}

/// Reads a reporting period.
///
/// A date cell becomes the month containing it, because Excel turns a typed
/// `2024-07` into 2024-07-01.
pub fn period(cell: &Cell) -> Result<Option<Period>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Date(dt) => month_of(dt.date()).map(Some),
        Cell::Number(n) => number_period(*n).map(Some),
        Cell::Text(s) => with_text(s, period_text),
        Cell::Bool(_) => Err(ValueError::Unreadable),
    }
}

/// A numeric cell: `2024`, `202407`, or `2024.7` that Excel stored as a number.
///
/// `2024.10` is stored as 2024.1 and cannot be told from January, so a
/// fraction of `.1` is refused.
fn number_period(n: f64) -> Result<Period, ValueError> {
    let shown = literal::finite(n)?.to_string();
    if shown.ends_with(".1") {
        return Err(ValueError::Unreadable);
    }
    period_text(&shown)
}

/// Parses normalised period text.
fn period_text(s: &str) -> Result<Period, ValueError> {
    if all_digits(s) {
        return compact(s);
    }
    if let Some((y, q)) = s.split_once(['Q', 'q']) {
        let y = y.trim_end();
        return quarter(
            year(y.strip_suffix(['-', '年']).unwrap_or(y).trim_end())?,
            q.trim(),
        );
    }
    if let Some((y, rest)) = s.split_once('年') {
        return chinese(s, year(y.trim())?, rest.trim());
    }
    let mut parts = s.split(['-', '/', '.']);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), None) => month(year(y.trim())?, m.trim()),
        (Some(_), Some(_), Some(_)) => month_of(date_text(s)?),
        _ => Err(ValueError::Unreadable),
    }
}

/// `2024`, `202407`, or a full `20240715` date.
fn compact(s: &str) -> Result<Period, ValueError> {
    match (s.len(), s.get(..4), s.get(4..)) {
        (4, ..) => Ok(Period::Year(year(s)?)),
        (6, Some(y), Some(m)) => month(year(y)?, m),
        (8, ..) => month_of(date_text(s)?),
        _ => Err(ValueError::Unreadable),
    }
}

/// The part after `年`: nothing, `度`, `第三季度`, `3季度`, `3季`, `7月`, or a
/// full date.
fn chinese(s: &str, y: i32, rest: &str) -> Result<Period, ValueError> {
    if rest.is_empty() || rest == "度" {
        Ok(Period::Year(y))
    } else if let Some(q) = rest
        .strip_suffix("季度")
        .or_else(|| rest.strip_suffix('季'))
    {
        quarter(y, q.strip_prefix('第').unwrap_or(q).trim())
    } else if let Some(m) = rest.strip_suffix('月') {
        month(y, m.trim())
    } else {
        month_of(date_text(s)?)
    }
}

fn quarter(y: i32, q: &str) -> Result<Period, ValueError> {
    let q = match q {
        "一" => 1,
        "二" => 2,
        "三" => 3,
        "四" => 4,
        _ => small(q)?,
    };
    if (1..=4).contains(&q) {
        Ok(Period::Quarter(y, q))
    } else {
        Err(ValueError::OutOfRange)
    }
}

fn month(y: i32, m: &str) -> Result<Period, ValueError> {
    let m = small(m)?;
    if (1..=12).contains(&m) {
        Ok(Period::Month(y, m))
    } else {
        Err(ValueError::OutOfRange)
    }
}

fn month_of(d: NaiveDate) -> Result<Period, ValueError> {
    let d = in_years(d)?;
    // A month number always fits in a u8.
    Ok(Period::Month(d.year(), d.month() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn years() {
        assert_eq!(period(&Cell::Number(2024.0)), Ok(Some(Period::Year(2024))));
        for s in ["2024", "2024年", "2024 年", "2024年度", "２０２４年"] {
            assert_eq!(period(&t(s)), Ok(Some(Period::Year(2024))), "{s}");
        }
    }

    #[test]
    fn quarters() {
        for s in [
            "2024Q3",
            "2024 Q3",
            "2024q3",
            "2024-Q3",
            "2024年Q3",
            "2024年第3季度",
            "2024年第三季度",
            "2024年三季度",
            "2024年3季度",
            "2024年第3季",
            "２０２４Ｑ３",
        ] {
            assert_eq!(period(&t(s)), Ok(Some(Period::Quarter(2024, 3))), "{s}");
        }
        assert_eq!(
            period(&t("2024年第一季度")),
            Ok(Some(Period::Quarter(2024, 1)))
        );
        assert_eq!(
            period(&t("2024年四季度")),
            Ok(Some(Period::Quarter(2024, 4)))
        );
    }

    #[test]
    fn months() {
        for s in [
            "2024-07",
            "2024/07",
            "2024.7",
            "2024-7",
            "2024年7月",
            "2024年07月",
            "202407",
            "２０２４－０７",
        ] {
            assert_eq!(period(&t(s)), Ok(Some(Period::Month(2024, 7))), "{s}");
        }
        assert_eq!(period(&t("2024.10")), Ok(Some(Period::Month(2024, 10))));
    }

    #[test]
    fn dates_become_their_month() {
        let dt = day(2024, 7, 1).and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(period(&Cell::Date(dt)), Ok(Some(Period::Month(2024, 7))));
        for s in [
            "2024-07-15",
            "2024/7/15",
            "2024年7月15日",
            "20240715",
            "2024-07-01 00:00:00",
        ] {
            assert_eq!(period(&t(s)), Ok(Some(Period::Month(2024, 7))), "{s}");
        }
    }

    #[test]
    fn numbers_that_were_typed_as_months() {
        assert_eq!(
            period(&Cell::Number(202407.0)),
            Ok(Some(Period::Month(2024, 7)))
        );
        assert_eq!(
            period(&Cell::Number(2024.7)),
            Ok(Some(Period::Month(2024, 7)))
        );
        assert_eq!(
            period(&Cell::Number(2024.12)),
            Ok(Some(Period::Month(2024, 12)))
        );
        // 2024.10 and 2024.1 are the same number.
        assert_eq!(period(&Cell::Number(2024.1)), Err(ValueError::Unreadable));
        assert_eq!(period(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(period(&Cell::Number(-2024.0)), Err(ValueError::Unreadable));
    }

    #[test]
    fn out_of_range() {
        for s in [
            "2024Q5",
            "2024Q0",
            "2024年第五季度".replace('五', "5").as_str(),
            "2024-13",
            "2024-00",
            "202413",
            "2024年13月",
            "1899",
            "2201年",
            "2201Q1",
            "2024-02-30",
        ] {
            assert_eq!(period(&t(s)), Err(ValueError::OutOfRange), "{s}");
        }
        let dt = day(1899, 12, 30).and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(period(&Cell::Date(dt)), Err(ValueError::OutOfRange));
    }

    #[test]
    fn unreadable() {
        for s in [
            "24Q3",
            "Q3",
            "2024Q",
            "2024Q3Q",
            "2024H1",
            "2024年第五季度",
            "2024年夏天",
            "七月",
            "2024-7-",
            "20247",
            "2024-Q",
            "July 2024",
            "2024-07-15-01",
        ] {
            assert_eq!(period(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
        assert_eq!(period(&Cell::Bool(true)), Err(ValueError::Unreadable));
    }

    #[test]
    fn bounds() {
        assert_eq!(Period::Year(2024).start(), day(2024, 1, 1));
        assert_eq!(Period::Year(2024).end(), day(2024, 12, 31));
        assert_eq!(Period::Quarter(2024, 1).start(), day(2024, 1, 1));
        assert_eq!(Period::Quarter(2024, 1).end(), day(2024, 3, 31));
        assert_eq!(Period::Quarter(2024, 3).start(), day(2024, 7, 1));
        assert_eq!(Period::Quarter(2024, 3).end(), day(2024, 9, 30));
        assert_eq!(Period::Quarter(2024, 4).end(), day(2024, 12, 31));
        assert_eq!(Period::Month(2024, 2).end(), day(2024, 2, 29));
        assert_eq!(Period::Month(2025, 2).end(), day(2025, 2, 28));
        assert_eq!(Period::Month(2024, 12).end(), day(2024, 12, 31));
        assert_eq!(Period::Year(2024).months(), 12);
        assert_eq!(Period::Quarter(2024, 3).months(), 3);
        assert_eq!(Period::Month(2024, 7).months(), 1);
    }

    #[test]
    fn contains() {
        let q3 = Period::Quarter(2024, 3);
        assert!(q3.contains(day(2024, 7, 1)));
        assert!(q3.contains(day(2024, 9, 30)));
        assert!(!q3.contains(day(2024, 6, 30)));
        assert!(!q3.contains(day(2024, 10, 1)));
        assert!(Period::Year(2024).contains(day(2024, 12, 31)));
        assert!(!Period::Month(2024, 7).contains(day(2024, 8, 1)));
    }

    #[test]
    fn hand_built_nonsense_does_not_panic() {
        for p in [
            Period::Quarter(2024, 0),
            Period::Quarter(2024, 255),
            Period::Month(2024, 0),
            Period::Month(2024, 13),
            Period::Year(i32::MAX),
            Period::Year(i32::MIN),
            Period::Month(i32::MAX, 12),
        ] {
            let _ = (
                p.start(),
                p.end(),
                p.contains(day(2024, 1, 1)),
                p.to_string(),
            );
        }
        assert_eq!(Period::Month(2024, 13).start(), day(2024, 12, 1));
    }

    #[test]
    fn display_and_from_str_round_trip() {
        for (p, s) in [
            (Period::Year(2024), "2024"),
            (Period::Quarter(2024, 3), "2024Q3"),
            (Period::Month(2024, 7), "2024-07"),
        ] {
            assert_eq!(p.to_string(), s);
            assert_eq!(s.parse::<Period>(), Ok(p));
        }
        assert_eq!(
            " 2024年第三季度 ".parse::<Period>(),
            Ok(Period::Quarter(2024, 3))
        );
        assert_eq!("".parse::<Period>(), Err(ValueError::Unreadable));
        assert_eq!("2024Q9".parse::<Period>(), Err(ValueError::OutOfRange));
    }

    #[test]
    fn serializes_as_display_string() {
        let json = serde_json::to_string(&[
            Period::Year(2024),
            Period::Quarter(2024, 3),
            Period::Month(2024, 7),
        ]);
        assert_eq!(json.unwrap(), r#"["2024","2024Q3","2024-07"]"#);
    }

    #[test]
    fn ordering() {
        assert!(Period::Month(2024, 7) < Period::Month(2024, 8));
        assert!(Period::Quarter(2024, 4) < Period::Quarter(2025, 1));
    }
}
