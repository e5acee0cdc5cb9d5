//! A row reported in a CSV input is the row a spreadsheet shows for that
//! record when Excel or WPS opens the file: the header line is row 1.
//!
//! `tests/fixtures/csv-rows` is `gbk-csv` (saved with CRLF, as Excel and WPS
//! do on Windows) with two planted errors:
//! - 满意度调查.csv, rewritten as UTF-8 with a BOM: a blank line at row 4
//!   and an overall score of 9 for MY-0003 at row 5;
//! - 服务记录.csv (GBK): its header has a quoted cell over two lines
//!   ("时长\n(小时)"), and FW-0003's 服务人次 is `abc` at row 4 (text line 5).

mod common;

use common::*;
use partner_eval::lang::Lang;

#[test]
fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
    let loaded = partner_eval::ingest::load(&[fixture("csv-rows")]).unwrap_or_else(|f| {
        panic!(
            "{:?}",
            f.iter().map(|f| f.message(Lang::En)).collect::<Vec<_>>()
        )
    });
    let at = |sheet_file: &str, value: &str| {
        let p = loaded
            .problems
            .iter()
            .find(|p| p.location.file.ends_with(sheet_file) && p.value == value)
            .unwrap_or_else(|| {
                panic!(
                    "no problem with {value} in {sheet_file}: {:?}",
                    loaded
                        .problems
                        .iter()
                        .map(|p| p.line(Lang::En))
                        .collect::<Vec<_>>()
                )
            });
        (p.location.row, p.line(Lang::Zh))
    };
    let (row, line) = at("满意度调查.csv", "9");
    assert_eq!(row, 5, "{line}");
    assert!(line.contains("第 5 行"), "{line}");
    let (row, line) = at("服务记录.csv", "abc");
    assert_eq!(row, 4, "{line}");
    // Records that load cite the same rows as evidence.
    let services = &loaded.dataset.services;
    let fw4 = services.iter().find(|s| s.record_id == "FW-0004").unwrap();
    assert_eq!(fw4.origin.row, 5);
    let my1 = loaded
        .dataset
        .survey_responses
        .first()
        .expect("MY-0001 loads");
    assert_eq!(my1.origin.row, 2);
}

/// The unchanged GBK fixture: every record's row is its position under the
/// header, whatever the header's line breaks.
#[test]
fn crlf_csv_records_start_at_row_two() {
    let loaded = partner_eval::ingest::load(&[fixture("gbk-csv")]).unwrap();
    let rows: Vec<u32> = loaded
        .dataset
        .fund_payments
        .iter()
        .map(|f| f.origin.row)
        .collect();
    assert_eq!(rows, [2, 3]);
    let rows: Vec<u32> = loaded
        .dataset
        .services
        .iter()
        .map(|s| s.origin.row)
        .collect();
    assert_eq!(rows, [2, 3, 4, 5, 6]);
}
