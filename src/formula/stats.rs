//! The small-sample functions of the language, so that an indicator file can
//! discount a satisfaction rate from few answers (issue 6, item 4):
//!
//! - `wilson_lower(successes, n, confidence)`: lower end of the Wilson score
//!   interval, e.g. `wilson_lower(survey.satisfied, survey.valid, 0.95)`;
//! - `beta_lower(successes, n, prior_alpha, prior_beta, quantile)`: that
//!   quantile of the Beta posterior.
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
    fn a_bound_is_a_number_below_the_rate() {
        let c = Value::Num(Decimal::new(95, 2));
        let Value::Num(x) = wilson_lower(&[num(18), num(20), c]) else {
            panic!("expected a number");
        };
        assert!(x > Decimal::new(69, 2) && x < Decimal::new(70, 2));
    }
}
