//! Checking and compiling what is decided from the scores: vetoes, flags,
//! the over-commercialised rule and the decision rules with their wording.

use toml::Spanned;

use super::build::Builder;
use super::file::*;
use super::names::{Stage, Var};
use super::*;
use crate::formula::{Formula, Ty};
use crate::lang::Lang;
use crate::schema::vocab::Vocabulary;

pub(super) fn checks(b: &mut Builder, defs: &[CheckDef]) -> Vec<Check> {
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
                show: shown(b, &d.show),
                party: party(b, d.party.as_ref()),
            }
        })
        .collect()
}

/// The numbers a flag, veto or condition shows, compiled; each read after
/// the indicators are scored, as its rule is.
fn shown(b: &mut Builder, defs: &[ShowDef]) -> Vec<Shown> {
    defs.iter()
        .filter_map(|s| {
            Some(Shown {
                label_zh: s.name_zh.clone(),
                label_en: s.name_en.clone(),
                value: b.number(&s.value, Stage::Indicators)?,
                unit: super::measures::unit(b, &s.unit)?,
            })
        })
        .collect()
}

fn party(b: &mut Builder, def: Option<&Spanned<String>>) -> Party {
    let Some(def) = def else {
        return Party::Partner;
    };
    Party::parse(def.get_ref()).unwrap_or_else(|| {
        b.error(
            def,
            format!("责任方「{}」无效；可用 合伙人、社区、评估机构", def.get_ref()),
            format!(
                "party \"{}\" is invalid; use 合伙人 (partner), 社区 (community) or 评估机构 (evaluator)",
                def.get_ref()
            ),
        );
        Party::Partner
    })
}

/// Refuses an id used twice, and ids that formulas could not name.
pub(super) fn unique_ids<'a>(b: &mut Builder, ids: impl Iterator<Item = &'a Spanned<String>>) {
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

pub(super) fn over_commercialised(
    b: &mut Builder,
    oc: &OverCommercialisedDef,
) -> OverCommercialised {
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
                show: shown(b, &c.show),
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
pub(super) fn outcome_names(
    b: &mut Builder,
    flags: &[CheckDef],
    oc: Option<&OverCommercialisedDef>,
) {
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

pub(super) fn rules(b: &mut Builder, d: &DecisionDef, ids: &[String]) -> Vec<Rule> {
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
pub(super) fn template_error(e: &crate::score::reasons::TemplateError) -> (String, String) {
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
pub(super) fn uses_rectify_count(b: &Builder, when: &Spanned<String>) -> bool {
    Formula::compile(when.get_ref(), &b.names.at(Stage::Outcome)).is_ok_and(|f| {
        f.names_used()
            .into_iter()
            .any(|id| matches!(b.names.vars[id].var, Var::RectifyReasons))
    })
}
