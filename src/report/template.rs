//! The blank input workbook communities fill in (`partner-eval template`).
//!
//! A 填表说明 sheet first, then every sheet of the data model
//! ([`SHEETS`](crate::schema::SHEETS)) in order, with its headers as the
//! loader expects them: required headers start with `*` (the loader strips
//! it), each header carries a note saying what goes there, closed lists are
//! dropdowns, numbers and dates are validated, and the header row is
//! frozen. With `example`, each sheet gets one realistic row; the rows agree
//! with each other, so the filled template loads without problems.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use crate::atomic::write_atomic;
use crate::lang::Lang;
use crate::report::xlsx::style::display_width;
use crate::schema::enums::*;
use crate::schema::vocab::Vocabulary;
use crate::schema::{ColumnSpec, Need, SheetKind, SheetNeed, SheetSpec, SHEETS};
use crate::value::ValueType;

/// Rows that get validation and column formats.
const ROWS: u32 = 5000;

/// Writes the template to `path` (atomically).
pub fn write(path: &Path, lang: Lang, example: bool) -> std::io::Result<()> {
    let bytes = bytes(lang, example).map_err(std::io::Error::other)?;
    write_atomic(path, &bytes)
}

/// The template as bytes.
pub fn bytes(lang: Lang, example: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(lang.pick("社区合伙人评估台账模板", "Community partner data template"))
        .set_author("partner-eval")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 1)?);
    book.set_properties(&props);
    instructions(book.add_worksheet(), lang)?;
    for spec in SHEETS {
        data_sheet(book.add_worksheet(), spec, lang, example)?;
    }
    book.save_to_buffer()
}

/// The closed list of an enumerated column, in the report language.
pub fn choices(kind: SheetKind, key: &str, lang: Lang) -> Option<Vec<String>> {
    fn l<V: Vocabulary>(lang: Lang) -> Option<Vec<String>> {
        Some(V::all().iter().map(|v| v.label(lang)).collect())
    }
    use SheetKind as K;
    match (kind, key) {
        (K::Partners, "legal_form") => l::<LegalForm>(lang),
        (K::Partners, "partner_type") => l::<PartnerType>(lang),
        (K::Partners, "org_form") => l::<OrgForm>(lang),
        (K::Partners, "coop_mode") => l::<CoopMode>(lang),
        (K::Partners, "service_mode") => l::<ServiceMode>(lang),
        (K::Partners, "main_category") => l::<Category>(lang),
        (K::Partners, "fund_basis") => l::<FundBasis>(lang),
        (K::Partners, "fund_frequency") => l::<FundFrequency>(lang),
        (K::Partners, "space_terms") => l::<SpaceTerms>(lang),
        (K::Partners, "status") => l::<PartnerStatus>(lang),
        (K::Partners, "prior_grade") => l::<Grade>(lang),
        (K::Partners, "prior_decision") => l::<Decision>(lang),
        (K::Partners, "prior_flag") => l::<WarningLevel>(lang),
        (K::Services | K::MarketPrices, "category") => l::<Category>(lang),
        (K::Services, "pricing_mode") => l::<PricingMode>(lang),
        (K::FundPayments, "form") => l::<PaymentForm>(lang),
        (K::Financials, "source") => l::<FinancialSource>(lang),
        (K::SurveyResponses, "method") => l::<SurveyMethod>(lang),
        (K::SurveyResponses, "respondent_type") => l::<RespondentType>(lang),
        (K::Complaints, "channel") => l::<Channel>(lang),
        (K::Complaints, "category") => l::<ComplaintCategory>(lang),
        (K::Complaints, "severity") => l::<Severity>(lang),
        (K::Complaints, "veto_code") => l::<VetoCode>(lang),
        (K::Spaces, "property_type") => l::<PropertyType>(lang),
        (K::SpaceUsage, "purpose") => l::<SpacePurpose>(lang),
        (K::Rectifications, "source") => l::<RectificationSource>(lang),
        (K::Rectifications, "recheck_result") => l::<RecheckResult>(lang),
        (K::Rectifications, "level") => l::<WarningLevel>(lang),
        _ => None,
    }
}

fn instructions(ws: &mut Worksheet, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(lang.pick("填表说明", "Instructions"))?;
    let bold = Format::new()
        .set_bold()
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let header = header_format("DDEBF7");
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "社区合伙人评估 · 台账填表说明",
            "Community partner evaluation · how to fill in this workbook",
        ),
        &title,
    )?;
    let rules: [(&str, &str); 6] = [
        (
            "每个社区（或街道）每个评估期填一个工作簿；也可以全区一个工作簿，用「街道」「社区」两列区分。",
            "Fill one workbook per community (or street) per period, or one for the whole district with the Street and Community columns telling them apart.",
        ),
        (
            "请不要改工作表名和表头。表头带 * 的列必填；橙色表头的列在某些情况下必填（见表头批注）；其余选填。",
            "Keep the sheet names and headers. Columns marked * are required; orange headers are required in some cases (see the header note); the rest are optional.",
        ),
        (
            "鼠标停在表头上可看到该列说明。带下拉箭头的列请从列表中选择。",
            "Hover over a header to read what goes in the column. Pick values of columns with a dropdown from the list.",
        ),
        (
            "日期写作 2025-03-07；比例写作 15% 或 0.15；金额只填数字，单位为元；期间写作 2025、2025Q3 或 2025-07。",
            "Dates as 2025-03-07; ratios as 15% or 0.15; amounts as plain numbers in yuan; periods as 2025, 2025Q3 or 2025-07.",
        ),
        (
            "每行一条记录：不要合并单元格，不要在数据中间插入小计或空行标题。没有数据的选填工作表可以留空或删除。",
            "One record per row: no merged cells, no subtotal rows. Optional sheets without data may stay empty or be deleted.",
        ),
        (
            "填好后先运行 partner-eval validate 文件夹/ 检查问题，再运行 partner-eval evaluate 文件夹/ 出评估结果。",
            "When done, run partner-eval validate FOLDER/ to list problems, then partner-eval evaluate FOLDER/ for the results.",
        ),
    ];
    for (k, (zh, en)) in rules.iter().enumerate() {
        let row = 2 + k as u32;
        ws.write_string_with_format(row, 0, format!("{}.", k + 1), &wrap)?;
        ws.merge_range(row, 1, row, 3, lang.pick(zh, en), &wrap)?;
        ws.set_row_height(row, 32)?;
    }
    let top = 2 + rules.len() as u32 + 1;
    let heads = [
        lang.pick("工作表", "Sheet"),
        lang.pick("是否必需", "Needed"),
        lang.pick("填写内容", "What goes in it"),
        lang.pick("必填列", "Required columns"),
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &header)?;
    }
    for (k, spec) in SHEETS.iter().enumerate() {
        let row = top + 1 + k as u32;
        let required: Vec<&str> = spec
            .columns
            .iter()
            .filter(|c| c.need == Need::Required)
            .map(|c| c.title(lang))
            .collect();
        ws.write_string_with_format(row, 0, spec.title(lang), &bold)?;
        ws.write_string_with_format(row, 1, need_text(spec.need, lang), &wrap)?;
        ws.write_string_with_format(row, 2, purpose(spec.kind, lang), &wrap)?;
        ws.write_string_with_format(row, 3, required.join(lang.pick("、", ", ")), &wrap)?;
        ws.set_row_height(row, 48)?;
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 50)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(())
}

fn need_text(need: SheetNeed, lang: Lang) -> String {
    match need {
        SheetNeed::Required => lang.pick("必需", "required").into(),
        SheetNeed::EitherOf(other) => match lang {
            Lang::Zh => format!("与「{}」二选一", SheetSpec::of(other).zh),
            Lang::En => format!("this or \"{}\"", SheetSpec::of(other).en),
        },
        SheetNeed::Conditional => lang
            .pick(
                "按营业收入或利润计提公益金时必需",
                "required when a fund share is on revenue or profit",
            )
            .into(),
        SheetNeed::Optional => lang.pick("选填", "optional").into(),
    }
}

fn purpose(kind: SheetKind, lang: Lang) -> &'static str {
    use SheetKind as K;
    let (zh, en) = match kind {
        K::Partners => (
            "每个合伙人一行：主体、类型、所属街道社区、协议、公益金约定、约定公益场次、使用空间、上期评估结果。",
            "One row per partner: legal form, type, street and community, agreement, fund share, agreed free sessions, space, last period's result.",
        ),
        K::Services => (
            "每场活动或每次服务一行：日期、类别、定价模式（公益/低偿/市场）、单价、参与人次。",
            "One row per activity or session: date, category, pricing mode (free / low-cost / market), price, participants.",
        ),
        K::FundPayments => (
            "每个合伙人每个缴纳期一行：应缴、实缴、截止日与缴纳日期、票据号。只做公益的合伙人可以没有行。",
            "One row per partner and payment period: due, paid, due and paid dates, receipt. Free-only partners may have none.",
        ),
        K::Financials => (
            "按营业收入或利润计提公益金的合伙人，每期申报一行：收入、成本、利润及来源。",
            "Partners whose fund share is on revenue or profit: one row per period with revenue, cost, profit and source.",
        ),
        K::SurveyResponses => (
            "每份满意度问卷一行（1–5 分，5 = 非常满意）。",
            "One row per questionnaire (scores 1–5, 5 = very satisfied).",
        ),
        K::SurveyTotals => (
            "只保留汇总数时：每个合伙人每期一行，各满意等级的份数。",
            "When only totals are kept: one row per partner and period with the count per answer level.",
        ),
        K::Complaints => (
            "每件投诉或事件一行，注明是否经核实有效、类别、严重程度、办结日期，涉及否决事项的填 V1–V5。可以没有行。",
            "One row per complaint or incident: verified or not, category, severity, closing date, and V1–V5 for a veto item. May be empty.",
        ),
        K::Spaces => (
            "社区提供的空间：编号、名称、面积。",
            "The community spaces: id, name, area.",
        ),
        K::SpaceUsage => (
            "空间使用记录（按日或按月）：用途与时长。",
            "Space usage (daily or monthly): purpose and hours.",
        ),
        K::Rectifications => (
            "以往的整改事项与复查结果，跨期跟踪。",
            "Earlier rectification items and their re-check results.",
        ),
        K::MarketPrices => (
            "低偿服务的市场参考价，服务记录中没有填参考价时按类别和项目查找。",
            "Market reference prices, used when a low-cost service row has none.",
        ),
        K::Volunteering => (
            "志愿服务时长（0.5 小时为单位）与实物捐赠折价。",
            "Volunteer hours (in half hours) and in-kind donations.",
        ),
    };
    lang.pick(zh, en)
}

fn header_format(fill: &str) -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_border_color("BFBFBF")
        .set_background_color(fill)
}

fn data_sheet(
    ws: &mut Worksheet,
    spec: &'static SheetSpec,
    lang: Lang,
    example: bool,
) -> Result<(), XlsxError> {
    ws.set_name(spec.title(lang))?;
    let required = header_format("F8CBAD").set_font_color("9C0006");
    let conditional = header_format("FFE699");
    let optional = header_format("DDEBF7");
    for (c, col) in spec.columns.iter().enumerate() {
        let c = c as u16;
        let (title, fmt) = match col.need {
            Need::Required => (format!("*{}", col.title(lang)), &required),
            Need::Conditional => (col.title(lang).to_string(), &conditional),
            Need::Optional => (col.title(lang).to_string(), &optional),
        };
        ws.write_string_with_format(0, c, &title, fmt)?;
        let note = Note::new(column_note(spec.kind, col, lang))
            .set_author("partner-eval")
            .add_author_prefix(false)
            .set_width(300)
            .set_height(160);
        ws.insert_note(0, c, &note)?;
        let width = (display_width(&title) + 4).clamp(10, 30);
        ws.set_column_width(c, width as f64)?;
        column_rules(ws, spec.kind, col, c, lang)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 0)?;
    // Printed at full size across pages: a fitted 30-column form is unreadable.
    ws.set_landscape().set_paper_size(9);
    ws.set_repeat_rows(0, 0)?;
    if example {
        for (c, col) in spec.columns.iter().enumerate() {
            if let Some(v) = example_value(spec.kind, col.key) {
                write_example(ws, c as u16, col.ty, v, lang)?;
            }
        }
    }
    Ok(())
}

fn type_text(ty: ValueType, lang: Lang) -> &'static str {
    match ty {
        ValueType::Text => lang.pick("文本", "text"),
        ValueType::Integer => lang.pick("整数", "whole number"),
        ValueType::Number => lang.pick("数字", "number"),
        ValueType::Money => lang.pick("金额（元）", "amount (yuan)"),
        ValueType::Ratio => lang.pick("比例（15% 或 0.15）", "ratio (15% or 0.15)"),
        ValueType::Date => lang.pick("日期（2025-03-07）", "date (2025-03-07)"),
        ValueType::Period => lang.pick(
            "期间（2025、2025Q3 或 2025-07）",
            "period (2025, 2025Q3 or 2025-07)",
        ),
        ValueType::Bool => lang.pick("是 / 否", "yes / no"),
        ValueType::Enum => lang.pick("从下拉列表中选择", "pick from the list"),
    }
}

/// The note on a header: need, type, allowed values, other accepted headers.
fn column_note(kind: SheetKind, col: &ColumnSpec, lang: Lang) -> String {
    let need = match col.need {
        Need::Required => lang.pick("必填", "required"),
        Need::Conditional => lang.pick("条件必填（见下）", "required in some cases (below)"),
        Need::Optional => lang.pick("选填", "optional"),
    };
    let mut lines = vec![
        format!("{}（{}）", col.title(lang), need),
        format!(
            "{}{}",
            lang.pick("类型：", "Type: "),
            type_text(col.ty, lang)
        ),
    ];
    if let Some(list) = choices(kind, col.key, lang) {
        lines.push(format!(
            "{}{}",
            lang.pick("可选值：", "Values: "),
            list.join(lang.pick("、", ", "))
        ));
    }
    if let Some(when) = condition(col.key, lang) {
        lines.push(when.to_string());
    }
    if !col.aliases.is_empty() {
        let other: Vec<&str> = col.aliases.iter().take(4).copied().collect();
        lines.push(format!(
            "{}{}",
            lang.pick("也认表头：", "Also read as: "),
            other.join(lang.pick("、", ", "))
        ));
    }
    lines.join("\n")
}

/// When a conditional column is required.
fn condition(key: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match key {
        "fund_rate" => (
            "公益金计提基数为营业收入或利润时必填。",
            "Required when the fund basis is revenue or profit.",
        ),
        "fund_fixed" => (
            "公益金计提基数为固定金额时必填。",
            "Required when the fund basis is a fixed amount.",
        ),
        "fund_frequency" => (
            "需要缴纳公益金时必填。",
            "Required when a fund share is due.",
        ),
        "market_ref_price" => (
            "低偿服务必填，或在「市场参考价」表中按类别和项目登记。",
            "Required for low-cost services, or listed on the market-price sheet.",
        ),
        "revenue" => (
            "低偿或市场服务填写；留空时按单价 × 参与人次计算。",
            "For low-cost or market services; blank means price × participants.",
        ),
        "basis_amount" => (
            "按比例计提时填写当期收入或利润。",
            "The period's revenue or profit when the share is a rate.",
        ),
        "paid_date" => (
            "实缴金额大于零时必填。",
            "Required when an amount was paid.",
        ),
        "cost" | "profit" => (
            "按利润计提公益金时必填。",
            "Required when the fund share is on profit.",
        ),
        _ => return None,
    };
    Some(lang.pick(zh, en))
}

/// Dropdowns, number and date checks and the column format of one column.
fn column_rules(
    ws: &mut Worksheet,
    kind: SheetKind,
    col: &ColumnSpec,
    c: u16,
    lang: Lang,
) -> Result<(), XlsxError> {
    let stop = |v: DataValidation, msg: &str| -> Result<DataValidation, XlsxError> {
        v.set_error_title(lang.pick("输入有误", "Not accepted"))?
            .set_error_message(msg)
    };
    let warn = |v: DataValidation, msg: &str| -> Result<DataValidation, XlsxError> {
        Ok(stop(v, msg)?.set_error_style(DataValidationErrorStyle::Warning))
    };
    let text = Format::new().set_num_format("@");
    let rule = match col.ty {
        ValueType::Enum => {
            let list = choices(kind, col.key, lang).ok_or_else(|| {
                XlsxError::ParameterError(format!("no list for column {}", col.key))
            })?;
            Some(stop(
                DataValidation::new().allow_list_strings(&list)?,
                lang.pick("请从下拉列表中选择。", "Pick a value from the list."),
            )?)
        }
        ValueType::Bool => {
            let yes_no = [lang.pick("是", "yes"), lang.pick("否", "no")];
            Some(stop(
                DataValidation::new().allow_list_strings(&yes_no)?,
                lang.pick("请选择 是 或 否。", "Pick yes or no."),
            )?)
        }
        ValueType::Integer => {
            let r = if col.key.starts_with("q_") {
                DataValidationRule::Between(1, 5)
            } else {
                DataValidationRule::GreaterThanOrEqualTo(0)
            };
            Some(warn(
                DataValidation::new().allow_whole_number(r),
                lang.pick(
                    "请填不小于 0 的整数（满意度为 1–5）。",
                    "A whole number, 0 or more (scores 1–5).",
                ),
            )?)
        }
        ValueType::Money | ValueType::Number if col.key != "profit" => Some(warn(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            lang.pick("请填不小于 0 的数字。", "A number, 0 or more."),
        )?),
        ValueType::Ratio => {
            ws.set_column_format(c, &Format::new().set_num_format("0.0%"))?;
            Some(warn(
                DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 1.0)),
                lang.pick("比例应在 0%–100% 之间。", "A ratio between 0% and 100%."),
            )?)
        }
        ValueType::Date => {
            ws.set_column_format(c, &Format::new().set_num_format("yyyy-mm-dd"))?;
            Some(warn(
                DataValidation::new().allow_date(DataValidationRule::Between(
                    ExcelDateTime::from_ymd(2000, 1, 1)?,
                    ExcelDateTime::from_ymd(2100, 12, 31)?,
                )),
                lang.pick("请填日期，如 2025-03-07。", "A date such as 2025-03-07."),
            )?)
        }
        ValueType::Text | ValueType::Period => {
            ws.set_column_format(c, &text)?;
            None
        }
        ValueType::Money | ValueType::Number => None,
    };
    if let Some(rule) = rule {
        ws.add_data_validation(1, c, ROWS, c, &rule)?;
    }
    Ok(())
}

/// An example value.
enum Ex {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    B(bool),
    E(fn(Lang) -> String),
}

fn write_example(
    ws: &mut Worksheet,
    c: u16,
    ty: ValueType,
    v: Ex,
    lang: Lang,
) -> Result<(), XlsxError> {
    match v {
        Ex::S(s) => {
            ws.write_string(1, c, s)?;
        }
        Ex::N(x) => {
            let f = match ty {
                ValueType::Ratio => Format::new().set_num_format("0.0%"),
                ValueType::Money => Format::new().set_num_format("#,##0.00"),
                _ => Format::new(),
            };
            ws.write_number_with_format(1, c, x, &f)?;
        }
        Ex::D(y, m, d) => {
            let date = ExcelDateTime::from_ymd(y, m, d)?;
            ws.write_datetime_with_format(
                1,
                c,
                &date,
                &Format::new().set_num_format("yyyy-mm-dd"),
            )?;
        }
        Ex::B(b) => {
            ws.write_string(
                1,
                c,
                if b {
                    lang.pick("是", "yes")
                } else {
                    lang.pick("否", "no")
                },
            )?;
        }
        Ex::E(f) => {
            ws.write_string(1, c, f(lang))?;
        }
    }
    Ok(())
}

/// One partner's year, told once across the sheets.
fn example_value(kind: SheetKind, key: &str) -> Option<Ex> {
    use Ex::*;
    use SheetKind as K;
    let v = match (kind, key) {
        (_, "partner_id") => S("PD-XP-001"),
        (K::Partners, "name") => S("犀浦长者食堂"),
        (K::Partners, "legal_form") => E(|l| LegalForm::SocialOrg.label(l)),
        (K::Partners, "partner_type") => E(|l| PartnerType::Community.label(l)),
        (K::Partners, "org_form") => E(|l| OrgForm::Collective.label(l)),
        (K::Partners, "credit_code") => S("52510124MJ0123456X"),
        (K::Partners, "district") => S("郫都区"),
        (K::Partners, "street") => S("犀浦街道"),
        (K::Partners, "community") => S("犀浦社区"),
        (K::Partners, "coop_mode") => E(|l| CoopMode::SharedSpace.label(l)),
        (K::Partners, "service_mode") => E(|l| ServiceMode::WelfareLowCost.label(l)),
        (K::Partners, "main_category") => E(|l| Category::Meals.label(l)),
        (K::Partners, "agreement_no") => S("XY-2025-001"),
        (K::Partners, "start_date") => D(2025, 1, 1),
        (K::Partners, "end_date") => D(2025, 12, 31),
        (K::Partners, "fund_basis") => E(|l| FundBasis::Revenue.label(l)),
        (K::Partners, "fund_rate") => N(0.10),
        (K::Partners, "fund_frequency") => E(|l| FundFrequency::Quarterly.label(l)),
        (K::Partners, "agreed_free_sessions") => N(24.0),
        (K::Partners, "agreed_free_hours") => N(48.0),
        (K::Partners, "low_cost_cap_ratio") => N(0.8),
        (K::Partners, "space_ids") => S("SP-01"),
        (K::Partners, "space_area_m2") => N(120.0),
        (K::Partners, "space_terms") => E(|l| SpaceTerms::Free.label(l)),
        (K::Partners, "status") => E(|l| PartnerStatus::Active.label(l)),
        (K::Partners, "prior_grade") => E(|l| Grade::Good.label(l)),
        (K::Partners, "prior_decision") => E(|l| Decision::Renew.label(l)),
        (K::Services, "record_id") => S("FW-20250315-01"),
        (K::Services, "date") => D(2025, 3, 15),
        (K::Services, "duration_h") => N(2.0),
        (K::Services | K::MarketPrices, "category") => E(|l| Category::Meals.label(l)),
        (K::Services, "title") => S("长者午餐"),
        (K::Services, "pricing_mode") => E(|l| PricingMode::LowCost.label(l)),
        (K::Services, "unit_price") => N(10.0),
        (K::Services | K::MarketPrices, "market_ref_price") => N(15.0),
        (K::Services, "participants") => N(30.0),
        (K::Services, "vulnerable_participants") => N(8.0),
        (K::Services, "revenue") => N(300.0),
        (K::Services | K::SpaceUsage | K::Spaces, "space_id") => S("SP-01"),
        (K::Services, "counts_agreed") => B(false),
        (K::Services, "evidence") => S("签到表 QD-0315"),
        (K::Services, "recorded_by") => S("社区专干"),
        (K::FundPayments, "payment_id") => S("GJ-2025Q1-001"),
        (K::FundPayments, "period") => S("2025Q1"),
        (K::FundPayments, "basis_amount") => N(30000.0),
        (K::FundPayments, "amount_due") => N(3000.0),
        (K::FundPayments, "due_date") => D(2025, 4, 15),
        (K::FundPayments, "amount_paid") => N(3000.0),
        (K::FundPayments, "paid_date") => D(2025, 4, 10),
        (K::FundPayments, "form") => E(|l| PaymentForm::Cash.label(l)),
        (K::FundPayments, "recipient") => S("犀浦社区公益基金"),
        (K::FundPayments, "receipt_no") => S("JZ-2025-0001"),
        (K::Financials, "period") => S("2025Q1"),
        (K::Financials, "revenue") => N(30000.0),
        (K::Financials, "cost") => N(26000.0),
        (K::Financials, "profit") => N(4000.0),
        (K::Financials, "source") => E(|l| FinancialSource::SelfReported.label(l)),
        (K::Financials, "verified") => B(false),
        (K::SurveyResponses, "response_id") => S("MY-0001"),
        (K::SurveyResponses, "date") => D(2025, 6, 20),
        (K::SurveyResponses, "method") => E(|l| SurveyMethod::OnSite.label(l)),
        (K::SurveyResponses, "respondent_type") => E(|l| RespondentType::ServiceUser.label(l)),
        (K::SurveyResponses, "vulnerable") => B(true),
        (K::SurveyResponses, "q_overall") => N(5.0),
        (K::SurveyResponses, "q_quality") => N(5.0),
        (K::SurveyResponses, "q_price") => N(4.0),
        (K::SurveyResponses, "q_safety") => N(5.0),
        (K::SurveyResponses, "q_sales_pressure") => B(false),
        (K::SurveyResponses, "valid") => B(true),
        (K::SurveyTotals, "period") => S("2025"),
        (K::SurveyTotals, "n_valid") => N(35.0),
        (K::SurveyTotals, "n_5") => N(20.0),
        (K::SurveyTotals, "n_4") => N(10.0),
        (K::SurveyTotals, "n_3") => N(3.0),
        (K::SurveyTotals, "n_2") => N(1.0),
        (K::SurveyTotals, "n_1") => N(1.0),
        (K::SurveyTotals, "n_sales_pressure") => N(0.0),
        (K::Complaints, "case_id") => S("TS-2025-001"),
        (K::Complaints, "received_date") => D(2025, 5, 10),
        (K::Complaints, "channel") => E(|l| Channel::Hotline.label(l)),
        (K::Complaints, "category") => E(|l| ComplaintCategory::ServiceQuality.label(l)),
        (K::Complaints, "valid") => B(true),
        (K::Complaints, "severity") => E(|l| Severity::Minor.label(l)),
        (K::Complaints, "closed_date") => D(2025, 5, 14),
        (K::Complaints, "outcome") => S("已整改并回访，居民满意"),
        (K::Spaces, "name") => S("犀浦社区党群服务中心活动室"),
        (K::Spaces, "area_m2") => N(120.0),
        (K::Spaces, "community") => S("犀浦社区"),
        (K::Spaces, "property_type") => E(|l| PropertyType::PartyCenter.label(l)),
        (K::SpaceUsage, "date") => D(2025, 3, 15),
        (K::SpaceUsage, "purpose") => E(|l| SpacePurpose::LowCost.label(l)),
        (K::SpaceUsage, "hours") => N(4.0),
        (K::SpaceUsage, "open_to_public") => B(true),
        (K::Rectifications, "issue_id") => S("ZG-2025-001"),
        (K::Rectifications, "found_date") => D(2025, 4, 20),
        (K::Rectifications, "source") => E(|l| RectificationSource::QuarterlyCheck.label(l)),
        (K::Rectifications, "indicator") => S("P2"),
        (K::Rectifications, "description") => S("一季度约定公益场次完成不足"),
        (K::Rectifications, "requirement") => S("每月至少开展 2 场公益活动"),
        (K::Rectifications, "deadline") => D(2025, 7, 20),
        (K::Rectifications, "recheck_date") => D(2025, 7, 25),
        (K::Rectifications, "recheck_result") => E(|l| RecheckResult::Fixed.label(l)),
        (K::Rectifications, "level") => E(|l| WarningLevel::Yellow.label(l)),
        (K::MarketPrices, "item") => S("长者午餐"),
        (K::MarketPrices, "unit") => S("份"),
        (K::MarketPrices, "survey_source") => S("周边门店"),
        (K::MarketPrices, "survey_date") => D(2025, 3, 1),
        (K::Volunteering, "date") => D(2025, 4, 12),
        (K::Volunteering, "volunteer_hours") => N(3.5),
        (K::Volunteering, "points") => N(35.0),
        (K::Volunteering, "in_kind_value") => N(200.0),
        _ => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_closed_list_column_has_a_dropdown_that_fits() {
        for spec in SHEETS {
            for col in spec.columns.iter().filter(|c| c.ty == ValueType::Enum) {
                for lang in [Lang::Zh, Lang::En] {
                    let list = choices(spec.kind, col.key, lang)
                        .unwrap_or_else(|| panic!("{} {} has no list", spec.en, col.key));
                    // Excel's limit for an inline list.
                    assert!(list.join(",").chars().count() <= 255, "{}", col.key);
                }
            }
        }
    }
}
