//! The numbers behind a flag, a veto, a condition or an item, as typed
//! [`Fact`]s in words and units (DOMAIN.md §3.10 R8).
//!
//! Why here and not in the reports: a report an official publishes may not
//! show a rule's formula or a field name (`C1.value`, `partner.fund_basis`),
//! and a renderer must never parse text back. So scoring names every number
//! once, in both languages, from what the indicator file and the schema
//! call it: an indicator by its name, a survey count or registry value by
//! its label, an aggregate by its sheet and column, a share with the counts
//! it came from (11/41). A flag may name its numbers itself (`[[flag.show]]`);
//! otherwise they are the measured sides of its rule's comparisons.

use rust_decimal::Decimal;

use super::context::PartnerScope;
use super::result::{Fact, IndicatorResult};
use crate::formula::{Agg, Compared, Formula, Table, Term};
use crate::indicators::{IndicatorSet, Shown, Unit, Var};
use crate::lang::Lang;
use crate::schema::SheetSpec;
use crate::value::ValueType;

/// The numbers a flag or condition shows: those its file names, else the
/// measured side of each comparison its rule makes.
pub fn of_rule(
    set: &IndicatorSet,
    when: Option<&Formula>,
    show: &[Shown],
    scope: &PartnerScope,
    inds: &[IndicatorResult],
) -> Vec<Fact> {
    if !show.is_empty() {
        return show.iter().map(|s| shown(s, scope)).collect();
    }
    let Some(when) = when else {
        return Vec::new();
    };
    let mut out: Vec<Fact> = Vec::new();
    for c in when.compared(scope) {
        if let Some(f) = compared_fact(set, &c, inds) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// A number the indicator file names.
fn shown(s: &Shown, scope: &PartnerScope) -> Fact {
    Fact {
        indicator: None,
        label_zh: s.label_zh.clone(),
        label_en: s.label_en.clone(),
        value: s.value.eval(scope).num(),
        unit: s.unit,
        of: s.value.share_of(scope),
        detail: None,
    }
}

/// An indicator's value as a fact, in the unit it is shown in.
pub fn indicator(set: &IndicatorSet, i: usize, r: &IndicatorResult) -> Fact {
    let ind = &set.indicators[i];
    Fact {
        indicator: Some(ind.id.clone()),
        label_zh: ind.name_zh.clone(),
        label_en: ind.name_en.clone(),
        value: r.value,
        unit: r.unit,
        of: None,
        detail: None,
    }
}

/// The measured side of one comparison, named.
pub fn compared_fact(set: &IndicatorSet, c: &Compared, inds: &[IndicatorResult]) -> Option<Fact> {
    if let Term::Name(id) = c.term {
        if let Var::IndicatorValue(i) = set.names.vars[id].var {
            return inds.get(i).map(|r| Fact {
                value: c.value,
                ..indicator(set, i, r)
            });
        }
    }
    let (zh, en, unit) = label(set, &c.term)?;
    Some(Fact {
        indicator: None,
        label_zh: zh,
        label_en: en,
        value: c.value,
        unit,
        of: c.of,
        detail: None,
    })
}

/// What a term is called, in both languages, and its unit.
fn label(set: &IndicatorSet, term: &Term) -> Option<(String, String, Unit)> {
    match term {
        Term::Name(id) => {
            let def = &set.names.vars[*id];
            if let Var::IndicatorValue(i) = def.var {
                let ind = &set.indicators[i];
                return Some((ind.name_zh.clone(), ind.name_en.clone(), ind.unit));
            }
            let (zh, en, unit) = name_label(&def.path)?;
            Some((zh.to_string(), en.to_string(), unit))
        }
        Term::Agg {
            agg,
            text,
            table,
            filtered,
        } => Some(aggregate_label(*agg, text, *table, *filtered)),
        Term::Share(a, b) => {
            let (az, ae, _) = label(set, a)?;
            let (bz, be, _) = label(set, b)?;
            Some((
                format!("{az}占{bz}的比例"),
                format!("{ae} as a share of {be}"),
                Unit::Percent,
            ))
        }
    }
}

/// Labels of the names rules commonly read. A parameter or name without
/// one is not shown: its path is an engine word.
fn name_label(path: &str) -> Option<(&'static str, &'static str, Unit)> {
    const KNOWN: &[(&str, &str, &str, Unit)] = &[
        (
            "survey.valid",
            "有效问卷数",
            "valid questionnaires",
            Unit::Count,
        ),
        (
            "survey.satisfied",
            "满意答卷数",
            "satisfied answers",
            Unit::Count,
        ),
        (
            "survey.sales_answered",
            "回答是否被推销的受访者",
            "respondents asked about sales pressure",
            Unit::Count,
        ),
        (
            "survey.sales_pressure",
            "感到被推销的受访者",
            "respondents who felt pushed to buy",
            Unit::Count,
        ),
        ("active_months", "在约月数", "months in force", Unit::Count),
        (
            "fund.consecutive_unpaid",
            "连续未缴期数",
            "consecutive unpaid periods",
            Unit::Count,
        ),
        (
            "district.median_revenue",
            "区内营业收入中位数",
            "district median revenue",
            Unit::Money,
        ),
        (
            "partner.agreed_free_sessions",
            "约定年度公益场次",
            "free sessions agreed per year",
            Unit::Count,
        ),
        (
            "partner.space_area_m2",
            "使用空间面积（㎡）",
            "space area (m²)",
            Unit::Number,
        ),
        ("total", "总分", "total", Unit::Number),
    ];
    KNOWN
        .iter()
        .find(|(p, ..)| *p == path)
        .map(|&(_, zh, en, unit)| (zh, en, unit))
}

/// An aggregate by its sheet and column, as the user's workbook heads them
/// (without the unit, which the value shows); a filtered one says that it
/// counts the rows the rule selects, never the filter's text. A sum of an
/// expression rather than one column is named by its sheet alone.
fn aggregate_label(agg: Agg, text: &str, table: Table, filtered: bool) -> (String, String, Unit) {
    // The summed column, when the sum is of one column (`sum(t: revenue
    // where …)`), not of an expression (`unit_price * participants`).
    let column = text
        .split_once(':')
        .map(|(_, rest)| {
            let rest = rest.trim().trim_end_matches(')');
            rest.split(" where ").next().unwrap_or("").trim()
        })
        .filter(|c| !c.contains(' '));
    let (zh_t, en_t) = (
        SheetSpec::of(table.sheet()).title(Lang::Zh),
        SheetSpec::of(table.sheet()).title(Lang::En),
    );
    let (zh_f, en_f) = if filtered {
        ("中符合本项规则的", ", those this rule selects")
    } else {
        ("", "")
    };
    match (agg, column.and_then(|c| table.column(c))) {
        (Agg::Sum, Some(spec)) => {
            let strip = |s: &'static str| s.split(['(', '（']).next().unwrap_or(s).trim();
            let (zh_c, en_c) = (strip(spec.title(Lang::Zh)), strip(spec.title(Lang::En)));
            let unit = if spec.ty == ValueType::Money {
                Unit::Money
            } else {
                Unit::Number
            };
            (
                format!("{zh_t}{zh_f}{zh_c}合计"),
                format!("{en_t}{en_f}, total {}", en_c.to_lowercase()),
                unit,
            )
        }
        (Agg::Sum, None) => (
            format!("{zh_t}{zh_f}合计"),
            format!("{en_t}{en_f}, total"),
            Unit::Number,
        ),
        (Agg::Months, _) => (
            format!("有{zh_t}{zh_f}的月数"),
            format!("months with rows of {en_t}{en_f}"),
            Unit::Count,
        ),
        (Agg::Count, _) => (
            format!("{zh_t}{zh_f}条数"),
            format!("rows of {en_t}{en_f}"),
            Unit::Count,
        ),
    }
}

/// A count as a fact, with what it counts (periods short: `2025-01`).
pub fn count(zh: String, en: String, n: usize, detail: Option<(String, String)>) -> Fact {
    Fact {
        indicator: None,
        label_zh: zh,
        label_en: en,
        value: Some(Decimal::from(n)),
        unit: Unit::Count,
        of: None,
        detail,
    }
}

/// An amount of money as a fact.
pub fn money(zh: String, en: String, x: Decimal) -> Fact {
    Fact {
        indicator: None,
        label_zh: zh,
        label_en: en,
        value: Some(x),
        unit: Unit::Money,
        of: None,
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An aggregate reads as its sheet and column, never as its formula.
    #[test]
    fn aggregates_are_named_by_sheet_and_column() {
        let (zh, en, unit) = aggregate_label(
            Agg::Sum,
            "sum(financials: revenue)",
            Table::Financials,
            false,
        );
        assert_eq!(zh, "经营数据申报营业收入合计");
        assert_eq!(en, "Financials, total revenue");
        assert_eq!(unit, Unit::Money);
        let (zh, _, unit) = aggregate_label(
            Agg::Count,
            "count(financials where profit >= revenue * 0.02)",
            Table::Financials,
            true,
        );
        assert_eq!(zh, "经营数据申报中符合本项规则的条数");
        assert!(!zh.contains("profit"));
        assert_eq!(unit, Unit::Count);
        let (zh, ..) = aggregate_label(Agg::Months, "months(services)", Table::Services, false);
        assert_eq!(zh, "有服务记录的月数");
        // A sum of an expression is not the sum of its first column.
        let (zh, _, unit) = aggregate_label(
            Agg::Sum,
            "sum(services: unit_price * participants where pricing_mode == '低偿')",
            Table::Services,
            true,
        );
        assert_eq!(zh, "服务记录中符合本项规则的合计");
        assert_eq!(unit, Unit::Number);
    }
}
