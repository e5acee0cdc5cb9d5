//! 公益金对账 Fund reconciliation: one row per fund period of each partner
//! (basis, rate, due, paid, difference, dates, days late, receipt), and the
//! sums of due, paid and difference below the table.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, Workbook, Worksheet, XlsxError,
};

use super::style::{self, n, t, Num, Sheet, Styles, V};
use super::{headers, partner_cells, partner_headers, Report, Scope};
use crate::schema::vocab::Vocabulary;

/// 应缴金额, the first of the due, paid and difference columns.
const DUE_COL: u16 = 9;
/// 差额（实缴−应缴）.
const DIFF_COL: u16 = 11;
/// 逾期天数.
const LATE_COL: u16 = 14;

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[5])?;
    let (rows, cols) = style::fill(ws, st, |s| table(s, r, scope))?;
    if let Some(last) = style::filter(ws, rows, cols)? {
        colors(ws, last)?;
    }
    style::finish(ws, lang, Some(0), 2)
}

/// Writes the header, one row per fund period and the sums below the
/// table (outside the filter range); returns the number of rows (without
/// the sums) and of columns.
fn table(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);

    let mut h = partner_headers(lang);
    h.extend(headers(&[
        pick("缴纳编号", "Payment ID"),
        pick("所属期间", "Period"),
        pick("计提基数", "Basis"),
        pick("计提比例", "Rate"),
        pick("基数金额", "Basis amount"),
        pick("应缴金额", "Due"),
        pick("实缴金额", "Paid"),
        pick("差额（实缴−应缴）", "Difference (paid − due)"),
        pick("应缴截止日", "Due date"),
        pick("缴纳日期", "Paid date"),
        pick("逾期天数", "Days late"),
        pick("票据号", "Receipt no."),
        pick("来源位置", "Source"),
    ]));
    s.header(0, 0, &h)?;
    let mut row = 0;
    let (mut due, mut paid, mut difference) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for p in &scope.partners {
        for l in &p.fund {
            row += 1;
            due += l.due.unwrap_or_default();
            paid += l.paid;
            difference += l.difference.unwrap_or_default();
            let mut cells: Vec<V> = partner_cells(p).into();
            cells.extend([
                t(&l.payment_id),
                t(l.period.to_string()),
                t(l.basis.label(lang)),
                n(l.rate, Num::Percent),
                n(l.basis_amount, Num::Money),
                n(l.due, Num::Money),
                n(l.paid, Num::Money),
                n(l.difference, Num::Money),
                V::D(Some(l.due_date)),
                V::D(l.paid_date),
                V::I(l.days_late),
                t(l.receipt_no.clone().unwrap_or_default()),
                t(super::row_place(&l.location, lang)),
            ]);
            s.row(row, 0, &cells)?;
        }
    }
    let sums = row.max(1) + 2;
    let label = match lang {
        crate::lang::Lang::Zh => format!("合计（{row} 期）"),
        crate::lang::Lang::En => format!("Total ({row} periods)"),
    };
    s.bold(sums, 0, &label)?;
    s.row(
        sums,
        DUE_COL,
        &[
            n(due, Num::Money),
            n(paid, Num::Money),
            n(difference, Num::Money),
        ],
    )?;
    Ok((row, h.len() as u16))
}

/// Underpayments in red, late payments in amber.
fn colors(ws: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    ws.add_conditional_format(
        1,
        DIFF_COL,
        last,
        DIFF_COL,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::LessThan(0))
            .set_format(super::ranking::red_fill()),
    )?;
    ws.add_conditional_format(
        1,
        LATE_COL,
        last,
        LATE_COL,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThan(0))
            .set_format(
                Format::new()
                    .set_background_color("FFEB9C")
                    .set_font_color("9C5700"),
            ),
    )?;
    Ok(())
}
