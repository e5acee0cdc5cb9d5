//! `stages`: every stage of a run measured separately, next to its floor,
//! then the whole run end to end; medians of `--runs`, as a Markdown table.
//!
//! | stage | figure | floor |
//! |---|---|---|
//! | ingest (load + validate), 1 thread and all threads | rows/s, MB/s | calamine reading the same cells, same threads |
//! | validation alone | rows/s | — |
//! | scoring, default set | partners/s | — |
//! | Excel workbook (district) | partners/s | — |
//! | PDF reports | reports/s | Typst compiling the same documents from precomputed inputs |
//! | end to end (`partner-eval evaluate`) | s | — |
//!
//! Peak memory is the process's VmHWM, reset before each stage (so it
//! includes what earlier stages left loaded: the dataset), or the child's
//! maximum resident size end to end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use partner_eval::lang::Lang;
use partner_eval::report::xlsx::{self, Report};
use partner_eval::score;

use crate::util::{self, median, on_threads, thousands, timed};

#[derive(clap::Args)]
pub struct Args {
    /// A folder of workbooks, e.g. from `gen`.
    dir: PathBuf,
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Render the PDF reports of the first N partners only (0: no PDFs).
    #[arg(long)]
    pdf_partners: Option<usize>,
    /// End-to-end runs of `partner-eval evaluate`: none, without PDFs, or
    /// both without and with PDFs (all reports).
    #[arg(long, value_enum, default_value = "all")]
    e2e: EndToEnd,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EndToEnd {
    None,
    Xlsx,
    All,
}

/// One line of the table.
struct Line {
    stage: String,
    figure: String,
    floor: String,
    ratio: String,
    peak_mb: f64,
}

/// Durations and peaks of one stage over the runs.
#[derive(Default)]
struct Stage {
    times: Vec<Duration>,
    /// CPU time of the process, all threads: on a shared machine, what
    /// the stage cost whoever else was running.
    cpu: Vec<Duration>,
    peak_mb: f64,
}

impl Stage {
    /// Runs `f` as this stage: timed, with its peak memory.
    fn run<T>(&mut self, f: impl FnOnce() -> T) -> T {
        util::reset_peak();
        let cpu = util::cpu_time();
        let (out, t) = timed(f);
        self.cpu.push(util::cpu_time().saturating_sub(cpu));
        self.times.push(t);
        self.peak_mb = self.peak_mb.max(util::peak_rss_mb());
        out
    }

    fn secs(&self) -> f64 {
        median(self.times.clone()).as_secs_f64()
    }

    /// `2.31 s, CPU 4.40 s`.
    fn took(&self) -> String {
        format!(
            "{:.2} s, CPU {:.2} s",
            self.secs(),
            median(self.cpu.clone()).as_secs_f64()
        )
    }
}

fn rate(n: f64, secs: f64, unit: &str) -> String {
    format!("{} {unit}/s", thousands(n / secs))
}

fn pct(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

pub fn run(a: &Args) {
    let n = util::cores();
    let files = util::workbooks(&a.dir);
    let mb = util::total_bytes(&files) as f64 / 1e6;
    let [mut floor1, mut floor_n, mut load1, mut load_n]: [Stage; 4] = Default::default();
    let [mut validate, mut scoring1, mut scoring_n, mut excel]: [Stage; 4] = Default::default();
    let (mut rows, mut partners) = (0u64, 0usize);
    let mut last = None;
    for run in 0..a.runs.max(1) {
        eprintln!("run {} of {}", run + 1, a.runs.max(1));
        // The previous run's result would otherwise count in this run's
        // peak memory.
        drop(last.take());
        let cells = floor1.run(|| on_threads(1, || util::read_cells(&files)));
        assert!(cells > 0, "no cells under {}", a.dir.display());
        floor_n.run(|| on_threads(n, || util::read_cells(&files)));
        let loaded = load1.run(|| partner_eval::ingest::load_with(std::slice::from_ref(&a.dir), 1));
        drop(loaded);
        let mut loaded = load_n
            .run(|| partner_eval::ingest::load_with(std::slice::from_ref(&a.dir), n))
            .expect("load");
        rows = crate::ingest::rows_read(&loaded);
        // Validation runs inside loading; again here on the accepted rows,
        // alone, to show its share.
        let mut problems = Vec::new();
        validate.run(|| partner_eval::validate::check(&mut loaded.dataset, &mut problems));
        let (set, opts) = crate::ingest::setup(&loaded);
        let eval = scoring1.run(|| on_threads(1, || score::evaluate_loaded(&loaded, &set, &opts)));
        drop(eval);
        let eval = scoring_n.run(|| on_threads(n, || score::evaluate_loaded(&loaded, &set, &opts)));
        partners = eval.partners.len();
        let out = tempfile::tempdir().expect("temp dir");
        let report = Report {
            eval: &eval,
            set: &set,
            loaded: &loaded,
            lang: Lang::Zh,
        };
        excel.run(|| xlsx::write(out.path(), &report, None).expect("xlsx"));
        last = Some(eval);
    }
    let eval = last.expect("one run");
    let (p, r) = (partners as f64, rows as f64);
    let ingest = |s: &Stage, floor: &Stage, threads: usize| Line {
        stage: format!(
            "ingest (load + validate), {threads} thread{}",
            if threads == 1 { "" } else { "s" }
        ),
        figure: format!(
            "{} · {:.1} MB/s ({})",
            rate(r, s.secs(), "rows"),
            mb / s.secs(),
            s.took()
        ),
        floor: format!(
            "{} · {:.1} MB/s ({})",
            rate(r, floor.secs(), "rows"),
            mb / floor.secs(),
            floor.took()
        ),
        ratio: pct(floor.secs() / s.secs()),
        peak_mb: s.peak_mb,
    };
    let mut lines = vec![
        ingest(&load1, &floor1, 1),
        ingest(&load_n, &floor_n, n),
        Line {
            stage: format!("ingest, {n} threads vs 1"),
            figure: format!("×{:.2}", load1.secs() / load_n.secs()),
            floor: format!("×{:.2}", floor1.secs() / floor_n.secs()),
            ratio: "—".into(),
            peak_mb: load_n.peak_mb,
        },
        Line {
            stage: "validation alone (in ingest above)".into(),
            figure: format!("{} ({})", rate(r, validate.secs(), "rows"), validate.took()),
            floor: "—".into(),
            ratio: "—".into(),
            peak_mb: validate.peak_mb,
        },
    ];
    for (s, threads) in [(&scoring1, 1), (&scoring_n, n)] {
        lines.push(Line {
            stage: format!(
                "scoring, default set, {threads} thread{}",
                if threads == 1 { "" } else { "s" }
            ),
            figure: format!("{} ({})", rate(p, s.secs(), "partners"), s.took()),
            floor: "—".into(),
            ratio: "—".into(),
            peak_mb: s.peak_mb,
        });
    }
    lines.push(Line {
        stage: "Excel workbook (district)".into(),
        figure: format!("{} ({})", rate(p, excel.secs(), "partners"), excel.took()),
        floor: "—".into(),
        ratio: "—".into(),
        peak_mb: excel.peak_mb,
    });
    if a.pdf_partners != Some(0) {
        let sample = crate::pdf::sample(&eval, a.pdf_partners);
        let f = on_threads(n, || crate::pdf::measure(&sample, a.runs));
        let (w, fl) = (f.write.as_secs_f64(), f.floor.as_secs_f64());
        let reports = f.reports as f64;
        lines.push(Line {
            stage: format!("PDF reports ({} documents, {n} threads)", f.reports),
            figure: format!("{:.1} reports/s ({w:.2} s)", reports / w),
            floor: format!("{:.1} reports/s ({fl:.2} s)", reports / fl),
            ratio: pct(fl / w),
            peak_mb: f.peak_mb,
        });
    }
    drop(eval);
    let formats: &[(&str, &str)] = match a.e2e {
        EndToEnd::None => &[],
        EndToEnd::Xlsx => &[("xlsx", "without PDFs")],
        EndToEnd::All => &[("xlsx", "without PDFs"), ("xlsx,pdf", "all reports")],
    };
    for (format, what) in formats {
        let stage = format!("end to end, {what} (`evaluate --format {format}`)");
        let (figure, peak_mb) = match end_to_end(&a.dir, format, a.runs) {
            Ok((secs, peak)) => (
                format!("{secs:.2} s · {} partners/s", thousands(p / secs)),
                peak,
            ),
            Err(why) => (format!("failed: {why}"), 0.0),
        };
        lines.push(Line {
            stage,
            figure,
            floor: "—".into(),
            ratio: "—".into(),
            peak_mb,
        });
    }
    println!();
    println!(
        "{} · {} workbooks, {mb:.1} MB, {} rows, {} partners · {n} threads · median of {} runs",
        a.dir.display(),
        files.len(),
        thousands(r),
        thousands(p),
        a.runs.max(1)
    );
    println!();
    println!("| stage | figure | floor | ratio | peak memory |");
    println!("|---|---|---|---|---|");
    for l in lines {
        println!(
            "| {} | {} | {} | {} | {:.0} MB |",
            l.stage, l.figure, l.floor, l.ratio, l.peak_mb
        );
    }
}

/// `partner-eval evaluate` on `dir`, as a user runs it: the median wall
/// time and the largest peak resident size (from `/usr/bin/time`), or how
/// it failed.
fn end_to_end(dir: &Path, format: &str, runs: usize) -> Result<(f64, f64), String> {
    let exe = std::env::current_exe().expect("own path");
    let cli = exe.with_file_name("partner-eval");
    let (mut times, mut peak) = (Vec::new(), 0f64);
    for _ in 0..runs.max(1) {
        let out = tempfile::tempdir().expect("temp dir");
        let stats = out.path().join("time.txt");
        let status = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%e %M")
            .arg("-o")
            .arg(&stats)
            .arg(&cli)
            .args(["evaluate", "--quiet", "--format", format, "--out"])
            .arg(out.path().join("out"))
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run partner-eval (and /usr/bin/time)");
        if status.code().is_none_or(|c| c >= 2) {
            return Err(format!("partner-eval {status}"));
        }
        let text = std::fs::read_to_string(&stats).expect("time output");
        // The last line: before it, time notes a non-zero exit status (1:
        // some rows rejected, as in the samples).
        let mut it = text.lines().last().unwrap_or("").split_whitespace();
        let secs: f64 = it.next().and_then(|s| s.parse().ok()).expect("seconds");
        let kb: f64 = it.next().and_then(|s| s.parse().ok()).expect("max RSS");
        times.push(Duration::from_secs_f64(secs));
        peak = peak.max(kb / 1024.0);
    }
    Ok((median(times).as_secs_f64(), peak))
}
