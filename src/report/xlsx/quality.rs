//! 数据质量 Data quality: every problem found in the input (file, sheet,
//! row, column, header, value, code, message), then the rows read,
//! accepted and rejected per sheet.

use rust_xlsxwriter::{ConditionalFormatCell, ConditionalFormatCellRule, Workbook, XlsxError};

use super::style::{self, i, t, Sheet, Styles};
use super::{headers, Report, Scope};
use crate::problem::Severity;
use crate::schema::SheetSpec;

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[6])?;
    let (rows, cols) = style::fill(ws, st, |s| {
        let problems = problems(s, r, scope)?;
        sheet_counts(s, r, scope, problems.0.max(1) + 3)?;
        Ok(problems)
    })?;
    if let Some(last) = style::filter(ws, rows, cols)? {
        ws.add_conditional_format(
            1,
            0,
            last,
            0,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(
                    Severity::Error.label(lang),
                ))
                .set_format(super::ranking::red_fill()),
        )?;
    }
    style::finish(ws, lang, Some(0), 0)
}

/// Writes the header and one row per problem; returns the number of rows
/// and of columns.
fn problems(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = headers(&[
        pick("级别", "Severity"),
        pick("文件", "File"),
        pick("工作表", "Sheet"),
        pick("行", "Row"),
        pick("列", "Column"),
        pick("表头", "Header"),
        pick("单元格值", "Value"),
        pick("代码", "Code"),
        pick("说明", "Message"),
    ]);
    s.header(0, 0, &h)?;
    s.limit(0, 60);
    s.limit(1, 60);
    let mut row = 0;
    for p in &scope.problems {
        row += 1;
        let l = &p.location;
        s.row(
            row,
            0,
            &[
                t(p.severity.label(lang)),
                t(&l.file),
                t(&l.sheet),
                i(l.row),
                t(&l.column),
                t(&l.header),
                t(&p.value),
                t(p.code()),
                t(p.message(lang)),
            ],
        )?;
    }
    if row == 0 {
        s.note(1, 0, pick("未发现数据问题。", "No data problems found."))?;
    }
    Ok((row, h.len() as u16))
}

/// Rows per sheet from row `top` on, below the problems and outside their
/// filter.
fn sheet_counts(s: &mut Sheet, r: &Report, scope: &Scope, top: u32) -> Result<(), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    s.title(top, 0, pick("各工作表行数", "Rows per sheet"))?;
    let head = top + 1;
    s.header(
        head,
        0,
        &headers(&[
            pick("文件", "File"),
            pick("工作表", "Sheet"),
            pick("识别为", "Read as"),
            pick("表头行", "Header row"),
            pick("读取", "Read"),
            pick("接受", "Accepted"),
            pick("拒绝", "Rejected"),
        ]),
    )?;
    let mut row = head;
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    let sheets = r.loaded.dataset.sheets.iter().filter(|sh| {
        scope
            .files
            .as_ref()
            .is_none_or(|files| files.contains(&sh.file))
    });
    for sh in sheets {
        row += 1;
        let c = sh.counts;
        read += c.read;
        accepted += c.accepted;
        rejected += c.rejected;
        s.row(
            row,
            0,
            &[
                t(&sh.file),
                t(&sh.sheet),
                t(SheetSpec::of(sh.kind).title(lang)),
                i(sh.header_row),
                i(c.read),
                i(c.accepted),
                i(c.rejected),
            ],
        )?;
    }
    row += 1;
    s.bold(row, 0, pick("合计", "Total"))?;
    s.row(row, 4, &[i(read), i(accepted), i(rejected)])
}
