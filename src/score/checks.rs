//! Vetoes (一票否决), flags (预警) and the over-commercialised rule.

use super::context::PartnerScope;
use super::facts;
use super::result::{
    ConditionResult, EvidenceRow, FlagResult, IndicatorResult, Status, VetoResult,
};
use crate::formula::{Formula, Scope, Table};
use crate::indicators::{Check, Condition, IndicatorSet, OverCommercialised, Party, Var};
use crate::model::{Dataset, Origin};
use crate::schema::enums::WarningLevel;

/// The id and place of one record, for evidence.
pub fn evidence_row(ds: &Dataset, table: Table, i: usize) -> EvidenceRow {
    let (id, origin, key): (String, Origin, &str) = match table {
        Table::Services => (
            ds.services[i].record_id.to_string(),
            ds.services[i].origin,
            "record_id",
        ),
        Table::FundPayments => (
            ds.fund_payments[i].payment_id.clone(),
            ds.fund_payments[i].origin,
            "payment_id",
        ),
        Table::Financials => (
            ds.financials[i].period.to_string(),
            ds.financials[i].origin,
            "period",
        ),
        // A questionnaire is cited by its row (`#57`) and its answer, never
        // by its number: a respondent is personal data, and an indicator
        // file may well name `survey_responses where q_overall <= 2`.
        Table::SurveyResponses => {
            let origin = ds.survey_responses[i].origin;
            (format!("#{}", origin.row), origin, "q_overall")
        }
        Table::SurveyTotals => (
            ds.survey_totals[i].period.to_string(),
            ds.survey_totals[i].origin,
            "period",
        ),
        Table::Complaints => (
            ds.complaints[i].case_id.clone(),
            ds.complaints[i].origin,
            "case_id",
        ),
        Table::SpaceUsage => (
            ds.space_usage[i].month.to_string(),
            ds.space_usage[i].origin,
            "date",
        ),
        Table::Rectifications => (
            ds.rectifications[i].issue_id.clone(),
            ds.rectifications[i].origin,
            "issue_id",
        ),
        Table::Volunteering => (
            ds.volunteering[i].date.to_string(),
            ds.volunteering[i].origin,
            "date",
        ),
    };
    EvidenceRow {
        id,
        location: ds.location(origin, key),
    }
}

/// Evaluates a veto or flag: the records it names, and whether it holds.
fn check(c: &Check, scope: &PartnerScope) -> (bool, Vec<EvidenceRow>) {
    let rows: Vec<EvidenceRow> = match &c.records {
        Some((table, Some(f))) => f
            .matching_rows(*table, scope)
            .iter()
            .map(|&i| evidence_row(scope.ds, *table, i as usize))
            .collect(),
        Some((table, None)) => scope
            .rows(*table)
            .iter()
            .map(|&i| evidence_row(scope.ds, *table, i as usize))
            .collect(),
        None => Vec::new(),
    };
    let holds = c.when.as_ref().is_some_and(|w| w.eval(scope).is_true());
    (holds || !rows.is_empty(), rows)
}

/// Whether a veto or flag holds, as [`check`] decides, without its evidence.
fn holds(c: &Check, scope: &PartnerScope) -> bool {
    let named = match &c.records {
        Some((table, Some(f))) => !f.matching_rows(*table, scope).is_empty(),
        Some((table, None)) => !scope.rows(*table).is_empty(),
        None => false,
    };
    named || c.when.as_ref().is_some_and(|w| w.eval(scope).is_true())
}

/// What the decision rules read of the flags: which of the set's flags are
/// raised, and the over-commercialised level. The gap analysis recomputes
/// only this in each of its trials, without evidence or notes.
pub struct Raised {
    pub flags: Vec<bool>,
    pub over_commercialised: Option<WarningLevel>,
}

impl Raised {
    /// Read off flags already found.
    pub fn of(set: &IndicatorSet, flags: &[FlagResult]) -> Raised {
        let oc = set
            .over_commercialised
            .as_ref()
            .and_then(|oc| flags.iter().find(|x| x.id == oc.flag));
        Raised {
            flags: set
                .flags
                .iter()
                .map(|f| flags.iter().any(|x| x.id == f.id))
                .collect(),
            over_commercialised: oc.and_then(|x| x.level),
        }
    }
}

/// The flags as [`flags`] and [`over_commercialised`] would raise them.
pub fn raised(set: &IndicatorSet, scope: &PartnerScope, indicators: &[IndicatorResult]) -> Raised {
    let missing = indicators.iter().any(|i| i.status == Status::Missing);
    Raised {
        flags: set
            .flags
            .iter()
            .map(|f| holds(f, scope) || (f.data_gaps && missing))
            .collect(),
        over_commercialised: set
            .over_commercialised
            .as_ref()
            .and_then(|oc| level(oc, &fired(oc, scope), scope)),
    }
}

pub fn vetoes(
    set: &IndicatorSet,
    scope: &PartnerScope,
    indicators: &[IndicatorResult],
) -> Vec<VetoResult> {
    set.vetoes
        .iter()
        .filter_map(|v| {
            let (raised, evidence) = check(v, scope);
            raised.then(|| VetoResult {
                id: v.id.clone(),
                name_zh: v.name_zh.clone(),
                name_en: v.name_en.clone(),
                evidence,
                facts: facts::of_rule(set, v.when.as_ref(), &v.show, scope, indicators)
                    .into_iter()
                    .filter(|f| f.value.is_some_and(|x| !x.is_zero()))
                    .collect(),
            })
        })
        .collect()
}

pub fn flags(
    set: &IndicatorSet,
    scope: &PartnerScope,
    indicators: &[IndicatorResult],
) -> Vec<FlagResult> {
    let missing: Vec<String> = indicators
        .iter()
        .filter(|i| i.status == Status::Missing)
        .map(|i| i.id.clone())
        .collect();
    let mut out = Vec::new();
    for f in &set.flags {
        let (mut raised, evidence) = check(f, scope);
        let gaps = f.data_gaps && !missing.is_empty();
        raised |= gaps;
        if raised {
            let mut shown = facts::of_rule(set, f.when.as_ref(), &f.show, scope, indicators);
            // A data-gap flag lists the gaps it found, not the ones it did not.
            if f.data_gaps {
                shown.retain(|x| x.value.is_none_or(|v| !v.is_zero()));
            }
            out.push(FlagResult {
                id: f.id.clone(),
                name_zh: f.name_zh.clone(),
                name_en: f.name_en.clone(),
                level: None,
                conditions: Vec::new(),
                evidence,
                facts: shown,
                missing: if gaps { missing.clone() } else { Vec::new() },
                party: f.party,
                escalated_from_prior_yellow: false,
            });
        }
    }
    out
}

/// Most evidence rows kept per condition or indicator.
pub const EVIDENCE_ROWS: usize = 50;

/// The rows behind a condition: its own aggregates' rows (a complaint
/// count), else those behind the first indicator it reads (C1's market rows).
fn condition_evidence(
    set: &IndicatorSet,
    when: &Formula,
    scope: &PartnerScope,
) -> Vec<EvidenceRow> {
    let own = when.evidence(scope);
    let found = own.or_else(|| {
        when.names_used()
            .into_iter()
            .find_map(|id| match set.names.vars[id].var {
                Var::IndicatorValue(i) => set.indicators[i].parts.first()?.value.evidence(scope),
                _ => None,
            })
    });
    found
        .map(|(table, rows)| {
            rows.iter()
                .take(EVIDENCE_ROWS)
                .map(|&i| evidence_row(scope.ds, table, i as usize))
                .collect()
        })
        .unwrap_or_default()
}

/// The over-commercialised conditions that hold.
fn fired<'a>(oc: &'a OverCommercialised, scope: &PartnerScope) -> Vec<&'a Condition> {
    oc.conditions
        .iter()
        .filter(|c| c.when.eval(scope).is_true())
        .collect()
}

/// The warning level the fired conditions give, with a yellow flag of the
/// previous period escalating a yellow to red when the set says so.
fn level(
    oc: &OverCommercialised,
    fired: &[&Condition],
    scope: &PartnerScope,
) -> Option<WarningLevel> {
    let counted = fired.iter().filter(|c| c.counted).count();
    let red_on = fired.iter().any(|c| oc.red_on.contains(&c.id));
    let prior_yellow = scope.partner.prior_flag == Some(WarningLevel::Yellow);
    let escalated = counted >= oc.yellow && oc.red_after_prior_yellow && prior_yellow;
    if counted >= oc.red || red_on || escalated {
        Some(WarningLevel::Red)
    } else if counted >= oc.yellow {
        Some(WarningLevel::Yellow)
    } else {
        None
    }
}

/// The over-commercialised flag (FL1) with the conditions that fired.
pub fn over_commercialised(
    oc: &OverCommercialised,
    set: &IndicatorSet,
    scope: &PartnerScope,
    indicators: &[IndicatorResult],
) -> Option<FlagResult> {
    let fired = fired(oc, scope);
    let level = level(oc, &fired, scope)?;
    let counted = fired.iter().filter(|c| c.counted).count();
    let red_on = fired.iter().any(|c| oc.red_on.contains(&c.id));
    // Red only through `red_after_prior_yellow`: the conditions alone give
    // yellow, and last period's yellow makes it red.
    let escalated =
        counted >= oc.yellow && counted < oc.red && !red_on && level == WarningLevel::Red;
    Some(FlagResult {
        id: oc.flag.clone(),
        name_zh: oc.name_zh.clone(),
        name_en: oc.name_en.clone(),
        level: Some(level),
        conditions: fired
            .iter()
            .map(|c| ConditionResult {
                id: c.id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                facts: facts::of_rule(set, Some(&c.when), &c.show, scope, indicators),
                evidence: condition_evidence(set, &c.when, scope),
            })
            .collect(),
        evidence: Vec::new(),
        facts: Vec::new(),
        missing: Vec::new(),
        party: Party::Partner,
        escalated_from_prior_yellow: escalated,
    })
}
