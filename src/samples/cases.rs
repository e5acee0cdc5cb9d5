//! 投诉与事件 and 整改记录: what went wrong and what was done about it.
//!
//! Only the profiles that are meant to show a sales case (c6, V2) or a major
//! incident (V1) ever get one; everyone else's complaints are the ordinary
//! service, price and noise complaints of a community ledger.

use chrono::{Datelike, Days, NaiveDate};

use super::partner::Partner;
use super::profiles::{Prior, Profile};
use super::rng::Rng;
use super::services::day_in;
use super::spelling::Spelled;
use super::table::{Table, Val};
use super::write::FILLED;
use crate::schema::enums::*;
use crate::schema::SheetKind;

/// One complaint or incident, typed.
struct Case {
    partner: usize,
    received: NaiveDate,
    channel: Channel,
    category: ComplaintCategory,
    valid: bool,
    severity: Severity,
    closed: Option<NaiveDate>,
    veto: Option<VetoCode>,
    outcome: &'static str,
}

fn ordinary(rng: &mut Rng, index: usize, p: &Partner) -> Case {
    use ComplaintCategory::*;
    let categories: &[ComplaintCategory] = if p.kind.has_low_cost() {
        &[
            ServiceQuality,
            Pricing,
            Hygiene,
            Nuisance,
            SpaceMisuse,
            Other,
        ]
    } else {
        &[ServiceQuality, Hygiene, Nuisance, Other]
    };
    let good = p.slot.profile == Profile::Good;
    let valid = rng.chance(if good { 0.4 } else { 0.6 });
    let month = rng.pick(&p.months_with_rows());
    let received = day_in(rng, month);
    let days = if good { rng.int(1, 5) } else { rng.int(2, 15) };
    let closed = received
        .checked_add_days(Days::new(days as u64))
        .filter(|d| d.month0() < 11 || rng.chance(0.5));
    Case {
        partner: index,
        received,
        channel: rng.pick(&[
            Channel::Hotline,
            Channel::OnSite,
            Channel::GridWorker,
            Channel::ResidentsCouncil,
            Channel::Other,
        ]),
        category: rng.pick(categories),
        valid,
        severity: if !good && rng.chance(0.2) {
            Severity::Serious
        } else {
            Severity::Minor
        },
        closed,
        veto: None,
        outcome: if valid {
            rng.pick(&["已核实，已督促整改", "已协调解决", "已约谈负责人并整改"])
        } else {
            "经核实不属实，已向投诉人说明"
        },
    }
}

/// The veto case of a V1 or V2 partner.
fn veto_case(rng: &mut Rng, index: usize, p: &Partner) -> Option<Case> {
    // A major incident happens early in September: the rectification sheet
    // takes it up on the 12th.
    let received = match p.slot.profile {
        Profile::SafetyVeto => date(2025, 9, rng.int(1, 10) as u32),
        _ => {
            let month = rng.pick(&p.months_with_rows());
            day_in(rng, month)
        }
    };
    let closed = received
        .checked_add_days(Days::new(rng.int(10, 30) as u64))
        .filter(|d| *d <= FILLED);
    let case = |channel, category, severity, veto, outcome| Case {
        partner: index,
        received,
        channel,
        category,
        valid: true,
        severity,
        closed,
        veto: Some(veto),
        outcome,
    };
    match p.slot.profile {
        Profile::SafetyVeto => Some(match p.kind.category {
            Category::Meals => case(
                Channel::GridWorker,
                ComplaintCategory::FoodSafety,
                Severity::Major,
                VetoCode::V1,
                "发生集体食物中毒，12 人就医，已停业整顿",
            ),
            Category::Mobility => case(
                Channel::Hotline,
                ComplaintCategory::Safety,
                Severity::Major,
                VetoCode::V1,
                "充电桩起火致 2 辆车损毁，已停用整改",
            ),
            _ => case(
                Channel::GridWorker,
                ComplaintCategory::Safety,
                Severity::Major,
                VetoCode::V1,
                "活动中设施倒塌致 2 名老人受伤，已停业整顿",
            ),
        }),
        Profile::SalesVeto => Some(case(
            Channel::MarketRegulator,
            ComplaintCategory::Sales,
            Severity::Serious,
            VetoCode::V2,
            "市场监管部门认定借公益健康讲座推销保健品，已立案处罚",
        )),
        _ => None,
    }
}

/// The complaints sheet of a community, in order of receipt.
pub fn complaints(rng: &mut Rng, partners: &[Partner]) -> Table {
    let mut cases = Vec::new();
    for (i, p) in partners.iter().enumerate() {
        let n = match p.slot.profile {
            Profile::Good => i64::from(rng.chance(0.3)),
            Profile::Yellow => rng.int(1, 3),
            Profile::Red => rng.int(2, 3),
            _ => rng.int(0, 2),
        };
        cases.extend((0..n).map(|_| ordinary(rng, i, p)));
        cases.extend(veto_case(rng, i, p));
    }
    cases.sort_by_key(|c| c.received);
    let mut t = Table::new(SheetKind::Complaints);
    for c in cases {
        let mut row = t.row(c.partner, c.received);
        t.set(
            &mut row,
            "partner_id",
            Val::Text(partners[c.partner].id.clone()),
        );
        t.set(&mut row, "received_date", Val::Date(c.received));
        t.set(&mut row, "channel", c.channel.val());
        t.set(&mut row, "category", c.category.val());
        t.set(&mut row, "valid", Val::Bool(c.valid));
        t.set(&mut row, "severity", c.severity.val());
        t.set(&mut row, "closed_date", Val::opt(c.closed, Val::Date));
        t.set(&mut row, "veto_code", Val::opt(c.veto, Spelled::val));
        t.set(&mut row, "outcome", Val::Str(c.outcome));
        t.rows.push(row);
    }
    t
}

/// What a quarterly check writes up for each over-commercialisation condition.
fn finding(c: u8) -> (&'static str, &'static str, &'static str) {
    match c {
        1 => (
            "C1",
            "市场化服务场次占比过高",
            "压减市场化经营场次，公益及低偿场次占比不低于 50%",
        ),
        2 => (
            "P2",
            "约定公益场次完成率低于 80%",
            "按协议补足公益场次，按月报送台账",
        ),
        3 => (
            "R1",
            "低偿价格高于市场参考价的 80%",
            "低偿价格下调至限价以内并公示",
        ),
        4 => (
            "C2",
            "社区空间经营性使用占比过高",
            "恢复空间公益使用时段，对居民开放",
        ),
        5 => ("F1", "公益金未足额缴纳", "限期补缴欠缴公益金"),
        _ => ("C3", "居民反映活动中存在推销", "停止在公益活动中推介商品"),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The rectification sheet of a community.
pub fn rectifications(rng: &mut Rng, partners: &[Partner]) -> Table {
    let mut t = Table::new(SheetKind::Rectifications);
    for (i, p) in partners.iter().enumerate() {
        let mut item = |found,
                        source: RectificationSource,
                        (indicator, problem, demand),
                        due,
                        result: RecheckResult,
                        level| {
            let mut row = t.row(i, found);
            t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
            t.set(&mut row, "found_date", Val::Date(found));
            t.set(&mut row, "source", source.val());
            t.set(&mut row, "indicator", Val::Str(indicator));
            t.set(&mut row, "description", Val::Str(problem));
            t.set(&mut row, "requirement", Val::Str(demand));
            t.set(&mut row, "deadline", Val::Date(due));
            t.set(&mut row, "recheck_date", Val::Date(due + Days::new(5)));
            t.set(&mut row, "recheck_result", result.val());
            t.set(&mut row, "level", Val::opt(level, Spelled::val));
            t.rows.push(row);
        };
        if matches!(p.slot.prior, Prior::Rectified | Prior::RectifiedYellow) {
            let level = (p.slot.prior == Prior::RectifiedYellow).then_some(WarningLevel::Yellow);
            item(
                date(2024, 12, 20),
                RectificationSource::AnnualEvaluation,
                finding(2),
                date(2025, 3, 31),
                RecheckResult::Fixed,
                level,
            );
        }
        if matches!(p.slot.profile, Profile::Yellow | Profile::Red) {
            let result = if p.slot.profile == Profile::Red {
                RecheckResult::NotFixed
            } else {
                RecheckResult::Partial
            };
            for c in (1..=6).filter(|c| p.slot.conds.has(*c)).take(2) {
                let found = date(2025, 7, rng.int(8, 18) as u32);
                let check = RectificationSource::QuarterlyCheck;
                item(
                    found,
                    check,
                    finding(c),
                    date(2025, 10, 15),
                    result,
                    Some(WarningLevel::Yellow),
                );
            }
        }
        if p.slot.profile == Profile::SafetyVeto {
            let found = date(2025, 9, 12);
            let what = (
                "V1",
                "发生重大安全责任事故",
                "停业整顿，完成安全评估后方可恢复",
            );
            let result = RecheckResult::Partial;
            item(
                found,
                RectificationSource::Complaint,
                what,
                date(2025, 11, 30),
                result,
                Some(WarningLevel::Red),
            );
        }
    }
    t
}

/// The time-bank and volunteering sheet: partners of the time-bank and
/// crowdfunding modes log volunteer hours in half hours.
pub fn volunteering(rng: &mut Rng, partners: &[Partner]) -> Table {
    let mut t = Table::new(SheetKind::Volunteering);
    for (i, p) in partners.iter().enumerate() {
        if !matches!(
            p.kind.coop_mode,
            CoopMode::TimeBank | CoopMode::Crowdfunding
        ) {
            continue;
        }
        for m in p.months_with_rows() {
            for _ in 0..rng.int(1, 2) {
                let day = day_in(rng, m);
                let hours = 0.5 * rng.int(4, 40) as f64;
                let mut row = t.row(i, day);
                t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
                t.set(&mut row, "date", Val::Date(day));
                t.set(&mut row, "volunteer_hours", Val::Num(hours));
                t.set(&mut row, "points", Val::Num(hours * 10.0));
                if rng.chance(0.2) {
                    t.set(&mut row, "in_kind_value", Val::yuan(rng.int(2, 30) * 50));
                }
                t.rows.push(row);
            }
        }
    }
    t.rows.sort_by_key(|r| r.date);
    t
}
