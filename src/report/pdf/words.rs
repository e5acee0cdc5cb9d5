//! Small pieces of text both PDF reports share: labels of levels and
//! statuses, evidence lists, ranks. Numbers arrive here already scored and
//! leave as the strings the reader sees (Typst would print 4.0 as `4`).

use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::schema::enums::WarningLevel;
use crate::score::format;
use crate::score::{EvidenceRow, ItemLevel, PartnerResult, SetInfo, Status};

/// How many evidence ids a list shows before "and n more".
const EVIDENCE_SHOWN: usize = 8;

/// 黄牌 / 红牌.
pub fn warning(level: WarningLevel, lang: Lang) -> &'static str {
    match level {
        WarningLevel::Yellow => lang.pick("黄牌", "yellow"),
        WarningLevel::Red => lang.pick("红牌", "red"),
    }
}

/// 一般 / 黄牌 / 红牌 for a rectification item.
pub fn item_level(level: ItemLevel, lang: Lang) -> &'static str {
    match level {
        ItemLevel::General => lang.pick("一般", "general"),
        ItemLevel::Yellow => lang.pick("黄牌", "yellow"),
        ItemLevel::Red => lang.pick("红牌", "red"),
    }
}

/// 不适用 / 缺数据, or the empty string when scored.
pub fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Ok => "",
        Status::Na => lang.pick("不适用", "N/A"),
        Status::Missing => lang.pick("缺数据", "no data"),
    }
}

/// `FW-1、FW-2 …（共 14 条）`.
pub fn evidence(rows: &[EvidenceRow], lang: Lang) -> String {
    let mut s = rows
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| e.id.as_str())
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    if rows.len() > EVIDENCE_SHOWN {
        s += &match lang {
            Lang::Zh => format!(" …（共 {} 条）", rows.len()),
            Lang::En => format!(" … ({} in all)", rows.len()),
        };
    }
    s
}

/// `3 / 58`, or `—` for a partner not ranked in that scope.
pub fn rank(p: &PartnerResult, scope: RankScope) -> String {
    p.rank(scope)
        .map(|r| format!("{} / {}", r.rank, r.of))
        .unwrap_or_else(|| "—".into())
}

/// ★★★★☆ for 4 of 5.
pub fn stars(n: u8) -> String {
    let n = n.min(5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// A dimension's name by id.
pub fn dimension_name(set: &SetInfo, id: &str, lang: Lang) -> String {
    set.dimensions
        .iter()
        .find(|d| d.id == id)
        .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// `▲3` / `▼2` / `—` : the district rank change since last period.
pub fn trend(p: &PartnerResult) -> String {
    match p.previous.as_ref().and_then(|q| q.rank_change) {
        Some(c) if c > 0 => format!("▲{c}"),
        Some(c) if c < 0 => format!("▼{}", -c),
        Some(_) => "=".into(),
        None => "—".into(),
    }
}

/// `12–18` : the 5–95 % rank interval of the Monte Carlo, with `◆` when the
/// decision is borderline.
pub fn interval(p: &PartnerResult) -> String {
    p.sensitivity
        .as_ref()
        .map(|s| {
            let (lo, hi) = (s.rank_low.round(), s.rank_high.round());
            let span = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo}–{hi}")
            };
            if s.borderline {
                format!("{span} ◆")
            } else {
                span
            }
        })
        .unwrap_or_else(|| "—".into())
}

/// The TOPSIS rank, `—` when the partner is not ranked.
pub fn topsis_rank(p: &PartnerResult) -> String {
    p.topsis
        .as_ref()
        .map(|t| t.rank.to_string())
        .unwrap_or_else(|| "—".into())
}

/// What a flag read, in words and units, and the indicators it found
/// without data, by id and name.
pub fn flag_facts(f: &crate::score::FlagResult, set: &SetInfo, lang: Lang) -> String {
    let mut parts = vec![format::facts(&f.facts, lang)];
    if !f.missing.is_empty() {
        let names: Vec<String> = f
            .missing
            .iter()
            .map(|id| {
                set.indicators
                    .iter()
                    .find(|i| &i.id == id)
                    .map(|i| format!("{id} {}", lang.pick(&i.name_zh, &i.name_en)))
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        parts.push(format::missing(&names, lang));
    }
    parts.retain(|s| !s.is_empty());
    parts.join(lang.pick("；", "; "))
}

/// An item's deadline, or what stands in for one: advice has none, and a
/// task of the community or the evaluator is theirs to schedule.
pub fn item_deadline(item: &crate::score::RectificationItem, lang: Lang) -> String {
    match item.deadline {
        Some(d) => d.to_string(),
        None if item.advice => lang
            .pick("（建议，无期限）", "(advice, no deadline)")
            .into(),
        None => "—".into(),
    }
}
