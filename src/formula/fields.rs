//! The record tables a formula can aggregate, and their fields.
//!
//! Field names are the stable keys of the data model (`participants`,
//! `pricing_mode`, …); two fields are derived: `services.market_ref` (the
//! row's reference price or the price sheet's) and `fund_payments.due` (as
//! entered, or rate × basis, or the fixed amount).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::eval::Scope;
use super::value::{Ty, Value};
use crate::choices;
use crate::model::Dataset;
use crate::schema::enums::*;
use crate::schema::vocab::Vocabulary;
use crate::schema::{ColumnSpec, SheetKind, SheetSpec};

/// A table of per-partner records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Services,
    FundPayments,
    Financials,
    SurveyResponses,
    SurveyTotals,
    Complaints,
    SpaceUsage,
    Rectifications,
    Volunteering,
}

pub const TABLES: &[(&str, Table)] = &[
    ("services", Table::Services),
    ("fund_payments", Table::FundPayments),
    ("financials", Table::Financials),
    ("survey_responses", Table::SurveyResponses),
    ("survey_totals", Table::SurveyTotals),
    ("complaints", Table::Complaints),
    ("space_usage", Table::SpaceUsage),
    ("rectifications", Table::Rectifications),
    ("volunteering", Table::Volunteering),
];

impl Table {
    /// The table of a formula name (`services`).
    pub fn named(name: &str) -> Option<Table> {
        TABLES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// The input sheet the table's rows come from.
    pub fn sheet(self) -> SheetKind {
        match self {
            Table::Services => SheetKind::Services,
            Table::FundPayments => SheetKind::FundPayments,
            Table::Financials => SheetKind::Financials,
            Table::SurveyResponses => SheetKind::SurveyResponses,
            Table::SurveyTotals => SheetKind::SurveyTotals,
            Table::Complaints => SheetKind::Complaints,
            Table::SpaceUsage => SheetKind::SpaceUsage,
            Table::Rectifications => SheetKind::Rectifications,
            Table::Volunteering => SheetKind::Volunteering,
        }
    }

    /// The input column a field reads, for its header and type: the column
    /// of the same key, or for a derived field (see the module
    /// documentation) the column it is derived from.
    pub fn column(self, field: &str) -> Option<&'static ColumnSpec> {
        let key = match (self, field) {
            (Table::FundPayments, "due") => "amount_due",
            (Table::Services, "market_ref") => "market_ref_price",
            _ => field,
        };
        SheetSpec::of(self.sheet())
            .columns
            .iter()
            .find(|c| c.key == key)
    }

    pub fn name(self) -> &'static str {
        TABLES
            .iter()
            .find(|(_, t)| *t == self)
            .map(|(n, _)| *n)
            .unwrap_or("")
    }

    /// The date that places a row in a month (for `months(…)`).
    pub fn date(self, ds: &Dataset, i: usize) -> Option<NaiveDate> {
        Some(match self {
            Table::Services => ds.services[i].date,
            Table::FundPayments => ds.fund_payments[i].period.start(),
            Table::Financials => ds.financials[i].period.start(),
            Table::SurveyResponses => ds.survey_responses[i].date,
            Table::SurveyTotals => ds.survey_totals[i].period.start(),
            Table::Complaints => ds.complaints[i].received_date,
            Table::SpaceUsage => ds.space_usage[i].month.start(),
            Table::Rectifications => ds.rectifications[i].found_date,
            Table::Volunteering => ds.volunteering[i].date,
        })
    }
}

/// Reads one field of one row (an index into the scope's dataset table).
pub type Getter = fn(&dyn Scope, usize) -> Value;

/// A field of a table.
#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub get: Getter,
}

fn n(v: impl Into<Decimal>) -> Value {
    Value::Num(v.into())
}

fn on(v: Option<impl Into<Decimal>>) -> Value {
    v.map_or(Value::Missing, |x| Value::Num(x.into()))
}

fn f(v: f64) -> Value {
    Decimal::try_from(v).map_or(Value::Missing, Value::Num)
}

fn of(v: Option<f64>) -> Value {
    v.map_or(Value::Missing, f)
}

fn d(v: NaiveDate) -> Value {
    Value::Date(v)
}

fn od(v: Option<NaiveDate>) -> Value {
    v.map_or(Value::Missing, Value::Date)
}

fn ob(v: Option<bool>) -> Value {
    v.map_or(Value::Missing, Value::Bool)
}

fn s<V: Vocabulary>(v: V) -> Value {
    Value::Sym(v.key())
}

fn os<V: Vocabulary>(v: Option<V>) -> Value {
    v.map_or(Value::Missing, s)
}

const NUM: Ty = Ty::Num;
const BOOL: Ty = Ty::Bool;
const DATE: Ty = Ty::Date;

macro_rules! field {
    ($name:literal, $ty:expr, |$ds:ident, $i:ident| $body:expr) => {
        Field {
            name: $name,
            ty: $ty,
            get: |scope, $i| {
                let $ds = scope.dataset();
                $body
            },
        }
    };
    ($name:literal, $ty:expr, |$ds:ident, $i:ident, $p:ident| $body:expr) => {
        Field {
            name: $name,
            ty: $ty,
            get: |scope, $i| {
                let ($ds, $p) = (scope.dataset(), scope.partner());
                $body
            },
        }
    };
}

static SERVICES: &[Field] = &[
    field!("date", DATE, |ds, i| d(ds.services[i].date)),
    field!("duration_h", NUM, |ds, i| of(ds.services[i].duration_h)),
    field!(
        "category",
        Ty::Choice(choices!(Category, "服务类别", "category")),
        |ds, i| s(ds.services[i].category)
    ),
    field!(
        "pricing_mode",
        Ty::Choice(choices!(PricingMode, "定价模式", "pricing mode")),
        |ds, i| s(ds.services[i].pricing_mode)
    ),
    field!("unit_price", NUM, |ds, i| n(ds.services[i].unit_price)),
    Field {
        name: "market_ref",
        ty: NUM,
        get: |scope, i| on(scope.market_reference(i)),
    },
    field!("participants", NUM, |ds, i| n(ds.services[i].participants)),
    field!("vulnerable_participants", NUM, |ds, i| on(
        ds.services[i].vulnerable_participants
    )),
    field!("revenue", NUM, |ds, i| n(ds.services[i].revenue)),
    field!("counts_agreed", BOOL, |ds, i| Value::Bool(
        ds.services[i].counts_agreed
    )),
];

static FUND_PAYMENTS: &[Field] = &[
    field!("basis_amount", NUM, |ds, i| on(
        ds.fund_payments[i].basis_amount
    )),
    field!("due", NUM, |ds, i, p| on(ds.fund_payments[i].due(p))),
    field!("due_date", DATE, |ds, i| d(ds.fund_payments[i].due_date)),
    field!("amount_paid", NUM, |ds, i| n(
        ds.fund_payments[i].amount_paid
    )),
    field!("paid_date", DATE, |ds, i| od(ds.fund_payments[i].paid_date)),
    field!(
        "form",
        Ty::Choice(choices!(PaymentForm, "缴纳形式", "payment form")),
        |ds, i| s(ds.fund_payments[i].form)
    ),
];

static FINANCIALS: &[Field] = &[
    field!("revenue", NUM, |ds, i| n(ds.financials[i].revenue)),
    field!("cost", NUM, |ds, i| on(ds.financials[i].cost)),
    field!("profit", NUM, |ds, i| on(ds.financials[i].profit)),
    field!(
        "source",
        Ty::Choice(choices!(FinancialSource, "数据来源", "source")),
        |ds, i| s(ds.financials[i].source)
    ),
    field!("verified", BOOL, |ds, i| ob(ds.financials[i].verified)),
];

static SURVEY_RESPONSES: &[Field] = &[
    field!("date", DATE, |ds, i| d(ds.survey_responses[i].date)),
    field!(
        "method",
        Ty::Choice(choices!(SurveyMethod, "调查方式", "survey method")),
        |ds, i| s(ds.survey_responses[i].method)
    ),
    field!(
        "respondent_type",
        Ty::Choice(choices!(RespondentType, "受访者类型", "respondent type")),
        |ds, i| s(ds.survey_responses[i].respondent_type)
    ),
    field!("vulnerable", BOOL, |ds, i| ob(
        ds.survey_responses[i].vulnerable
    )),
    field!(
        "q_overall",
        NUM,
        |ds, i| n(ds.survey_responses[i].q_overall)
    ),
    field!("q_quality", NUM, |ds, i| on(
        ds.survey_responses[i].q_quality
    )),
    field!("q_price", NUM, |ds, i| on(ds.survey_responses[i].q_price)),
    field!("q_safety", NUM, |ds, i| on(ds.survey_responses[i].q_safety)),
    field!("q_sales_pressure", BOOL, |ds, i| ob(
        ds.survey_responses[i].q_sales_pressure
    )),
    field!("valid", BOOL, |ds, i| Value::Bool(
        ds.survey_responses[i].valid
    )),
];

static SURVEY_TOTALS: &[Field] = &[
    field!("n_valid", NUM, |ds, i| n(ds.survey_totals[i].n_valid)),
    field!("n_5", NUM, |ds, i| n(ds.survey_totals[i].counts[0])),
    field!("n_4", NUM, |ds, i| n(ds.survey_totals[i].counts[1])),
    field!("n_3", NUM, |ds, i| n(ds.survey_totals[i].counts[2])),
    field!("n_2", NUM, |ds, i| n(ds.survey_totals[i].counts[3])),
    field!("n_1", NUM, |ds, i| n(ds.survey_totals[i].counts[4])),
    field!("n_sales_pressure", NUM, |ds, i| on(
        ds.survey_totals[i].n_sales_pressure
    )),
];

static COMPLAINTS: &[Field] = &[
    field!("received_date", DATE, |ds, i| d(
        ds.complaints[i].received_date
    )),
    field!(
        "channel",
        Ty::Choice(choices!(Channel, "来源", "channel")),
        |ds, i| s(ds.complaints[i].channel)
    ),
    field!(
        "category",
        Ty::Choice(choices!(
            ComplaintCategory,
            "投诉类别",
            "complaint category"
        )),
        |ds, i| s(ds.complaints[i].category)
    ),
    field!("valid", BOOL, |ds, i| Value::Bool(ds.complaints[i].valid)),
    field!(
        "severity",
        Ty::Choice(choices!(Severity, "严重程度", "severity")),
        |ds, i| s(ds.complaints[i].severity)
    ),
    field!(
        "closed_date",
        DATE,
        |ds, i| od(ds.complaints[i].closed_date)
    ),
    field!(
        "veto_code",
        Ty::Choice(choices!(VetoCode, "否决事项", "veto item")),
        |ds, i| os(ds.complaints[i].veto_code)
    ),
];

static SPACE_USAGE: &[Field] = &[
    field!(
        "purpose",
        Ty::Choice(choices!(SpacePurpose, "用途", "purpose")),
        |ds, i| s(ds.space_usage[i].purpose)
    ),
    field!("hours", NUM, |ds, i| f(ds.space_usage[i].hours)),
    field!("open_to_public", BOOL, |ds, i| ob(
        ds.space_usage[i].open_to_public
    )),
];

static RECTIFICATIONS: &[Field] = &[
    field!("found_date", DATE, |ds, i| d(
        ds.rectifications[i].found_date
    )),
    field!(
        "source",
        Ty::Choice(choices!(RectificationSource, "来源", "source")),
        |ds, i| s(ds.rectifications[i].source)
    ),
    field!("deadline", DATE, |ds, i| od(ds.rectifications[i].deadline)),
    field!("recheck_date", DATE, |ds, i| od(
        ds.rectifications[i].recheck_date
    )),
    field!(
        "recheck_result",
        Ty::Choice(choices!(RecheckResult, "复查结果", "re-check result")),
        |ds, i| os(ds.rectifications[i].recheck_result)
    ),
    field!(
        "level",
        Ty::Choice(choices!(WarningLevel, "警示等级", "warning level")),
        |ds, i| os(ds.rectifications[i].level)
    ),
];

static VOLUNTEERING: &[Field] = &[
    field!("date", DATE, |ds, i| d(ds.volunteering[i].date)),
    field!("volunteer_hours", NUM, |ds, i| f(
        ds.volunteering[i].volunteer_hours
    )),
    field!("points", NUM, |ds, i| of(ds.volunteering[i].points)),
    field!("in_kind_value", NUM, |ds, i| on(
        ds.volunteering[i].in_kind_value
    )),
];

/// The fields of a table.
pub fn fields(table: Table) -> &'static [Field] {
    match table {
        Table::Services => SERVICES,
        Table::FundPayments => FUND_PAYMENTS,
        Table::Financials => FINANCIALS,
        Table::SurveyResponses => SURVEY_RESPONSES,
        Table::SurveyTotals => SURVEY_TOTALS,
        Table::Complaints => COMPLAINTS,
        Table::SpaceUsage => SPACE_USAGE,
        Table::Rectifications => RECTIFICATIONS,
        Table::Volunteering => VOLUNTEERING,
    }
}

/// Year and month of a date, as one comparable number.
pub fn month_key(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}
