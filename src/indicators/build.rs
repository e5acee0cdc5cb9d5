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
use super::{measures, outcome, weighting};
use crate::formula::{Formula, Ty};
use crate::lang::Lang;
use crate::schema::vocab::Vocabulary;

/// TOML numbers through their shortest text, so 0.4 is exactly 0.4.
pub fn dec(v: f64) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap_or_default()
}

pub struct Builder<'a> {
    pos: Positions<'a>,
    errors: Vec<SetError>,
    pub names: VarTable,
}

impl Builder<'_> {
    /// Whether a problem was found so far (later checks that depend on a
    /// sound structure are skipped then).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn error<T>(&mut self, span: &Spanned<T>, zh: String, en: String) {
        let e = self.pos.at(span.span().start, zh, en);
        self.errors.push(e);
    }

    /// Compiles a formula at a stage; errors point inside the string.
    pub fn formula(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
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

    pub fn condition(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
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

    pub fn number(&mut self, src: &Spanned<String>, stage: Stage) -> Option<Formula> {
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

    pub fn records(
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
    let mut file: File = toml::from_str(text).map_err(|e| {
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
    let mut bounds = Vec::new();
    bound_numbers(&mut file, &mut |start, zh, en| {
        bounds.push(pos.at(start, zh, en))
    });
    let params: Vec<(String, Decimal)> = file
        .params
        .iter()
        .map(|(k, v)| (k.clone(), dec(*v.get_ref())))
        .collect();
    let mut b = Builder {
        pos,
        errors: bounds,
        names: VarTable::new(&params),
    };
    let mut dimensions = dimensions(&mut b, &file);
    let mut indicators = measures::indicators(&mut b, &file, &dimensions);
    measures::check_weights(&mut b, &file, &dimensions, &indicators);
    let weighting = weighting::settle(&mut b, &file, &mut dimensions, &mut indicators);
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
    outcome::outcome_names(&mut b, &file.flag, file.over_commercialised.as_ref());
    let vetoes = outcome::checks(&mut b, &file.veto);
    let flags = outcome::checks(&mut b, &file.flag);
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
        .map(|oc| outcome::over_commercialised(&mut b, oc));
    let share = file.decision.weak_dimension_share;
    if !(share > 0.0 && share <= 1.0) {
        b.error(
            &file.set.total,
            format!("weak_dimension_share = {share} 应为 0 到 1 之间的比例，如 0.6"),
            format!("weak_dimension_share = {share} must be a share between 0 and 1, such as 0.6"),
        );
    }
    let hearing = *file.decision.hearing_days.get_ref();
    if !(1..=60).contains(&hearing) {
        b.error(
            &file.decision.hearing_days,
            format!("hearing_days = {hearing} 应为 1 到 60 之间的工作日数，如 5"),
            format!(
                "hearing_days = {hearing} must be a number of working days from 1 to 60, such as 5"
            ),
        );
    }
    let ids: Vec<String> = indicators.iter().map(|i| i.id.clone()).collect();
    let rules = outcome::rules(&mut b, &file.decision, &ids);
    let ranking = ranking(&mut b, &file.ranking, &indicators);
    let sensitivity = sensitivity(&mut b, &file.sensitivity);
    let na_max_factor = na_max_factor(&mut b, file.set.na_max_factor.as_ref());
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
        na_max_factor,
        params,
        dimensions,
        indicators,
        bands,
        vetoes,
        flags,
        over_commercialised,
        weak_dimension_share: dec(file.decision.weak_dimension_share.clamp(0.0, 1.0)),
        deadline_days: *file.decision.deadline_days.get_ref(),
        hearing_days: u32::try_from(hearing.clamp(1, 60)).unwrap_or(5),
        rules,
        ranking,
        sensitivity,
        weighting,
        names: b.names,
    })
}

/// `[sensitivity]`, checked: spreads are percentages below 100.
fn sensitivity(b: &mut Builder, s: &SensitivityDef) -> SensitivitySettings {
    let mut pct = |v: &Spanned<f64>, key: &str| {
        let x = *v.get_ref();
        if !(0.0..100.0).contains(&x) {
            b.error(
                v,
                format!("{key} 应在 0 到 100 之间（百分比），现为 {x}"),
                format!("{key} must be between 0 and 100 (a percentage), found {x}"),
            );
        }
        x.clamp(0.0, 99.0) / 100.0
    };
    let weight_spread = pct(&s.weight_pct, "weight_pct");
    let goalpost_spread = pct(&s.goalpost_pct, "goalpost_pct");
    let share = *s.borderline_share.get_ref();
    if !(share > 0.0 && share <= 1.0) {
        b.error(
            &s.borderline_share,
            format!("borderline_share 应在 0 到 1 之间，现为 {share}"),
            format!("borderline_share must be in (0, 1], found {share}"),
        );
    }
    let draws = *s.draws.get_ref();
    if draws > 100_000 {
        b.error(
            &s.draws,
            format!("draws 最多 100000，现为 {draws}"),
            format!("draws is at most 100000, found {draws}"),
        );
    }
    SensitivitySettings {
        draws: draws.min(100_000),
        seed: s.seed,
        weight_spread,
        goalpost_spread,
        borderline_share: share.clamp(f64::MIN_POSITIVE, 1.0),
    }
}

/// `[set] na_max_factor`, checked: at least 1 (an indicator keeps its own
/// weight; 1 sends all N/A weight across dimensions), 2 when not written.
fn na_max_factor(b: &mut Builder, v: Option<&Spanned<f64>>) -> Decimal {
    let Some(v) = v else {
        return Decimal::TWO;
    };
    let x = *v.get_ref();
    if !(x.is_finite() && (1.0..=100.0).contains(&x)) {
        b.error(
            v,
            format!("na_max_factor 应在 1 到 100 之间（指标因不适用指标转入权重后，最多为自身权重的几倍，默认 2），现为 {x}"),
            format!("na_max_factor must be between 1 and 100 (how many times its own weight an indicator may reach with weight moved from N/A indicators; default 2), found {x}"),
        );
        return Decimal::TWO;
    }
    dec(x)
}

/// The most points a set, a dimension or an indicator may carry. Points
/// are added, multiplied by shares and compared everywhere in scoring; with
/// this bound (and at most a few thousand indicators) no sum of them comes
/// near the limit of `Decimal` (7.9e28), where a weight of 7e28 used to
/// abort the run.
pub const MAX_POINTS: f64 = 10_000.0;

/// The largest magnitude of any other number in the file (parameters,
/// goalposts, steps, band thresholds): the same bound as a number in a
/// workbook cell (`value::literal`).
pub const MAX_NUMBER: f64 = 1e15;

/// The longest deadline a decision may set, in days (ten years).
pub const MAX_DEADLINE_DAYS: i64 = 3650;

/// Checks that every number of the file is finite and within its bound,
/// reporting each one out of bounds at its place and replacing it by the
/// nearest bound, so that the later checks run on sane numbers and report
/// their own mistakes too.
fn bound_numbers(file: &mut File, report: &mut dyn FnMut(usize, String, String)) {
    fn clamp(
        x: &mut f64,
        lo: f64,
        hi: f64,
        key: &str,
        at: usize,
        report: &mut dyn FnMut(usize, String, String),
    ) {
        if x.is_finite() && (lo..=hi).contains(x) {
            return;
        }
        let (x_, lo_, hi_) = (short(*x), short(lo), short(hi));
        report(
            at,
            format!("{key} = {x_} 超出允许范围（{lo_} 到 {hi_}）"),
            format!("{key} = {x_} is out of range ({lo_} to {hi_})"),
        );
        *x = if x.is_nan() {
            lo.max(0.0)
        } else {
            x.clamp(lo, hi)
        };
    }
    fn spanned(
        v: &mut Spanned<f64>,
        lo: f64,
        hi: f64,
        key: &str,
        report: &mut dyn FnMut(usize, String, String),
    ) {
        let at = v.span().start;
        clamp(v.get_mut(), lo, hi, key, at, report);
    }
    fn scoring(s: &mut Spanned<ScoringDef>, report: &mut dyn FnMut(usize, String, String)) {
        let at = s.span().start;
        let n = MAX_NUMBER;
        match s.get_mut() {
            ScoringDef::Linear { zero, full } | ScoringDef::Percentile { zero, full, .. } => {
                clamp(zero, -n, n, "zero", at, report);
                clamp(full, -n, n, "full", at, report);
            }
            ScoringDef::Steps(steps) => {
                for st in steps {
                    for (key, x) in [("min", st.min.as_mut()), ("max", st.max.as_mut())] {
                        if let Some(x) = x {
                            clamp(x, -n, n, key, at, report);
                        }
                    }
                    clamp(&mut st.points, 0.0, MAX_POINTS, "points", at, report);
                }
            }
        }
    }
    spanned(&mut file.set.total, 0.0, MAX_POINTS, "total", report);
    for (key, v) in &mut file.params {
        spanned(v, -MAX_NUMBER, MAX_NUMBER, key, report);
    }
    for d in &mut file.dimension {
        spanned(&mut d.weight, 0.0, MAX_POINTS, "weight", report);
    }
    for ind in &mut file.indicator {
        spanned(&mut ind.weight, 0.0, MAX_POINTS, "weight", report);
        if let Some(s) = &mut ind.scoring {
            scoring(s, report);
        }
        for part in &mut ind.part {
            scoring(&mut part.scoring, report);
        }
    }
    for band in &mut file.band {
        let at = band.grade.span().start;
        clamp(&mut band.min, -MAX_POINTS, MAX_POINTS, "min", at, report);
    }
    let days = &mut file.decision.deadline_days;
    let d = *days.get_ref();
    if !(0..=MAX_DEADLINE_DAYS).contains(&d) {
        report(
            days.span().start,
            format!("deadline_days = {d} 超出允许范围（0 到 {MAX_DEADLINE_DAYS}）"),
            format!("deadline_days = {d} is out of range (0 to {MAX_DEADLINE_DAYS})"),
        );
        *days.get_mut() = d.clamp(0, MAX_DEADLINE_DAYS);
    }
}

/// A bound or a number out of bounds as a reader takes it in: `1e15`, not
/// sixteen digits.
fn short(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
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
    if msg.contains("recurs") {
        return "方括号或花括号嵌套的层数过多".into();
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
