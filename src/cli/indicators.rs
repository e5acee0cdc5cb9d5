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
                print!("{}", weighting_summary(&set, lang));
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

/// The weighting method, the weights each dimension and indicator gets, and
/// the consistency of every AHP matrix: what `indicators check` prints after
/// "OK", so a district reviewing AHP judgements sees their result at once.
pub fn weighting_summary(set: &IndicatorSet, lang: Lang) -> String {
    use crate::indicators::SubjectiveMethod;
    use std::fmt::Write;
    let w = &set.weighting;
    let mut out = String::new();
    let method =
        crate::indicators::method_words(w.method, w.subjective, w.objective, w.alpha, lang);
    let _ = writeln!(
        out,
        "{}{method}",
        lang.pick("赋权方法：", "Weighting method: ")
    );
    if w.objective.is_some() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "  客观权重评估时由数据求得；下列权重为第一轮计分所用的主观权重。",
                "  Objective weights are derived from the data at evaluation; the weights below are the subjective ones the first pass scores with.",
            )
        );
    }
    if w.subjective == SubjectiveMethod::Ahp {
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("随机一致性指标 RI：", "Random index RI: "),
            w.random_index.citation(lang)
        );
        for a in &w.ahp {
            let _ = writeln!(
                out,
                "  {} ({}×{}): CR = {:.3}, CI = {:.3}, RI = {:.2}, λmax = {:.3}",
                a.matrix, a.n, a.n, a.cr, a.ci, a.ri, a.lambda_max
            );
        }
    }
    let _ = writeln!(out, "{}", lang.pick("权重：", "Weights:"));
    for (d, dim) in set.dimensions.iter().enumerate() {
        let members: Vec<String> = set
            .indicators
            .iter()
            .filter(|i| i.dimension == d)
            .map(|i| format!("{} {:.2}", i.id, i.weight))
            .collect();
        let _ = writeln!(
            out,
            "  {} {} {:.2}: {}",
            dim.id,
            lang.pick(&dim.name_zh, &dim.name_en),
            dim.weight,
            members.join(", ")
        );
    }
    out
}
