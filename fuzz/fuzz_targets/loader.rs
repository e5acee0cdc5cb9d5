//! The workbook loader on arbitrary bytes, through the in-memory entry point
//! `ingest::load_bytes`. The first byte picks the file name (and so xlsb or
//! CSV handling); the kind of a workbook is read from its content. Limits
//! are lowered so that a run stays fast; a limit hit is a clean refusal.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use partner_eval::ingest::{load_bytes, Limits};
use partner_eval::lang::Lang;

const NAMES: [&str; 6] = ["f.xlsx", "f.xls", "f.ods", "f.csv", "f.xlsb", "f.xlsm"];

fuzz_target!(|data: &[u8]| {
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
    match load_bytes(Path::new(name), bytes.to_vec(), &limits) {
        Ok(loaded) => {
            for p in &loaded.problems {
                let _ = (p.line(Lang::Zh), p.line(Lang::En));
            }
        }
        Err(fatals) => {
            for f in &fatals {
                let m = f.message(Lang::En);
                // A panic caught inside the loader is a bug all the same.
                assert!(!m.contains("internal error"), "{m}");
                let _ = f.message(Lang::Zh);
            }
        }
    }
});
