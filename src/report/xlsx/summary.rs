//! 总览 Summary: the period and scope, headline numbers, and three native
//! charts (grade distribution, decisions by street, average dimension
//! points by street). Everything here is counted, summed or averaged from
//! the scored partners; nothing is scored again.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Workbook, XlsxError,
};

use super::style::{self, i, n, t, Num, Sheet, Styles, V};
use super::{headers, Report, Scope, SplitBy};
use crate::lang::Lang;
use crate::problem::Severity;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::schema::vocab::Vocabulary;

const DECISION_COLORS: [(Decision, &str); 3] = [
    (Decision::Renew, "70AD47"),
    (Decision::Rectify, "FFC000"),
    (Decision::Exit, "C00000"),
];

fn grade_color(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "548235",
        Grade::Good => "A9D08E",
        Grade::Fair => "FFC000",
        Grade::Poor => "C00000",
    }
}

pub fn write(book: &mut Workbook, st: &Styles, r: &Report, scope: &Scope) -> Result<(), XlsxError> {
    let lang = r.lang;
    let name = super::sheet_names(lang)[0];
    // A small sheet, kept in memory: the charts read their cached values
    // from its cells when the workbook is saved.
    let ws = book.add_worksheet();
    ws.set_name(name)?;
    let at = style::fill(ws, st, |s| tables(s, r, scope))?;
    if !scope.partners.is_empty() {
        let charts = Charts {
            sheet: name,
            lang,
            group_word: group_word(scope, lang),
        };
        let dims = r.eval.indicator_set.dimensions.len() as u16;
        let g = charts.grades(at.grade_head, Grade::all());
        ws.insert_chart_with_offset(1, 7, &g, 10, 0)?;
        let d = charts.decisions(at.dec_head, at.groups);
        ws.insert_chart_with_offset(17, 7, &d, 10, 0)?;
        let m = charts.dimensions(at.dim_head, at.groups, dims);
        ws.insert_chart_with_offset(33, 7, &m, 10, 0)?;
    }
    style::finish(ws, lang, None, 0)
}

/// Where the tables the charts are drawn from are: their header rows, and
/// how many streets (or communities) the last two list.
struct Layout {
    grade_head: u32,
    dec_head: u32,
    dim_head: u32,
    groups: u32,
}

/// 街道 or 社区: what the tables by group list.
fn group_word(scope: &Scope, lang: Lang) -> &'static str {
    match scope.group {
        SplitBy::Street => lang.pick("街道", "Street"),
        SplitBy::Community => lang.pick("社区", "Community"),
    }
}

/// Writes the headline numbers and the tables the charts are drawn from.
fn tables(s: &mut Sheet, r: &Report, scope: &Scope) -> Result<Layout, XlsxError> {
    let lang = r.lang;
    let eval = r.eval;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let ps = &scope.partners;

    s.title(
        0,
        0,
        &format!(
            "{} — {}",
            pick("社区合伙人评估结果", "Community partner evaluation"),
            scope.label
        ),
    )?;
    let count =
        |f: &dyn Fn(&crate::score::PartnerResult) -> bool| ps.iter().filter(|p| f(p)).count();
    let level = |l: WarningLevel| count(&|p| p.flags.iter().any(|f| f.level == Some(l)));
    let lines = ps.iter().flat_map(|p| &p.fund);
    let due: Decimal = lines.clone().filter_map(|l| l.due).sum();
    let paid: Decimal = lines.clone().map(|l| l.paid).sum();
    let difference: Decimal = lines.clone().filter_map(|l| l.difference).sum();
    let errors = scope
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let set = &eval.indicator_set;
    let pairs: Vec<(&str, V)> = vec![
        (pick("评估期间", "Period"), t(eval.period.to_string())),
        (pick("评估范围", "Scope"), t(&scope.label)),
        (
            pick("评估日期", "Evaluation date"),
            V::D(Some(eval.evaluation_date)),
        ),
        (
            pick("指标体系", "Indicator set"),
            t(match lang {
                Lang::Zh => format!("{}（{}）", set.name_zh, set.version),
                Lang::En => format!("{} ({})", set.name_en, set.version),
            }),
        ),
        (pick("引擎版本", "Engine version"), t(&eval.engine_version)),
        (pick("评估合伙人", "Partners evaluated"), i(ps.len())),
        (
            pick("服务居民（人次）", "Residents served (visits)"),
            i(ps.iter().map(|p| p.activity.participants).sum::<i64>()),
        ),
        (
            pick("其中特殊群体（人次）", "Of which special groups (visits)"),
            i(ps.iter()
                .map(|p| p.activity.vulnerable_participants)
                .sum::<i64>()),
        ),
        (
            pick("公益活动（场次）", "Free sessions"),
            i(ps.iter().map(|p| p.activity.free_sessions).sum::<u64>()),
        ),
        (
            pick("低偿服务（场次）", "Low-cost sessions"),
            i(ps.iter().map(|p| p.activity.low_cost_sessions).sum::<u64>()),
        ),
        (
            pick("其中参与排名", "Ranked"),
            i(count(&|p| !p.new_partner)),
        ),
        (
            pick("新入驻（已打分，不排名）", "New (scored, not ranked)"),
            i(count(&|p| p.new_partner)),
        ),
        (
            pick("续约", "Renew"),
            i(count(&|p| p.decision == Decision::Renew)),
        ),
        (
            pick("整改后续约", "Renew after rectification"),
            i(count(&|p| p.decision == Decision::Rectify)),
        ),
        (
            pick("退出", "Exit"),
            i(count(&|p| p.decision == Decision::Exit)),
        ),
        (
            pick("过度商业化黄牌", "Over-commercialised, yellow"),
            i(level(WarningLevel::Yellow)),
        ),
        (
            pick("过度商业化红牌", "Over-commercialised, red"),
            i(level(WarningLevel::Red)),
        ),
        (
            pick("一票否决", "Vetoed"),
            i(count(&|p| !p.vetoes.is_empty())),
        ),
        (
            pick("公益金应缴合计", "Fund due, total"),
            n(due, Num::Money),
        ),
        (
            pick("公益金实缴合计", "Fund paid, total"),
            n(paid, Num::Money),
        ),
        (
            pick("差额合计（实缴−应缴）", "Difference, total (paid − due)"),
            n(difference, Num::Money),
        ),
        (
            pick(
                "数据问题：错误（行被拒绝）",
                "Data problems: errors (rows rejected)",
            ),
            i(errors),
        ),
        (
            pick("数据问题：警告", "Data problems: warnings"),
            i(scope.problems.len() - errors),
        ),
    ];
    let mut row = 2;
    for (label, v) in &pairs {
        s.pair(row, 0, label, v)?;
        row += 1;
    }
    s.note(
        row,
        0,
        pick(
            "明细见「排名」「问题清单」「预警名单」「公益金对账」「数据质量」各表；计分口径见「参数」。",
            "Details are on the Ranking, Rectification, Flags, Fund and Data quality sheets; the scoring rules on Parameters.",
        ),
    )?;
    row += 2;

    // Grade distribution.
    s.title(row, 0, pick("等级分布", "Grades"))?;
    let grade_head = row + 1;
    s.header(
        grade_head,
        0,
        &headers(&[pick("等级", "Grade"), pick("合伙人数", "Partners")]),
    )?;
    let grades = Grade::all();
    for (k, g) in grades.iter().enumerate() {
        let c = count(&|p| p.grade == *g);
        s.row(grade_head + 1 + k as u32, 0, &[t(g.label(lang)), i(c)])?;
    }
    row = grade_head + grades.len() as u32 + 2;

    // Decisions and average dimension points by street (or community).
    let mut groups: BTreeMap<String, Vec<&crate::score::PartnerResult>> = BTreeMap::new();
    for p in ps {
        groups.entry(scope.group_of(p)).or_default().push(p);
    }
    let group_word = group_word(scope, lang);
    s.title(
        row,
        0,
        &match lang {
            Lang::Zh => format!("各{group_word}决策"),
            Lang::En => format!("Decisions by {}", group_word.to_lowercase()),
        },
    )?;
    let dec_head = row + 1;
    let mut h = vec![group_word.to_string()];
    h.extend(DECISION_COLORS.iter().map(|(d, _)| d.label(lang)));
    h.push(pick("合计", "Total").to_string());
    s.header(dec_head, 0, &h)?;
    for (k, (g, members)) in groups.iter().enumerate() {
        let mut cells = vec![t(g)];
        for (d, _) in DECISION_COLORS {
            cells.push(i(members.iter().filter(|p| p.decision == d).count()));
        }
        cells.push(i(members.len()));
        s.row(dec_head + 1 + k as u32, 0, &cells)?;
    }
    row = dec_head + groups.len() as u32 + 2;

    s.title(
        row,
        0,
        &match lang {
            Lang::Zh => format!("各{group_word}维度平均得分率"),
            Lang::En => format!("Average dimension share by {}", group_word.to_lowercase()),
        },
    )?;
    let dim_head = row + 1;
    let mut h = vec![group_word.to_string()];
    h.extend(
        set.dimensions
            .iter()
            .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string()),
    );
    s.header(dim_head, 0, &h)?;
    for (k, (g, members)) in groups.iter().enumerate() {
        let mut cells = vec![t(g)];
        for (j, _) in set.dimensions.iter().enumerate() {
            // The mean share of the adjusted weight, over the partners
            // the dimension applies to: points alone would mix partners
            // scored out of different weights (R1).
            let avg = crate::report::weight_words::mean_share(members, j);
            cells.push(n(avg, Num::Percent));
        }
        s.row(dim_head + 1 + k as u32, 0, &cells)?;
    }
    s.note(
        dim_head + groups.len() as u32 + 1,
        0,
        pick(
            "得分率 = 维度得分 ÷ 该合伙人的调整后权重（部分指标不适用时权重会转移）；平均值只计该维度适用的合伙人（整个维度不适用、权重已转移的不计）。",
            "Share = dimension points ÷ the partner's adjusted weight (weights move when indicators do not apply); averages count only partners the dimension applies to (not those whose whole dimension was N/A).",
        ),
    )?;
    Ok(Layout {
        grade_head,
        dec_head,
        dim_head,
        groups: groups.len() as u32,
    })
}

struct Charts<'a> {
    sheet: &'a str,
    lang: Lang,
    group_word: &'a str,
}

impl Charts<'_> {
    fn sized(&self, kind: ChartType, title: &str) -> Chart {
        let mut c = Chart::new(kind);
        c.title().set_name(title);
        c.set_width(620).set_height(300);
        c
    }

    fn grades(&self, head: u32, grades: &[Grade]) -> Chart {
        let mut c = self.sized(
            ChartType::Column,
            self.lang.pick("等级分布（合伙人数）", "Grades (partners)"),
        );
        let last = head + grades.len() as u32;
        let points: Vec<ChartPoint> = grades
            .iter()
            .map(|g| ChartPoint::new().set_format(&mut fill(grade_color(*g))))
            .collect();
        c.add_series()
            .set_categories((self.sheet, head + 1, 0, last, 0))
            .set_values((self.sheet, head + 1, 1, last, 1))
            .set_name((self.sheet, head, 1))
            .set_points(&points)
            .set_data_label(ChartDataLabel::new().show_value());
        c.legend().set_hidden();
        c
    }

    fn decisions(&self, head: u32, groups: u32) -> Chart {
        let title = match self.lang {
            Lang::Zh => format!("各{}决策", self.group_word),
            Lang::En => format!("Decisions by {}", self.group_word.to_lowercase()),
        };
        let mut c = self.sized(ChartType::ColumnStacked, &title);
        for (k, (_, color)) in DECISION_COLORS.iter().enumerate() {
            let col = 1 + k as u16;
            c.add_series()
                .set_categories((self.sheet, head + 1, 0, head + groups, 0))
                .set_values((self.sheet, head + 1, col, head + groups, col))
                .set_name((self.sheet, head, col))
                .set_format(&mut fill(color));
        }
        c
    }

    fn dimensions(&self, head: u32, groups: u32, dims: u16) -> Chart {
        let title = match self.lang {
            Lang::Zh => format!("各{}维度平均得分率", self.group_word),
            Lang::En => format!(
                "Average dimension share by {}",
                self.group_word.to_lowercase()
            ),
        };
        let mut c = self.sized(ChartType::Column, &title);
        for col in 1..=dims {
            c.add_series()
                .set_categories((self.sheet, head + 1, 0, head + groups, 0))
                .set_values((self.sheet, head + 1, col, head + groups, col))
                .set_name((self.sheet, head, col));
        }
        c
    }
}

fn fill(color: &str) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(color));
    f
}
