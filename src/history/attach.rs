//! Last period's outcome and the change since, into each scored partner.
//!
//! Computed once here so that the terminal, results.json, the workbook and
//! the PDF reports show the same change and never recompute it.

use std::collections::HashMap;

use super::{Previous, PreviousPartner};
use crate::indicators::RankScope;
use crate::score::{Evaluation, PreviousPeriod};

/// Sets `previous` of every partner found in `prev` (others keep none).
pub fn attach(eval: &mut Evaluation, prev: &Previous) {
    let by_id: HashMap<&str, &PreviousPartner> = prev
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect();
    for p in &mut eval.partners {
        let Some(q) = by_id.get(p.partner_id.as_str()) else {
            p.previous = None;
            continue;
        };
        let now = p.rank(RankScope::District).map(|r| r.rank);
        p.previous = Some(PreviousPeriod {
            period: prev.period.to_string(),
            total: q.total,
            grade: q.grade,
            decision: q.decision,
            flag: q.flag,
            rank: q.rank,
            total_change: p.total - q.total,
            // Then − now: climbing from 5th to 2nd is +3.
            rank_change: match (q.rank, now) {
                (Some(then), Some(now)) => Some(then as i64 - now as i64),
                _ => None,
            },
            indicator_points: q.indicator_points.clone(),
        });
    }
}
