//! What it takes (差距分析): for a partner not renewed, the smallest
//! improvement of one indicator that would change its decision.
//!
//! The improvement is found by asking the real rules, not by guessing from
//! thresholds: the indicator's value is raised toward its full-marks
//! goalpost, scored on its goalposts, and the total, dimensions, flags and
//! decision recomputed. First each indicator is tried at full marks; for
//! those that change the decision, the smallest value that still does is
//! found by bisection (a rule may turn on a value below the zero goalpost,
//! such as satisfaction under 60 %). "Smallest" compares the distance to
//! climb as a share of the goalpost range (the effort), then the points
//! gained, then the set's order. Indicators scored by steps or on several
//! parts are not tried.
//! Vetoes are records, not scores: no indicator removes them, and the
//! result says so.
//! A value the small-sample rule scored below the partner's own rate is
//! tried at that rate first: if the rate the partner already has would
//! change the decision, asking it to "reach" the needed value would ask for
//! what it has (R4). Such an indicator is left out of the search and
//! recorded as [`SampleGap`]: the gap is the survey's size, the community's
//! task.

use rust_decimal::Decimal;

use super::context::PartnerScope;
use super::decide::{self, Ruled};
use super::result::{DimensionResult, Gap, IndicatorResult, SampleGap, Status, VetoResult};
use super::{checks, format, scoring};
use crate::formula::Value;
use crate::indicators::{IndicatorSet, Scoring, Var};
use crate::schema::enums::Decision;

/// Bisection steps: 2⁻¹⁴ of the goalpost range, finer than any unit shown.
const STEPS: u32 = 14;

/// What the decision is, and what it rests on.
pub struct Current<'a> {
    pub decision: Decision,
    pub vetoes: &'a [VetoResult],
    pub indicators: &'a [IndicatorResult],
    /// Whether the partner's agreement obliges it to each indicator.
    pub owed: &'a [bool],
}

fn better(a: Decision, b: Decision) -> bool {
    let level = |d: Decision| match d {
        Decision::Exit => 0,
        Decision::Rectify => 1,
        Decision::Renew => 2,
    };
    level(a) > level(b)
}

/// The gap of one partner; `None` when it is renewed.
pub fn gap(set: &IndicatorSet, scope: &mut PartnerScope, now: &Current) -> Option<Gap> {
    if now.decision == Decision::Renew {
        return None;
    }
    if !now.vetoes.is_empty() {
        return Some(blocked(now.decision, now.vetoes));
    }
    let mut work = now.indicators.to_vec();
    let mut best: Option<(Decimal, Decimal, usize, Decimal, Decision)> = None;
    let mut sample: Option<SampleGap> = None;
    for (i, r) in now.indicators.iter().enumerate() {
        let Some(posts) = improvable(set, i, r) else {
            continue;
        };
        let Some(from) = r.value else { continue };
        if let Some(ss) = r.small_sample.as_ref().filter(|s| s.applied) {
            let own = trial(set, scope, now.owed, &mut work, i, ss.raw, posts);
            if better(own, now.decision) {
                let unit = set.indicators[i].unit;
                sample.get_or_insert(SampleGap {
                    indicator: r.id.clone(),
                    raw: format::value(Some(ss.raw), unit),
                    value_now: format::value(r.value, unit),
                    n: ss.n,
                    min: ss.min,
                    to: own,
                });
                continue;
            }
        }
        // Climb in value space from where the partner is to full marks: a
        // rule may turn on a value below the zero goalpost (S1 < 60 %).
        let at = |t: Decimal| from + t * (posts.1 - from);
        let top = trial(set, scope, now.owed, &mut work, i, at(Decimal::ONE), posts);
        if !better(top, now.decision) {
            continue;
        }
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ONE);
        for _ in 0..STEPS {
            let mid = (lo + hi) / Decimal::TWO;
            if better(
                trial(set, scope, now.owed, &mut work, i, at(mid), posts),
                now.decision,
            ) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let needed = at(hi);
        let reached = trial(set, scope, now.owed, &mut work, i, needed, posts);
        let effort = ((needed - from) / (posts.1 - posts.0)).abs();
        let extra = scoring::linear(needed, posts.0, posts.1) * r.exact_weight - r.exact_points;
        if best.is_none_or(|(e, x, ..)| (effort, extra) < (e, x)) {
            best = Some((effort, extra, i, needed, reached));
        }
    }
    let Some((_, _, i, needed, to)) = best else {
        // No single indicator suffices: several must improve together.
        let to = match now.decision {
            Decision::Exit => Decision::Rectify,
            _ => Decision::Renew,
        };
        return Some(Gap {
            to,
            indicator: None,
            value_now: String::new(),
            value_needed: String::new(),
            points_now: Decimal::ZERO,
            points_needed: Decimal::ZERO,
            blocked_by: Vec::new(),
            sample,
        });
    };
    let r = &now.indicators[i];
    let unit = set.indicators[i].unit;
    let posts = improvable(set, i, r)?;
    Some(Gap {
        to,
        indicator: Some(r.id.clone()),
        value_now: format::value(r.value, unit),
        value_needed: format::value(Some(needed), unit),
        points_now: format::round(r.exact_points, 2),
        points_needed: format::round(
            scoring::linear(needed, posts.0, posts.1) * r.exact_weight,
            2,
        ),
        blocked_by: Vec::new(),
        sample,
    })
}

/// A vetoed partner: no indicator can lift the decision.
fn blocked(decision: Decision, vetoes: &[VetoResult]) -> Gap {
    Gap {
        to: decision,
        indicator: None,
        value_now: String::new(),
        value_needed: String::new(),
        points_now: Decimal::ZERO,
        points_needed: Decimal::ZERO,
        blocked_by: vetoes.iter().map(|v| v.id.clone()).collect(),
        sample: None,
    }
}

/// The goalposts (value at 0 and at full marks) of an indicator that has
/// room to improve and is scored on one part by goalposts.
fn improvable(set: &IndicatorSet, i: usize, r: &IndicatorResult) -> Option<(Decimal, Decimal)> {
    let ind = &set.indicators[i];
    if r.status != Status::Ok || r.exact_weight <= Decimal::ZERO || ind.parts.len() != 1 {
        return None;
    }
    if matches!(ind.parts[0].scoring, Scoring::Steps(_)) {
        return None;
    }
    let part = r.parts.first()?;
    let (zero, full) = (part.zero?, part.full?);
    (r.exact_points < r.exact_weight && zero != full).then_some((zero, full))
}

/// The decision with indicator `i` at `value`, scored on its goalposts;
/// `work` is a copy of the indicators, restored before returning.
fn trial(
    set: &IndicatorSet,
    scope: &mut PartnerScope,
    owed: &[bool],
    work: &mut [IndicatorResult],
    i: usize,
    value: Decimal,
    (zero, full): (Decimal, Decimal),
) -> Decision {
    let saved = (work[i].exact_points, work[i].value);
    work[i].exact_points = scoring::linear(value, zero, full) * work[i].exact_weight;
    work[i].value = Some(value);
    let decision = decision_of(set, scope, owed, work);
    (work[i].exact_points, work[i].value) = saved;
    decision
}

/// Total, dimensions, flags and rules recomputed from `inds`; `owed` is
/// what the agreement obliges the partner to, which no trial changes.
fn decision_of(
    set: &IndicatorSet,
    scope: &mut PartnerScope,
    owed: &[bool],
    inds: &[IndicatorResult],
) -> Decision {
    let total = format::round(inds.iter().map(|r| r.exact_points).sum(), 2);
    let dims: Vec<DimensionResult> = super::dimensions(set, inds, owed);
    scope.fill(set, |v| match v {
        Var::IndicatorValue(k) => Some(inds[k].value.map_or(Value::Missing, Value::Num)),
        Var::IndicatorPoints(k) => Some(Value::Num(inds[k].exact_points)),
        _ => None,
    });
    let raised = checks::raised(set, scope, inds);
    let ruled = Ruled {
        total,
        vetoes: 0,
        dims: &dims,
        raised: &raised,
        weak: None,
    };
    decide::verdict(set, scope, &ruled).0
}
