//! Checking and compiling the indicators: their dimension, unit,
//! direction, parts and scoring (goalposts, steps, percentiles), and that
//! weights add up.

use rust_decimal::Decimal;
use toml::Spanned;

use super::build::{dec, Builder};
use super::file::*;
use super::names::Stage;
use super::outcome::unique_ids;
use super::*;

pub(super) fn indicators(b: &mut Builder, file: &File, dims: &[Dimension]) -> Vec<Indicator> {
    unique_ids(b, file.indicator.iter().map(|d| &d.id));
    let mut out: Vec<Indicator> = Vec::new();
    for def in &file.indicator {
        let id = def.id.get_ref().clone();
        let Some(dimension) = dims.iter().position(|d| d.id == *def.dimension.get_ref()) else {
            let all: Vec<_> = dims.iter().map(|d| d.id.as_str()).collect();
            b.error(
                &def.dimension,
                format!(
                    "未知的维度「{}」；已定义：{}",
                    def.dimension.get_ref(),
                    all.join("、")
                ),
                format!(
                    "unknown dimension \"{}\"; defined: {}",
                    def.dimension.get_ref(),
                    all.join(", ")
                ),
            );
            continue;
        };
        let Some(direction) = direction(b, &def.direction) else {
            continue;
        };
        let parts = parts(b, def, direction);
        let optional_tables = optional_tables(&parts);
        out.push(Indicator {
            id,
            dimension,
            name_zh: def.name_zh.clone(),
            name_en: def.name_en.clone(),
            unit: unit(b, &def.unit).unwrap_or(Unit::Number),
            unit_zh: def.unit_zh.clone(),
            unit_en: def.unit_en.clone(),
            direction,
            weight: dec(*def.weight.get_ref()),
            parts,
            na_when: def
                .na_when
                .as_ref()
                .and_then(|f| b.condition(f, Stage::Inputs)),
            missing_when: def
                .missing_when
                .as_ref()
                .and_then(|f| b.condition(f, Stage::Inputs)),
            na_weight_to: None,
            no_demand_when: def
                .no_demand_when
                .as_ref()
                .and_then(|f| b.condition(f, Stage::Inputs)),
            demand: def.demand,
            optional_tables,
        });
    }
    // Resolve weight transfers once every id is known.
    for def in &file.indicator {
        let Some(to) = &def.na_weight_to else {
            continue;
        };
        let target = out.iter().position(|i| i.id == *to.get_ref());
        let me = out.iter().position(|i| i.id == *def.id.get_ref());
        match (me, target) {
            (Some(me), Some(t)) if out[t].dimension == out[me].dimension && t != me => {
                out[me].na_weight_to = Some(t)
            }
            _ => b.error(
                to,
                format!(
                    "na_weight_to 应为同一维度中的另一个指标，「{}」不是",
                    to.get_ref()
                ),
                format!(
                    "na_weight_to must name another indicator of the same dimension; \"{}\" is not",
                    to.get_ref()
                ),
            ),
        }
    }
    out
}

/// The tables an indicator's parts read, if every one is fed by an
/// optional sheet only; empty when any reads a required sheet or none is
/// read at all. Derived from the formulas rather than written in the file,
/// so that an edited or new indicator follows the same rule (R3).
fn optional_tables(parts: &[Part]) -> Vec<crate::formula::Table> {
    let mut tables = Vec::new();
    for p in parts {
        for t in p.value.tables() {
            if !tables.contains(&t) {
                tables.push(t);
            }
        }
    }
    let optional = |t: &crate::formula::Table| {
        crate::schema::SheetSpec::of(t.sheet()).need == crate::schema::SheetNeed::Optional
    };
    if tables.iter().all(optional) {
        tables
    } else {
        Vec::new()
    }
}

pub(super) fn direction(b: &mut Builder, d: &Spanned<String>) -> Option<Direction> {
    match d.get_ref().as_str() {
        "up" => Some(Direction::Up),
        "down" => Some(Direction::Down),
        other => {
            b.error(d, format!("方向「{other}」无效；应为 up（越高越好）或 down（越低越好）"), format!("direction \"{other}\" is invalid; use up (higher is better) or down (lower is better)"));
            None
        }
    }
}

pub(super) fn unit(b: &mut Builder, u: &Spanned<String>) -> Option<Unit> {
    let unit = match u.get_ref().as_str() {
        "percent" => Unit::Percent,
        "ratio" => Unit::Ratio,
        "per_mille" => Unit::PerMille,
        "number" => Unit::Number,
        "count" => Unit::Count,
        "money" => Unit::Money,
        "worse_of" => Unit::WorseOf,
        other => {
            b.error(u, format!("单位「{other}」无效；可用 percent、ratio、per_mille、number、count、money、worse_of"), format!("unit \"{other}\" is invalid; use percent, ratio, per_mille, number, count, money or worse_of"));
            return None;
        }
    };
    Some(unit)
}

pub(super) fn parts(b: &mut Builder, def: &IndicatorDef, direction: Direction) -> Vec<Part> {
    let mut out = Vec::new();
    match (&def.value, &def.scoring, def.part.is_empty()) {
        (Some(value), Some(scoring), true) => {
            if let (Some(v), Some(s)) = (
                b.number(value, Stage::Inputs),
                scoring_of(b, scoring, direction, def, def.unit.get_ref()),
            ) {
                out.push(Part {
                    name_zh: def.name_zh.as_str().into(),
                    name_en: def.name_en.as_str().into(),
                    unit: unit(b, &def.unit).unwrap_or(Unit::Number),
                    value: v,
                    scoring: s,
                });
            }
        }
        (None, None, false) => {
            for p in &def.part {
                let (v, s, u) = (
                    b.number(&p.value, Stage::Inputs),
                    scoring_of(b, &p.scoring, direction, def, p.unit.get_ref()),
                    unit(b, &p.unit),
                );
                if let (Some(value), Some(scoring), Some(unit)) = (v, s, u) {
                    out.push(Part {
                        name_zh: p.name_zh.as_str().into(),
                        name_en: p.name_en.as_str().into(),
                        unit,
                        value,
                        scoring,
                    });
                }
            }
        }
        _ => b.error(
            &def.id,
            format!(
                "指标「{}」应有 value 与 scoring，或若干 [[indicator.part]]，二者取一",
                def.id.get_ref()
            ),
            format!(
                "indicator \"{}\" needs value and scoring, or [[indicator.part]] entries, not both",
                def.id.get_ref()
            ),
        ),
    }
    out
}

pub(super) fn scoring_of(
    b: &mut Builder,
    s: &Spanned<ScoringDef>,
    direction: Direction,
    def: &IndicatorDef,
    unit: &str,
) -> Option<Scoring> {
    let weight = dec(*def.weight.get_ref());
    match s.get_ref() {
        ScoringDef::Linear { zero, full } => {
            if unit == "percent" && (zero.abs() > 1.5 || full.abs() > 1.5) {
                b.error(s, format!("单位为 percent 的目标值应写成小数，如 80% 写作 0.8（此处为 zero = {zero}、full = {full}）"), format!("goalposts of a percent indicator are fractions: write 80 % as 0.8 (found zero = {zero}, full = {full})"));
                return None;
            }
            let (zero, full) = (dec(*zero), dec(*full));
            let ok = match direction {
                Direction::Up => full > zero,
                Direction::Down => full < zero,
            };
            if !ok {
                b.error(
                    s,
                    format!(
                        "指标「{}」方向为 {}，但 zero = {zero}、full = {full} 与之不符",
                        def.id.get_ref(),
                        def.direction.get_ref()
                    ),
                    format!(
                        "indicator \"{}\" goes {}, but zero = {zero} and full = {full} do not",
                        def.id.get_ref(),
                        def.direction.get_ref()
                    ),
                );
                return None;
            }
            Some(Scoring::Linear { zero, full })
        }
        ScoringDef::Steps(steps) => {
            let mut out = Vec::new();
            for st in steps {
                let bound = match (direction, st.min, st.max) {
                    (Direction::Up, Some(m), None) | (Direction::Down, None, Some(m)) => dec(m),
                    _ => {
                        b.error(
                            s,
                            "分段计分：方向 up 的每段写 min，方向 down 的每段写 max".into(),
                            "steps: give min for each step of an up indicator, max for a down one"
                                .into(),
                        );
                        return None;
                    }
                };
                let points = dec(st.points);
                if points > weight || points < Decimal::ZERO {
                    b.error(
                        s,
                        format!("分段得分 {points} 不在 0 与权重 {weight} 之间"),
                        format!("step points {points} are not between 0 and the weight {weight}"),
                    );
                }
                out.push(Step { bound, points });
            }
            // A better value must never earn fewer points.
            let mut best_first = out.clone();
            match direction {
                Direction::Up => best_first.sort_by_key(|s| std::cmp::Reverse(s.bound)),
                Direction::Down => best_first.sort_by_key(|s| s.bound),
            }
            if best_first.windows(2).any(|w| w[1].points > w[0].points) {
                b.error(
                    s,
                    "分段计分：更好的分段得分不能更低".into(),
                    "steps: a better step must not earn fewer points".into(),
                );
            }
            Some(Scoring::Steps(out))
        }
        ScoringDef::Percentile {
            zero,
            full,
            peers,
            min_peers,
        } => {
            let peers = match peers.as_deref() {
                None => None,
                Some("main_category") => Some(PeerKey::MainCategory),
                Some("partner_type") => Some(PeerKey::PartnerType),
                Some("street") => Some(PeerKey::Street),
                Some(other) => {
                    b.error(s, format!("peers「{other}」无效；可用 main_category、partner_type、street"), format!("peers \"{other}\" is invalid; use main_category, partner_type or street"));
                    return None;
                }
            };
            if !(0.0..=100.0).contains(zero) || !(0.0..=100.0).contains(full) || zero >= full {
                b.error(
                    s,
                    "百分位计分要求 0 ≤ zero < full ≤ 100".into(),
                    "percentile scoring needs 0 ≤ zero < full ≤ 100".into(),
                );
                return None;
            }
            Some(Scoring::Percentile {
                zero: dec(*zero),
                full: dec(*full),
                peers,
                min_peers: *min_peers,
            })
        }
    }
}

pub(super) fn check_weights(b: &mut Builder, file: &File, dims: &[Dimension], inds: &[Indicator]) {
    let total = dec(*file.set.total.get_ref());
    let dim_sum: Decimal = dims.iter().map(|d| d.weight).sum();
    if dim_sum != total {
        b.error(
            &file.set.total,
            format!("各维度权重之和为 {dim_sum}，不等于 total = {total}"),
            format!("dimension weights add up to {dim_sum}, not total = {total}"),
        );
    }
    for (i, (d, def)) in dims.iter().zip(&file.dimension).enumerate() {
        let sum: Decimal = inds
            .iter()
            .filter(|x| x.dimension == i)
            .map(|x| x.weight)
            .sum();
        if sum != d.weight {
            b.error(
                &def.weight,
                format!(
                    "维度「{}」权重为 {}，其指标权重之和为 {sum}",
                    d.id, d.weight
                ),
                format!(
                    "dimension \"{}\" weighs {} but its indicators add up to {sum}",
                    d.id, d.weight
                ),
            );
        }
    }
}
