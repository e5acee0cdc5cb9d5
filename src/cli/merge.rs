//! `partner-eval merge`: join the output folders of `evaluate --shard i/n`
//! into the results and reports of one run over every district.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::Reports;
use super::output::{OutputArgs, OutputFormat};
use super::progress::{Feedback, Stage};
use super::{summary, EXIT_OK, EXIT_UNUSABLE};
use crate::indicators::{FileError, IndicatorSet};
use crate::ingest::Placement;
use crate::ingest::{InputFile, Loaded};
use crate::lang::Lang;
use crate::report::terminal::escape_lines;
use crate::shard;

#[derive(Args)]
pub struct MergeArgs {
    /// 各分片的输出文件夹（evaluate --shard i/n --out 的文件夹）· The shards' output folders
    #[arg(required = true, value_name = "DIRS")]
    pub dirs: Vec<PathBuf>,
    /// 各分片所用的指标体系文件（默认：内置）· The indicator set file the shards used (default: the built-in set)
    #[arg(long, value_name = "FILE")]
    pub indicators: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// 输出语言 · Language of messages and reports
    #[arg(long, value_enum, default_value = "zh", env = "PARTNER_EVAL_LANG")]
    pub lang: Lang,
    /// 不显示进度 · No progress display
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &MergeArgs) -> u8 {
    let lang = args.lang;
    if let Err(code) = args.output.check(lang) {
        return code;
    }
    let error = |message: String| {
        eprintln!(
            "{}{}",
            lang.pick("错误：", "error: "),
            escape_lines(&message)
        );
        EXIT_UNUSABLE
    };
    // A folder that is not there is named as such, before anything is read.
    for dir in &args.dirs {
        let shown = dir.display();
        if !dir.exists() {
            return error(match lang {
                Lang::Zh => format!("分片文件夹 {shown} 不存在"),
                Lang::En => format!("the shard folder {shown} does not exist"),
            });
        }
        if !dir.is_dir() {
            return error(match lang {
                Lang::Zh => {
                    format!("{shown} 不是文件夹；请给出 evaluate --shard i/n --out 写出的文件夹")
                }
                Lang::En => format!(
                    "{shown} is not a folder; give the folders evaluate --shard i/n --out wrote"
                ),
            });
        }
    }
    let set = match &args.indicators {
        Some(path) => IndicatorSet::from_file(path),
        None => IndicatorSet::default_set().map_err(FileError::Set),
    };
    let set = match set {
        Ok(set) => set,
        Err(e) => {
            e.messages(lang).into_iter().for_each(|m| {
                error(m);
            });
            return EXIT_UNUSABLE;
        }
    };
    let runs: Result<Vec<_>, _> = args.dirs.iter().map(|d| shard::read(d)).collect();
    let eval = match runs.and_then(|runs| shard::merge(runs, &set)) {
        Ok(eval) => eval,
        Err(e) => return error(e.message(lang)),
    };
    let feedback = Feedback::new(lang, args.quiet);
    // The workbook's data-quality sheet and the PDFs' problem counts come
    // from the inputs themselves: read them again, as recorded.
    let reports = args.output.has(OutputFormat::Xlsx) || args.output.has(OutputFormat::Pdf);
    let loaded = if reports {
        match reload(&eval.inputs, &feedback, lang) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        }
    } else {
        Loaded::default()
    };
    crate::report::terminal::print_summary(&eval, lang);
    let placement = Placement::new(&loaded.files, &loaded.problems, &loaded.dataset);
    let written = Reports {
        output: &args.output,
        lang,
        feedback: &feedback,
        loaded: &loaded,
        placement: &placement,
        set: &set,
        eval: &eval,
    }
    .write(None);
    let code = match written {
        Ok(()) if reports => super::exit_code(&loaded),
        Ok(()) => EXIT_OK,
        Err(code) => return code,
    };
    let read = reports.then_some(&loaded);
    summary::print_verdict(read, code, summary::Done::Evaluated, lang, args.quiet);
    code
}

/// Loads the inputs the shards recorded and checks they are still the
/// same files.
fn reload(inputs: &[InputFile], feedback: &Feedback, lang: Lang) -> Result<Loaded, u8> {
    let paths: Vec<PathBuf> = inputs.iter().map(|i| PathBuf::from(&i.path)).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counter = feedback.counter(Stage::Load);
    let loaded = crate::ingest::load_with_progress(
        &paths,
        threads,
        &crate::ingest::Limits::default(),
        &|done, total| counter.tick(done, total),
    );
    counter.finish();
    let loaded = loaded.map_err(|fatals| {
        summary::print_fatals(&fatals, lang);
        hint(lang);
        EXIT_UNUSABLE
    })?;
    if loaded.files != inputs {
        eprintln!(
            "{}",
            lang.pick(
                "错误：输入文件自分片运行以来已改变（SHA-256 不同）",
                "error: the input files changed since the shards ran (SHA-256 differs)"
            )
        );
        hint(lang);
        return Err(EXIT_UNUSABLE);
    }
    Ok(loaded)
}

fn hint(lang: Lang) {
    eprintln!(
        "{}",
        lang.pick(
            "工作簿与 PDF 需要重新读取分片记录的输入文件（在运行分片的同一文件夹中运行 merge）；只合并结果请用 --format json",
            "the workbook and PDFs need the input files the shards recorded (run merge from the folder the shards ran in); to merge the results only, use --format json"
        )
    );
}
