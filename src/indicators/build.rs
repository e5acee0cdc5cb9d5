//! Checking an indicator file and compiling it into an [`IndicatorSet`].
//!
//! Every problem is collected with its line and column, so a district
//! officer fixing a copied file sees all mistakes at once.

use std::str::FromStr;

use rust_decimal::Decimal;
use toml::Spanned;

use super::error::{Positions, SetError};
use super::file::*;
use super::names::{Stage, Var, VarTable};
use super::*;
use crate::formula::{Formula, Ty};
use crate::lang::Lang;
use crate::schema::vocab::Vocabulary;

/// TOML numbers through their shortest text, so 0.4 is exactly 0.4.
pub fn dec(v: f64) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap_or_default()
}

struct Builder<'a> {
    pos: Positions<'a>,
    errors: Vec<SetError>,
    names: VarTable,
}

impl Builder<'_> {
    fn error<T>(&mut self, span: &Spanned<T>, zh: String, en: String) {
        let e = self.pos.at(span.span().start, zh, en);
        self.errors.push(e);
    }

    /// Compiles a formula at a stage; errors point inside the string.
    fn formula(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
        match Formula::compile(src.get_ref(), &self.names.at(stage)) {
            Ok(f) => Some(f),
            Err(e) => {
                let at = self.pos.inside(src.span().start, e.at);
                let err = self.pos.at(at, e.zh, e.en);
                self.errors.push(err);
                None
            }
        }
    }

    fn condition(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
        let f = self.formula(src, stage)?;
        if f.ty != Ty::Bool {
            self.error(
                src,
                "条件应得出 是/否，例如 P2.value < 0.8".into(),
                "a condition must give yes/no, as in P2.value < 0.8".into(),
            );
            return None;
        }
        Some(f)
    }

    fn number(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
        let f = self.formula(src, stage)?;
        if f.ty != Ty::Num {
            self.error(
                src,
                "公式应得出数值".into(),
                "a formula must give a number".into(),
            );
            return None;
        }
        Some(f)
    }

    fn records(
        &mut self,
        src: &Spanned<String>,
        stage: Stage,
    ) -> Option<(crate::formula::Table, Option<Formula>)> {
        match Formula::compile_rows(src.get_ref(), &self.names.at(stage)) {
            Ok(r) => Some(r),
            Err(e) => {
                let at = self.pos.inside(src.span().start, e.at);
                let err = self.pos.at(at, e.zh, e.en);
                self.errors.push(err);
                None
            }
        }
    }
}

pub fn build(origin: &str, text: &str) -> Result<IndicatorSet, Vec<SetError>> {
    let pos = Positions { file: origin, text };
    let file: File = toml::from_str(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start);
        let msg = e.message().to_string();
        let before = text
            .get(..start)
            .unwrap_or("")
            .rsplit('\n')
            .next()
            .unwrap_or("");
        let after = text
            .get(start..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        let line = format!("{before}{after}");
        vec![pos.at(
            start,
            format!("文件格式错误：{}", zh_toml(&msg, &line)),
            format!("invalid file: {msg}"),
        )]
    })?;
    let params: Vec<(String, Decimal)> = file
        .params
        .iter()
        .map(|(k, v)| (k.clone(), dec(*v)))
        .collect();
    let mut b = Builder {
        pos,
        errors: Vec::new(),
        names: VarTable::new(&params),
    };
    let dimensions = dimensions(&mut b, &file);
    let indicators = indicators(&mut b, &file, &dimensions);
    check_weights(&mut b, &file, &dimensions, &indicators);
    let bands = bands(&mut b, &file);
    for (i, ind) in indicators.iter().enumerate() {
        b.names.add(
            &format!("{}.value", ind.id),
            Ty::Num,
            Stage::Indicators,
            Var::IndicatorValue(i),
        );
        b.names.add(
            &format!("{}.points", ind.id),
            Ty::Num,
            Stage::Indicators,
            Var::IndicatorPoints(i),
        );
    }
    outcome_names(&mut b, &file.flag, file.over_commercialised.as_ref());
    let vetoes = checks(&mut b, &file.veto);
    let flags = checks(&mut b, &file.flag);
    if let Some(oc) = &file.over_commercialised {
        if let Some(clash) = file.flag.iter().find(|f| *f.id.get_ref() == oc.flag) {
            b.error(
                &clash.id,
                format!("预警编号「{}」已用作过度商业化预警", oc.flag),
                format!(
                    "flag id \"{}\" is already the over-commercialised flag",
                    oc.flag
                ),
            );
        }
    }
    let over_commercialised = file
        .over_commercialised
        .as_ref()
        .map(|oc| over_commercialised(&mut b, oc));
    let share = file.decision.weak_dimension_share;
    if !(share > 0.0 && share <= 1.0) {
        b.error(
            &file.set.total,
            format!("weak_dimension_share = {share} 应为 0 到 1 之间的比例，如 0.6"),
            format!("weak_dimension_share = {share} must be a share between 0 and 1, such as 0.6"),
        );
    }
    let ids: Vec<String> = indicators.iter().map(|i| i.id.clone()).collect();
    let rules = rules(&mut b, &file.decision, &ids);
    let ranking = ranking(&mut b, &file.ranking, &indicators);
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(IndicatorSet {
        origin: origin.to_string(),
        text: text.to_string(),
        id: file.set.id,
        name_zh: file.set.name_zh,
        name_en: file.set.name_en,
        version: file.set.version,
        total: dec(*file.set.total.get_ref()),
        min_active_months: file.set.min_active_months,
        params,
        dimensions,
        indicators,
        bands,
        vetoes,
        flags,
        over_commercialised,
        weak_dimension_share: dec(file.decision.weak_dimension_share.clamp(0.0, 1.0)),
        deadline_days: file.decision.deadline_days,
        rules,
        ranking,
        names: b.names,
    })
}

/// The most common TOML parser messages, in Chinese.
fn zh_toml(msg: &str, line: &str) -> String {
    if let Some(field) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        return format!("未知的设置项「{field}」（请检查拼写）");
    }
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return format!("缺少必填的设置项「{field}」");
    }
    if line.contains(['“', '”', '‘', '’']) {
        return "请用英文半角引号 \"…\" 括起文字，不要用中文引号 “…”".into();
    }
    if msg.starts_with("unknown variant") {
        return "这里的取值不是可用的选项（请检查拼写，如 linear、steps、percentile）".into();
    }
    "写法不符合 TOML 格式：请检查引号、等号、方括号是否成对，标点是否为英文半角".into()
}

fn dimensions(b: &mut Builder, file: &File) -> Vec<Dimension> {
    let mut out: Vec<Dimension> = Vec::new();
    for d in &file.dimension {
        if out.iter().any(|o| o.id == *d.id.get_ref()) {
            b.error(
                &d.id,
                format!("维度「{}」重复", d.id.get_ref()),
                format!("dimension \"{}\" is defined twice", d.id.get_ref()),
            );
        }
        out.push(Dimension {
            id: d.id.get_ref().clone(),
            name_zh: d.name_zh.clone(),
            name_en: d.name_en.clone(),
            weight: dec(*d.weight.get_ref()),
        });
    }
    out
}

fn indicators(b: &mut Builder, file: &File, dims: &[Dimension]) -> Vec<Indicator> {
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

fn direction(b: &mut Builder, d: &Spanned<String>) -> Option<Direction> {
    match d.get_ref().as_str() {
        "up" => Some(Direction::Up),
        "down" => Some(Direction::Down),
        other => {
            b.error(d, format!("方向「{other}」无效；应为 up（越高越好）或 down（越低越好）"), format!("direction \"{other}\" is invalid; use up (higher is better) or down (lower is better)"));
            None
        }
    }
}

fn unit(b: &mut Builder, u: &Spanned<String>) -> Option<Unit> {
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

fn parts(b: &mut Builder, def: &IndicatorDef, direction: Direction) -> Vec<Part> {
    let mut out = Vec::new();
    match (&def.value, &def.scoring, def.part.is_empty()) {
        (Some(value), Some(scoring), true) => {
            if let (Some(v), Some(s)) = (
                b.number(value, Stage::Inputs),
                scoring_of(b, scoring, direction, def, def.unit.get_ref()),
            ) {
                out.push(Part {
                    name_zh: def.name_zh.clone(),
                    name_en: def.name_en.clone(),
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
                        name_zh: p.name_zh.clone(),
                        name_en: p.name_en.clone(),
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

fn scoring_of(
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

fn check_weights(b: &mut Builder, file: &File, dims: &[Dimension], inds: &[Indicator]) {
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

fn bands(b: &mut Builder, file: &File) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    for def in &file.band {
        let Some(grade) = Grade::parse(def.grade.get_ref()) else {
            b.error(
                &def.grade,
                format!(
                    "等级「{}」无效；可用 {}",
                    def.grade.get_ref(),
                    Grade::allowed(Lang::Zh)
                ),
                format!(
                    "grade \"{}\" is invalid; use {}",
                    def.grade.get_ref(),
                    Grade::allowed(Lang::En)
                ),
            );
            continue;
        };
        if !(1..=5).contains(&def.stars) {
            b.error(
                &def.grade,
                format!("星级 stars = {} 应在 1 到 5 之间", def.stars),
                format!("stars = {} must be between 1 and 5", def.stars),
            );
        }
        out.push(Band {
            min: dec(def.min),
            grade,
            stars: def.stars,
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.min));
    if out.last().is_none_or(|l| l.min > Decimal::ZERO) {
        let at = file.band.first().map(|d| &d.grade);
        if let Some(at) = at {
            b.error(
                at,
                "等级区间应覆盖到 0 分（最低一档 min = 0）".into(),
                "grade bands must reach down to 0 (lowest band min = 0)".into(),
            );
        }
    }
    out
}

fn checks(b: &mut Builder, defs: &[CheckDef]) -> Vec<Check> {
    unique_ids(b, defs.iter().map(|d| &d.id));
    defs.iter()
        .map(|d| {
            if d.records.is_none() && d.when.is_none() {
                b.error(
                    &d.id,
                    format!("「{}」需要 records 或 when", d.id.get_ref()),
                    format!("\"{}\" needs records or when", d.id.get_ref()),
                );
            }
            Check {
                id: d.id.get_ref().clone(),
                name_zh: d.name_zh.clone(),
                name_en: d.name_en.clone(),
                records: d
                    .records
                    .as_ref()
                    .and_then(|r| b.records(r, Stage::Indicators)),
                when: d
                    .when
                    .as_ref()
                    .and_then(|w| b.condition(w, Stage::Indicators)),
                data_gaps: d.data_gaps,
            }
        })
        .collect()
}

/// Refuses an id used twice, and ids that formulas could not name.
fn unique_ids<'a>(b: &mut Builder, ids: impl Iterator<Item = &'a Spanned<String>>) {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        let name = id.get_ref().as_str();
        if seen.contains(&name) {
            b.error(
                id,
                format!("编号「{name}」重复"),
                format!("id \"{name}\" is used twice"),
            );
        }
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            b.error(
                id,
                format!("编号「{name}」只能由英文字母开头，包含字母、数字和下划线，公式中才能引用"),
                format!("id \"{name}\" must start with a letter and hold only letters, digits and _, so formulas can name it"),
            );
        }
        seen.push(name);
    }
}

fn over_commercialised(b: &mut Builder, oc: &OverCommercialisedDef) -> OverCommercialised {
    unique_ids(b, oc.condition.iter().map(|c| &c.id));
    if oc.yellow > oc.red {
        b.error(
            &oc.condition[0].id,
            format!(
                "黄牌条件数 yellow = {} 大于红牌条件数 red = {}",
                oc.yellow, oc.red
            ),
            format!("yellow = {} is above red = {}", oc.yellow, oc.red),
        );
    }
    let conditions: Vec<Condition> = oc
        .condition
        .iter()
        .filter_map(|c| {
            Some(Condition {
                id: c.id.get_ref().clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                when: b.condition(&c.when, Stage::Indicators)?,
                counted: c.counted,
            })
        })
        .collect();
    for r in &oc.red_on {
        if !oc.condition.iter().any(|c| c.id.get_ref() == r.get_ref()) {
            b.error(
                r,
                format!("red_on 中的「{}」不是已定义的条件", r.get_ref()),
                format!("\"{}\" in red_on is not a defined condition", r.get_ref()),
            );
        }
    }
    OverCommercialised {
        flag: oc.flag.clone(),
        name_zh: oc.name_zh.clone(),
        name_en: oc.name_en.clone(),
        yellow: oc.yellow,
        red: oc.red,
        red_on: oc.red_on.iter().map(|r| r.get_ref().clone()).collect(),
        red_after_prior_yellow: oc.red_after_prior_yellow,
        conditions,
    }
}

/// Names of decision rules. Declared before vetoes and flags are compiled,
/// so that using one there is explained as too early, not as unknown.
fn outcome_names(b: &mut Builder, flags: &[CheckDef], oc: Option<&OverCommercialisedDef>) {
    let n = &mut b.names;
    n.add("total", Ty::Num, Stage::Outcome, Var::Total);
    n.add("vetoes", Ty::Num, Stage::Outcome, Var::Vetoes);
    n.add(
        "weak_dimensions",
        Ty::Num,
        Stage::Outcome,
        Var::WeakDimensions,
    );
    n.add(
        "rectify_reasons",
        Ty::Num,
        Stage::Outcome,
        Var::RectifyReasons,
    );
    for (i, f) in flags.iter().enumerate() {
        n.add(
            &format!("flag.{}", f.id.get_ref()),
            Ty::Bool,
            Stage::Outcome,
            Var::Flag(i),
        );
    }
    if let Some(oc) = oc {
        let level = Ty::Choice(crate::choices!(
            crate::schema::enums::WarningLevel,
            "预警等级",
            "warning level"
        ));
        n.add(
            &format!("flag.{}", oc.flag),
            level,
            Stage::Outcome,
            Var::OverCommercialised,
        );
    }
}

fn rules(b: &mut Builder, d: &DecisionDef, ids: &[String]) -> Vec<Rule> {
    let mut out = Vec::new();
    for r in &d.rule {
        let Some(decision) = Decision::parse(r.decision.get_ref()) else {
            b.error(
                &r.decision,
                format!(
                    "决策「{}」无效；可用 {}",
                    r.decision.get_ref(),
                    Decision::allowed(Lang::Zh)
                ),
                format!(
                    "decision \"{}\" is invalid; use {}",
                    r.decision.get_ref(),
                    Decision::allowed(Lang::En)
                ),
            );
            continue;
        };
        if decision == Decision::Renew {
            b.error(
                &r.decision,
                "规则只写退出或整改后续约；不满足任何规则即为续约".into(),
                "rules name exit or rectify only; a partner no rule catches is renewed".into(),
            );
        }
        for t in [&r.reason_zh, &r.reason_en] {
            if let Err(e) = crate::score::reasons::check_template(t.get_ref(), ids) {
                let (zh, en) = template_error(&e);
                b.error(t, zh, en);
            }
        }
        if decision == Decision::Rectify && uses_rectify_count(b, &r.when) {
            b.error(
                    &r.when,
                    "rectify_reasons 只能用于退出规则（整改规则判断完之后才有值）".into(),
                    "rectify_reasons can only be used in exit rules (it is known once the rectify rules have run)".into(),
                );
            continue;
        }
        if let Some(when) = b.condition(&r.when, Stage::Outcome) {
            out.push(Rule {
                decision,
                when,
                reason_zh: r.reason_zh.get_ref().clone(),
                reason_en: r.reason_en.get_ref().clone(),
            });
        }
    }
    out
}

/// The words for a refused reason template, with the variables that exist.
fn template_error(e: &crate::score::reasons::TemplateError) -> (String, String) {
    use crate::score::reasons::{TemplateError, VARIABLES};
    let (zh_vars, en_vars) = (VARIABLES.join("、"), VARIABLES.join(", "));
    match e {
        TemplateError::Unknown(names) => (
            format!("理由模板有误：没有变量「{}」；可用的变量：{zh_vars}，以及各指标编号，如 {{{{ S1 }}}}", names.join("、")),
            format!("reason template error: there is no variable \"{}\"; available: {en_vars}, and every indicator id, e.g. {{{{ S1 }}}}", names.join("\", \"")),
        ),
        TemplateError::Syntax(detail) => (
            "理由模板有误：写法不正确（变量写作 {{ total }}，花括号须成对）".to_string(),
            format!("reason template error: {detail}"),
        ),
    }
}

/// Whether a rule reads `rectify_reasons`, which rectify rules cannot.
fn uses_rectify_count(b: &Builder, when: &Spanned<String>) -> bool {
    Formula::compile(when.get_ref(), &b.names.at(Stage::Outcome)).is_ok_and(|f| {
        f.names_used()
            .into_iter()
            .any(|id| matches!(b.names.vars[id].var, Var::RectifyReasons))
    })
}

fn ranking(b: &mut Builder, r: &RankingDef, inds: &[Indicator]) -> Ranking {
    let mut scopes = Vec::new();
    for s in &r.scopes {
        match s.get_ref().as_str() {
            "district" => scopes.push(RankScope::District),
            "street" => scopes.push(RankScope::Street),
            "community" => scopes.push(RankScope::Community),
            "partner_type" => scopes.push(RankScope::PartnerType),
            other => b.error(s, format!("排名范围「{other}」无效；可用 district、street、community、partner_type"), format!("ranking scope \"{other}\" is invalid; use district, street, community or partner_type")),
        }
    }
    let mut tie_break = Vec::new();
    for t in &r.tie_break {
        match inds.iter().position(|i| i.id == *t.get_ref()) {
            Some(i) => tie_break.push(i),
            None if t.get_ref() == "partner_id" => {}
            None => b.error(
                t,
                format!("tie_break 中的「{}」不是指标编号", t.get_ref()),
                format!("\"{}\" in tie_break is not an indicator id", t.get_ref()),
            ),
        }
    }
    Ranking { scopes, tie_break }
}
