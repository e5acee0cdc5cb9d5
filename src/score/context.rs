//! Each partner's records in the evaluation period, and the values of the
//! names its formulas use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::Datelike;
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::formula::{month_key, Memo, Scope, Table, Value, TABLES};
use crate::indicators::{IndicatorSet, SurveyStat, Var};
use crate::model::{Dataset, Partner, Text};
use crate::schema::enums::Category;
use crate::schema::SheetKind;
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
    let index: IdMap<u32> = ds
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.partner_id.as_str(), i as u32))
        .collect();
    let mut rows = vec![Rows::default(); ds.partners.len()];
    let overlaps = |p: Period| p.start() <= period.end() && p.end() >= period.start();
    let mut add = |t: Table, owners: Vec<u32>| {
        for (i, p) in owners.into_iter().enumerate() {
            if p != NONE {
                rows[p as usize].push(t, i);
            }
        }
    };
    let during = |d| period.contains(d);
    add(
        Table::Services,
        owners(&ds.services, &index, |r| (&r.partner_id, during(r.date))),
    );
    add(
        Table::FundPayments,
        owners(&ds.fund_payments, &index, |r| {
            (&r.partner_id, overlaps(r.period))
        }),
    );
    add(
        Table::Financials,
        owners(&ds.financials, &index, |r| {
            (&r.partner_id, overlaps(r.period))
        }),
    );
    add(
        Table::SurveyResponses,
        owners(&ds.survey_responses, &index, |r| {
            (&r.partner_id, during(r.date))
        }),
    );
    add(
        Table::SurveyTotals,
        owners(&ds.survey_totals, &index, |r| {
            (&r.partner_id, overlaps(r.period))
        }),
    );
    add(
        Table::Complaints,
        owners(&ds.complaints, &index, |r| {
            (&r.partner_id, during(r.received_date))
        }),
    );
    add(
        Table::SpaceUsage,
        owners(&ds.space_usage, &index, |r| {
            (&r.partner_id, overlaps(r.month))
        }),
    );
    add(
        Table::Rectifications,
        owners(&ds.rectifications, &index, |r| {
            (&r.partner_id, r.found_date <= period.end())
        }),
    );
    add(
        Table::Volunteering,
        owners(&ds.volunteering, &index, |r| {
            (&r.partner_id, during(r.date))
        }),
    );
    rows
}

/// Partner ids to something, hashed fast: ids are short and every row of
/// every table is looked up (SipHash was a tenth of scoring).
type IdMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<FastHash>>;

/// The multiply-rotate hash of rustc (FxHash), for short keys.
#[derive(Default)]
struct FastHash(u64);

impl Hasher for FastHash {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// No partner: the row is outside the period or names no known partner.
const NONE: u32 = u32::MAX;

/// The partner of every row of a table (its index in the registry), or
/// [`NONE`]; `of` gives a row's partner id and whether it is kept. Found on
/// all threads, in row order.
fn owners<R: Sync>(
    records: &[R],
    index: &IdMap<u32>,
    of: impl Fn(&R) -> (&Text, bool) + Sync,
) -> Vec<u32> {
    let of = &of;
    records
        .par_chunks(4096)
        .flat_map_iter(move |chunk| {
            // A partner's rows mostly follow each other (one workbook, one
            // sheet): the previous row's partner is tried before the index.
            let mut last: Option<(&str, u32)> = None;
            chunk.iter().map(move |r| {
                let (pid, keep) = of(r);
                if !keep {
                    return NONE;
                }
                match last {
                    Some((l, p)) if l == pid.as_str() => p,
                    _ => match index.get(pid.as_str()) {
                        Some(&p) => {
                            last = Some((pid.as_str(), p));
                            p
                        }
                        None => NONE,
                    },
                }
            })
        })
        .collect()
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

/// What every partner's scope shares, made once per evaluation.
pub struct Shared<'a> {
    /// Per name of the set: whether its value is fixed once the scope is
    /// made (registry fields, parameters, survey counts, …), so that
    /// aggregates reading only such names may be remembered.
    stable: Vec<bool>,
    /// The price sheet by category and item (`Dataset::market_index`).
    market: HashMap<(Category, &'a str), Decimal>,
    /// Whether scopes remember aggregates (always, except in the test that
    /// proves remembering changes nothing).
    remember: bool,
    /// Which sheets each partner's community supplied.
    supplied: Supplied<'a>,
}

/// Which sheets were supplied for a partner's community (DOMAIN.md §3.10
/// R3): those in the workbook registering it, and those in any file that
/// registers no partner (a sheet kept on its own, which may hold any
/// community's rows — as `ingest::placement` counts its problems in every
/// district). A file registers partners when its registry sheet accepted a
/// row, which a shard dropping other districts' partners does not change.
struct Supplied<'a> {
    /// Sheet kinds (bit `SheetKind as u32`) per registering file.
    by_file: HashMap<&'a str, u32>,
    /// Sheet kinds in files registering no partner.
    everywhere: u32,
}

impl<'a> Supplied<'a> {
    fn new(ds: &'a Dataset) -> Self {
        let bit = |k: SheetKind| 1u32 << (k as u32);
        let mut by_file: HashMap<&str, u32> = HashMap::new();
        for s in &ds.sheets {
            if s.kind == SheetKind::Partners && s.counts.accepted > 0 {
                by_file.insert(s.file.as_str(), 0);
            }
        }
        let mut everywhere = 0;
        for s in &ds.sheets {
            match by_file.get_mut(s.file.as_str()) {
                Some(kinds) => *kinds |= bit(s.kind),
                None => everywhere |= bit(s.kind),
            }
        }
        Supplied {
            by_file,
            everywhere,
        }
    }

    /// Whether `kind` was supplied for `p`'s community. A partner whose
    /// registry sheet is not known (a dataset built without sheets) is
    /// taken to have every sheet, as before the rule.
    fn has(&self, ds: &Dataset, p: &Partner, kind: SheetKind) -> bool {
        let bit = 1u32 << (kind as u32);
        let Some(own) = ds
            .sheets
            .get(p.origin.sheet as usize)
            .and_then(|s| self.by_file.get(s.file.as_str()))
        else {
            return true;
        };
        (own | self.everywhere) & bit != 0
    }
}

impl<'a> Shared<'a> {
    pub fn new(ds: &'a Dataset, set: &IndicatorSet) -> Self {
        let stable = set
            .names
            .vars
            .iter()
            .map(|v| {
                matches!(
                    v.var,
                    Var::ActiveMonths
                        | Var::PartnerNum(_)
                        | Var::PartnerChoice(_)
                        | Var::Param(_)
                        | Var::Survey(_)
                        | Var::ConsecutiveUnpaid
                        | Var::DistrictMedianRevenue
                        | Var::DistrictSatisfactionRate
                )
            })
            .collect();
        #[cfg(not(test))]
        let remember = true;
        #[cfg(test)]
        let remember = tests::REMEMBER.with(std::cell::Cell::get);
        Shared {
            stable,
            market: ds.market_index(),
            remember,
            supplied: Supplied::new(ds),
        }
    }
}

/// The district-wide figures a partner's formulas may read, computed once
/// over every partner of its district.
#[derive(Debug, Clone, Copy, Default)]
pub struct District {
    /// Median service revenue of the district's partners.
    pub median_revenue: Decimal,
    /// Σ satisfied ÷ Σ valid answers over the district's partners, counted
    /// as `survey.satisfied` and `survey.valid` count them (questionnaires
    /// and aggregated totals); none when the district has no valid answer.
    pub satisfaction_rate: Option<Decimal>,
}

/// What the formulas of one partner see.
pub struct PartnerScope<'a> {
    pub ds: &'a Dataset,
    pub partner: &'a Partner,
    pub rows: &'a Rows,
    /// Values of the set's names, filled stage by stage.
    pub vars: Vec<Value>,
    shared: &'a Shared<'a>,
    /// Aggregates and matching rows computed so far.
    memo: Memo,
}

impl<'a> PartnerScope<'a> {
    /// A scope with the input-stage names filled in.
    pub fn new(
        ds: &'a Dataset,
        set: &IndicatorSet,
        shared: &'a Shared<'a>,
        partner: &'a Partner,
        rows: &'a Rows,
        active: u32,
        district: District,
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
                Var::DistrictMedianRevenue => Value::Num(district.median_revenue),
                Var::DistrictSatisfactionRate => district
                    .satisfaction_rate
                    .map_or(Value::Missing, Value::Num),
                _ => Value::Missing,
            })
            .collect();
        PartnerScope {
            ds,
            partner,
            rows,
            vars,
            shared,
            memo: Memo::default(),
        }
    }

    /// Whether the sheet of `table` was supplied for this partner's
    /// community, or holds rows of the partner (R3: an optional sheet not
    /// supplied makes the indicators it alone feeds N/A).
    pub fn supplied(&self, table: Table) -> bool {
        !self.rows.get(table).is_empty()
            || self
                .shared
                .supplied
                .has(self.ds, self.partner, table.sheet())
    }

    fn stable(&self, id: usize) -> bool {
        self.shared.stable.get(id) == Some(&true)
    }

    /// Sets every name of one kind, e.g. all indicator values.
    pub fn fill(&mut self, set: &IndicatorSet, value: impl Fn(Var) -> Option<Value>) {
        for (id, (slot, def)) in self.vars.iter_mut().zip(&set.names.vars).enumerate() {
            if let Some(v) = value(def.var) {
                // Remembered aggregates may read this name: forget them.
                if *slot != v && self.shared.stable.get(id) == Some(&true) {
                    self.memo.clear();
                }
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

    fn memo(&self, vars: &[usize]) -> Option<&Memo> {
        (self.shared.remember && vars.iter().all(|&id| self.stable(id))).then_some(&self.memo)
    }

    fn market_reference(&self, i: usize) -> Option<Decimal> {
        self.ds.services[i].market_reference_in(&self.shared.market)
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use crate::indicators::IndicatorSet;
    use crate::score::{busiest_year, evaluate, Options};

    thread_local! {
        /// Whether scopes made on this thread remember aggregates.
        pub static REMEMBER: Cell<bool> = const { Cell::new(true) };
    }

    /// The samples scored, as results.json would hold them, with aggregates
    /// remembered or not, on `threads` threads.
    fn scored(remember: bool, threads: usize) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let loaded = crate::ingest::load(&[dir]).expect("samples load");
        let set = IndicatorSet::default_set().expect("default set");
        let period = busiest_year(&loaded.dataset).expect("records");
        let opts = Options {
            period,
            date: period.end(),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        REMEMBER.with(|r| r.set(remember));
        let eval = pool.install(|| evaluate(&loaded.dataset, &set, &opts));
        REMEMBER.with(|r| r.set(true));
        serde_json::to_string_pretty(&eval).expect("json")
    }

    #[test]
    fn remembering_aggregates_and_threads_change_nothing() {
        let reference = scored(false, 1);
        assert!(reference.contains("\"partner_id\""));
        for (remember, threads) in [(true, 1), (true, 2), (true, 5), (false, 3)] {
            let other = scored(remember, threads);
            assert!(
                other == reference,
                "remember {remember}, {threads} threads: the result differs"
            );
        }
    }
}
