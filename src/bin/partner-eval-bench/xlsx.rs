//! `xlsx`: the district workbook alone — time and peak memory.

use std::path::Path;

use partner_eval::lang::Lang;
use partner_eval::report::xlsx::{self, Report};
use partner_eval::score;

use crate::util::{self, median, timed};

/// Loads and scores once, then writes the district workbook `runs` times.
pub fn run(dir: &Path, runs: usize) {
    let loaded = partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load");
    let (set, opts) = crate::ingest::setup(&loaded);
    let eval = score::evaluate_loaded(&loaded, &set, &opts);
    let report = Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let before = util::peak_rss_mb();
    let (mut times, mut cpus, mut peak, mut size) = (Vec::new(), Vec::new(), 0f64, 0);
    for _ in 0..runs.max(1) {
        let out = tempfile::tempdir().expect("temp dir");
        util::reset_peak();
        let rss = util::rss_mb();
        let cpu = util::cpu_time();
        let (paths, t) = timed(|| xlsx::write(out.path(), &report, None).expect("xlsx"));
        let cpu = util::cpu_time().saturating_sub(cpu);
        peak = peak.max(util::peak_rss_mb() - rss);
        size = std::fs::metadata(&paths[0]).map_or(0, |m| m.len());
        times.push(t);
        cpus.push(cpu);
        println!(
            "  {:.2} s  (CPU {:.2} s)",
            t.as_secs_f64(),
            cpu.as_secs_f64()
        );
    }
    let wall = median(times).as_secs_f64();
    let mb = size as f64 / 1e6;
    println!(
        "district workbook, {} partners: {wall:.2} s  {:.0} partners/s  {mb:.1} MB file  +{peak:.0} MB peak over the loaded data (process peak before: {before:.0} MB)  {:.1} MB/s  CPU {:.2} s",
        eval.partners.len(),
        eval.partners.len() as f64 / wall,
        mb / wall,
        median(cpus).as_secs_f64()
    );
}
