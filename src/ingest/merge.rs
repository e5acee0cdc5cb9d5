//! Reading files on several threads and merging what each read.
//!
//! Each file is loaded on its own into a partial [`Loaded`] whose sheet
//! indices start at 0; merging appends the partials in file order and shifts
//! every record's [`Origin`](crate::model::Origin) by the sheets already
//! merged, so the merged dataset is exactly what a single thread would build.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Fatal, Loaded};

/// What one file gave: its partial load and the reasons it was refused.
pub type Part = (Loaded, Vec<Fatal>);

/// Runs `read` on every file with up to `threads` workers; results come back
/// in the order of `files`. `progress(done, total)` is called after each file.
pub fn read_all(
    files: &[PathBuf],
    threads: usize,
    read: impl Fn(&PathBuf) -> Part + Sync,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Part> {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Part>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.min(files.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let result = read(file);
                if let Ok(mut slots) = done.lock() {
                    slots[i] = Some(result);
                }
                progress(finished.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            });
        }
    });
    done.into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Appends a partial load, shifting its records' sheet indices.
pub fn append(into: &mut Loaded, part: Loaded) {
    let offset = into.dataset.sheets.len() as u32;
    let (ds, from) = (&mut into.dataset, part.dataset);
    macro_rules! shift {
        ($($table:ident),+) => {$(
            ds.$table.extend(from.$table.into_iter().map(|mut r| {
                r.origin.sheet += offset;
                r
            }));
        )+};
    }
    shift!(
        partners,
        services,
        fund_payments,
        financials,
        survey_responses,
        survey_totals,
        complaints,
        spaces,
        space_usage,
        rectifications,
        market_prices,
        volunteering
    );
    ds.sheets.extend(from.sheets);
    into.problems.extend(part.problems);
    into.notes.extend(part.notes);
    into.files.extend(part.files);
    into.macros_ignored.extend(part.macros_ignored);
}
