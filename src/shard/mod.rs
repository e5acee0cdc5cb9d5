//! Beyond one machine: `evaluate --shard i/n` scores only some districts,
//! `partner-eval merge` joins the shards' results into the run a single
//! machine would have made.
//!
//! **Assignment.** The districts of the inputs are sorted by name (Unicode
//! code points) and dealt out in turn: the k-th district (1-based) goes to
//! shard ((k − 1) mod n) + 1. Dealing balances the shards better than a hash
//! would with a few districts; the price is that every shard must be given
//! the same inputs, which `merge` checks (same district list, same input
//! files and SHA-256).
//!
//! **Why by district.** Everything scoring compares across partners stays
//! inside a district: peer percentiles, district medians, every ranking
//! scope, the Monte Carlo rank intervals and TOPSIS. A shard therefore
//! scores its districts exactly as the whole run does. Weights derived from
//! the data (entropy, CRITIC) look at every district at once, so a set that
//! uses them cannot be sharded.
//!
//! **What merge needs besides results.json.** The list order of partners
//! breaks ties on the total with the unrounded points of the set's
//! tie-break indicators, which results.json rounds to 0.01. Each shard
//! therefore writes `shard.json` beside results.json: which shard it is, its
//! districts, and those unrounded points.

pub mod de;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::indicators::IndicatorSet;
use crate::ingest::InputFile;
use crate::lang::Lang;
use crate::model::Dataset;
use crate::score::{self, Evaluation, PartnerResult, SCHEMA_VERSION};
use crate::value::Period;

/// The file each shard writes beside its results.json.
pub const MANIFEST: &str = "shard.json";

/// How districts are assigned, as recorded in [`Manifest::assignment`].
pub const ASSIGNMENT: &str = "districts sorted by name, k-th to shard ((k-1) mod n)+1";

/// Shard `index` of `count` (1-based), as given to `--shard i/n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = s.split_once('/').and_then(|(i, n)| {
            let (index, count) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
            (1..=count)
                .contains(&index)
                .then_some(Shard { index, count })
        });
        parsed.ok_or_else(|| {
            "应为 i/n（1 ≤ i ≤ n），如 2/3 · expected i/n with 1 ≤ i ≤ n, e.g. 2/3".to_string()
        })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// This shard's districts out of `all` (sorted, distinct).
    pub fn districts(self, all: &[String]) -> Vec<String> {
        all.iter()
            .enumerate()
            .filter(|(k, _)| k % self.count.max(1) + 1 == self.index)
            .map(|(_, d)| d.clone())
            .collect()
    }
}

/// The districts of a dataset's registry, sorted and distinct.
pub fn all_districts(ds: &Dataset) -> Vec<String> {
    let set: BTreeSet<&str> = ds.partners.iter().map(|p| p.district.as_str()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// Keeps only the partners of `shard`'s districts (their other records are
/// then never looked at). Returns (every district, this shard's).
pub fn select(ds: &mut Dataset, shard: Shard) -> (Vec<String>, Vec<String>) {
    let all = all_districts(ds);
    let mine = shard.districts(&all);
    let keep: BTreeSet<&str> = mine.iter().map(String::as_str).collect();
    ds.partners.retain(|p| keep.contains(p.district.as_str()));
    (all, mine)
}

/// `shard.json`: what `merge` needs beyond results.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub shard: usize,
    pub of: usize,
    /// [`ASSIGNMENT`]: shards of another assignment rule do not mix.
    pub assignment: String,
    /// This shard's districts.
    pub districts: Vec<String>,
    /// Every district of the inputs: the same in every shard of one run.
    pub all_districts: Vec<String>,
    /// Per partner, in results.json order: the unrounded points of the
    /// set's tie-break indicators.
    pub tie_break: Vec<TieBreak>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieBreak {
    pub partner_id: String,
    pub points: Vec<Decimal>,
}

impl Manifest {
    pub fn new(
        shard: Shard,
        (all, mine): (Vec<String>, Vec<String>),
        eval: &Evaluation,
        set: &IndicatorSet,
    ) -> Manifest {
        let tie_break = eval
            .partners
            .iter()
            .map(|p| TieBreak {
                partner_id: p.partner_id.clone(),
                points: set
                    .ranking
                    .tie_break
                    .iter()
                    .map(|&i| {
                        p.indicators
                            .get(i)
                            .map_or(Decimal::ZERO, |r| r.exact_points)
                    })
                    .collect(),
            })
            .collect();
        Manifest {
            shard: shard.index,
            of: shard.count,
            assignment: ASSIGNMENT.to_string(),
            districts: mine,
            all_districts: all,
            tie_break,
        }
    }

    /// Writes `shard.json` into `out`.
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        crate::atomic::write_atomic(&out.join(MANIFEST), &bytes)
    }
}

/// results.json as a shard wrote it: the fields merge reads. The summary is
/// recomputed; the indicator set is compared as written.
#[derive(Deserialize)]
struct ResultsFile {
    engine_version: String,
    period: Period,
    evaluation_date: NaiveDate,
    indicator_set: serde_json::Value,
    inputs: Vec<InputRow>,
    partners: Vec<PartnerResult>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct InputRow {
    path: String,
    bytes: u64,
    sha256: String,
}

/// Read first, on its own, so that another layout is named as such.
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u32>,
}

/// One shard's output folder, read back.
pub struct ShardRun {
    dir: PathBuf,
    results: ResultsFile,
    manifest: Manifest,
}

/// Why shards cannot be merged.
#[derive(Debug)]
pub enum MergeError {
    /// A file cannot be read or parsed.
    Read { path: String, detail: String },
    /// A folder without shard.json: not written by `evaluate --shard`.
    NotShard { dir: String },
    /// results.json of another layout version.
    Schema { dir: String, found: Option<u32> },
    /// Written by another engine version than this one.
    Engine { dir: String, found: String },
    /// A field that must be the same in every shard is not.
    Differs {
        dir: String,
        what: &'static str,
        found: String,
        expected: String,
    },
    /// The indicator set differs from the one given to merge.
    IndicatorSet { dir: String },
    /// merge computes orders and summaries that data-derived weights would
    /// have changed; such a set cannot be sharded.
    DerivedWeights,
    /// Shard numbers: a repeat, a gap, or a count that is not the folders'.
    Shards {
        detail_zh: String,
        detail_en: String,
    },
    /// A district in two shards.
    DistrictTwice {
        district: String,
        first: String,
        second: String,
    },
    /// The same input file with other contents in two shards.
    InputDiffers { path: String },
    /// shard.json does not describe its results.json.
    Manifest { dir: String },
}

impl MergeError {
    pub fn message(&self, lang: Lang) -> String {
        use MergeError::*;
        match (self, lang) {
            (Read { path, detail }, Lang::Zh) => format!("无法读取 {path}：{detail}"),
            (Read { path, detail }, Lang::En) => format!("cannot read {path}: {detail}"),
            (NotShard { dir }, Lang::Zh) => format!(
                "{dir} 中没有 {MANIFEST}：不是 evaluate --shard i/n 的输出文件夹"
            ),
            (NotShard { dir }, Lang::En) => format!(
                "{dir} has no {MANIFEST}: not the output folder of evaluate --shard i/n"
            ),
            (Schema { dir, found }, Lang::Zh) => format!(
                "{dir}/results.json 的 schema_version 为 {}，本程序为 {SCHEMA_VERSION}",
                found.map_or("（无）".to_string(), |v| v.to_string())
            ),
            (Schema { dir, found }, Lang::En) => format!(
                "{dir}/results.json has schema_version {}, this program writes {SCHEMA_VERSION}",
                found.map_or("(none)".to_string(), |v| v.to_string())
            ),
            (Engine { dir, found }, Lang::Zh) => format!(
                "{dir} 由 partner-eval {found} 生成，本程序为 {}；请用同一版本运行各分片与合并",
                env!("CARGO_PKG_VERSION")
            ),
            (Engine { dir, found }, Lang::En) => format!(
                "{dir} was written by partner-eval {found}, this is {}; run every shard and the merge with one version",
                env!("CARGO_PKG_VERSION")
            ),
            (
                Differs {
                    dir,
                    what,
                    found,
                    expected,
                },
                Lang::Zh,
            ) => format!("{dir} 的 {what} 为 {found}，其他分片为 {expected}；各分片须用同样的输入与选项运行"),
            (
                Differs {
                    dir,
                    what,
                    found,
                    expected,
                },
                Lang::En,
            ) => format!("{dir} has {what} {found}, the other shards {expected}; run every shard on the same inputs and options"),
            (IndicatorSet { dir }, Lang::Zh) => format!(
                "{dir} 所用的指标体系（SHA-256 或文件路径）与本次 --indicators 不同；请给出各分片所用的同一文件"
            ),
            (IndicatorSet { dir }, Lang::En) => format!(
                "{dir} used another indicator set (SHA-256 or path) than this --indicators; give the file the shards used"
            ),
            (DerivedWeights, Lang::Zh) => {
                "该指标体系从数据推导权重（熵权法/CRITIC），权重取决于所有区，不能分片运行".to_string()
            }
            (DerivedWeights, Lang::En) => {
                "this indicator set derives weights from the data (entropy/CRITIC); they depend on every district, so it cannot be sharded".to_string()
            }
            (Shards { detail_zh, .. }, Lang::Zh) => detail_zh.clone(),
            (Shards { detail_en, .. }, Lang::En) => detail_en.clone(),
            (
                DistrictTwice {
                    district,
                    first,
                    second,
                },
                Lang::Zh,
            ) => format!("区「{district}」同时出现在 {first} 与 {second} 中"),
            (
                DistrictTwice {
                    district,
                    first,
                    second,
                },
                Lang::En,
            ) => format!("district \"{district}\" appears in both {first} and {second}"),
            (InputDiffers { path }, Lang::Zh) => {
                format!("输入文件 {path} 在各分片中的内容（SHA-256）不同；各分片须读取同样的文件")
            }
            (InputDiffers { path }, Lang::En) => format!(
                "input file {path} differs (SHA-256) between shards; every shard must read the same files"
            ),
            (Manifest { dir }, Lang::Zh) => {
                format!("{dir}/{MANIFEST} 与 results.json 的合伙人不一致（文件被改动或来自不同的运行）")
            }
            (Manifest { dir }, Lang::En) => format!(
                "{dir}/{MANIFEST} does not match the partners of results.json (edited, or from another run)"
            ),
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, MergeError> {
    let fail = |detail: String| MergeError::Read {
        path: path.display().to_string(),
        detail,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))
}

/// Reads a shard's results.json and shard.json.
pub fn read(dir: &Path) -> Result<ShardRun, MergeError> {
    let name = dir.display().to_string();
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.is_file() {
        return Err(MergeError::NotShard { dir: name });
    }
    let results_path = dir.join("results.json");
    let version: Version = read_json(&results_path)?;
    if version.schema_version != Some(SCHEMA_VERSION) {
        return Err(MergeError::Schema {
            dir: name,
            found: version.schema_version,
        });
    }
    let results: ResultsFile = read_json(&results_path)?;
    let manifest: Manifest = read_json(&manifest_path)?;
    Ok(ShardRun {
        dir: dir.to_path_buf(),
        results,
        manifest,
    })
}

/// Joins the shards into the evaluation one run over all districts makes:
/// partners in list order, the inputs' union sorted by path (the order a
/// single run reads them in), the summary recomputed. `set` must be the set
/// the shards used (checked against the recorded one).
pub fn merge(runs: Vec<ShardRun>, set: &IndicatorSet) -> Result<Evaluation, MergeError> {
    if set.weighting.objective.is_some() {
        return Err(MergeError::DerivedWeights);
    }
    let Some(first) = runs.first() else {
        return Err(MergeError::Shards {
            detail_zh: "没有给出分片文件夹".into(),
            detail_en: "no shard folders given".into(),
        });
    };
    let (period, date) = (first.results.period, first.results.evaluation_date);
    let info =
        score::evaluate(&Dataset::default(), set, &score::Options { period, date }).indicator_set;
    let info_json = serde_json::to_value(&info).map_err(|e| MergeError::Read {
        path: set.origin.clone(),
        detail: e.to_string(),
    })?;
    let all = first.manifest.all_districts.clone();
    let n = runs.len();
    let mut seen: BTreeMap<usize, String> = BTreeMap::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut inputs: BTreeMap<PathBuf, InputRow> = BTreeMap::new();
    let mut partners = Vec::new();
    for run in runs {
        let dir = run.dir.display().to_string();
        let (r, m) = (run.results, run.manifest);
        check_same(&dir, &r, &m, (period, date, &all))?;
        if r.indicator_set != info_json {
            return Err(MergeError::IndicatorSet { dir });
        }
        if m.of != n || !(1..=n).contains(&m.shard) {
            return Err(MergeError::Shards {
                detail_zh: format!(
                    "{dir} 是第 {}/{} 片，但给出了 {n} 个分片文件夹",
                    m.shard, m.of
                ),
                detail_en: format!(
                    "{dir} is shard {}/{}, but {n} shard folders were given",
                    m.shard, m.of
                ),
            });
        }
        if let Some(other) = seen.insert(m.shard, dir.clone()) {
            return Err(MergeError::Shards {
                detail_zh: format!("{other} 与 {dir} 都是第 {}/{n} 片", m.shard),
                detail_en: format!("{other} and {dir} are both shard {}/{n}", m.shard),
            });
        }
        let districts: BTreeSet<&str> = m
            .districts
            .iter()
            .map(String::as_str)
            .chain(r.partners.iter().map(|p| p.district.as_str()))
            .collect();
        for d in districts {
            if let Some(first) = owner.insert(d.to_string(), dir.clone()) {
                return Err(MergeError::DistrictTwice {
                    district: d.to_string(),
                    first,
                    second: dir,
                });
            }
        }
        for input in r.inputs {
            match inputs.get(Path::new(&input.path)) {
                Some(known) if *known != input => {
                    return Err(MergeError::InputDiffers { path: input.path });
                }
                Some(_) => {}
                None => {
                    inputs.insert(PathBuf::from(&input.path), input);
                }
            }
        }
        partners.extend(with_tie_break(&dir, r.partners, &m, set)?);
    }
    partners.sort_by(|a, b| score::order(set, a, b));
    Ok(Evaluation {
        schema_version: SCHEMA_VERSION,
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        period,
        evaluation_date: date,
        indicator_set: info,
        inputs: inputs
            .into_values()
            .map(|i| InputFile {
                path: i.path,
                bytes: i.bytes,
                sha256: i.sha256,
            })
            .collect(),
        summary: score::summary(&partners),
        partners,
    })
}

/// The fields every shard of one run shares.
fn check_same(
    dir: &str,
    r: &ResultsFile,
    m: &Manifest,
    (period, date, all): (Period, NaiveDate, &[String]),
) -> Result<(), MergeError> {
    if r.engine_version != env!("CARGO_PKG_VERSION") {
        return Err(MergeError::Engine {
            dir: dir.to_string(),
            found: r.engine_version.clone(),
        });
    }
    let differs = |what, found: String, expected: String| MergeError::Differs {
        dir: dir.to_string(),
        what,
        found,
        expected,
    };
    if r.period != period {
        return Err(differs("period", r.period.to_string(), period.to_string()));
    }
    if r.evaluation_date != date {
        return Err(differs(
            "evaluation_date",
            r.evaluation_date.to_string(),
            date.to_string(),
        ));
    }
    if m.assignment != ASSIGNMENT {
        return Err(differs(
            "assignment",
            m.assignment.clone(),
            ASSIGNMENT.to_string(),
        ));
    }
    if m.all_districts != all {
        return Err(differs(
            "all_districts",
            m.all_districts.join(", "),
            all.join(", "),
        ));
    }
    Ok(())
}

/// Puts the unrounded tie-break points of shard.json back into the
/// partners read from results.json.
fn with_tie_break(
    dir: &str,
    mut partners: Vec<PartnerResult>,
    m: &Manifest,
    set: &IndicatorSet,
) -> Result<Vec<PartnerResult>, MergeError> {
    let wrong = || MergeError::Manifest {
        dir: dir.to_string(),
    };
    if m.tie_break.len() != partners.len() {
        return Err(wrong());
    }
    for (p, t) in partners.iter_mut().zip(&m.tie_break) {
        if t.partner_id != p.partner_id || t.points.len() != set.ranking.tie_break.len() {
            return Err(wrong());
        }
        for (&i, &points) in set.ranking.tie_break.iter().zip(&t.points) {
            p.indicators.get_mut(i).ok_or_else(wrong)?.exact_points = points;
        }
    }
    Ok(partners)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_deal_districts_in_turn() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let all: Vec<String> = ["A", "B", "C", "D", "E"].map(String::from).to_vec();
        let shard = |i| Shard { index: i, count: 3 }.districts(&all);
        assert_eq!(shard(1), ["A", "D"]);
        assert_eq!(shard(2), ["B", "E"]);
        assert_eq!(shard(3), ["C"]);
    }
}
