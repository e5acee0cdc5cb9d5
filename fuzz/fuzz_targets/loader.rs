//! The workbook loader on arbitrary bytes, through the in-memory entry point
//! `ingest::load_bytes`. The first byte picks the file name (and so xlsb or
//! CSV handling); the kind of a workbook is read from its content. Limits
//! are lowered so that a run stays fast; a limit hit is a clean refusal.
//!
//! The loader catches a panic inside a file-format library and refuses the
//! file ("internal error while reading"): that is its documented outcome,
//! so such a panic is tolerated here and its place printed once. A panic in
//! partner-eval's own code, an abort (a huge allocation), a timeout or
//! running out of memory is a crash.
#![no_main]

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, Once};

use libfuzzer_sys::fuzz_target;
use partner_eval::ingest::{load_bytes, Limits};
use partner_eval::lang::Lang;

const NAMES: [&str; 6] = ["f.xlsx", "f.xls", "f.ods", "f.csv", "f.xlsb", "f.xlsm"];

thread_local! {
    /// Where the last panic happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
static HOOK: Once = Once::new();

/// A dependency's source lives in the cargo registry (an absolute path);
/// partner-eval's own is relative to its package.
fn in_dependency(file: &str) -> bool {
    file.contains("/.cargo/registry/") || file.contains("/rustc/")
}

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{at}: {info}")));
        }));
    });
    let Some((first, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[*first as usize % NAMES.len()];
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_unzipped_bytes: 16 << 20,
        max_rows: 10_000,
        max_cells: 200_000,
        max_cell_chars: 32_767,
    };
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    match load_bytes(Path::new(name), bytes.to_vec(), &limits) {
        Ok(loaded) => {
            for p in &loaded.problems {
                let _ = (p.line(Lang::Zh), p.line(Lang::En));
            }
        }
        Err(fatals) => {
            for f in &fatals {
                let m = f.message(Lang::En);
                let _ = f.message(Lang::Zh);
                if m.contains("internal error") {
                    let at = LAST_PANIC.with(|p| p.borrow().clone()).unwrap_or_default();
                    let file = at.split(':').next().unwrap_or("");
                    // A panic in partner-eval itself is a bug to fix.
                    assert!(in_dependency(file), "panic in partner-eval: {at}");
                    let place = at.split(": ").next().unwrap_or("").to_string();
                    if SEEN.lock().map(|mut s| s.insert(place)).unwrap_or(false) {
                        eprintln!("caught panic in a dependency (file refused): {at}");
                    }
                }
            }
        }
    }
});
