//! Why a dimension's or an indicator's weight differs from the set's
//! (DOMAIN.md §3.10 R1), in the same words in the workbook and the PDFs.

use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::score::format::round;
use crate::score::{PartnerResult, SetInfo};

/// Why a dimension's weight may differ from the set's (R1), in the words
/// of the partner and district reports.
pub fn note(set: &SetInfo, lang: Lang) -> String {
    let nominal: Vec<String> = set
        .dimensions
        .iter()
        .map(|d| match lang {
            Lang::Zh => format!("{} {}", d.name_zh, d.weight.normalize()),
            Lang::En => format!("{} {}", d.name_en, d.weight.normalize()),
        })
        .collect();
    match lang {
        Lang::Zh => format!(
            "“调整后权重”是该合伙人在这一维度的满分。原定权重：{}。某项指标对合伙人不适用（如未约定缴纳公益金的合伙人没有“应缴足额率”）时，其权重转给同一维度的其他指标，每项至多增至原权重的 {} 倍，余下部分按比例转入其他维度，总分仍为 {}。",
            nominal.join("、"),
            set.na_max_factor.normalize(),
            set.total.normalize()
        ),
        Lang::En => format!(
            "The adjusted weight is what the dimension is scored out of for this partner. Set weights: {}. When an indicator does not apply to a partner (e.g. paid-vs-due for one without a fund share), its weight moves to the other indicators of the dimension, each up to {} times its own weight, and the rest to the other dimensions pro rata; the total stays out of {}.",
            nominal.join(", "),
            set.na_max_factor.normalize(),
            set.total.normalize()
        ),
    }
}

/// The mean share of its adjusted weight that a group of partners earned
/// on dimension `j`, over the partners it applies to, rounded to 0.1 %:
/// points alone would mix partners scored out of different weights (R1).
pub fn mean_share(members: &[&PartnerResult], j: usize) -> Option<Decimal> {
    let shares: Vec<Decimal> = members
        .iter()
        .filter_map(|p| p.dimensions.get(j))
        .filter(|d| !d.weight.is_zero())
        .map(|d| d.points / d.weight)
        .collect();
    if shares.is_empty() {
        return None;
    }
    let sum: Decimal = shares.iter().sum();
    Some(round(sum / Decimal::from(shares.len()), 3))
}
