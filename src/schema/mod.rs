//! What partner-eval expects to find in a workbook: the sheets of the input
//! data model (DOMAIN.md §2), their columns, and the spellings people use.
//!
//! The schema is data, not code: the loader matches sheet names and headers
//! against these tables, and the error messages quote them.

pub mod enums;
mod sheets;
pub mod vocab;

pub use sheets::SHEETS;

use serde::Serialize;

use crate::lang::Lang;
use crate::value::ValueType;

/// The kinds of sheet in the input data model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    Partners,
    Services,
    FundPayments,
    Financials,
    SurveyResponses,
    SurveyTotals,
    Complaints,
    Spaces,
    SpaceUsage,
    Rectifications,
    MarketPrices,
    Volunteering,
}

/// Whether a column must be present in its sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The sheet is refused without this column.
    Required,
    /// Needed by some rows only (e.g. 计提比例 when the basis is revenue);
    /// checked row by row.
    Conditional,
    /// Used when present.
    Optional,
}

/// Whether a sheet must be present among all the inputs of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetNeed {
    Required,
    /// Required together with another sheet kind: either may be given.
    EitherOf(SheetKind),
    /// Required when some partner's data calls for it.
    Conditional,
    Optional,
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Stable English key, as used in results.json.
    pub key: &'static str,
    /// The Chinese header of the blank template.
    pub zh: &'static str,
    /// The English header.
    pub en: &'static str,
    /// Other spellings seen in real workbooks.
    pub aliases: &'static [&'static str],
    pub ty: ValueType,
    pub need: Need,
}

impl ColumnSpec {
    /// The header in the user's language.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// One sheet of the data model.
#[derive(Debug)]
pub struct SheetSpec {
    pub kind: SheetKind,
    pub zh: &'static str,
    pub en: &'static str,
    pub aliases: &'static [&'static str],
    pub need: SheetNeed,
    pub columns: &'static [ColumnSpec],
}

impl SheetSpec {
    /// The spec of a sheet kind.
    pub fn of(kind: SheetKind) -> &'static SheetSpec {
        SHEETS
            .iter()
            .find(|s| s.kind == kind)
            .expect("every SheetKind has a spec in SHEETS")
    }

    /// The sheet's name in the user's language.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// Index of a column by key.
    ///
    /// Keys are compile-time constants of this crate, so a wrong key is a bug,
    /// caught by the tests that load every sheet.
    pub fn index(&self, key: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("column {key} is not in sheet {}", self.en))
    }
}
