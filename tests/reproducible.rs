//! Same inputs, indicator set, engine and `--date` → byte-identical
//! results.json, results.csv, workbook and PDF reports, whatever the order
//! of the input files and whatever the number of threads (issue 8 item 4).
//! Order-dependent floating point (the Monte Carlo, TOPSIS) runs per draw
//! and per district in a fixed order, so it cannot move a grade or a rank.

mod common;

use std::path::{Path, PathBuf};

use partner_eval::indicators::IndicatorSet;
use partner_eval::lang::Lang;
use partner_eval::report::{self, pdf, xlsx};
use partner_eval::samples::rng::Rng;
use partner_eval::score;

/// Every output of one run, read back as bytes, by file name.
fn run(inputs: &[PathBuf], threads: usize) -> Vec<(String, Vec<u8>)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let loaded = partner_eval::ingest::load_with(inputs, threads).unwrap();
        let set = IndicatorSet::default_set().unwrap();
        let period = score::busiest_year(&loaded.dataset).unwrap();
        let options = score::Options {
            period,
            date: period.end(),
        };
        let eval = score::evaluate_loaded(&loaded, &set, &options);
        let out = tempfile::tempdir().unwrap();
        report::write_json(&out.path().join("results.json"), &eval).unwrap();
        report::csv::write(&out.path().join("results.csv"), &eval, Lang::Zh).unwrap();
        let r = xlsx::Report {
            eval: &eval,
            set: &set,
            loaded: &loaded,
            lang: Lang::Zh,
        };
        xlsx::write(out.path(), &r, None).unwrap();
        // The district report and a handful of partner reports.
        let some = score::Evaluation {
            partners: eval.partners.iter().step_by(12).cloned().collect(),
            ..eval.clone()
        };
        let t = pdf::Templates::builtin();
        let opts = pdf::Options {
            lang: Lang::Zh,
            evaluator: Some("评估组"),
            templates: &t,
            placement: Default::default(),
            progress: false,
        };
        pdf::write(out.path(), &some, &opts).unwrap();
        let mut files = Vec::new();
        collect(out.path(), out.path(), &mut files);
        files.sort();
        files
    })
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
}

#[test]
fn shuffled_inputs_and_thread_counts_give_the_same_bytes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/郫都区-2025");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let reference = run(&files, 1);
    assert!(reference.len() >= 9, "{} files written", reference.len());
    for (seed, threads) in [(1, 2), (2, 1), (3, 2)] {
        Rng::new(seed).shuffle(&mut files);
        let again = run(&files, threads);
        assert_eq!(
            reference.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            again.iter().map(|(n, _)| n).collect::<Vec<_>>()
        );
        for ((name, a), (_, b)) in reference.iter().zip(&again) {
            assert!(
                a == b,
                "{name} differs (seed {seed}, {threads} threads; order {files:?})"
            );
        }
    }
}

/// Rows in another order (a community that keeps its sheets sorted another
/// way, files merged in another order): the same total, grade, decision,
/// ranks, TOPSIS rank, rank interval and gap for every partner. Every
/// record table and the registry are reversed in memory; money and points
/// are exact decimals, and the floating point of TOPSIS and the Monte Carlo
/// runs per district in ranking order, not in row order.
#[test]
fn rows_in_another_order_give_the_same_grades_and_ranks() {
    let (mut loaded, set, eval) = common::evaluated_samples();
    let ds = &mut loaded.dataset;
    ds.partners.reverse();
    ds.services.reverse();
    ds.fund_payments.reverse();
    ds.financials.reverse();
    ds.survey_responses.reverse();
    ds.survey_totals.reverse();
    ds.complaints.reverse();
    ds.spaces.reverse();
    ds.space_usage.reverse();
    ds.rectifications.reverse();
    ds.market_prices.reverse();
    ds.volunteering.reverse();
    let options = score::Options {
        period: eval.period,
        date: eval.evaluation_date,
    };
    let again = score::evaluate_loaded(&loaded, &set, &options);
    assert_eq!(again.partners.len(), eval.partners.len());
    let summary = |p: &score::PartnerResult| {
        serde_json::json!({
            "total": p.total, "grade": p.grade, "stars": p.stars,
            "decision": p.decision, "ranks": p.ranks,
            "topsis": p.topsis.as_ref().map(|t| t.rank),
            "interval": p.sensitivity.as_ref().map(|s| (s.rank_low, s.median_rank, s.rank_high, s.borderline)),
            "gap": p.gap, "flags": p.flags.iter().map(|f| (&f.id, f.level)).collect::<Vec<_>>(),
        })
    };
    for p in &eval.partners {
        let q = again
            .partners
            .iter()
            .find(|q| q.partner_id == p.partner_id)
            .unwrap();
        assert_eq!(summary(p), summary(q), "{}", p.partner_id);
    }
}
