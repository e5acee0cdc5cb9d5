//! The words of every problem, in Chinese and English, side by side.

use super::Issue;
use crate::lang::Lang;
use crate::schema::{SheetKind, SheetSpec};
use crate::value::{ValueError, ValueType};

/// Stable machine code of an issue, used in issues.csv/json and tests.
pub fn code(issue: &Issue) -> &'static str {
    match issue {
        Issue::BadValue { .. } => "bad_value",
        Issue::UnknownChoice { .. } => "unknown_choice",
        Issue::Missing => "missing",
        Issue::MissingBecause { .. } => "missing_conditional",
        Issue::Negative => "negative",
        Issue::ScoreOutOfRange => "score_out_of_range",
        Issue::DuplicateId { .. } => "duplicate_id",
        Issue::ConflictingPartner { .. } => "conflicting_partner",
        Issue::RepeatedPartner { .. } => "repeated_partner",
        Issue::UnknownPartner { .. } => "unknown_partner",
        Issue::UnknownSpace { .. } => "unknown_space",
        Issue::VulnerableAboveParticipants { .. } => "vulnerable_above_participants",
        Issue::OutsideAgreement { .. } => "outside_agreement",
        Issue::PriceModeMismatch { .. } => "price_mode_mismatch",
        Issue::NoMarketReference => "no_market_reference",
        Issue::PaidFarAboveDue { .. } => "paid_far_above_due",
        Issue::EndBeforeStart { .. } => "end_before_start",
        Issue::SurveyCountsExceedValid { .. } => "survey_counts_exceed_valid",
        Issue::ProfitMismatch { .. } => "profit_mismatch",
        Issue::AmountOutOfRange { .. } => "amount_out_of_range",
        Issue::NotHalfHours => "not_half_hours",
        Issue::BlankAsZero => "blank_as_zero",
        Issue::DigitsLost => "digits_lost",
        Issue::IdNumberInText => "id_number_in_text",
    }
}

/// The sentence shown to the user; `value` is the cell as found.
pub fn render(issue: &Issue, value: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let found = if zh {
        format!("「{value}」")
    } else {
        format!("\"{value}\"")
    };
    match issue {
        Issue::BadValue { expected, error } => bad_value(*expected, *error, &found, lang),
        Issue::UnknownChoice {
            allowed_zh,
            allowed_en,
        } => pick(
            lang,
            format!("{found} 不是可选值；可填：{allowed_zh}"),
            format!("{found} is not one of the allowed values: {allowed_en}"),
        ),
        Issue::Missing => pick(lang, "必填项为空".into(), "required value is blank".into()),
        Issue::MissingBecause {
            reason_zh,
            reason_en,
        } => pick(
            lang,
            format!("此项为空，但{reason_zh}时必须填写"),
            format!("blank, but required when {reason_en}"),
        ),
        Issue::Negative => pick(
            lang,
            format!("{found} 为负数，应不小于 0"),
            format!("{found} is negative; expected 0 or more"),
        ),
        Issue::ScoreOutOfRange => pick(
            lang,
            format!("{found} 不在 1–5 分之间（5 = 非常满意）"),
            format!("{found} is not a score from 1 to 5 (5 = very satisfied)"),
        ),
        Issue::DuplicateId { first } => pick(
            lang,
            format!("编号 {found} 重复，已在 {} 出现；本行未计入", first.describe(lang)),
            format!(
                "id {found} repeats {}; this row is not counted",
                first.describe(lang)
            ),
        ),
        Issue::ConflictingPartner { first, fields } => {
            let fields = registry_titles(fields, lang);
            pick(
                lang,
                format!(
                    "合伙人 {found} 已在 {} 登记，但以下信息不一致：{}；本行未计入",
                    first.describe(lang),
                    fields.join("、")
                ),
                format!(
                    "partner {found} is already registered at {} with different {}; this row is not counted",
                    first.describe(lang),
                    fields.join(", ")
                ),
            )
        }
        Issue::RepeatedPartner { first } => pick(
            lang,
            format!("合伙人 {found} 在 {} 已登记且信息一致，已合并", first.describe(lang)),
            format!(
                "partner {found} is registered identically at {}; merged",
                first.describe(lang)
            ),
        ),
        Issue::UnknownPartner { .. } => pick(
            lang,
            format!("合伙人编号 {found} 不在合伙人名册中"),
            format!("partner id {found} is not in any partner registry"),
        ),
        Issue::UnknownSpace { .. } => pick(
            lang,
            format!("空间编号 {found} 不在空间登记表中"),
            format!("space id {found} is not in the space register"),
        ),
        Issue::VulnerableAboveParticipants {
            vulnerable,
            participants,
        } => pick(
            lang,
            format!("特殊群体人次 {vulnerable} 大于参与人次 {participants}"),
            format!(
                "vulnerable participants {vulnerable} exceed all participants {participants}"
            ),
        ),
        Issue::OutsideAgreement { start, end } => pick(
            lang,
            format!("活动日期 {found} 不在协议期 {start} 至 {end} 内"),
            format!("date {found} is outside the agreement {start} to {end}"),
        ),
        Issue::PriceModeMismatch { free: true } => pick(
            lang,
            format!("定价模式为公益，但单价为 {found}；公益活动单价应为 0"),
            format!("pricing mode is free but the unit price is {found}; free activities cost 0"),
        ),
        Issue::PriceModeMismatch { free: false } => pick(
            lang,
            "单价为 0，但定价模式不是公益；请改为公益或填写单价".into(),
            "unit price is 0 but the pricing mode is not free; mark it free or enter the price"
                .into(),
        ),
        Issue::NoMarketReference => pick(
            lang,
            "低偿活动缺少市场参考价，本行及市场参考价表中均未找到；该行不参与价格比指标 (FL6)".into(),
            "low-cost activity without a market reference price, neither in the row nor in the price sheet; left out of the price-ratio indicators (FL6)".into(),
        ),
        Issue::PaidFarAboveDue { paid, due } => pick(
            lang,
            format!("实缴 {paid} 元超过应缴 {due} 元的 3 倍，请核对"),
            format!("paid {paid} is more than 3 × the amount due {due}; please check"),
        ),
        Issue::EndBeforeStart { start } => pick(
            lang,
            format!("{found} 早于开始日期 {start}"),
            format!("{found} is before the start date {start}"),
        ),
        Issue::SurveyCountsExceedValid { sum, valid } => pick(
            lang,
            format!("各满意等级人数合计 {sum} 大于有效问卷数 {valid}"),
            format!("the five answer counts add up to {sum}, more than the {valid} valid responses"),
        ),
        Issue::ProfitMismatch { expected } => pick(
            lang,
            format!("利润 {found} 与 营业收入 − 成本费用 = {expected} 不符，请核对"),
            format!("profit {found} differs from revenue − cost = {expected}; please check"),
        ),
        Issue::AmountOutOfRange { participants } => pick(
            lang,
            format!("单价 {found} × 参与人次 {participants} 超出合理范围（上限 1e15 元），请核对单价与人次"),
            format!("unit price {found} × {participants} participants is out of range (at most 1e15); please check both"),
        ),
        Issue::BlankAsZero => pick(
            lang,
            "实缴金额为空，按未缴（0 元）计".into(),
            "blank, read as nothing paid (0)".into(),
        ),
        Issue::DigitsLost => pick(
            lang,
            format!("身份证号 {found} 以数字保存，Excel 只保留 15 位有效数字，末几位已变成 0；请把该列设为“文本”后重新录入"),
            format!("the identity number {found} is stored as a number: Excel keeps 15 significant digits, so its last digits became 0; set the column to Text and type it again"),
        ),
        Issue::IdNumberInText => pick(
            lang,
            format!("此处填有身份证号，已在所有输出中打码为 {found}；请从原表中删去"),
            format!("an identity number is typed here; every output shows it masked as {found}; please remove it from the source"),
        ),
        Issue::NotHalfHours => pick(
            lang,
            format!("志愿时长 {found} 不是 0.5 小时的整数倍"),
            format!("volunteer hours {found} are not a multiple of 0.5 h"),
        ),
    }
}

/// Registry column titles for field keys.
fn registry_titles(keys: &[String], lang: Lang) -> Vec<&'static str> {
    let spec = SheetSpec::of(SheetKind::Partners);
    keys.iter()
        .filter_map(|k| spec.columns.iter().find(|c| c.key == k))
        .map(|c| c.title(lang))
        .collect()
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn bad_value(expected: ValueType, error: ValueError, found: &str, lang: Lang) -> String {
    let what = type_hint(expected, lang);
    match error {
        ValueError::ErrorCell => pick(
            lang,
            format!("单元格为错误值 {found}（公式出错），应为{what}"),
            format!("the cell holds the error {found}; expected {what}"),
        ),
        ValueError::NotWhole => pick(
            lang,
            format!("{found} 不是整数，应为{what}"),
            format!("{found} is not a whole number; expected {what}"),
        ),
        ValueError::OutOfRange => pick(
            lang,
            format!("{found} 超出合理范围，应为{what}"),
            format!("{found} is out of range; expected {what}"),
        ),
        ValueError::NotFinite => pick(
            lang,
            format!("{found} 不是有限的数值，应为{what}"),
            format!("{found} is not a finite number; expected {what}"),
        ),
        ValueError::Unreadable => pick(
            lang,
            format!("无法识别 {found}，应为{what}"),
            format!("cannot read {found}; expected {what}"),
        ),
    }
}

/// What a column of each type accepts, with examples people recognise.
fn type_hint(ty: ValueType, lang: Lang) -> &'static str {
    match ty {
        ValueType::Text => lang.pick("文本", "text"),
        ValueType::Integer => lang.pick("整数，如 30", "a whole number such as 30"),
        ValueType::Number => lang.pick("数字，如 2.5", "a number such as 2.5"),
        ValueType::Money => lang.pick(
            "金额，如 1,200.50 或 ¥1200",
            "an amount such as 1,200.50 or ¥1200",
        ),
        ValueType::Ratio => lang.pick(
            "比例，如 20%、0.2 或 20",
            "a percentage such as 20%, 0.2 or 20",
        ),
        ValueType::Date => lang.pick(
            "日期，如 2025-03-07、2025/3/7 或 2025年3月7日",
            "a date such as 2025-03-07, 2025/3/7 or 2025年3月7日",
        ),
        ValueType::Period => lang.pick(
            "期间，如 2025、2025Q3、2025年第3季度 或 2025-07",
            "a period such as 2025, 2025Q3, 2025年第3季度 or 2025-07",
        ),
        ValueType::Bool => lang.pick("是/否", "yes/no (是/否)"),
        ValueType::Enum => lang.pick("可选值之一", "one of the allowed values"),
    }
}
