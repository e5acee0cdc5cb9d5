//! `partner-eval indicators check|default`.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::indicators::{IndicatorSet, SetError, DEFAULT_TOML};
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

/// Why an indicator set file could not be used.
pub(super) enum ReadError {
    /// The file itself cannot be read: the whole message, `错误：…` included.
    Io(String),
    /// Mistakes in it, each with its line and column.
    Set(Vec<SetError>),
}

/// Reads and checks an indicator set file. A file that cannot be read is
/// named with the reason in the user's language (`文件不存在`), not with a
/// line and column it does not have.
pub(super) fn read_set(path: &Path, lang: Lang) -> Result<IndicatorSet, ReadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            ErrorKind::NotFound => lang.pick("文件不存在", "no such file").to_string(),
            ErrorKind::PermissionDenied => {
                lang.pick("没有读取权限", "permission denied").to_string()
            }
            ErrorKind::IsADirectory => lang
                .pick("这是一个文件夹，不是文件", "it is a folder, not a file")
                .to_string(),
            _ => e.to_string(),
        };
        ReadError::Io(match lang {
            Lang::Zh => format!("错误：无法读取指标体系文件 {name}：{reason}"),
            Lang::En => format!("error: cannot read the indicator set file {name}: {reason}"),
        })
    })?;
    // Decoded as `IndicatorSet::from_file` does (UTF-16 and GBK copies too).
    let text = crate::ingest::reader::decode_text(&bytes);
    IndicatorSet::from_text(&name, &text).map_err(ReadError::Set)
}

pub fn run(cmd: &IndicatorsCommand) -> u8 {
    match cmd {
        IndicatorsCommand::Default => {
            print!("{DEFAULT_TOML}");
            EXIT_OK
        }
        IndicatorsCommand::Check { file, lang } => match read_set(file, *lang) {
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
            Err(ReadError::Io(message)) => {
                eprintln!("{message}");
                EXIT_UNUSABLE
            }
            Err(ReadError::Set(errors)) => {
                for e in &errors {
                    eprintln!("{}", e.message(*lang));
                }
                EXIT_UNUSABLE
            }
        },
    }
}
