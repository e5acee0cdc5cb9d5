//! The scored result: everything a report needs, computed once.
//! It reads back from results.json exactly as written (`partner-eval
//! merge`); the few foreign types it holds are read in `crate::shard::de`.
//!
//! Renderers (terminal, results.json, Excel, PDF) read these structures and
//! never recompute a score. Every number carries enough context — inputs,
//! evidence rows, reasons — to be checked by hand.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::indicators::{Direction, Party, RankScope, Unit};
use crate::problem::Location;
use crate::schema::enums::{
    Category, Channel, ComplaintCategory, CoopMode, Decision, FundBasis, FundFrequency, Grade,
    LegalForm, OrgForm, PartnerStatus, PartnerType, ServiceMode, Severity, SpaceTerms,
    SurveyMethod, VetoCode, WarningLevel,
};
use crate::value::Period;

/// Version of the results.json layout; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub schema_version: u32,
    pub engine_version: String,
    pub period: Period,
    pub evaluation_date: NaiveDate,
    pub indicator_set: SetInfo,
    /// The input files and their SHA-256, so a result can be reproduced.
    pub inputs: Vec<crate::ingest::InputFile>,
    pub summary: Summary,
    pub partners: Vec<PartnerResult>,
}

/// What the indicator set was, for the record.
#[derive(Debug, Clone, Serialize)]
pub struct SetInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: String,
    pub origin: String,
    /// SHA-256 of the indicator file's text.
    pub sha256: String,
    pub total: Decimal,
    /// Cap of the N/A transfer within a dimension, as a multiple of an
    /// indicator's own weight (DOMAIN.md §3.10 R1).
    pub na_max_factor: Decimal,
    pub dimensions: Vec<crate::indicators::Dimension>,
    pub indicators: Vec<IndicatorInfo>,
    /// How the rank intervals were drawn.
    pub sensitivity: crate::indicators::SensitivitySettings,
    /// How the weights above were derived (`[weighting]`).
    pub weighting: WeightingInfo,
}

/// Where the weights came from: the method, the weights scoring used, and
/// what a reader needs to check them (AHP consistency, α, a fallback).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeightingInfo {
    pub method: crate::indicators::WeightMethod,
    /// The file's points (`manual`) or AHP's.
    pub subjective: crate::indicators::SubjectiveMethod,
    /// Entropy or CRITIC, when weights were derived from the data.
    pub objective: Option<crate::indicators::ObjectiveMethod>,
    /// `combined` only: linear or multiplicative.
    pub form: Option<crate::indicators::CombineForm>,
    /// `combined` in linear form: the share of the subjective weights.
    pub alpha: Option<f64>,
    /// Final points of each dimension (the sum of its indicators').
    pub dimensions: Vec<DimensionWeight>,
    /// Final points of each indicator, with the vectors they came from.
    pub indicators: Vec<IndicatorWeight>,
    /// Consistency of every AHP matrix used.
    pub ahp: Vec<crate::indicators::AhpConsistency>,
    /// The random-index table those CRs were computed with. `default`:
    /// results.json of an earlier version, which always used Saaty 2005.
    #[serde(default)]
    pub random_index: crate::analysis::RandomIndexTable,
    /// Why the objective weights could not be derived, when they could not;
    /// the subjective weights were then used.
    pub fallback: Option<WeightingNote>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DimensionWeight {
    pub id: String,
    pub weight: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorWeight {
    pub id: String,
    /// The points scoring used.
    pub weight: Decimal,
    /// The subjective points (file or AHP).
    pub subjective: Decimal,
    /// The objective weight as a share (sums to 1), when derived.
    pub objective: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeightingNote {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorInfo {
    pub id: String,
    pub dimension: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub weight: Decimal,
    pub parts: Vec<PartInfo>,
}

/// How one part of an indicator is measured and scored.
#[derive(Debug, Clone, Serialize)]
pub struct PartInfo {
    pub name_zh: String,
    pub name_en: String,
    pub unit: Unit,
    pub formula: String,
    pub scoring: crate::indicators::Scoring,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub partners: usize,
    pub ranked: usize,
    pub new_partners: usize,
    pub renew: usize,
    pub rectify: usize,
    pub exit: usize,
    pub grades: Vec<(Grade, usize)>,
    pub over_commercialised_yellow: usize,
    pub over_commercialised_red: usize,
    pub vetoed: usize,
}

/// Whether an indicator could be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Scored.
    Ok,
    /// Not applicable: the weight went to other indicators.
    Na,
    /// Applicable but without data: 0 points and a data-gap flag.
    Missing,
}

/// One aggregate a formula used, with its value: the audit trail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Input {
    /// Shared with the indicator set: a city has 30,000 partners × dozens
    /// of inputs.
    pub formula: Arc<str>,
    pub value: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartResult {
    /// Shared with the indicator set, as [`Input::formula`].
    pub name_zh: Arc<str>,
    pub name_en: Arc<str>,
    pub value: Option<Decimal>,
    /// Share of the weight this part alone would earn, 0–1.
    pub share: Option<Decimal>,
    /// The goalposts actually applied (for percentile scoring, the peer quantiles).
    pub zero: Option<Decimal>,
    pub full: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorResult {
    #[serde(skip)]
    pub id: String,
    pub status: Status,
    /// The raw measure, e.g. 0.75 for 75 %; null unless status is ok.
    pub value: Option<Decimal>,
    /// The unit `value` is in: the indicator's, or for one scored on the
    /// worse of its parts, that part's (27 %, not a bare 0.27).
    pub unit: Unit,
    /// Points earned, 2 dp.
    pub points: Decimal,
    /// Weight after N/A redistribution.
    pub weight: Decimal,
    pub nominal_weight: Decimal,
    pub parts: Vec<PartResult>,
    pub inputs: Vec<Input>,
    /// Points before rounding, so totals are exact.
    #[serde(skip)]
    pub exact_points: Decimal,
    /// Weight before rounding.
    #[serde(skip)]
    pub exact_weight: Decimal,
    /// How a rate from few answers was adjusted (DOMAIN.md §3.10 R4), when
    /// the indicator's formula has a small-sample rule and the indicator
    /// was scored: worked out once here so that reports explain the value
    /// without reading the formula.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_sample: Option<SmallSample>,
}

/// The small-sample rule of one indicator as it worked out for a partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmallSample {
    pub method: SmallSampleMethod,
    /// The sample size (valid answers) and the successes (satisfied).
    pub n: Decimal,
    pub successes: Decimal,
    /// The sample size from which the raw rate counts, when the formula
    /// names one (the set's minimum, e.g. 30).
    pub min: Option<Decimal>,
    /// successes ÷ n.
    pub raw: Decimal,
    /// True when the rule gave the value (a sample below the minimum);
    /// false when the raw rate counts.
    pub applied: bool,
    /// The value used: the indicator's value.
    pub value: Decimal,
}

/// Which small-sample rule, with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SmallSampleMethod {
    /// The posterior mean (successes + strength·prior) / (n + strength):
    /// the partner's answers with `strength` answers at the `prior` rate
    /// (the district's pooled rate) added. The default (R4).
    PosteriorMean { prior: Decimal, strength: Decimal },
    /// The lower end of the Wilson score interval at `confidence`.
    Wilson { confidence: Decimal },
    /// The `quantile` of the Beta(α + successes, β + n − successes)
    /// posterior.
    Beta {
        alpha: Decimal,
        beta: Decimal,
        quantile: Decimal,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DimensionResult {
    pub id: String,
    pub points: Decimal,
    pub weight: Decimal,
    pub nominal_weight: Decimal,
    /// True when some of its weight came from N/A indicators elsewhere, or
    /// went elsewhere (N/A-adjusted).
    pub na_adjusted: bool,
    /// Whether it can be a weak spot: not when every scored indicator in it
    /// is one the partner's agreement does not oblige it to (`no_demand_when`,
    /// e.g. the fund dimension of a partner without a fund share, R2).
    pub judged: bool,
}

/// A record that supports a flag, a veto or a rectification item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub id: String,
    pub location: Location,
}

/// One number a rule read or an item asks for, typed so that every
/// renderer prints it the same way in the reader's language: what it is (in
/// words, never a formula or field name), its value and unit, and for a
/// share of counts the counts it came from (11/41 = 26.8 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The indicator it is the value of, when it is one ("C1").
    pub indicator: Option<String>,
    pub label_zh: String,
    pub label_en: String,
    /// None: no value (no data).
    pub value: Option<Decimal>,
    pub unit: Unit,
    /// Numerator and denominator of a share.
    pub of: Option<(Decimal, Decimal)>,
    /// Words after the value (the periods a count of periods is of).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<(String, String)>,
}

/// How a value must compare with a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    AtLeast,
    AtMost,
    Above,
    Below,
}

impl Cmp {
    pub fn sign(self) -> &'static str {
        match self {
            Cmp::AtLeast => "≥",
            Cmp::AtMost => "≤",
            Cmp::Above => ">",
            Cmp::Below => "<",
        }
    }

    /// Whether `x` already meets the target `t`.
    pub fn met(self, x: Decimal, t: Decimal) -> bool {
        match self {
            Cmp::AtLeast => x >= t,
            Cmp::AtMost => x <= t,
            Cmp::Above => x > t,
            Cmp::Below => x < t,
        }
    }
}

/// The level that removes the cause of an item: `fact` names the measure
/// and holds the value to reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub cmp: Cmp,
    pub fact: Fact,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConditionResult {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// What the condition read, in words and units.
    pub facts: Vec<Fact>,
    /// The records behind those values.
    pub evidence: Vec<EvidenceRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagResult {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Yellow or red for the over-commercialised flag.
    pub level: Option<WarningLevel>,
    pub conditions: Vec<ConditionResult>,
    pub evidence: Vec<EvidenceRow>,
    /// What the flag's rule read, in words and units.
    pub facts: Vec<Fact>,
    /// Applicable indicators without data (the data-gap flag), by id.
    pub missing: Vec<String>,
    /// Who must act on it.
    pub party: Party,
    /// Red only because the previous evaluation gave a yellow flag and the
    /// conditions gave yellow again (`red_after_prior_yellow`): every list
    /// of the flag says so. `default`: results.json of an earlier version
    /// does not have it.
    #[serde(default)]
    pub escalated_from_prior_yellow: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VetoResult {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub evidence: Vec<EvidenceRow>,
    /// What its rule read, in words and units (连续未缴期数 2).
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reason {
    pub decision: Decision,
    pub zh: String,
    pub en: String,
}

/// The kind of a rectification item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Veto,
    Flag,
    Indicator,
    DataGap,
}

/// How serious a rectification item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemLevel {
    General,
    Yellow,
    Red,
}

/// One line of the 问题清单 (DOMAIN.md §3.10 R5). A partner renewed after
/// rectification gets items only for the rules that decided it, each with
/// the level that removes its cause and a deadline; other findings are
/// advice (改进建议) without a deadline; a partner renewed or leaving gets no
/// binding item. Tasks of the community or the evaluator name that party.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RectificationItem {
    pub kind: ItemKind,
    pub level: ItemLevel,
    pub code: String,
    pub indicator: Option<String>,
    pub title_zh: String,
    pub title_en: String,
    /// Who must act.
    pub party: Party,
    /// Advice (改进建议), not a condition of renewal: no deadline.
    pub advice: bool,
    /// What was found, in words and units.
    pub found: Vec<Fact>,
    /// What removes the cause; empty when the listed records themselves
    /// must be put right (arrears paid, a breach stopped).
    pub targets: Vec<Target>,
    /// Only for a binding item of the partner.
    pub deadline: Option<NaiveDate>,
    pub evidence: Vec<EvidenceRow>,
}

/// What a partner did in the period, counted from its service records:
/// the headline numbers districts publish.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Sessions by pricing mode.
    pub free_sessions: u64,
    pub low_cost_sessions: u64,
    pub market_sessions: u64,
    /// Residents served (人次), all modes.
    pub participants: i64,
    /// Of which special groups (人次), where recorded.
    pub vulnerable_participants: i64,
    /// Service revenue recorded.
    pub revenue: Decimal,
}

/// One period of the fund reconciliation (公益金对账).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FundLine {
    pub payment_id: String,
    pub period: Period,
    pub basis: FundBasis,
    pub basis_amount: Option<Decimal>,
    pub rate: Option<Decimal>,
    /// As entered, or rate × basis to the fen, or the fixed amount.
    pub due: Option<Decimal>,
    pub paid: Decimal,
    /// Paid − due (negative = arrears).
    pub difference: Option<Decimal>,
    pub due_date: NaiveDate,
    pub paid_date: Option<NaiveDate>,
    /// Days after the due date the payment arrived (0 when on time);
    /// unpaid periods count to the evaluation date.
    pub days_late: Option<i64>,
    pub receipt_no: Option<String>,
    pub location: Location,
}

/// The cooperation agreement (合作协议) as the registry records it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agreement {
    /// The registry's facts about the partner a signer checks in 基本情况;
    /// `default` so that results.json of an earlier version still reads.
    /// An individual's identity number is never here.
    #[serde(default)]
    pub legal_form: Option<LegalForm>,
    #[serde(default)]
    pub org_form: Option<OrgForm>,
    /// 统一社会信用代码 of an organisation (public, not personal).
    #[serde(default)]
    pub credit_code: Option<String>,
    #[serde(default)]
    pub space_terms: Option<SpaceTerms>,
    #[serde(default)]
    pub status: Option<PartnerStatus>,
    #[serde(default)]
    pub fund_frequency: Option<FundFrequency>,
    /// Free service hours the agreement promises per year.
    #[serde(default)]
    pub agreed_free_hours: Option<f64>,
    pub number: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub coop_mode: CoopMode,
    pub service_mode: ServiceMode,
    pub main_category: Category,
    pub fund_basis: FundBasis,
    pub fund_rate: Option<Decimal>,
    pub fund_fixed: Option<Decimal>,
    /// Free sessions the agreement promises per year.
    pub agreed_free_sessions: i64,
    pub low_cost_cap_ratio: Option<Decimal>,
    pub spaces: Vec<SpaceLine>,
    /// The registry row.
    pub location: Location,
}

/// A space the agreement grants, and its use in the period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpaceLine {
    pub space_id: String,
    /// From the space register; none when the space is not registered.
    pub name: Option<String>,
    pub area_m2: Option<f64>,
    /// Hours of use recorded in the period.
    pub hours: f64,
}

/// The resident survey of the period, questionnaires and aggregated counts
/// together. No respondent is identified.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SurveySummary {
    /// Questionnaire rows (问卷明细), valid or not.
    pub questionnaires: usize,
    pub invalid: usize,
    /// Aggregated rows (问卷汇总).
    pub aggregated_rows: usize,
    /// Valid answers, both sources.
    pub valid: i64,
    /// Answers to the overall question, from 5 (very satisfied) down to 1.
    pub counts: [i64; 5],
    /// 4 or 5 on the overall question.
    pub satisfied: i64,
    /// satisfied ÷ valid.
    pub rate: Option<Decimal>,
    /// Mean answer (1–5) to overall, quality, price and safety, from
    /// questionnaires only.
    pub means: Vec<Option<Decimal>>,
    /// Respondents who felt pushed to buy, of those asked.
    pub sales_pressure: i64,
    pub sales_answered: i64,
    /// Questionnaires by survey method.
    pub methods: Vec<(SurveyMethod, usize)>,
}

/// One complaint or incident (投诉与事件).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComplaintLine {
    pub case_id: String,
    pub received: NaiveDate,
    pub channel: Channel,
    pub category: ComplaintCategory,
    pub valid: bool,
    pub severity: Severity,
    pub closed: Option<NaiveDate>,
    pub days_to_close: Option<i64>,
    pub veto_code: Option<VetoCode>,
    pub outcome: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rank {
    pub rank: usize,
    pub of: usize,
    /// Share of the scope's other partners ranked below, 0–100 (a vetoed
    /// partner ranks below every partner without a veto).
    pub percentile: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartnerResult {
    pub partner_id: String,
    pub name: String,
    pub district: String,
    pub street: String,
    pub community: String,
    pub partner_type: PartnerType,
    pub active_months: u32,
    /// Last period's outcome as the registry records it (上期等级/决策/预警).
    pub prior_grade: Option<Grade>,
    pub prior_decision: Option<Decision>,
    pub prior_flag: Option<WarningLevel>,
    /// Fewer active months than the set's minimum: scored, not ranked.
    pub new_partner: bool,
    pub total: Decimal,
    pub grade: Grade,
    pub stars: u8,
    pub decision: Decision,
    pub dimensions: Vec<DimensionResult>,
    #[serde(
        serialize_with = "by_id",
        deserialize_with = "crate::shard::de::indicators_by_id"
    )]
    pub indicators: Vec<IndicatorResult>,
    pub flags: Vec<FlagResult>,
    pub vetoes: Vec<VetoResult>,
    #[serde(
        serialize_with = "ranks_map",
        deserialize_with = "crate::shard::de::ranks_map"
    )]
    pub ranks: Vec<(RankScope, Rank)>,
    pub reasons: Vec<Reason>,
    pub rectifications: Vec<RectificationItem>,
    /// Fund payments of the period, reconciled.
    pub fund: Vec<FundLine>,
    pub activity: Activity,
    pub agreement: Agreement,
    pub survey: SurveySummary,
    /// Complaints and incidents of the period (投诉与事件), oldest first.
    pub complaints: Vec<ComplaintLine>,
    /// Last period's result (`--previous`) and the change since.
    pub previous: Option<PreviousPeriod>,
    /// The TOPSIS view of the ranking, beside the weighted sum.
    pub topsis: Option<TopsisView>,
    /// Rank interval and decision stability under perturbed weights,
    /// goalposts and normalisation.
    pub sensitivity: Option<Sensitivity>,
    /// The smallest single-indicator improvement that would change the
    /// decision (差距分析); none for renewed partners.
    pub gap: Option<Gap>,
    /// For an exit decision: the partner's right to state its case
    /// (陈述申辩) before the decision is final, for the exit notice.
    /// `default`: results.json of an earlier version does not have it.
    #[serde(default)]
    pub hearing: Option<Hearing>,
    /// The decision with every fact held but the total and the number of
    /// weak dimensions, for each interval between the rules' cut points on
    /// the total and each count (see `score::sensitivity::decision_table`):
    /// what the Monte Carlo reads instead of re-running the rules per draw.
    #[serde(skip)]
    pub decision_table: Vec<Decision>,
}

/// The period in which a partner told it will exit may state its case
/// (陈述申辩, DOMAIN §3.10 R6): the exit is final only after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// Working days (Monday to Friday) allowed, from the indicator set.
    pub working_days: u32,
    /// The last day to state the case: that many working days after the
    /// evaluation date, Saturdays and Sundays skipped.
    pub deadline: NaiveDate,
}

/// Last period's outcome, read from its results.json or workbook, and the
/// change since (本期 − 上期).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreviousPeriod {
    pub period: String,
    pub total: Decimal,
    pub grade: Grade,
    pub decision: Decision,
    pub flag: Option<WarningLevel>,
    /// District rank last period, when ranked.
    pub rank: Option<usize>,
    pub total_change: Decimal,
    /// Positive = moved up (a smaller rank number).
    pub rank_change: Option<i64>,
    /// Points of each indicator last period, by id, where known.
    pub indicator_points: Vec<(String, Decimal)>,
}

/// TOPSIS closeness to the ideal partner, and the rank it gives in the
/// district, on the same weighted indicator shares as the total.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopsisView {
    /// 0–1, higher is closer to the ideal.
    pub closeness: f64,
    pub rank: usize,
    pub of: usize,
}

/// Ranks across the Monte Carlo draws (see `score::sensitivity`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sensitivity {
    pub median_rank: f64,
    /// 5 % and 95 % quantiles of the rank (Hyndman–Fan type 7).
    pub rank_low: f64,
    pub rank_high: f64,
    /// Share of draws in which the decision differed.
    pub decision_flip_share: f64,
    /// The decision changes in at least the set's borderline share of draws.
    pub borderline: bool,
    /// District rank under min–max normalisation within the district (the
    /// other common normalisation), with the partner's own weights: a
    /// figure of its own, never mixed into the draws, which all score on
    /// the goalposts the total uses. `default`: results.json of an earlier
    /// version does not have it.
    #[serde(default)]
    pub min_max_rank: Option<usize>,
}

/// What it takes (差距分析).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gap {
    /// The decision the improvement would reach.
    pub to: Decision,
    /// The indicator to improve; none when no single indicator suffices.
    pub indicator: Option<String>,
    /// Its value now and the value needed (formatted in its unit), and the
    /// points it would then earn.
    pub value_now: String,
    pub value_needed: String,
    pub points_now: Decimal,
    pub points_needed: Decimal,
    /// Why no single indicator suffices, when it does not.
    pub blocked_by: Vec<String>,
    /// An indicator left out of the search because the partner's own rate
    /// already reaches what the decision needs and only the small-sample
    /// rule scores it lower (R4): what is missing is a larger survey, the
    /// community's task, not anything the partner can do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleGap>,
}

/// See [`Gap::sample`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleGap {
    pub indicator: String,
    /// The raw rate and the value scored, formatted in the indicator's unit.
    pub raw: String,
    pub value_now: String,
    /// Valid answers and the minimum from which the raw rate counts.
    pub n: Decimal,
    pub min: Option<Decimal>,
    /// The decision the raw rate would reach.
    pub to: Decision,
}

impl PartnerResult {
    pub fn flag(&self, id: &str) -> Option<&FlagResult> {
        self.flags.iter().find(|f| f.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorResult> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn rank(&self, scope: RankScope) -> Option<Rank> {
        self.ranks
            .iter()
            .find(|(s, _)| *s == scope)
            .map(|(_, r)| *r)
    }
}

/// Indicators as a JSON object keyed by id, in the set's order.
fn by_id<S: Serializer>(items: &[IndicatorResult], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(items.len()))?;
    for i in items {
        map.serialize_entry(&i.id, i)?;
    }
    map.end()
}

fn ranks_map<S: Serializer>(items: &[(RankScope, Rank)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(items.len()))?;
    for (scope, rank) in items {
        map.serialize_entry(scope, rank)?;
    }
    map.end()
}
