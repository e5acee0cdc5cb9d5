//! The command line: `partner-eval <command> …`.
//!
//! Exit codes are the same for every command:
//! 0 = done, no data problems; 1 = done, but rows were rejected;
//! 2 = the input cannot be used or the command line is wrong;
//! 130 = interrupted (Ctrl-C) while writing reports, nothing changed.

mod evaluate;
mod indicators;
mod merge;
mod output;
mod progress;
mod samples;
mod summary;
mod template;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::ingest::limits;
use crate::lang::Lang;

/// Exit code: finished, nothing rejected.
pub const EXIT_OK: u8 = 0;
/// Exit code: finished, some rows rejected (listed).
pub const EXIT_DATA_PROBLEMS: u8 = 1;
/// Exit code: unusable input or wrong usage; nothing was produced.
pub const EXIT_UNUSABLE: u8 = 2;
/// Exit code: interrupted (SIGINT, Ctrl-C); the output folder is as it was
/// (128 + SIGINT, what shells report for a process killed by Ctrl-C).
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "partner-eval",
    version,
    about = "评估社区合伙人，生成续约/整改/退出评估报告 · Evaluates community partners from their workbooks",
    after_help = "退出码 Exit codes: 0 = 完成，无数据问题 done, clean; 1 = 完成，但有被拒绝的行 done, rows rejected; 2 = 输入无法使用或命令有误 unusable input or usage error; 130 = 被中断（Ctrl-C），输出文件夹保持原样 interrupted, output folder unchanged"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 评估合伙人：打分、定级、决策、排名，写出结果 · Evaluate partners: scores, grades, decisions, rankings
    #[command(after_help = "示例 Examples:
  partner-eval evaluate samples/
  partner-eval evaluate 犀浦街道/ --indicators 我区指标.toml --out 评估结果 --period 2025
  partner-eval evaluate samples/ --lang en
  partner-eval evaluate samples/ --out out --force
  partner-eval evaluate 全市/ --shard 2/3 --out shard-2")]
    Evaluate(evaluate::EvaluateArgs),
    /// 合并 evaluate --shard 各分片的结果，得到全部区的结果与报告 · Merge the shards of `evaluate --shard i/n` into one run's results and reports
    #[command(after_help = "示例 Examples:
  partner-eval merge shard-1 shard-2 shard-3 --out 全市结果
  partner-eval merge shard-* --out merged --format json")]
    Merge(merge::MergeArgs),
    /// 说明一个合伙人的得分来历 · Show how one partner's result came about, indicator by indicator
    #[command(after_help = "示例 Examples:
  partner-eval explain samples/ --partner PD-XP01-006
  partner-eval explain samples/ --partner PD-PT02-007 --lang en")]
    Explain(evaluate::ExplainArgs),
    /// 指标体系文件：检查或输出默认 · Indicator set files: check one, or print the default
    #[command(subcommand)]
    Indicators(indicators::IndicatorsCommand),
    /// 检查输入工作簿并列出问题 · Check input workbooks and list every problem
    #[command(after_help = "示例 Examples:
  partner-eval validate samples/
  partner-eval validate 犀浦街道/*.xlsx --issues 问题清单.csv
  partner-eval validate data.xlsx --lang en --issues issues.json")]
    Validate(validate::ValidateArgs),
    /// 生成样例或基准测试数据 · Generate sample or benchmark data
    #[command(after_help = "示例 Examples:
  partner-eval samples --scale small --out samples
  partner-eval samples --scale district --out /tmp/district --seed 7
  partner-eval samples --scale city --out /data/city")]
    Samples(samples::SamplesArgs),
    /// 生成空白台账模板（带下拉列表与填表说明）· Write the blank input workbook, with dropdowns and instructions
    #[command(after_help = "示例 Examples:
  partner-eval template --out 台账模板.xlsx
  partner-eval template --out 台账模板-示例.xlsx --example
  partner-eval template --lang en --out template.xlsx")]
    Template(template::TemplateArgs),
}

/// Options every command shares.
#[derive(Args)]
pub struct Common {
    /// 工作簿、CSV 文件或文件夹 · Workbooks, CSV files or folders of them
    #[arg(required = true, value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,
    /// 输出语言 · Language of messages and reports
    #[arg(long, value_enum, default_value = "zh", env = "PARTNER_EVAL_LANG")]
    pub lang: Lang,
    /// 只输出各表计数、汇总与错误，不列提示和警告 · Print counts, the summary and errors; no notes or warnings
    #[arg(long, short)]
    pub quiet: bool,
    /// 单个输入文件的大小上限（MB）· Largest input file, in MB
    #[arg(long, value_name = "MB", default_value_t = limits::DEFAULT_FILE_MB, help_heading = LIMITS)]
    pub max_file_mb: u64,
    /// xlsx/ods 解压后的总大小上限（MB，防压缩炸弹）· Largest unpacked size of an xlsx/ods, in MB (zip bombs)
    #[arg(long, value_name = "MB", default_value_t = limits::DEFAULT_UNZIPPED_MB, help_heading = LIMITS)]
    pub max_unzipped_mb: u64,
    /// 每个工作表的非空行数上限 · Most non-blank rows in one sheet
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_ROWS, help_heading = LIMITS)]
    pub max_rows: u64,
    /// 每个工作表的单元格数上限（每行计到最后一个非空单元格）· Most cells in one sheet, each row counted up to its last value
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_CELLS, help_heading = LIMITS)]
    pub max_cells: u64,
    /// 单元格文字长度上限（字符，Excel 本身上限为 32767）· Longest text in one cell, in characters (Excel's own limit is 32767)
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_CELL_CHARS, help_heading = LIMITS)]
    pub max_cell_chars: u64,
}

/// Help heading of the input limits.
const LIMITS: &str = "输入限制 Input limits";

impl Common {
    /// The input limits given on the command line.
    pub fn limits(&self) -> crate::ingest::Limits {
        crate::ingest::Limits::from_options(
            self.max_file_mb,
            self.max_unzipped_mb,
            self.max_rows,
            self.max_cells,
            self.max_cell_chars,
        )
    }

    /// Loads the inputs with these limits, on all cores.
    pub fn load(&self) -> Result<crate::ingest::Loaded, Vec<crate::ingest::Fatal>> {
        self.load_with_progress(&|_, _| {})
    }

    /// [`Common::load`], calling `progress(files read, files)`.
    pub fn load_with_progress(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<crate::ingest::Loaded, Vec<crate::ingest::Fatal>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        crate::ingest::load_with_progress(&self.inputs, threads, &self.limits(), progress)
    }
}

/// 1 when a row was rejected, else 0: the same for every command.
fn exit_code(loaded: &crate::ingest::Loaded) -> u8 {
    let rejected = loaded
        .problems
        .iter()
        .any(|p| p.severity == crate::problem::Severity::Error);
    if rejected {
        EXIT_DATA_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Explain(args) => evaluate::explain(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Indicators(cmd) => indicators::run(&cmd),
        Command::Validate(args) => validate::run(&args),
        Command::Samples(args) => samples::run(&args),
        Command::Template(args) => template::run(&args),
    };
    ExitCode::from(code)
}
