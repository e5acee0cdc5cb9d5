//! 公益金对账 Fund reconciliation: one row per fund period of each partner
//! (basis, rate, due, paid, difference, dates, days late, receipt), and the
//! sums of due, paid and difference below the table.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, Workbook, XlsxError,
};

use super::style::{n, t, Num, Sheet, Styles, V};
use super::{headers, partner_cells, partner_headers, Report, Scope};
use crate::schema::vocab::Vocabulary;

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = book.add_worksheet();
    ws.set_name(super::sheet_names(lang)[5])?;
    let mut s = Sheet::new(ws, st);
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
    let last = row.max(1);
    s.ws.autofilter(0, 0, last, h.len() as u16 - 1)?;
    let (due_col, diff_col, late_col) = (9, 11, 14);
    if row > 0 {
        s.ws.add_conditional_format(
            1,
            diff_col,
            last,
            diff_col,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::LessThan(0))
                .set_format(super::ranking::red_fill()),
        )?;
        s.ws.add_conditional_format(
            1,
            late_col,
            last,
            late_col,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                .set_format(
                    Format::new()
                        .set_background_color("FFEB9C")
                        .set_font_color("9C5700"),
                ),
        )?;
    }
    // Sums below the table, outside the filter range.
    let sums = last + 2;
    let label = match lang {
        crate::lang::Lang::Zh => format!("合计（{row} 期）"),
        crate::lang::Lang::En => format!("Total ({row} periods)"),
    };
    s.ws.write_string_with_format(sums, 0, &label, &st.label)?;
    s.row(
        sums,
        due_col,
        &[
            n(due, Num::Money),
            n(paid, Num::Money),
            n(difference, Num::Money),
        ],
    )?;
    s.finish(lang, Some(0), 2)
}
