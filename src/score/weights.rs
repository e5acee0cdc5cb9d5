//! Structural N/A: where the weight of a not-applicable indicator goes
//! (DOMAIN.md §3.1, capped by §3.10 R1).
//!
//! Within its dimension, the weight of an N/A indicator moves first to the
//! indicator named by `na_weight_to`, if that one is applicable, then to the
//! applicable indicators of the dimension in proportion to their nominal
//! weights. No indicator absorbs more than its own nominal weight again, or
//! more exactly: none ends above `na_max_factor` × its nominal weight (2 by
//! default). Without the cap a 2-point side indicator (F4, in-kind and
//! volunteer value) carried 23.53 points for a partner without a fund
//! agreement, and ¥84 of volunteering decided an exit.
//!
//! What the cap leaves over, and the whole weight of a dimension none of
//! whose indicators applies, is spread across the other dimensions in
//! proportion to their weights (their applicable indicators in proportion
//! to their current weights), so the total stays out of `total`. Only when
//! no other dimension can take it is the cap given up (spread over every
//! applicable indicator), since the weights must still add up.
//!
//! Missing data is not N/A: it keeps its weight and scores 0.

use rust_decimal::Decimal;

use super::result::Status;
use crate::indicators::IndicatorSet;

/// Effective weight of each indicator for one partner.
pub fn effective(set: &IndicatorSet, status: &[Status]) -> Vec<Decimal> {
    let inds = &set.indicators;
    let applicable = |i: usize| status.get(i).is_some_and(|&s| s != Status::Na);
    let nominal: Vec<Decimal> = inds.iter().map(|i| i.weight).collect();
    let cap: Vec<Decimal> = nominal.iter().map(|w| *w * set.na_max_factor).collect();
    let mut w: Vec<Decimal> = (0..inds.len())
        .map(|i| {
            if applicable(i) {
                nominal[i]
            } else {
                Decimal::ZERO
            }
        })
        .collect();
    // Weight no indicator of its own dimension could take, and the
    // dimensions it came from (their indicators are at their cap).
    let mut orphan = Decimal::ZERO;
    let mut full = vec![false; set.dimensions.len()];
    for (d, is_full) in full.iter_mut().enumerate() {
        let members: Vec<usize> = (0..inds.len())
            .filter(|&j| inds[j].dimension == d)
            .collect();
        let open: Vec<usize> = members.iter().copied().filter(|&j| applicable(j)).collect();
        let mut pool = Decimal::ZERO;
        for &i in members.iter().filter(|&&i| !applicable(i)) {
            let moved = nominal[i];
            match inds[i].na_weight_to.filter(|&t| applicable(t)) {
                Some(t) => {
                    let take = moved.min((cap[t] - w[t]).max(Decimal::ZERO));
                    w[t] += take;
                    pool += moved - take;
                }
                None => pool += moved,
            }
        }
        let left = fill(&mut w, &open, &nominal, &cap, pool);
        if left > Decimal::ZERO {
            orphan += left;
            *is_full = true;
        }
    }
    if orphan > Decimal::ZERO {
        let mut rest: Vec<usize> = (0..inds.len())
            .filter(|&j| applicable(j) && !full[inds[j].dimension])
            .collect();
        if rest.is_empty() {
            rest = (0..inds.len()).filter(|&j| applicable(j)).collect();
        }
        let current = w.clone();
        spread(&mut w, &rest, &current, orphan);
    }
    w
}

/// Adds `amount` to `targets` in proportion to `basis`, none above its
/// `cap` (water-filling: what a capped indicator cannot take goes to the
/// others, again in proportion); returns what none could take.
fn fill(
    w: &mut [Decimal],
    targets: &[usize],
    basis: &[Decimal],
    cap: &[Decimal],
    mut amount: Decimal,
) -> Decimal {
    let mut free: Vec<usize> = targets.iter().copied().filter(|&j| w[j] < cap[j]).collect();
    while amount > Decimal::ZERO && !free.is_empty() {
        let total: Decimal = free.iter().map(|&j| basis[j]).sum();
        if total <= Decimal::ZERO {
            break;
        }
        let (mut placed, mut next) = (Decimal::ZERO, Vec::new());
        for &j in &free {
            let want = amount * basis[j] / total;
            let room = cap[j] - w[j];
            if want >= room {
                w[j] = cap[j];
                placed += room;
            } else {
                w[j] += want;
                placed += want;
                next.push(j);
            }
        }
        // Each round either places everything or caps at least one more.
        // What is left is counted from what was placed, so that when all
        // reach their cap it is exact (14 − 6 = 8, not 8.000…01).
        if next.len() == free.len() {
            // Nobody reached a cap: all was placed (bar the last digit).
            return Decimal::ZERO;
        }
        amount = (amount - placed).max(Decimal::ZERO);
        free = next;
    }
    amount
}

/// Adds `amount` to `targets` in proportion to `basis` (uncapped).
fn spread(w: &mut [Decimal], targets: &[usize], basis: &[Decimal], amount: Decimal) {
    let total: Decimal = targets.iter().map(|&j| basis[j]).sum();
    if total <= Decimal::ZERO {
        return;
    }
    for &j in targets {
        w[j] += amount * basis[j] / total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The default set's weights with the named indicators N/A.
    fn weights(set: &IndicatorSet, na: &[&str]) -> Vec<(String, Decimal)> {
        let status: Vec<Status> = set
            .indicators
            .iter()
            .map(|i| {
                if na.contains(&i.id.as_str()) {
                    Status::Na
                } else {
                    Status::Ok
                }
            })
            .collect();
        let w = effective(set, &status);
        let total: Decimal = w.iter().sum();
        assert!((total - set.total).abs() < d("0.000001"), "{total}");
        set.indicators
            .iter()
            .zip(w)
            .map(|(i, w)| (i.id.clone(), w))
            .collect()
    }

    fn of(w: &[(String, Decimal)], id: &str) -> Decimal {
        w.iter().find(|(i, _)| i == id).map(|x| x.1).unwrap()
    }

    #[test]
    fn without_a_fund_share_f3_and_f4_take_at_most_twice_their_weight() {
        let set = IndicatorSet::default_set().unwrap();
        let w = weights(&set, &["F1", "F2"]);
        assert_eq!(of(&w, "F3"), d("8"));
        assert_eq!(of(&w, "F4"), d("4"));
        // The 8 points left over go to the other 80 in proportion: × 1.1.
        assert_eq!(of(&w, "S1"), d("16.5"));
        assert_eq!(of(&w, "P1"), d("7.7"));
        // F3 N/A too: F4 alone keeps 4, 16 cross over (× 1.2).
        let w = weights(&set, &["F1", "F2", "F3"]);
        assert_eq!(of(&w, "F4"), d("4"));
        assert_eq!(of(&w, "S1"), d("18"));
    }

    #[test]
    fn below_the_cap_the_weight_stays_in_the_dimension() {
        let set = IndicatorSet::default_set().unwrap();
        // C2 → C1 (na_weight_to): 6 + 4 = 10 ≤ 12.
        let w = weights(&set, &["C2"]);
        assert_eq!(of(&w, "C1"), d("10"));
        assert_eq!(of(&w, "C3"), d("5"));
        assert_eq!(of(&w, "S1"), d("15"));
        // A whole dimension N/A spreads over the others as before.
        let w = weights(&set, &["R1", "R2", "R3"]);
        assert!((of(&w, "S1") - d("15") * d("100") / d("85")).abs() < d("0.00000000000000000001"));
    }

    #[test]
    fn na_weight_to_respects_the_cap_and_the_rest_fills_the_dimension() {
        let mut set = IndicatorSet::default_set().unwrap();
        set.na_max_factor = d("1.5");
        // C1 may reach 9: it takes 3 of C2's 4; C3 (cap 7.5) takes the 1.
        let w = weights(&set, &["C2"]);
        assert_eq!(of(&w, "C1"), d("9"));
        assert_eq!(of(&w, "C3"), d("6"));
        // Factor 1: nothing moves within a dimension; all crosses over to
        // the other 85 points, none back to the risk dimension.
        set.na_max_factor = Decimal::ONE;
        let w = weights(&set, &["C2"]);
        assert_eq!(of(&w, "C1"), d("6"));
        let s1 = d("15") + d("4") * d("15") / d("85");
        assert!((of(&w, "S1") - s1).abs() < d("0.00000000000000000001"));
    }

    #[test]
    fn water_filling_caps_and_passes_on() {
        // Targets 0 and 1 (basis 1 and 3), 0 already at its cap of 2.
        let mut w = vec![d("2"), d("3"), d("0")];
        let cap = vec![d("2"), d("6"), d("0")];
        let basis = vec![d("1"), d("3"), d("0")];
        let left = fill(&mut w, &[0, 1], &basis, &cap, d("5"));
        assert_eq!((w[0], w[1], left), (d("2"), d("6"), d("2")));
    }
}
