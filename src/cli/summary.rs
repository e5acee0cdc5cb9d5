//! What a run prints on the terminal: counts per sheet, then the problems.

use crate::ingest::{Fatal, Loaded, Note};
use crate::lang::{count, Lang};
use crate::problem::Severity;
use crate::report::terminal::escape_lines;

/// Problems printed on the terminal before pointing to `--issues`.
const SHOWN_PROBLEMS: usize = 200;

/// Prints the reasons a run stopped, to standard error.
pub fn print_fatals(fatals: &[Fatal], lang: Lang) {
    for f in fatals {
        // A file name from the user's folder may hold control characters.
        let message = f.message(lang);
        eprintln!(
            "{}{}",
            lang.pick("错误：", "error: "),
            escape_lines(&message)
        );
    }
    eprintln!(
        "{}",
        lang.pick(
            "输入无法使用，未生成任何结果。",
            "The input cannot be used; nothing was produced."
        )
    );
}

/// Prints the per-sheet counts, notes and problems of a load.
pub fn print_load(loaded: &Loaded, lang: Lang, quiet: bool) {
    let ds = &loaded.dataset;
    let mut files: Vec<&str> = ds.sheets.iter().map(|s| s.file.as_str()).collect();
    files.dedup();
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已读取 {} 个文件、{} 个工作表",
                files.len(),
                ds.sheets.len()
            ),
            Lang::En => format!(
                "read {}, {}",
                count(files.len() as u64, "file"),
                count(ds.sheets.len() as u64, "sheet")
            ),
        }
    );
    println!(
        "{} {} {}  {}",
        pad(lang.pick("读取", "read")),
        pad(lang.pick("接受", "accepted")),
        pad(lang.pick("拒绝", "rejected")),
        lang.pick("文件 › 工作表（类型）", "file › sheet (kind)")
    );
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    for s in &ds.sheets {
        let c = s.counts;
        (read, accepted, rejected) = (read + c.read, accepted + c.accepted, rejected + c.rejected);
        println!(
            "{:>8} {:>8} {:>8}  {} › {} ({})",
            c.read,
            c.accepted,
            c.rejected,
            s.file,
            s.sheet,
            s.spec().title(lang)
        );
    }
    println!(
        "{read:>8} {accepted:>8} {rejected:>8}  {}",
        lang.pick("合计", "total")
    );
    if !quiet {
        print_notes(&loaded.notes, lang);
        for file in &loaded.macros_ignored {
            println!("{}", crate::ingest::macros_note(file, lang));
        }
    }
    print_problems(loaded, lang, quiet);
}

/// Right-aligns a column title in 8 terminal cells; CJK characters take two.
fn pad(title: &str) -> String {
    let width: usize = title
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    format!("{}{title}", " ".repeat(8usize.saturating_sub(width)))
}

/// Whether a note is about a file or sheet partner-eval itself writes
/// beside the data and knows not to be input: the 填表说明 (Instructions)
/// sheet of its template and sample workbooks, a folder's README, and the
/// samples' manifests (profiles.csv, planted-errors.csv). Saying each of
/// them was "skipped" buried a first run's real errors under a screen of
/// notes; they stay in the load's notes, only the terminal leaves them out.
fn is_own_file(note: &Note) -> bool {
    let name = |path: &str| {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        name.to_lowercase()
    };
    match note {
        Note::IgnoredSheet { file, sheet } => {
            matches!(sheet.as_str(), "填表说明" | "Instructions")
                || matches!(name(file).as_str(), "profiles.csv" | "planted-errors.csv")
        }
        Note::SkippedFile { path } => {
            let name = name(path);
            name == "readme" || name.starts_with("readme.")
        }
        Note::IgnoredColumns { .. } | Note::SkippedOutput { .. } => false,
    }
}

fn print_notes(notes: &[Note], lang: Lang) {
    for note in notes.iter().filter(|n| !is_own_file(n)) {
        let line = match (note, lang) {
            (Note::IgnoredSheet { file, sheet }, Lang::Zh) => {
                format!("{file} › {sheet}：不是已知的工作表，已跳过")
            }
            (Note::IgnoredSheet { file, sheet }, Lang::En) => {
                format!("{file} › {sheet}: not a known sheet, skipped")
            }
            (
                Note::IgnoredColumns {
                    file,
                    sheet,
                    headers,
                },
                Lang::Zh,
            ) => {
                format!("{file} › {sheet}：未使用的列：{}", headers.join("、"))
            }
            (
                Note::IgnoredColumns {
                    file,
                    sheet,
                    headers,
                },
                Lang::En,
            ) => {
                format!("{file} › {sheet}: columns not used: {}", headers.join(", "))
            }
            (Note::SkippedFile { path }, Lang::Zh) => format!("{path}：不是工作簿，已跳过"),
            (Note::SkippedFile { path }, Lang::En) => format!("{path}: not a workbook, skipped"),
            (Note::SkippedOutput { path }, Lang::Zh) => {
                format!("{path}：partner-eval 上次写出的评估结果，不作为输入读取")
            }
            (Note::SkippedOutput { path }, Lang::En) => {
                format!("{path}: results partner-eval wrote earlier, not read as input")
            }
        };
        println!("{}{line}", lang.pick("提示：", "note: "));
    }
}

fn print_problems(loaded: &Loaded, lang: Lang, quiet: bool) {
    let problems = &loaded.problems;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("问题：错误 {errors} 条（相应行未计入评估），警告 {warnings} 条"),
            Lang::En => format!(
                "problems: {} (those rows are not evaluated), {}",
                count(errors as u64, "error"),
                count(warnings as u64, "warning")
            ),
        }
    );
    let shown = problems
        .iter()
        .filter(|p| !quiet || p.severity == Severity::Error)
        .take(SHOWN_PROBLEMS);
    for p in shown {
        println!("{}", p.line(lang));
    }
    if problems.len() > SHOWN_PROBLEMS {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "……另有 {} 条未显示；用 --issues 文件.csv 导出全部",
                    problems.len() - SHOWN_PROBLEMS
                ),
                Lang::En => format!(
                    "… {} more not shown; use --issues FILE.csv to export all",
                    problems.len() - SHOWN_PROBLEMS
                ),
            }
        );
    }
}

/// What a finished command did, for its verdict.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// `evaluate`, `merge`: results were written.
    Evaluated,
    /// `validate`: the inputs were only checked.
    Checked,
}

/// The last line of a command that finished (exit code 0 or 1): the outcome
/// in words and what the exit code means. The problems and the "已写入"
/// lines come before it, so that a clerk who reads only the last line
/// still learns that rows were rejected. `loaded` is `None` when the inputs
/// were not read (a merge of results alone).
pub fn print_verdict(loaded: Option<&Loaded>, code: u8, done: Done, lang: Lang, quiet: bool) {
    println!("{}", verdict(loaded, code, done, lang, quiet));
}

fn verdict(loaded: Option<&Loaded>, code: u8, done: Done, lang: Lang, quiet: bool) -> String {
    let head = match (done, lang) {
        (Done::Evaluated, Lang::Zh) => "完成：",
        (Done::Checked, Lang::Zh) => "检查完成：",
        (Done::Evaluated, Lang::En) => "done: ",
        (Done::Checked, Lang::En) => "checked: ",
    };
    let Some(loaded) = loaded else {
        return match lang {
            Lang::Zh => format!("{head}退出码 {code}"),
            Lang::En => format!("{head}exit code {code}"),
        };
    };
    let errors = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = loaded.problems.len() - errors;
    let rows: u64 = loaded
        .dataset
        .sheets
        .iter()
        .map(|s| s.counts.rejected)
        .sum();
    // Warnings are listed above unless --quiet left them out.
    let warned = match (warnings, lang, quiet) {
        (0, _, _) => String::new(),
        (n, Lang::Zh, false) => format!("，另有 {n} 条警告（见上方）"),
        (n, Lang::Zh, true) => format!("，另有 {n} 条警告（去掉 --quiet 可查看）"),
        (n, Lang::En, false) => format!(", {} (above)", count(n as u64, "warning")),
        (n, Lang::En, true) => format!(", {} (shown without --quiet)", count(n as u64, "warning")),
    };
    match (errors, lang, done) {
        (0, Lang::Zh, _) => format!("{head}没有被拒绝的行{warned}，退出码 {code}"),
        (0, Lang::En, _) => format!("{head}no rows rejected{warned}, exit code {code}"),
        (_, Lang::Zh, Done::Evaluated) if rows > 0 => {
            format!("{head}{rows} 行数据被拒绝（未计入评估），详见上方{warned}，退出码 {code}")
        }
        (_, Lang::Zh, Done::Checked) if rows > 0 => {
            format!("{head}{rows} 行数据有错误（评估时不计入），详见上方{warned}，退出码 {code}")
        }
        (n, Lang::Zh, _) => format!("{head}错误 {n} 条，详见上方{warned}，退出码 {code}"),
        (_, Lang::En, Done::Evaluated) if rows > 0 => format!(
            "{head}{} rejected (not evaluated), listed above{warned}, exit code {code}",
            count(rows, "row")
        ),
        (_, Lang::En, Done::Checked) if rows > 0 => format!(
            "{head}{} with errors (not evaluated), listed above{warned}, exit code {code}",
            count(rows, "row")
        ),
        (n, Lang::En, _) => format!(
            "{head}{}, listed above{warned}, exit code {code}",
            count(n as u64, "error")
        ),
    }
}
