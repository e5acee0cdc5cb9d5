//! The evaluation workbook (评估结果.xlsx): what district staff filter, sort,
//! print and forward.
//!
//! Sheets, in order: 总览, 排名, 指标明细, 问题清单, 预警名单, 公益金对账,
//! 数据质量, 参数 (DOMAIN.md §1.5 (b)–(d)). Every number comes from the
//! scored [`Evaluation`]; this module only counts, sums and averages for
//! display. With `--split-by`, one more workbook per street or community
//! holds the same sheets restricted to that scope.

mod detail;
mod flags;
mod fund;
mod issues;
mod params;
mod quality;
mod ranking;
pub mod style;
mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::atomic::write_atomic;
use crate::indicators::IndicatorSet;
use crate::ingest::Loaded;
use crate::lang::Lang;
use crate::problem::Problem;
use crate::report::file_names::{safe_file_part, Names};
use crate::schema::enums::WarningLevel;
use crate::score::{Evaluation, EvidenceRow, PartnerResult};

/// What the workbook is made from.
pub struct Report<'a> {
    pub eval: &'a Evaluation,
    /// The set the evaluation used: its bands, rules and parameters are
    /// echoed in 参数 (the result carries dimensions and indicators only).
    pub set: &'a IndicatorSet,
    pub loaded: &'a Loaded,
    pub lang: Lang,
}

/// One workbook per street or per community, besides the district one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitBy {
    /// 街道 · one per street
    Street,
    /// 社区 · one per community
    Community,
}

/// The partners and problems one workbook covers.
pub struct Scope<'a> {
    /// 郫都区, or 郫都区 › 犀浦街道.
    pub label: String,
    /// In ranking order.
    pub partners: Vec<&'a PartnerResult>,
    /// The problems shown in 数据质量.
    pub problems: Vec<&'a Problem>,
    /// The input files whose sheets are counted in 数据质量 (None = all).
    pub files: Option<BTreeSet<String>>,
    /// The level the summary charts group by.
    pub group: SplitBy,
}

impl Scope<'_> {
    /// Chart group of a partner: its street, or its community.
    pub fn group_of(&self, p: &PartnerResult) -> String {
        match self.group {
            SplitBy::Street => p.street.clone(),
            SplitBy::Community => p.community.clone(),
        }
    }
}

/// The workbook's file name: 评估结果.xlsx, or 评估结果-犀浦街道.xlsx
/// (a scope's name as typed; [`write`] makes the names of one run unique
/// and short enough with [`Names`]).
pub fn file_name(lang: Lang, scope: Option<&str>) -> String {
    let base = lang.pick("评估结果", "evaluation");
    match scope {
        None => format!("{base}.xlsx"),
        Some(s) => format!("{base}-{}.xlsx", safe_file_part(s)),
    }
}

/// The file name of each scope's workbook, in order: [`file_name`], or,
/// for a street or community whose name makes one too long or the same as
/// another's, that name shortened with a hash of the scope's name.
pub fn split_file_names(lang: Lang, scopes: &[&str]) -> Vec<String> {
    let mut names = Names::new();
    names.name(file_name(lang, None).trim_end_matches(".xlsx"), "", ".xlsx");
    let base = lang.pick("评估结果", "evaluation");
    scopes
        .iter()
        .map(|s| names.name(&format!("{base}-{}", safe_file_part(s)), s, ".xlsx"))
        .collect()
}

/// Writes the district workbook into `dir`, and with `split` one workbook
/// per street or community; returns the paths written.
pub fn write(dir: &Path, r: &Report, split: Option<SplitBy>) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let all = district_scope(r);
    let path = dir.join(file_name(r.lang, None));
    let book = bytes(r, &all).map_err(std::io::Error::other)?;
    write_atomic(&path, &book).map_err(|e| naming(&path, e))?;
    written.push(path);
    if let Some(by) = split {
        let scopes = split_scopes(r, by);
        let keys: Vec<&str> = scopes.iter().map(|(k, _)| k.as_str()).collect();
        let files = split_file_names(r.lang, &keys);
        for ((_, scope), file) in scopes.iter().zip(files) {
            let path = dir.join(file);
            let book = bytes(r, scope).map_err(|e| naming(&path, std::io::Error::other(e)))?;
            write_atomic(&path, &book).map_err(|e| naming(&path, e))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// An I/O error that names the file it was about (and so the street or
/// community the file is named after).
fn naming(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The whole evaluation as one scope.
pub fn district_scope<'a>(r: &Report<'a>) -> Scope<'a> {
    let districts: BTreeSet<&str> = r
        .eval
        .partners
        .iter()
        .map(|p| p.district.as_str())
        .collect();
    Scope {
        label: districts.into_iter().collect::<Vec<_>>().join("、"),
        partners: r.eval.partners.iter().collect(),
        problems: r.loaded.problems.iter().collect(),
        files: None,
        group: SplitBy::Street,
    }
}

/// One scope per street or community, keyed by the file-name part.
///
/// 数据质量 of a scope lists the problems of every input file that holds a
/// registry row of one of its partners. Rejected rows cannot be tied to a
/// partner in general (the partner id may be the broken cell), but they can
/// be tied to the workbook the community keeps, and that is the workbook its
/// staff will correct. With one workbook per community this is exact; with
/// one workbook for the whole district every scope lists every problem.
pub fn split_scopes<'a>(r: &Report<'a>, by: SplitBy) -> Vec<(String, Scope<'a>)> {
    let ds = &r.loaded.dataset;
    let several_districts = r
        .eval
        .partners
        .iter()
        .any(|p| p.district != r.eval.partners[0].district);
    let key = |district: &str, street: &str, community: &str| -> Vec<String> {
        let mut k = Vec::new();
        if several_districts {
            k.push(district.to_string());
        }
        k.push(street.to_string());
        if by == SplitBy::Community {
            k.push(community.to_string());
        }
        k
    };
    let mut groups: BTreeMap<Vec<String>, Vec<&PartnerResult>> = BTreeMap::new();
    for p in &r.eval.partners {
        groups
            .entry(key(&p.district, &p.street, &p.community))
            .or_default()
            .push(p);
    }
    let mut files: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for p in &ds.partners {
        let file = ds.sheets[p.origin.sheet as usize].file.clone();
        files
            .entry(key(&p.district, &p.street, &p.community))
            .or_default()
            .insert(file);
    }
    groups
        .into_iter()
        .map(|(k, partners)| {
            let files = files.remove(&k).unwrap_or_default();
            let problems = r
                .loaded
                .problems
                .iter()
                .filter(|pr| files.contains(&pr.location.file))
                .collect();
            let first = partners[0];
            let mut label = format!("{} › {}", first.district, first.street);
            if by == SplitBy::Community {
                label += &format!(" › {}", first.community);
            }
            let scope = Scope {
                label,
                partners,
                problems,
                files: Some(files),
                group: SplitBy::Community,
            };
            (k.join("-"), scope)
        })
        .collect()
}

/// The workbook of one scope, as bytes.
pub fn bytes(r: &Report, scope: &Scope) -> Result<Vec<u8>, XlsxError> {
    check_set(r)?;
    let mut book = Workbook::new();
    // Same input, same bytes: the creation date is the evaluation date.
    let props = DocProperties::new()
        .set_title(
            r.lang
                .pick("社区合伙人评估结果", "Community partner evaluation"),
        )
        .set_subject(&scope.label)
        .set_author("partner-eval")
        .set_creation_datetime(&r.eval.evaluation_date);
    book.set_properties(&props);
    // Excel's own level: a third less time than the default (6), for a
    // file about a sixth larger.
    book.set_zip_compression_level(3);
    let st = style::Styles::new();
    summary::write(&mut book, &st, r, scope)?;
    ranking::write(&mut book, &st, r, scope)?;
    detail::write(&mut book, &st, r, scope)?;
    issues::write(&mut book, &st, r, scope)?;
    flags::write(&mut book, &st, r, scope)?;
    fund::write(&mut book, &st, r, scope)?;
    quality::write(&mut book, &st, r, scope)?;
    params::write(&mut book, &st, r)?;
    book.save_to_buffer()
}

/// A sheet for one of the large tables, named `name`. Its rows go to a
/// temporary file as they are written (see [`style::fill`]), so that a
/// city's workbook does not hold every cell in memory until it is saved.
fn table_sheet<'b>(book: &'b mut Workbook, name: &str) -> Result<&'b mut Worksheet, XlsxError> {
    let ws = book.add_worksheet_with_low_memory()?;
    ws.set_name(name)?;
    Ok(ws)
}

/// The set passed in must be the one the evaluation used.
fn check_set(r: &Report) -> Result<(), XlsxError> {
    let info = &r.eval.indicator_set;
    let same = info.sha256 == crate::ingest::sha256_hex(r.set.text.as_bytes())
        && info.indicators.len() == r.set.indicators.len();
    if same {
        Ok(())
    } else {
        Err(XlsxError::ParameterError(
            "the indicator set is not the one the evaluation used".into(),
        ))
    }
}

/// Sheet names, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "总览",
            "排名",
            "指标明细",
            "问题清单",
            "预警名单",
            "公益金对账",
            "数据质量",
            "参数",
        ],
        Lang::En => [
            "Summary",
            "Ranking",
            "Indicators",
            "Rectification",
            "Flags",
            "Fund",
            "Data quality",
            "Parameters",
        ],
    }
}

/// 黄牌 / 红牌.
fn level_label(level: WarningLevel, lang: Lang) -> &'static str {
    match level {
        WarningLevel::Yellow => lang.pick("黄牌", "yellow"),
        WarningLevel::Red => lang.pick("红牌", "red"),
    }
}

/// Flag ids with their level: `FL1 红牌、FL4`.
fn flags_text(p: &PartnerResult, lang: Lang) -> String {
    p.flags
        .iter()
        .map(|f| match crate::report::flag_level(f, lang) {
            Some(l) => format!("{} {l}", f.id),
            None => f.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

/// How many evidence ids a cell lists before "and n more".
const EVIDENCE_SHOWN: usize = 10;

/// Evidence ids: `FW-1、FW-2 …（共 14 条）`.
fn evidence_ids(rows: &[EvidenceRow], lang: Lang) -> String {
    let ids: Vec<&str> = rows
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| e.id.as_str())
        .collect();
    let mut s = ids.join(lang.pick("、", ", "));
    if rows.len() > EVIDENCE_SHOWN {
        s += &match lang {
            Lang::Zh => format!(" …（共 {} 条）", rows.len()),
            Lang::En => format!(" … ({} in all)", rows.len()),
        };
    }
    s
}

/// Where the evidence is: the first row's place, and how many more.
fn evidence_place(rows: &[EvidenceRow], lang: Lang) -> String {
    let Some(first) = rows.first() else {
        return String::new();
    };
    let mut s = row_place(&first.location, lang);
    if rows.len() > 1 {
        s += &match lang {
            Lang::Zh => format!(" 等 {} 处", rows.len()),
            Lang::En => format!(" and {} more", rows.len() - 1),
        };
    }
    s
}

/// `file › sheet › 第 12 行`: the row, without the column.
fn row_place(l: &crate::problem::Location, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} › {} › 第 {} 行", l.file, l.sheet, l.row),
        Lang::En => format!("{} › {} › row {}", l.file, l.sheet, l.row),
    }
}

/// The partner columns most tables start with.
fn partner_cells(p: &PartnerResult) -> [style::V<'_>; 4] {
    use style::t;
    [t(&p.partner_id), t(&p.name), t(&p.street), t(&p.community)]
}

/// Headers of [`partner_cells`].
fn partner_headers(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => ["合伙人编号", "合伙人名称", "街道", "社区"],
        Lang::En => ["Partner ID", "Partner", "Street", "Community"],
    }
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// `&[&str]` to owned headers.
fn headers(titles: &[&str]) -> Vec<String> {
    titles.iter().map(|s| s.to_string()).collect()
}
