//! Problems found in the input, each tied to the cell a person can open.
//!
//! Nothing is dropped silently: every rejected row and every suspicious value
//! becomes a [`Problem`] that names the file, sheet, row (as the spreadsheet
//! shows it), column letter and header, the value found and what was expected.

pub mod export;
mod message;

pub use export::{write_issues, IssuesFormat};

use serde::Serialize;

use crate::lang::Lang;
use crate::value::{ValueError, ValueType};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row was accepted but looks wrong; it is scored as it stands.
    Warning,
    /// The row was rejected and is excluded from scoring.
    Error,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Error => lang.pick("错误", "error"),
        }
    }
}

/// Where a problem is, down to the cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub sheet: String,
    /// Row number as the spreadsheet shows it (1-based; for CSV the row a
    /// spreadsheet shows for the record: header line = row 1).
    pub row: u32,
    /// Column letter (`A`, `B`, … `AA`), empty when the problem is the row.
    pub column: String,
    /// The header as typed in the file, empty when the problem is the row.
    pub header: String,
}

impl Location {
    /// `file › sheet › row 12 › column F「单价」`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut s = format!("{} › {} › ", self.file, self.sheet);
        s += &match lang {
            Lang::Zh => format!("第 {} 行", self.row),
            Lang::En => format!("row {}", self.row),
        };
        if !self.column.is_empty() {
            s += &match lang {
                Lang::Zh => format!(" › {} 列「{}」", self.column, self.header),
                Lang::En => format!(" › column {} \"{}\"", self.column, self.header),
            };
        }
        s
    }
}

/// What is wrong. Each variant renders in Chinese and English in `message.rs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Issue {
    /// A value that cannot be read as its column's type.
    BadValue {
        expected: ValueType,
        #[serde(skip)]
        error: ValueError,
    },
    /// A value outside a closed list.
    UnknownChoice {
        allowed_zh: String,
        allowed_en: String,
    },
    /// A required cell left blank.
    Missing,
    /// A cell required because of another value in the row.
    MissingBecause {
        reason_zh: String,
        reason_en: String,
    },
    /// Money or a count below zero.
    Negative,
    /// A survey score outside 1–5.
    ScoreOutOfRange,
    /// The same id twice; the first place is named.
    DuplicateId { first: Location },
    /// The same partner registered twice with different data.
    ConflictingPartner {
        first: Location,
        fields: Vec<String>,
    },
    /// The same partner registered twice with identical data: merged.
    RepeatedPartner { first: Location },
    /// A partner id that is not in any registry.
    UnknownPartner { id: String },
    /// A space id that is not in the space register.
    UnknownSpace { id: String },
    /// Special-group participants above all participants.
    VulnerableAboveParticipants { vulnerable: i64, participants: i64 },
    /// Activity outside the partner's agreement.
    OutsideAgreement { start: String, end: String },
    /// 公益 with a price, or a priced mode at zero.
    PriceModeMismatch { free: bool },
    /// A low-cost row with no market reference price anywhere.
    NoMarketReference,
    /// Paid far above due (DOMAIN.md §2.11: paid ≤ 3 × due).
    PaidFarAboveDue { paid: String, due: String },
    /// An end date before its start date.
    EndBeforeStart { start: String },
    /// Counts of the five answer levels above the valid total.
    SurveyCountsExceedValid { sum: i64, valid: i64 },
    /// Unit price × participants beyond the bound of an amount (1e15).
    AmountOutOfRange { participants: i64 },
    /// Declared profit differs from revenue − cost.
    ProfitMismatch { expected: String },
    /// Volunteer hours not in half-hour units.
    NotHalfHours,
    /// A blank amount read as zero (nothing paid).
    BlankAsZero,
    /// An identity number stored as a number: Excel keeps 15 significant
    /// digits, so the last ones of an 18-digit number were turned into 0.
    DigitsLost,
    /// An identity number typed into free text or a name: masked in every
    /// output (the quoted value is the masked text).
    IdNumberInText,
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    /// The value as found (already shortened and masked where needed).
    pub value: String,
    #[serde(flatten)]
    pub issue: Issue,
}

impl Problem {
    /// Stable code of the issue, e.g. `bad_value`.
    pub fn code(&self) -> &'static str {
        message::code(&self.issue)
    }

    /// The explanation in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        message::render(&self.issue, &self.value, lang)
    }

    /// One line for the terminal: `错误 file › sheet › 第 3 行 › F 列「单价」: …`,
    /// control characters from the input (a cell, a file or sheet name)
    /// escaped so that they cannot drive the terminal.
    pub fn line(&self, lang: Lang) -> String {
        let line = format!(
            "{}: {}: {}",
            self.severity.label(lang),
            self.location.describe(lang),
            self.message(lang)
        );
        crate::report::terminal::escape(&line).into_owned()
    }
}

/// Shortens a quoted value so that a 1 MB cell cannot flood a report.
pub fn quote(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}…")
    }
}
