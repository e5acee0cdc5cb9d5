//! How robust is the ranking? A seeded Monte Carlo over weights and
//! goalposts, the rank under the other common normalisation, and the TOPSIS
//! view beside the weighted sum.
//!
//! Each draw (`[sensitivity]` in the indicator file):
//! - multiplies every indicator weight by a factor uniform in 1 ± `weight_pct`;
//! - moves both goalposts of every goalpost-scored indicator by up to
//!   ± `goalpost_pct` of their range (uniform, independently);
//! - recomputes every total as Σ weightᵢ·shareᵢ scaled back to the set's
//!   total. Weights are the partner's effective weights, so N/A indicators
//!   stay out; indicators scored by steps or on several parts keep their
//!   share.
//!
//! Every draw scores on the basis the total uses, fixed goalposts. Min–max
//! normalisation within the district, the other common choice, is reported
//! as its own figure (`min_max_rank`: the rank with the partner's own
//! weights, every goalpost-scored indicator rescaled between the district's
//! lowest and highest value), not mixed into the draws: a mixture of two
//! normalisations gives some partners two clusters of ranks, and a median
//! between them that neither basis gives (a partner ranked 14 got a median
//! of 10 and, by seed, 2 or 9).
//!
//! Ranks are within the district, among ranked partners, highest total
//! first, and a partner with a veto after every partner without one (as in
//! `score::rank`, DOMAIN §3.10 R7), in the draws, the min–max rank and the
//! TOPSIS view alike. A partner's interval is the 5 % and 95 % quantiles of
//! its ranks over the draws (Hyndman–Fan type 7, as for peer percentiles),
//! with the median. Decisions: the rules' comparisons of `total` with a
//! number (60 and 80 in the default set) cut the total into intervals, and
//! a draw also recounts the weak dimensions (a dimension's weighted share
//! under `weak_dimension_share`, with the draw's weights and goalposts,
//! among the dimensions the weak-spot rule judges for the partner): a
//! partner whose satisfaction sits just at 60 % of its weight is as
//! borderline as one whose total sits at 80. Scoring ran the real rules
//! once per (interval, weak count) with every other fact held (flags and
//! vetoes rest on records, not on weights or goalposts), and a draw's
//! decision is read from that table ([`decision_table`]). A decision that
//! differs in at least `borderline_share` of the draws is borderline.
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
    /// The decision per (interval between the cut points, weak count), and
    /// now.
    table: Vec<Decision>,
    decision: Decision,
    /// A veto: ranked after every partner without one.
    vetoed: bool,
    /// Per dimension, whether the weak-spot rule judges it for this
    /// partner (`DimensionResult::judged`): a dimension of obligations the
    /// agreement lacks is never weak, in a draw as in scoring.
    judged: Vec<bool>,
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
        let vetoed: Vec<bool> = rows.iter().map(|r| r.vetoed).collect();
        let topsis_ranks = ranks(&closeness, &vetoed);
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

/// The decision for every interval of the total between the rules' cut
/// points and every number of weak dimensions (0 to all of them), from
/// `decide(total, weak)`: the real rules, every other fact held. Entry
/// `interval × (dimensions + 1) + weak`; one interval, at `total`, when no
/// rule compares the total with a number.
pub fn decision_table(
    set: &IndicatorSet,
    total: Decimal,
    mut decide: impl FnMut(Decimal, usize) -> Decision,
) -> Vec<Decision> {
    let cuts = cut_points(set);
    // A total just under each cut point, and the last cut itself.
    let totals: Vec<Decimal> = match cuts.last() {
        None => vec![total],
        Some(&last) => cuts
            .iter()
            .map(|&c| c - Decimal::new(1, 2))
            .chain([last])
            .collect(),
    };
    let counts = set.dimensions.len() + 1;
    let mut table = Vec::with_capacity(totals.len() * counts);
    for t in totals {
        table.extend((0..counts).map(|weak| decide(t, weak)));
    }
    table
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
        table: p.decision_table.clone(),
        decision: p.decision,
        vetoed: super::rank::vetoed(p),
        judged: p.dimensions.iter().map(|d| d.judged).collect(),
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

/// Competition ranks, highest value first (1, 2, 2, 4), every partner
/// marked `last` (a veto) after every partner not marked.
fn ranks(values: &[f64], last: &[bool]) -> Vec<usize> {
    // Sorting integer keys is several times faster than comparing floats,
    // and a draw sorts every district: the key orders as `total_cmp` does,
    // reversed, and ties share the rank of the first of them.
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        !(bits ^ ((((bits >> 63) as u64) >> 1) as i64))
    };
    let mut order: Vec<(bool, i64, u32)> = values
        .iter()
        .zip(last)
        .enumerate()
        .map(|(i, (&x, &l))| (l, key(x), i as u32))
        .collect();
    order.sort_unstable();
    let mut out = vec![0; values.len()];
    let mut first = 0;
    for pos in 0..order.len() {
        let (l, x, _) = order[pos];
        if pos > 0 && (l, x) != (order[pos - 1].0, order[pos - 1].1) {
            first = pos;
        }
        out[order[pos].2 as usize] = first + 1;
    }
    out
}

/// One indicator over a district's partners, column by column, so that a
/// draw is a few tight loops over contiguous numbers.
struct Column {
    /// The indicator's dimension.
    dim: usize,
    weight: Vec<f64>,
    share: Vec<f64>,
    /// Whether the partner's share follows goalposts, with value and posts.
    posts: Vec<bool>,
    value: Vec<f64>,
    zero: Vec<f64>,
    full: Vec<f64>,
    /// The district's range of the goalpost-scored values, for the min–max
    /// rank.
    bounds: Option<(f64, f64)>,
}

impl Column {
    fn of(rows: &[Row], i: usize, dim: usize) -> Column {
        let posts = |f: fn(&(f64, f64, f64)) -> f64| -> Vec<f64> {
            rows.iter()
                .map(|r| r.posts[i].as_ref().map_or(0.0, f))
                .collect()
        };
        Column {
            dim,
            weight: rows.iter().map(|r| r.weight[i]).collect(),
            share: rows.iter().map(|r| r.share[i]).collect(),
            posts: rows.iter().map(|r| r.posts[i].is_some()).collect(),
            value: posts(|p| p.0),
            zero: posts(|p| p.1),
            full: posts(|p| p.2),
            bounds: rows
                .iter()
                .filter_map(|r| r.posts[i].map(|p| p.0))
                .fold(None, |acc, x| match acc {
                    None => Some((x, x)),
                    Some((lo, hi)) => Some((x.min(lo), x.max(hi))),
                }),
        }
    }

    /// The partner's share: the fixed share, or its value placed between
    /// moved goalposts, or min–max within the district.
    fn share(&self, p: usize, shift: (f64, f64), min_max: bool) -> f64 {
        if !self.posts[p] {
            return self.share[p];
        }
        let (v, zero, full) = (self.value[p], self.zero[p], self.full[p]);
        if min_max {
            let (lo, hi) = self.bounds.unwrap_or((v, v));
            if hi > lo {
                let s = (v - lo) / (hi - lo);
                if full > zero {
                    s
                } else {
                    1.0 - s
                }
            } else {
                1.0
            }
        } else {
            let range = full - zero;
            let (z, f) = (zero + shift.0 * range, full + shift.1 * range);
            if f == z {
                self.share[p]
            } else {
                ((v - z) / (f - z)).clamp(0.0, 1.0)
            }
        }
    }
}

/// One draw of a district: every partner's rank, and its entry in the
/// decision table: the interval between the cut points its total fell in
/// and its number of weak dimensions (two bytes rather than the total: a
/// city's thousand draws of 30,000 totals take 240 MB).
struct Draw {
    ranks: Vec<u32>,
    cells: Vec<u16>,
}

/// What a draw needs besides the columns: the decision cut points, the
/// number of dimensions, the weak-dimension share, and which partners a
/// veto ranks last.
struct Judge {
    cuts: Vec<f64>,
    dimensions: usize,
    weak_share: f64,
    vetoed: Vec<bool>,
    /// Whether each partner's dimension may be weak, partner-major.
    judged: Vec<bool>,
}

/// Draw `k`: weights and goalposts perturbed, on the goalpost basis the
/// total uses.
fn draw(set: &IndicatorSet, columns: &[Column], judge: &Judge, n: usize, k: u32) -> Draw {
    let s = set.sensitivity;
    let mut rng = Rng::new(s.seed).fork(u64::from(k));
    let factor: Vec<f64> = (0..columns.len())
        .map(|_| 1.0 + s.weight_spread * (2.0 * rng.unit() - 1.0))
        .collect();
    let shift: Vec<(f64, f64)> = (0..columns.len())
        .map(|_| {
            let mut d = || s.goalpost_spread * (2.0 * rng.unit() - 1.0);
            (d(), d())
        })
        .collect();
    rescore(set, columns, judge, n, &factor, &shift, false)
}

/// Totals recomputed as Σ wᵢ·shareᵢ / Σ wᵢ scaled to the set's total, with
/// each weight multiplied by its factor and each pair of goalposts moved by
/// its shift, or (`min_max`) every goalpost-scored indicator rescaled
/// within the district: the ranks and the decision-table cells they give.
fn rescore(
    set: &IndicatorSet,
    columns: &[Column],
    judge: &Judge,
    n: usize,
    factor: &[f64],
    shift: &[(f64, f64)],
    min_max: bool,
) -> Draw {
    let (mut sum, mut wsum) = (vec![0.0; n], vec![0.0; n]);
    // Per partner and dimension, partner-major.
    let nd = judge.dimensions;
    let (mut dsum, mut dwsum) = (vec![0.0; n * nd], vec![0.0; n * nd]);
    for (i, c) in columns.iter().enumerate() {
        for p in 0..n {
            let w = c.weight[p] * factor[i];
            // An N/A indicator (weight 0) stays out of both sums.
            if w > 0.0 {
                let points = w * c.share(p, shift[i], min_max);
                sum[p] += points;
                wsum[p] += w;
                dsum[p * nd + c.dim] += points;
                dwsum[p * nd + c.dim] += w;
            }
        }
    }
    let total = set.total.to_f64().unwrap_or(100.0);
    let totals: Vec<f64> = sum
        .iter()
        .zip(&wsum)
        .map(|(&s, &w)| if w > 0.0 { total * s / w } else { 0.0 })
        .collect();
    let cells = totals
        .iter()
        .enumerate()
        .map(|(p, &t)| {
            let interval = judge.cuts.iter().filter(|&&c| t >= c).count();
            let dims = p * nd..(p + 1) * nd;
            let weak = dsum[dims.clone()]
                .iter()
                .zip(&dwsum[dims.clone()])
                .zip(&judge.judged[dims])
                .filter(|&((&s, &w), &judged)| judged && w > 0.0 && s < w * judge.weak_share)
                .count();
            u16::try_from(interval * (nd + 1) + weak).unwrap_or(u16::MAX)
        })
        .collect();
    Draw {
        ranks: ranks(&totals, &judge.vetoed)
            .into_iter()
            .map(|r| r as u32)
            .collect(),
        cells,
    }
}

/// Rank intervals and decision stability; none when draws are off.
fn intervals(set: &IndicatorSet, rows: &[Row], cuts: &[f64]) -> Option<Vec<Sensitivity>> {
    let s = set.sensitivity;
    if s.draws == 0 || rows.is_empty() {
        return None;
    }
    let n = rows.len();
    let columns: Vec<Column> = (0..set.indicators.len())
        .map(|i| Column::of(rows, i, set.indicators[i].dimension))
        .collect();
    let judge = Judge {
        cuts: cuts.to_vec(),
        dimensions: set.dimensions.len(),
        weak_share: set.weak_dimension_share.to_f64().unwrap_or(0.0),
        vetoed: rows.iter().map(|r| r.vetoed).collect(),
        judged: rows
            .iter()
            .flat_map(|r| {
                (0..set.dimensions.len()).map(move |d| r.judged.get(d).copied().unwrap_or(true))
            })
            .collect(),
    };
    let draws: Vec<Draw> = (0..s.draws)
        .into_par_iter()
        .map(|k| draw(set, &columns, &judge, n, k))
        .collect();
    // The other normalisation, once, with the weights and goalposts as set.
    let min_max = rescore(
        set,
        &columns,
        &judge,
        n,
        &vec![1.0; columns.len()],
        &vec![(0.0, 0.0); columns.len()],
        true,
    );
    Some(
        rows.par_iter()
            .enumerate()
            .map(|(p, r)| {
                let mut ranks: Vec<f64> = draws.iter().map(|d| f64::from(d.ranks[p])).collect();
                let flipped = draws
                    .iter()
                    .filter(|d| {
                        r.table
                            .get(usize::from(d.cells[p]))
                            .is_some_and(|&x| x != r.decision)
                    })
                    .count();
                let share = flipped as f64 / draws.len() as f64;
                Sensitivity {
                    median_rank: quantile(&mut ranks, 0.5),
                    rank_low: quantile(&mut ranks, 0.05),
                    rank_high: quantile(&mut ranks, 0.95),
                    decision_flip_share: share,
                    borderline: share >= s.borderline_share,
                    min_max_rank: Some(min_max.ranks[p] as usize),
                }
            })
            .collect(),
    )
}

/// Hyndman–Fan type 7 quantile: the order statistics are found by
/// selection, which reorders `values` but does not need them sorted.
fn quantile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let h = (values.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, &mut low, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let high = above.iter().copied().min_by(f64::total_cmp).unwrap_or(low);
    low + (h - lo as f64) * (high - low)
}
