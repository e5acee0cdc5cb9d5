//! Benchmarks of partner-eval's stages on generated data.
//!
//! ```sh
//! cargo build --release
//! B=target/release/partner-eval-bench
//! $B gen --scale district --out /tmp/pe-district     # ≈600 partners, 120,000 rows
//! $B stages /tmp/pe-district --runs 5                # the README's table
//! $B gen --scale city --out /tmp/pe-city             # 30,000 partners, 6,000,000 rows
//! $B stages /tmp/pe-city --runs 3 --pdf-partners 600
//! ```
//! `stages` measures every stage separately and end to end, each as the
//! median of `--runs`, next to the floor it stands on, and prints a Markdown
//! table (see `stages.rs`). `ingest`, `score` and `pdf` time one stage
//! alone, for profiling (`perf record -g target/release/partner-eval-bench
//! score /tmp/pe-city --runs 3`).

/// The allocator `partner-eval` uses, so the stages are measured as it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod ingest;
mod pdf;
mod stages;
mod util;
mod xlsx;

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use partner_eval::samples::{self, Scale};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate data: the samples (small), one district (≈600 partners,
    /// 120,000 service rows, one workbook per community) or a city (30,000
    /// partners, 6,000,000 rows, 3,000 workbooks). Deterministic.
    Gen {
        #[arg(long, value_enum, default_value = "district")]
        scale: Scale,
        /// Number of partners instead of the scale's (district and city).
        #[arg(long)]
        partners: Option<usize>,
        /// Number of service rows instead of the scale's (district and city).
        #[arg(long)]
        rows: Option<usize>,
        #[arg(long, default_value_t = samples::DEFAULT_SEED)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Every stage separately and end to end, with floors: a Markdown table.
    Stages(stages::Args),
    /// Time loading, validating and scoring a folder of workbooks.
    Ingest {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Time scoring alone: load once, score `--runs` times.
    Score {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Time writing the district workbook, with its peak memory.
    Xlsx {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Time writing the PDF reports of a folder, and the Typst floor.
    Pdf {
        dir: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Render the reports of the first N partners only (and the
        /// district report of those).
        #[arg(long)]
        partners: Option<usize>,
    },
}

fn main() {
    match Cli::parse().command {
        Command::Gen {
            scale,
            partners,
            rows,
            seed,
            out,
        } => {
            let mut opts = samples::Options::new(scale);
            opts.seed = seed;
            opts.partners = partners;
            opts.service_rows = rows;
            let t = Instant::now();
            let summary = samples::generate(&out, &opts).expect("generate");
            let service_rows = summary
                .rows
                .get(&partner_eval::schema::SheetKind::Services)
                .copied()
                .unwrap_or(0);
            println!(
                "generated {} workbooks, {} partners, {} service rows in {:.1} s",
                summary.workbooks,
                summary.partners,
                service_rows,
                t.elapsed().as_secs_f64()
            );
        }
        Command::Stages(args) => stages::run(&args),
        Command::Ingest { dir, runs } => ingest::run(&dir, runs),
        Command::Score { dir, runs, threads } => ingest::score(&dir, runs, threads),
        Command::Xlsx { dir, runs } => xlsx::run(&dir, runs),
        Command::Pdf {
            dir,
            runs,
            partners,
        } => pdf::run(&dir, runs, partners),
    }
}
