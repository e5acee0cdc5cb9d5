//! 排名 Ranking (DOMAIN.md §1.5 (b)): one row per partner with its ranks,
//! total, grade, stars, dimension points, flags, decision and last period's
//! outcome. Ranked partners first, in ranking order; new partners after
//! them, without a rank and marked.

use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ConditionalFormatBlank, ConditionalFormatCell,
    ConditionalFormatCellRule, ConditionalFormatDataBar, ConditionalFormatText,
    ConditionalFormatTextRule, Format, Workbook, Worksheet, XlsxError,
};

use super::style::{self, i, n, t, Num, Sheet, Styles, V};
use super::{flags_text, headers, level_label, Report, Scope};
use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::schema::enums::Decision;
use crate::schema::vocab::Vocabulary;
use crate::score::{Evaluation, PartnerResult};

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let ws = super::table_sheet(book, super::sheet_names(lang)[1])?;
    let (rows, cols) = style::fill(ws, st, |s| table(s, r, scope))?;
    if let Some(last) = style::filter(ws, rows, cols.count)? {
        colors(ws, last, cols, lang)?;
    }
    style::finish(ws, lang, Some(0), 5)
}

/// How many columns there are, and where the dimension columns are: the
/// first, and the one after the last.
#[derive(Clone, Copy)]
struct Columns {
    count: u16,
    first_dim: u16,
    after_dims: u16,
}

/// Writes the header and one row per partner, ranked ones first; returns
/// the number of rows and the columns.
fn table(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<(u32, Columns), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let set = &r.eval.indicator_set;

    let mut h = headers(&[
        pick("区内排名", "District rank"),
        pick("街道排名", "Street rank"),
        pick("类型排名", "Type rank"),
        pick("合伙人编号", "Partner ID"),
        pick("合伙人名称", "Partner"),
        pick("合伙人类型", "Type"),
        pick("街道", "Street"),
        pick("社区", "Community"),
        pick("总分", "Total"),
        pick("等级", "Grade"),
        pick("星级", "Stars"),
    ]);
    let first_dim = h.len() as u16;
    // Each dimension's points beside the weight they are out of, which N/A
    // indicators may have moved (R1): never points under the nominal weight.
    for d in &set.dimensions {
        let name = lang.pick(&d.name_zh, &d.name_en);
        h.push(match lang {
            Lang::Zh => format!("{name}\n得分"),
            Lang::En => format!("{name}\npoints"),
        });
        h.push(match lang {
            Lang::Zh => format!("{name}\n调整后权重"),
            Lang::En => format!("{name}\nadjusted weight"),
        });
    }
    let after_dims = h.len() as u16;
    h.extend(headers(&[
        pick("预警", "Flags"),
        pick("否决", "Vetoes"),
        pick("决策", "Decision"),
        pick("上期等级", "Prior grade"),
        pick("上期决策", "Prior decision"),
        pick("上期预警", "Prior flag"),
        pick("等级变化", "Grade change"),
        pick("新入驻（不排名）", "New (not ranked)"),
        pick("在约月数", "Active months"),
        pick("名次区间（5%–95%）", "Rank range (5–95 %)"),
        pick("临界决策", "Borderline"),
        pick("TOPSIS 名次", "TOPSIS rank"),
        pick("较上期名次变化", "Rank change"),
        pick("较上期总分变化", "Total change"),
        pick("差距分析", "What it takes"),
        pick("决策理由", "Reasons"),
    ]));
    s.header(0, 0, &h)?;
    s.limit(4, 30);
    s.limit(h.len() as u16 - 1, 36);

    let ordered = scope
        .partners
        .iter()
        .filter(|p| !p.new_partner)
        .chain(scope.partners.iter().filter(|p| p.new_partner));
    let mut row = 0;
    for p in ordered {
        row += 1;
        s.row(row, 0, &cells(r.eval, p, lang))?;
    }
    s.note(row + 2, 0, &crate::report::weight_words::note(set, lang))?;
    let cols = Columns {
        count: h.len() as u16,
        first_dim,
        after_dims,
    };
    Ok((row, cols))
}

/// Colour scales on the points; flags, vetoes and decisions in colour.
fn colors(ws: &mut Worksheet, last: u32, cols: Columns, lang: Lang) -> Result<(), XlsxError> {
    let total = 8;
    ws.add_conditional_format(1, total, last, total, &ConditionalFormat3ColorScale::new())?;
    ws.add_conditional_format(1, total, last, total, &ConditionalFormatDataBar::new())?;
    for c in (cols.first_dim..cols.after_dims).step_by(2) {
        ws.add_conditional_format(1, c, last, c, &ConditionalFormat3ColorScale::new())?;
    }
    let red = red_fill();
    let flags = cols.after_dims;
    let red_word = level_label(crate::schema::enums::WarningLevel::Red, lang);
    ws.add_conditional_format(
        1,
        flags,
        last,
        flags,
        &ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(red_word.to_string()))
            .set_format(&red),
    )?;
    let vetoes = cols.after_dims + 1;
    ws.add_conditional_format(
        1,
        vetoes,
        last,
        vetoes,
        &ConditionalFormatBlank::new().invert().set_format(&red),
    )?;
    let decision = cols.after_dims + 2;
    decision_colors(ws, 1, decision, last, lang)
}

fn cells<'a>(eval: &Evaluation, p: &'a PartnerResult, lang: Lang) -> Vec<V<'a>> {
    let rank = |scope| V::I(p.rank(scope).map(|r| r.rank as i64));
    let mut v = vec![
        rank(RankScope::District),
        rank(RankScope::Street),
        rank(RankScope::PartnerType),
        t(&p.partner_id),
        t(&p.name),
        t(p.partner_type.label(lang)),
        t(&p.street),
        t(&p.community),
        n(p.total, Num::Points),
        t(p.grade.label(lang)),
        t("★".repeat(p.stars as usize)),
    ];
    // A dimension whose whole weight moved elsewhere (N/A) has no points.
    for d in &p.dimensions {
        if d.weight.is_zero() {
            v.extend([t(lang.pick("不适用", "N/A")), t(lang.pick("不适用", "N/A"))]);
        } else {
            v.extend([n(d.points, Num::Points), n(d.weight, Num::Points)]);
        }
    }
    let change = p.prior_grade.map(|prior| {
        // Grades are declared best first (优, 良, 中, 差).
        match p.grade.cmp(&prior) {
            std::cmp::Ordering::Less => "↑",
            std::cmp::Ordering::Equal => "=",
            std::cmp::Ordering::Greater => "↓",
        }
    });
    v.extend([
        t(flags_text(p, lang)),
        t(p.vetoes
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))),
        t(p.decision.label(lang)),
        t(p.prior_grade.map(|g| g.label(lang)).unwrap_or_default()),
        t(p.prior_decision.map(|d| d.label(lang)).unwrap_or_default()),
        t(p.prior_flag
            .map(|f| level_label(f, lang).to_string())
            .unwrap_or_default()),
        t(change.unwrap_or_default()),
        t(if p.new_partner {
            lang.pick("是", "yes")
        } else {
            ""
        }),
        i(p.active_months),
        t(super::super::pdf::interval_text(p)),
        t(match &p.sensitivity {
            Some(x) if x.borderline => lang.pick("是", "yes"),
            _ => "",
        }),
        V::I(p.topsis.as_ref().map(|x| x.rank as i64)),
        V::I(p.previous.as_ref().and_then(|q| q.rank_change)),
        n(p.previous.as_ref().map(|q| q.total_change), Num::Points),
        t(crate::report::gap_words::brief(eval, p, lang)),
        t(p.reasons
            .iter()
            .map(|r| lang.pick(&r.zh, &r.en))
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; "))),
    ]);
    v
}

/// A clear red fill with dark red text.
pub fn red_fill() -> Format {
    Format::new()
        .set_background_color("FFC7CE")
        .set_font_color("9C0006")
}

/// 退出 red, 整改后续约 amber, 续约 green, in one column.
pub fn decision_colors(
    ws: &mut Worksheet,
    first: u32,
    col: u16,
    last: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let fills = [
        (Decision::Exit, red_fill()),
        (
            Decision::Rectify,
            Format::new()
                .set_background_color("FFEB9C")
                .set_font_color("9C5700"),
        ),
        (
            Decision::Renew,
            Format::new()
                .set_background_color("C6EFCE")
                .set_font_color("006100"),
        ),
    ];
    for (d, f) in fills {
        ws.add_conditional_format(
            first,
            col,
            last,
            col,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(d.label(lang)))
                .set_format(&f),
        )?;
    }
    Ok(())
}
