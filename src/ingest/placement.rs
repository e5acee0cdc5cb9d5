//! Where each input file belongs: which districts' partners it registers.
//!
//! A run over several districts writes one district report per district,
//! and each report's headline gives the data problems behind its numbers. A
//! problem belongs to the districts of the partners registered in its file
//! (one workbook per community, in practice one district); a file that
//! registers no partner (a price list, a workbook whose registry was
//! rejected) may have held any district's rows, so its problems count in
//! every district's report. With one district every problem counts there,
//! and the report agrees with the workbook's 总览.
//!
//! A partner's report lists the files its evaluation read: its own, and the
//! files registering no partner that lie beside its registry workbook (the
//! price list a district keeps with its community workbooks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::model::Dataset;
use crate::problem::{Problem, Severity};

/// Which districts each input file serves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// Problem counts, (errors, warnings), per district.
    by_district: BTreeMap<String, (usize, usize)>,
    /// Problems in files that register no partner.
    unplaced: (usize, usize),
    /// Files that register no partner, by path.
    unregistered: BTreeSet<String>,
}

impl Placement {
    /// Places `files` (every input read) and tallies `problems` by the
    /// districts of the partners `ds` registers in each problem's file.
    /// Call it before a shard drops other districts' partners, so their
    /// files are still known to be theirs.
    pub fn new(files: &[super::InputFile], problems: &[Problem], ds: &Dataset) -> Self {
        let mut districts: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for p in &ds.partners {
            let file = ds.sheets[p.origin.sheet as usize].file.as_str();
            districts
                .entry(file)
                .or_default()
                .insert(p.district.as_str());
        }
        let mut placement = Placement {
            unregistered: files
                .iter()
                .map(|f| f.path.as_str())
                .filter(|f| !districts.contains_key(f))
                .map(str::to_string)
                .collect(),
            ..Self::default()
        };
        for problem in problems {
            let add = |c: &mut (usize, usize)| match problem.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
            };
            match districts.get(problem.location.file.as_str()) {
                Some(places) => {
                    for d in places {
                        add(placement.by_district.entry(d.to_string()).or_default());
                    }
                }
                None => add(&mut placement.unplaced),
            }
        }
        placement
    }

    /// The problems `district`'s report counts: its files' and the
    /// unplaced ones.
    pub fn problems(&self, district: &str) -> (usize, usize) {
        let own = self.by_district.get(district).copied().unwrap_or_default();
        (own.0 + self.unplaced.0, own.1 + self.unplaced.1)
    }

    /// The files registering no partner that lie in the folder of one of
    /// `files`: reference data (a price list) the partner whose files they
    /// are was evaluated with.
    pub fn references_beside(&self, files: &[&str]) -> Vec<&str> {
        let folders: Vec<Option<&Path>> = files.iter().map(|f| Path::new(f).parent()).collect();
        self.unregistered
            .iter()
            .map(String::as_str)
            .filter(|r| folders.contains(&Path::new(r).parent()))
            .collect()
    }
}
