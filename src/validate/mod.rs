//! Checks across rows, sheets and files (DOMAIN.md §2.11).
//!
//! A row that fails a check is removed from the dataset, its sheet's counts
//! move it from accepted to rejected, and a problem names its cell. Checks
//! that only need one row run while loading (`ingest::build`).

mod checks;

use rustc_hash::FxHashSet;

use crate::model::{Dataset, Origin};
use crate::problem::{Issue, Problem, Severity};

/// Runs every cross-row check, rejecting rows in place.
pub fn check(ds: &mut Dataset, problems: &mut Vec<Problem>) {
    let mut v = Verdicts::default();
    checks::unique_partners(ds, &mut v);
    checks::unique_ids(ds, &mut v);
    v.apply(ds);
    checks::foreign_keys(ds, &mut v);
    checks::agreement_dates(ds, &mut v);
    // Warnings only for rows still accepted, so no row is reported twice.
    v.apply(ds);
    checks::market_references(ds, &mut v);
    checks::fund_sanity(ds, &mut v);
    v.apply(ds);
    problems.append(&mut v.problems);
}

/// Problems found and rows to reject.
#[derive(Default)]
pub struct Verdicts {
    problems: Vec<Problem>,
    rejected: FxHashSet<Origin>,
    /// Identical repeats of a registry row: removed, but counted as accepted.
    merged: FxHashSet<Origin>,
}

impl Verdicts {
    /// Rejects the row at `origin`, explaining why at column `key`.
    fn reject(&mut self, ds: &Dataset, origin: Origin, key: &str, value: String, issue: Issue) {
        if self.rejected.insert(origin) {
            self.push(ds, Severity::Error, origin, key, value, issue);
        }
    }

    /// Notes a suspicious value of an accepted row.
    fn warn(&mut self, ds: &Dataset, origin: Origin, key: &str, value: String, issue: Issue) {
        self.push(ds, Severity::Warning, origin, key, value, issue);
    }

    fn push(
        &mut self,
        ds: &Dataset,
        severity: Severity,
        origin: Origin,
        key: &str,
        value: String,
        issue: Issue,
    ) {
        self.problems.push(Problem {
            severity,
            location: ds.location(origin, key),
            value: crate::problem::quote(&value),
            issue,
        });
    }

    /// Removes rejected rows from every table and fixes the sheet counts.
    fn apply(&mut self, ds: &mut Dataset) {
        if self.rejected.is_empty() && self.merged.is_empty() {
            return;
        }
        let (gone, merged) = (&self.rejected, &self.merged);
        let keep = |o: &Origin| !gone.contains(o) && !merged.contains(o);
        ds.partners.retain(|r| keep(&r.origin));
        ds.services.retain(|r| keep(&r.origin));
        ds.fund_payments.retain(|r| keep(&r.origin));
        ds.financials.retain(|r| keep(&r.origin));
        ds.survey_responses.retain(|r| keep(&r.origin));
        ds.survey_totals.retain(|r| keep(&r.origin));
        ds.complaints.retain(|r| keep(&r.origin));
        ds.spaces.retain(|r| keep(&r.origin));
        ds.space_usage.retain(|r| keep(&r.origin));
        ds.rectifications.retain(|r| keep(&r.origin));
        ds.market_prices.retain(|r| keep(&r.origin));
        ds.volunteering.retain(|r| keep(&r.origin));
        for origin in gone {
            let counts = &mut ds.sheets[origin.sheet as usize].counts;
            counts.accepted -= 1;
            counts.rejected += 1;
        }
        self.rejected.clear();
        self.merged.clear();
    }
}
