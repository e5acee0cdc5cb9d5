//! Problems that stop a run: nothing trustworthy can be computed past them.

use serde::Serialize;

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
    /// The file could not be opened or read (damaged, encrypted, …).
    Unreadable { path: String, detail: String },
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
    /// The sheet kind a refused sheet was recognised as, if any: such a
    /// sheet is not reported missing a second time.
    pub fn refused_kind(&self) -> Option<SheetKind> {
        match self {
            Fatal::MissingColumns { kind, .. } | Fatal::NoHeader { kind, .. } => Some(*kind),
            _ => None,
        }
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
            Fatal::Unreadable { path, detail } => {
                if zh {
                    format!("{path}：无法打开（文件可能已损坏或设有密码）：{detail}")
                } else {
                    format!("{path}: cannot be opened (damaged or password-protected?): {detail}")
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
                if zh {
                    format!(
                        "所有输入文件中都没有必需的工作表「{wanted}」{hint}\n  找到的工作表：{}",
                        found.join(" | ")
                    )
                } else {
                    format!("none of the inputs has the required sheet \"{wanted}\"{hint}\n  sheets found: {}", found.join(" | "))
                }
            }
        }
    }
}
