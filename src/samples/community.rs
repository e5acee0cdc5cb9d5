//! One community's workbook, built in memory and then dropped: the unit of
//! streaming. Nothing here looks at any other community, so a city is made
//! one workbook at a time.

use std::collections::HashSet;

use super::cases;
use super::fund::FundTables;
use super::names::{self, People, Place};
use super::partner::{self, Partner, Picker};
use super::profiles::Slot;
use super::rng::Rng;
use super::services;
use super::space;
use super::style::Style;
use super::survey;
use super::table::Table;
use crate::schema::enums::CoopMode;
use crate::schema::SheetKind;

/// Where a community is and who is in it.
#[derive(Debug, Clone)]
pub struct Community {
    pub district: Place,
    pub street: Place,
    /// Name without 社区.
    pub name: String,
    /// Number inside its street, from 1.
    pub number: usize,
    pub style: Style,
    pub slots: Vec<Slot>,
}

impl Community {
    /// `PDXP01`: district, street, number; used in every id.
    pub fn code(&self) -> String {
        format!(
            "{}{}{:02}",
            self.district.code, self.street.code, self.number
        )
    }

    pub fn full_name(&self) -> String {
        format!("{}社区", self.name)
    }

    pub fn street_name(&self) -> String {
        format!("{}街道", self.street.name)
    }

    /// `犀浦街道-犀浦社区.xlsx`.
    pub fn file_name(&self) -> String {
        format!("{}-{}.xlsx", self.street_name(), self.full_name())
    }
}

/// What is shared between communities of one run.
#[derive(Debug, Default)]
pub struct Shared {
    pub picker: Picker,
    pub people: People,
    /// Partner names used in the current district.
    pub names: HashSet<String>,
}

/// A community's partners and sheets.
pub struct Book {
    pub partners: Vec<Partner>,
    pub tables: Vec<Table>,
}

impl Book {
    pub fn table(&mut self, kind: SheetKind) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.kind == kind)
    }
}

/// Generates everything a community keeps. `budget` is the average number
/// of sessions per partner and year.
pub fn build(c: &Community, rng: &mut Rng, shared: &mut Shared, budget: f64) -> Book {
    let code = c.code();
    let mut partners: Vec<Partner> = c
        .slots
        .iter()
        .enumerate()
        .map(|(k, slot)| {
            let kind = shared.picker.pick(rng, slot.profile);
            let id = format!(
                "{}-{}{:02}-{:03}",
                c.district.code,
                c.street.code,
                c.number,
                k + 1
            );
            partner::partner(rng, kind, *slot, id, c.name.as_str(), shared)
        })
        .collect();
    let spaces = space::allocate(rng, &mut partners, &code);
    let mut sessions = Vec::new();
    for (i, p) in partners.iter_mut().enumerate() {
        sessions.extend(services::sessions(rng, i, p, budget, &c.style));
    }
    let mut fund = FundTables::new();
    let recipient = format!("{}公益基金", c.full_name());
    for (i, p) in partners.iter_mut().enumerate() {
        fund.add(rng, i, p, &sessions, &c.style, &recipient);
    }
    let staff = [names::person(rng), names::person(rng)];
    let full = c.full_name();
    let mut tables = vec![
        partner::table(&partners, c.district.name, &c.street_name(), &full),
        services::table(&sessions, &partners, &staff),
        fund.payments,
        fund.financials,
        survey::table(rng, &partners, c.style.survey_totals),
        cases::complaints(rng, &partners),
        space::register(&spaces, &full),
        space::usage(rng, &partners),
    ];
    if c.style.rectifications {
        tables.push(cases::rectifications(rng, &partners));
    }
    let volunteers = partners.iter().any(|p| {
        matches!(
            p.kind.coop_mode,
            CoopMode::TimeBank | CoopMode::Crowdfunding
        )
    });
    if c.style.volunteering && volunteers {
        tables.push(cases::volunteering(rng, &partners));
    }
    Book { partners, tables }
}

/// Puts the ledger in the community's order and numbers every id.
pub fn finish(book: &mut Book, c: &Community) {
    let code = c.code();
    if let Some(t) = book.table(SheetKind::Services) {
        if c.style.by_partner {
            t.rows.sort_by_key(|r| (r.partner, r.date));
        } else {
            t.rows.sort_by_key(|r| (r.date, r.partner));
        }
    }
    let ids = [
        (SheetKind::Services, "record_id", "FW", 4),
        (SheetKind::FundPayments, "payment_id", "GJ", 3),
        (SheetKind::SurveyResponses, "response_id", "MY", 4),
        (SheetKind::Complaints, "case_id", "TS", 3),
        (SheetKind::Rectifications, "issue_id", "ZG", 2),
    ];
    for (kind, key, prefix, width) in ids {
        if let Some(t) = book.table(kind) {
            t.number(key, &format!("{prefix}-{code}-"), width);
        }
    }
}
