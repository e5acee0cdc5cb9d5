//! `ingest` and `score`: one stage at a time, for profiling.

use std::path::Path;
use std::time::Duration;

use partner_eval::indicators::IndicatorSet;
use partner_eval::ingest::Loaded;
use partner_eval::score::{self, Evaluation, Options};

use crate::util::{self, median, timed};

/// The default set and the period `evaluate` would choose.
pub fn setup(loaded: &Loaded) -> (IndicatorSet, Options) {
    let set = IndicatorSet::default_set().expect("default set");
    let period = score::busiest_year(&loaded.dataset).expect("records");
    let opts = Options {
        period,
        date: period.end(),
    };
    (set, opts)
}

/// Scores a load with the default set, as `evaluate` does.
pub fn evaluate(loaded: &Loaded) -> Evaluation {
    let (set, opts) = setup(loaded);
    score::evaluate_loaded(loaded, &set, &opts)
}

/// Rows read, over every sheet.
pub fn rows_read(loaded: &Loaded) -> u64 {
    loaded.dataset.sheets.iter().map(|s| s.counts.read).sum()
}

/// Runs `f`, returning its result with the wall and CPU time it took.
fn timed_cpu<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let cpu = util::cpu_time();
    let (out, t) = timed(f);
    (out, t, util::cpu_time().saturating_sub(cpu))
}

pub fn run(dir: &Path, runs: usize) {
    let files = util::workbooks(dir);
    let bytes = util::total_bytes(&files);
    let (mut floor, mut load, mut scoring) = (Vec::new(), Vec::new(), Vec::new());
    let (mut floor_cpu, mut load_cpu) = (Vec::new(), Vec::new());
    let (mut rows, mut partners) = (0, 0);
    for _ in 0..runs.max(1) {
        let (cells, t, cpu) = timed_cpu(|| util::read_cells(&files));
        assert!(cells > 0);
        floor.push(t);
        floor_cpu.push(cpu);
        let (loaded, t, cpu) =
            timed_cpu(|| partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load"));
        load.push(t);
        load_cpu.push(cpu);
        rows = rows_read(&loaded);
        let (set, opts) = setup(&loaded);
        let (eval, t) = timed(|| score::evaluate_loaded(&loaded, &set, &opts));
        scoring.push(t);
        partners = eval.partners.len();
    }
    let (floor, load, scoring) = (median(floor), median(load), median(scoring));
    let (floor_cpu, load_cpu) = (median(floor_cpu), median(load_cpu));
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "files {}  bytes {:.1} MB  rows {rows}  partners {partners}  runs {runs}  threads {}",
        files.len(),
        bytes as f64 / 1e6,
        util::cores()
    );
    println!(
        "floor (calamine, cells only)  {:>8.2} s  CPU {:.2} s",
        secs(floor),
        secs(floor_cpu)
    );
    println!(
        "load + validate               {:>8.2} s  CPU {:.2} s  {:>9.0} rows/s  {:>6.1} MB/s  {:.2}× floor ({:.2}× in CPU)",
        secs(load),
        secs(load_cpu),
        rows as f64 / secs(load),
        bytes as f64 / 1e6 / secs(load),
        secs(load) / secs(floor),
        secs(load_cpu) / secs(floor_cpu)
    );
    println!("score (default set)           {:>8.2} s", secs(scoring));
    println!(
        "peak memory (VmHWM)           {:>8.0} MB",
        util::peak_rss_mb()
    );
}

/// Loads once, then scores `runs` times on `threads` threads.
pub fn score(dir: &Path, runs: usize, threads: Option<usize>) {
    let threads = threads.unwrap_or_else(util::cores);
    let (loaded, t, load_cpu) =
        timed_cpu(|| partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load"));
    println!(
        "load {} rows: {:.2} s (CPU {:.2} s), peak memory (VmHWM) {:.0} MB",
        rows_read(&loaded),
        t.as_secs_f64(),
        load_cpu.as_secs_f64(),
        util::peak_rss_mb()
    );
    let (set, opts) = setup(&loaded);
    let (mut times, mut cpu) = (Vec::new(), Vec::new());
    let mut partners = 0;
    for _ in 0..runs.max(1) {
        let before = util::cpu_time();
        let (eval, t) = util::on_threads(threads, || {
            timed(|| score::evaluate_loaded(&loaded, &set, &opts))
        });
        let used = util::cpu_time().saturating_sub(before);
        partners = eval.partners.len();
        times.push(t);
        cpu.push(used);
        println!(
            "  {:.3} s wall, {:.2} s CPU",
            t.as_secs_f64(),
            used.as_secs_f64()
        );
    }
    let wall = median(times).as_secs_f64();
    println!(
        "score {partners} partners on {threads} threads: {wall:.3} s  {:.0} partners/s  (median; CPU {:.2} s)",
        partners as f64 / wall,
        median(cpu).as_secs_f64()
    );
    println!("peak memory (VmHWM)  {:.0} MB", util::peak_rss_mb());
}
