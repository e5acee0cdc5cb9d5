//! 服务记录: the activity ledger, one row per session.
//!
//! A partner's row budget is split into free, low-cost and market sessions by
//! its targets; the agreed number of free sessions is then set so that the
//! sessions held meet it to the targeted degree (P2). Low-cost prices are a
//! targeted fraction of the market reference, market prices at or above it.
//! Durations depend on the category only, so the market share by hours stays
//! close to the share by sessions (C1 uses hours when they are filled in).

use chrono::NaiveDate;

use super::catalog::{free_titles, in_price_list, items_of, session, side_category};
use super::partner::Partner;
use super::rng::Rng;
use super::spelling::Spelled;
use super::style::Style;
use super::table::{Table, Val};
use crate::schema::enums::{Category, PricingMode, ServiceMode};
use crate::schema::SheetKind;

/// One session, typed.
#[derive(Debug, Clone)]
pub struct Service {
    pub partner: usize,
    pub date: NaiveDate,
    pub hours: f64,
    pub category: Category,
    pub title: &'static str,
    pub mode: PricingMode,
    pub price: i64,
    /// Market reference price, and whether the row carries it.
    pub reference: Option<(i64, bool)>,
    pub participants: i64,
    pub vulnerable: Option<i64>,
    pub revenue_typed: bool,
    pub space: Option<String>,
    pub counts: Option<bool>,
    pub evidence: Option<&'static str>,
    pub recorder: usize,
}

impl Service {
    pub fn revenue(&self) -> i64 {
        self.price * self.participants
    }
}

const EVIDENCE: &[&str] = &[
    "签到表、照片",
    "照片4张",
    "签到表",
    "活动简报",
    "签到表、照片、新闻稿",
];

/// The month a partner skips in its ledger when its profile is a data gap.
pub const GAP_MONTH: u32 = 8;

/// Generates the sessions of one partner and sets its agreed free sessions.
pub fn sessions(
    rng: &mut Rng,
    index: usize,
    p: &mut Partner,
    budget: f64,
    style: &Style,
) -> Vec<Service> {
    let t = &p.targets;
    let a = p.kind;
    let months: Vec<u32> = p.months_with_rows();
    let active = p.active.len() as f64;
    let n = ((budget * rng.float((0.7, 1.3)) * active / 12.0).round() as usize).max(6);
    let (market, low) = match a.service_mode {
        ServiceMode::Welfare => (0.0, 0.0),
        ServiceMode::WelfareLowCost => (0.0, t.low),
        ServiceMode::WelfareLowCostMarket => (t.market, t.low),
    };
    let n_market = (n as f64 * market).round() as usize;
    let n_low = (n as f64 * low).round() as usize;
    let n_free = n - n_market - n_low;
    let uncounted = if style.keeps(SheetKind::Services, "counts_agreed")
        && !p.slot.conds.has(1)
        && rng.chance(0.4)
    {
        (n_free / 10).max(1)
    } else {
        0
    };
    p.agreed = ((n_free as f64 / (t.fulfilment * active / 12.0)).round() as i64).max(1);
    let (hours, free_heads, priced_heads) = session(a.category);
    let mut out = Vec::with_capacity(n + uncounted);
    let start = rng.below(months.len());
    for k in 0..n_free + uncounted {
        // Free sessions go round the months, so every month has some (P4).
        let month = months[(start + k) % months.len()];
        let side = rng.chance(0.15);
        let category = if side {
            side_category(a.category)
        } else {
            a.category
        };
        let heads = scaled(rng, free_heads, t.volume);
        out.push(Service {
            partner: index,
            date: day_in(rng, month),
            hours: hours + 0.5 * rng.int(0, 2) as f64,
            category,
            title: rng.pick(free_titles(category)),
            mode: PricingMode::Free,
            price: 0,
            reference: None,
            participants: heads,
            vulnerable: Some(share(rng, heads, t.vulnerable)),
            revenue_typed: rng.chance(0.3),
            space: space(rng, p),
            counts: Some(k < n_free),
            evidence: evidence(rng),
            recorder: rng.below(2),
        });
    }
    let items: Vec<_> = items_of(a.category).collect();
    // Priced sessions go round the months too, so that no fund period of a
    // revenue-sharing partner is without revenue.
    let start = rng.below(months.len());
    for k in 0..n_market + n_low {
        let mode = if k < n_low {
            PricingMode::LowCost
        } else {
            PricingMode::Market
        };
        let item = rng.pick(&items);
        let (price, in_row) = if mode == PricingMode::LowCost {
            let ratio = rng.float(t.price_ratio);
            let price = ((item.price as f64 * ratio).round() as i64).max(1);
            // Some rows rely on the district's price list (same item name).
            (price, !in_price_list(a.category) || rng.chance(0.8))
        } else {
            let price = (item.price as f64 * rng.float((1.0, 1.3))).ceil() as i64;
            (price, rng.chance(0.4))
        };
        let heads = scaled(rng, priced_heads, t.volume);
        let vulnerable = match mode {
            PricingMode::LowCost => Some(share(rng, heads, t.vulnerable)),
            _ => rng.chance(0.5).then_some(0),
        };
        out.push(Service {
            partner: index,
            date: day_in(rng, months[(start + k) % months.len()]),
            hours: hours + 0.5 * rng.int(0, 2) as f64,
            category: a.category,
            title: item.name,
            mode,
            price,
            reference: Some((item.price, in_row)),
            participants: heads,
            vulnerable,
            revenue_typed: rng.chance(0.7),
            space: space(rng, p),
            counts: rng.chance(0.5).then_some(false),
            evidence: evidence(rng),
            recorder: rng.below(2),
        });
    }
    out
}

fn scaled(rng: &mut Rng, (lo, hi): (i64, i64), volume: f64) -> i64 {
    ((rng.int(lo, hi) as f64 * volume).round() as i64).max(1)
}

fn share(rng: &mut Rng, heads: i64, range: (f64, f64)) -> i64 {
    ((heads as f64 * rng.float(range)).round() as i64).min(heads)
}

fn space(rng: &mut Rng, p: &Partner) -> Option<String> {
    match p.space_ids.first() {
        Some(id) if rng.chance(0.85) => Some(id.clone()),
        _ => None,
    }
}

fn evidence(rng: &mut Rng) -> Option<&'static str> {
    rng.chance(0.8).then(|| rng.pick(EVIDENCE))
}

/// A random day of a 2025 month.
pub fn day_in(rng: &mut Rng, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(2025, month, 1).unwrap_or_default();
    let days = first
        .checked_add_months(chrono::Months::new(1))
        .map_or(28, |next| (next - first).num_days());
    first + chrono::Days::new(rng.below(days as usize) as u64)
}

/// The ledger as a table; sorting and ids come once errors are planted.
pub fn table(services: &[Service], partners: &[Partner], staff: &[String]) -> Table {
    let mut t = Table::new(SheetKind::Services);
    for s in services {
        let mut row = t.row(s.partner, s.date);
        t.set(
            &mut row,
            "partner_id",
            Val::Text(partners[s.partner].id.clone()),
        );
        t.set(&mut row, "date", Val::Date(s.date));
        t.set(&mut row, "duration_h", Val::Num(s.hours));
        t.set(&mut row, "category", s.category.val());
        t.set(&mut row, "title", Val::Str(s.title));
        t.set(&mut row, "pricing_mode", s.mode.val());
        t.set(&mut row, "unit_price", Val::yuan(s.price));
        if let Some((price, true)) = s.reference {
            t.set(&mut row, "market_ref_price", Val::yuan(price));
        }
        t.set(&mut row, "participants", Val::Int(s.participants));
        t.set(
            &mut row,
            "vulnerable_participants",
            Val::opt(s.vulnerable, Val::Int),
        );
        if s.revenue_typed {
            t.set(&mut row, "revenue", Val::yuan(s.revenue()));
        }
        t.set(&mut row, "space_id", Val::opt(s.space.clone(), Val::Text));
        t.set(&mut row, "counts_agreed", Val::opt(s.counts, Val::Bool));
        t.set(&mut row, "evidence", Val::opt(s.evidence, Val::Str));
        t.set(
            &mut row,
            "recorded_by",
            Val::Text(staff[s.recorder].clone()),
        );
        t.rows.push(row);
    }
    t
}
