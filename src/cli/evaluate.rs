//! `partner-eval evaluate` and `explain`: load, score, write.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::output::{self, OutputArgs, OutputFormat};
use super::progress::{Feedback, Stage};
use super::{summary, Common, EXIT_UNUSABLE};
use crate::history;
use crate::indicators::{FileError, IndicatorSet};
use crate::ingest::Loaded;
use crate::ingest::Placement;
use crate::lang::Lang;
use crate::report;
use crate::report::terminal::escape_lines;
use crate::schema::SheetNeed;
use crate::score::{self, Evaluation, Options};
use crate::shard::{self, Manifest, Shard};
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
    #[command(flatten)]
    pub output: OutputArgs,
    /// 只评估第 i 个分片（共 n 片）的区：各区按名称排序后轮流分配；之后用 merge 合并 · Evaluate only shard i of n: districts sorted by name, dealt out in turn; join the shards with `merge`
    #[arg(long, value_name = "i/n")]
    pub shard: Option<Shard>,
}

#[derive(Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub score: ScoreArgs,
    /// 合伙人编号 · The partner's id
    #[arg(long, value_name = "ID")]
    pub partner: String,
}

/// What [`prepare`] gives.
struct Prepared {
    loaded: Loaded,
    set: IndicatorSet,
    eval: Evaluation,
    /// With `--shard`: the districts (all, this shard's).
    assigned: Option<(Vec<String>, Vec<String>)>,
    /// Where the input files belong, placed before a shard kept only its
    /// own districts' partners.
    placement: Placement,
}

/// Loads, checks and scores (only `shard`'s districts, if given); prints
/// problems. `Err` is an exit code.
fn prepare(
    args: &ScoreArgs,
    quiet_load: bool,
    feedback: &Feedback,
    shard: Option<Shard>,
) -> Result<Prepared, u8> {
    let lang = args.common.lang;
    let set = match &args.indicators {
        Some(path) => IndicatorSet::from_file(path),
        None => IndicatorSet::default_set().map_err(FileError::Set),
    };
    let set = set.map_err(|e| {
        for m in e.messages(lang) {
            eprintln!("{}{}", lang.pick("错误：", "error: "), escape_lines(&m));
        }
        EXIT_UNUSABLE
    })?;
    let history_error = |e: history::HistoryError| {
        let message = e.message(lang);
        eprintln!(
            "{}{}",
            lang.pick("错误：", "error: "),
            escape_lines(&message)
        );
        EXIT_UNUSABLE
    };
    // Read before the inputs: a wrong file fails fast.
    let previous = args
        .previous
        .as_deref()
        .map(|path| history::read(path, &args.common.limits()))
        .transpose()
        .map_err(history_error)?;
    if shard.is_some() && set.weighting.objective.is_some() {
        eprintln!(
            "{}{}",
            lang.pick("错误：--shard：", "error: --shard: "),
            shard::MergeError::DerivedWeights.message(lang)
        );
        return Err(EXIT_UNUSABLE);
    }
    let counter = feedback.counter(Stage::Load);
    let loaded = args
        .common
        .load_with_progress(&|done, total| counter.tick(done, total));
    counter.finish();
    let mut loaded = loaded.map_err(|fatals| {
        summary::print_fatals(&fatals, lang);
        EXIT_UNUSABLE
    })?;
    if !quiet_load {
        summary::print_load(&loaded, lang, args.common.quiet);
    }
    refuse_rejected_sheets(&loaded, lang, true)?;
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
    let placement = Placement::new(&loaded.files, &loaded.problems, &loaded.dataset);
    // After the period is inferred from every district, as a whole run does.
    let assigned = shard.map(|s| shard::select(&mut loaded.dataset, s));
    let spinner = feedback.spinner(
        &format!("正在评分（{} 名合伙人）…", loaded.dataset.partners.len()),
        &format!(
            "scoring {}…",
            crate::lang::count(loaded.dataset.partners.len() as u64, "partner")
        ),
    );
    let mut eval = score::evaluate_loaded(&loaded, &set, &options);
    spinner.finish();
    loaded.dataset.drop_records();
    if let Some(prev) = &previous {
        history::attach(&mut eval, prev);
    }
    Ok(Prepared {
        loaded,
        set,
        eval,
        assigned,
        placement,
    })
}

/// Refuses to rank when every row of a sheet scoring needs was rejected:
/// its partners or records would silently be missing from the rankings,
/// or scored as "no data" (a community's whole survey sheet rejected would
/// put its partners' satisfaction at zero). Required sheets, either of the
/// two survey sheets, and the sheets some partners need (business figures
/// for a fund share of revenue) count; optional ones do not. `validate`
/// says the same, so that a check before the run predicts it.
pub(super) fn refuse_rejected_sheets(
    loaded: &Loaded,
    lang: Lang,
    evaluating: bool,
) -> Result<(), u8> {
    let whole: Vec<_> = loaded
        .dataset
        .sheets
        .iter()
        .filter(|s| {
            s.spec().need != SheetNeed::Optional && s.counts.read > 0 && s.counts.accepted == 0
        })
        .collect();
    for s in &whole {
        let (file, sheet, title, n) = (&s.file, &s.sheet, s.spec().title(lang), s.counts.read);
        let outcome = match (lang, evaluating) {
            (Lang::Zh, true) => "无法排名，未生成任何结果",
            (Lang::Zh, false) => "评估时将无法排名",
            (Lang::En, true) => "so no rankings can be made and nothing was produced",
            (Lang::En, false) => "so evaluate cannot rank",
        };
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "错误：{file} › {sheet}（{title}）的 {n} 行全部被拒绝，{outcome}；请先更正该表（问题见上，或用 validate --issues 导出）"
                ),
                Lang::En => format!(
                    "error: {} of {file} › {sheet} ({title}) {} rejected, {outcome}; correct that sheet first (problems above, or export them with validate --issues)",
                    if n == 1 { "the only row".to_string() } else { format!("all {n} rows") },
                    if n == 1 { "was" } else { "were" }
                ),
            }
        );
    }
    if whole.is_empty() {
        Ok(())
    } else {
        Err(EXIT_UNUSABLE)
    }
}

pub fn run(args: &EvaluateArgs) -> u8 {
    let lang = args.score.common.lang;
    if let Err(code) = args.output.check(lang) {
        return code;
    }
    let feedback = Feedback::new(lang, args.score.common.quiet);
    let Prepared {
        loaded,
        set,
        eval,
        assigned,
        placement,
    } = match prepare(&args.score, false, &feedback, args.shard) {
        Ok(x) => x,
        Err(code) => return code,
    };
    println!();
    report::terminal::print_summary(&eval, lang);
    let manifest = args
        .shard
        .zip(assigned)
        .map(|(s, districts)| Manifest::new(s, districts, &eval, &set));
    if let Some(m) = &manifest {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "分片 {}/{}：评估 {} 个区（{}），共 {} 个区",
                    m.shard,
                    m.of,
                    m.districts.len(),
                    m.districts.join("、"),
                    m.all_districts.len()
                ),
                Lang::En => format!(
                    "shard {}/{}: {} ({}) of {}",
                    m.shard,
                    m.of,
                    crate::lang::count(m.districts.len() as u64, "district"),
                    m.districts.join(", "),
                    m.all_districts.len()
                ),
            }
        );
    }
    let written = Reports {
        output: &args.output,
        lang,
        feedback: &feedback,
        loaded: &loaded,
        placement: &placement,
        set: &set,
        eval: &eval,
    }
    .write(manifest.as_ref());
    match written {
        Ok(()) => {
            let code = super::exit_code(&loaded);
            let quiet = args.score.common.quiet;
            summary::print_verdict(Some(&loaded), code, summary::Done::Evaluated, lang, quiet);
            code
        }
        Err(code) => code,
    }
}

/// Everything `evaluate` and `merge` write from a scored run.
pub(super) struct Reports<'a> {
    pub output: &'a OutputArgs,
    pub lang: Lang,
    pub feedback: &'a Feedback,
    pub loaded: &'a Loaded,
    /// Where the input files belong, for the PDF reports.
    pub placement: &'a Placement,
    pub set: &'a IndicatorSet,
    pub eval: &'a Evaluation,
}

impl Reports<'_> {
    /// Writes results.json, results.csv, shard.json (a shard), the workbook
    /// and the PDFs through a staging folder: all of them, or none. What was
    /// written is said once it is in place, not while it is staged: a run
    /// that fails later has written nothing.
    pub fn write(&self, manifest: Option<&Manifest>) -> Result<(), u8> {
        let (out, lang, eval) = (&self.output.out, self.lang, self.eval);
        let staging = output::begin(out, lang)?;
        let json = out.join("results.json");
        let csv = out.join("results.csv");
        report::write_json(&json, eval)
            .and_then(|_| report::csv::write(&csv, eval, lang))
            .and_then(|_| manifest.map_or(Ok(()), |m| m.write(out)))
            .map_err(|e| output::cannot_write(out, &e, lang))?;
        let written = lang.pick("已写入", "written:");
        let mut said = vec![format!("{written} {}, {}", json.display(), csv.display())];
        if manifest.is_some() {
            said.push(format!("{written} {}", out.join(shard::MANIFEST).display()));
        }
        if self.output.has(OutputFormat::Xlsx) {
            let r = report::xlsx::Report {
                eval,
                set: self.set,
                loaded: self.loaded,
                lang,
            };
            let spinner = self
                .feedback
                .spinner("正在写入工作簿…", "writing the workbook…");
            let paths = report::xlsx::write(out, &r, self.output.split_by);
            spinner.finish();
            for p in paths.map_err(|e| output::cannot_write(out, &e, lang))? {
                said.push(format!("{written} {}", p.display()));
            }
        }
        if self.output.has(OutputFormat::Pdf) {
            said.extend(self.write_pdf()?);
        }
        output::commit(staging, out, lang)?;
        for line in said {
            println!("{line}");
        }
        Ok(())
    }

    /// Writes the PDF reports; reports characters the font cannot draw.
    /// Returns the lines that say what was written.
    fn write_pdf(&self) -> Result<Vec<String>, u8> {
        let (out, lang, eval) = (&self.output.out, self.lang, self.eval);
        let templates = match &self.output.templates {
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
        let opts = report::pdf::Options {
            lang,
            evaluator: self.output.evaluator.as_deref(),
            templates: &templates,
            placement: self.placement.clone(),
            progress: false,
        };
        let counter = self.feedback.counter(Stage::Render);
        let written =
            report::pdf::write_with_progress(out, eval, &opts, &|n, total| counter.tick(n, total));
        counter.finish();
        let written = written.map_err(|e| fail(&e))?;
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
        let done = lang.pick("已写入", "written:");
        let reports = match lang {
            Lang::Zh => format!("{} 份合伙人 PDF 报告于", written.partners.len()),
            Lang::En => format!(
                "{} in",
                crate::lang::count(written.partners.len() as u64, "partner PDF report")
            ),
        };
        let mut said = vec![format!(
            "{done} {reports} {}",
            report::pdf::partner_dir(out, lang).display()
        )];
        said.extend(
            written
                .districts
                .iter()
                .map(|path| format!("{done} {}", path.display())),
        );
        Ok(said)
    }
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let lang: Lang = args.score.common.lang;
    let feedback = Feedback::new(lang, args.score.common.quiet);
    let Prepared { loaded, eval, .. } = match prepare(&args.score, true, &feedback, None) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(p) = eval.partners.iter().find(|p| p.partner_id == args.partner) else {
        let known = eval
            .partners
            .iter()
            .map(|p| (p.partner_id.as_str(), p.name.as_str()));
        let near: Vec<String> = nearest(&args.partner, known)
            .into_iter()
            .map(|(id, name)| match lang {
                Lang::Zh => format!("{id}（{name}）"),
                Lang::En => format!("{id} ({name})"),
            })
            .collect();
        let wanted = &args.partner;
        eprintln!(
            "{}",
            match (lang, near.split_last()) {
                (Lang::Zh, Some(_)) => format!(
                    "错误：没有这个合伙人编号：{wanted}；是否要找：{}？",
                    near.join("、")
                ),
                (Lang::En, Some((last, rest))) => {
                    let or = if rest.is_empty() { "" } else { " or " };
                    format!(
                        "error: no partner with id {wanted}; did you mean {}{or}{last}?",
                        rest.join(", ")
                    )
                }
                (Lang::Zh, None) => format!(
                    "错误：没有这个合伙人编号：{wanted}；编号见合伙人名册的「合伙人编号」列"
                ),
                (Lang::En, None) => format!(
                    "error: no partner with id {wanted}; the ids are in the 合伙人编号 column of the partner registry"
                ),
            }
        );
        return EXIT_UNUSABLE;
    };
    print!("{}", report::explain::explain(&eval, p, lang));
    super::exit_code(&loaded)
}

/// The partners (id, name) an unknown `--partner` most likely meant, at
/// most three, all equally near: the id equal to it but for case and width;
/// else those whose name contains it (a clerk may type the name); else the
/// ids fewest edits away, within a third of its length (`PD-XP-001` →
/// `PD-XP01-001`, `PD-XP02-001`, `PD-XP03-001`). Ties go by id, so the
/// suggestion is the same on every run.
fn nearest<'a>(
    wanted: &str,
    partners: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let fold = |s: &str| -> String {
        crate::value::normalize(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let want = fold(wanted);
    if want.is_empty() {
        return Vec::new();
    }
    let limit = (want.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str, &str)> = partners
        .filter_map(|(id, name)| {
            let key = fold(id);
            let rank = if key == want {
                0
            } else if fold(name).contains(&want) {
                1
            } else {
                let d = strsim::levenshtein(&key, &want);
                if d > limit {
                    return None;
                }
                1 + d
            };
            Some((rank, id, name))
        })
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .take_while(|s| s.0 == best)
        .take(3)
        .map(|(_, id, name)| (id, name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::nearest;

    const IDS: &[(&str, &str)] = &[
        ("PD-XP01-001", "犀浦邻里食堂"),
        ("PD-XP02-001", "恒山书院"),
        ("PD-XP03-001", "犀安理发"),
        ("PD-PT01-001", "李昇"),
    ];

    fn ids(wanted: &str) -> Vec<&'static str> {
        nearest(wanted, IDS.iter().copied())
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    #[test]
    fn a_mistyped_id_gets_the_nearest_ids_first() {
        assert_eq!(
            ids("PD-XP-001"),
            ["PD-XP01-001", "PD-XP02-001", "PD-XP03-001"]
        );
        assert_eq!(ids("PD-PT01-01"), ["PD-PT01-001"]);
        // Case and full-width forms are the same id.
        assert_eq!(ids("ｐｄ－ｐｔ01－001")[0], "PD-PT01-001");
    }

    #[test]
    fn a_name_finds_its_id_and_nonsense_finds_nothing() {
        assert_eq!(ids("李昇"), ["PD-PT01-001"]);
        assert_eq!(ids("邻里食堂"), ["PD-XP01-001"]);
        assert!(ids("XYZ").is_empty());
        assert!(ids("").is_empty());
    }
}
