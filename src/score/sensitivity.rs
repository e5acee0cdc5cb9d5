//! How robust is the ranking? A seeded Monte Carlo over weights, goalposts
//! and the normalisation, and the TOPSIS view beside the weighted sum.
//!
//! Each draw (`[sensitivity]` in the indicator file):
//! - multiplies every indicator weight by a factor uniform in 1 ± `weight_pct`;
//! - moves both goalposts of every goalpost-scored indicator by up to
//!   ± `goalpost_pct` of their range (uniform, independently);
//! - with probability ½ scores every goalpost-scored indicator by min–max
//!   normalisation within the district instead of its goalposts — the other
//!   common normalisation choice;
//! - recomputes every total as Σ weightᵢ·shareᵢ scaled back to the set's
//!   total. Weights are the partner's effective weights, so N/A indicators
//!   stay out; indicators scored by steps or on several parts keep their
//!   share.
//!
//! Ranks are within the district, among ranked partners, highest total
//! first. A partner's interval is the 5 % and 95 % quantiles of its ranks
//! over the draws (Hyndman–Fan type 7, as for peer percentiles), with the
//! median. Decisions: the rules' comparisons of `total` with a number (60
//! and 80 in the default set) cut the total into intervals; scoring ran the
//! real rules once per interval with every other fact held (flags, vetoes,
//! weak dimensions), and a draw's decision is that of the interval its
//! total falls in. Only draws on the set's own goalposts judge decisions
//! (min–max draws shift every total, and the cut points are calibrated on
//! goalposts). A decision that differs in at least `borderline_share` of
//! those draws is borderline.
//!
//! Draw k uses the stream `seed` forked by k, so results do not depend on
//! the number of threads.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::result::{PartnerResult, Sensitivity, Status, TopsisView};
use crate::analysis::{topsis, TopsisNormalisation};
use crate::indicators::{Direction, IndicatorSet, Scoring, Var};
use crate::samples::rng::Rng;
use crate::schema::enums::Decision;

/// One partner's indicators, as the draws need them.
struct Row {
    /// Effective weight; 0 for N/A.
    weight: Vec<f64>,
    share: Vec<f64>,
    /// Value and goalposts of goalpost-scored indicators.
    posts: Vec<Option<(f64, f64, f64)>>,
    /// The decision in each interval between the cut points, and now.
    by_total: Vec<Decision>,
    decision: Decision,
}

/// Fills `topsis` and `sensitivity` of every ranked partner.
pub fn analyse(set: &IndicatorSet, partners: &mut [PartnerResult]) {
    let cuts: Vec<f64> = cut_points(set).iter().filter_map(|c| c.to_f64()).collect();
    let mut districts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in partners.iter().enumerate().filter(|(_, p)| !p.new_partner) {
        districts.entry(p.district.clone()).or_default().push(i);
    }
    for members in districts.values() {
        let rows: Vec<Row> = members.iter().map(|&i| row(set, &partners[i])).collect();
        let closeness = topsis_view(set, &rows);
        let topsis_ranks = ranks(&closeness);
        let n = members.len();
        let intervals = intervals(set, &rows, &cuts);
        for (k, &i) in members.iter().enumerate() {
            partners[i].topsis = Some(TopsisView {
                closeness: closeness[k],
                rank: topsis_ranks[k],
                of: n,
            });
            partners[i].sensitivity = intervals.as_ref().map(|v| v[k].clone());
        }
    }
}

/// The totals at which the decision rules switch, ascending.
pub fn cut_points(set: &IndicatorSet) -> Vec<Decimal> {
    let Some(total) = set
        .names
        .vars
        .iter()
        .position(|v| matches!(v.var, Var::Total))
    else {
        return Vec::new();
    };
    let mut cuts: Vec<Decimal> = set
        .rules
        .iter()
        .flat_map(|r| r.when.cut_points(total))
        .collect();
    cuts.sort();
    cuts.dedup();
    cuts
}

fn row(set: &IndicatorSet, p: &PartnerResult) -> Row {
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let mut r = Row {
        weight: Vec::new(),
        share: Vec::new(),
        posts: Vec::new(),
        by_total: p.decision_by_total.clone(),
        decision: p.decision,
    };
    for (ind, res) in set.indicators.iter().zip(&p.indicators) {
        let ok = res.status != Status::Na && res.exact_weight > Decimal::ZERO;
        r.weight.push(if ok { f(res.exact_weight) } else { 0.0 });
        r.share.push(if ok {
            f(res.exact_points / res.exact_weight)
        } else {
            0.0
        });
        let single = ind.parts.len() == 1 && !matches!(ind.parts[0].scoring, Scoring::Steps(_));
        let posts = res.parts.first().and_then(|part| {
            let (z, fu, v) = (part.zero?, part.full?, res.value?);
            (single && ok && z != fu).then(|| (f(v), f(z), f(fu)))
        });
        r.posts.push(posts);
    }
    r
}

/// TOPSIS closeness on the indicator shares with the nominal weights. An
/// N/A share is imputed as the partner's weighted mean share of the rest,
/// which is what redistributing its weight does to the total.
fn topsis_view(set: &IndicatorSet, rows: &[Row]) -> Vec<f64> {
    let weights: Vec<f64> = set
        .indicators
        .iter()
        .map(|i| i.weight.to_f64().unwrap_or(0.0))
        .collect();
    let matrix: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            let wsum: f64 = r.weight.iter().sum();
            let mean = if wsum > 0.0 {
                r.weight
                    .iter()
                    .zip(&r.share)
                    .map(|(w, s)| w * s)
                    .sum::<f64>()
                    / wsum
            } else {
                0.0
            };
            r.weight
                .iter()
                .zip(&r.share)
                .map(|(&w, &s)| if w > 0.0 { s } else { mean })
                .collect()
        })
        .collect();
    let up = vec![Direction::Up; weights.len()];
    topsis(&matrix, &weights, &up, TopsisNormalisation::Vector)
        .unwrap_or_else(|_| vec![0.5; rows.len()])
}

/// Competition ranks, highest value first (1, 2, 2, 4).
fn ranks(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut out = vec![0; values.len()];
    for (pos, &i) in order.iter().enumerate() {
        out[i] = match pos {
            0 => 1,
            _ if values[i] == values[order[pos - 1]] => out[order[pos - 1]],
            _ => pos + 1,
        };
    }
    out
}

/// Rank intervals and decision stability; none when draws are off.
fn intervals(set: &IndicatorSet, rows: &[Row], cuts: &[f64]) -> Option<Vec<Sensitivity>> {
    let s = set.sensitivity;
    if s.draws == 0 || rows.is_empty() {
        return None;
    }
    let total = set.total.to_f64().unwrap_or(100.0);
    let n_ind = set.indicators.len();
    // The district's range of each goalpost-scored value, for min–max draws.
    let bounds: Vec<Option<(f64, f64)>> = (0..n_ind)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.posts[i].map(|p| p.0))
                .fold(None, |acc, x| match acc {
                    None => Some((x, x)),
                    Some((lo, hi)) => Some((x.min(lo), x.max(hi))),
                })
        })
        .collect();
    let draws: Vec<(Vec<usize>, Option<Vec<bool>>)> = (0..s.draws)
        .into_par_iter()
        .map(|k| {
            let mut rng = Rng::new(s.seed).fork(u64::from(k));
            let factor: Vec<f64> = (0..n_ind)
                .map(|_| 1.0 + s.weight_spread * (2.0 * rng.unit() - 1.0))
                .collect();
            let shift: Vec<(f64, f64)> = (0..n_ind)
                .map(|_| {
                    let mut d = || s.goalpost_spread * (2.0 * rng.unit() - 1.0);
                    (d(), d())
                })
                .collect();
            let min_max = rng.unit() < 0.5;
            let totals: Vec<f64> = rows
                .iter()
                .map(|r| draw_total(r, &bounds, &factor, &shift, min_max, total))
                .collect();
            // Decisions only under the set's own goalposts: min–max moves
            // every total, and the cut points are calibrated on goalposts.
            let flips: Option<Vec<bool>> = (!min_max).then(|| {
                rows.iter()
                    .zip(&totals)
                    .map(|(r, &t)| {
                        let interval = cuts.iter().filter(|&&c| t >= c).count();
                        r.by_total.get(interval).is_some_and(|&d| d != r.decision)
                    })
                    .collect()
            });
            (ranks(&totals), flips)
        })
        .collect();
    Some(
        (0..rows.len())
            .map(|k| {
                let mut r: Vec<f64> = draws.iter().map(|(ranks, _)| ranks[k] as f64).collect();
                r.sort_by(f64::total_cmp);
                let judged: Vec<bool> = draws
                    .iter()
                    .filter_map(|(_, f)| f.as_ref().map(|f| f[k]))
                    .collect();
                let share = if judged.is_empty() {
                    0.0
                } else {
                    judged.iter().filter(|&&f| f).count() as f64 / judged.len() as f64
                };
                Sensitivity {
                    median_rank: quantile(&r, 0.5),
                    rank_low: quantile(&r, 0.05),
                    rank_high: quantile(&r, 0.95),
                    decision_flip_share: share,
                    borderline: share >= s.borderline_share,
                }
            })
            .collect(),
    )
}

/// One partner's total in one draw.
fn draw_total(
    r: &Row,
    bounds: &[Option<(f64, f64)>],
    factor: &[f64],
    shift: &[(f64, f64)],
    min_max: bool,
    total: f64,
) -> f64 {
    let (mut sum, mut wsum) = (0.0, 0.0);
    for i in 0..r.weight.len() {
        let w = r.weight[i] * factor[i];
        if w <= 0.0 {
            continue;
        }
        let share = match r.posts[i] {
            None => r.share[i],
            Some((v, zero, full)) if min_max => {
                let (lo, hi) = bounds[i].unwrap_or((v, v));
                let up = full > zero;
                if hi > lo {
                    let s = (v - lo) / (hi - lo);
                    if up {
                        s
                    } else {
                        1.0 - s
                    }
                } else {
                    1.0
                }
            }
            Some((v, zero, full)) => {
                let range = full - zero;
                let (z, f) = (zero + shift[i].0 * range, full + shift[i].1 * range);
                if f == z {
                    r.share[i]
                } else {
                    ((v - z) / (f - z)).clamp(0.0, 1.0)
                }
            }
        };
        sum += w * share;
        wsum += w;
    }
    if wsum > 0.0 {
        total * sum / wsum
    } else {
        0.0
    }
}

/// Hyndman–Fan type 7 quantile of sorted values.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}
