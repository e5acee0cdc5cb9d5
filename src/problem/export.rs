//! Writes the problem list to a file people can filter (`--issues FILE`).

use std::path::Path;

use serde::Serialize;

use super::Problem;
use crate::atomic::write_atomic;
use crate::lang::Lang;

/// The format of an issues file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuesFormat {
    Csv,
    Json,
}

impl IssuesFormat {
    /// `.csv` or `.json`; anything else is refused.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    message: String,
}

/// Writes `problems` to `path` atomically, with messages in `lang`.
pub fn write_issues(
    path: &Path,
    format: IssuesFormat,
    problems: &[Problem],
    lang: Lang,
) -> std::io::Result<()> {
    let bytes = match format {
        IssuesFormat::Json => {
            let rows: Vec<_> = problems
                .iter()
                .map(|problem| JsonProblem {
                    problem,
                    message: problem.message(lang),
                })
                .collect();
            serde_json::to_vec_pretty(&rows).map_err(std::io::Error::other)?
        }
        IssuesFormat::Csv => csv_bytes(problems, lang)?,
    };
    write_atomic(path, &bytes)
}

fn csv_bytes(problems: &[Problem], lang: Lang) -> std::io::Result<Vec<u8>> {
    // A UTF-8 BOM lets Excel on Chinese Windows open the file without mojibake.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header = match lang {
            Lang::Zh => [
                "级别",
                "文件",
                "工作表",
                "行",
                "列",
                "表头",
                "单元格值",
                "代码",
                "说明",
            ],
            Lang::En => [
                "severity", "file", "sheet", "row", "column", "header", "value", "code", "message",
            ],
        };
        w.write_record(header)?;
        for p in problems {
            let l = &p.location;
            w.write_record([
                p.severity.label(lang).to_string(),
                inert(&l.file),
                inert(&l.sheet),
                l.row.to_string(),
                l.column.clone(),
                inert(&l.header),
                inert(&p.value),
                p.code().to_string(),
                inert(&p.message(lang)),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Keeps text from becoming a formula when the CSV is opened in a spreadsheet.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
