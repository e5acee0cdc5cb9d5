//! Problems that stop a run: nothing trustworthy can be computed past them.

use serde::Serialize;

use super::limits::{Hit, Limit};
use super::reader::OpenError;
use crate::lang::Lang;
use crate::schema::{SheetKind, SheetSpec};

/// A required column that was not found, with the nearest header present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingColumn {
    pub expected_zh: &'static str,
    pub expected_en: &'static str,
    pub closest: Option<String>,
}

/// Why the input cannot be used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Fatal {
    /// No input file was given or found.
    NoInputs { searched: Vec<String> },
    /// A path given on the command line does not exist.
    NotFound { path: String },
    /// A file given explicitly is not a spreadsheet partner-eval reads.
    Unsupported { path: String },
    /// The file could not be opened as a workbook: damaged or cut short.
    Unreadable { path: String, detail: String },
    /// The operating system would not let the file be read (no permission,
    /// a folder by that name, a disk error), with the reason in both
    /// languages ([`crate::lang::io_reason`]).
    Io {
        path: String,
        zh: String,
        en: String,
    },
    /// The file has 0 bytes.
    EmptyFile { path: String },
    /// The workbook is encrypted with a password; calamine cannot read it.
    Encrypted { path: String },
    /// The content is not a workbook (text or HTML under a spreadsheet name).
    NotASpreadsheet { path: String, text: bool },
    /// A CSV with lines in different encodings (UTF-8 and GBK).
    MixedEncoding {
        path: String,
        utf8_line: u32,
        other_line: u32,
    },
    /// A limit on the input was passed (file size, unpacked size, rows,
    /// cells, characters in a cell); `sheet`, `row` and `column` say where
    /// when it is known.
    LimitExceeded {
        path: String,
        sheet: Option<String>,
        row: Option<u32>,
        column: Option<String>,
        limit: Limit,
        found: u64,
        max: u64,
    },
    /// A recognised sheet lacks required columns.
    MissingColumns {
        kind: SheetKind,
        file: String,
        sheet: String,
        header_row: u32,
        found: Vec<String>,
        missing: Vec<MissingColumn>,
    },
    /// A sheet named like a known sheet has no recognisable header row.
    NoHeader {
        file: String,
        sheet: String,
        kind: SheetKind,
    },
    /// A required sheet is in none of the inputs.
    MissingSheet {
        kind: SheetKind,
        alternative: Option<SheetKind>,
        found: Vec<String>,
        closest: Option<String>,
    },
}

impl Fatal {
    /// A limit passed in `file`, at a sheet and a row (and column) if known.
    pub(crate) fn limit(
        file: &str,
        sheet: Option<&str>,
        at: Option<(u32, Option<String>)>,
        hit: Hit,
    ) -> Fatal {
        let (row, column) = match at {
            Some((row, column)) => (Some(row), column),
            None => (None, None),
        };
        Fatal::LimitExceeded {
            path: file.to_string(),
            sheet: sheet.map(str::to_string),
            row,
            column,
            limit: hit.limit,
            found: hit.found,
            max: hit.max,
        }
    }

    /// Why a file or one of its sheets could not be opened.
    pub(crate) fn open(file: &str, sheet: Option<&str>, error: OpenError) -> Fatal {
        let path = file.to_string();
        match error {
            OpenError::Empty => Fatal::EmptyFile { path },
            OpenError::Encrypted => Fatal::Encrypted { path },
            OpenError::NotASpreadsheet { text } => Fatal::NotASpreadsheet { path, text },
            OpenError::MixedEncoding { utf8, other } => Fatal::MixedEncoding {
                path,
                utf8_line: utf8,
                other_line: other,
            },
            OpenError::Limit(hit) => Fatal::limit(file, sheet, None, hit),
            OpenError::Damaged(detail) => Fatal::Unreadable {
                path,
                detail: match sheet {
                    Some(sheet) => format!("{sheet}: {detail}"),
                    None => detail,
                },
            },
        }
    }

    /// The sheet kind a refused sheet was recognised as, if any: such a
    /// sheet is not reported missing a second time.
    pub fn refused_kind(&self) -> Option<SheetKind> {
        match self {
            Fatal::MissingColumns { kind, .. } | Fatal::NoHeader { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// True when a whole file (or a whole sheet of it) could not be read,
    /// so nothing can be said about which sheets the inputs hold.
    pub fn is_whole_file(&self) -> bool {
        matches!(
            self,
            Fatal::Unreadable { .. }
                | Fatal::Io { .. }
                | Fatal::EmptyFile { .. }
                | Fatal::Encrypted { .. }
                | Fatal::NotASpreadsheet { .. }
                | Fatal::MixedEncoding { .. }
                | Fatal::LimitExceeded { .. }
        )
    }

    /// The explanation in the user's language, possibly over several lines.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Fatal::NoInputs { searched } => {
                if zh {
                    format!(
                        "没有找到可读取的工作簿（xlsx/xlsm/xls/ods/csv）：{}",
                        searched.join("、")
                    )
                } else {
                    format!(
                        "no workbook (xlsx/xlsm/xls/ods/csv) found in: {}",
                        searched.join(", ")
                    )
                }
            }
            Fatal::NotFound { path } => {
                if zh {
                    format!("{path}：文件或文件夹不存在")
                } else {
                    format!("{path}: no such file or folder")
                }
            }
            Fatal::Unsupported { path } => {
                if zh {
                    format!("{path}：不支持的文件类型，请另存为 xlsx、xls、ods 或 csv")
                } else {
                    format!("{path}: unsupported file type; save it as xlsx, xls, ods or csv")
                }
            }
            // The library's reason stays as it is (in English): it is for
            // whoever repairs the file, after the sentence for the user.
            Fatal::Unreadable { path, detail } => {
                if zh {
                    format!("{path}：无法打开：文件已损坏或不完整（复制、下载或保存可能中断了）；请从原处重新获取，或在 Excel/WPS 中打开后另存为 .xlsx（技术细节：{detail}）")
                } else {
                    format!("{path}: cannot be opened: the file is damaged or incomplete (a copy, download or save may have been cut short); fetch it again, or open it in Excel/WPS and save it as .xlsx (technical detail: {detail})")
                }
            }
            Fatal::Io {
                path,
                zh: reason_zh,
                en: reason_en,
            } => {
                if zh {
                    format!("{path}：无法读取文件：{reason_zh}")
                } else {
                    format!("{path}: cannot read the file: {reason_en}")
                }
            }
            Fatal::EmptyFile { path } => {
                if zh {
                    format!("{path}：文件为空（0 字节），可能复制或下载未完成")
                } else {
                    format!("{path}: the file is empty (0 bytes); was it copied or downloaded completely?")
                }
            }
            Fatal::Encrypted { path } => {
                if zh {
                    format!("{path}：工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存")
                } else {
                    format!("{path}: the workbook is encrypted with a password and cannot be read; remove the password in Excel/WPS and save it again")
                }
            }
            Fatal::NotASpreadsheet { path, text } => match (zh, text) {
                (true, true) => format!(
                    "{path}：文件内容不是 Excel/ODS 工作簿，而是文本（可能是改了扩展名的 CSV 或网页）；如是 CSV 请将扩展名改为 .csv，否则请在 Excel/WPS 中另存为 xlsx"
                ),
                (true, false) => format!(
                    "{path}：文件内容不是 Excel/ODS 工作簿；请在 Excel/WPS 中另存为 xlsx"
                ),
                (false, true) => format!(
                    "{path}: the content is not an Excel/ODS workbook but text (a CSV or web page renamed?); if it is a CSV, name it .csv, otherwise save it as xlsx in Excel/WPS"
                ),
                (false, false) => format!(
                    "{path}: the content is not an Excel/ODS workbook; save it as xlsx in Excel/WPS"
                ),
            },
            Fatal::MixedEncoding {
                path,
                utf8_line,
                other_line,
            } => {
                if zh {
                    format!("{path}：CSV 文件混用了不同的文字编码（第 {utf8_line} 行是 UTF-8，第 {other_line} 行不是，可能是 GBK），无法可靠读取；请用 Excel/WPS 打开后统一另存为 CSV UTF-8")
                } else {
                    format!("{path}: the CSV mixes text encodings (line {utf8_line} is UTF-8, line {other_line} is not, probably GBK) and cannot be read reliably; open it in Excel/WPS and save it again as CSV UTF-8")
                }
            }
            Fatal::LimitExceeded {
                path,
                sheet,
                row,
                column,
                limit,
                found,
                max,
            } => {
                let mut place = path.clone();
                if let Some(sheet) = sheet {
                    place += &format!(" › {sheet}");
                }
                match (row, zh) {
                    (Some(r), true) => place += &format!(" › 第 {r} 行"),
                    (Some(r), false) => place += &format!(" › row {r}"),
                    (None, _) => {}
                }
                match (column, zh) {
                    (Some(c), true) => place += &format!(" › {c} 列"),
                    (Some(c), false) => place += &format!(" › column {c}"),
                    (None, _) => {}
                }
                let (name, found, max, option) = (
                    limit.name(lang),
                    limit.amount(*found, lang),
                    limit.amount(*max, lang),
                    limit.option(),
                );
                if zh {
                    format!(
                        "{place}：超出限制「{name}」：{found}，上限 {max}；文件未读取。如确属正常数据，可用 {option} 调高上限"
                    )
                } else {
                    format!(
                        "{place}: over the limit on {name}: {found}, at most {max}; the file was not read. If the data is genuine, raise the limit with {option}"
                    )
                }
            }
            Fatal::MissingColumns {
                file,
                sheet,
                header_row,
                found,
                missing,
                ..
            } => {
                let list = missing
                    .iter()
                    .map(|m| {
                        let name = lang.pick(m.expected_zh, m.expected_en);
                        match (&m.closest, zh) {
                            (Some(c), true) => format!("「{name}」（最接近的表头：「{c}」）"),
                            (Some(c), false) => format!("\"{name}\" (closest header: \"{c}\")"),
                            (None, true) => format!("「{name}」"),
                            (None, false) => format!("\"{name}\""),
                        }
                    })
                    .collect::<Vec<_>>();
                if zh {
                    format!(
                        "{file} › {sheet}：第 {header_row} 行的表头缺少必填列 {}\n  找到的表头：{}",
                        list.join("、"),
                        found.join(" | ")
                    )
                } else {
                    format!(
                        "{file} › {sheet}: the header in row {header_row} lacks the required column(s) {}\n  headers found: {}",
                        list.join(", "),
                        found.join(" | ")
                    )
                }
            }
            Fatal::NoHeader { file, sheet, kind } => {
                let spec = SheetSpec::of(*kind);
                let first: Vec<_> = spec.columns.iter().take(4).map(|c| c.title(lang)).collect();
                if zh {
                    format!(
                        "{file} › {sheet}：工作表名像「{}」，但前 30 行中没有找到表头行（应包含 {} 等列）",
                        spec.zh,
                        first.join("、")
                    )
                } else {
                    format!(
                        "{file} › {sheet}: named like \"{}\" but no header row in the first 30 rows (expected columns such as {})",
                        spec.en,
                        first.join(", ")
                    )
                }
            }
            Fatal::MissingSheet {
                kind,
                alternative,
                found,
                closest,
            } => {
                let name = SheetSpec::of(*kind).title(lang);
                let wanted = match alternative {
                    Some(alt) => format!(
                        "{name} {} {}",
                        lang.pick("或", "or"),
                        SheetSpec::of(*alt).title(lang)
                    ),
                    None => name.to_string(),
                };
                let hint = match (closest, zh) {
                    (Some(c), true) => format!("；最接近的工作表：「{c}」"),
                    (Some(c), false) => format!("; closest sheet: \"{c}\""),
                    (None, _) => String::new(),
                };
                let found = match (found.is_empty(), zh) {
                    (false, _) => found.join(" | "),
                    (true, true) => "无——读取的文件中没有任何带表头的数据表（文件或工作表是空的？）".into(),
                    (true, false) => {
                        "none: no sheet with a header row in the files read (are they empty?)".into()
                    }
                };
                if zh {
                    format!("所有输入文件中都没有必需的工作表「{wanted}」{hint}\n  找到的工作表：{found}")
                } else {
                    format!("none of the inputs has the required sheet \"{wanted}\"{hint}\n  sheets found: {found}")
                }
            }
        }
    }
}
