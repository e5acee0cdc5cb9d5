//! The 问题清单 (DOMAIN.md §3.10 R5): what a partner must put right because
//! of the rules that decided its case, what it is advised to improve, and
//! what the community or the evaluator must do.
//!
//! Why it is built from the rules and not from every shortfall: a list that
//! demands full marks everywhere (a renewed partner told to reach the
//! district's 90th percentile by a deadline) is one no official can defend.
//! So:
//! - 整改后续约: a binding item, with a deadline, for each cause of the
//!   decision only: a flag a rule read (its fired conditions, or its rows),
//!   a weak dimension (its indicators under the weak-spot share of their
//!   weight), a total under the rule's cut (the indicators furthest from
//!   their weight, each asked for its part of the missing points). The
//!   target is the level that removes the cause, never the full-mark
//!   goalpost, and never one the partner already reaches.
//! - 续约, and what did not decide a 整改后续约: advice (改进建议), no deadline.
//! - 退出: nothing to put right; the exit notice carries the reasons.
//! - Flags the indicator file gives to the community or the evaluator (a
//!   survey too small, data gaps, accounts to verify) are their tasks,
//!   whatever the decision, never the partner's.
//! - An indicator the agreement does not oblige the partner to (`demand =
//!   false`, or its `no_demand_when` holds) is never turned into a demand
//!   (R2).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::context::PartnerScope;
use super::decide::Facts;
use super::facts;
use super::result::*;
use crate::formula::{BinOp, Formula};
use crate::indicators::{Direction, IndicatorSet, Party, Scoring, Var};
use crate::schema::enums::{Decision, WarningLevel};

/// What decided the case, read off the rules that held.
#[derive(Default)]
struct Causes {
    /// Flags (by index in the set) a holding rule read.
    flags: Vec<usize>,
    over_commercialised: bool,
    weak_dimensions: bool,
    /// The total the holding rule needs reached (its cut above the total).
    total_cut: Option<Decimal>,
    /// Indicators a holding rule compares directly.
    indicators: Vec<usize>,
}

impl Causes {
    fn of(set: &IndicatorSet, chosen: &[usize], total: Decimal) -> Causes {
        let mut c = Causes::default();
        for &r in chosen {
            let when = &set.rules[r].when;
            for id in when.names_used() {
                match set.names.vars[id].var {
                    Var::Flag(i) => c.flags.push(i),
                    Var::OverCommercialised => c.over_commercialised = true,
                    Var::WeakDimensions => c.weak_dimensions = true,
                    Var::Total => {
                        let above = when.cut_points(id).into_iter().filter(|&x| x > total).min();
                        c.total_cut = c.total_cut.max(above);
                    }
                    Var::IndicatorValue(i) => c.indicators.push(i),
                    _ => {}
                }
            }
        }
        c
    }
}

/// Everything an item is built from.
pub struct Case<'a> {
    pub set: &'a IndicatorSet,
    pub scope: &'a PartnerScope<'a>,
    pub facts: &'a Facts<'a>,
    pub decision: Decision,
    /// The rules that held, by index.
    pub chosen: &'a [usize],
    pub deadline: NaiveDate,
    pub fund: &'a [FundLine],
    /// Whether the partner's agreement obliges it to each indicator
    /// (`demand`, `no_demand_when`), as scoring found once.
    pub owed: &'a [bool],
}

/// The 问题清单 of one partner.
pub fn items(case: &Case) -> Vec<RectificationItem> {
    let f = case.facts;
    let mut out: Vec<RectificationItem> = f
        .flags
        .iter()
        .filter(|x| x.party != Party::Partner)
        .flat_map(|x| flag_items(case, x, None))
        .collect();
    if case.decision == Decision::Exit {
        return out;
    }
    if case.decision == Decision::Rectify {
        let causes = Causes::of(case.set, case.chosen, f.total);
        binding(case, &causes, &mut out);
    }
    advice(case, &mut out);
    out
}

/// The items a rectification is conditional on.
fn binding(case: &Case, causes: &Causes, out: &mut Vec<RectificationItem>) {
    let (set, f) = (case.set, case.facts);
    let deadline = Some(case.deadline);
    for flag in f.flags.iter().filter(|x| x.party == Party::Partner) {
        let oc = set
            .over_commercialised
            .as_ref()
            .is_some_and(|oc| oc.flag == flag.id);
        let read = if oc {
            causes.over_commercialised
        } else {
            set.flags
                .iter()
                .position(|d| d.id == flag.id)
                .is_some_and(|i| causes.flags.contains(&i))
        };
        if read {
            out.extend(flag_items(case, flag, deadline));
        }
    }
    let share = set.weak_dimension_share;
    if causes.weak_dimensions {
        for d in super::decide::weak_dimensions(set, f.dims) {
            for (i, ind) in set.indicators.iter().enumerate() {
                if ind.dimension == d {
                    indicator_item(case, i, share, deadline, out);
                }
            }
        }
    }
    for &i in &causes.indicators {
        indicator_item(case, i, share, deadline, out);
    }
    if let Some(cut) = causes.total_cut {
        for (i, s) in towards_total(case, cut) {
            indicator_item(case, i, s, deadline, out);
        }
    }
}

/// Advice: the partner's other flags, and indicators under the weak-spot
/// share of their weight that no binding item covers.
fn advice(case: &Case, out: &mut Vec<RectificationItem>) {
    let f = case.facts;
    for flag in f.flags.iter().filter(|x| x.party == Party::Partner) {
        if !out
            .iter()
            .any(|i| i.code.split(' ').next() == Some(flag.id.as_str()))
        {
            out.extend(flag_items(case, flag, None));
        }
    }
    for i in 0..case.set.indicators.len() {
        indicator_item(case, i, case.set.weak_dimension_share, None, out);
    }
}

/// Indicators to raise so the total reaches `cut`: those furthest from
/// their weight first, until their shortfall covers the missing points;
/// each asked for its share of them, in proportion to its shortfall.
fn towards_total(case: &Case, cut: Decimal) -> Vec<(usize, Decimal)> {
    let f = case.facts;
    let missing = cut - f.total;
    let mut open: Vec<(usize, Decimal)> = f
        .indicators
        .iter()
        .enumerate()
        .filter(|(i, r)| r.status == Status::Ok && case.owed[*i])
        .map(|(i, r)| (i, r.exact_weight - r.exact_points))
        .filter(|(_, short)| *short > Decimal::ZERO)
        .collect();
    open.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut taken = Vec::new();
    let mut covered = Decimal::ZERO;
    for (i, short) in open {
        if covered >= missing {
            break;
        }
        covered += short;
        taken.push((i, short));
    }
    let scale = if covered > Decimal::ZERO {
        (missing / covered).min(Decimal::ONE)
    } else {
        Decimal::ZERO
    };
    taken
        .into_iter()
        .filter_map(|(i, short)| {
            let r = &f.indicators[i];
            (r.exact_weight > Decimal::ZERO)
                .then(|| (i, (r.exact_points + short * scale) / r.exact_weight))
        })
        .collect()
}

/// An item asking indicator `i` to earn at least `share` of its weight,
/// unless it already does, is not the partner's to give, or an item covers
/// it (a binding one then takes the higher share).
fn indicator_item(
    case: &Case,
    i: usize,
    share: Decimal,
    deadline: Option<NaiveDate>,
    out: &mut Vec<RectificationItem>,
) {
    let (set, r) = (case.set, &case.facts.indicators[i]);
    let ind = &set.indicators[i];
    if r.status != Status::Ok || r.exact_weight <= Decimal::ZERO || !case.owed[i] {
        return;
    }
    let parts = part_targets(set, i, r, share);
    if parts.is_empty() {
        return;
    }
    // A flag's item on the same indicator is another cause, with its own
    // threshold: both stay. Another indicator item keeps the stricter target.
    if let Some(old) = out
        .iter_mut()
        .find(|x| x.kind == ItemKind::Indicator && x.indicator.as_deref() == Some(ind.id.as_str()))
    {
        // An item covers it already. A binding item with a stricter target
        // replaces its targets; advice never changes what is binding.
        let stricter = match (old.targets.first(), parts.first()) {
            (Some(o), Some((_, n))) => o
                .fact
                .value
                .zip(n.fact.value)
                .is_some_and(|(o_v, n_v)| !n.cmp.met(o_v, n_v)),
            _ => false,
        };
        if stricter && deadline.is_some() {
            old.found = parts.iter().map(|(f, _)| f.clone()).collect();
            old.targets = parts.into_iter().map(|(_, t)| t).collect();
        }
        return;
    }
    out.push(RectificationItem {
        kind: ItemKind::Indicator,
        level: ItemLevel::General,
        code: ind.id.clone(),
        indicator: Some(ind.id.clone()),
        title_zh: ind.name_zh.clone(),
        title_en: ind.name_en.clone(),
        party: Party::Partner,
        advice: deadline.is_none(),
        found: parts.iter().map(|(f, _)| f.clone()).collect(),
        targets: parts.into_iter().map(|(_, t)| t).collect(),
        deadline,
        evidence: indicator_evidence(case, i),
    });
}

/// For each part of an indicator under `share` of the weight: its value
/// now and the value that earns that share (never one it already has).
fn part_targets(
    set: &IndicatorSet,
    i: usize,
    r: &IndicatorResult,
    share: Decimal,
) -> Vec<(Fact, Target)> {
    let ind = &set.indicators[i];
    let cmp = match ind.direction {
        Direction::Up => Cmp::AtLeast,
        Direction::Down => Cmp::AtMost,
    };
    let several = ind.parts.len() > 1;
    ind.parts
        .iter()
        .zip(&r.parts)
        .filter(|(_, p)| p.share.is_some_and(|s| s < share))
        .filter_map(|(part, p)| {
            let needed = match &part.scoring {
                Scoring::Steps(steps) => {
                    let mut ok: Vec<_> = steps
                        .iter()
                        .filter(|s| ind.weight > Decimal::ZERO && s.points / ind.weight >= share)
                        .map(|s| s.bound)
                        .collect();
                    ok.sort();
                    match ind.direction {
                        Direction::Up => ok.first().copied(),
                        Direction::Down => ok.last().copied(),
                    }
                }
                _ => p.zero.zip(p.full).map(|(z, f)| z + share * (f - z)),
            }?;
            let needed = settle(needed, part.unit, cmp);
            let now = p.value?;
            // A rate the small-sample rule lowered, whose actual rate already
            // meets the target: the survey is too small, which is the
            // community's to fix (FL5), not the partner's (R4).
            let raw = r.small_sample.as_ref().filter(|s| s.applied).map(|s| s.raw);
            if cmp.met(now, needed) || raw.is_some_and(|x| cmp.met(x, needed)) {
                return None;
            }
            let (zh, en) = if several {
                (part.name_zh.to_string(), part.name_en.to_string())
            } else {
                (ind.name_zh.clone(), ind.name_en.clone())
            };
            let fact = |value| Fact {
                indicator: Some(ind.id.clone()),
                label_zh: zh.clone(),
                label_en: en.clone(),
                value: Some(value),
                unit: part.unit,
                of: None,
                detail: None,
            };
            Some((
                fact(now),
                Target {
                    cmp,
                    fact: fact(needed),
                },
            ))
        })
        .collect()
}

/// A target rounded to the precision a report shows, towards the side that
/// meets it: reaching the printed value is always enough.
fn settle(x: Decimal, unit: crate::indicators::Unit, cmp: Cmp) -> Decimal {
    use crate::indicators::Unit;
    use rust_decimal::RoundingStrategy::{ToNegativeInfinity, ToPositiveInfinity};
    let dp = match unit {
        Unit::Percent if x.abs() < Decimal::new(1, 2) => 4,
        Unit::Percent => 3,
        Unit::Count => 0,
        _ => 2,
    };
    let strategy = match cmp {
        Cmp::AtLeast | Cmp::Above => ToPositiveInfinity,
        Cmp::AtMost | Cmp::Below => ToNegativeInfinity,
    };
    x.round_dp_with_strategy(dp, strategy).normalize()
}

/// The records behind an indicator's value (its numerator's rows).
fn indicator_evidence(case: &Case, i: usize) -> Vec<EvidenceRow> {
    let ind = &case.set.indicators[i];
    let Some((table, rows)) = ind.parts.first().and_then(|p| p.value.evidence(case.scope)) else {
        return Vec::new();
    };
    rows.iter()
        .take(super::checks::EVIDENCE_ROWS)
        .map(|&i| super::checks::evidence_row(case.scope.ds, table, i as usize))
        .collect()
}

/// The items of one flag: one per fired condition of the over-commercialised
/// flag, else one for the flag.
fn flag_items(
    case: &Case,
    flag: &FlagResult,
    deadline: Option<NaiveDate>,
) -> Vec<RectificationItem> {
    let set = case.set;
    let level = match flag.level {
        Some(WarningLevel::Red) => ItemLevel::Red,
        Some(WarningLevel::Yellow) => ItemLevel::Yellow,
        None => ItemLevel::General,
    };
    let advice = deadline.is_none() && flag.party == Party::Partner;
    let item =
        |code: String, zh: &str, en: &str, found: Vec<Fact>, targets: Vec<Target>, evidence| {
            RectificationItem {
                kind: if flag.missing.is_empty() {
                    ItemKind::Flag
                } else {
                    ItemKind::DataGap
                },
                level,
                code,
                indicator: found
                    .iter()
                    .chain(targets.iter().map(|t: &Target| &t.fact))
                    .find_map(|f: &Fact| f.indicator.clone()),
                title_zh: zh.to_string(),
                title_en: en.to_string(),
                party: flag.party,
                advice,
                found,
                targets,
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
            .filter_map(|(c, d)| {
                let targets = owed_targets(case, &d.when, flag.party)?;
                Some(item(
                    format!("{} {}", flag.id, c.id),
                    &c.name_zh,
                    &c.name_en,
                    c.facts.clone(),
                    targets,
                    c.evidence.clone(),
                ))
            })
            .collect();
    }
    let def = set.flags.iter().find(|d| d.id == flag.id);
    let mut found = flag.facts.clone();
    found.extend(records(case, flag));
    // Indicators without data, each as "no data".
    found.extend(flag.missing.iter().filter_map(|id| {
        let i = set.indicators.iter().position(|x| &x.id == id)?;
        Some(facts::indicator(set, i, &case.facts.indicators[i]))
    }));
    let targets = match def.and_then(|d| d.when.as_ref()) {
        Some(w) => match owed_targets(case, w, flag.party) {
            Some(t) => t,
            None => return Vec::new(),
        },
        None => Vec::new(),
    };
    vec![item(
        flag.id.clone(),
        &flag.name_zh,
        &flag.name_en,
        found,
        targets,
        flag.evidence.clone(),
    )]
}

/// The targets of a rule for `party`; none (no item at all) when every one
/// is on an indicator the partner does not owe.
fn owed_targets(case: &Case, when: &Formula, party: Party) -> Option<Vec<Target>> {
    let all = targets(case, when);
    if party != Party::Partner {
        return Some(all.into_iter().map(|(_, t)| t).collect());
    }
    let some = !all.is_empty();
    let kept: Vec<Target> = all
        .into_iter()
        .filter(|(owed, _)| *owed)
        .map(|(_, t)| t)
        .collect();
    (!kept.is_empty() || !some).then_some(kept)
}

/// What the records behind a flag come to: fund periods in arrears as
/// their periods and amount owed.
fn records(case: &Case, flag: &FlagResult) -> Vec<Fact> {
    let ids: Vec<&str> = flag.evidence.iter().map(|e| e.id.as_str()).collect();
    let arrears: Vec<&FundLine> = case
        .fund
        .iter()
        .filter(|l| ids.contains(&l.payment_id.as_str()))
        .collect();
    let owed: Decimal = arrears
        .iter()
        .filter_map(|l| l.difference)
        .filter(|d| d.is_sign_negative())
        .map(|d| -d)
        .sum();
    if arrears.is_empty() || arrears.len() != ids.len() || owed.is_zero() {
        return Vec::new();
    }
    let periods: Vec<String> = arrears.iter().map(|l| l.period.to_string()).collect();
    vec![
        facts::count(
            "未足额缴纳期数".into(),
            "periods short".into(),
            arrears.len(),
            Some((periods.join("、"), periods.join(", "))),
        ),
        facts::money("合计欠缴".into(), "owed in all".into(), owed),
    ]
}

/// The levels that remove a condition's cause: the opposite of each of its
/// comparisons that holds, on an indicator where it reads one (a partner is
/// asked to lift its contribution, not to drop its market revenue to 0);
/// each with whether the partner owes it (a comparison on an indicator the
/// agreement does not oblige it to does not).
fn targets(case: &Case, when: &Formula) -> Vec<(bool, Target)> {
    let held: Vec<_> = when
        .compared(case.scope)
        .into_iter()
        .filter(|c| c.holds)
        .collect();
    let indicator = |c: &crate::formula::Compared| match c.term {
        crate::formula::Term::Name(id) => match case.set.names.vars[id].var {
            Var::IndicatorValue(i) => Some(i),
            _ => None,
        },
        _ => None,
    };
    let any_indicator = held.iter().any(|c| indicator(c).is_some());
    held.iter()
        .filter(|c| !any_indicator || indicator(c).is_some())
        .filter_map(|c| {
            let cmp = match c.op {
                BinOp::Lt => Cmp::AtLeast,
                BinOp::Le => Cmp::Above,
                BinOp::Gt => Cmp::AtMost,
                BinOp::Ge => Cmp::Below,
                _ => return None,
            };
            let named = facts::compared_fact(case.set, c, case.facts.indicators)?;
            let owed = indicator(c).is_none_or(|i| case.owed[i]);
            Some((
                owed,
                Target {
                    cmp,
                    fact: Fact {
                        value: c.bound,
                        of: None,
                        ..named
                    },
                },
            ))
        })
        .collect()
}
