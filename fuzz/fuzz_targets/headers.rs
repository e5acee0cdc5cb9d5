//! The header matcher: folding, column lookup in every sheet spec, header
//! row search, sheet-name matching and the closest-header hint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_eval::ingest::cell::Cell;
use partner_eval::ingest::header::{
    closest, column_letter, fold_header, specs_named, HeaderMatcher,
};
use partner_eval::ingest::reader::Row;
use partner_eval::schema::SHEETS;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = fold_header(text);
    let _ = specs_named(text);
    // Lines are rows, tabs are cells.
    let rows: Vec<Row> = text
        .lines()
        .take(40)
        .enumerate()
        .map(|(i, line)| Row {
            number: i as u32 + 1,
            cells: line
                .split('\t')
                .map(|c| Cell::Text(c.to_string()))
                .collect(),
        })
        .collect();
    for spec in SHEETS {
        let m = HeaderMatcher::new(spec);
        if let Some(i) = m.column(text) {
            assert!(i < spec.columns.len());
        }
        if let Some((at, score)) = m.find_header(&rows) {
            assert!(at < rows.len() && score >= 2);
        }
    }
    let words: Vec<&str> = text.split('\t').collect();
    if let Some(c) = closest(words[0], words.iter().copied()) {
        assert!(words.contains(&c));
    }
    let _ = column_letter(data.len() * 1000);
});
