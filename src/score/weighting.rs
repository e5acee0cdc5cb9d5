//! Objective weights from the scored data (`[weighting] method = "entropy"`,
//! `"critic"` or `"combined"`), and the record of how weights were derived.
//!
//! Why a separate pass: entropy and CRITIC weigh indicators by how the
//! partners differ on them, which is only known once every partner has been
//! scored. So [`objective`] scores once with the subjective weights (the
//! file's points, or AHP's), derives the weights from that pass, and hands
//! back a copy of the set carrying them; `evaluate` then scores with it.
//!
//! Conventions (indicators/README.md §3.10):
//! - The decision matrix: one row per ranked partner (not `new_partner`) of
//!   the whole load, one column per indicator, holding the indicator's share
//!   of its weight, `exact_points / exact_weight` ∈ [0, 1]. Shares are
//!   already "higher is better", so every column is passed as
//!   [`Direction::Up`].
//! - An indicator that is N/A or missing for a partner (or has no weight in
//!   the first pass) is imputed with the partner's weighted mean share of its
//!   other indicators, `Σ points / Σ weight` over the scored ones — what
//!   redistributing its weight does to the total, so it neither helps nor
//!   hurts the partner in the spread. A partner with no scored indicator
//!   carries no information and is left out.
//! - Entropy uses [`EntropyNormalisation::Sum`], `p_ij = share_ij / Σ_i
//!   share_ij`, on the shares as they are: they have a meaningful zero (the
//!   goalposts) and a common scale, so an indicator on which every partner
//!   scores between 90 % and 100 % of its weight correctly counts as nearly
//!   even. Min-max would stretch that small spread to [0, 1] and give it a
//!   large weight for differences worth a fraction of a point.
//!   `0·ln 0 = 0`, `k = 1/ln m` (`analysis::entropy`).
//! - CRITIC min-max normalises each column itself and uses the sample
//!   standard deviation and Pearson correlations (`analysis::critic`).
//! - `combined`: `α·subjective + (1 − α)·objective` (linear) or
//!   `subjective·objective` renormalised (multiplicative), both vectors
//!   normalised to sum 1 first (`analysis::combine`).
//! - The weights become points summing exactly to `total` as AHP's do
//!   (`indicators::to_points`: 0.01, remainder to the largest); a dimension
//!   weighs the sum of its indicators.
//! - When the data cannot give weights — fewer than 2 ranked partners, every
//!   column constant, or a multiplicative blend with nothing in common — the
//!   subjective weights are kept and the reason recorded
//!   ([`WeightingInfo::fallback`]).
//! - The first pass runs without the Monte Carlo (`draws = 0`): its ranks
//!   are never shown, only its shares are used.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::result::{
    DimensionWeight, IndicatorWeight, PartnerResult, Status, WeightingInfo, WeightingNote,
};
use super::Options;
use crate::analysis::{
    combine_linear, combine_multiplicative, critic_weights, entropy_weights, EntropyNormalisation,
    WeightError,
};
use crate::indicators::{
    apply_points, to_points, CombineForm, Direction, IndicatorSet, ObjectiveMethod,
    ObjectiveOutcome, Weighting,
};
use crate::model::Dataset;

/// The set with weights derived from the data, when its method asks for
/// them and they have not been derived yet; `None` otherwise. The copy
/// records the outcome, so scoring with it does not derive them again.
pub fn objective(ds: &Dataset, set: &IndicatorSet, opts: &Options) -> Option<IndicatorSet> {
    if !set.weighting.pending() {
        return None;
    }
    let method = set.weighting.objective?;
    let mut first = set.clone();
    first.weighting.objective = None;
    first.sensitivity.draws = 0;
    let pass = super::evaluate(ds, &first, opts);
    let matrix = share_matrix(&pass.partners);
    let up = vec![Direction::Up; set.indicators.len()];
    let derived = match method {
        ObjectiveMethod::Entropy => entropy_weights(&matrix, &up, EntropyNormalisation::Sum),
        ObjectiveMethod::Critic => critic_weights(&matrix, &up),
    };
    let mut out = first;
    out.weighting.objective = set.weighting.objective;
    out.sensitivity = set.sensitivity;
    let blended = derived.and_then(|o| blend(&set.weighting, &o).map(|w| (o, w)));
    out.weighting.outcome = Some(match blended {
        Ok((objective, weights)) => {
            let points = to_points(&weights, set.total);
            apply_points(&mut out.dimensions, &mut out.indicators, &points);
            ObjectiveOutcome::Weights(objective)
        }
        Err(e) => fallback(&e),
    });
    Some(out)
}

/// The decision matrix of the module doc: ranked partners × indicator shares.
fn share_matrix(partners: &[PartnerResult]) -> Vec<Vec<f64>> {
    partners
        .iter()
        .filter(|p| !p.new_partner)
        .filter_map(|p| {
            let scored = |s: Status, w: Decimal| s == Status::Ok && w > Decimal::ZERO;
            let (mut points, mut weight) = (Decimal::ZERO, Decimal::ZERO);
            for r in p
                .indicators
                .iter()
                .filter(|r| scored(r.status, r.exact_weight))
            {
                points += r.exact_points;
                weight += r.exact_weight;
            }
            let mean = points.checked_div(weight)?.to_f64()?;
            Some(
                p.indicators
                    .iter()
                    .map(|r| {
                        if scored(r.status, r.exact_weight) {
                            r.exact_points
                                .checked_div(r.exact_weight)
                                .and_then(|s| s.to_f64())
                                .unwrap_or(mean)
                        } else {
                            mean
                        }
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The final vector: objective alone, or blended with the subjective one.
fn blend(w: &Weighting, objective: &[f64]) -> Result<Vec<f64>, WeightError> {
    let subjective: Vec<f64> = w
        .subjective_points
        .iter()
        .map(|p| p.to_f64().unwrap_or(0.0))
        .collect();
    match (w.form, w.alpha) {
        (Some(CombineForm::Multiplicative), _) => combine_multiplicative(&subjective, objective),
        (Some(CombineForm::Linear), Some(alpha)) => combine_linear(&subjective, objective, alpha),
        _ => Ok(objective.to_vec()),
    }
}

fn fallback(e: &WeightError) -> ObjectiveOutcome {
    let kept = ("；沿用主观权重", "; the subjective weights were kept");
    let zh = match e {
        WeightError::TooFewAlternatives { rows, min } => {
            format!("参与排名且有得分的合伙人只有 {rows} 家，由数据求客观权重至少需要 {min} 家")
        }
        WeightError::AllColumnsConstant => {
            "各指标得分率在合伙人之间完全相同，数据不含赋权信息".to_string()
        }
        WeightError::ZeroTotal => "主观权重与客观权重没有同为正的指标，乘法组合无解".to_string(),
        other => format!("无法由数据求客观权重（{other}）"),
    };
    ObjectiveOutcome::Fallback {
        zh: format!("{zh}{}", kept.0),
        en: format!("{e}{}", kept.1),
    }
}

/// The record of [`WeightingInfo`] for a set as scored.
pub fn info(set: &IndicatorSet) -> WeightingInfo {
    let w = &set.weighting;
    let (objective, fallback) = match &w.outcome {
        Some(ObjectiveOutcome::Weights(v)) => (Some(v.as_slice()), None),
        Some(ObjectiveOutcome::Fallback { zh, en }) => (
            None,
            Some(WeightingNote {
                zh: zh.clone(),
                en: en.clone(),
            }),
        ),
        None => (None, None),
    };
    WeightingInfo {
        method: w.method,
        subjective: w.subjective,
        objective: w.objective,
        form: w.form,
        alpha: w.alpha,
        dimensions: set
            .dimensions
            .iter()
            .map(|d| DimensionWeight {
                id: d.id.clone(),
                weight: d.weight,
            })
            .collect(),
        indicators: set
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| IndicatorWeight {
                id: ind.id.clone(),
                weight: ind.weight,
                subjective: w.subjective_points.get(i).copied().unwrap_or(ind.weight),
                objective: objective.and_then(|v| v.get(i).copied()),
            })
            .collect(),
        ahp: w.ahp.clone(),
        random_index: w.random_index,
        fallback,
    }
}
