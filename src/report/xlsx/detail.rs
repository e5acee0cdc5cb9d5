//! 指标明细 Indicator detail, in the layout Chinese evaluation tables use
//! (一级指标 | 权重 | 二级指标 | 分值 | 计量单位 | 目标值 | 指标值 | 得分), long
//! format: one row per partner × indicator, so it filters and pivots.

use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ConditionalFormatCell, ConditionalFormatCellRule, Workbook,
    Worksheet, XlsxError,
};

use super::style::{self, n, t, Num, Sheet, Styles, V};
use super::{headers, partner_cells, partner_headers, Report, Scope};
use crate::indicators::{Direction, Scoring, Unit};
use crate::lang::Lang;
use crate::score::format::{points, value};
use crate::score::{IndicatorInfo, IndicatorResult, Status};
use rust_decimal::Decimal;

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[2])?;
    let (rows, cols) = style::fill(ws, st, |s| table(s, r, scope))?;
    if let Some(last) = style::filter(ws, rows, cols)? {
        colors(ws, last, lang)?;
    }
    style::finish(ws, lang, Some(0), 2)
}

/// Writes the header and one row per partner × indicator; returns the
/// number of rows and of columns.
fn table(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let info = &r.eval.indicator_set;

    let mut h = partner_headers(lang);
    h.extend(headers(&[
        pick("一级指标", "Dimension"),
        pick("维度权重（调整后）", "Dimension weight (adjusted)"),
        pick("指标编号", "Indicator ID"),
        pick("二级指标", "Indicator"),
        pick("分值", "Max points"),
        pick("原分值", "Nominal points"),
        pick("计量单位", "Unit"),
        pick("目标值", "Goalposts"),
        pick("指标值", "Value"),
        pick("得分", "Points"),
        pick("得分率", "Share of points"),
        pick("状态", "Status"),
        pick("分项取值", "Parts"),
    ]));
    s.header(0, 0, &h)?;
    let mut row = 0;
    for p in &scope.partners {
        for (def, res) in info.indicators.iter().zip(&p.indicators) {
            row += 1;
            let dim = info.dimensions.iter().find(|d| d.id == def.dimension);
            let mut cells: Vec<V> = partner_cells(p).into();
            cells.extend([
                t(dim
                    .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
                    .unwrap_or_else(|| def.dimension.clone())),
                // The weight this partner's dimension is scored out of,
                // after N/A redistribution (R1), not the set's.
                n(
                    p.dimensions
                        .iter()
                        .find(|d| d.id == def.dimension)
                        .map(|d| d.weight),
                    Num::General,
                ),
                t(&def.id),
                t(lang.pick(&def.name_zh, &def.name_en)),
                n(res.weight, Num::General),
                n(res.nominal_weight, Num::General),
                t(unit_text(r, def, lang)),
                t(goalposts(def, res, lang)),
                shown_value(res),
                n(res.points, Num::Points),
                n(share(res), Num::Percent),
                t(status_text(res.status, lang)),
                t(parts_text(def, res, lang)),
            ]);
            s.row(row, 0, &cells)?;
        }
    }
    Ok((row, h.len() as u16))
}

/// The share of points on a colour scale; missing data in red.
fn colors(ws: &mut Worksheet, last: u32, lang: Lang) -> Result<(), XlsxError> {
    let share_col = 14;
    ws.add_conditional_format(
        1,
        share_col,
        last,
        share_col,
        &ConditionalFormat3ColorScale::new()
            .set_minimum(rust_xlsxwriter::ConditionalFormatType::Number, 0)
            .set_maximum(rust_xlsxwriter::ConditionalFormatType::Number, 1),
    )?;
    let status_col = 15;
    ws.add_conditional_format(
        1,
        status_col,
        last,
        status_col,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(status_text(
                Status::Missing,
                lang,
            )))
            .set_format(super::ranking::red_fill()),
    )?;
    Ok(())
}

/// 得分率: the share of the weight earned, for single-part indicators.
/// Several parts are scored on the worse one; the result does not say which,
/// so the share is left blank there (see the parts column).
fn share(res: &IndicatorResult) -> Option<Decimal> {
    match (res.status, res.parts.as_slice()) {
        (Status::Ok, [only]) => only.share,
        _ => None,
    }
}

fn status_text(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Ok => lang.pick("已计分", "scored"),
        Status::Na => lang.pick("不适用（权重已转移）", "N/A (weight moved)"),
        Status::Missing => lang.pick("缺数据（0 分）", "no data (0 points)"),
    }
}

/// The unit as the set names it, or a plain word for the unit kind.
fn unit_text(r: &Report, def: &IndicatorInfo, lang: Lang) -> String {
    let named = r
        .set
        .indicators
        .iter()
        .find(|i| i.id == def.id)
        .and_then(|i| match lang {
            Lang::Zh => i.unit_zh.clone(),
            Lang::En => i.unit_en.clone(),
        });
    named.unwrap_or_else(|| unit_word(def.unit, lang).to_string())
}

pub fn unit_word(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Percent => "%",
        Unit::Ratio => lang.pick("比值", "ratio"),
        Unit::PerMille => "‰",
        Unit::Number => lang.pick("数值", "number"),
        Unit::Count => lang.pick("件", "count"),
        Unit::Money => lang.pick("元", "CNY"),
        Unit::WorseOf => lang.pick("取较差分项", "worse of parts"),
    }
}

/// The value as a number in the unit scoring gave it (for several parts,
/// the worse part's).
fn shown_value(res: &IndicatorResult) -> V<'static> {
    n(res.value, Num::of(res.unit))
}

/// `满分 ≥80.0%；0 分 ≤40.0%`, per part.
fn goalposts(def: &IndicatorInfo, res: &IndicatorResult, lang: Lang) -> String {
    let texts: Vec<String> = def
        .parts
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let applied = res.parts.get(k).and_then(|p| p.zero.zip(p.full));
            let text = scoring_text(&d.scoring, d.unit, applied, def.direction, lang);
            if def.parts.len() > 1 {
                format!("{}：{text}", lang.pick(&d.name_zh, &d.name_en))
            } else {
                text
            }
        })
        .collect();
    texts.join(lang.pick("；", "; "))
}

/// How a value is scored: goalposts, steps or peer percentiles; `applied`
/// are the goalposts the engine used for this partner, when known.
pub fn scoring_text(
    scoring: &Scoring,
    unit: Unit,
    applied: Option<(Decimal, Decimal)>,
    dir: Direction,
    lang: Lang,
) -> String {
    let (good, bad) = match dir {
        Direction::Up => ("≥", "≤"),
        Direction::Down => ("≤", "≥"),
    };
    let show = |x| value(Some(x), unit);
    let full_zero = |full, zero| match lang {
        Lang::Zh => format!("满分 {good}{}；0 分 {bad}{}", show(full), show(zero)),
        Lang::En => format!("full {good}{}; 0 {bad}{}", show(full), show(zero)),
    };
    match scoring {
        Scoring::Linear { zero, full } => full_zero(*full, *zero),
        Scoring::Steps(steps) => steps
            .iter()
            .map(|st| match lang {
                Lang::Zh => format!("{good}{} 得 {} 分", show(st.bound), points(st.points)),
                Lang::En => format!("{good}{} → {}", show(st.bound), points(st.points)),
            })
            .collect::<Vec<_>>()
            .join(lang.pick("，", ", ")),
        Scoring::Percentile { zero, full, .. } => {
            let peers = match lang {
                Lang::Zh => format!(
                    "同类 P{}→0 分，P{}→满分",
                    zero.normalize(),
                    full.normalize()
                ),
                Lang::En => format!("peers P{}→0, P{}→full", zero.normalize(), full.normalize()),
            };
            match applied {
                Some((z, f)) => format!("{}（{peers}）", full_zero(f, z)),
                None => peers,
            }
        }
    }
}

/// Each part's value, for indicators with several parts.
fn parts_text(def: &IndicatorInfo, res: &IndicatorResult, lang: Lang) -> String {
    if def.parts.len() < 2 {
        return String::new();
    }
    res.parts
        .iter()
        .zip(&def.parts)
        .map(|(p, d)| {
            format!(
                "{} {}",
                lang.pick(&p.name_zh, &p.name_en),
                value(p.value, d.unit)
            )
        })
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}
