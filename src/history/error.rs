//! Why a previous-period file cannot be used.
//!
//! A wrong history is worse than none: it can turn a renewal into an exit.
//! So every doubt about the file stops the run with a message that names
//! the file (and, for a workbook, the sheet, row and column) in the user's
//! language, and says what was expected.

use crate::ingest::limits::Hit;
use crate::lang::Lang;
use crate::value::Period;

/// What is wrong with the `--previous` file.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryError {
    /// The file or folder cannot be read; the system's explanation.
    Io {
        file: String,
        /// The reason in Chinese and English ([`crate::lang::io_reason`]).
        zh: String,
        en: String,
    },
    /// A limit on inputs was passed (file size, unpacked size).
    Limit { file: String, hit: Hit },
    /// A folder without results.json or the evaluation workbook.
    NothingInFolder { folder: String },
    /// Named like a workbook, but the content is not one.
    NotAWorkbook { file: String },
    /// Not valid JSON; where the parser stopped.
    NotJson {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    /// JSON, but not a results.json (no `schema_version`).
    NotResults { file: String },
    /// A results.json of another layout version.
    SchemaVersion {
        file: String,
        found: u64,
        expected: u32,
    },
    /// A results.json with a field missing or of the wrong type.
    BadJson {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    /// The period is not a year, quarter or month.
    BadPeriod { file: String, text: String },
    /// The same partner twice.
    Duplicate { file: String, partner_id: String },
    /// The previous period does not end before the current one starts.
    NotEarlier {
        file: String,
        previous: Period,
        current: Period,
    },
    /// The workbook cannot be opened; the library's explanation.
    Workbook { file: String, detail: String },
    /// None of the sheet names the evaluation workbook uses.
    MissingSheet {
        file: String,
        zh: &'static str,
        en: &'static str,
    },
    /// A sheet without the header row the evaluation workbook writes.
    NoHeader { file: String, sheet: String },
    /// A column the history needs is not in the header row.
    MissingColumn {
        file: String,
        sheet: String,
        row: u32,
        zh: &'static str,
        en: &'static str,
    },
    /// A cell that cannot be read as what its column holds.
    BadCell(Box<BadCell>),
    /// The summary sheet does not give the period.
    MissingPeriod { file: String, sheet: String },
}

/// Where an unreadable workbook cell is, what it holds and what it should.
#[derive(Debug, Clone, PartialEq)]
pub struct BadCell {
    pub file: String,
    pub sheet: String,
    /// As the spreadsheet shows it (1-based).
    pub row: u32,
    pub column: String,
    pub header: String,
    pub value: String,
    pub expected_zh: String,
    pub expected_en: String,
}

impl HistoryError {
    /// The message, prefixed by what it is about.
    pub fn message(&self, lang: Lang) -> String {
        let prefix = lang.pick("上期评估结果 ", "previous results ");
        format!("{prefix}{}", self.body(lang == Lang::Zh))
    }

    fn body(&self, zh: bool) -> String {
        match self {
            HistoryError::Io {
                file,
                zh: reason_zh,
                en: reason_en,
            } => {
                if zh {
                    format!("{file}：无法读取：{reason_zh}")
                } else {
                    format!("{file}: cannot be read: {reason_en}")
                }
            }
            HistoryError::Limit { file, hit } => {
                let lang = if zh { Lang::Zh } else { Lang::En };
                let (name, found, max) = (
                    hit.limit.name(lang),
                    hit.limit.amount(hit.found, lang),
                    hit.limit.amount(hit.max, lang),
                );
                let option = hit.limit.option();
                if zh {
                    format!("{file}：{name} {found}，超过上限 {max}（可用 {option} 调整）")
                } else {
                    format!("{file}: {name} {found} is above the limit of {max} (raise it with {option})")
                }
            }
            HistoryError::NothingInFolder { folder } => {
                if zh {
                    format!("{folder}：文件夹中没有 results.json、评估结果.xlsx 或 evaluation.xlsx")
                } else {
                    format!("{folder}: the folder holds no results.json, 评估结果.xlsx or evaluation.xlsx")
                }
            }
            HistoryError::NotAWorkbook { file } => {
                if zh {
                    format!("{file}：扩展名是工作簿，内容却不是 xlsx/xls/ods 文件")
                } else {
                    format!("{file}: named like a workbook, but the content is not an xlsx/xls/ods file")
                }
            }
            HistoryError::NotJson {
                file,
                line,
                column,
                detail,
            } => {
                if zh {
                    format!("{file}：不是有效的 JSON（第 {line} 行第 {column} 列）：{detail}")
                } else {
                    format!("{file}: not valid JSON (line {line}, column {column}): {detail}")
                }
            }
            HistoryError::NotResults { file } => {
                if zh {
                    format!("{file}：不是 partner-eval 写出的 results.json（缺少 schema_version）")
                } else {
                    format!(
                        "{file}: not a results.json written by partner-eval (no schema_version)"
                    )
                }
            }
            HistoryError::SchemaVersion {
                file,
                found,
                expected,
            } => {
                if zh {
                    format!("{file}：schema_version 为 {found}，本版本只能读取 {expected}；请用相应版本的 partner-eval 重新评估上期")
                } else {
                    format!("{file}: schema_version is {found}, this version reads {expected} only; re-run last period with a matching partner-eval")
                }
            }
            HistoryError::BadJson {
                file,
                line,
                column,
                detail,
            } => {
                if zh {
                    format!(
                        "{file}：第 {line} 行第 {column} 列内容不符合 results.json 格式：{detail}"
                    )
                } else {
                    format!("{file}: line {line}, column {column} does not fit the results.json layout: {detail}")
                }
            }
            HistoryError::BadPeriod { file, text } => {
                if zh {
                    format!("{file}：评估期间「{text}」无法识别（应为 2024、2024Q3 或 2024-07）")
                } else {
                    format!("{file}: period \"{text}\" is not a year, quarter or month (2024, 2024Q3, 2024-07)")
                }
            }
            HistoryError::Duplicate { file, partner_id } => {
                if zh {
                    format!("{file}：合伙人编号 {partner_id} 出现了不止一次")
                } else {
                    format!("{file}: partner id {partner_id} appears more than once")
                }
            }
            HistoryError::NotEarlier {
                file,
                previous,
                current,
            } => {
                if zh {
                    format!(
                        "{file}：其评估期间 {previous} 并不早于本期 {current}；请给出上一期的结果"
                    )
                } else {
                    format!("{file}: its period {previous} is not before this period {current}; give last period's results")
                }
            }
            HistoryError::Workbook { file, detail } => {
                if zh {
                    format!("{file}：无法打开工作簿：{detail}")
                } else {
                    format!("{file}: cannot open the workbook: {detail}")
                }
            }
            HistoryError::MissingSheet { file, zh: z, en } => {
                if zh {
                    format!("{file}：没有「{z}」或「{en}」工作表；应为 partner-eval 写出的评估结果工作簿")
                } else {
                    format!("{file}: no sheet \"{z}\" or \"{en}\"; expected an evaluation workbook written by partner-eval")
                }
            }
            HistoryError::NoHeader { file, sheet } => {
                if zh {
                    format!("{file} › {sheet}：找不到含「合伙人编号」的表头行")
                } else {
                    format!("{file} › {sheet}: no header row with \"Partner ID\" (合伙人编号)")
                }
            }
            HistoryError::MissingColumn {
                file,
                sheet,
                row,
                zh: z,
                en,
            } => {
                if zh {
                    format!("{file} › {sheet} › 第 {row} 行：表头中缺少「{z}」列")
                } else {
                    format!(
                        "{file} › {sheet} › row {row}: the header lacks the column \"{en}\" ({z})"
                    )
                }
            }
            HistoryError::BadCell(cell) => {
                let BadCell {
                    file,
                    sheet,
                    row,
                    column,
                    header,
                    value,
                    expected_zh,
                    expected_en,
                } = cell.as_ref();
                if zh {
                    format!("{file} › {sheet} › 第 {row} 行 › {column} 列「{header}」：「{value}」无法识别，应为{expected_zh}")
                } else {
                    format!("{file} › {sheet} › row {row} › column {column} \"{header}\": \"{value}\" cannot be read, expected {expected_en}")
                }
            }
            HistoryError::MissingPeriod { file, sheet } => {
                if zh {
                    format!("{file} › {sheet}：找不到「评估期间」")
                } else {
                    format!("{file} › {sheet}: no \"Period\" (评估期间) entry")
                }
            }
        }
    }
}
