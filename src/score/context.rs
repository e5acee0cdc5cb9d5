//! Each partner's records in the evaluation period, and the values of the
//! names its formulas use.

use std::collections::HashMap;

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::formula::{month_key, Scope, Table, Value, TABLES};
use crate::indicators::{IndicatorSet, SurveyStat, Var};
use crate::model::{Dataset, Partner};
use crate::value::Period;

/// Row indices of one partner, per table, within the period.
#[derive(Debug, Default, Clone)]
pub struct Rows {
    tables: [Vec<u32>; TABLES.len()],
}

impl Rows {
    pub fn get(&self, t: Table) -> &[u32] {
        &self.tables[t as usize]
    }

    fn push(&mut self, t: Table, i: usize) {
        self.tables[t as usize].push(i as u32);
    }
}

/// Groups every table's rows by partner, keeping those in the period.
/// Rectifications are kept whenever found before the period ends, since open
/// items carry over from earlier periods.
pub fn group_rows(ds: &Dataset, period: Period) -> Vec<Rows> {
    let index: HashMap<&str, usize> = ds
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.partner_id.as_str(), i))
        .collect();
    let mut rows = vec![Rows::default(); ds.partners.len()];
    let overlaps = |p: Period| p.start() <= period.end() && p.end() >= period.start();
    let mut add = |t: Table, pid: &str, i: usize, keep: bool| {
        if let (true, Some(&p)) = (keep, index.get(pid)) {
            rows[p].push(t, i);
        }
    };
    for (i, r) in ds.services.iter().enumerate() {
        add(Table::Services, &r.partner_id, i, period.contains(r.date));
    }
    for (i, r) in ds.fund_payments.iter().enumerate() {
        add(Table::FundPayments, &r.partner_id, i, overlaps(r.period));
    }
    for (i, r) in ds.financials.iter().enumerate() {
        add(Table::Financials, &r.partner_id, i, overlaps(r.period));
    }
    for (i, r) in ds.survey_responses.iter().enumerate() {
        add(
            Table::SurveyResponses,
            &r.partner_id,
            i,
            period.contains(r.date),
        );
    }
    for (i, r) in ds.survey_totals.iter().enumerate() {
        add(Table::SurveyTotals, &r.partner_id, i, overlaps(r.period));
    }
    for (i, r) in ds.complaints.iter().enumerate() {
        add(
            Table::Complaints,
            &r.partner_id,
            i,
            period.contains(r.received_date),
        );
    }
    for (i, r) in ds.space_usage.iter().enumerate() {
        add(Table::SpaceUsage, &r.partner_id, i, overlaps(r.month));
    }
    for (i, r) in ds.rectifications.iter().enumerate() {
        add(
            Table::Rectifications,
            &r.partner_id,
            i,
            r.found_date <= period.end(),
        );
    }
    for (i, r) in ds.volunteering.iter().enumerate() {
        add(
            Table::Volunteering,
            &r.partner_id,
            i,
            period.contains(r.date),
        );
    }
    rows
}

/// Months of the period during which the agreement was in force.
pub fn active_months(p: &Partner, period: Period) -> u32 {
    let first = month_key(p.start_date.max(period.start()));
    let last = month_key(p.end_date.min(period.end()));
    u32::try_from(last - first + 1).unwrap_or(0)
}

/// Survey statistics from raw questionnaires and aggregated counts together.
pub fn survey(ds: &Dataset, rows: &Rows, stat: SurveyStat) -> Decimal {
    let raw = rows
        .get(Table::SurveyResponses)
        .iter()
        .map(|&i| &ds.survey_responses[i as usize])
        .filter(|r| r.valid);
    let totals = rows
        .get(Table::SurveyTotals)
        .iter()
        .map(|&i| &ds.survey_totals[i as usize]);
    let n: i64 = match stat {
        SurveyStat::Valid => raw.count() as i64 + totals.map(|t| t.n_valid).sum::<i64>(),
        SurveyStat::Satisfied => {
            raw.filter(|r| r.q_overall >= 4).count() as i64
                + totals.map(|t| t.counts[0] + t.counts[1]).sum::<i64>()
        }
        SurveyStat::SalesPressure => {
            raw.filter(|r| r.q_sales_pressure == Some(true)).count() as i64
                + totals.filter_map(|t| t.n_sales_pressure).sum::<i64>()
        }
        SurveyStat::SalesAnswered => {
            raw.filter(|r| r.q_sales_pressure.is_some()).count() as i64
                + totals
                    .filter(|t| t.n_sales_pressure.is_some())
                    .map(|t| t.n_valid)
                    .sum::<i64>()
        }
    };
    Decimal::from(n)
}

/// The longest run of consecutive recorded periods with an amount due and
/// nothing paid.
pub fn consecutive_unpaid(ds: &Dataset, rows: &Rows, p: &Partner) -> Decimal {
    let mut payments: Vec<_> = rows
        .get(Table::FundPayments)
        .iter()
        .map(|&i| &ds.fund_payments[i as usize])
        .collect();
    payments.sort_by_key(|f| f.period.start());
    let (mut run, mut best) = (0u32, 0u32);
    for f in payments {
        let due = f.due(p).unwrap_or_default();
        if due > Decimal::ZERO && f.amount_paid.is_zero() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    Decimal::from(best)
}

/// Σ service revenue of a partner in the period.
pub fn service_revenue(ds: &Dataset, rows: &Rows) -> Decimal {
    rows.get(Table::Services)
        .iter()
        .map(|&i| ds.services[i as usize].revenue)
        .sum()
}

/// The median of a list (mean of the two middle values for even counts).
pub fn median(mut values: Vec<Decimal>) -> Decimal {
    values.sort();
    let n = values.len();
    match n {
        0 => Decimal::ZERO,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO,
    }
}

/// What the formulas of one partner see.
pub struct PartnerScope<'a> {
    pub ds: &'a Dataset,
    pub partner: &'a Partner,
    pub rows: &'a Rows,
    /// Values of the set's names, filled stage by stage.
    pub vars: Vec<Value>,
}

impl<'a> PartnerScope<'a> {
    /// A scope with the input-stage names filled in.
    pub fn new(
        ds: &'a Dataset,
        set: &IndicatorSet,
        partner: &'a Partner,
        rows: &'a Rows,
        active: u32,
        district_median: Decimal,
    ) -> Self {
        let vars = set
            .names
            .vars
            .iter()
            .map(|v| match v.var {
                Var::ActiveMonths => Value::Num(Decimal::from(active)),
                Var::PartnerNum(get) => get(partner).map_or(Value::Missing, Value::Num),
                Var::PartnerChoice(get) => get(partner).map_or(Value::Missing, Value::Sym),
                Var::Param(x) => Value::Num(x),
                Var::Survey(stat) => Value::Num(survey(ds, rows, stat)),
                Var::ConsecutiveUnpaid => Value::Num(consecutive_unpaid(ds, rows, partner)),
                Var::DistrictMedianRevenue => Value::Num(district_median),
                _ => Value::Missing,
            })
            .collect();
        PartnerScope {
            ds,
            partner,
            rows,
            vars,
        }
    }

    /// Sets every name of one kind, e.g. all indicator values.
    pub fn fill(&mut self, set: &IndicatorSet, value: impl Fn(Var) -> Option<Value>) {
        for (slot, def) in self.vars.iter_mut().zip(&set.names.vars) {
            if let Some(v) = value(def.var) {
                *slot = v;
            }
        }
    }
}

impl Scope for PartnerScope<'_> {
    fn dataset(&self) -> &Dataset {
        self.ds
    }

    fn partner(&self) -> &Partner {
        self.partner
    }

    fn rows(&self, table: Table) -> &[u32] {
        self.rows.get(table)
    }

    fn var(&self, id: usize) -> Value {
        self.vars.get(id).copied().unwrap_or(Value::Missing)
    }
}

/// The calendar year with the most service records (the later on a tie):
/// the period evaluated when none is given.
pub fn busiest_year(ds: &Dataset) -> Option<Period> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for s in &ds.services {
        *counts.entry(s.date.year()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| Period::Year(y))
}
