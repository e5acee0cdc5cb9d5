//! 空间登记 and 空间使用: the community's rooms and how partners use them.
//!
//! The monthly usage log splits a partner's hours into 公益活动, 低偿服务,
//! 市场经营 and 仓储办公 so that the commercial share (C2) lands on the
//! partner's target.

use chrono::NaiveDate;

use super::partner::Partner;
use super::rng::Rng;
use super::spelling::Spelled;
use super::table::{Table, Val};
use crate::schema::enums::{Category, PropertyType, SpacePurpose};
use crate::schema::SheetKind;
use crate::value::Period;

/// One registered space.
#[derive(Debug, Clone)]
pub struct Space {
    pub id: String,
    pub name: &'static str,
    pub area: i64,
    pub property: PropertyType,
}

/// General rooms, in the order a community fills them.
const ROOMS: &[(&str, PropertyType, (i64, i64))] = &[
    (
        "党群服务中心一楼多功能厅",
        PropertyType::PartyCenter,
        (120, 200),
    ),
    (
        "党群服务中心二楼活动室",
        PropertyType::PartyCenter,
        (60, 100),
    ),
    ("邻里中心101室", PropertyType::CommunityRoom, (40, 80)),
    ("社区综合体二楼", PropertyType::CommunityRoom, (150, 300)),
    ("原物业用房", PropertyType::IdleBuilding, (60, 120)),
    ("老年活动中心", PropertyType::CommunityRoom, (80, 150)),
    ("小区架空层", PropertyType::Other, (80, 200)),
    ("闲置商铺（改造）", PropertyType::IdleBuilding, (50, 90)),
];

/// Rooms that only one kind of partner uses.
fn dedicated(category: Category) -> Option<(&'static str, PropertyType, (i64, i64))> {
    match category {
        Category::Meals => Some(("社区食堂用房", PropertyType::CommunityRoom, (100, 180))),
        Category::Mobility => Some(("社区停车场充电区", PropertyType::Other, (200, 400))),
        _ => None,
    }
}

/// Registers the community's spaces and gives each partner that uses
/// space one (a few get two).
pub fn allocate(rng: &mut Rng, partners: &mut [Partner], code: &str) -> Vec<Space> {
    let users = partners.iter().filter(|p| p.kind.space).count();
    let general = users.div_ceil(3).clamp(2, ROOMS.len());
    let mut spaces: Vec<Space> = Vec::new();
    let mut add =
        |rng: &mut Rng, (name, property, area): (&'static str, PropertyType, (i64, i64))| {
            spaces.push(Space {
                id: format!("SP-{code}-{:02}", spaces.len() + 1),
                name,
                area: rng.int(area.0, area.1),
                property,
            });
            spaces.len() - 1
        };
    for room in &ROOMS[..general] {
        add(rng, *room);
    }
    let mut turn = 0;
    let mut rooms = Vec::new();
    for p in partners.iter().filter(|p| p.kind.space) {
        let room = match dedicated(p.kind.category) {
            Some(d) => add(rng, d),
            None => {
                turn += 1;
                (turn - 1) % general
            }
        };
        let second = (rng.chance(0.1) && general > 1).then(|| (room + 1) % general);
        rooms.push((room, second));
    }
    for (p, (room, second)) in partners.iter_mut().filter(|p| p.kind.space).zip(rooms) {
        let s = &spaces[room];
        p.space_ids.push(s.id.clone());
        p.space_ids.extend(second.map(|k| spaces[k].id.clone()));
        p.area = Some(((s.area as f64) * rng.float((0.3, 1.0))).round() as i64);
    }
    spaces
}

/// The space register.
pub fn register(spaces: &[Space], community: &str) -> Table {
    let mut t = Table::new(SheetKind::Spaces);
    for s in spaces {
        let mut row = t.row(usize::MAX, NaiveDate::default());
        t.set(&mut row, "space_id", Val::Text(s.id.clone()));
        t.set(&mut row, "name", Val::Str(s.name));
        t.set(&mut row, "area_m2", Val::Int(s.area));
        t.set(&mut row, "community", Val::Text(community.to_string()));
        t.set(&mut row, "property_type", s.property.val());
        t.rows.push(row);
    }
    t
}

/// Half-hour rounding, as a log is kept.
fn half(x: f64) -> f64 {
    (x * 2.0).round() / 2.0
}

/// The monthly usage log.
pub fn usage(rng: &mut Rng, partners: &[Partner]) -> Table {
    let mut t = Table::new(SheetKind::SpaceUsage);
    for m in 1..=12 {
        for (i, p) in partners.iter().enumerate() {
            let Some(space) = p.space_ids.first() else {
                continue;
            };
            if !p.months_with_rows().contains(&m) {
                continue;
            }
            let total = rng.float((40.0, 160.0));
            let storage = rng.float((0.04, 0.08));
            let commercial = if p.kind.has_market() {
                p.targets.commercial.max(storage)
            } else {
                storage
            };
            let rest = total * (1.0 - commercial);
            let low = if p.kind.has_low_cost() {
                rest * rng.float((0.25, 0.45))
            } else {
                0.0
            };
            let hours = [
                (SpacePurpose::Welfare, rest - low, true),
                (SpacePurpose::LowCost, low, true),
                (
                    SpacePurpose::Commercial,
                    total * (commercial - storage),
                    rng.chance(0.5),
                ),
                (SpacePurpose::StorageOffice, total * storage, false),
            ];
            for (purpose, h, open) in hours {
                let h = half(h);
                if h <= 0.0 {
                    continue;
                }
                let month = Period::Month(2025, m as u8);
                let mut row = t.row(i, month.start());
                t.set(&mut row, "date", Val::Period(month));
                t.set(&mut row, "space_id", Val::Text(space.clone()));
                t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
                t.set(&mut row, "purpose", purpose.val());
                t.set(&mut row, "hours", Val::Num(h));
                t.set(&mut row, "open_to_public", Val::Bool(open));
                t.rows.push(row);
            }
        }
    }
    t
}
