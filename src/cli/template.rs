//! `partner-eval template`: the blank input workbook communities fill in.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::lang::Lang;
use crate::report::template;

#[derive(Args)]
pub struct TemplateArgs {
    /// 输出文件（默认：台账模板.xlsx，英文为 template.xlsx）；所在文件夹须已存在 · Output file (default: 台账模板.xlsx, or template.xlsx with --lang en); its folder must exist
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 覆盖已有的输出文件 · Overwrite the output file if it exists
    #[arg(long)]
    pub force: bool,
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
    if let Err(message) = check(&path, args.force, lang) {
        eprintln!("{}{message}", lang.pick("错误：", "error: "));
        return EXIT_UNUSABLE;
    }
    // Atomic: a temporary file beside `path`, renamed into place.
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

/// Refuses, as `evaluate` does for its folder, an existing file without
/// `--force`, a folder in its place, and a folder that does not exist (it
/// is not created: a mistyped path should not grow new folders).
fn check(path: &Path, force: bool, lang: Lang) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(match lang {
            Lang::Zh => format!(
                "{shown} 是一个文件夹；请用 --out 给出文件名，如 {}",
                path.join("台账模板.xlsx").display()
            ),
            Lang::En => format!(
                "{shown} is a folder; give --out a file name, such as {}",
                path.join("template.xlsx").display()
            ),
        });
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        let folder = parent.display();
        return Err(if parent.exists() {
            match lang {
                Lang::Zh => format!("无法写入 {shown}：{folder} 不是文件夹"),
                Lang::En => format!("cannot write {shown}: {folder} is not a folder"),
            }
        } else {
            match lang {
                Lang::Zh => format!(
                    "无法写入 {shown}：文件夹 {folder} 不存在；请先创建它，或用 --out 指定已有文件夹中的文件"
                ),
                Lang::En => format!(
                    "cannot write {shown}: the folder {folder} does not exist; create it first, or give --out a file in an existing folder"
                ),
            }
        });
    }
    // A dangling symbolic link counts as there, as for any other file.
    if !force && path.symlink_metadata().is_ok() {
        return Err(match lang {
            Lang::Zh => format!(
                "文件 {shown} 已存在，未覆盖；如要覆盖请加 --force，或用 --out 指定另一个文件"
            ),
            Lang::En => format!(
                "the file {shown} already exists; not overwritten. Add --force to overwrite it, or give another --out"
            ),
        });
    }
    Ok(())
}
