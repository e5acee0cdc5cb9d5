//! PDF rendering against its floor: Typst compiling the same documents
//! from the same precomputed inputs, with no data preparation and no file
//! written.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Engine, Templates};
use partner_eval::score::Evaluation;

use crate::util::{self, median, timed};

/// Medians of one measurement.
pub struct Figures {
    /// Reports written per run (partners + the district report).
    pub reports: usize,
    /// `pdf::write`: data preparation, compile, export, file written.
    pub write: Duration,
    /// Typst alone: compile and export from precomputed inputs.
    pub floor: Duration,
    /// CPU time of all threads, per run, of `pdf::write` and of the floor:
    /// the figures to compare on a machine shared with other work, where
    /// wall time depends on what else runs.
    pub write_cpu: Duration,
    pub floor_cpu: Duration,
    /// Peak resident memory during the runs, MB.
    pub peak_mb: f64,
}

/// An evaluation restricted to its first `partners` partners, so that a
/// city can be measured on a sample of its reports.
pub fn sample(eval: &Evaluation, partners: Option<usize>) -> Evaluation {
    let mut e = eval.clone();
    if let Some(n) = partners {
        e.partners.truncate(n);
    }
    e
}

/// Times `pdf::write` and its floor on all the current pool's threads.
pub fn measure(eval: &Evaluation, runs: usize) -> Figures {
    let templates = Templates::builtin();
    let opts = pdf::Options {
        lang: Lang::Zh,
        evaluator: None,
        templates: &templates,
        placement: Default::default(),
        progress: false,
    };
    pdf::fonts::all();
    // The inputs of every document, prepared once, outside the floor's time,
    // in the order `pdf::write` compiles them.
    let parts = pdf::district_parts(eval);
    let inputs: Vec<(&str, serde_json::Value)> = pdf::schedule(parts.len(), eval.partners.len())
        .into_iter()
        .map(|job| match job {
            pdf::Job::District(k) => {
                let data = pdf::district_data(eval, &parts[k], &opts).expect("district data");
                ("/district.typ", data)
            }
            pdf::Job::Partner(i) => {
                let data = pdf::partner_data(eval, i, &opts).expect("partner data");
                ("/partner.typ", data)
            }
        })
        .collect();
    util::reset_peak();
    let (mut write, mut floor) = (Vec::new(), Vec::new());
    let (mut write_cpu, mut floor_cpu) = (Vec::new(), Vec::new());
    let mut reports = 0;
    for _ in 0..runs.max(1) {
        let out = tempfile::tempdir().expect("temp dir");
        let cpu = util::cpu_time();
        let (written, t) = timed(|| pdf::write(out.path(), eval, &opts).expect("pdf"));
        write_cpu.push(util::cpu_time() - cpu);
        reports = written.partners.len() + written.districts.len();
        write.push(t);
        drop(out);
        // On the same big-stack threads, with one shared engine, as
        // `pdf::write`.
        let pool = pdf::render_pool().expect("render threads");
        let cpu = util::cpu_time();
        // Scheduled as `pdf::write` does: plain threads take the documents
        // in turn, each compiling on the big-stack pool.
        let (bytes, t) = timed(|| {
            let engine = pool.install(|| Engine::new(&templates));
            let next = AtomicUsize::new(0);
            std::thread::scope(|s| {
                let workers: Vec<_> = (0..pool.current_num_threads())
                    .map(|_| {
                        s.spawn(|| {
                            let mut bytes = 0;
                            while let Some((main, data)) =
                                inputs.get(next.fetch_add(1, Ordering::Relaxed))
                            {
                                let pdf = pool
                                    .install(|| engine.pdf(main, data, eval.evaluation_date))
                                    .expect("compile");
                                bytes += std::hint::black_box(pdf).len();
                            }
                            bytes
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|w| w.join().expect("floor thread"))
                    .sum::<usize>()
            })
        });
        floor_cpu.push(util::cpu_time() - cpu);
        assert!(bytes > 0);
        floor.push(t);
    }
    Figures {
        reports,
        write: median(write),
        floor: median(floor),
        write_cpu: median(write_cpu),
        floor_cpu: median(floor_cpu),
        peak_mb: util::peak_rss_mb(),
    }
}

pub fn run(dir: &Path, runs: usize, partners: Option<usize>) {
    let loaded = partner_eval::ingest::load(&[dir.to_path_buf()]).expect("load");
    let eval = sample(&crate::ingest::evaluate(&loaded), partners);
    drop(loaded);
    let f = measure(&eval, runs);
    let (w, fl) = (f.write.as_secs_f64(), f.floor.as_secs_f64());
    println!(
        "reports {}  threads {}  runs {runs}",
        f.reports,
        rayon::current_num_threads()
    );
    let cpu_ms = |d: Duration| d.as_secs_f64() * 1000.0 / f.reports as f64;
    println!(
        "write all PDFs     {w:>8.2} s  {:>7.1} reports/s  {:>6.1} ms/report  CPU {:>6.1} ms/report",
        f.reports as f64 / w,
        w * 1000.0 / f.reports as f64,
        cpu_ms(f.write_cpu)
    );
    println!(
        "floor (Typst only) {fl:>8.2} s  {:>7.1} reports/s  ratio {:>3.0} %      CPU {:>6.1} ms/report",
        f.reports as f64 / fl,
        100.0 * fl / w,
        cpu_ms(f.floor_cpu)
    );
    println!("peak memory        {:>8.0} MB", f.peak_mb);
}
