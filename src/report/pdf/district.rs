//! The data of the 区级评估报告: headline numbers, distributions, the full
//! ranking, per-street comparison, the over-commercialised list and the
//! decision lists, as display strings.
//!
//! Counts, sums and averages are taken exactly as the workbook's 总览 takes
//! them (same filters, same rounding), so the two agree number for number.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::words;
use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::schema::vocab::Vocabulary;
use crate::score::format::{money, points, value};
use crate::score::{Evaluation, PartnerResult};

/// Chart colours, as in the workbook.
fn grade_color(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "#548235",
        Grade::Good => "#A9D08E",
        Grade::Fair => "#FFC000",
        Grade::Poor => "#C00000",
    }
}

const DECISIONS: [(Decision, &str); 3] = [
    (Decision::Renew, "#70AD47"),
    (Decision::Rectify, "#FFC000"),
    (Decision::Exit, "#C00000"),
];

/// One district report's share of a run.
pub struct Part<'a> {
    /// The district (empty when the run has no partner).
    pub district: &'a str,
    /// Its partners, in the run's result order.
    pub partners: Vec<&'a PartnerResult>,
}

/// The district reports of a run: one per district, the largest first (a
/// report's layout time grows with its ranking, and the longest started
/// last would finish alone while the other threads idle). A run with no
/// partner still gets its one, empty, report.
pub fn parts(eval: &Evaluation) -> Vec<Part<'_>> {
    let mut groups: BTreeMap<&str, Vec<&PartnerResult>> = BTreeMap::new();
    for p in &eval.partners {
        groups.entry(p.district.as_str()).or_default().push(p);
    }
    let mut parts: Vec<Part> = groups
        .into_iter()
        .map(|(district, partners)| Part { district, partners })
        .collect();
    if parts.is_empty() {
        parts.push(Part {
            district: "",
            partners: Vec::new(),
        });
    }
    // Stable: equal sizes stay in name order.
    parts.sort_by_key(|p| std::cmp::Reverse(p.partners.len()));
    parts
}

/// The data of `part`'s report. `problems`: (errors: rows rejected on
/// input, warnings: other data problems) in that district's files.
pub fn data(
    eval: &Evaluation,
    part: &Part,
    lang: Lang,
    evaluator: Option<&str>,
    problems: (usize, usize),
) -> Value {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let ps = &part.partners;
    let set = &eval.indicator_set;
    let count = |f: &dyn Fn(&PartnerResult) -> bool| ps.iter().filter(|p| f(p)).count();
    let level = |l: WarningLevel| count(&|p| p.flags.iter().any(|f| f.level == Some(l)));
    let lines = ps.iter().flat_map(|p| &p.fund);
    let due: Decimal = lines.clone().filter_map(|l| l.due).sum();
    let paid: Decimal = lines.clone().map(|l| l.paid).sum();
    let difference: Decimal = lines.clone().filter_map(|l| l.difference).sum();

    let headline = json!({
        "partners": ps.len().to_string(),
        "ranked": count(&|p| !p.new_partner).to_string(),
        "new": count(&|p| p.new_partner).to_string(),
        "participants": ps.iter().map(|p| p.activity.participants).sum::<i64>().to_string(),
        "vulnerable": ps.iter().map(|p| p.activity.vulnerable_participants).sum::<i64>().to_string(),
        "free": ps.iter().map(|p| p.activity.free_sessions).sum::<u64>().to_string(),
        "low_cost": ps.iter().map(|p| p.activity.low_cost_sessions).sum::<u64>().to_string(),
        "renew": count(&|p| p.decision == Decision::Renew).to_string(),
        "rectify": count(&|p| p.decision == Decision::Rectify).to_string(),
        "exit": count(&|p| p.decision == Decision::Exit).to_string(),
        "yellow": level(WarningLevel::Yellow).to_string(),
        "red": level(WarningLevel::Red).to_string(),
        "vetoed": count(&|p| !p.vetoes.is_empty()).to_string(),
        "fund_due": money(due),
        "fund_paid": money(paid),
        "fund_difference": money(difference),
        "errors": problems.0.to_string(),
        "warnings": problems.1.to_string(),
    });

    let grades: Vec<Value> = Grade::all()
        .iter()
        .map(|g| json!({ "label": g.label(lang), "count": count(&|p| p.grade == *g), "color": grade_color(*g) }))
        .collect();
    let decisions: Vec<Value> = DECISIONS
        .iter()
        .map(|(d, c)| json!({ "label": d.label(lang), "count": count(&|p| p.decision == *d), "color": c }))
        .collect();

    // Ranked partners in ranking order, then new partners (not ranked).
    let ordered = ps
        .iter()
        .filter(|p| !p.new_partner)
        .chain(ps.iter().filter(|p| p.new_partner));
    let ranking: Vec<Value> = ordered
        .map(|p| {
            json!({
                "rank": p.rank(RankScope::District).map(|r| r.rank.to_string()).unwrap_or_else(|| pick("新", "new")),
                "id": p.partner_id,
                "name": p.name,
                "type": p.partner_type.label(lang),
                "street": p.street,
                "community": p.community,
                "total": points(p.total),
                "grade": p.grade.label(lang),
                "stars": words::stars(p.stars),
                // A dimension whose whole weight moved elsewhere has no
                // points: 不适用, as in the workbook's 排名.
                "dims": p.dimensions.iter().map(|d| if d.weight.is_zero() {
                    pick("不适用", "N/A")
                } else {
                    // Out of the weight after N/A redistribution (R1).
                    format!("{}/{}", points(d.points), points(d.weight))
                }).collect::<Vec<_>>(),
                "flags": p.flags.iter().map(|f| match crate::report::flag_level(f, lang) {
                    Some(l) => format!("{} {l}", f.id),
                    None => f.id.clone(),
                }).chain(p.vetoes.iter().map(|v| v.id.clone())).collect::<Vec<_>>().join(lang.pick("、", ", ")),
                "decision": p.decision.label(lang),
                "decision_key": p.decision.key(),
                "interval": words::interval(p),
                "topsis": words::topsis_rank(p),
                "trend": words::trend(p),
            })
        })
        .collect();

    // Robustness: borderline decisions, and where TOPSIS and the weighted
    // sum disagree by a tenth of the district or more (at least 3 places).
    let robust_row = |p: &&PartnerResult| {
        json!({
            "id": p.partner_id,
            "name": p.name,
            "total": points(p.total),
            "rank": words::rank(p, RankScope::District),
            "interval": words::interval(p),
            "topsis": words::topsis_rank(p),
            "flip": p.sensitivity.as_ref().map(|s| format!("{:.0}%", s.decision_flip_share * 100.0)).unwrap_or_default(),
            "decision": p.decision.label(lang),
        })
    };
    let borderline: Vec<Value> = ps
        .iter()
        .filter(|p| p.sensitivity.as_ref().is_some_and(|s| s.borderline))
        .map(robust_row)
        .collect();
    let disagree: Vec<Value> = ps
        .iter()
        .filter(|p| {
            let (Some(r), Some(t)) = (p.rank(RankScope::District), &p.topsis) else {
                return false;
            };
            r.rank.abs_diff(t.rank) >= (r.of / 10).max(3)
        })
        .map(robust_row)
        .collect();
    let settings = eval.indicator_set.sensitivity;

    let mut groups: BTreeMap<&str, Vec<&PartnerResult>> = BTreeMap::new();
    for p in ps {
        groups.entry(p.street.as_str()).or_default().push(p);
    }
    let streets: Vec<Value> = groups
        .iter()
        .map(|(street, members)| {
            // The mean share of the adjusted weight, as in 总览 (R1).
            let avg: Vec<String> = (0..set.dimensions.len())
                .map(|j| {
                    crate::report::weight_words::mean_share(members, j).map_or_else(
                        || "—".into(),
                        |s| value(Some(s), crate::indicators::Unit::Percent),
                    )
                })
                .collect();
            let dec: Vec<usize> = DECISIONS
                .iter()
                .map(|(d, _)| members.iter().filter(|p| p.decision == *d).count())
                .collect();
            json!({
                "street": street,
                "partners": members.len(),
                "decisions": dec,
                "dims": avg,
            })
        })
        .collect();

    let over: Vec<Value> = ps
        .iter()
        .flat_map(|p| p.flags.iter().filter(|f| f.level.is_some()).map(move |f| (p, f)))
        .map(|(p, f)| {
            json!({
                "id": p.partner_id,
                "name": p.name,
                "street": p.street,
                "community": p.community,
                "level": crate::report::flag_level(f, lang).unwrap_or(""),
                "red": f.level == Some(WarningLevel::Red),
                "conditions": f.conditions.iter().map(|c| format!(
                    "{} {}：{}", c.id, pick(&c.name_zh, &c.name_en), crate::score::format::facts(&c.facts, lang)
                )).collect::<Vec<_>>(),
                "evidence": words::evidence(
                    &f.conditions.iter().flat_map(|c| c.evidence.iter().cloned()).chain(f.evidence.iter().cloned()).collect::<Vec<_>>(),
                    lang,
                ),
                "decision": p.decision.label(lang),
            })
        })
        .collect();

    let list = |d: Decision| -> Vec<Value> {
        ps.iter()
            .filter(|p| p.decision == d)
            .map(|p| {
                json!({
                    "id": p.partner_id,
                    "name": p.name,
                    "street": p.street,
                    "community": p.community,
                    "total": points(p.total),
                    "grade": p.grade.label(lang),
                    "reason": p.reasons.iter().map(|r| pick(&r.zh, &r.en)).collect::<Vec<_>>().join(lang.pick("；", "; ")),
                    "deadline": p.rectifications.iter().filter_map(|i| i.deadline).max().map(|d| d.to_string()).unwrap_or_default(),
                    "hearing": p.hearing.as_ref().map(|h| h.deadline.to_string()).unwrap_or_default(),
                    "gap": crate::report::gap_words::brief(eval, p, lang),
                })
            })
            .collect()
    };

    json!({
        "lang": match lang { Lang::Zh => "zh", Lang::En => "en" },
        "evaluator": evaluator.unwrap_or(""),
        "district": part.district,
        "date": eval.evaluation_date.to_string(),
        "period": eval.period.to_string(),
        "set": {
            "name": pick(&set.name_zh, &set.name_en),
            "version": set.version,
        },
        // Without the set's weights: a partner's dimension is shown out of
        // its own adjusted weight (R1).
        "dimension_names": set.dimensions.iter().map(|d| pick(&d.name_zh, &d.name_en)).collect::<Vec<_>>(),
        "weight_note": crate::report::weight_words::note(set, lang),
        "headline": headline,
        "grades": grades,
        "decisions": decisions,
        "ranking": ranking,
        "robust": {
            "draws": settings.draws.to_string(),
            "weight": format!("{:.0}%", settings.weight_spread * 100.0),
            "goalpost": format!("{:.0}%", settings.goalpost_spread * 100.0),
            "borderline_share": format!("{:.0}%", settings.borderline_share * 100.0),
            "borderline": borderline,
            "disagree": disagree,
        },
        "streets": streets,
        "over": over,
        "renew": list(Decision::Renew),
        "rectify": list(Decision::Rectify),
        "exit": list(Decision::Exit),
    })
}
