//! `partner-eval template`: the blank input workbook communities fill in.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::lang::Lang;
use crate::report::template;

#[derive(Args)]
pub struct TemplateArgs {
    /// 输出文件（默认：台账模板.xlsx，英文为 template.xlsx）· Output file (default: 台账模板.xlsx, or template.xlsx with --lang en)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 表头与选项的语言 · Language of headers, lists and notes
    #[arg(long, value_enum, default_value = "zh", env = "PARTNER_EVAL_LANG")]
    pub lang: Lang,
    /// 每个工作表填一行示例 · Fill one example row per sheet
    #[arg(long)]
    pub example: bool,
}

pub fn run(args: &TemplateArgs) -> u8 {
    let lang = args.lang;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(lang.pick("台账模板.xlsx", "template.xlsx")));
    match template::write(&path, lang, args.example) {
        Ok(()) => {
            println!("{} {}", lang.pick("已写入", "written:"), path.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!(
                "{}{}: {e}",
                lang.pick("错误：无法写入 ", "error: cannot write "),
                path.display()
            );
            EXIT_UNUSABLE
        }
    }
}
