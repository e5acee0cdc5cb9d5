//! The command line: `partner-eval <command> …`.
//!
//! Exit codes are the same for every command:
//! 0 = done, no data problems; 1 = done, but rows were rejected;
//! 2 = the input cannot be used or the command line is wrong.

mod evaluate;
mod indicators;
mod samples;
mod summary;
mod template;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::lang::Lang;

/// Exit code: finished, nothing rejected.
pub const EXIT_OK: u8 = 0;
/// Exit code: finished, some rows rejected (listed).
pub const EXIT_DATA_PROBLEMS: u8 = 1;
/// Exit code: unusable input or wrong usage; nothing was produced.
pub const EXIT_UNUSABLE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "partner-eval",
    version,
    about = "评估社区合伙人，生成续约/整改/退出评估报告 · Evaluates community partners from their workbooks",
    after_help = "退出码 Exit codes: 0 = 完成，无数据问题 done, clean; 1 = 完成，但有被拒绝的行 done, rows rejected; 2 = 输入无法使用或命令有误 unusable input or usage error"
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
  partner-eval evaluate samples/ --lang en")]
    Evaluate(evaluate::EvaluateArgs),
    /// 说明一个合伙人的得分来历 · Show how one partner's result came about, indicator by indicator
    #[command(after_help = "示例 Examples:
  partner-eval explain samples/ --partner PD-XP-001")]
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
        Command::Indicators(cmd) => indicators::run(&cmd),
        Command::Validate(args) => validate::run(&args),
        Command::Samples(args) => samples::run(&args),
        Command::Template(args) => template::run(&args),
    };
    ExitCode::from(code)
}
