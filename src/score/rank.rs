//! Rankings within district, street, community and partner type.
//!
//! Order: partners without a veto first, then partners with one (一票否决,
//! DOMAIN §3.10 R7); within each group the total (highest first), then the
//! points of the tie-break indicators, then the partner id, so the list is
//! always the same. A veto puts a partner after every partner without one
//! whatever its total: a food-safety exit at 75 points must not be listed
//! above a renewed partner at 70, and a list an official publishes reads
//! top to bottom. Rank numbers follow the list: partners without a veto are
//! ranked 1…k by total, vetoed partners k+1… after them. Within a group,
//! partners with equal totals (to 0.01) share the best rank, and the next
//! rank skips (1, 2, 2, 4). The percentile is the share of the scope's
//! other partners ranked below. New partners (fewer active months than the
//! set's minimum) are scored but not ranked.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::result::{PartnerResult, Rank};
use crate::indicators::{IndicatorSet, RankScope};

fn scope_key(p: &PartnerResult, scope: RankScope) -> String {
    match scope {
        RankScope::District => p.district.clone(),
        RankScope::Street => format!("{}/{}", p.district, p.street),
        RankScope::Community => format!("{}/{}/{}", p.district, p.street, p.community),
        RankScope::PartnerType => format!("{}/{:?}", p.district, p.partner_type),
    }
}

/// The list order of two partners.
pub fn order(set: &IndicatorSet, a: &PartnerResult, b: &PartnerResult) -> Ordering {
    vetoed(a)
        .cmp(&vetoed(b))
        .then_with(|| b.total.cmp(&a.total))
        .then_with(|| {
            set.ranking
                .tie_break
                .iter()
                .map(|&i| {
                    b.indicators[i]
                        .exact_points
                        .cmp(&a.indicators[i].exact_points)
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
        .then_with(|| a.partner_id.cmp(&b.partner_id))
}

/// Whether a veto puts the partner after every partner without one.
pub fn vetoed(p: &PartnerResult) -> bool {
    !p.vetoes.is_empty()
}

/// Sorts partners in list order and fills in their ranks.
pub fn rank(set: &IndicatorSet, partners: &mut [PartnerResult]) {
    partners.sort_by(|a, b| order(set, a, b));
    for &scope in &set.ranking.scopes {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in partners.iter().enumerate().filter(|(_, p)| !p.new_partner) {
            groups.entry(scope_key(p, scope)).or_default().push(i);
        }
        for members in groups.values() {
            // Members are in list order, so equal totals of one veto group
            // are adjacent and every rank and count of lower-ranked partners
            // comes from one scan.
            let n = members.len();
            let mut run = 0..0;
            for (pos, &i) in members.iter().enumerate() {
                let key = (vetoed(&partners[i]), partners[i].total);
                if pos >= run.end {
                    let tied = members[pos..]
                        .iter()
                        .take_while(|&&j| (vetoed(&partners[j]), partners[j].total) == key)
                        .count();
                    run = pos..pos + tied;
                }
                let lower = n - run.end;
                let percentile = if n > 1 {
                    Decimal::from(lower * 100) / Decimal::from(n - 1)
                } else {
                    Decimal::ONE_HUNDRED
                };
                let rank = Rank {
                    rank: run.start + 1,
                    of: n,
                    percentile: super::format::round(percentile, 1),
                };
                partners[i].ranks.push((scope, rank));
            }
        }
    }
}
