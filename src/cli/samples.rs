//! `partner-eval samples`: writes the generated sample or benchmark data.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::lang::Lang;
use crate::samples::{generate, Options, Scale, DEFAULT_SEED};
use crate::schema::SheetKind;

#[derive(Args)]
pub struct SamplesArgs {
    /// 规模：small = 提交的样例，district = 一个区，city = 一个市 · Scale
    #[arg(long, value_enum, default_value = "small")]
    pub scale: Scale,
    /// 输出文件夹，须不存在或为空 · Output folder; it must not exist or be empty
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// 写入已有文件的文件夹，覆盖同名文件（其他文件不动）· Write into a folder that holds files, overwriting those of the same name (others are left alone)
    #[arg(long)]
    pub force: bool,
    /// 随机种子；同一种子生成的文件逐字节相同 · Seed; the same seed gives the same bytes
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// 合伙人数（仅 district/city）· Number of partners (district and city only)
    #[arg(long, value_name = "N")]
    pub partners: Option<usize>,
    /// 服务记录行数，约数（仅 district/city）· Service rows, roughly (district and city only)
    #[arg(long, value_name = "N")]
    pub service_rows: Option<usize>,
    /// 输出语言 · Language of messages
    #[arg(long, value_enum, default_value = "zh", env = "PARTNER_EVAL_LANG")]
    pub lang: Lang,
}

pub fn run(args: &SamplesArgs) -> u8 {
    let lang = args.lang;
    if args.scale == Scale::Small && (args.partners.is_some() || args.service_rows.is_some()) {
        eprintln!(
            "{}",
            lang.pick(
                "错误：--partners 和 --service-rows 只用于 district 和 city；small 规模是固定的",
                "error: --partners and --service-rows apply to district and city only; small is fixed"
            )
        );
        return EXIT_UNUSABLE;
    }
    if let Err(message) = check(&args.out, args.force, lang) {
        eprintln!("{}{message}", lang.pick("错误：", "error: "));
        return EXIT_UNUSABLE;
    }
    let opts = Options {
        scale: args.scale,
        seed: args.seed,
        partners: args.partners,
        service_rows: args.service_rows,
    };
    let started = Instant::now();
    match generate(&args.out, &opts) {
        Ok(s) => {
            let services = s.rows.get(&SheetKind::Services).copied().unwrap_or(0);
            let secs = started.elapsed().as_secs_f64();
            let out = args.out.display();
            match lang {
                Lang::Zh => println!(
                    "已写入 {out}：{} 个工作簿，{} 个合伙人，{services} 条服务记录，埋入错误 {} 处，用时 {secs:.1} 秒",
                    s.workbooks, s.partners, s.planted
                ),
                Lang::En => println!(
                    "wrote {out}: {} workbooks, {} partners, {services} service rows, {} planted errors, in {secs:.1} s",
                    s.workbooks, s.partners, s.planted
                ),
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!(
                "{}{}: {e}",
                lang.pick("错误：无法写入 ", "error: cannot write "),
                args.out.display()
            );
            EXIT_UNUSABLE
        }
    }
}

/// Refuses a file in place of the folder and, without `--force`, a folder
/// that already holds anything: generated files would overwrite files of
/// the same name, evaluation results among them, and mix with the rest.
fn check(out: &Path, force: bool, lang: Lang) -> Result<(), String> {
    let shown = out.display();
    if out.exists() && !out.is_dir() {
        return Err(match lang {
            Lang::Zh => format!("{shown} 不是文件夹；请用 --out 指定一个文件夹"),
            Lang::En => format!("{shown} is not a folder; give --out a folder"),
        });
    }
    if force {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        // Missing: created. Unreadable: the write reports why.
        return Ok(());
    };
    const SHOWN: usize = 3;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let more = names.len() > SHOWN;
    names.truncate(SHOWN);
    if more {
        names.push("…".into());
    }
    let list = names.join(lang.pick("、", ", "));
    Err(match lang {
        Lang::Zh => format!(
            "输出文件夹 {shown} 不是空的（已有 {list}），未写入；如要写入并覆盖同名文件请加 --force，或用 --out 指定另一个文件夹"
        ),
        Lang::En => format!(
            "the output folder {shown} is not empty (it holds {list}); nothing written. Add --force to write into it, overwriting files of the same name, or give another --out"
        ),
    })
}
