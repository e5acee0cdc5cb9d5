//! Grade, decision and reasons (DOMAIN.md §3.3, §3.6), and the 问题清单.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::checks::Raised;
use super::context::PartnerScope;
use super::format;
use super::reasons;
use super::result::*;
use crate::formula::Value;
use crate::indicators::{IndicatorSet, Scoring, Var};
use crate::lang::Lang;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::schema::vocab::Vocabulary;

/// The band a total falls in; a veto caps the verdict at the lowest band.
pub fn grade(set: &IndicatorSet, total: Decimal, vetoed: bool) -> (Grade, u8) {
    let band = if vetoed {
        set.bands.last()
    } else {
        set.bands
            .iter()
            .find(|b| total >= b.min)
            .or(set.bands.last())
    };
    band.map_or((Grade::Poor, 1), |b| (b.grade, b.stars))
}

/// Dimensions below the weak-spot share of their (effective) weight.
pub fn weak_dimensions(set: &IndicatorSet, dims: &[DimensionResult]) -> Vec<usize> {
    dims.iter()
        .enumerate()
        .filter(|(_, d)| d.weight > Decimal::ZERO && d.points < d.weight * set.weak_dimension_share)
        .map(|(i, _)| i)
        .collect()
}

/// Everything the decision rules and their wording need.
pub struct Facts<'a> {
    pub total: Decimal,
    pub grade: Grade,
    pub stars: u8,
    pub vetoes: &'a [VetoResult],
    pub flags: &'a [FlagResult],
    pub dims: &'a [DimensionResult],
    pub indicators: &'a [IndicatorResult],
}

/// Applies the rules: exit wins over rectify; no reason means renew.
pub fn decide(set: &IndicatorSet, scope: &mut PartnerScope, f: &Facts) -> (Decision, Vec<Reason>) {
    let raised = Raised::of(set, f.flags);
    let ruled = Ruled {
        total: f.total,
        vetoes: f.vetoes.len(),
        dims: f.dims,
        raised: &raised,
        weak: None,
    };
    let (decision, chosen, weak) = verdict(set, scope, &ruled);
    let zh = wording(set, scope, f, &weak, Lang::Zh);
    let en = wording(set, scope, f, &weak, Lang::En);
    let reasons = chosen
        .into_iter()
        .map(|i| {
            let r = &set.rules[i];
            Reason {
                decision,
                zh: reasons::render(&r.reason_zh, &zh).unwrap_or_else(|e| e),
                en: reasons::render(&r.reason_en, &en).unwrap_or_else(|e| e),
            }
        })
        .collect();
    (decision, reasons)
}

/// What the decision rules read: the total, the vetoes, the dimensions and
/// the flags raised.
pub struct Ruled<'a> {
    pub total: Decimal,
    pub vetoes: usize,
    pub dims: &'a [DimensionResult],
    pub raised: &'a Raised,
    /// The number of weak dimensions to judge by instead of counting them
    /// in `dims`: the Monte Carlo's table of decisions asks "what if two
    /// dimensions were weak" without building dimensions that are.
    pub weak: Option<usize>,
}

/// The decision alone, with the rules that hold and the weak dimensions:
/// what the gap analysis re-checks many times, without the wording.
pub fn verdict(
    set: &IndicatorSet,
    scope: &mut PartnerScope,
    f: &Ruled,
) -> (Decision, Vec<usize>, Vec<usize>) {
    let weak = weak_dimensions(set, f.dims);
    let weak_count = f.weak.unwrap_or(weak.len());
    scope.fill(set, |v| match v {
        Var::Total => Some(Value::Num(f.total)),
        Var::Vetoes => Some(Value::Num(Decimal::from(f.vetoes))),
        Var::WeakDimensions => Some(Value::Num(Decimal::from(weak_count))),
        Var::Flag(i) => Some(Value::Bool(f.raised.flags.get(i) == Some(&true))),
        Var::OverCommercialised => Some(
            f.raised
                .over_commercialised
                .map_or(Value::Missing, |l| Value::Sym(l.key())),
        ),
        _ => None,
    });
    let holds = |scope: &PartnerScope, d: Decision| -> Vec<usize> {
        set.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.decision == d && r.when.eval(scope).is_true())
            .map(|(i, _)| i)
            .collect()
    };
    let rectify = holds(scope, Decision::Rectify);
    let n = Decimal::from(rectify.len());
    scope.fill(set, |v| {
        matches!(v, Var::RectifyReasons).then_some(Value::Num(n))
    });
    let exit = holds(scope, Decision::Exit);
    if !exit.is_empty() {
        (Decision::Exit, exit, weak)
    } else if !rectify.is_empty() {
        (Decision::Rectify, rectify, weak)
    } else {
        (Decision::Renew, Vec::new(), weak)
    }
}

/// The values reason templates may use, in one language.
fn wording(
    set: &IndicatorSet,
    scope: &PartnerScope,
    f: &Facts,
    weak: &[usize],
    lang: Lang,
) -> BTreeMap<String, String> {
    let sep = lang.pick("、", ", ");
    let name = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let mut m = BTreeMap::new();
    m.insert("total".into(), format::points(f.total));
    m.insert("grade".into(), f.grade.label(lang));
    m.insert("stars".into(), "★".repeat(f.stars as usize));
    m.insert(
        "vetoes_text".into(),
        f.vetoes
            .iter()
            .map(|v| format!("{} {}", v.id, name(&v.name_zh, &v.name_en)))
            .collect::<Vec<_>>()
            .join(sep),
    );
    let fl1 = set
        .over_commercialised
        .as_ref()
        .and_then(|oc| f.flags.iter().find(|x| x.id == oc.flag));
    m.insert(
        "fl1_text".into(),
        fl1.map(|x| {
            x.conditions
                .iter()
                .map(|c| name(&c.name_zh, &c.name_en))
                .collect::<Vec<_>>()
                .join(sep)
        })
        .unwrap_or_default(),
    );
    m.insert(
        "weak_text".into(),
        weak.iter()
            .map(|&i| {
                let d = &set.dimensions[i];
                let r = &f.dims[i];
                format!(
                    "{} {}/{}",
                    name(&d.name_zh, &d.name_en),
                    format::points(r.points),
                    format::points(r.weight)
                )
            })
            .collect::<Vec<_>>()
            .join(sep),
    );
    m.insert(
        "flags_text".into(),
        f.flags
            .iter()
            .filter(|x| x.level.is_none())
            .map(|x| format!("{} {}", x.id, name(&x.name_zh, &x.name_en)))
            .collect::<Vec<_>>()
            .join(sep),
    );
    let valid = set
        .names
        .vars
        .iter()
        .position(|v| matches!(v.var, Var::Survey(crate::indicators::SurveyStat::Valid)));
    m.insert(
        "survey_valid".into(),
        valid
            .and_then(|i| scope.vars[i].num())
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    m.insert("partner_name".into(), scope.partner.name.clone());
    for (ind, res) in set.indicators.iter().zip(f.indicators) {
        m.insert(ind.id.clone(), format::value(res.value, ind.unit));
    }
    m
}

/// The 问题清单: every veto, flag and weak indicator, with what was found,
/// what is required, a deadline and the evidence.
pub fn rectification_items(
    set: &IndicatorSet,
    scope: &PartnerScope,
    f: &Facts,
    deadline: NaiveDate,
) -> Vec<RectificationItem> {
    let mut items = Vec::new();
    for v in f.vetoes {
        items.push(RectificationItem {
            kind: ItemKind::Veto,
            level: ItemLevel::Red,
            code: v.id.clone(),
            indicator: None,
            title_zh: v.name_zh.clone(),
            title_en: v.name_en.clone(),
            found: v
                .evidence
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
                .join(", "),
            required: "0".into(),
            deadline,
            evidence: v.evidence.clone(),
        });
    }
    for flag in f.flags {
        items.extend(flag_items(set, scope, flag, deadline));
    }
    for (ind, res) in set.indicators.iter().zip(f.indicators) {
        let weak = res.status == Status::Ok
            && res.exact_points < res.exact_weight * set.weak_dimension_share;
        let covered = items
            .iter()
            .any(|i| i.indicator.as_deref() == Some(ind.id.as_str()));
        if (res.status == Status::Missing || weak) && !covered {
            items.push(RectificationItem {
                kind: if weak {
                    ItemKind::Indicator
                } else {
                    ItemKind::DataGap
                },
                level: ItemLevel::General,
                code: ind.id.clone(),
                indicator: Some(ind.id.clone()),
                title_zh: ind.name_zh.clone(),
                title_en: ind.name_en.clone(),
                found: format::value(res.value, ind.unit),
                required: required(ind, res),
                deadline,
                evidence: indicator_evidence(ind, scope),
            });
        }
    }
    items
}

/// The records behind an indicator's value (its numerator's rows).
fn indicator_evidence(
    ind: &crate::indicators::Indicator,
    scope: &PartnerScope,
) -> Vec<EvidenceRow> {
    let Some((table, rows)) = ind.parts.first().and_then(|p| p.value.evidence(scope)) else {
        return Vec::new();
    };
    rows.iter()
        .take(super::checks::EVIDENCE_ROWS)
        .map(|&i| super::checks::evidence_row(scope.ds, table, i as usize))
        .collect()
}

/// What an indicator must reach: the full-points goalpost.
fn required(ind: &crate::indicators::Indicator, res: &IndicatorResult) -> String {
    let Some(part) = ind.parts.first() else {
        return String::new();
    };
    let sign = match ind.direction {
        crate::indicators::Direction::Up => "≥",
        crate::indicators::Direction::Down => "≤",
    };
    let full = match &part.scoring {
        Scoring::Linear { full, .. } => Some(*full),
        Scoring::Steps(steps) => steps
            .iter()
            .map(|s| s.bound)
            .reduce(|a, b| match ind.direction {
                crate::indicators::Direction::Up => a.max(b),
                crate::indicators::Direction::Down => a.min(b),
            }),
        Scoring::Percentile { .. } => res.parts.first().and_then(|p| p.full),
    };
    full.map(|x| format!("{sign} {}", format::value(Some(x), part.unit)))
        .unwrap_or_default()
}

fn flag_items(
    set: &IndicatorSet,
    scope: &PartnerScope,
    flag: &FlagResult,
    deadline: NaiveDate,
) -> Vec<RectificationItem> {
    let level = match flag.level {
        Some(WarningLevel::Red) => ItemLevel::Red,
        Some(WarningLevel::Yellow) => ItemLevel::Yellow,
        None => ItemLevel::General,
    };
    let item = |code: String,
                zh: &str,
                en: &str,
                (indicator, found, required): (Option<String>, String, String),
                evidence: Vec<EvidenceRow>| {
        RectificationItem {
            kind: ItemKind::Flag,
            level,
            code,
            indicator,
            title_zh: zh.to_string(),
            title_en: en.to_string(),
            found,
            required,
            deadline,
            evidence,
        }
    };
    if let Some(oc) = set
        .over_commercialised
        .as_ref()
        .filter(|oc| oc.flag == flag.id)
    {
        return flag
            .conditions
            .iter()
            .filter_map(|c| oc.conditions.iter().find(|d| d.id == c.id).map(|d| (c, d)))
            .map(|(c, d)| {
                item(
                    format!("{} {}", flag.id, c.id),
                    &c.name_zh,
                    &c.name_en,
                    found_required(set, scope, &d.when, flag),
                    c.evidence.clone(),
                )
            })
            .collect();
    }
    let when = set
        .flags
        .iter()
        .find(|d| d.id == flag.id)
        .and_then(|d| d.when.as_ref());
    let text = match when {
        Some(w) => found_required(set, scope, w, flag),
        None => records_found(flag),
    };
    vec![item(
        flag.id.clone(),
        &flag.name_zh,
        &flag.name_en,
        text,
        flag.evidence.clone(),
    )]
}

/// Found and required for a condition: `X < c` gives X's value and `≥ c`;
/// other conditions list the values they read; record-only flags the rows.
fn found_required(
    set: &IndicatorSet,
    scope: &PartnerScope,
    when: &crate::formula::Formula,
    flag: &FlagResult,
) -> (Option<String>, String, String) {
    if let Some((var, sign, bound)) = when.threshold(scope) {
        let unit = match set.names.vars[var].var {
            Var::IndicatorValue(i) => Some(&set.indicators[i]),
            _ => None,
        };
        let show = |x: Option<Decimal>| match unit {
            Some(ind) => format::value(x, ind.unit),
            None => x
                .map(|n| n.normalize().to_string())
                .unwrap_or_else(|| "—".into()),
        };
        let found = show(scope.vars[var].num());
        let required = format!("{sign} {}", show(Some(bound)));
        return (unit.map(|i| i.id.clone()), found, required);
    }
    if !flag.evidence.is_empty() {
        return records_found(flag);
    }
    let values: Vec<String> = when
        .names_used()
        .into_iter()
        .filter_map(|id| match set.names.vars[id].var {
            Var::IndicatorValue(i) => Some(format!(
                "{} {}",
                set.indicators[i].id,
                format::value(scope.vars[id].num(), set.indicators[i].unit)
            )),
            _ => None,
        })
        .collect();
    let first = when
        .names_used()
        .into_iter()
        .find_map(|id| match set.names.vars[id].var {
            Var::IndicatorValue(i) => Some(set.indicators[i].id.clone()),
            _ => None,
        });
    let found = if values.is_empty() {
        flag.notes.join("; ")
    } else {
        values.join(", ")
    };
    (first, found, "—".into())
}

/// A flag raised by records: which records and how many (`GJ-3, GJ-7
/// (2)`). There is no value to reach — the records themselves must be put
/// right — so the requirement is `—`, which the wording template turns
/// into "消除所列情形" rather than "达到 0".
fn records_found(flag: &FlagResult) -> (Option<String>, String, String) {
    const SHOWN: usize = 5;
    let ids: Vec<&str> = flag.evidence.iter().map(|e| e.id.as_str()).collect();
    let found = match ids.len() {
        0 => flag.notes.join("; "),
        n if n <= SHOWN => format!("{} ({n})", ids.join(", ")),
        n => format!("{}, … ({n})", ids[..SHOWN].join(", ")),
    };
    (None, found, "—".into())
}
