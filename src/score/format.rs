//! Numbers as people read them in a report: 75.0%, 0.62, 1.35‰, ¥1,200.00.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::indicators::Unit;

/// Rounds half away from zero (四舍五入) to `dp` places.
pub fn round(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A value in its unit; `—` when there is none.
pub fn value(v: Option<Decimal>, unit: Unit) -> String {
    let Some(x) = v else { return "—".into() };
    match unit {
        Unit::Percent => format!("{:.1}%", round(x * Decimal::ONE_HUNDRED, 1)),
        Unit::Ratio => format!("{:.2}", round(x, 2)),
        Unit::PerMille => format!("{:.2}‰", round(x, 2)),
        Unit::Count => format!("{}", round(x, 0)),
        Unit::Money => money(x),
        Unit::Number | Unit::WorseOf => format!("{:.2}", round(x, 2)),
    }
}

/// ¥ with thousands separators and two decimals.
pub fn money(x: Decimal) -> String {
    let s = format!("{:.2}", round(x.abs(), 2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x.is_sign_negative() && !x.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}¥{grouped}.{frac}")
}

/// Points with two decimals.
pub fn points(x: Decimal) -> String {
    format!("{:.2}", round(x, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn values_read_as_in_a_report() {
        assert_eq!(value(Some(d("0.75")), Unit::Percent), "75.0%");
        assert_eq!(value(Some(d("0.3333")), Unit::Percent), "33.3%");
        assert_eq!(value(Some(d("0.625")), Unit::Ratio), "0.63");
        assert_eq!(value(None, Unit::Ratio), "—");
        assert_eq!(money(d("1234567.5")), "¥1,234,567.50");
        assert_eq!(money(d("-12")), "-¥12.00");
        assert_eq!(points(d("6.125")), "6.13");
    }
}
