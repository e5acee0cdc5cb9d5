//! 预警名单 Flags and vetoes: every veto, the over-commercialised flag with
//! each condition that fired and the values it looked at, and every other
//! flag, with evidence ids and where they are.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Workbook, Worksheet, XlsxError,
};

use super::style::{self, t, Sheet, Styles, V};
use super::{
    evidence_ids, evidence_place, headers, level_label, partner_cells, partner_headers, Report,
    Scope,
};
use crate::lang::Lang;
use crate::schema::enums::WarningLevel;
use crate::schema::vocab::Vocabulary;
use crate::score::{FlagResult, PartnerResult};

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[4])?;
    let (rows, cols) = style::fill(ws, st, |s| table(s, r, scope))?;
    if let Some(last) = style::filter(ws, rows, cols)? {
        colors(ws, last, cols, lang)?;
    }
    style::finish(ws, lang, Some(0), 2)
}

/// Writes the header and the rows of every partner; returns the number of
/// rows and of columns.
fn table(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);

    let mut h = partner_headers(lang);
    h.extend(headers(&[
        pick("类别", "Kind"),
        pick("代码", "Code"),
        pick("名称", "Name"),
        pick("等级", "Level"),
        pick("条件", "Condition"),
        pick("条件说明", "Condition text"),
        pick("取值", "Values"),
        pick("证据", "Evidence"),
        pick("证据位置", "Evidence location"),
        pick("说明", "Notes"),
        pick("决策", "Decision"),
    ]));
    s.header(0, 0, &h)?;
    let mut row = 0;
    for p in &scope.partners {
        for line in lines(p, lang) {
            row += 1;
            let mut cells: Vec<V> = partner_cells(p).into();
            cells.extend(line);
            cells.push(t(p.decision.label(lang)));
            s.row(row, 0, &cells)?;
        }
    }
    Ok((row, h.len() as u16))
}

/// Levels and decisions (the last column) in colour.
fn colors(ws: &mut Worksheet, last: u32, cols: u16, lang: Lang) -> Result<(), XlsxError> {
    let level_col = 7;
    for word in [
        level_label(WarningLevel::Red, lang),
        crate::report::escalated_red(lang),
        lang.pick("否决", "veto"),
    ] {
        ws.add_conditional_format(
            1,
            level_col,
            last,
            level_col,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(word))
                .set_format(super::ranking::red_fill()),
        )?;
    }
    ws.add_conditional_format(
        1,
        level_col,
        last,
        level_col,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(level_label(
                WarningLevel::Yellow,
                lang,
            )))
            .set_format(
                rust_xlsxwriter::Format::new()
                    .set_background_color("FFEB9C")
                    .set_font_color("9C5700"),
            ),
    )?;
    super::ranking::decision_colors(ws, 1, cols - 1, last, lang)
}

/// The rows of one partner, after its four partner columns (without the
/// decision): kind, code, name, level, condition, condition text, values,
/// evidence, evidence location, notes.
fn lines(p: &PartnerResult, lang: Lang) -> Vec<Vec<V<'_>>> {
    let mut out = Vec::new();
    for v in &p.vetoes {
        out.push(vec![
            t(lang.pick("一票否决", "veto")),
            t(&v.id),
            t(lang.pick(&v.name_zh, &v.name_en)),
            t(lang.pick("否决", "veto")),
            t(""),
            t(""),
            t(""),
            t(evidence_ids(&v.evidence, lang)),
            t(evidence_place(&v.evidence, lang)),
            t(""),
        ]);
    }
    for f in &p.flags {
        let level = crate::report::flag_level(f, lang).unwrap_or(lang.pick("预警", "flag"));
        let kind = if f.level.is_some() {
            lang.pick("过度商业化", "over-commercialised")
        } else {
            lang.pick("预警", "flag")
        };
        let head = || {
            vec![
                t(kind),
                t(&f.id),
                t(lang.pick(&f.name_zh, &f.name_en)),
                t(level),
            ]
        };
        let notes = notes(f, lang);
        if f.conditions.is_empty() {
            let mut row = head();
            row.extend([
                t(""),
                t(""),
                t(""),
                t(evidence_ids(&f.evidence, lang)),
                t(evidence_place(&f.evidence, lang)),
                t(notes.clone()),
            ]);
            out.push(row);
        }
        for c in &f.conditions {
            let mut row = head();
            let evidence = if c.evidence.is_empty() {
                &f.evidence
            } else {
                &c.evidence
            };
            row.extend([
                t(&c.id),
                t(lang.pick(&c.name_zh, &c.name_en)),
                t(crate::score::format::facts(&c.facts, lang)),
                t(evidence_ids(evidence, lang)),
                t(evidence_place(evidence, lang)),
                t(notes.clone()),
            ]);
            out.push(row);
        }
    }
    out
}

/// What a flag read, in words and units, and the indicators it found
/// without data.
fn notes(f: &FlagResult, lang: Lang) -> String {
    let mut s = crate::score::format::facts(&f.facts, lang);
    if !f.missing.is_empty() {
        if !s.is_empty() {
            s += lang.pick("；", "; ");
        }
        s += &crate::score::format::missing(&f.missing, lang);
    }
    s
}
