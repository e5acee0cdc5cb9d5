//! `partner-eval indicators check|default`.

use std::path::PathBuf;

use clap::Subcommand;

use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::indicators::{FileError, IndicatorSet, DEFAULT_TOML};
use crate::lang::Lang;

#[derive(Subcommand)]
pub enum IndicatorsCommand {
    /// 检查指标体系文件 · Check an indicator set file and list every mistake with its line and column
    Check {
        /// 指标体系文件 · The file to check
        file: PathBuf,
        #[arg(long, value_enum, default_value = "zh", env = "PARTNER_EVAL_LANG")]
        lang: Lang,
    },
    /// 输出内置默认指标体系，便于复制修改 · Print the built-in default set, to copy and edit
    Default,
}

pub fn run(cmd: &IndicatorsCommand) -> u8 {
    match cmd {
        IndicatorsCommand::Default => {
            print!("{DEFAULT_TOML}");
            EXIT_OK
        }
        IndicatorsCommand::Check { file, lang } => match IndicatorSet::from_file(file) {
            Ok(set) => {
                let lang = *lang;
                match lang {
                    Lang::Zh => println!(
                        "{}：检查通过（{} 个维度、{} 个指标，总分 {}）",
                        file.display(),
                        set.dimensions.len(),
                        set.indicators.len(),
                        set.total
                    ),
                    Lang::En => println!(
                        "{}: OK ({} dimensions, {} indicators, total {})",
                        file.display(),
                        set.dimensions.len(),
                        set.indicators.len(),
                        set.total
                    ),
                }
                EXIT_OK
            }
            Err(e) => {
                // Mistakes print as a compiler prints them (`file:line:col:`);
                // a file that cannot be read, as an error of the command.
                let prefix = match e {
                    FileError::Io { .. } => lang.pick("错误：", "error: "),
                    FileError::Set(_) => "",
                };
                for m in e.messages(*lang) {
                    eprintln!("{prefix}{m}");
                }
                EXIT_UNUSABLE
            }
        },
    }
}
