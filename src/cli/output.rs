//! The output folder of `evaluate` and `merge`: never overwritten silently,
//! written through a staging folder, and left as it was on Ctrl-C.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{EXIT_INTERRUPTED, EXIT_UNUSABLE};
use crate::atomic::Staging;
use crate::lang::Lang;

/// Output options shared by the commands that write reports.
#[derive(Args)]
pub struct OutputArgs {
    /// 输出文件夹 · Output folder
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: std::path::PathBuf,
    /// 覆盖输出文件夹中已有的评估结果；上次运行写出、本次未重写的结果文件会被删除 · Overwrite the results already in the output folder; result files of an earlier run that this run does not rewrite are removed
    #[arg(long)]
    pub force: bool,
    /// 输出格式，可用逗号分隔或重复给出；results.json 与 results.csv 总是写出 · Output formats, comma-separated or repeated; results.json and results.csv are always written
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values = ["xlsx", "pdf"],
        value_name = "FORMAT"
    )]
    pub format: Vec<OutputFormat>,
    /// 另按街道或社区各写一个工作簿（区级工作簿照常写出）· Also write one workbook per street or community (besides the district one)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub split_by: Option<crate::report::xlsx::SplitBy>,
    /// PDF 报告模板文件夹（编辑过的 report-templates 副本；缺少的文件用内置模板）· Folder of edited report templates (missing files fall back to the built-in ones)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<std::path::PathBuf>,
    /// 评估机构名称，印在 PDF 报告封面并作为文档作者 · The evaluating body, printed on the PDF cover and set as the document author
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
}

/// What `evaluate` writes besides results.json and results.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// 评估结果.xlsx · the evaluation workbook
    Xlsx,
    /// 仅 results.json / results.csv · results.json and results.csv only
    Json,
    /// 每个合伙人一份 PDF 评估报告，另加区级报告 · one PDF report per partner plus the district report
    Pdf,
}

impl OutputArgs {
    pub fn has(&self, format: OutputFormat) -> bool {
        self.format.contains(&format)
    }

    /// Refuses option combinations and an output folder that already holds
    /// results (unless `--force`), before any work is done.
    pub fn check(&self, lang: Lang) -> Result<(), u8> {
        if self.split_by.is_some() && !self.has(OutputFormat::Xlsx) {
            eprintln!(
                "{}",
                lang.pick(
                    "错误：--split-by 需要 --format xlsx",
                    "error: --split-by needs --format xlsx"
                )
            );
            return Err(EXIT_UNUSABLE);
        }
        let found = existing_outputs(&self.out);
        if self.force || found.is_empty() {
            return Ok(());
        }
        let (out, list) = (self.out.display(), found.join(lang.pick("、", ", ")));
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "错误：输出文件夹 {out} 中已有评估结果（{list}），未覆盖；如要覆盖请加 --force，或用 --out 指定另一个文件夹"
                ),
                Lang::En => format!(
                    "error: the output folder {out} already holds results ({list}); not overwritten. Add --force to overwrite them, or give another --out"
                ),
            }
        );
        Err(EXIT_UNUSABLE)
    }
}

/// The names in `out` that a run of partner-eval writes, sorted.
pub fn existing_outputs(out: &Path) -> Vec<String> {
    const FIXED: &[&str] = &[
        "results.json",
        "results.csv",
        crate::shard::MANIFEST,
        "评估结果.xlsx",
        "evaluation.xlsx",
        "区级评估报告.pdf",
        "district-report.pdf",
        "报告",
        "reports",
    ];
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            FIXED.contains(&name.as_str())
                || crate::ingest::is_output_workbook(name)
                || ((name.starts_with("区级评估报告-") || name.starts_with("district-report-"))
                    && name.ends_with(".pdf"))
        })
        .collect();
    found.sort();
    found
}

/// Opens the staging folder in `out` and makes Ctrl-C remove it and exit
/// with [`EXIT_INTERRUPTED`], leaving `out` as it was before the run.
pub fn begin(out: &Path, lang: Lang) -> Result<Staging, u8> {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(|| {
        let installed = ctrlc::set_handler(move || {
            crate::atomic::abandon();
            eprintln!(
                "\n{}",
                lang.pick(
                    "已中断：本次运行未写出任何文件，输出文件夹保持原样。",
                    "interrupted: this run wrote nothing; the output folder is as it was."
                )
            );
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        });
        if let Err(e) = installed {
            eprintln!(
                "{}{e}",
                lang.pick(
                    "警告：无法接管 Ctrl-C，中断时可能留下临时文件夹：",
                    "warning: cannot handle Ctrl-C; an interrupt may leave the staging folder behind: "
                )
            );
        }
    });
    Staging::begin(out).map_err(|e| cannot_write(out, &e, lang))
}

/// Puts the staged files in place, then removes what an earlier run left in
/// `out` that this run did not rewrite, so that after `--force` the folder
/// holds one run's results and not a mix of two: the report of a partner who
/// has left the registry, an earlier run's workbook beside a json-only run's
/// results, the Chinese reports of a run now made with `--lang en`. The new
/// files are in place before anything is removed, so an interruption between
/// the two steps loses nothing of this run.
pub fn commit(staging: Staging, out: &Path, lang: Lang) -> Result<(), u8> {
    let placed = staging.commit().map_err(|e| cannot_write(out, &e, lang))?;
    let placed: HashSet<PathBuf> = placed.into_iter().collect();
    let removed = remove_stale(out, &placed).map_err(|e| cannot_write(out, &e, lang))?;
    if !removed.is_empty() {
        const SHOWN: usize = 5;
        let mut names: Vec<String> = removed
            .iter()
            .take(SHOWN)
            .map(|p| p.strip_prefix(out).unwrap_or(p).display().to_string())
            .collect();
        if removed.len() > SHOWN {
            names.push("…".into());
        }
        let (n, list) = (removed.len(), names.join(lang.pick("、", ", ")));
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("已删除上次运行留下、本次未重写的 {n} 个文件：{list}"),
                Lang::En => format!(
                    "removed {n} file(s) an earlier run left and this run did not rewrite: {list}"
                ),
            }
        );
    }
    Ok(())
}

/// Deletes, in `out`, every output of partner-eval ([`existing_outputs`])
/// that is not in `placed`; in the partner-report folder only PDF files, and
/// the folder itself once empty. Symbolic links are removed, never followed.
/// Returns the removed paths, sorted.
fn remove_stale(out: &Path, placed: &HashSet<PathBuf>) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for name in existing_outputs(out) {
        let path = out.join(&name);
        if !std::fs::symlink_metadata(&path)?.is_dir() {
            if !placed.contains(&path) {
                std::fs::remove_file(&path)?;
                removed.push(path);
            }
            continue;
        }
        let mut stale: Vec<PathBuf> = std::fs::read_dir(&path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        stale.retain(|p| {
            p.extension().is_some_and(|x| x == "pdf")
                && !p.symlink_metadata().is_ok_and(|m| m.is_dir())
                && !placed.contains(p)
        });
        stale.sort();
        for p in stale {
            std::fs::remove_file(&p)?;
            removed.push(p);
        }
        // Left in place while it holds anything else.
        let _ = std::fs::remove_dir(&path);
    }
    Ok(removed)
}

/// Prints that `out` cannot be written; the exit code.
pub fn cannot_write(out: &Path, e: &dyn std::fmt::Display, lang: Lang) -> u8 {
    eprintln!(
        "{}{}: {e}",
        lang.pick("错误：无法写入 ", "error: cannot write "),
        out.display()
    );
    EXIT_UNUSABLE
}
