//! Small pieces of text both PDF reports share: labels of levels and
//! statuses, evidence lists, ranks. Numbers arrive here already scored and
//! leave as the strings the reader sees (Typst would print 4.0 as `4`).

use crate::formula::Table;
use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::schema::enums::WarningLevel;
use crate::schema::SheetSpec;
use crate::score::format;
use crate::score::{EvidenceRow, ItemLevel, PartnerResult, SetInfo, Status};
use crate::value::ValueType;

/// How many evidence ids a list shows before "and n more".
const EVIDENCE_SHOWN: usize = 8;

/// 黄牌 / 红牌.
pub fn warning(level: WarningLevel, lang: Lang) -> &'static str {
    match level {
        WarningLevel::Yellow => lang.pick("黄牌", "yellow"),
        WarningLevel::Red => lang.pick("红牌", "red"),
    }
}

/// 一般 / 黄牌 / 红牌 for a rectification item.
pub fn item_level(level: ItemLevel, lang: Lang) -> &'static str {
    match level {
        ItemLevel::General => lang.pick("一般", "general"),
        ItemLevel::Yellow => lang.pick("黄牌", "yellow"),
        ItemLevel::Red => lang.pick("红牌", "red"),
    }
}

/// 不适用 / 缺数据, or the empty string when scored.
pub fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Ok => "",
        Status::Na => lang.pick("不适用", "N/A"),
        Status::Missing => lang.pick("缺数据", "no data"),
    }
}

/// `FW-1、FW-2 …（共 14 条）`.
pub fn evidence(rows: &[EvidenceRow], lang: Lang) -> String {
    let mut s = rows
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| e.id.as_str())
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    if rows.len() > EVIDENCE_SHOWN {
        s += &match lang {
            Lang::Zh => format!(" …（共 {} 条）", rows.len()),
            Lang::En => format!(" … ({} in all)", rows.len()),
        };
    }
    s
}

/// `3 / 58`, or `—` for a partner not ranked in that scope.
pub fn rank(p: &PartnerResult, scope: RankScope) -> String {
    p.rank(scope)
        .map(|r| format!("{} / {}", r.rank, r.of))
        .unwrap_or_else(|| "—".into())
}

/// ★★★★☆ for 4 of 5.
pub fn stars(n: u8) -> String {
    let n = n.min(5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// A dimension's name by id.
pub fn dimension_name(set: &SetInfo, id: &str, lang: Lang) -> String {
    set.dimensions
        .iter()
        .find(|d| d.id == id)
        .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// `▲3` / `▼2` / `—` : the district rank change since last period.
pub fn trend(p: &PartnerResult) -> String {
    match p.previous.as_ref().and_then(|q| q.rank_change) {
        Some(c) if c > 0 => format!("▲{c}"),
        Some(c) if c < 0 => format!("▼{}", -c),
        Some(_) => "=".into(),
        None => "—".into(),
    }
}

/// `12–18` : the 5–95 % rank interval of the Monte Carlo, with `◆` when the
/// decision is borderline.
pub fn interval(p: &PartnerResult) -> String {
    p.sensitivity
        .as_ref()
        .map(|s| {
            let (lo, hi) = (s.rank_low.round(), s.rank_high.round());
            let span = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo}–{hi}")
            };
            if s.borderline {
                format!("{span} ◆")
            } else {
                span
            }
        })
        .unwrap_or_else(|| "—".into())
}

/// The TOPSIS rank, `—` when the partner is not ranked.
pub fn topsis_rank(p: &PartnerResult) -> String {
    p.topsis
        .as_ref()
        .map(|t| t.rank.to_string())
        .unwrap_or_else(|| "—".into())
}

/// `C1 市场化服务占比 68.8%，P2 约定公益场次完成率 58.1%`: the values a
/// flag condition looked at, each as its indicator's id, its name in the
/// report language and its value in its unit, never a formula path such as
/// `C1.value`. (The partner report uses this; [`values`] is the older,
/// path-showing form.)
pub fn values_named(
    values: &[(String, Option<rust_decimal::Decimal>)],
    set: &SetInfo,
    lang: Lang,
) -> String {
    values
        .iter()
        .map(|(path, v)| named(set, path, *v, lang))
        .collect::<Vec<_>>()
        .join(lang.pick("，", ", "))
}

/// One value a condition or note read, in words: an indicator by id, name
/// and unit; a known variable or aggregate by its label; anything else as
/// written, with its number rounded for reading.
fn named(set: &SetInfo, path: &str, v: Option<rust_decimal::Decimal>, lang: Lang) -> String {
    let id = path.strip_suffix(".value").unwrap_or(path);
    if let Some(i) = set.indicators.iter().find(|i| i.id == id) {
        return format!(
            "{id} {} {}",
            lang.pick(&i.name_zh, &i.name_en),
            format::value(v, i.unit)
        );
    }
    let shown = v.map(plain).unwrap_or_else(|| "—".into());
    match variable(path, lang) {
        Some((label, Kind::Money)) => format!(
            "{label} {}",
            v.map(format::money).unwrap_or_else(|| "—".into())
        ),
        Some((label, Kind::Count(unit))) => format!("{label} {shown}{unit}"),
        None => format!("{path}{}{shown}", lang.pick("：", ": ")),
    }
}

/// A number as a reader writes it: whole numbers without decimals, others
/// to two places.
fn plain(x: rust_decimal::Decimal) -> String {
    let r = format::round(x, 2).normalize();
    r.to_string()
}

/// How a variable's value reads.
enum Kind {
    /// A plain number, with a unit word after it in Chinese (`份`).
    Count(&'static str),
    Money,
}

/// Labels of the variables and aggregates flag conditions commonly read
/// (indicators/default.toml), and of the plain aggregates `count(table)`,
/// `count(table where …)`, `sum(table: column)` and `months(table)`.
fn variable(path: &str, lang: Lang) -> Option<(String, Kind)> {
    let zh = lang == Lang::Zh;
    let known: &[(&str, &str, &str, Kind)] = &[
        (
            "survey.valid",
            "有效问卷",
            "valid questionnaires",
            Kind::Count(" 份"),
        ),
        (
            "survey.satisfied",
            "满意答卷",
            "satisfied answers",
            Kind::Count(" 份"),
        ),
        (
            "survey.sales_answered",
            "回答是否被推销的受访者",
            "respondents asked about sales pressure",
            Kind::Count(" 人"),
        ),
        (
            "survey.sales_pressure",
            "感到被推销的受访者",
            "respondents who felt pushed to buy",
            Kind::Count(" 人"),
        ),
        (
            "param.min_survey_n",
            "最低有效问卷数",
            "minimum valid questionnaires",
            Kind::Count(" 份"),
        ),
        (
            "active_months",
            "在约月数",
            "months in force",
            Kind::Count(""),
        ),
        (
            "fund.consecutive_unpaid",
            "连续未缴期数",
            "consecutive unpaid periods",
            Kind::Count(""),
        ),
        (
            "district.median_revenue",
            "区内营业收入中位数",
            "district median revenue",
            Kind::Money,
        ),
        (
            "count(financials where verified)",
            "其中已核验的申报",
            "of which verified",
            Kind::Count(" 条"),
        ),
    ];
    if let Some((_, z, e, k)) = known.iter().find(|(p, ..)| *p == path) {
        let kind = match k {
            Kind::Count(u) => Kind::Count(if zh { u } else { "" }),
            Kind::Money => Kind::Money,
        };
        return Some(((if zh { z } else { e }).to_string(), kind));
    }
    let (func, args) = path.strip_suffix(')')?.split_once('(')?;
    let (table, cond) = match args.split_once(" where ") {
        Some((t, c)) => (t.trim(), Some(c.trim())),
        None => (args.trim(), None),
    };
    let (table, column) = match table.split_once(':') {
        Some((t, c)) => (t.trim(), Some(c.trim())),
        None => (table, None),
    };
    let table = Table::named(table)?;
    let t = SheetSpec::of(table.sheet()).title(lang);
    let choose = |a: String, b: String| if zh { a } else { b };
    let cond = |s: String| match (cond, lang) {
        (None, _) => s,
        (Some(c), Lang::Zh) => format!("{s}（{c}）"),
        (Some(c), Lang::En) => format!("{s} ({c})"),
    };
    match (func, column) {
        ("count", None) => Some((
            cond(choose(format!("{t}条数"), format!("{t}, rows"))),
            Kind::Count(""),
        )),
        ("months", None) => Some((
            cond(choose(format!("有{t}的月数"), format!("months with {t}"))),
            Kind::Count(""),
        )),
        ("sum", Some(c)) => {
            let spec = table.column(c);
            // The header without its unit: the value shows it (¥, 小时).
            let header = spec.map_or(c, |s| s.title(lang));
            let header = header.split(['(', '（']).next().unwrap_or(header).trim();
            let money = spec.is_some_and(|s| s.ty == ValueType::Money);
            let label = cond(choose(
                format!("{t}{header}合计"),
                format!("{t}, total {}", header.to_lowercase()),
            ));
            Some((label, if money { Kind::Money } else { Kind::Count("") }))
        }
        _ => None,
    }
}

/// One free-text note of a flag (`P2.value = 0.5814`, `missing: P5`,
/// `prior_flag = yellow`, `months(services) = 12`) in the report's
/// language: indicators by id, name and unit, known variables by label,
/// numbers rounded. A note it cannot read prints as written.
pub fn flag_note(note: &str, set: &SetInfo, lang: Lang) -> String {
    if let Some(ids) = note.strip_prefix("missing: ") {
        let names: Vec<String> = ids
            .split(", ")
            .map(|id| {
                set.indicators
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| format!("{id} {}", lang.pick(&i.name_zh, &i.name_en)))
                    .unwrap_or_else(|| id.to_string())
            })
            .collect();
        return match lang {
            Lang::Zh => format!("缺少数据的指标：{}", names.join("、")),
            Lang::En => format!("indicators without data: {}", names.join(", ")),
        };
    }
    if note == "prior_flag = yellow" {
        return lang
            .pick(
                "上期已为黄牌，本期升级为红牌",
                "yellow flag last period, so raised to red",
            )
            .to_string();
    }
    let Some((path, shown)) = note.rsplit_once(" = ") else {
        return note.to_string();
    };
    if let Ok(x) = shown.parse::<rust_decimal::Decimal>() {
        return named(set, path, Some(x), lang);
    }
    if path == "partner.fund_basis" {
        use crate::schema::enums::FundBasis;
        use crate::schema::vocab::Vocabulary;
        let basis = FundBasis::parse(shown)
            .map(|b| b.label(lang))
            .unwrap_or_else(|| shown.to_string());
        return format!("{} {basis}", lang.pick("公益金计提基数", "fund basis"));
    }
    match variable(path, lang) {
        Some((label, _)) => format!("{label} {shown}"),
        None => note.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aggregates read as their sheet and column headers (without units),
    /// money as money; a derived field as the column it comes from.
    #[test]
    fn aggregates_read_as_the_schema_names_them() {
        let (label, kind) = variable("sum(financials: revenue)", Lang::Zh).unwrap();
        assert_eq!(label, "经营数据申报营业收入合计");
        assert!(matches!(kind, Kind::Money));
        let (label, kind) = variable("sum(fund_payments: due)", Lang::En).unwrap();
        assert_eq!(label, "Fund payments, total amount due");
        assert!(matches!(kind, Kind::Money));
        let (label, kind) = variable("sum(services: participants)", Lang::Zh).unwrap();
        assert_eq!(label, "服务记录参与人次合计");
        assert!(matches!(kind, Kind::Count("")));
        let (label, _) = variable("count(complaints where valid)", Lang::Zh).unwrap();
        assert_eq!(label, "投诉与事件条数（valid）");
        assert!(variable("sum(nowhere: x)", Lang::Zh).is_none());
    }
}
