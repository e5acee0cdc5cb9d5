//! `partner-eval validate`: load, check, report; produce nothing else.

use std::path::PathBuf;

use clap::Args;

use super::{summary, Common, EXIT_UNUSABLE};
use crate::problem::{write_issues, IssuesFormat};

#[derive(Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub common: Common,
    /// 将全部问题写入文件（.csv 或 .json）· Write every problem to FILE (.csv or .json)
    #[arg(long, value_name = "FILE")]
    pub issues: Option<PathBuf>,
}

pub fn run(args: &ValidateArgs) -> u8 {
    let lang = args.common.lang;
    let format = match &args.issues {
        Some(path) => match IssuesFormat::from_path(path) {
            Some(f) => Some((path, f)),
            None => {
                eprintln!(
                    "{}",
                    lang.pick(
                        "错误：--issues 文件须以 .csv 或 .json 结尾",
                        "error: the --issues file must end in .csv or .json"
                    )
                );
                return EXIT_UNUSABLE;
            }
        },
        None => None,
    };
    let loaded = match args.common.load() {
        Ok(l) => l,
        Err(fatals) => {
            summary::print_fatals(&fatals, lang);
            return EXIT_UNUSABLE;
        }
    };
    summary::print_load(&loaded, lang, args.common.quiet);
    if let Some((path, format)) = format {
        if let Err(e) = write_issues(path, format, &loaded.problems, lang) {
            eprintln!(
                "{}: {}: {e}",
                lang.pick("错误：无法写入", "error: cannot write"),
                path.display()
            );
            return EXIT_UNUSABLE;
        }
        println!(
            "{} {}",
            lang.pick("问题清单已写入", "problems written to"),
            path.display()
        );
    }
    match super::evaluate::refuse_rejected_sheets(&loaded, lang, false) {
        Ok(()) => {
            let code = super::exit_code(&loaded);
            let quiet = args.common.quiet;
            summary::print_verdict(Some(&loaded), code, summary::Done::Checked, lang, quiet);
            code
        }
        Err(code) => code,
    }
}
