//! PDF evaluation reports through Typst: one 评估报告 per partner and one
//! 区级评估报告 per run, from the scored result.
//!
//! The layout lives in editable templates (`report-templates/`, or a copy
//! given with `--templates`); the data goes in as `sys.inputs` values built
//! here, so no partner name is ever Typst code. Fonts are bundled and parsed
//! once; reports compile in parallel, all threads sharing one engine. The
//! same result and `--date` give byte-identical files.

mod district;
mod engine;
pub mod fonts;
mod partner;
pub mod templates;
mod words;

use std::collections::BTreeSet;
use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use crate::atomic::write_atomic;
use crate::ingest::Placement;
use crate::lang::Lang;
pub use crate::report::file_names::safe_file_part;
use crate::report::file_names::Names;
use crate::score::Evaluation;
pub use district::{parts as district_parts, Part as DistrictPart};
pub use engine::Engine;
pub use templates::{TemplateError, Templates};

/// How the reports are made.
pub struct Options<'a> {
    pub lang: Lang,
    /// The evaluating body, on the cover and as the PDF author.
    pub evaluator: Option<&'a str>,
    pub templates: &'a Templates,
    /// Which districts the input files serve: the district headlines'
    /// problem counts, the partner reports' data sources.
    pub placement: Placement,
    /// [`write`] shows a progress line (only where stderr is a terminal).
    pub progress: bool,
}

/// What was written, and the characters the font could not draw.
#[derive(Debug, Default)]
pub struct Written {
    /// The partner reports, in result order.
    pub partners: Vec<PathBuf>,
    /// The district reports, in district name order.
    pub districts: Vec<PathBuf>,
    /// (report, characters missing from the bundled font).
    pub missing: Vec<(String, BTreeSet<char>)>,
}

/// Why the reports could not be written.
#[derive(Debug)]
pub enum PdfError {
    Template(TemplateError),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Template(e) => e.fmt(f),
            PdfError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

/// The 5–95 % rank interval as printed, `◆` marking a borderline decision;
/// the workbook shows the same text.
pub fn interval_text(p: &crate::score::PartnerResult) -> String {
    words::interval(p)
}

/// The folder of the partner reports inside `--out`.
pub fn partner_dir(out: &Path, lang: Lang) -> PathBuf {
    out.join(lang.pick("报告", "reports"))
}

/// The district report's path inside `--out`, for a run over one district.
pub fn district_path(out: &Path, lang: Lang) -> PathBuf {
    out.join(lang.pick("区级评估报告.pdf", "district-report.pdf"))
}

/// The name prefix of each district's report in a run over several
/// districts: `区级评估报告-锦江区.pdf`.
pub fn district_prefix(lang: Lang) -> &'static str {
    lang.pick("区级评估报告-", "district-report-")
}

/// Where each of `parts`' reports goes: [`district_path`] for a run over
/// one district, else one file per district named after it (two names
/// that the file system would confuse, or one too long, get a hash of the
/// district's name: see [`crate::report::file_names`]).
fn district_paths(out: &Path, lang: Lang, parts: &[DistrictPart]) -> Vec<PathBuf> {
    if parts.len() == 1 {
        return vec![district_path(out, lang)];
    }
    let mut names = Names::new();
    parts
        .iter()
        .map(|part| {
            let stem = format!("{}{}", district_prefix(lang), safe_file_part(part.district));
            out.join(names.name(&stem, part.district, ".pdf"))
        })
        .collect()
}

/// The file name of each partner's report (in [`partner_dir`]), in result
/// order: `<id>-<name>.pdf`, one file per partner always. Ids that differ
/// only in characters a file name cannot hold, and names too long for a
/// file name, get a hash of the id and name (see
/// [`crate::report::file_names`]).
pub fn partner_file_names(eval: &Evaluation) -> Vec<String> {
    let mut names = Names::new();
    eval.partners
        .iter()
        .map(|p| {
            let stem = format!(
                "{}-{}",
                safe_file_part(&p.partner_id),
                safe_file_part(&p.name)
            );
            let key = format!("{}\n{}", p.partner_id, p.name);
            names.name(&stem, &key, ".pdf")
        })
        .collect()
}

/// The data of one partner's report, as the template receives it.
pub fn partner_data(
    eval: &Evaluation,
    index: usize,
    opts: &Options,
) -> Result<Value, TemplateError> {
    let meta = partner::Meta {
        lang: opts.lang,
        evaluator: opts.evaluator,
        templates: opts.templates,
        placement: &opts.placement,
    };
    partner::data(eval, &eval.partners[index], &meta)
}

/// The data of one district's report, including the 公示 draft rendered
/// from the notice template.
pub fn district_data(
    eval: &Evaluation,
    part: &DistrictPart,
    opts: &Options,
) -> Result<Value, TemplateError> {
    let problems = opts.placement.problems(part.district);
    let mut data = district::data(eval, part, opts.lang, opts.evaluator, problems);
    let name = opts.lang.pick("notice.zh.j2", "notice.en.j2");
    let notice = opts.templates.render_text(name, &data)?;
    data["notice"] = Value::String(notice.trim().to_string());
    Ok(data)
}

/// Writes every partner report and the district reports (one per district)
/// under `out`. With
/// `opts.progress`, a `\r` counter goes to stderr when it is a terminal
/// (callers with their own display use [`write_with_progress`]).
pub fn write(out: &Path, eval: &Evaluation, opts: &Options) -> Result<Written, PdfError> {
    let show = opts.progress && std::io::stderr().is_terminal();
    let line = |n: usize, total: usize| {
        if show {
            eprint!(
                "\r{} {n}/{total}",
                opts.lang.pick("PDF 报告", "PDF reports")
            );
        }
    };
    let written = write_with_progress(out, eval, opts, &line);
    if show {
        eprintln!();
    }
    written
}

/// [`write`], calling `progress(reports written, reports)` after each report
/// (from the rendering threads) and printing nothing itself.
pub fn write_with_progress(
    out: &Path,
    eval: &Evaluation,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Written, PdfError> {
    let dir = partner_dir(out, opts.lang);
    let parts = district_parts(eval);
    let district_paths = district_paths(out, opts.lang, &parts);
    let partner_files = partner_file_names(eval);
    let jobs = schedule(parts.len(), eval.partners.len());
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, jobs.len());
    let pool = render_pool()?;
    // One engine for all threads: building one (the standard library, the
    // parsed templates) costs as much as a tenth of a report.
    let engine = pool.install(|| Engine::new(opts.templates));
    // With several districts, the reports of large ones (last in the
    // schedule) compile one at a time: Typst needs about 0.8 MB per partner
    // ranked (1.2 GB for 1,500), two at once would nearly double the run's
    // peak memory at its very end, and Typst still lays out one report's
    // pages on every thread of the pool. Small ones run side by side.
    let district_turn = Mutex::new(());
    let render = |job: Job| -> Rendered {
        let large = |k: usize| parts.len() > 1 && parts[k].partners.len() >= LARGE_RANKING;
        let _turn = matches!(job, Job::District(k) if large(k))
            .then(|| district_turn.lock().unwrap_or_else(|e| e.into_inner()));
        let (main, data, path) = match job {
            Job::District(k) => {
                let data = district_data(eval, &parts[k], opts).map_err(PdfError::Template)?;
                ("/district.typ", data, district_paths[k].clone())
            }
            Job::Partner(i) => {
                let data = partner_data(eval, i, opts).map_err(PdfError::Template)?;
                ("/partner.typ", data, dir.join(&partner_files[i]))
            }
        };
        let missing = fonts::missing_chars(&strings(&data));
        let bytes = pool
            .install(|| engine.pdf(main, &data, eval.evaluation_date))
            .map_err(PdfError::Template)?;
        write_atomic(&path, &bytes).map_err(|e| PdfError::Io(path.clone(), e))?;
        tick();
        Ok((path, missing))
    };
    // Reports are handed out by plain threads, one compile each at a time,
    // each compile running on the big-stack pool. Typst lays out page runs
    // in parallel on that pool, and a pool thread waiting for its share
    // takes other queued work: were the reports themselves pool tasks, it
    // would start report after report inside the one it is waiting in, none
    // finishing until all its nested reports had, with their memory held
    // (a 5,000-partner run grew to gigabytes without writing a file). Here
    // no more reports are in flight than there are threads.
    let next = AtomicUsize::new(0);
    let mut results: Vec<(Job, Rendered)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..pool.current_num_threads())
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(&job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        mine.push((job, render(job)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    // Partners in result order, then the districts in name order.
    results.sort_by_key(|(job, _)| match *job {
        Job::Partner(i) => (0, "", i),
        Job::District(k) => (1, parts[k].district, k),
    });
    let mut written = Written::default();
    for (job, r) in results {
        let (path, missing) = r?;
        if !missing.is_empty() {
            written.missing.push((path.display().to_string(), missing));
        }
        match job {
            Job::District(_) => written.districts.push(path),
            Job::Partner(_) => written.partners.push(path),
        }
    }
    Ok(written)
}

/// One report to render: a district's (index into [`district_parts`]) or a
/// partner's (index into the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    District(usize),
    Partner(usize),
}

/// The order reports are rendered in. A run over one district renders its
/// district report first: it can take many times as long as all the
/// partner reports one thread gets through meanwhile (a 5,000-partner
/// ranking: minutes), and started last it would finish alone while the
/// other threads idle. With several districts each report is a small share
/// of the run and they come last, the largest first: rendered first, their
/// long tables would leave Typst's memo cache sized for them, and every
/// partner report after pays for that size at each cache eviction (13 % of
/// a partner report's time in a city run).
pub fn schedule(districts: usize, partners: usize) -> Vec<Job> {
    let d = (0..districts).map(Job::District);
    let p = (0..partners).map(Job::Partner);
    if districts == 1 {
        d.chain(p).collect()
    } else {
        p.chain(d).collect()
    }
}

/// Partners ranked from which a district report is laid out alone.
const LARGE_RANKING: usize = 500;

/// A report written, with the characters the fonts lack.
type Rendered = Result<(PathBuf, BTreeSet<char>), PdfError>;

/// Stack of each rendering thread. Typst lays out nested content
/// recursively, and the district ranking of a large district (600 partners
/// and more) overflows the 2 MiB default; the reservation is virtual, only
/// the pages touched are used.
const RENDER_STACK: usize = 256 << 20;

/// The threads reports are compiled on: as many as the current rayon pool
/// has (so a caller's pool size is respected), each with [`RENDER_STACK`].
pub fn render_pool() -> Result<rayon::ThreadPool, PdfError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .stack_size(RENDER_STACK)
        .build()
        .map_err(|e| PdfError::Io(PathBuf::new(), std::io::Error::other(e.to_string())))
}

/// One district's report alone, as PDF bytes, compiled on a rendering
/// thread.
pub fn district_pdf(
    eval: &Evaluation,
    part: &DistrictPart,
    opts: &Options,
) -> Result<Vec<u8>, PdfError> {
    let data = district_data(eval, part, opts).map_err(PdfError::Template)?;
    render_pool()?.install(|| {
        Engine::new(opts.templates)
            .pdf("/district.typ", &data, eval.evaluation_date)
            .map_err(PdfError::Template)
    })
}

/// Every string of a JSON value, joined: what the report will print.
fn strings(v: &Value) -> String {
    let mut out = String::new();
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push(' ');
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_district_report_goes_first_several_go_last() {
        use Job::*;
        assert_eq!(schedule(1, 2), [District(0), Partner(0), Partner(1)]);
        assert_eq!(
            schedule(2, 2),
            [Partner(0), Partner(1), District(0), District(1)]
        );
        assert_eq!(schedule(1, 0), [District(0)]);
    }
}
