//! What every stage measurement needs: medians, thread pools, peak memory,
//! the input files and the calamine floor.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::Reader;
use rayon::prelude::*;

/// The median of some durations (the upper one of an even count).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Runs `f` and returns its result with the wall time it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

/// Runs `f` on a rayon pool of `threads` threads: every `par_iter` inside
/// (the loader's, scoring's, the PDF writer's) uses that pool.
pub fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(f)
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Resets the peak resident memory (VmHWM) to the current resident size,
/// so the next [`peak_rss_mb`] is the peak of what runs in between.
/// Linux ≥ 4.0; elsewhere the peak stays the process's.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory (VmHWM) of this process, in MB.
pub fn peak_rss_mb() -> f64 {
    status_kb("VmHWM:") as f64 / 1024.0
}

/// The resident memory (VmRSS) of this process now, in MB.
pub fn rss_mb() -> f64 {
    status_kb("VmRSS:") as f64 / 1024.0
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time (user + system) this process has used so far, all threads:
/// unlike wall time, barely changed by other processes on a shared machine.
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th, in clock ticks of 1/100 s.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Every `.xlsx` under `dir`, sorted.
pub fn workbooks(dir: &Path) -> Vec<PathBuf> {
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

/// Total size of some files, in bytes.
pub fn total_bytes(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// Reads every cell of every sheet of one workbook with calamine's
/// streaming reader and does nothing with them.
fn read_cells_of(file: &Path) -> u64 {
    let mut n = 0u64;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(file).expect("open");
    for name in book.sheet_names() {
        let mut cells = book.worksheet_cells_reader(&name).expect("sheet");
        while let Ok(Some(cell)) = cells.next_cell() {
            std::hint::black_box(cell.get_value());
            n += 1;
        }
    }
    n
}

/// The floor partner-eval's loader stands on: calamine reading the same
/// cells with no processing, one file per task on the current pool (call
/// inside [`on_threads`]). Returns the number of cells.
pub fn read_cells(files: &[PathBuf]) -> u64 {
    files.par_iter().map(|f| read_cells_of(f)).sum()
}

/// `1,234,567`.
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
