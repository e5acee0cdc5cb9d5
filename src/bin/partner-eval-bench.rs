//! Benchmarks of partner-eval's stages on generated data.
//!
//! ```sh
//! cargo run --release --bin partner-eval-bench -- gen --partners 5000 --rows 1000000 --out /tmp/pe-1m
//! cargo run --release --bin partner-eval-bench -- ingest /tmp/pe-1m --runs 3
//! cargo run --release --bin partner-eval-bench -- pdf samples/ --runs 3
//! ```
//! `ingest` reports, as medians over the runs: the floor (calamine reading
//! the same cells with no processing), partner-eval's load and validation,
//! and scoring with the default indicator set; then rows per second, MB per
//! second, the ratio to the floor, and the peak resident memory of the
//! process (VmHWM).
//!
//! `pdf` scores a folder and writes every PDF report (one per partner and
//! the district one) to a temporary folder, on all cores as `evaluate`
//! does; it reports the median wall time and reports per second.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::Reader;
use clap::{Parser, Subcommand};
use partner_eval::indicators::IndicatorSet;
use partner_eval::samples::{self, Scale};
use partner_eval::score::{self, Options};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate district-style data of a given size.
    Gen {
        #[arg(long, default_value_t = 5000)]
        partners: usize,
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Time loading, validating and scoring a folder of workbooks.
    Ingest {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Time writing the PDF reports of a folder of workbooks.
    Pdf {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

fn main() {
    match Cli::parse().command {
        Command::Gen {
            partners,
            rows,
            out,
        } => {
            let mut opts = samples::Options::new(Scale::District);
            opts.partners = Some(partners);
            opts.service_rows = Some(rows);
            let t = Instant::now();
            let summary = samples::generate(&out, &opts).expect("generate");
            println!(
                "generated {} workbooks, {} partners in {:.1} s",
                summary.workbooks,
                summary.partners,
                t.elapsed().as_secs_f64()
            );
        }
        Command::Ingest { dir, runs } => ingest(&dir, runs),
        Command::Pdf { dir, runs } => pdf(&dir, runs),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ingest(dir: &Path, runs: usize) {
    let files = workbooks(dir);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let (mut floor, mut load, mut scoring) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = 0u64;
    let mut partners = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let cells = read_cells(&files);
        floor.push(t.elapsed());
        let t = Instant::now();
        let loaded = partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load");
        load.push(t.elapsed());
        rows = loaded.dataset.sheets.iter().map(|s| s.counts.read).sum();
        let set = IndicatorSet::default_set().expect("default set");
        let period = score::busiest_year(&loaded.dataset).expect("records");
        let t = Instant::now();
        let eval = score::evaluate(
            &loaded.dataset,
            &set,
            &Options {
                period,
                date: period.end(),
            },
        );
        scoring.push(t.elapsed());
        partners = eval.partners.len();
        assert!(cells > 0);
    }
    let (floor, load, scoring) = (median(floor), median(load), median(scoring));
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "files {}  bytes {:.1} MB  rows {rows}  partners {partners}  runs {runs}",
        files.len(),
        bytes as f64 / 1e6
    );
    println!("floor (calamine, cells only)  {:>8.2} s", secs(floor));
    println!(
        "load + validate               {:>8.2} s  {:>9.0} rows/s  {:>6.1} MB/s  {:.2}× floor",
        secs(load),
        rows as f64 / secs(load),
        bytes as f64 / 1e6 / secs(load),
        secs(load) / secs(floor)
    );
    println!("score (default set)           {:>8.2} s", secs(scoring));
    println!(
        "peak memory (VmHWM)           {:>8} MB",
        peak_rss_kb() / 1024
    );
}

fn pdf(dir: &Path, runs: usize) {
    use partner_eval::report::pdf;
    let loaded = partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load");
    let set = IndicatorSet::default_set().expect("default set");
    let period = score::busiest_year(&loaded.dataset).expect("records");
    let options = Options {
        period,
        date: period.end(),
    };
    let eval = score::evaluate_loaded(&loaded, &set, &options);
    let templates = pdf::Templates::builtin();
    let opts = pdf::Options {
        lang: partner_eval::lang::Lang::Zh,
        evaluator: None,
        templates: &templates,
        problems: (0, 0),
        progress: false,
    };
    let t = Instant::now();
    pdf::fonts::all();
    let fonts = t.elapsed();
    let mut times = Vec::new();
    let mut reports = 0;
    for _ in 0..runs.max(1) {
        let out = tempfile::tempdir().expect("temp dir");
        let t = Instant::now();
        reports = pdf::write(out.path(), &eval, &opts)
            .expect("pdf")
            .paths
            .len();
        times.push(t.elapsed());
    }
    let wall = median(times).as_secs_f64();
    println!(
        "reports {reports}  threads {}  runs {runs}",
        rayon::current_num_threads()
    );
    println!("fonts parsed once  {:>8.3} s", fonts.as_secs_f64());
    println!(
        "write all PDFs     {:>8.2} s  {:>7.1} reports/s  {:>6.1} ms/report",
        wall,
        reports as f64 / wall,
        wall * 1000.0 / reports as f64
    );
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads every cell of every sheet with calamine's streaming reader and
/// does nothing with them: the floor partner-eval's loader stands on.
fn read_cells(files: &[PathBuf]) -> u64 {
    let mut n = 0u64;
    for f in files {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(f).expect("open");
        for name in book.sheet_names() {
            let mut cells = book.worksheet_cells_reader(&name).expect("sheet");
            while let Ok(Some(cell)) = cells.next_cell() {
                std::hint::black_box(cell.get_value());
                n += 1;
            }
        }
    }
    n
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
