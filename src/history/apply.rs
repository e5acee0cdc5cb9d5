//! Last period's outcome into the registry's prior columns, before scoring.
//!
//! The decision rules read `prior_decision` and `prior_flag` from the
//! registry (上期决策, 上期预警). Filling them from the previous results
//! makes the history rules work without anyone retyping last year's
//! outcome; where someone did type it and it differs, the file is the
//! record and wins, and the difference is reported so the registry can be
//! corrected.

use std::collections::{HashMap, HashSet};

use super::{HistoryError, Previous};
use crate::lang::Lang;
use crate::model::Dataset;
use crate::problem::Location;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::schema::vocab::Vocabulary;
use crate::value::Period;

/// One prior column as the registry and the file give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorValue {
    Grade(Grade),
    Decision(Decision),
    /// No flag is a value too: the file may clear a flag the registry has.
    Flag(Option<WarningLevel>),
}

impl PriorValue {
    /// The registry column's key, as in the schema.
    pub fn column(self) -> &'static str {
        match self {
            PriorValue::Grade(_) => "prior_grade",
            PriorValue::Decision(_) => "prior_decision",
            PriorValue::Flag(_) => "prior_flag",
        }
    }

    fn column_label(self, lang: Lang) -> &'static str {
        match self {
            PriorValue::Grade(_) => lang.pick("上期等级", "prior grade"),
            PriorValue::Decision(_) => lang.pick("上期决策", "prior decision"),
            PriorValue::Flag(_) => lang.pick("上期预警", "prior flag"),
        }
    }

    fn label(self, lang: Lang) -> String {
        match self {
            PriorValue::Grade(g) => g.label(lang),
            PriorValue::Decision(d) => d.label(lang),
            PriorValue::Flag(Some(f)) => f.label(lang),
            PriorValue::Flag(None) => lang.pick("无", "none").to_string(),
        }
    }
}

/// A registry prior column that disagrees with the previous results.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub partner_id: String,
    /// The registry cell.
    pub location: Location,
    pub registry: PriorValue,
    /// The value used.
    pub file: PriorValue,
}

/// What [`apply`] did, for the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub file: String,
    pub period: Period,
    /// The previous period is not the one just before this one: the
    /// history rules mean consecutive evaluations.
    pub consecutive: bool,
    /// Partners found in both.
    pub matched: usize,
    /// Partners evaluated now that the file does not have.
    pub new: Vec<String>,
    /// Partners in the file that are not evaluated now.
    pub gone: Vec<String>,
    pub mismatches: Vec<Mismatch>,
}

/// Fills every matched partner's prior grade, decision and flag from
/// `prev`. Refuses a previous period that does not end before `current`
/// starts: this period's own results would make every rule fire on itself.
pub fn apply(ds: &mut Dataset, prev: &Previous, current: Period) -> Result<Applied, HistoryError> {
    if prev.period.end() >= current.start() {
        return Err(HistoryError::NotEarlier {
            file: prev.file.clone(),
            previous: prev.period,
            current,
        });
    }
    let by_id: HashMap<&str, &super::PreviousPartner> = prev
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect();
    let mut applied = Applied {
        file: prev.file.clone(),
        period: prev.period,
        consecutive: preceding(current) == prev.period,
        matched: 0,
        new: Vec::new(),
        gone: Vec::new(),
        mismatches: Vec::new(),
    };
    let sheets = &ds.sheets;
    for p in &mut ds.partners {
        let Some(q) = by_id.get(p.partner_id.as_str()) else {
            applied.new.push(p.partner_id.clone());
            continue;
        };
        applied.matched += 1;
        let pairs = [
            (
                p.prior_grade.map(PriorValue::Grade),
                PriorValue::Grade(q.grade),
            ),
            (
                p.prior_decision.map(PriorValue::Decision),
                PriorValue::Decision(q.decision),
            ),
            (
                p.prior_flag.map(|f| PriorValue::Flag(Some(f))),
                PriorValue::Flag(q.flag),
            ),
        ];
        // An empty registry cell is filled without comment: it says nothing.
        for (registry, file) in pairs {
            if let Some(r) = registry.filter(|r| *r != file) {
                let sheet = &sheets[p.origin.sheet as usize];
                applied.mismatches.push(Mismatch {
                    partner_id: p.partner_id.clone(),
                    location: sheet.location(p.origin.row, file.column()),
                    registry: r,
                    file,
                });
            }
        }
        p.prior_grade = Some(q.grade);
        p.prior_decision = Some(q.decision);
        p.prior_flag = q.flag;
    }
    let now: HashSet<&str> = ds.partners.iter().map(|p| p.partner_id.as_str()).collect();
    applied.gone = prev
        .partners
        .iter()
        .filter(|p| !now.contains(p.partner_id.as_str()))
        .map(|p| p.partner_id.clone())
        .collect();
    Ok(applied)
}

/// The period just before: 2024 for 2025, 2024Q4 for 2025Q1.
fn preceding(p: Period) -> Period {
    match p {
        Period::Year(y) => Period::Year(y - 1),
        Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
        Period::Quarter(y, q) => Period::Quarter(y, q - 1),
        Period::Month(y, 1) => Period::Month(y - 1, 12),
        Period::Month(y, m) => Period::Month(y, m - 1),
    }
}

/// Ids shown in one line before "and n more".
const IDS_SHOWN: usize = 10;

fn ids(list: &[String], lang: Lang) -> String {
    let mut s = list
        .iter()
        .take(IDS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    if list.len() > IDS_SHOWN {
        s += &match lang {
            Lang::Zh => format!(" 等 {} 个", list.len()),
            Lang::En => format!(" and {} more", list.len() - IDS_SHOWN),
        };
    }
    s
}

impl Applied {
    /// Lines for the terminal, each with its 提示/警告 prefix: what was
    /// matched, then every disagreement.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let note = lang.pick("提示：", "note: ");
        let warning = lang.pick("警告：", "warning: ");
        let mut out = vec![match lang {
            Lang::Zh => format!(
                "{note}上期评估结果 {}（{}）：{} 个合伙人与本期对应，其上期等级、决策、预警以该文件为准",
                self.file, self.period, self.matched
            ),
            Lang::En => format!(
                "{note}previous results {} ({}): {} matched; their prior grade, decision and flag come from that file",
                self.file,
                self.period,
                crate::lang::count(self.matched as u64, "partner")
            ),
        }];
        if !self.new.is_empty() {
            out.push(match lang {
                Lang::Zh => format!(
                    "{note}本期有、上期结果中没有的合伙人 {} 个：{}",
                    self.new.len(),
                    ids(&self.new, lang)
                ),
                Lang::En => format!(
                    "{note}{} {} not in the previous results: {}",
                    crate::lang::count(self.new.len() as u64, "partner"),
                    if self.new.len() == 1 { "is" } else { "are" },
                    ids(&self.new, lang)
                ),
            });
        }
        if !self.gone.is_empty() {
            out.push(match lang {
                Lang::Zh => format!(
                    "{note}上期结果中有、本期未评估的合伙人 {} 个：{}",
                    self.gone.len(),
                    ids(&self.gone, lang)
                ),
                Lang::En => format!(
                    "{note}{} of the previous results {} not evaluated now: {}",
                    crate::lang::count(self.gone.len() as u64, "partner"),
                    if self.gone.len() == 1 { "is" } else { "are" },
                    ids(&self.gone, lang)
                ),
            });
        }
        if !self.consecutive {
            out.push(match lang {
                Lang::Zh => format!(
                    "{warning}上期结果的期间 {} 不是紧接本期的上一期；“连续两年”等历史规则仍按其判断",
                    self.period
                ),
                Lang::En => format!(
                    "{warning}the previous results cover {}, not the period just before this one; the history rules (two in a row) still use them",
                    self.period
                ),
            });
        }
        for m in &self.mismatches {
            out.push(format!("{warning}{}", m.message(&self.file, lang)));
        }
        out
    }
}

impl Mismatch {
    fn message(&self, file: &str, lang: Lang) -> String {
        let (column, registry, used) = (
            self.file.column_label(lang),
            self.registry.label(lang),
            self.file.label(lang),
        );
        match lang {
            Lang::Zh => format!(
                "{}：合伙人 {} 的{column}名册填为「{registry}」，上期评估结果 {file} 为「{used}」；以上期评估结果为准，请更正名册",
                self.location.describe(lang),
                self.partner_id
            ),
            Lang::En => format!(
                "{}: partner {} has {column} \"{registry}\" in the registry but \"{used}\" in the previous results {file}; the previous results are used, please correct the registry",
                self.location.describe(lang),
                self.partner_id
            ),
        }
    }
}
