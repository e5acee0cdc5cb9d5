//! Structural N/A: where the weight of a not-applicable indicator goes
//! (DOMAIN.md §3.1).
//!
//! The weight moves to the indicator named by `na_weight_to`, if that one is
//! applicable; otherwise it is spread over the applicable indicators of the
//! same dimension in proportion to their weights. When a whole dimension is
//! N/A, its weight is spread over all applicable indicators of the other
//! dimensions in proportion. Missing data is not N/A: it keeps its weight
//! and scores 0.

use rust_decimal::Decimal;

use super::result::Status;
use crate::indicators::IndicatorSet;

/// Effective weight of each indicator for one partner.
pub fn effective(set: &IndicatorSet, status: &[Status]) -> Vec<Decimal> {
    let inds = &set.indicators;
    let applicable = |i: usize| status[i] != Status::Na;
    let mut w: Vec<Decimal> = inds.iter().map(|i| i.weight).collect();
    let mut orphan = Decimal::ZERO;
    for (i, ind) in inds.iter().enumerate() {
        if applicable(i) {
            continue;
        }
        let moved = std::mem::take(&mut w[i]);
        if let Some(t) = ind.na_weight_to.filter(|&t| applicable(t)) {
            w[t] += moved;
            continue;
        }
        let same: Vec<usize> = (0..inds.len())
            .filter(|&j| applicable(j) && inds[j].dimension == ind.dimension)
            .collect();
        if !spread(
            &mut w,
            &same,
            inds.iter().map(|x| x.weight).collect::<Vec<_>>().as_slice(),
            moved,
        ) {
            orphan += moved;
        }
    }
    if orphan > Decimal::ZERO {
        let rest: Vec<usize> = (0..inds.len()).filter(|&j| applicable(j)).collect();
        let current = w.clone();
        spread(&mut w, &rest, &current, orphan);
    }
    w
}

/// Adds `amount` to `targets` in proportion to `basis`; false if impossible.
fn spread(w: &mut [Decimal], targets: &[usize], basis: &[Decimal], amount: Decimal) -> bool {
    let total: Decimal = targets.iter().map(|&j| basis[j]).sum();
    if total <= Decimal::ZERO {
        return false;
    }
    for &j in targets {
        w[j] += amount * basis[j] / total;
    }
    true
}
