//! What a run prints on the terminal: counts per sheet, then the problems.

use crate::ingest::{Fatal, Loaded, Note};
use crate::lang::Lang;
use crate::problem::Severity;

/// Problems printed on the terminal before pointing to `--issues`.
const SHOWN_PROBLEMS: usize = 200;

/// Prints the reasons a run stopped, to standard error.
pub fn print_fatals(fatals: &[Fatal], lang: Lang) {
    for f in fatals {
        eprintln!("{}{}", lang.pick("错误：", "error: "), f.message(lang));
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
            Lang::En => format!("read {} files, {} sheets", files.len(), ds.sheets.len()),
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

fn print_notes(notes: &[Note], lang: Lang) {
    for note in notes {
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
                "problems: {errors} errors (those rows are not evaluated), {warnings} warnings"
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
