//! The indicator file as written (TOML), before checking.
//!
//! Unknown keys are refused (`deny_unknown_fields`) so that a misspelt
//! setting is named instead of silently ignored. Formulas keep their span in
//! the file so that an error can give its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub set: SetDef,
    #[serde(default)]
    pub params: BTreeMap<String, Spanned<f64>>,
    pub dimension: Vec<DimensionDef>,
    pub indicator: Vec<IndicatorDef>,
    pub band: Vec<BandDef>,
    #[serde(default)]
    pub veto: Vec<CheckDef>,
    #[serde(default)]
    pub flag: Vec<CheckDef>,
    pub over_commercialised: Option<OverCommercialisedDef>,
    pub decision: DecisionDef,
    pub ranking: RankingDef,
    #[serde(default)]
    pub sensitivity: SensitivityDef,
    pub weighting: Option<WeightingDef>,
}

/// `[weighting]`: how the indicator weights are derived (checked in
/// `weighting.rs`; the default is the points written in the file).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightingDef {
    /// `manual`, `ahp`, `entropy`, `critic` or `combined`.
    pub method: Spanned<String>,
    /// AHP comparison of the dimensions, in file order.
    pub dimensions: Option<Spanned<Vec<Vec<Judgement>>>>,
    /// AHP comparison of the indicators of a dimension, keyed by its id.
    #[serde(default)]
    pub within: BTreeMap<String, Spanned<Vec<Vec<Judgement>>>>,
    /// `combined` only: `manual` or `ahp`.
    pub subjective: Option<Spanned<String>>,
    /// `combined` only: `entropy` or `critic`.
    pub objective: Option<Spanned<String>>,
    /// `combined` only: the share of the subjective weights (linear form).
    pub alpha: Option<Spanned<f64>>,
    /// `combined` only: `linear` (the default) or `multiplicative`.
    pub form: Option<Spanned<String>>,
    /// AHP only: the random-index table CR is computed with, `saaty2005`
    /// (the default) or `saaty1980` (the table Chinese textbooks print).
    pub random_index: Option<Spanned<String>>,
}

/// One AHP judgement: a number, or a fraction written as text (`"1/3"`),
/// since TOML has no fractions and Saaty's reciprocals are fractions.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub enum Judgement {
    Number(f64),
    Text(String),
}

/// `[sensitivity]`: the Monte Carlo over weights, goalposts and
/// normalisation that gives each partner a rank interval.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SensitivityDef {
    pub draws: Spanned<u32>,
    pub seed: u64,
    /// ± percent each indicator weight is varied by.
    pub weight_pct: Spanned<f64>,
    /// ± percent of the goalpost range each goalpost is moved by.
    pub goalpost_pct: Spanned<f64>,
    /// Share of draws whose decision differs that marks it borderline.
    pub borderline_share: Spanned<f64>,
}

impl Default for SensitivityDef {
    fn default() -> Self {
        SensitivityDef {
            draws: Spanned::new(0..0, 1000),
            seed: 20_251_231,
            weight_pct: Spanned::new(0..0, 10.0),
            goalpost_pct: Spanned::new(0..0, 10.0),
            borderline_share: Spanned::new(0..0, 0.10),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetDef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: String,
    pub total: Spanned<f64>,
    pub min_active_months: u32,
    /// Cap of the N/A transfer: no indicator ends above this many times its
    /// own weight from the weight of N/A indicators of its dimension
    /// (DOMAIN.md §3.10 R1); 2 when not written.
    pub na_max_factor: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    pub id: Spanned<String>,
    pub name_zh: String,
    pub name_en: String,
    pub weight: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub id: Spanned<String>,
    pub dimension: Spanned<String>,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Spanned<String>,
    pub unit_zh: Option<String>,
    pub unit_en: Option<String>,
    pub value: Option<Spanned<String>>,
    pub na_when: Option<Spanned<String>>,
    pub missing_when: Option<Spanned<String>>,
    pub na_weight_to: Option<Spanned<String>>,
    pub no_demand_when: Option<Spanned<String>>,
    /// false: a measure for comparison, never asked of a partner.
    #[serde(default = "yes")]
    pub demand: bool,
    pub direction: Spanned<String>,
    pub scoring: Option<Spanned<ScoringDef>>,
    pub weight: Spanned<f64>,
    #[serde(default)]
    pub part: Vec<PartDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDef {
    pub name_zh: String,
    pub name_en: String,
    pub unit: Spanned<String>,
    pub value: Spanned<String>,
    pub scoring: Spanned<ScoringDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum ScoringDef {
    Linear {
        zero: f64,
        full: f64,
    },
    Steps(Vec<StepDef>),
    Percentile {
        zero: f64,
        full: f64,
        peers: Option<String>,
        min_peers: usize,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// The step applies from this value (direction up) …
    pub min: Option<f64>,
    /// … or up to this value (direction down).
    pub max: Option<f64>,
    pub points: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandDef {
    pub min: f64,
    pub grade: Spanned<String>,
    pub stars: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    pub id: Spanned<String>,
    pub name_zh: String,
    pub name_en: String,
    pub records: Option<Spanned<String>>,
    pub when: Option<Spanned<String>>,
    /// Also raised by every applicable indicator without data.
    #[serde(default)]
    pub data_gaps: bool,
    /// 合伙人 (default), 社区 or 评估机构: who must act when it is raised.
    pub party: Option<Spanned<String>>,
    #[serde(default)]
    pub show: Vec<ShowDef>,
}

/// A number shown as a flag's or condition's evidence, named in words.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowDef {
    pub name_zh: String,
    pub name_en: String,
    pub value: Spanned<String>,
    pub unit: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverCommercialisedDef {
    pub flag: String,
    pub name_zh: String,
    pub name_en: String,
    pub yellow: usize,
    pub red: usize,
    #[serde(default)]
    pub red_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub red_after_prior_yellow: bool,
    pub condition: Vec<ConditionDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    pub id: Spanned<String>,
    pub name_zh: String,
    pub name_en: String,
    pub when: Spanned<String>,
    #[serde(default = "yes")]
    pub counted: bool,
    #[serde(default)]
    pub show: Vec<ShowDef>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    pub weak_dimension_share: f64,
    pub deadline_days: Spanned<i64>,
    /// Working days an exiting partner has to state its case (陈述申辩).
    #[serde(default = "hearing_days")]
    pub hearing_days: Spanned<i64>,
    pub rule: Vec<RuleDef>,
}

/// Five working days, the usual period for 陈述申辩 (DOMAIN §3.10 R6).
fn hearing_days() -> Spanned<i64> {
    Spanned::new(0..0, 5)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub decision: Spanned<String>,
    pub when: Spanned<String>,
    pub reason_zh: Spanned<String>,
    pub reason_en: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankingDef {
    pub scopes: Vec<Spanned<String>>,
    pub tie_break: Vec<Spanned<String>>,
}
