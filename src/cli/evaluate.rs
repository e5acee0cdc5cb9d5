//! `partner-eval evaluate` and `explain`: load, score, write.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{summary, Common, EXIT_UNUSABLE};
use crate::history;
use crate::indicators::IndicatorSet;
use crate::ingest::Loaded;
use crate::lang::Lang;
use crate::report;
use crate::score::{self, Evaluation, Options};
use crate::value::Period;

/// Options of every command that scores.
#[derive(Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub common: Common,
    /// 指标体系文件（默认使用内置的 indicators/default.toml）· Indicator set file (default: the built-in default set)
    #[arg(long, value_name = "FILE")]
    pub indicators: Option<PathBuf>,
    /// 评估期间，如 2025 或 2025Q3（默认：服务记录最多的年份）· Period, e.g. 2025 or 2025Q3 (default: the year with most service records)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// 评估日期，整改期限由此起算（默认：期间最后一天）· Evaluation date; deadlines count from it (default: the period's last day)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// 上期评估结果（results.json 或 评估结果.xlsx），用于趋势与历史规则 · Last period's results.json or workbook, for trends and the history rules
    #[arg(long, value_name = "PATH")]
    pub previous: Option<PathBuf>,
}

#[derive(Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub score: ScoreArgs,
    /// 输出文件夹 · Output folder
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// 输出格式，可用逗号分隔或重复给出；results.json 与 results.csv 总是写出 · Output formats, comma-separated or repeated; results.json and results.csv are always written
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values = ["xlsx", "pdf"],
        value_name = "FORMAT"
    )]
    pub format: Vec<OutputFormat>,
    /// 另按街道或社区各写一个工作簿（区级工作簿照常写出）· Also write one workbook per street or community (besides the district one)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub split_by: Option<report::xlsx::SplitBy>,
    /// PDF 报告模板文件夹（编辑过的 report-templates 副本；缺少的文件用内置模板）· Folder of edited report templates (missing files fall back to the built-in ones)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 评估机构名称，印在 PDF 报告封面并作为文档作者 · The evaluating body, printed on the PDF cover and set as the document author
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
}

/// What `evaluate` writes besides results.json and results.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// 评估结果.xlsx · the evaluation workbook
    Xlsx,
    /// 仅 results.json / results.csv · results.json and results.csv only
    Json,
    /// 每个合伙人一份 PDF 评估报告，另加区级报告 · one PDF report per partner plus the district report
    Pdf,
}

#[derive(Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub score: ScoreArgs,
    /// 合伙人编号 · The partner's id
    #[arg(long, value_name = "ID")]
    pub partner: String,
}

/// Loads, checks and scores; prints problems. `Err` is an exit code.
fn prepare(args: &ScoreArgs, quiet_load: bool) -> Result<(Loaded, IndicatorSet, Evaluation), u8> {
    let lang = args.common.lang;
    let set = match &args.indicators {
        Some(path) => IndicatorSet::from_file(path),
        None => IndicatorSet::default_set(),
    };
    let set = set.map_err(|errors| {
        for e in errors {
            eprintln!("{}{}", lang.pick("错误：", "error: "), e.message(lang));
        }
        EXIT_UNUSABLE
    })?;
    let history_error = |e: history::HistoryError| {
        eprintln!("{}{}", lang.pick("错误：", "error: "), e.message(lang));
        EXIT_UNUSABLE
    };
    // Read before the inputs: a wrong file fails fast.
    let previous = args
        .previous
        .as_deref()
        .map(|path| history::read(path, &args.common.limits()))
        .transpose()
        .map_err(history_error)?;
    let mut loaded = args.common.load().map_err(|fatals| {
        summary::print_fatals(&fatals, lang);
        EXIT_UNUSABLE
    })?;
    if !quiet_load {
        summary::print_load(&loaded, lang, args.common.quiet);
    }
    let period = match &args.period {
        Some(text) => text.parse::<Period>().map_err(|_| {
            eprintln!(
                "{}",
                lang.pick(
                    "错误：--period 应为 2025、2025Q3 或 2025-07 这样的期间",
                    "error: --period must look like 2025, 2025Q3 or 2025-07"
                )
            );
            EXIT_UNUSABLE
        })?,
        None => score::busiest_year(&loaded.dataset).ok_or_else(|| {
            eprintln!(
                "{}",
                lang.pick(
                    "错误：没有可用的服务记录，无法确定评估期间；请用 --period 指定",
                    "error: no usable service records to infer the period from; give --period"
                )
            );
            EXIT_UNUSABLE
        })?,
    };
    let options = Options {
        period,
        date: args.date.unwrap_or(period.end()),
    };
    if let Some(prev) = &previous {
        let applied = history::apply(&mut loaded.dataset, prev, period).map_err(history_error)?;
        if !quiet_load && !args.common.quiet {
            applied.lines(lang).iter().for_each(|l| println!("{l}"));
        }
    }
    let mut eval = score::evaluate_loaded(&loaded, &set, &options);
    if let Some(prev) = &previous {
        history::attach(&mut eval, prev);
    }
    Ok((loaded, set, eval))
}

pub fn run(args: &EvaluateArgs) -> u8 {
    let lang = args.score.common.lang;
    let xlsx = args.format.contains(&OutputFormat::Xlsx);
    if args.split_by.is_some() && !xlsx {
        eprintln!(
            "{}",
            lang.pick(
                "错误：--split-by 需要 --format xlsx",
                "error: --split-by needs --format xlsx"
            )
        );
        return EXIT_UNUSABLE;
    }
    let (loaded, set, eval) = match prepare(&args.score, false) {
        Ok(x) => x,
        Err(code) => return code,
    };
    println!();
    report::terminal::print_summary(&eval, lang);
    let json = args.out.join("results.json");
    let csv = args.out.join("results.csv");
    let written =
        report::write_json(&json, &eval).and_then(|_| report::csv::write(&csv, &eval, lang));
    if let Err(e) = written {
        eprintln!(
            "{}{}: {e}",
            lang.pick("错误：无法写入 ", "error: cannot write "),
            args.out.display()
        );
        return EXIT_UNUSABLE;
    }
    println!(
        "{} {}, {}",
        lang.pick("已写入", "written:"),
        json.display(),
        csv.display()
    );
    if xlsx {
        let r = report::xlsx::Report {
            eval: &eval,
            set: &set,
            loaded: &loaded,
            lang,
        };
        match report::xlsx::write(&args.out, &r, args.split_by) {
            Ok(paths) => {
                for p in paths {
                    println!("{} {}", lang.pick("已写入", "written:"), p.display());
                }
            }
            Err(e) => {
                eprintln!(
                    "{}{}: {e}",
                    lang.pick("错误：无法写入 ", "error: cannot write "),
                    args.out.display()
                );
                return EXIT_UNUSABLE;
            }
        }
    }
    if args.format.contains(&OutputFormat::Pdf) {
        if let Err(code) = write_pdf(args, &loaded, &eval) {
            return code;
        }
    }
    super::exit_code(&loaded)
}

/// Writes the PDF reports; reports characters the font cannot draw.
fn write_pdf(args: &EvaluateArgs, loaded: &Loaded, eval: &Evaluation) -> Result<(), u8> {
    let lang = args.score.common.lang;
    let templates = match &args.templates {
        Some(dir) => report::pdf::Templates::from_dir(dir),
        None => Ok(report::pdf::Templates::builtin()),
    };
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!(
            "{}{e}",
            lang.pick("错误：PDF 报告：", "error: PDF reports: ")
        );
        EXIT_UNUSABLE
    };
    let templates = templates.map_err(|e| fail(&e))?;
    let errors = loaded
        .problems
        .iter()
        .filter(|p| p.severity == crate::problem::Severity::Error)
        .count();
    let opts = report::pdf::Options {
        lang,
        evaluator: args.evaluator.as_deref(),
        templates: &templates,
        problems: (errors, loaded.problems.len() - errors),
        progress: !args.score.common.quiet,
    };
    let written = report::pdf::write(&args.out, eval, &opts).map_err(|e| fail(&e))?;
    for (report, chars) in &written.missing {
        let list: String = chars
            .iter()
            .map(|c| format!("{c}（U+{:04X}）", *c as u32))
            .collect::<Vec<_>>()
            .join(" ");
        eprintln!(
            "{}{report}: {list}",
            lang.pick(
                "警告：字体缺少以下字符，PDF 中将显示为空白，请核对原始数据 ",
                "warning: the bundled font lacks these characters; they print blank in "
            )
        );
    }
    println!(
        "{} {} {} {}",
        lang.pick("已写入", "written:"),
        written.paths.len() - 1,
        lang.pick("份合伙人 PDF 报告于", "partner PDF reports in"),
        report::pdf::partner_dir(&args.out, lang).display()
    );
    println!(
        "{} {}",
        lang.pick("已写入", "written:"),
        report::pdf::district_path(&args.out, lang).display()
    );
    Ok(())
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let lang: Lang = args.score.common.lang;
    let (loaded, _set, eval) = match prepare(&args.score, true) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(p) = eval.partners.iter().find(|p| p.partner_id == args.partner) else {
        eprintln!(
            "{}{}",
            lang.pick("错误：没有这个合伙人编号：", "error: no partner with id "),
            args.partner
        );
        return EXIT_UNUSABLE;
    };
    print!("{}", report::explain::explain(&eval, p, lang));
    super::exit_code(&loaded)
}
