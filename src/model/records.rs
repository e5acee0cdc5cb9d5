//! One struct per sheet of DOMAIN.md §2. Optional columns are `Option`s.
//!
//! In the tables that reach millions of rows, texts that rows repeat
//! (partner and space ids, activity names, evidence, clerks) are [`Text`]s,
//! stored once per file however many rows name them, and the rows' own ids
//! are [`Id`]s, kept inside the row.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Id, Origin, Text};
use crate::schema::enums::*;
use crate::value::Period;

/// 合伙人名册: a partner and its agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub origin: Origin,
    pub partner_id: String,
    pub name: String,
    pub legal_form: LegalForm,
    pub partner_type: PartnerType,
    pub org_form: Option<OrgForm>,
    pub credit_code: Option<String>,
    /// Personal data: never printed unmasked.
    #[serde(skip)]
    pub id_number: Option<String>,
    pub district: String,
    pub street: String,
    pub community: String,
    pub coop_mode: CoopMode,
    pub service_mode: ServiceMode,
    pub main_category: Category,
    pub agreement_no: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub fund_basis: FundBasis,
    pub fund_rate: Option<Decimal>,
    pub fund_fixed: Option<Decimal>,
    pub fund_frequency: Option<FundFrequency>,
    pub agreed_free_sessions: i64,
    pub agreed_free_hours: Option<f64>,
    pub low_cost_cap_ratio: Option<Decimal>,
    pub space_ids: Vec<String>,
    pub space_area_m2: Option<f64>,
    pub space_terms: SpaceTerms,
    pub status: PartnerStatus,
    pub prior_grade: Option<Grade>,
    pub prior_decision: Option<Decision>,
    pub prior_flag: Option<WarningLevel>,
}

/// 服务记录: one activity or session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRecord {
    pub origin: Origin,
    pub record_id: Id,
    pub partner_id: Text,
    pub date: NaiveDate,
    pub duration_h: Option<f64>,
    pub category: Category,
    pub title: Option<Text>,
    pub pricing_mode: PricingMode,
    pub unit_price: Decimal,
    pub market_ref_price: Option<Decimal>,
    pub participants: i64,
    pub vulnerable_participants: Option<i64>,
    /// As typed, or unit price × participants when blank for a priced row.
    pub revenue: Decimal,
    pub space_id: Option<Text>,
    /// Defaults to 是 for 公益 rows and 否 otherwise.
    pub counts_agreed: bool,
    pub evidence: Option<Text>,
    pub recorded_by: Option<Text>,
}

/// 公益金缴纳: what was due and paid for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundPayment {
    pub origin: Origin,
    pub payment_id: String,
    pub partner_id: Text,
    pub period: Period,
    pub basis_amount: Option<Decimal>,
    pub amount_due: Option<Decimal>,
    pub due_date: NaiveDate,
    pub amount_paid: Decimal,
    pub paid_date: Option<NaiveDate>,
    pub form: PaymentForm,
    pub recipient: Option<String>,
    pub receipt_no: Option<String>,
}

/// 经营数据申报: revenue, cost and profit declared for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Financial {
    pub origin: Origin,
    pub partner_id: Text,
    pub period: Period,
    pub revenue: Decimal,
    pub cost: Option<Decimal>,
    pub profit: Option<Decimal>,
    pub source: FinancialSource,
    pub verified: Option<bool>,
}

/// 满意度调查 (raw): one questionnaire. Respondents are never named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyResponse {
    pub origin: Origin,
    pub response_id: Id,
    pub partner_id: Text,
    pub date: NaiveDate,
    pub method: SurveyMethod,
    pub respondent_type: RespondentType,
    pub vulnerable: Option<bool>,
    pub q_overall: u8,
    pub q_quality: Option<u8>,
    pub q_price: Option<u8>,
    pub q_safety: Option<u8>,
    pub q_sales_pressure: Option<bool>,
    pub valid: bool,
}

/// 满意度汇总 (aggregated): counts per answer level for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyTotal {
    pub origin: Origin,
    pub partner_id: Text,
    pub period: Period,
    pub n_valid: i64,
    /// Counts of answers 5 (非常满意) down to 1 (非常不满意): `counts[0]` is 5.
    pub counts: [i64; 5],
    pub n_sales_pressure: Option<i64>,
}

/// 投诉与事件: a complaint or incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complaint {
    pub origin: Origin,
    pub case_id: String,
    pub partner_id: Text,
    pub received_date: NaiveDate,
    pub channel: Channel,
    pub category: ComplaintCategory,
    pub valid: bool,
    pub severity: Severity,
    pub closed_date: Option<NaiveDate>,
    pub veto_code: Option<VetoCode>,
    pub outcome: Option<String>,
}

/// 空间登记: a community space.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Space {
    pub origin: Origin,
    pub space_id: String,
    pub name: String,
    pub area_m2: f64,
    pub community: Option<String>,
    pub property_type: Option<PropertyType>,
}

/// 空间使用: hours of use of a space, per day or per month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceUse {
    pub origin: Origin,
    /// The month the use falls in.
    pub month: Period,
    /// The day, when the log is kept daily.
    pub day: Option<NaiveDate>,
    pub space_id: Text,
    pub partner_id: Text,
    pub purpose: SpacePurpose,
    pub hours: f64,
    pub open_to_public: Option<bool>,
}

/// 整改记录: an issue carried across periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rectification {
    pub origin: Origin,
    pub issue_id: String,
    pub partner_id: Text,
    pub found_date: NaiveDate,
    pub source: RectificationSource,
    pub indicator: Option<String>,
    pub description: String,
    pub requirement: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recheck_date: Option<NaiveDate>,
    pub recheck_result: Option<RecheckResult>,
    pub level: Option<WarningLevel>,
}

/// 市场参考价: a reference price for low-cost rows without one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketPrice {
    pub origin: Origin,
    pub category: Category,
    pub item: String,
    pub unit: Option<String>,
    pub market_ref_price: Decimal,
    pub survey_source: Option<String>,
    pub survey_date: Option<NaiveDate>,
}

/// 志愿与时间银行: volunteer hours and in-kind gifts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volunteering {
    pub origin: Origin,
    pub partner_id: Text,
    pub date: NaiveDate,
    pub volunteer_hours: f64,
    pub points: Option<f64>,
    pub in_kind_value: Option<Decimal>,
}
