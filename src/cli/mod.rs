//! The command line: `partner-eval <command> …`.
//!
//! Exit codes are the same for every command:
//! 0 = done, no data problems; 1 = done, but rows were rejected;
//! 2 = the input cannot be used or the command line is wrong.

mod summary;
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
    /// 检查输入工作簿并列出问题 · Check input workbooks and list every problem
    #[command(after_help = "示例 Examples:
  partner-eval validate samples/
  partner-eval validate 犀浦街道/*.xlsx --issues 问题清单.csv
  partner-eval validate data.xlsx --lang en --issues issues.json")]
    Validate(validate::ValidateArgs),
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
    /// 只输出汇总与错误 · Print only the summary and errors
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate(args) => validate::run(&args),
    };
    ExitCode::from(code)
}
