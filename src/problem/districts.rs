//! Which district report counts a problem.
//!
//! A run over several districts writes one district report per district, and
//! each report's headline gives the data problems behind its numbers. A
//! problem belongs to the districts of the partners registered in its file
//! (one workbook per community, in practice one district); a file that
//! registers no partner (a price list, a workbook whose registry was
//! rejected) may have held any district's rows, so its problems count in
//! every district's report. With one district every problem counts there,
//! and the report agrees with the workbook's 总览.

use std::collections::{BTreeMap, BTreeSet};

use super::{Problem, Severity};
use crate::model::Dataset;

/// Problem counts, (errors, warnings), per district.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistrictProblems {
    by_district: BTreeMap<String, (usize, usize)>,
    /// Problems in files that register no partner.
    unplaced: (usize, usize),
}

impl DistrictProblems {
    /// Tallies `problems` by the districts of the partners `ds` registers in
    /// each problem's file. Call it before a shard drops other districts'
    /// partners, so their files are still known to be theirs.
    pub fn new(problems: &[Problem], ds: &Dataset) -> Self {
        let mut districts: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for p in &ds.partners {
            let file = ds.sheets[p.origin.sheet as usize].file.as_str();
            districts
                .entry(file)
                .or_default()
                .insert(p.district.as_str());
        }
        let mut counts = Self::default();
        for problem in problems {
            let add = |c: &mut (usize, usize)| match problem.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
            };
            match districts.get(problem.location.file.as_str()) {
                Some(places) => {
                    for d in places {
                        add(counts.by_district.entry(d.to_string()).or_default());
                    }
                }
                None => add(&mut counts.unplaced),
            }
        }
        counts
    }

    /// The problems `district`'s report counts: its files' and the
    /// unplaced ones.
    pub fn of(&self, district: &str) -> (usize, usize) {
        let own = self.by_district.get(district).copied().unwrap_or_default();
        (own.0 + self.unplaced.0, own.1 + self.unplaced.1)
    }
}
