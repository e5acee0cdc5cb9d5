//! 合伙人名册: who the partners are and what their agreements say.
//!
//! A partner is an archetype (what it does) plus a profile slot (how it
//! behaves). The agreed free sessions and the fixed fund amount are filled in
//! after its sessions are generated, because they are set relative to them.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::catalog::{Archetype, ARCHETYPES};
use super::community::Shared;
use super::names;
use super::profiles::{Prior, Profile, Slot, Targets};
use super::rng::Rng;
use super::services::GAP_MONTH;
use super::spelling::Spelled;
use super::table::{Table, Val};
use crate::schema::enums::*;
use crate::schema::SheetKind;

#[derive(Debug, Clone)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub kind: &'static Archetype,
    pub slot: Slot,
    pub targets: Targets,
    pub org_form: Option<OrgForm>,
    pub credit_code: Option<String>,
    pub id_number: Option<String>,
    pub agreement_no: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Months of 2025 inside the agreement.
    pub active: Vec<u32>,
    pub rate: Option<Decimal>,
    pub fixed: Option<Decimal>,
    pub agreed: i64,
    pub agreed_hours: bool,
    pub cap: Option<Decimal>,
    pub space_ids: Vec<String>,
    pub area: Option<i64>,
    pub terms: SpaceTerms,
    pub status: PartnerStatus,
}

/// Picks archetypes: good and average partners go round the whole list so
/// that every kind of partner appears; the others take a kind that can show
/// their profile.
#[derive(Debug, Default)]
pub struct Picker {
    turn: usize,
}

impl Picker {
    pub fn pick(&mut self, rng: &mut Rng, profile: Profile) -> &'static Archetype {
        if matches!(profile, Profile::Good | Profile::Average) {
            self.turn += 1;
            return &ARCHETYPES[(self.turn - 1) % ARCHETYPES.len()];
        }
        let fitting: Vec<&'static Archetype> =
            ARCHETYPES.iter().filter(|a| profile.fits(a)).collect();
        fitting[rng.below(fitting.len())]
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Everything about a new partner except its spaces, sessions and fixed fund.
pub fn partner(
    rng: &mut Rng,
    kind: &'static Archetype,
    slot: Slot,
    id: String,
    community: &str,
    shared: &mut Shared,
) -> Partner {
    let targets = slot.targets(rng);
    let (start, end) = match (slot.profile, slot.prior) {
        (Profile::New, _) => (date(2025, 11, 1), date(2026, 10, 31)),
        (_, Prior::Blank) if rng.chance(0.5) => (date(2025, 1, 1), date(2025, 12, 31)),
        (_, Prior::Blank) => (date(2025, 1, 1), date(2026, 12, 31)),
        _ if rng.chance(0.5) => (date(2024, 1, 1), date(2025, 12, 31)),
        _ => (date(2023, 7, 1), date(2026, 6, 30)),
    };
    let active = (1..=12)
        .filter(|m| date(2025, *m, 1) >= date(start.year(), start.month(), 1))
        .collect();
    let name = name(rng, kind, community, shared);
    let credit_code = match kind.legal_form {
        LegalForm::Enterprise => Some(names::credit_code(rng, "91")),
        LegalForm::SoleProprietor => Some(names::credit_code(rng, "92")),
        LegalForm::SocialOrg => Some(names::credit_code(rng, "52")),
        LegalForm::Individual | LegalForm::Team => None,
    };
    let id_number = match kind.legal_form {
        LegalForm::Individual => Some(names::id_number(rng)),
        _ => None,
    };
    let rate = matches!(kind.basis, FundBasis::Revenue | FundBasis::Profit)
        .then(|| Decimal::new(rng.int(kind.rate.0, kind.rate.1), 2));
    let cap = match rng.below(10) {
        0..=2 if slot.profile == Profile::Good => Some(Decimal::new(7, 1)),
        0..=5 => Some(Decimal::new(8, 1)),
        _ => None,
    };
    let status = match slot.profile {
        Profile::Yellow | Profile::Red if rng.chance(0.5) => PartnerStatus::Rectifying,
        _ => PartnerStatus::Active,
    };
    Partner {
        agreement_no: format!(
            "XY-{}-{}",
            start.year(),
            id.split_once('-').map_or(&id[..], |x| x.1)
        ),
        id,
        name,
        kind,
        slot,
        targets,
        org_form: match kind.partner_type {
            _ if rng.chance(0.2) => None,
            PartnerType::Community => Some(OrgForm::Collective),
            _ => Some(OrgForm::Independent),
        },
        credit_code,
        id_number,
        start,
        end,
        active,
        rate,
        fixed: None,
        agreed: 0,
        agreed_hours: rng.chance(0.5),
        cap,
        space_ids: Vec::new(),
        area: None,
        terms: rng.pick(&[
            SpaceTerms::Free,
            SpaceTerms::Free,
            SpaceTerms::Free,
            SpaceTerms::LowCost,
            SpaceTerms::RentReduction,
            SpaceTerms::RentSubsidy,
        ]),
        status,
    }
}

/// A name not yet used in the district: a few draws, then a branch name
/// (`…（犀浦店）`). People may share a name, as they do.
fn name(rng: &mut Rng, kind: &Archetype, community: &str, shared: &mut Shared) -> String {
    let mut draw = |rng: &mut Rng| {
        let template = rng.pick(kind.names);
        let brand = if kind.brands.is_empty() {
            ""
        } else {
            rng.pick(kind.brands)
        };
        let person = if template.contains("{人}") {
            shared.people.next(rng)
        } else {
            String::new()
        };
        names::fill(template, community, brand, names::surname(rng), &person)
    };
    let mut name = draw(rng);
    for _ in 0..5 {
        if !shared.names.contains(&name) {
            break;
        }
        name = draw(rng);
    }
    if kind.legal_form != LegalForm::Individual {
        let base = name.clone();
        let mut n = 1;
        while shared.names.contains(&name) {
            name = match n {
                1 => format!("{base}（{community}店）"),
                _ => format!("{base}（{community}{n}店）"),
            };
            n += 1;
        }
    }
    shared.names.insert(name.clone());
    name
}

impl Partner {
    /// Active months that have sessions (a data-gap partner skips one).
    pub fn months_with_rows(&self) -> Vec<u32> {
        self.active
            .iter()
            .copied()
            .filter(|m| self.slot.profile != Profile::DataGap || *m != GAP_MONTH)
            .collect()
    }
}

/// The registry sheet.
pub fn table(partners: &[Partner], district: &str, street: &str, community: &str) -> Table {
    let mut t = Table::new(SheetKind::Partners);
    for (i, p) in partners.iter().enumerate() {
        let mut row = t.row(i, p.start);
        let k = p.kind;
        let text = |s: &str| Val::Text(s.to_string());
        t.set(&mut row, "partner_id", text(&p.id));
        t.set(&mut row, "name", text(&p.name));
        t.set(&mut row, "legal_form", k.legal_form.val());
        t.set(&mut row, "partner_type", k.partner_type.val());
        t.set(&mut row, "org_form", Val::opt(p.org_form, Spelled::val));
        t.set(
            &mut row,
            "credit_code",
            Val::opt(p.credit_code.clone(), Val::Text),
        );
        t.set(
            &mut row,
            "id_number",
            Val::opt(p.id_number.clone(), Val::Text),
        );
        t.set(&mut row, "district", text(district));
        t.set(&mut row, "street", text(street));
        t.set(&mut row, "community", text(community));
        t.set(&mut row, "coop_mode", k.coop_mode.val());
        t.set(&mut row, "service_mode", k.service_mode.val());
        t.set(&mut row, "main_category", k.category.val());
        t.set(&mut row, "agreement_no", text(&p.agreement_no));
        t.set(&mut row, "start_date", Val::Date(p.start));
        t.set(&mut row, "end_date", Val::Date(p.end));
        t.set(&mut row, "fund_basis", k.basis.val());
        t.set(&mut row, "fund_rate", Val::opt(p.rate, Val::Ratio));
        t.set(&mut row, "fund_fixed", Val::opt(p.fixed, Val::Money));
        t.set(
            &mut row,
            "fund_frequency",
            Val::opt(k.frequency, Spelled::val),
        );
        t.set(&mut row, "agreed_free_sessions", Val::Int(p.agreed));
        if p.agreed_hours {
            t.set(&mut row, "agreed_free_hours", Val::Int(p.agreed * 2));
        }
        t.set(&mut row, "low_cost_cap_ratio", Val::opt(p.cap, Val::Ratio));
        if !p.space_ids.is_empty() {
            t.set(&mut row, "space_ids", Val::Text(p.space_ids.join(";")));
        }
        t.set(&mut row, "space_area_m2", Val::opt(p.area, Val::Int));
        t.set(&mut row, "space_terms", p.terms.val());
        t.set(&mut row, "status", p.status.val());
        let (grade, decision, flag) = match p.slot.prior {
            Prior::Blank => (None, None, None),
            Prior::Renewed => (Some(Grade::Good), Some(Decision::Renew), None),
            Prior::Rectified => (Some(Grade::Fair), Some(Decision::Rectify), None),
            Prior::RectifiedYellow => (
                Some(Grade::Fair),
                Some(Decision::Rectify),
                Some(WarningLevel::Yellow),
            ),
        };
        t.set(&mut row, "prior_grade", Val::opt(grade, Spelled::val));
        t.set(&mut row, "prior_decision", Val::opt(decision, Spelled::val));
        t.set(&mut row, "prior_flag", Val::opt(flag, Spelled::val));
        t.rows.push(row);
    }
    t
}
