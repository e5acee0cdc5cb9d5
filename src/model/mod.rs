//! The validated input data: one typed record per accepted spreadsheet row.
//!
//! Every record carries its [`Origin`], so any number computed from it can be
//! traced back to the row of the user's own workbook. Money is
//! [`Decimal`] from the cell onwards, never a float.

mod derived;
mod records;
mod text;

pub use derived::to_fen;

pub use records::*;
pub use text::{Id, Interner, Text};

use serde::Serialize;

use crate::problem::Location;
use crate::schema::{SheetKind, SheetSpec};

/// Where a record came from: a sheet of the run and a row in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// Index into [`Dataset::sheets`].
    pub sheet: u32,
    /// Row number as the spreadsheet shows it.
    pub row: u32,
}

/// One column of a loaded sheet, as it was found.
#[derive(Debug, Clone, Serialize)]
pub struct FoundColumn {
    /// Index into the sheet spec's columns.
    #[serde(skip)]
    pub spec: usize,
    /// Column index in the file (0 = A).
    #[serde(skip)]
    pub index: usize,
    /// Stable key of the column.
    pub key: &'static str,
    /// Column letter in the file.
    pub letter: String,
    /// The header as typed.
    pub header: String,
}

/// Rows of one sheet, counted: read = accepted + rejected, always.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
}

/// A sheet that was loaded, with the columns it had.
#[derive(Debug, Clone, Serialize)]
pub struct LoadedSheet {
    pub file: String,
    pub sheet: String,
    pub kind: SheetKind,
    /// Row of the header, as the spreadsheet shows it.
    pub header_row: u32,
    pub columns: Vec<FoundColumn>,
    pub counts: RowCounts,
}

impl LoadedSheet {
    /// The location of a cell of this sheet, by column key; a row-level
    /// location when the column is absent or `key` is empty.
    pub fn location(&self, row: u32, key: &str) -> Location {
        let col = self.columns.iter().find(|c| c.key == key);
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column: col.map(|c| c.letter.clone()).unwrap_or_default(),
            header: col.map(|c| c.header.clone()).unwrap_or_default(),
        }
    }

    /// True when the sheet has this column.
    pub fn has(&self, key: &str) -> bool {
        self.columns.iter().any(|c| c.key == key)
    }

    pub fn spec(&self) -> &'static SheetSpec {
        SheetSpec::of(self.kind)
    }
}

/// All accepted records of a run, merged from every input file.
#[derive(Debug, Default, Serialize)]
pub struct Dataset {
    pub sheets: Vec<LoadedSheet>,
    pub partners: Vec<Partner>,
    pub services: Vec<ServiceRecord>,
    pub fund_payments: Vec<FundPayment>,
    pub financials: Vec<Financial>,
    pub survey_responses: Vec<SurveyResponse>,
    pub survey_totals: Vec<SurveyTotal>,
    pub complaints: Vec<Complaint>,
    pub spaces: Vec<Space>,
    pub space_usage: Vec<SpaceUse>,
    pub rectifications: Vec<Rectification>,
    pub market_prices: Vec<MarketPrice>,
    pub volunteering: Vec<Volunteering>,
}

impl Dataset {
    /// Frees the record tables once every partner is scored, keeping the
    /// sheets and the registry that the reports still read (which file
    /// holds which partner). The scored result carries everything else the
    /// reports print; a city's service rows alone take a gigabyte, which the
    /// workbook and the PDFs would otherwise be written beside.
    pub fn drop_records(&mut self) {
        *self = Dataset {
            sheets: std::mem::take(&mut self.sheets),
            partners: std::mem::take(&mut self.partners),
            ..Dataset::default()
        };
    }

    /// The location of a record's cell.
    pub fn location(&self, origin: Origin, key: &str) -> Location {
        self.sheets[origin.sheet as usize].location(origin.row, key)
    }
}
