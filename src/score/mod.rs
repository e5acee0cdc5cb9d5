//! Scoring: validated records in, a scored [`Evaluation`] out.
//!
//! 1. Group each partner's records in the period ([`context`]).
//! 2. Measure every indicator: value, or N/A, or missing ([`measure`]).
//! 3. Score: fixed goalposts, steps or peer percentiles ([`scoring`]), with
//!    N/A weight redistributed ([`weights`]).
//! 4. Vetoes, flags and over-commercialisation ([`checks`]).
//! 5. Grade, decision, reasons and the rectification list ([`decide`]);
//!    for an exit, the period to state its case ([`hearing`]).
//! 6. Rankings ([`rank`]).

mod annex;
mod checks;
mod context;
mod decide;
mod facts;
pub mod format;
mod gap;
mod hearing;
mod items;
mod measure;
mod rank;
pub mod reasons;
pub mod result;
mod scoring;
mod sensitivity;
mod weighting;
mod weights;

pub use context::busiest_year;
pub use decide::grade;
pub use hearing::add_working_days;
pub use rank::order;
pub use result::*;

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;

use self::context::{PartnerScope, Rows};
use self::measure::Measured;
use crate::formula::Scope;
use crate::formula::Value;
use crate::indicators::{IndicatorSet, PeerKey, Scoring, SurveyStat, Var};
use crate::model::{Dataset, Partner};
use crate::schema::enums::{Decision, Grade, PricingMode, WarningLevel};
use crate::schema::vocab::Vocabulary;
use crate::value::Period;

/// What to evaluate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The evaluation period; records outside it are not used.
    pub period: Period,
    /// The evaluation date: deadlines are counted from it.
    pub date: NaiveDate,
}

/// Scores a load: [`evaluate`], with the input files and their SHA-256
/// recorded so the result can be audited and reproduced.
pub fn evaluate_loaded(
    loaded: &crate::ingest::Loaded,
    set: &IndicatorSet,
    opts: &Options,
) -> Evaluation {
    let mut eval = evaluate(&loaded.dataset, set, opts);
    eval.inputs = loaded.files.clone();
    eval
}

/// Scores every partner of `ds` with `set`.
pub fn evaluate(ds: &Dataset, set: &IndicatorSet, opts: &Options) -> Evaluation {
    // Entropy/CRITIC weights come from a first pass; the copy records them.
    if let Some(reweighted) = weighting::objective(ds, set, opts) {
        return evaluate(ds, &reweighted, opts);
    }
    let rows = context::group_rows(ds, opts.period);
    let active: Vec<u32> = ds
        .partners
        .iter()
        .map(|p| context::active_months(p, opts.period))
        .collect();
    let districts = districts(ds, &rows);
    let shared = context::Shared::new(ds, set);
    // Partners are scored in parallel, each on one thread, and collected in
    // registry order: the result does not depend on the number of threads.
    let (mut scopes, measured): (Vec<PartnerScope>, Vec<Vec<Measured>>) = ds
        .partners
        .par_iter()
        .zip(&rows)
        .zip(&active)
        .map(|((p, r), &a)| {
            let district = districts
                .get(p.district.as_str())
                .copied()
                .unwrap_or_default();
            let scope = PartnerScope::new(ds, set, &shared, p, r, a, district);
            let measured = set
                .indicators
                .iter()
                .map(|i| measure::measure(set, i, &scope))
                .collect();
            (scope, measured)
        })
        .unzip();
    let peers = peer_values(set, ds, &measured);
    let mut partners: Vec<PartnerResult> = scopes
        .par_iter_mut()
        .zip(measured)
        .zip(&active)
        .map(|((scope, m), &a)| partner(set, scope, m, &peers, a, opts.date))
        .collect();
    rank::rank(set, &mut partners);
    sensitivity::analyse(set, &mut partners);
    Evaluation {
        schema_version: SCHEMA_VERSION,
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        period: opts.period,
        evaluation_date: opts.date,
        indicator_set: set_info(set),
        inputs: Vec::new(),
        summary: summary(&partners),
        partners,
    }
}

/// Each district's figures: the median revenue (FL7) and the pooled
/// satisfaction rate, the prior of a small survey (R4).
fn districts<'a>(ds: &'a Dataset, rows: &[Rows]) -> HashMap<&'a str, context::District> {
    let per: Vec<(Decimal, Decimal, Decimal)> = rows
        .par_iter()
        .map(|r| {
            (
                context::service_revenue(ds, r),
                context::survey(ds, r, SurveyStat::Satisfied),
                context::survey(ds, r, SurveyStat::Valid),
            )
        })
        .collect();
    let mut by: HashMap<&str, (Vec<Decimal>, Decimal, Decimal)> = HashMap::new();
    for (p, (revenue, satisfied, valid)) in ds.partners.iter().zip(per) {
        let d = by.entry(p.district.as_str()).or_default();
        d.0.push(revenue);
        d.1 += satisfied;
        d.2 += valid;
    }
    by.into_iter()
        .map(|(d, (revenue, satisfied, valid))| {
            let district = context::District {
                median_revenue: context::median(revenue),
                satisfaction_rate: satisfied.checked_div(valid),
            };
            (d, district)
        })
        .collect()
}

/// Peer group of a partner for relative scoring: always within its district.
fn peer_group(p: &Partner, key: Option<PeerKey>) -> String {
    let extra = match key {
        None => String::new(),
        Some(PeerKey::MainCategory) => p.main_category.key().to_string(),
        Some(PeerKey::PartnerType) => p.partner_type.key().to_string(),
        Some(PeerKey::Street) => p.street.clone(),
    };
    format!("{}/{extra}", p.district)
}

/// Sorted values of each peer group, per (indicator, part), for percentile
/// scoring. Only partners whose indicator has data count as peers.
type Peers = HashMap<(usize, usize, String), Vec<Decimal>>;

fn peer_values(set: &IndicatorSet, ds: &Dataset, measured: &[Vec<Measured>]) -> Peers {
    let mut peers: Peers = HashMap::new();
    for (pi, m) in measured.iter().enumerate() {
        for (ii, ind) in set.indicators.iter().enumerate() {
            for (k, part) in ind.parts.iter().enumerate() {
                if let (Scoring::Percentile { peers: key, .. }, Some(v)) =
                    (&part.scoring, m[ii].ok_value(k))
                {
                    peers
                        .entry((ii, k, peer_group(&ds.partners[pi], *key)))
                        .or_default()
                        .push(v);
                }
            }
        }
    }
    peers.values_mut().for_each(|v| v.sort());
    peers
}

fn partner(
    set: &IndicatorSet,
    scope: &mut PartnerScope,
    measured: Vec<Measured>,
    peers: &Peers,
    active: u32,
    date: NaiveDate,
) -> PartnerResult {
    let mut inds = measure::score(set, scope.partner, measured, peers, peer_group);
    let status: Vec<_> = inds.iter().map(|i| i.status).collect();
    let w = weights::effective(set, &status);
    for (r, w) in inds.iter_mut().zip(w) {
        r.exact_points *= w;
        r.exact_weight = w;
        r.weight = format::round(w, 2);
        r.points = format::round(r.exact_points, 2);
    }
    let exact_total: Decimal = inds.iter().map(|i| i.exact_points).sum();
    let total = format::round(exact_total, 2);
    // What the agreement obliges the partner to, once: the weak-spot rule,
    // the issue list and every trial of the gap analysis read it.
    let owed = owed(set, scope);
    let dims = dimensions(set, &inds, &owed);
    scope.fill(set, |v| match v {
        Var::IndicatorValue(i) => Some(inds[i].value.map_or(Value::Missing, Value::Num)),
        Var::IndicatorPoints(i) => Some(Value::Num(inds[i].exact_points)),
        _ => None,
    });
    let vetoes = checks::vetoes(set, scope, &inds);
    let mut flags = Vec::new();
    if let Some(oc) = &set.over_commercialised {
        flags.extend(checks::over_commercialised(oc, set, scope, &inds));
    }
    flags.extend(checks::flags(set, scope, &inds));
    let (grade, stars) = decide::grade(set, total, !vetoes.is_empty());
    let facts = decide::Facts {
        total,
        grade,
        stars,
        vetoes: &vetoes,
        flags: &flags,
        dims: &dims,
        indicators: &inds,
    };
    let (decision, reasons, chosen) = decide::decide(set, scope, &facts);
    let fund = fund_lines(scope, date);
    let rectifications = items::items(&items::Case {
        set,
        scope,
        facts: &facts,
        decision,
        chosen: &chosen,
        deadline: date + chrono::Duration::days(set.deadline_days),
        fund: &fund,
        owed: &owed,
    });
    let activity = activity(scope);
    let agreement = annex::agreement(scope);
    let survey = annex::survey(scope);
    let complaints = annex::complaints(scope);
    let raised = checks::Raised::of(set, &flags);
    let decision_table = sensitivity::decision_table(set, total, |total, weak| {
        let at = decide::Ruled {
            total,
            vetoes: vetoes.len(),
            dims: &dims,
            raised: &raised,
            weak: Some(weak),
        };
        decide::verdict(set, scope, &at).0
    });
    let gap = gap::gap(
        set,
        scope,
        &gap::Current {
            decision,
            vetoes: &vetoes,
            indicators: &inds,
            owed: &owed,
        },
    );
    let hearing = hearing::hearing(decision, set.hearing_days, date);
    let p = scope.partner;
    PartnerResult {
        partner_id: p.partner_id.clone(),
        name: p.name.clone(),
        district: p.district.clone(),
        street: p.street.clone(),
        community: p.community.clone(),
        partner_type: p.partner_type,
        active_months: active,
        prior_grade: p.prior_grade,
        prior_decision: p.prior_decision,
        prior_flag: p.prior_flag,
        new_partner: active < set.min_active_months,
        total,
        grade,
        stars,
        decision,
        dimensions: dims,
        indicators: inds,
        flags,
        vetoes,
        ranks: Vec::new(),
        reasons,
        rectifications,
        fund,
        activity,
        agreement,
        survey,
        complaints,
        previous: None,
        topsis: None,
        sensitivity: None,
        gap,
        hearing,
        decision_table,
    }
}

/// Sessions, residents served and revenue of the period.
fn activity(scope: &PartnerScope) -> Activity {
    let mut a = Activity::default();
    for &i in scope.rows(crate::formula::Table::Services) {
        let s = &scope.ds.services[i as usize];
        match s.pricing_mode {
            PricingMode::Free => a.free_sessions += 1,
            PricingMode::LowCost => a.low_cost_sessions += 1,
            PricingMode::Market => a.market_sessions += 1,
        }
        a.participants += s.participants;
        a.vulnerable_participants += s.vulnerable_participants.unwrap_or(0);
        a.revenue += s.revenue;
    }
    a
}

/// The fund payments of the period, with what was due and how late.
fn fund_lines(scope: &PartnerScope, date: NaiveDate) -> Vec<FundLine> {
    let p = scope.partner;
    let mut lines: Vec<FundLine> = scope
        .rows(crate::formula::Table::FundPayments)
        .iter()
        .map(|&i| {
            let f = &scope.ds.fund_payments[i as usize];
            let due = f.due(p);
            let arrived = f
                .paid_date
                .filter(|_| !f.amount_paid.is_zero())
                .unwrap_or(date);
            FundLine {
                payment_id: f.payment_id.clone(),
                period: f.period,
                basis: p.fund_basis,
                basis_amount: f.basis_amount,
                rate: p.fund_rate,
                due,
                paid: f.amount_paid,
                difference: due.map(|d| f.amount_paid - d),
                due_date: f.due_date,
                paid_date: f.paid_date,
                days_late: Some((arrived - f.due_date).num_days().max(0)),
                receipt_no: f.receipt_no.clone(),
                location: scope.ds.location(f.origin, "payment_id"),
            }
        })
        .collect();
    lines.sort_by(|a, b| (a.period.start(), &a.payment_id).cmp(&(b.period.start(), &b.payment_id)));
    lines
}

/// Whether the partner's agreement obliges it to each indicator: `demand`
/// is true and `no_demand_when` does not hold.
fn owed(set: &IndicatorSet, scope: &PartnerScope) -> Vec<bool> {
    set.indicators
        .iter()
        .map(|i| {
            i.demand
                && !i
                    .no_demand_when
                    .as_ref()
                    .is_some_and(|w| w.eval(scope).is_true())
        })
        .collect()
}

/// Points and weights per dimension; `owed[i]` is whether indicator `i` is
/// one the partner's agreement obliges it to.
fn dimensions(set: &IndicatorSet, inds: &[IndicatorResult], owed: &[bool]) -> Vec<DimensionResult> {
    set.dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let members = set
                .indicators
                .iter()
                .zip(inds)
                .zip(owed)
                .filter(|((i, _), _)| i.dimension == d);
            let (mut points, mut weight, mut adjusted) = (Decimal::ZERO, Decimal::ZERO, false);
            let mut judged = false;
            for ((ind, r), &owed) in members {
                points += r.exact_points;
                weight += r.exact_weight;
                adjusted |= r.status == Status::Na || r.exact_weight != ind.weight;
                judged |= owed && r.status != Status::Na;
            }
            DimensionResult {
                id: dim.id.clone(),
                points: format::round(points, 2),
                weight: format::round(weight, 2),
                nominal_weight: dim.weight,
                na_adjusted: adjusted,
                judged,
            }
        })
        .collect()
}

fn set_info(set: &IndicatorSet) -> SetInfo {
    SetInfo {
        id: set.id.clone(),
        name_zh: set.name_zh.clone(),
        name_en: set.name_en.clone(),
        version: set.version.clone(),
        origin: set.origin.clone(),
        sha256: crate::ingest::sha256_hex(set.text.as_bytes()),
        total: set.total,
        na_max_factor: set.na_max_factor,
        dimensions: set.dimensions.clone(),
        sensitivity: set.sensitivity,
        weighting: weighting::info(set),
        indicators: set
            .indicators
            .iter()
            .map(|i| IndicatorInfo {
                id: i.id.clone(),
                dimension: set.dimensions[i.dimension].id.clone(),
                name_zh: i.name_zh.clone(),
                name_en: i.name_en.clone(),
                unit: i.unit,
                direction: i.direction,
                weight: i.weight,
                parts: i
                    .parts
                    .iter()
                    .map(|p| PartInfo {
                        name_zh: p.name_zh.to_string(),
                        name_en: p.name_en.to_string(),
                        unit: p.unit,
                        formula: p.value.source.clone(),
                        scoring: p.scoring.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The run's headline counts; `merge` recomputes them over merged shards.
pub fn summary(partners: &[PartnerResult]) -> Summary {
    let count = |d: Decision| partners.iter().filter(|p| p.decision == d).count();
    let level = |l: WarningLevel| {
        partners
            .iter()
            .filter(|p| p.flags.iter().any(|f| f.level == Some(l)))
            .count()
    };
    Summary {
        partners: partners.len(),
        ranked: partners.iter().filter(|p| !p.new_partner).count(),
        new_partners: partners.iter().filter(|p| p.new_partner).count(),
        renew: count(Decision::Renew),
        rectify: count(Decision::Rectify),
        exit: count(Decision::Exit),
        grades: Grade::all()
            .iter()
            .map(|&g| (g, partners.iter().filter(|p| p.grade == g).count()))
            .collect(),
        over_commercialised_yellow: level(WarningLevel::Yellow),
        over_commercialised_red: level(WarningLevel::Red),
        vetoed: partners.iter().filter(|p| !p.vetoes.is_empty()).count(),
    }
}
