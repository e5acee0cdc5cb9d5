//! How one community types its workbook: title rows, header spellings, date
//! and money formats, ticks for yes/no, blank rows between blocks.
//!
//! Every habit here is one the loader must accept without a problem
//! (DOMAIN.md §2: synonyms, `20%` or `0.2`, dates as cells or text, …), so
//! the samples show staff that their own way of typing is fine. The eight
//! small-scale communities each get a fixed, different set of habits; larger
//! scales draw them at random.

use super::rng::Rng;
use crate::schema::SheetKind;

/// How dates are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    /// A real date cell with this number format.
    Cell(&'static str),
    /// Text `2025/3/7`.
    Slash,
    /// Text `2025年3月7日`.
    Chinese,
    /// Text `2025.3.7`.
    Dot,
}

/// Which header spellings are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    /// The template's Chinese headers.
    Canonical,
    /// Common synonyms (服务人次, 单价（元）, 营业收入⏎(元), 收费方式, …).
    Synonyms,
    /// Canonical, with required columns marked `*`.
    Marked,
    /// English headers in 服务记录, Chinese elsewhere.
    EnglishServices,
}

#[derive(Debug, Clone)]
pub struct Style {
    /// Title rows above the header: 0, 1 or 2.
    pub titles: u8,
    pub headers: Headers,
    pub dates: Dates,
    /// Money typed as text, `¥1,200.00` or `1200元`.
    pub money_text: bool,
    /// √/× instead of 是/否.
    pub ticks: bool,
    /// Rates typed `15%` instead of a number formatted as percent.
    pub rate_text: bool,
    /// Periods typed `2025年第3季度` instead of `2025Q3`.
    pub chinese_periods: bool,
    /// Closed-list values typed as synonyms (免费, 季度, 个体户, …).
    pub synonyms: bool,
    /// A blank row between months (or partners) in 服务记录.
    pub gaps: bool,
    /// Formatted empty columns right of the data.
    pub trailing: bool,
    /// Only 满意度汇总 (aggregated counts) instead of questionnaires.
    pub survey_totals: bool,
    /// An extra 备注 column the loader does not use.
    pub remarks: bool,
    /// Head counts typed with their unit, `35人次`.
    pub count_units: bool,
    /// 应缴金额 filled in (otherwise computed from rate × basis).
    pub amount_due: bool,
    /// 服务记录 grouped by partner instead of in date order.
    pub by_partner: bool,
    /// Keeps 整改记录.
    pub rectifications: bool,
    /// Keeps 志愿与时间银行.
    pub volunteering: bool,
    /// Sheet names other than the template's (服务台账, 投诉台账, …).
    pub renamed: bool,
    /// Optional columns this community does not keep.
    pub omit: &'static [(SheetKind, &'static str)],
}

const CANONICAL: Style = Style {
    titles: 1,
    headers: Headers::Canonical,
    dates: Dates::Cell("yyyy-mm-dd"),
    money_text: false,
    ticks: false,
    rate_text: false,
    chinese_periods: false,
    synonyms: false,
    gaps: false,
    trailing: false,
    survey_totals: false,
    remarks: false,
    count_units: false,
    amount_due: true,
    by_partner: false,
    rectifications: true,
    volunteering: true,
    renamed: false,
    omit: &[],
};

use SheetKind::{Partners, Services};

/// Habits of the eight small-scale communities, in plan order.
pub fn small(index: usize) -> Style {
    let s = CANONICAL;
    match index {
        0 => Style { remarks: true, ..s },
        1 => Style {
            titles: 2,
            headers: Headers::Synonyms,
            dates: Dates::Slash,
            rate_text: true,
            chinese_periods: true,
            synonyms: true,
            amount_due: false,
            by_partner: true,
            volunteering: false,
            ..s
        },
        2 => Style {
            titles: 0,
            headers: Headers::EnglishServices,
            dates: Dates::Cell("yyyy/m/d"),
            trailing: true,
            rectifications: false,
            omit: &[(Services, "evidence"), (Partners, "org_form")],
            ..s
        },
        3 => Style {
            headers: Headers::Marked,
            dates: Dates::Chinese,
            money_text: true,
            rate_text: true,
            chinese_periods: true,
            amount_due: false,
            ..s
        },
        4 => Style {
            dates: Dates::Cell("yyyy年m月d日"),
            ticks: true,
            gaps: true,
            survey_totals: true,
            rectifications: false,
            ..s
        },
        5 => Style {
            titles: 2,
            dates: Dates::Dot,
            rate_text: true,
            synonyms: true,
            renamed: true,
            omit: &[(Services, "revenue"), (Services, "duration_h")],
            ..s
        },
        6 => Style {
            headers: Headers::Synonyms,
            count_units: true,
            remarks: true,
            volunteering: false,
            ..s
        },
        _ => Style {
            titles: 0,
            by_partner: true,
            amount_due: false,
            rectifications: false,
            omit: &[(Services, "recorded_by"), (Services, "counts_agreed")],
            ..s
        },
    }
}

/// Habits drawn at random, for the larger scales.
pub fn draw(rng: &mut Rng) -> Style {
    const DATES: [Dates; 6] = [
        Dates::Cell("yyyy-mm-dd"),
        Dates::Cell("yyyy-mm-dd"),
        Dates::Cell("yyyy/m/d"),
        Dates::Slash,
        Dates::Chinese,
        Dates::Dot,
    ];
    const OMIT: [&[(SheetKind, &str)]; 4] = [
        &[],
        &[],
        &[(Services, "evidence"), (Partners, "org_form")],
        &[(Services, "recorded_by"), (Services, "counts_agreed")],
    ];
    const HEADERS: [Headers; 5] = [
        Headers::Canonical,
        Headers::Canonical,
        Headers::Synonyms,
        Headers::Marked,
        Headers::EnglishServices,
    ];
    Style {
        titles: rng.pick(&[0, 1, 1, 1, 2]),
        headers: rng.pick(&HEADERS),
        dates: rng.pick(&DATES),
        money_text: rng.chance(0.1),
        ticks: rng.chance(0.1),
        rate_text: rng.chance(0.4),
        chinese_periods: rng.chance(0.3),
        synonyms: rng.chance(0.3),
        gaps: rng.chance(0.1),
        trailing: rng.chance(0.2),
        survey_totals: rng.chance(0.1),
        remarks: rng.chance(0.2),
        count_units: rng.chance(0.1),
        amount_due: rng.chance(0.6),
        by_partner: rng.chance(0.3),
        rectifications: rng.chance(0.6),
        volunteering: rng.chance(0.6),
        renamed: rng.chance(0.15),
        omit: rng.pick(&OMIT),
    }
}

impl Style {
    /// Whether this community keeps a column.
    pub fn keeps(&self, kind: SheetKind, key: &str) -> bool {
        !self.omit.contains(&(kind, key))
    }

    /// The habits, in words, for the README.
    pub fn describe(&self) -> Vec<String> {
        let mut d = Vec::new();
        d.push(match self.titles {
            0 => "无标题行".to_string(),
            n => format!("{n} 行标题（合并单元格）"),
        });
        d.push(
            match self.headers {
                Headers::Canonical => "模板表头",
                Headers::Synonyms => "同义表头（服务人次、单价（元）、营业收入⏎(元)、收费方式…）",
                Headers::Marked => "必填列表头带 *",
                Headers::EnglishServices => "服务记录用英文表头",
            }
            .to_string(),
        );
        d.push(match self.dates {
            Dates::Cell(f) => format!("日期单元格（{f}）"),
            Dates::Slash => "日期为文本 2025/3/7".into(),
            Dates::Chinese => "日期为文本 2025年3月7日".into(),
            Dates::Dot => "日期为文本 2025.3.7".into(),
        });
        let flags = [
            (self.money_text, "金额为文本 ¥1,200.00 / 1200元"),
            (self.ticks, "是/否写作 √/×"),
            (self.rate_text, "比例写作 15%"),
            (self.chinese_periods, "期间写作 2025年第3季度"),
            (self.synonyms, "选项用同义词（免费、季度、个体户…）"),
            (self.gaps, "服务记录按月分块，块间空行"),
            (self.trailing, "右侧有带格式的空列"),
            (self.survey_totals, "满意度只保留汇总数"),
            (self.remarks, "多一列「备注」"),
            (self.count_units, "人次带单位（35人次）"),
            (!self.amount_due, "应缴金额留空（按比例计算）"),
            (self.by_partner, "服务记录按合伙人分组"),
            (self.renamed, "工作表名用「服务台账」「投诉台账」等"),
            (!self.omit.is_empty(), "省略部分选填列"),
        ];
        d.extend(
            flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, s)| s.to_string()),
        );
        d
    }
}
