//! The decimal-number grammar shared by the money, count, measure and ratio
//! parsers.
//!
//! Only plain positional notation is accepted: an optional `-`, digits with
//! `,` or space thousands separators, and at most one decimal point. Exponents
//! (`1e5`), non-ASCII digits and stray letters are rejected, because in a
//! hand-typed sheet they are far more often a typo than a number.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::ValueError;

/// Largest magnitude any number may have; beyond this it is a typo or garbage.
const LIMIT: f64 = 1e15;

/// Words that spreadsheet exports use for non-finite numbers.
const NON_FINITE_WORDS: [&str; 3] = ["nan", "inf", "infinity"];

/// Rejects NaN, infinities and magnitudes above 1e15.
pub(super) fn finite(n: f64) -> Result<f64, ValueError> {
    if n.is_finite() && n.abs() <= LIMIT {
        Ok(n)
    } else {
        Err(ValueError::NotFinite)
    }
}

/// Rejects decimals whose magnitude is above 1e15.
pub(super) fn bounded(d: Decimal) -> Result<Decimal, ValueError> {
    if d.abs() <= Decimal::from(LIMIT as i64) {
        Ok(d)
    } else {
        Err(ValueError::NotFinite)
    }
}

/// Converts a numeric cell to an exact decimal.
///
/// Goes through the shortest round-trip string so that a cell showing `0.1`
/// becomes exactly 0.1, not the binary artefact `Decimal::from_f64` gives.
pub(super) fn decimal_from_f64(n: f64) -> Result<Decimal, ValueError> {
    let n = finite(n)?;
    // A whole number, as most amounts are, is its integer: the value and
    // scale its string would give, without formatting one. (-0.0 reads as
    // `-0` and keeps to the string.)
    if n.fract() == 0.0 && (n != 0.0 || n.is_sign_positive()) {
        // Exact: finite() bounds the magnitude to 1e15.
        return Ok(Decimal::from(n as i64));
    }
    // Only fails for absurdly small values; their 28-place rounding is 0.
    Decimal::from_str(&n.to_string()).map_err(|_| ValueError::NotFinite)
}

/// Parses a signed decimal literal exactly.
pub(super) fn decimal(s: &str) -> Result<Decimal, ValueError> {
    let (negative, body) = sign(s);
    let literal = unsigned(body)?;
    // The grammar is already checked, so the only failure left is too many digits.
    let d = Decimal::from_str(&literal).map_err(|_| ValueError::NotFinite)?;
    bounded(if negative { -d } else { d })
}

/// Parses a signed decimal literal as a float.
pub(super) fn float(s: &str) -> Result<f64, ValueError> {
    let (negative, body) = sign(s);
    let n: f64 = unsigned(body)?
        .parse()
        .map_err(|_| ValueError::Unreadable)?;
    finite(if negative { -n } else { n })
}

/// Removes the first unit in `units` that ends `s`, and the space before it.
///
/// Put longer units first when one ends with another (`人次` before `次`).
pub(super) fn strip_unit<'a>(s: &'a str, units: &[&str]) -> &'a str {
    units
        .iter()
        .find_map(|unit| s.strip_suffix(unit))
        .map_or(s, str::trim_end)
}

/// Splits off a leading minus sign.
fn sign(s: &str) -> (bool, &str) {
    match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    }
}

/// Checks an unsigned literal and returns it without separators, ready for
/// `FromStr`.
fn unsigned(s: &str) -> Result<String, ValueError> {
    if NON_FINITE_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return Err(ValueError::NotFinite);
    }
    let (int, fraction) = match s.split_once('.') {
        Some((int, fraction)) => (int, Some(fraction)),
        None => (s, None),
    };
    let mut out = integer_digits(int)?;
    match fraction {
        None if int.is_empty() => return Err(ValueError::Unreadable),
        None => {}
        Some(f) if f.is_empty() || !all_digits(f) => return Err(ValueError::Unreadable),
        Some(f) => {
            out.push('.');
            out.push_str(f);
        }
    }
    Ok(out)
}

/// The integer part without separators or leading zeros (`"0"` if nothing is
/// left). Separators must sit between digits: `1,234` and `1 234`, not `1,,2`.
fn integer_digits(s: &str) -> Result<String, ValueError> {
    let mut out = String::with_capacity(s.len());
    if !s.is_empty() {
        for group in s.split([',', ' ']) {
            if group.is_empty() || !all_digits(group) {
                return Err(ValueError::Unreadable);
            }
            out.push_str(group);
        }
    }
    let significant = out.trim_start_matches('0');
    Ok(if significant.is_empty() {
        "0".to_owned()
    } else {
        significant.to_owned()
    })
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_literals() {
        assert_eq!(decimal("1234"), Ok(dec("1234")));
        assert_eq!(decimal("1,234.50"), Ok(dec("1234.50")));
        assert_eq!(decimal("1 234"), Ok(dec("1234")));
        assert_eq!(decimal(".5"), Ok(dec("0.5")));
        assert_eq!(decimal("-100"), Ok(dec("-100")));
        assert_eq!(decimal("- 100"), Ok(dec("-100")));
        assert_eq!(decimal("007"), Ok(dec("7")));
        assert_eq!(decimal(&format!("{}1", "0".repeat(60))), Ok(dec("1")));
        assert_eq!(float("1,200.5"), Ok(1200.5));
    }

    #[test]
    fn scale_is_kept() {
        assert_eq!(decimal("1234.00").unwrap().to_string(), "1234.00");
    }

    #[test]
    fn malformed_literals_are_unreadable() {
        for s in [
            "", "-", "--1", ".", "5.", "1..2", "12.3.4", "1,,2", ",1", "1,", "1e5", "+1", "٣",
            "1.2,5", "0x10",
        ] {
            assert_eq!(decimal(s), Err(ValueError::Unreadable), "{s}");
            assert_eq!(float(s), Err(ValueError::Unreadable), "{s}");
        }
    }

    #[test]
    fn non_finite() {
        for s in ["NaN", "inf", "-Infinity", "1000000000000001"] {
            assert_eq!(decimal(s), Err(ValueError::NotFinite), "{s}");
            assert_eq!(float(s), Err(ValueError::NotFinite), "{s}");
        }
        assert_eq!(decimal("1000000000000000"), Ok(dec("1000000000000000")));
        assert_eq!(finite(f64::NAN), Err(ValueError::NotFinite));
        assert_eq!(finite(-1e16), Err(ValueError::NotFinite));
    }

    #[test]
    fn floats_become_exact_decimals() {
        assert_eq!(decimal_from_f64(0.1), Ok(dec("0.1")));
        assert_eq!(decimal_from_f64(0.15), Ok(dec("0.15")));
        assert_eq!(decimal_from_f64(1234.5), Ok(dec("1234.5")));
        assert_eq!(decimal_from_f64(5e-324), Ok(Decimal::ZERO));
        for n in [0.0, -0.0, 38.0, -100.0, 1e15] {
            let through_text = Decimal::from_str(&n.to_string()).unwrap();
            let direct = decimal_from_f64(n).unwrap();
            assert_eq!(direct, through_text, "{n}");
            assert_eq!(direct.to_string(), through_text.to_string(), "{n}");
        }
        assert_eq!(decimal_from_f64(f64::INFINITY), Err(ValueError::NotFinite));
    }

    #[test]
    fn units() {
        assert_eq!(strip_unit("30 人次", &["人次", "次"]), "30");
        assert_eq!(strip_unit("30次", &["人次", "次"]), "30");
        assert_eq!(strip_unit("30", &["人次", "次"]), "30");
    }
}
