//! Typing a community's tables into an xlsx workbook, its own way.
//!
//! The bytes depend only on the tables and the style: the document's
//! creation time is fixed and rust_xlsxwriter stamps zip entries with a
//! constant date, so the same seed gives the same file on every run. While
//! writing, the row and column letter of every planted error is recorded as
//! the loader will report it.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::style::{Dates, Headers, Style};
use super::table::{Plant, Table, Val};
use crate::ingest::header::column_letter;
use crate::schema::{ColumnSpec, Need, SheetKind, SheetSpec};
use crate::value::Period;

/// The day the workbooks were filled in (填报日期) and saved.
pub const FILLED: NaiveDate = match NaiveDate::from_ymd_opt(2026, 1, 20) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// A planted error as the loader will locate it.
#[derive(Debug, Clone)]
pub struct Planted {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub plant: Plant,
}

/// Header synonyms of the `Synonyms` habit: (sheet, column key, header).
static SYNONYM_HEADERS: &[(SheetKind, &str, &str)] = {
    use SheetKind::*;
    &[
        (Partners, "name", "单位名称"),
        (Partners, "legal_form", "主体类型"),
        (Partners, "partner_type", "合伙人类别"),
        (Partners, "id_number", "负责人身份证号"),
        (Partners, "coop_mode", "合作方式"),
        (Partners, "service_mode", "运营模式"),
        (Partners, "main_category", "服务领域"),
        (Partners, "agreement_no", "合同编号"),
        (Partners, "start_date", "合作开始日期"),
        (Partners, "end_date", "协议到期日期"),
        (Partners, "fund_basis", "公益金基数"),
        (Partners, "fund_rate", "分成比例"),
        (Partners, "fund_frequency", "缴纳频率"),
        (Partners, "agreed_free_sessions", "约定公益场次"),
        (Partners, "space_area_m2", "使用面积（平方米）"),
        (Partners, "space_terms", "场地使用方式"),
        (Partners, "status", "合作状态"),
        (Services, "date", "服务日期"),
        (Services, "duration_h", "服务时长"),
        (Services, "title", "服务内容"),
        (Services, "pricing_mode", "收费方式"),
        (Services, "unit_price", "单价（元）"),
        (Services, "market_ref_price", "市场价"),
        (Services, "participants", "服务人次"),
        (Services, "vulnerable_participants", "特殊群体人次"),
        (Services, "revenue", "营业收入\n(元)"),
        (Services, "counts_agreed", "计入约定场次"),
        (Services, "evidence", "佐证"),
        (Services, "recorded_by", "登记人"),
        (FundPayments, "period", "所属期"),
        (FundPayments, "basis_amount", "计提基数（元）"),
        (FundPayments, "amount_due", "应缴"),
        (FundPayments, "due_date", "缴纳截止日"),
        (FundPayments, "amount_paid", "实缴"),
        (FundPayments, "paid_date", "到账日期"),
        (FundPayments, "form", "缴纳方式"),
        (FundPayments, "recipient", "收款单位"),
        (FundPayments, "receipt_no", "收据编号"),
        (Financials, "period", "申报期间"),
        (Financials, "revenue", "营业收入"),
        (Financials, "cost", "成本"),
        (Financials, "profit", "净利润"),
        (Financials, "source", "来源"),
        (Financials, "verified", "是否核验"),
        (SurveyResponses, "date", "填写日期"),
        (SurveyResponses, "method", "方式"),
        (SurveyResponses, "respondent_type", "受访者"),
        (SurveyResponses, "vulnerable", "特殊群体"),
        (SurveyResponses, "q_overall", "综合满意度"),
        (SurveyResponses, "q_price", "价格合理性"),
        (SurveyResponses, "q_safety", "环境与安全"),
        (SurveyResponses, "q_sales_pressure", "是否被推销"),
        (SurveyResponses, "valid", "有效问卷"),
        (Complaints, "case_id", "投诉编号"),
        (Complaints, "received_date", "投诉日期"),
        (Complaints, "channel", "投诉来源"),
        (Complaints, "category", "投诉类别"),
        (Complaints, "valid", "核实有效"),
        (Complaints, "severity", "严重性"),
        (Complaints, "closed_date", "办结时间"),
        (Complaints, "veto_code", "否决事项"),
        (Complaints, "outcome", "处理情况"),
        (Spaces, "name", "空间名称"),
        (Spaces, "area_m2", "建筑面积"),
        (Spaces, "community", "社区"),
        (Spaces, "property_type", "用房类型"),
        (SpaceUsage, "date", "月份"),
        (SpaceUsage, "purpose", "使用用途"),
        (SpaceUsage, "hours", "使用时长"),
        (SpaceUsage, "open_to_public", "对居民开放"),
        (Rectifications, "issue_id", "整改编号"),
        (Rectifications, "source", "问题来源"),
        (Rectifications, "indicator", "指标"),
        (Rectifications, "description", "问题"),
        (Rectifications, "deadline", "整改期限"),
        (Rectifications, "level", "预警等级"),
        (Volunteering, "date", "服务日期"),
        (Volunteering, "volunteer_hours", "志愿时长"),
        (Volunteering, "points", "时间银行积分"),
        (Volunteering, "in_kind_value", "物资价值"),
    ]
};

/// The sheet's name in this community.
pub fn sheet_name(kind: SheetKind, style: &Style) -> &'static str {
    match (kind, style.renamed) {
        (SheetKind::Services, true) => "服务台账",
        (SheetKind::FundPayments, true) => "公益金台账",
        (SheetKind::Complaints, true) => "投诉台账",
        _ => SheetSpec::of(kind).zh,
    }
}

/// What the title row calls each sheet.
fn title(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Partners => "社区合伙人名册",
        SheetKind::Services => "社区合伙人服务台账",
        SheetKind::FundPayments => "社区合伙人公益金缴纳台账",
        SheetKind::Financials => "社区合伙人经营数据申报表",
        SheetKind::SurveyResponses => "社区合伙人满意度调查问卷登记表",
        SheetKind::SurveyTotals => "社区合伙人满意度调查汇总表",
        SheetKind::Complaints => "社区合伙人投诉与事件登记表",
        SheetKind::Spaces => "社区空间登记表",
        SheetKind::SpaceUsage => "社区空间使用情况表",
        SheetKind::Rectifications => "社区合伙人整改台账",
        SheetKind::MarketPrices => "市场参考价",
        SheetKind::Volunteering => "志愿服务与时间银行记录",
    }
}

fn header(kind: SheetKind, col: &ColumnSpec, style: &Style) -> String {
    match style.headers {
        Headers::EnglishServices if kind == SheetKind::Services => col.en.to_string(),
        Headers::Synonyms => SYNONYM_HEADERS
            .iter()
            .find(|(k, key, _)| *k == kind && *key == col.key)
            .map_or(col.zh, |(_, _, h)| h)
            .to_string(),
        Headers::Marked if col.need == Need::Required => format!("*{}", col.zh),
        _ => col.zh.to_string(),
    }
}

/// The formats of one workbook, made once.
struct Formats {
    title: Format,
    info: Format,
    header: Format,
    date: Format,
    money: Format,
    percent: Format,
    trailing: Format,
}

impl Formats {
    fn new(style: &Style) -> Formats {
        let date = match style.dates {
            Dates::Cell(f) => f,
            _ => "yyyy-mm-dd",
        };
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            info: Format::new().set_font_size(10),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xDDEBF7)
                .set_border(FormatBorder::Thin),
            date: Format::new().set_num_format(date),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0%"),
            trailing: Format::new().set_border(FormatBorder::Thin),
        }
    }
}

/// Writes a community's workbook; returns its bytes and planted errors.
/// `compression` is the zip level, 0–9 (deflate takes most of the time).
pub fn workbook(
    tables: &[Table],
    style: &Style,
    community: &str,
    compression: u8,
) -> Result<(Vec<u8>, Vec<Planted>), XlsxError> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(compression);
    let saved = FILLED.and_hms_opt(9, 0, 0).unwrap_or_default();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{community}2025年度社区合伙人台账"))
            .set_author(format!("{community}居民委员会"))
            .set_creation_datetime(&saved),
    );
    let formats = Formats::new(style);
    instructions(book.add_worksheet(), style, community)?;
    let mut planted = Vec::new();
    for table in tables {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(table.kind, style))?;
        sheet(ws, table, style, community, &formats, &mut planted)?;
    }
    Ok((book.save_to_buffer()?, planted))
}

/// The first sheet, 填表说明: instructions that the loader skips.
fn instructions(ws: &mut Worksheet, style: &Style, community: &str) -> Result<(), XlsxError> {
    ws.set_name("填表说明")?;
    ws.set_column_width(0, 100)?;
    let date_hint = match style.dates {
        Dates::Cell(_) => "日期请按 2025-03-07 格式录入",
        Dates::Slash => "日期可写作 2025/3/7",
        Dates::Chinese => "日期可写作 2025年3月7日",
        Dates::Dot => "日期可写作 2025.3.7",
    };
    let lines = [
        format!("{community}2025年度社区合伙人台账 填表说明"),
        "1. 本工作簿由社区专干按月填报，每季度首月 10 日前报街道社区发展治理办。".to_string(),
        "2. 合伙人编号由街道统一分配，各表中的合伙人编号须与「合伙人名册」一致。".to_string(),
        format!("3. {date_hint}；金额单位为元，保留两位小数。"),
        "4. 公益活动单价填 0；低偿服务须填写市场参考价，未填的按街道《市场参考价》执行。"
            .to_string(),
        "5. 满意度调查不记录受访者姓名；个人合伙人身份证号仅用于核验，不得外传。".to_string(),
        "6. 请勿修改各工作表表头，如需补充说明请在「备注」列填写。".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, line)?;
    }
    Ok(())
}

fn sheet(
    ws: &mut Worksheet,
    table: &Table,
    style: &Style,
    community: &str,
    f: &Formats,
    planted: &mut Vec<Planted>,
) -> Result<(), XlsxError> {
    let spec = SheetSpec::of(table.kind);
    let cols: Vec<(usize, &ColumnSpec)> = spec
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| style.keeps(table.kind, c.key))
        .collect();
    let remarks = style.remarks && matches!(table.kind, SheetKind::Partners | SheetKind::Services);
    let width = cols.len() + usize::from(remarks);
    let last = (width - 1) as u16;
    let mut r: u32 = 0;
    if style.titles > 0 {
        let text = format!("{community}2025年度{}", title(table.kind));
        ws.merge_range(0, 0, 0, last, &text, &f.title)?;
        ws.set_row_height(0, 24)?;
        r = 1;
    }
    if style.titles > 1 {
        ws.write_string_with_format(1, 0, format!("填报单位：{community}居民委员会"), &f.info)?;
        let at = last.saturating_sub(2).max(2);
        let filled = format!(
            "填报日期：{}年{}月{}日",
            FILLED.year(),
            FILLED.month(),
            FILLED.day()
        );
        ws.write_string_with_format(1, at, filled, &f.info)?;
        r = 2;
    }
    for (j, (_, c)) in cols.iter().enumerate() {
        let h = header(table.kind, c, style);
        ws.write_string_with_format(r, j as u16, &h, &f.header)?;
        let chars = h
            .chars()
            .map(|ch| if ch.is_ascii() { 1 } else { 2 })
            .sum::<usize>();
        ws.set_column_width(j as u16, (chars + 2).clamp(8, 24) as f64)?;
    }
    if remarks {
        ws.write_string_with_format(r, last, "备注", &f.header)?;
    }
    if style.trailing {
        for j in 0..3 {
            ws.write_blank(r, last + 1 + j, &f.header)?;
        }
    }
    ws.set_freeze_panes(r + 1, 0)?;
    let mut block = None;
    for (i, row) in table.rows.iter().enumerate() {
        r += 1;
        if style.gaps && table.kind == SheetKind::Services {
            let key = if style.by_partner {
                row.partner
            } else {
                row.date.month() as usize
            };
            if block.is_some_and(|b| b != key) {
                r += 1;
            }
            block = Some(key);
        }
        for (j, (index, c)) in cols.iter().enumerate() {
            cell(
                ws,
                r,
                j as u16,
                &row.cells[*index],
                c.key,
                row.partner,
                style,
                f,
            )?;
        }
        if remarks && i % 17 == 5 {
            ws.write_string(
                r,
                last,
                if table.kind == SheetKind::Services {
                    "补录"
                } else {
                    "续签中"
                },
            )?;
        }
        if style.trailing {
            for j in 0..3 {
                ws.write_blank(r, last + 1 + j, &f.trailing)?;
            }
        }
        if let Some(plant) = row.plant {
            let column = cols
                .iter()
                .position(|(_, c)| c.key == plant.key)
                .map(column_letter)
                .unwrap_or_default();
            planted.push(Planted {
                sheet: ws.name(),
                row: r + 1,
                column,
                plant,
            });
        }
    }
    Ok(())
}

/// Writes one value the community's way. Where a community mixes two ways
/// (money as `¥1,200.00` or `1200元`), the partner's bookkeeper decides.
#[allow(clippy::too_many_arguments)]
fn cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    val: &Val,
    key: &str,
    partner: usize,
    style: &Style,
    f: &Formats,
) -> Result<(), XlsxError> {
    match val {
        Val::Empty => {}
        Val::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        Val::Str(s) | Val::Raw(s) => {
            ws.write_string(r, c, *s)?;
        }
        Val::Int(n) if style.count_units && key.contains("participants") => {
            ws.write_string(r, c, format!("{n}人次"))?;
        }
        Val::Int(n) => {
            ws.write_number(r, c, *n as f64)?;
        }
        Val::Num(x) => {
            ws.write_number(r, c, *x)?;
        }
        Val::Money(m) if style.money_text => {
            let text = if partner.is_multiple_of(2) {
                format!("¥{}", thousands(*m))
            } else {
                format!("{}元", m.normalize())
            };
            ws.write_string(r, c, text)?;
        }
        Val::Money(m) => {
            ws.write_number_with_format(r, c, exact(*m), &f.money)?;
        }
        Val::Ratio(q) if style.rate_text => {
            ws.write_string(
                r,
                c,
                format!("{}%", (*q * Decimal::ONE_HUNDRED).normalize()),
            )?;
        }
        Val::Ratio(q) => {
            ws.write_number_with_format(r, c, exact(*q), &f.percent)?;
        }
        Val::Date(d) => match style.dates {
            Dates::Cell(_) => {
                ws.write_date_with_format(r, c, d, &f.date)?;
            }
            Dates::Slash => {
                ws.write_string(r, c, format!("{}/{}/{}", d.year(), d.month(), d.day()))?;
            }
            Dates::Chinese => {
                ws.write_string(r, c, format!("{}年{}月{}日", d.year(), d.month(), d.day()))?;
            }
            Dates::Dot => {
                ws.write_string(r, c, format!("{}.{}.{}", d.year(), d.month(), d.day()))?;
            }
        },
        Val::Period(p) => {
            ws.write_string(r, c, period(*p, style.chinese_periods))?;
        }
        Val::Bool(b) => {
            let text = match (style.ticks, b) {
                (true, true) => "√",
                (true, false) => "×",
                (false, true) => "是",
                (false, false) => "否",
            };
            ws.write_string(r, c, text)?;
        }
        Val::Choice(zh, synonym) => {
            let text = match synonym {
                Some(s) if style.synonyms => s,
                _ => zh,
            };
            ws.write_string(r, c, *text)?;
        }
    }
    Ok(())
}

/// The float that reads back as exactly this decimal (shortest round trip).
fn exact(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or_default()
}

/// `1,234.50`.
fn thousands(m: Decimal) -> String {
    let s = format!("{:.2}", m.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}

fn period(p: Period, chinese: bool) -> String {
    match (p, chinese) {
        (Period::Year(y), true) => format!("{y}年度"),
        (Period::Quarter(y, q), true) => format!("{y}年第{q}季度"),
        (Period::Month(y, m), true) => format!("{y}年{m}月"),
        (p, false) => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_text_forms() {
        assert_eq!(thousands(Decimal::new(123450, 2)), "1,234.50");
        assert_eq!(thousands(Decimal::from(300)), "300.00");
        assert_eq!(thousands(Decimal::from(1_234_567)), "1,234,567.00");
    }

    #[test]
    fn periods() {
        assert_eq!(period(Period::Quarter(2025, 3), true), "2025年第3季度");
        assert_eq!(period(Period::Quarter(2025, 3), false), "2025Q3");
        assert_eq!(period(Period::Month(2025, 7), false), "2025-07");
    }
}
