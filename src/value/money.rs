//! Money columns (grants, income, fees), kept as exact decimals.
//!
//! Amounts are summed and compared against thresholds, so binary floating
//! point would make `0.1 + 0.2` miss a limit. People decorate amounts with
//! currency marks, `元`, `万`, thousands separators and accounting brackets;
//! all of these are stripped, anything else is refused.

use rust_decimal::Decimal;

use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// Currency marks that may precede the amount, matched ignoring ASCII case.
const CURRENCIES: [&str; 5] = ["人民币", "RMB", "CNY", "¥", "￥"];

/// Unit suffixes and what they multiply by; `万元` before `元` and `万`.
const UNITS: [(&str, i64); 3] = [("万元", 10_000), ("元", 1), ("万", 10_000)];

/// Reads an amount of money exactly, keeping the scale as typed.
///
/// Negative amounts (`-100`, `(100)`) are returned negative; whether they
/// are allowed is the caller's decision.
pub fn money(cell: &Cell) -> Result<Option<Decimal>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Number(n) => literal::decimal_from_f64(*n).map(Some),
        Cell::Text(s) => with_text(s, money_text),
        Cell::Bool(_) | Cell::Date(_) => Err(ValueError::Unreadable),
    }
}

fn money_text(s: &str) -> Result<Decimal, ValueError> {
    let (negative, s) = outer_sign(s);
    let (s, factor) = strip_unit(strip_currency(s));
    // A second sign inside (`--1`, `(-100)`) is a typo, not a double negation.
    if negative && s.starts_with('-') {
        return Err(ValueError::Unreadable);
    }
    let amount = literal::decimal(s)?;
    let amount = match factor {
        1 => amount,
        // 1.2万 is 12000, not 12000.0.
        _ => amount
            .checked_mul(Decimal::from(factor))
            .ok_or(ValueError::NotFinite)?
            .normalize(),
    };
    literal::bounded(if negative { -amount } else { amount })
}

/// Splits off accounting brackets `(100)` or a minus sign before a currency
/// mark (`-¥100`).
fn outer_sign(s: &str) -> (bool, &str) {
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return (true, inner.trim());
    }
    match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    }
}

fn strip_currency(s: &str) -> &str {
    CURRENCIES
        .iter()
        .find_map(|mark| strip_prefix_ignore_case(s, mark))
        .map_or(s, str::trim_start)
}

/// `str::strip_prefix` ignoring ASCII case, so `rmb` and `Rmb` match `RMB`.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn strip_unit(s: &str) -> (&str, i64) {
    UNITS
        .iter()
        .find_map(|&(unit, factor)| Some((s.strip_suffix(unit)?.trim_end(), factor)))
        .unwrap_or((s, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ok(s: &str) -> Result<Option<Decimal>, ValueError> {
        Ok(Some(dec(s)))
    }

    #[test]
    fn plain_and_separated() {
        assert_eq!(money(&t("1234")), ok("1234"));
        assert_eq!(money(&t("1,234.50")), ok("1234.50"));
        assert_eq!(money(&t("1，234.5")), ok("1234.5"));
        assert_eq!(money(&t("1 234")), ok("1234"));
        assert_eq!(money(&t("１２３４")), ok("1234"));
        assert_eq!(money(&t("１，２３４．５")), ok("1234.5"));
    }

    #[test]
    fn currency_marks_and_units() {
        assert_eq!(money(&t("¥1,234")), ok("1234"));
        assert_eq!(money(&t("¥1,234.50")), ok("1234.50"));
        assert_eq!(money(&t("￥1234")), ok("1234"));
        assert_eq!(money(&t("1234元")), ok("1234"));
        assert_eq!(money(&t("1234.00 元")), ok("1234.00"));
        assert_eq!(money(&t("RMB 1234")), ok("1234"));
        assert_eq!(money(&t("rmb1234")), ok("1234"));
        assert_eq!(money(&t("CNY1234")), ok("1234"));
        assert_eq!(money(&t("人民币1234元")), ok("1234"));
        assert_eq!(money(&t("￥ 1,234.00 元")), ok("1234.00"));
    }

    #[test]
    fn wan() {
        assert_eq!(money(&t("1.2万")), ok("12000"));
        assert_eq!(money(&t("1.2万元")), ok("12000"));
        assert_eq!(money(&t("0.35 万元")), ok("3500"));
        assert_eq!(money(&t("1.2万")).unwrap().unwrap().to_string(), "12000");
        assert_eq!(money(&t("100000000000万")), ok("1000000000000000"));
        assert_eq!(money(&t("100000000001万")), Err(ValueError::NotFinite));
    }

    #[test]
    fn scale_is_kept_as_typed() {
        assert_eq!(
            money(&t("1234.50")).unwrap().unwrap().to_string(),
            "1234.50"
        );
        assert_eq!(money(&t("12")).unwrap().unwrap().to_string(), "12");
    }

    #[test]
    fn negatives() {
        assert_eq!(money(&t("-100")), ok("-100"));
        assert_eq!(money(&t("(100)")), ok("-100"));
        assert_eq!(money(&t("（100）")), ok("-100"));
        assert_eq!(money(&t("(¥1,000.00)")), ok("-1000.00"));
        assert_eq!(money(&t("-¥100")), ok("-100"));
        assert_eq!(money(&t("¥-100")), ok("-100"));
        assert_eq!(money(&t("--1")), Err(ValueError::Unreadable));
        assert_eq!(money(&t("(-100)")), Err(ValueError::Unreadable));
        assert_eq!(money(&t("-(100)")), Err(ValueError::Unreadable));
    }

    #[test]
    fn numbers_are_exact() {
        assert_eq!(money(&Cell::Number(0.1)), ok("0.1"));
        assert_eq!(money(&Cell::Number(1234.5)), ok("1234.5"));
        assert_eq!(money(&Cell::Number(-20.0)), ok("-20"));
        assert_eq!(money(&Cell::Number(1e15)), ok("1000000000000000"));
    }

    #[test]
    fn not_finite() {
        assert_eq!(money(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
        assert_eq!(
            money(&Cell::Number(f64::INFINITY)),
            Err(ValueError::NotFinite)
        );
        assert_eq!(money(&Cell::Number(2e15)), Err(ValueError::NotFinite));
        assert_eq!(money(&t("NaN")), Err(ValueError::NotFinite));
        assert_eq!(money(&t("9999999999999999")), Err(ValueError::NotFinite));
        assert_eq!(money(&t(&"9".repeat(400))), Err(ValueError::NotFinite));
    }

    #[test]
    fn unreadable() {
        for s in [
            "约300",
            "三百",
            "12.3.4",
            "300左右",
            "¥",
            "元",
            "万元",
            "1e3",
            "USD 100",
            "١٢٣",
            "😀",
            "100$",
            "1.2千",
        ] {
            assert_eq!(money(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
        assert_eq!(money(&Cell::Bool(true)), Err(ValueError::Unreadable));
    }
}
