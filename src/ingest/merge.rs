//! Reading files on several threads and merging what each read.
//!
//! Each file is loaded on its own into a partial [`Loaded`] whose sheet
//! indices start at 0; merging appends the partials in file order and shifts
//! every record's [`Origin`](crate::model::Origin) by the sheets already
//! merged, so the merged dataset is exactly what a single thread would build.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;

use super::{Fatal, Loaded};

/// What one file gave: its partial load and the reasons it was refused.
pub type Part = (Loaded, Vec<Fatal>);

/// Runs `read` on every file with up to `threads` workers and hands each
/// part to `take` in the order of `files` as soon as it and the parts
/// before it are read: memory then holds what was merged and the few parts
/// read ahead, not every file's part at once. `progress(done, total)` is
/// called after each file. A panic in `read` is passed on.
pub fn read_all(
    files: &[PathBuf],
    threads: usize,
    read: impl Fn(&PathBuf) -> Part + Sync,
    progress: &(dyn Fn(usize, usize) + Sync),
    mut take: impl FnMut(Part),
) {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<thread::Result<Part>>>> =
        Mutex::new((0..files.len()).map(|_| None).collect());
    let filled = Condvar::new();
    let lock = || slots.lock().unwrap_or_else(PoisonError::into_inner);
    thread::scope(|s| {
        for _ in 0..threads.min(files.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let result = panic::catch_unwind(AssertUnwindSafe(|| read(file)));
                lock()[i] = Some(result);
                filled.notify_one();
                progress(finished.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            });
        }
        for i in 0..files.len() {
            let mut slots = lock();
            let result = loop {
                match slots[i].take() {
                    Some(result) => break result,
                    None => slots = filled.wait(slots).unwrap_or_else(PoisonError::into_inner),
                }
            };
            drop(slots);
            match result {
                Ok(part) => take(part),
                Err(panic) => panic::resume_unwind(panic),
            }
        }
    });
}

/// Calls macro `$m` with the record tables of a dataset.
macro_rules! tables {
    ($m:ident) => {
        $m!(
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
        )
    };
}

/// Gives back the room the tables grew into while parts were appended
/// and that no record uses: up to half of a table.
pub fn fit(into: &mut Loaded) {
    let ds = &mut into.dataset;
    macro_rules! fit {
        ($($table:ident),+) => {$(
            ds.$table.shrink_to_fit();
        )+};
    }
    tables!(fit);
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
    tables!(shift);
    ds.sheets.extend(from.sheets);
    into.problems.extend(part.problems);
    into.notes.extend(part.notes);
    into.files.extend(part.files);
    into.macros_ignored.extend(part.macros_ignored);
}
