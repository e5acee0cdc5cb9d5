//! Measuring an indicator for one partner, then turning the measure into a
//! share of its weight.

use rust_decimal::Decimal;

use super::context::PartnerScope;
use super::result::{IndicatorResult, Input, PartResult, SmallSample, SmallSampleMethod, Status};
use super::{scoring, Peers};
use crate::formula::{SmallSampleCall, SmallSampleKind};
use crate::indicators::{Indicator, IndicatorSet, PeerKey, Scoring};
use crate::model::Partner;

/// An indicator's raw measure, before scoring.
#[derive(Debug, Clone)]
pub struct Measured {
    pub status: Status,
    /// One value per part (all present when the status is ok).
    pub values: Vec<Option<Decimal>>,
    pub inputs: Vec<Input>,
    /// The first part's small-sample rule as it worked out, if any.
    pub small_sample: Option<SmallSampleCall>,
}

impl Measured {
    pub fn ok_value(&self, part: usize) -> Option<Decimal> {
        (self.status == Status::Ok)
            .then(|| self.values.get(part).copied().flatten())
            .flatten()
    }
}

/// N/A when its rule says so, missing when data is absent, else its values.
pub fn measure(set: &IndicatorSet, ind: &Indicator, scope: &PartnerScope) -> Measured {
    let mut inputs = Vec::new();
    let mut values = Vec::new();
    let mut small_sample = None;
    for part in &ind.parts {
        if small_sample.is_none() {
            small_sample = part.value.small_sample(scope);
        }
        // Names first (survey counts, registry values, parameters), then
        // every aggregate over the records: all an evaluator needs to redo it.
        for id in part.value.names_used() {
            let formula = set.names.vars[id].path.clone();
            if !inputs.iter().any(|i: &Input| i.formula == formula) {
                inputs.push(Input {
                    formula,
                    value: scope.vars[id].num(),
                });
            }
        }
        for (formula, v) in part.value.inputs(scope) {
            if !inputs.iter().any(|i: &Input| i.formula == formula) {
                inputs.push(Input {
                    formula,
                    value: v.num(),
                });
            }
        }
        values.push(part.value.eval(scope).num());
    }
    // An indicator fed only by optional sheets (R3): N/A where none was
    // supplied for the partner's community, missing data where one was but
    // holds none of the partner's rows — before its own conditions, which
    // cannot tell the two apart (an empty sum is 0 either way).
    let optional = &ind.optional_tables;
    let status = if !optional.is_empty() && !optional.iter().any(|&t| scope.supplied(t)) {
        Status::Na
    } else if !optional.is_empty() && optional.iter().all(|&t| scope.rows.get(t).is_empty()) {
        Status::Missing
    } else if ind
        .na_when
        .as_ref()
        .is_some_and(|f| f.eval(scope).is_true())
    {
        Status::Na
    } else if ind
        .missing_when
        .as_ref()
        .is_some_and(|f| f.eval(scope).is_true())
        || values.iter().any(Option::is_none)
    {
        Status::Missing
    } else {
        Status::Ok
    };
    if status != Status::Ok {
        values.iter_mut().for_each(|v| *v = None);
    }
    Measured {
        status,
        values,
        inputs,
        small_sample,
    }
}

/// The typed record of a small-sample rule, from the call as evaluated
/// and the indicator's value; `None` when an argument is blank or the
/// indicator has no value (nothing was adjusted).
fn small_sample(call: &SmallSampleCall, value: Option<Decimal>) -> Option<SmallSample> {
    let arg = |k: usize| call.args.get(k).and_then(|v| v.num());
    let method = match call.kind {
        SmallSampleKind::Shrunk => SmallSampleMethod::PosteriorMean {
            prior: arg(2)?,
            strength: arg(3)?,
        },
        SmallSampleKind::Wilson => SmallSampleMethod::Wilson {
            confidence: arg(2)?,
        },
        SmallSampleKind::Beta => SmallSampleMethod::Beta {
            alpha: arg(2)?,
            beta: arg(3)?,
            quantile: arg(4)?,
        },
    };
    let (successes, n) = (arg(0)?, arg(1)?);
    Some(SmallSample {
        method,
        n,
        successes,
        min: call.min.and_then(|m| m.num()),
        raw: successes.checked_div(n)?,
        applied: call.applied,
        value: value?,
    })
}

/// Scores every indicator of a partner; points are still a share (0–1) of
/// the weight, multiplied by the effective weight afterwards.
pub fn score(
    set: &IndicatorSet,
    partner: &Partner,
    measured: Vec<Measured>,
    peers: &Peers,
    group: impl Fn(&Partner, Option<PeerKey>) -> String,
) -> Vec<IndicatorResult> {
    set.indicators
        .iter()
        .enumerate()
        .zip(measured)
        .map(|((ii, ind), m)| {
            let mut status = m.status;
            let mut parts = Vec::new();
            for (k, part) in ind.parts.iter().enumerate() {
                let value = m.values.get(k).copied().flatten();
                let (share, posts) = match (&part.scoring, value) {
                    (Scoring::Steps(steps), Some(v)) => (
                        Some(scoring::steps(v, steps, ind.direction, ind.weight)),
                        None,
                    ),
                    (
                        Scoring::Percentile {
                            peers: key,
                            min_peers,
                            ..
                        },
                        v,
                    ) => {
                        let group = peers
                            .get(&(ii, k, group(partner, *key)))
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        if group.len() < *min_peers {
                            // Too few peers to rank against: not applicable,
                            // whatever this partner's own data.
                            status = Status::Na;
                            (None, None)
                        } else {
                            let posts = scoring::goalposts(&part.scoring, ind.direction, group);
                            if posts.is_some_and(|(z, f)| z == f) {
                                // The peers do not spread (P10 = P90, as when
                                // nobody recorded any): the indicator cannot
                                // tell them apart, so it is not applicable —
                                // not full marks for all (R3).
                                status = Status::Na;
                                (None, None)
                            } else {
                                let share =
                                    v.and_then(|v| posts.map(|(z, f)| scoring::linear(v, z, f)));
                                (share, posts)
                            }
                        }
                    }
                    (s, Some(v)) => {
                        let posts = scoring::goalposts(s, ind.direction, &[]);
                        (posts.map(|(z, f)| scoring::linear(v, z, f)), posts)
                    }
                    (s, None) => (None, scoring::goalposts(s, ind.direction, &[])),
                };
                parts.push(PartResult {
                    name_zh: part.name_zh.clone(),
                    name_en: part.name_en.clone(),
                    value,
                    share,
                    zero: posts.map(|p| p.0),
                    full: posts.map(|p| p.1),
                });
            }
            // Several parts: scored on the worse one, whose value is shown.
            let worst = parts
                .iter()
                .enumerate()
                .filter(|(_, p)| p.share.is_some())
                .min_by(|(_, a), (_, b)| a.share.cmp(&b.share));
            let (share, value) = match (status, worst) {
                (Status::Ok, Some((_, w))) => (w.share.unwrap_or_default(), w.value),
                _ => (Decimal::ZERO, None),
            };
            let unit = match (ind.unit, worst) {
                (crate::indicators::Unit::WorseOf, Some((k, _))) => ind.parts[k].unit,
                _ => ind.unit,
            };
            let small_sample = m
                .small_sample
                .as_ref()
                .filter(|_| status == Status::Ok)
                .and_then(|c| small_sample(c, value));
            IndicatorResult {
                small_sample,
                id: ind.id.clone(),
                status,
                value,
                unit,
                points: Decimal::ZERO,
                weight: ind.weight,
                nominal_weight: ind.weight,
                parts,
                inputs: m.inputs,
                exact_points: share,
                exact_weight: ind.weight,
            }
        })
        .collect()
}
