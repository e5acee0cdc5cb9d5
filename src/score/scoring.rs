//! Turning a measured value into a share of the weight (DOMAIN.md §3.1):
//! fixed goalposts, step tables (分段计分) and relative scoring among peers.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::indicators::{Direction, Scoring};

/// Share of the weight, 0–1, for a value under fixed goalposts.
pub fn linear(value: Decimal, zero: Decimal, full: Decimal) -> Decimal {
    if full == zero {
        return if value == full {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
    }
    // Works for both directions: for "down" indicators full < zero.
    // Checked: goalposts a hair apart make the quotient overflow, which
    // only says which side of them the value is on.
    let (over, span) = (value - zero, full - zero);
    over.checked_div(span)
        .unwrap_or(if over.is_sign_positive() == span.is_sign_positive() {
            Decimal::ONE
        } else {
            Decimal::ZERO
        })
        .clamp(Decimal::ZERO, Decimal::ONE)
}

/// Share for a step table: the first step the value reaches.
pub fn steps(
    value: Decimal,
    steps: &[crate::indicators::Step],
    direction: Direction,
    weight: Decimal,
) -> Decimal {
    let mut ordered: Vec<_> = steps.iter().collect();
    match direction {
        Direction::Up => ordered.sort_by_key(|s| std::cmp::Reverse(s.bound)),
        Direction::Down => ordered.sort_by_key(|s| s.bound),
    }
    let reached = ordered.into_iter().find(|s| match direction {
        Direction::Up => value >= s.bound,
        Direction::Down => value <= s.bound,
    });
    match reached {
        Some(s) if weight > Decimal::ZERO => (s.points / weight).clamp(Decimal::ZERO, Decimal::ONE),
        _ => Decimal::ZERO,
    }
}

/// The p-th percentile (0–100) of sorted values, Hyndman–Fan type 7 (linear
/// interpolation between order statistics; R's and NumPy's default).
pub fn quantile(sorted: &[Decimal], p: Decimal) -> Option<Decimal> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = Decimal::from(n - 1) * p / Decimal::ONE_HUNDRED;
    let lo = h.floor();
    let i = lo.to_usize().unwrap_or(0).min(n - 1);
    let next = sorted[(i + 1).min(n - 1)];
    Some(sorted[i] + (h - lo) * (next - sorted[i]))
}

/// The goalposts used for one value: fixed, or the peers' quantiles.
pub fn goalposts(
    scoring: &Scoring,
    direction: Direction,
    peers: &[Decimal],
) -> Option<(Decimal, Decimal)> {
    match scoring {
        Scoring::Linear { zero, full } => Some((*zero, *full)),
        Scoring::Steps(_) => None,
        Scoring::Percentile { zero, full, .. } => {
            let (lo, hi) = (quantile(peers, *zero)?, quantile(peers, *full)?);
            Some(match direction {
                Direction::Up => (lo, hi),
                // Lower is better: the low quantile earns full points.
                Direction::Down => (hi, lo),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn linear_goalposts_in_both_directions() {
        assert_eq!(linear(d("0.60"), d("0.40"), d("0.80")), d("0.5"));
        assert_eq!(linear(d("0.30"), d("0.40"), d("0.80")), Decimal::ZERO);
        assert_eq!(linear(d("0.95"), d("0.40"), d("0.80")), Decimal::ONE);
        // Down: 0.9 → 0, 0.5 → full.
        assert_eq!(linear(d("0.7"), d("0.9"), d("0.5")), d("0.5"));
        assert_eq!(linear(d("0.4"), d("0.9"), d("0.5")), Decimal::ONE);
    }

    #[test]
    fn type_7_quantiles_match_r() {
        // R: quantile(c(1,2,3,4,10), c(.1,.9)) = 1.4, 7.6
        let v: Vec<_> = ["1", "2", "3", "4", "10"].iter().map(|s| d(s)).collect();
        assert_eq!(quantile(&v, d("10")), Some(d("1.4")));
        assert_eq!(quantile(&v, d("90")), Some(d("7.6")));
        assert_eq!(quantile(&v, d("100")), Some(d("10")));
        assert_eq!(quantile(&[d("5")], d("50")), Some(d("5")));
    }

    #[test]
    fn step_tables_take_the_first_step_reached() {
        use crate::indicators::Step;
        let table = [
            Step {
                bound: d("0.9"),
                points: d("7"),
            },
            Step {
                bound: d("0.8"),
                points: d("5"),
            },
            Step {
                bound: d("0"),
                points: d("0"),
            },
        ];
        assert_eq!(
            steps(d("0.85"), &table, Direction::Up, d("7")),
            d("5") / d("7")
        );
        assert_eq!(
            steps(d("0.95"), &table, Direction::Up, d("7")),
            Decimal::ONE
        );
        assert_eq!(
            steps(d("0.5"), &table, Direction::Up, d("7")),
            Decimal::ZERO
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn dec(x: i64) -> Decimal {
        Decimal::new(x, 3)
    }

    proptest! {
        /// A share is always within [0, 1].
        #[test]
        fn shares_stay_in_bounds(v in -10_000i64..10_000, z in -5_000i64..5_000, f in -5_000i64..5_000) {
            let s = linear(dec(v), dec(z), dec(f));
            prop_assert!(s >= Decimal::ZERO && s <= Decimal::ONE);
        }

        /// A better value never lowers the score, in either direction.
        #[test]
        fn better_never_scores_lower(a in -10_000i64..10_000, b in -10_000i64..10_000, z in -5_000i64..5_000, f in -5_000i64..5_000) {
            prop_assume!(z != f);
            let (lo, hi) = (a.min(b), a.max(b));
            let (worse, better) = if f > z { (lo, hi) } else { (hi, lo) };
            prop_assert!(linear(dec(better), dec(z), dec(f)) >= linear(dec(worse), dec(z), dec(f)));
        }

        /// Peer quantiles lie within the peers' range and grow with p.
        #[test]
        fn quantiles_are_ordered(mut values in proptest::collection::vec(-1_000i64..1_000, 1..40), p in 0i64..=100, q in 0i64..=100) {
            values.sort();
            let v: Vec<Decimal> = values.iter().map(|&x| dec(x)).collect();
            let (p, q) = (Decimal::from(p.min(q)), Decimal::from(p.max(q)));
            let (a, b) = (quantile(&v, p).unwrap(), quantile(&v, q).unwrap());
            prop_assert!(v[0] <= a && a <= b && b <= v[v.len() - 1]);
        }
    }

    #[test]
    fn goalposts_a_hair_apart_do_not_overflow() {
        let tiny = Decimal::new(1, 28);
        let big = Decimal::from(1_000_000_000_000_000_i64);
        assert_eq!(linear(big, Decimal::ZERO, tiny), Decimal::ONE);
        assert_eq!(linear(-big, Decimal::ZERO, tiny), Decimal::ZERO);
        assert_eq!(linear(big, tiny, Decimal::ZERO), Decimal::ZERO);
    }
}
