//! Indicator sets as data: dimensions, indicators, grade bands, vetoes,
//! flags, the over-commercialised rule, decision rules and ranking rules.
//!
//! A set is read from TOML (`indicators/default.toml` is embedded in the
//! binary), checked as a whole — every formula parsed and typed, weights
//! summed, names resolved — and only then used. None of its numbers lives in
//! Rust code.

mod build;
mod error;
mod file;
mod measures;
pub mod names;
mod outcome;
mod weighting;

pub use error::{FileError, SetError};
pub use names::{Stage, SurveyStat, Var, VarTable};
pub use weighting::{apply_points, method_words, to_points};

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::formula::{Formula, Table};
use crate::schema::enums::{Decision, Grade};

/// The default set, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../../indicators/default.toml");

/// A checked indicator set. `Clone` because objective weighting scores
/// with a copy whose weights the data decided (`score::weighting`).
#[derive(Debug, Clone)]
pub struct IndicatorSet {
    /// Where it came from: a path, or `default` for the embedded set.
    pub origin: String,
    /// The exact text, kept for the audit sheet and hashing.
    pub text: String,
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: String,
    pub total: Decimal,
    pub min_active_months: u32,
    /// No indicator's effective weight exceeds this many times its own
    /// weight through N/A weight of its dimension (`[set] na_max_factor`);
    /// the rest goes across the other dimensions (`score::weights`).
    pub na_max_factor: Decimal,
    pub params: Vec<(String, Decimal)>,
    pub dimensions: Vec<Dimension>,
    pub indicators: Vec<Indicator>,
    pub bands: Vec<Band>,
    pub vetoes: Vec<Check>,
    pub flags: Vec<Check>,
    pub over_commercialised: Option<OverCommercialised>,
    pub weak_dimension_share: Decimal,
    pub deadline_days: i64,
    /// Working days from the evaluation date in which a partner told it
    /// will exit may state its case (陈述申辩) before the decision is final.
    pub hearing_days: u32,
    pub rules: Vec<Rule>,
    pub ranking: Ranking,
    pub sensitivity: SensitivitySettings,
    /// How the weights above were derived (`[weighting]`).
    pub weighting: Weighting,
    pub names: VarTable,
}

/// The weighting method of a set (`[weighting] method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightMethod {
    /// The points written in the file.
    Manual,
    /// AHP from pairwise comparison matrices, computed when the file is read.
    Ahp,
    /// Entropy weights from the scored data.
    Entropy,
    /// CRITIC weights from the scored data.
    Critic,
    /// A subjective and an objective vector blended (组合赋权).
    Combined,
}

/// Where the subjective weights come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectiveMethod {
    Manual,
    Ahp,
}

/// Which objective method the data are weighed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveMethod {
    Entropy,
    Critic,
}

/// How `combined` blends the two vectors (see `analysis::combine`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CombineForm {
    /// `α·subjective + (1 − α)·objective`.
    Linear,
    /// `subjective·objective`, renormalised.
    Multiplicative,
}

/// The consistency of one AHP comparison matrix, for the record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AhpConsistency {
    /// `dimensions`, or the id of the dimension whose indicators were compared.
    pub matrix: String,
    pub n: usize,
    pub lambda_max: f64,
    pub ci: f64,
    pub ri: f64,
    pub cr: f64,
}

/// What the data gave when objective weights were asked for.
#[derive(Debug, Clone)]
pub enum ObjectiveOutcome {
    /// The objective vector (shares summing to 1), one per indicator, before
    /// any blending.
    Weights(Vec<f64>),
    /// The data could not give weights; the subjective ones were kept.
    Fallback { zh: String, en: String },
}

/// How the weights of a set were derived. The dimension and indicator
/// weights of the set are always the ones scoring uses; this says where
/// they came from.
#[derive(Debug, Clone)]
pub struct Weighting {
    pub method: WeightMethod,
    pub subjective: SubjectiveMethod,
    /// Objective weights to derive from the data, if any.
    pub objective: Option<ObjectiveMethod>,
    /// `combined` only.
    pub form: Option<CombineForm>,
    /// `combined` in linear form only: the share of the subjective weights.
    pub alpha: Option<f64>,
    /// One entry per AHP matrix used.
    pub ahp: Vec<AhpConsistency>,
    /// The random-index table AHP's CR uses (`random_index`).
    pub random_index: crate::analysis::RandomIndexTable,
    /// Points of each indicator before objective weighting: the file's, or
    /// AHP's. The first scoring pass and the blend use them.
    pub subjective_points: Vec<Decimal>,
    /// Set once scoring has derived the objective weights (or fallen back),
    /// so that the reweighted set is not weighed again.
    pub outcome: Option<ObjectiveOutcome>,
}

impl Weighting {
    /// Whether scoring still has to derive objective weights from the data.
    pub fn pending(&self) -> bool {
        self.objective.is_some() && self.outcome.is_none()
    }
}

/// How the rank intervals are drawn (`[sensitivity]`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SensitivitySettings {
    /// Monte Carlo draws; 0 turns the analysis off.
    pub draws: u32,
    /// Seed of the draws: the same seed gives the same intervals.
    pub seed: u64,
    /// Each indicator weight is multiplied by 1 ± this share.
    pub weight_spread: f64,
    /// Each goalpost moves by up to this share of its range.
    pub goalpost_spread: f64,
    /// A decision differing in at least this share of draws is borderline.
    pub borderline_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub weight: Decimal,
}

/// Who must act on an item (DOMAIN.md §3.10 R5): the partner, or the
/// community (a larger survey, complete ledgers) or the evaluator (verify
/// the accounts), whose tasks are never the partner's rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    #[default]
    Partner,
    Community,
    Evaluator,
}

impl Party {
    /// Parses the indicator file's `party`: 合伙人 / 社区 / 评估机构 or the
    /// English keys.
    pub fn parse(s: &str) -> Option<Party> {
        match s {
            "合伙人" | "partner" => Some(Party::Partner),
            "社区" | "community" => Some(Party::Community),
            "评估机构" | "evaluator" => Some(Party::Evaluator),
            _ => None,
        }
    }

    /// The key the wording templates test (`party == "community"`).
    pub fn key(self) -> &'static str {
        match self {
            Party::Partner => "partner",
            Party::Community => "community",
            Party::Evaluator => "evaluator",
        }
    }

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Party::Partner => lang.pick("合伙人", "partner"),
            Party::Community => lang.pick("社区", "community"),
            Party::Evaluator => lang.pick("评估机构", "evaluator"),
        }
    }
}

/// A number a flag, veto or condition shows as its evidence, named in
/// words by the indicator file (`[[flag.show]]`), so that a report never
/// prints the rule's formula.
#[derive(Debug, Clone)]
pub struct Shown {
    pub label_zh: String,
    pub label_en: String,
    pub value: Formula,
    pub unit: Unit,
}

/// How an indicator's value is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Ratio,
    PerMille,
    Number,
    Count,
    Money,
    WorseOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// Turning a value into a share of the weight.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Fixed goalposts: `zero` gives 0 points, `full` all of them.
    Linear { zero: Decimal, full: Decimal },
    /// 分段计分: the first step the value reaches gives its points.
    Steps(Vec<Step>),
    /// Relative: the value's percentile among peers, between two percentiles.
    Percentile {
        zero: Decimal,
        full: Decimal,
        peers: Option<PeerKey>,
        min_peers: usize,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// The value this step starts at (`min` for up, `max` for down).
    pub bound: Decimal,
    pub points: Decimal,
}

/// Who counts as a peer for relative scoring: all partners of the district,
/// or those sharing a registry attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerKey {
    MainCategory,
    PartnerType,
    Street,
}

/// One measured part of an indicator.
#[derive(Debug, Clone)]
pub struct Part {
    /// Shared with every partner's result ([`crate::score::PartResult`]).
    pub name_zh: Arc<str>,
    pub name_en: Arc<str>,
    pub unit: Unit,
    pub value: Formula,
    pub scoring: Scoring,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub dimension: usize,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Unit,
    pub unit_zh: Option<String>,
    pub unit_en: Option<String>,
    pub direction: Direction,
    pub weight: Decimal,
    /// One part, or several scored on the worse of them.
    pub parts: Vec<Part>,
    pub na_when: Option<Formula>,
    pub missing_when: Option<Formula>,
    /// Index of the indicator that takes the weight when this one is N/A.
    pub na_weight_to: Option<usize>,
    /// When it holds, the indicator is scored but never turned into a
    /// demand (a rectification item or advice): what the partner's
    /// agreement does not oblige it to give (DOMAIN.md §3.10 R2).
    pub no_demand_when: Option<Formula>,
    /// False for a measure kept for comparison that no agreement obliges a
    /// partner to (F3 contribution intensity, F4 in-kind giving): scored,
    /// never a demand, and no ground for a weak dimension on its own.
    pub demand: bool,
    /// The tables its values read, when every one comes from an optional
    /// sheet (志愿与时间银行, 空间使用); empty otherwise. Such an indicator
    /// is N/A for a partner whose community supplied none of those sheets,
    /// and missing data when they were supplied without the partner's rows
    /// (DOMAIN.md §3.10 R3; `score::measure`).
    pub optional_tables: Vec<Table>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Band {
    pub min: Decimal,
    pub grade: Grade,
    pub stars: u8,
}

/// A veto or a flag: raised by matching records, or by a condition.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub records: Option<(Table, Option<Formula>)>,
    pub when: Option<Formula>,
    /// Raised too by every applicable indicator without data (FL6).
    pub data_gaps: bool,
    /// The numbers to show as its evidence; none: those its rule compares.
    pub show: Vec<Shown>,
    /// Who must act when it is raised.
    pub party: Party,
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub when: Formula,
    pub counted: bool,
    /// The numbers to show as its evidence; none: those its rule compares.
    pub show: Vec<Shown>,
}

#[derive(Debug, Clone)]
pub struct OverCommercialised {
    pub flag: String,
    pub name_zh: String,
    pub name_en: String,
    pub yellow: usize,
    pub red: usize,
    pub red_on: Vec<String>,
    pub red_after_prior_yellow: bool,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub decision: Decision,
    pub when: Formula,
    pub reason_zh: String,
    pub reason_en: String,
}

/// A scope partners are ranked within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankScope {
    District,
    Street,
    Community,
    PartnerType,
}

#[derive(Debug, Clone)]
pub struct Ranking {
    pub scopes: Vec<RankScope>,
    /// Indicator indices whose points break ties, in order; the partner id
    /// breaks the rest.
    pub tie_break: Vec<usize>,
}

/// The largest indicator file read (see [`IndicatorSet::from_file`]).
pub const MAX_FILE_BYTES: u64 = 10 << 20;

impl IndicatorSet {
    /// The embedded default set.
    pub fn default_set() -> Result<IndicatorSet, Vec<SetError>> {
        build::build("default", DEFAULT_TOML)
    }

    /// Reads and checks a set from a file, refusing one that is not a
    /// regular file or is larger than [`MAX_FILE_BYTES`].
    pub fn from_file(path: &Path) -> Result<IndicatorSet, FileError> {
        let name = path.display().to_string();
        // A copy saved by Windows tools may be UTF-16 or GBK: decode it as
        // the spreadsheet loader decodes CSV.
        // Only a regular file, and at most 10 MB of it: the shipped sets
        // are 20 to 30 KB, and each formula is bounded on its own.
        let text = crate::files::read_regular(path, MAX_FILE_BYTES)
            .and_then(|b| {
                if b.len() as u64 > MAX_FILE_BYTES {
                    Err(std::io::Error::other(crate::files::Refused {
                        zh: "文件大于 10 MB，不是指标体系文件",
                        en: "larger than 10 MB: not an indicator set",
                    }))
                } else {
                    Ok(b)
                }
            })
            .map(|b| crate::ingest::reader::decode_text(&b))
            .map_err(|e| FileError::io(name.clone(), &e))?;
        build::build(&name, &text).map_err(FileError::Set)
    }

    /// Checks a set given as text (for tests and `indicators check`).
    pub fn from_text(origin: &str, text: &str) -> Result<IndicatorSet, Vec<SetError>> {
        build::build(origin, text)
    }

    pub fn indicator(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }
}
