//! Last period's results (`--previous`): year-over-year change, and the
//! decision rules that need history.
//!
//! Two rules of DOMAIN.md §3.6 look back one period: renewal after
//! rectification two years running means exit, and a yellow
//! over-commercialised flag after a yellow one turns red. The registry has
//! columns for last period's grade, decision and flag, but they are typed by
//! hand and drift; last period's own results.json or workbook is the record.
//!
//! 1. [`read`] takes either form into a [`Previous`].
//! 2. [`apply`] writes it into the registry's prior columns before scoring,
//!    so the rules see it; where the two disagree the file wins and the
//!    [`Applied`] report says so.
//! 3. [`attach`] puts last period's outcome and the change since into each
//!    partner's result after scoring; renderers read it from there.

mod apply;
mod attach;
mod error;
mod json;
mod table;
mod workbook;

pub use apply::{apply, Applied, Mismatch, PriorValue};
pub use attach::attach;
pub use error::{BadCell, HistoryError};

use std::path::Path;

use rust_decimal::Decimal;

use crate::ingest::Limits;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::value::Period;

/// Last period's results, as much of them as history needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The file, as given: messages name it.
    pub file: String,
    pub period: Period,
    /// In the file's order.
    pub partners: Vec<PreviousPartner>,
}

/// One partner's outcome last period.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousPartner {
    pub partner_id: String,
    pub total: Decimal,
    pub grade: Grade,
    pub decision: Decision,
    /// The highest flag level (the over-commercialised flag is the one with
    /// a level); none when no flag had one.
    pub flag: Option<WarningLevel>,
    /// District rank; none when unranked (a new partner then).
    pub rank: Option<usize>,
    /// Points per indicator id, in the file's order.
    pub indicator_points: Vec<(String, Decimal)>,
}

/// The files looked for when `--previous` names last period's output folder.
const IN_FOLDER: [&str; 3] = ["results.json", "评估结果.xlsx", "evaluation.xlsx"];

/// Reads last period's results.json or evaluation workbook (or the first of
/// them found in a folder). The content decides the kind; a workbook name
/// on other content is refused rather than read as JSON.
pub fn read(path: &Path, limits: &Limits) -> Result<Previous, HistoryError> {
    let path = if path.is_dir() {
        IN_FOLDER
            .iter()
            .map(|name| path.join(name))
            .find(|p| p.is_file())
            .ok_or_else(|| HistoryError::NothingInFolder {
                folder: path.display().to_string(),
            })?
    } else {
        path.to_path_buf()
    };
    let file = path.display().to_string();
    let io = |e: std::io::Error| {
        let (zh, en) = crate::lang::io_reason(&e);
        HistoryError::Io {
            file: file.clone(),
            zh,
            en,
        }
    };
    // Only a regular file is opened, and at most the limit read (see
    // `crate::files`).
    let size = crate::files::check_regular(&path).map_err(io)?.len();
    limits.file_size(size).map_err(|hit| HistoryError::Limit {
        file: file.clone(),
        hit,
    })?;
    let bytes = crate::files::read_regular(&path, limits.max_file_bytes).map_err(io)?;
    limits
        .file_size(bytes.len() as u64)
        .map_err(|hit| HistoryError::Limit {
            file: file.clone(),
            hit,
        })?;
    let (period, partners) = if workbook::is_workbook(&bytes) {
        workbook::read(&file, bytes, limits)?
    } else if workbook::named_like(&path) {
        return Err(HistoryError::NotAWorkbook { file });
    } else {
        json::read(&file, &bytes)?
    };
    no_duplicates(&file, &partners)?;
    Ok(Previous {
        file,
        period,
        partners,
    })
}

/// Each partner once: two rows for one partner would make its history a
/// matter of order.
fn no_duplicates(file: &str, partners: &[PreviousPartner]) -> Result<(), HistoryError> {
    let mut seen = std::collections::HashSet::new();
    match partners
        .iter()
        .find(|p| !seen.insert(p.partner_id.as_str()))
    {
        Some(p) => Err(HistoryError::Duplicate {
            file: file.to_string(),
            partner_id: p.partner_id.clone(),
        }),
        None => Ok(()),
    }
}

/// Reads the period text of either form.
fn period(file: &str, text: &str) -> Result<Period, HistoryError> {
    text.parse().map_err(|_| HistoryError::BadPeriod {
        file: file.to_string(),
        text: text.to_string(),
    })
}
