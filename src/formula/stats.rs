//! The small-sample functions of the language, so that an indicator file can
//! discount a satisfaction rate from few answers (issue 6, item 4):
//!
//! - `wilson_lower(successes, n, confidence)`: lower end of the Wilson score
//!   interval, e.g. `wilson_lower(survey.satisfied, survey.valid, 0.95)`;
//! - `beta_lower(successes, n, prior_alpha, prior_beta, quantile)`: that
//!   quantile of the Beta posterior;
//! - `shrunk(successes, n, prior, strength)`: the posterior mean
//!   (successes + strength·prior) / (n + strength), i.e. the rate with
//!   `strength` answers at the `prior` rate added (DOMAIN.md §3.10 R4: a
//!   small survey is pulled toward the district's rate, not discounted to
//!   a lower bound). Exact (Decimal): no rounding.
//!
//! The mathematics and its conventions are `analysis::small_sample`. Here
//! only the language's rule applies: anything that gives no number is a
//! blank (missing) — n = 0, a blank or non-integer count, successes above
//! n, a confidence outside (0, 1) — never an error halfway through a run.
//! The result is rounded to 12 decimals: the bound is a floating-point
//! computation, and the digits beyond carry no meaning.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

use super::value::Value;
use crate::analysis::{beta_lower_quantile, wilson_lower_bound};

/// `wilson_lower(successes, n, confidence)`; the arguments in order.
pub fn wilson_lower(args: &[Value; 3]) -> Value {
    let [s, n, c] = args;
    match (count(s), count(n), real(c)) {
        (Some(s), Some(n), Some(c)) => number(wilson_lower_bound(s, n, c).ok().flatten()),
        _ => Value::Missing,
    }
}

/// `beta_lower(successes, n, prior_alpha, prior_beta, quantile)`.
pub fn beta_lower(args: &[Value; 5]) -> Value {
    let [s, n, a, b, q] = args;
    match (count(s), count(n), real(a), real(b), real(q)) {
        (Some(s), Some(n), Some(a), Some(b), Some(q)) => {
            number(beta_lower_quantile(s, n, a, b, q).ok().flatten())
        }
        _ => Value::Missing,
    }
}

/// `shrunk(successes, n, prior, strength)`. Blank for n = 0 (no answers,
/// no rate of the partner's own — the district's rate is not given to a
/// partner without a survey), a prior outside [0, 1] or a negative
/// strength.
pub fn shrunk(args: &[Value; 4]) -> Value {
    let [s, n, p, m] = args;
    let (Some(s), Some(n), Some(p), Some(m)) = (count(s), count(n), p.num(), m.num()) else {
        return Value::Missing;
    };
    if n == 0 || s > n || p < Decimal::ZERO || p > Decimal::ONE || m < Decimal::ZERO {
        return Value::Missing;
    }
    let (s, n) = (Decimal::from(s), Decimal::from(n));
    m.checked_mul(p)
        .and_then(|mp| (s + mp).checked_div(n + m))
        .map_or(Value::Missing, Value::Num)
}

/// A whole, non-negative number of answers.
fn count(v: &Value) -> Option<u64> {
    v.num().filter(|n| n.fract().is_zero())?.to_u64()
}

fn real(v: &Value) -> Option<f64> {
    v.num()?.to_f64()
}

fn number(x: Option<f64>) -> Value {
    x.and_then(Decimal::from_f64)
        .map_or(Value::Missing, |d| Value::Num(d.round_dp(12)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(x: i64) -> Value {
        Value::Num(Decimal::from(x))
    }

    #[test]
    fn blanks_and_impossible_counts_give_a_blank() {
        let c = Value::Num(Decimal::new(95, 2));
        assert_eq!(wilson_lower(&[num(0), num(0), c]), Value::Missing);
        assert_eq!(wilson_lower(&[num(3), num(2), c]), Value::Missing);
        assert_eq!(wilson_lower(&[Value::Missing, num(2), c]), Value::Missing);
        assert_eq!(wilson_lower(&[num(-1), num(2), c]), Value::Missing);
        assert_eq!(
            wilson_lower(&[Value::Num(Decimal::new(15, 1)), num(2), c]),
            Value::Missing
        );
        assert_eq!(wilson_lower(&[num(1), num(2), num(1)]), Value::Missing);
        let q = Value::Num(Decimal::new(25, 3));
        assert_eq!(
            beta_lower(&[num(1), num(0), num(1), num(1), q]),
            Value::Missing
        );
    }

    #[test]
    fn shrunk_lies_between_the_rate_and_the_prior() {
        let d = |s: &str| Value::Num(s.parse().unwrap());
        // 21 of 22 with 10 answers at 80 %: (21 + 8) / 32.
        assert_eq!(shrunk(&[num(21), num(22), d("0.8"), num(10)]), d("0.90625"));
        // No strength: the raw rate; no answers: blank.
        assert_eq!(shrunk(&[num(3), num(4), d("0.5"), num(0)]), d("0.75"));
        assert_eq!(shrunk(&[num(0), num(0), d("0.5"), num(10)]), Value::Missing);
        assert_eq!(shrunk(&[num(5), num(4), d("0.5"), num(10)]), Value::Missing);
        assert_eq!(shrunk(&[num(1), num(4), d("1.5"), num(10)]), Value::Missing);
        assert_eq!(shrunk(&[num(1), num(4), d("0.5"), num(-1)]), Value::Missing);
        assert_eq!(
            shrunk(&[num(1), num(4), Value::Missing, num(10)]),
            Value::Missing
        );
    }

    #[test]
    fn a_bound_is_a_number_below_the_rate() {
        let c = Value::Num(Decimal::new(95, 2));
        let Value::Num(x) = wilson_lower(&[num(18), num(20), c]) else {
            panic!("expected a number");
        };
        assert!(x > Decimal::new(69, 2) && x < Decimal::new(70, 2));
    }
}
