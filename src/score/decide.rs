//! Grade, decision and reasons (DOMAIN.md §3.3, §3.6); the 问题清单 that
//! follows from them is [`super::items`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::checks::Raised;
use super::context::PartnerScope;
use super::format;
use super::reasons;
use super::result::*;
use crate::formula::Value;
use crate::indicators::{IndicatorSet, Var};
use crate::lang::Lang;
use crate::schema::enums::{Decision, Grade};
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

/// Dimensions below the weak-spot share of their (effective) weight, of
/// those that can be judged (see [`DimensionResult::judged`]).
pub fn weak_dimensions(set: &IndicatorSet, dims: &[DimensionResult]) -> Vec<usize> {
    dims.iter()
        .enumerate()
        .filter(|(_, d)| {
            d.judged && d.weight > Decimal::ZERO && d.points < d.weight * set.weak_dimension_share
        })
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
/// Also gives the rules that held, by index: the causes the 问题清单 lists.
pub fn decide(
    set: &IndicatorSet,
    scope: &mut PartnerScope,
    f: &Facts,
) -> (Decision, Vec<Reason>, Vec<usize>) {
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
        .iter()
        .map(|&i| {
            let r = &set.rules[i];
            Reason {
                decision,
                zh: reasons::render(&r.reason_zh, &zh).unwrap_or_else(|e| e),
                en: reasons::render(&r.reason_en, &en).unwrap_or_else(|e| e),
            }
        })
        .collect();
    (decision, reasons, chosen)
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
            let mut text = x
                .conditions
                .iter()
                .map(|c| name(&c.name_zh, &c.name_en))
                .collect::<Vec<_>>()
                .join(sep);
            // A red card that came from last period's yellow says so (R6).
            if x.escalated_from_prior_yellow {
                text += lang.pick(
                    "（上期黄牌，本期升级为红牌）",
                    " (yellow last period, so raised to red)",
                );
            }
            text
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
