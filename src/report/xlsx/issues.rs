//! 问题清单 Rectification list (DOMAIN.md §1.5 (c)): one row per item the
//! engine raised, with found and required values, deadline, evidence and
//! level, and blank columns for the follow-up staff record by hand
//! (责任人, 复查日期, 复查结果, 状态).

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle,
    DataValidationRule, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::style::{self, i, t, Sheet, Styles, V};
use super::{evidence_ids, evidence_place, headers, partner_cells, partner_headers, Report, Scope};
use crate::indicators::Party;
use crate::lang::Lang;
use crate::schema::enums::RecheckResult;
use crate::schema::vocab::Vocabulary;
use crate::score::{ItemKind, ItemLevel, RectificationItem};

/// Rows given list and date validation for the follow-up columns.
const FOLLOW_UP_ROWS: u32 = 10_000;

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[3])?;
    let (rows, cols) = style::fill(ws, st, |s| table(s, r, scope))?;
    if let Some(last) = style::filter(ws, rows, cols)? {
        colors(ws, last, lang)?;
    }
    follow_up(ws, cols, lang)?;
    style::finish(ws, lang, Some(0), 3)
}

/// Writes the header and one row per rectification item; returns the
/// number of rows and of columns.
fn table(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let info = &r.eval.indicator_set;

    let mut h = headers(&[pick("序号", "No.")]);
    h.extend(partner_headers(lang));
    h.extend(headers(&[
        pick("问题类型", "Kind"),
        pick("代码", "Code"),
        pick("关联指标", "Indicator"),
        pick("问题", "Issue"),
        pick("实际值", "Found"),
        pick("要求", "Required"),
        pick("等级", "Level"),
        pick("性质", "Nature"),
        pick("责任方", "Who acts"),
        pick("整改期限", "Deadline"),
        pick("证据", "Evidence"),
        pick("证据位置", "Evidence location"),
        pick("决策", "Decision"),
        pick("改变决策的最小改进", "What it takes"),
        pick("责任人", "Responsible"),
        pick("复查日期", "Re-check date"),
        pick("复查结果", "Re-check result"),
        pick("状态", "Status"),
    ]));
    s.header(0, 0, &h)?;
    let mut row = 0;
    for p in &scope.partners {
        // The same for each of the partner's items, so that a filter on
        // one item still shows it.
        let gap = crate::report::gap_words::sentence(r.eval, p, lang);
        for item in &p.rectifications {
            row += 1;
            let indicator = item
                .indicator
                .as_ref()
                .map(|id| {
                    info.indicators
                        .iter()
                        .find(|d| &d.id == id)
                        .map(|d| format!("{id} {}", lang.pick(&d.name_zh, &d.name_en)))
                        .unwrap_or_else(|| id.clone())
                })
                .unwrap_or_default();
            let mut cells: Vec<V> = vec![i(row)];
            cells.extend(partner_cells(p));
            cells.extend([
                t(kind_label(item.kind, lang)),
                t(&item.code),
                t(indicator),
                t(lang.pick(&item.title_zh, &item.title_en)),
                t(crate::score::format::facts(&item.found, lang)),
                t(required(item, lang)),
                t(item_level(item.level, lang)),
                t(nature(item, lang)),
                t(item.party.label(lang)),
                V::D(item.deadline),
                t(evidence_ids(&item.evidence, lang)),
                t(evidence_place(&item.evidence, lang)),
                t(p.decision.label(lang)),
                t(&gap),
            ]);
            s.row(row, 0, &cells)?;
        }
    }
    Ok((row, h.len() as u16))
}

/// Levels and decisions in colour.
fn colors(ws: &mut Worksheet, last: u32, lang: Lang) -> Result<(), XlsxError> {
    let level_col = 11;
    let red = super::ranking::red_fill();
    let amber = Format::new()
        .set_background_color("FFEB9C")
        .set_font_color("9C5700");
    for (level, f) in [(ItemLevel::Red, red), (ItemLevel::Yellow, amber)] {
        ws.add_conditional_format(
            1,
            level_col,
            last,
            level_col,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(item_level(level, lang)))
                .set_format(f),
        )?;
    }
    super::ranking::decision_colors(ws, 1, 17, last, lang)
}

/// The follow-up columns are filled in by hand: help with lists and dates.
fn follow_up(ws: &mut Worksheet, cols: u16, lang: Lang) -> Result<(), XlsxError> {
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let date_col = cols - 3;
    let result_col = cols - 2;
    let status_col = cols - 1;
    let date_rule = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(1, date_col, FOLLOW_UP_ROWS, date_col, &date_rule)?;
    ws.set_column_format(date_col, &Format::new().set_num_format("yyyy-mm-dd"))?;
    let results: Vec<String> = RecheckResult::all().iter().map(|v| v.label(lang)).collect();
    ws.add_data_validation(
        1,
        result_col,
        FOLLOW_UP_ROWS,
        result_col,
        &DataValidation::new().allow_list_strings(&results)?,
    )?;
    let states = [
        pick("未整改", "open"),
        pick("整改中", "in progress"),
        pick("已整改", "done"),
    ];
    ws.add_data_validation(
        1,
        status_col,
        FOLLOW_UP_ROWS,
        status_col,
        &DataValidation::new().allow_list_strings(&states)?,
    )?;
    Ok(())
}

/// The level that removes the cause, or for an item raised by records,
/// that they be put right.
fn required(item: &RectificationItem, lang: Lang) -> String {
    if item.targets.is_empty() {
        lang.pick("消除所列情形", "clear the listed cases")
            .to_string()
    } else {
        crate::score::format::targets(&item.targets, lang)
    }
}

/// 整改 (a condition of renewal), 改进建议 (advice), or another party's task.
pub fn nature(item: &RectificationItem, lang: Lang) -> &'static str {
    match (item.party, item.advice) {
        (Party::Partner, false) => lang.pick("整改", "rectification"),
        (Party::Partner, true) => lang.pick("改进建议", "advice"),
        (Party::Community, _) => lang.pick("社区工作事项", "community task"),
        (Party::Evaluator, _) => lang.pick("评估机构核验事项", "evaluator task"),
    }
}

fn kind_label(kind: ItemKind, lang: Lang) -> &'static str {
    match kind {
        ItemKind::Veto => lang.pick("否决", "veto"),
        ItemKind::Flag => lang.pick("预警", "flag"),
        ItemKind::Indicator => lang.pick("指标未达标", "indicator below target"),
        ItemKind::DataGap => lang.pick("数据缺口", "data gap"),
    }
}

fn item_level(level: ItemLevel, lang: Lang) -> &'static str {
    match level {
        ItemLevel::General => lang.pick("一般", "general"),
        ItemLevel::Yellow => lang.pick("黄牌", "yellow"),
        ItemLevel::Red => lang.pick("红牌", "red"),
    }
}
