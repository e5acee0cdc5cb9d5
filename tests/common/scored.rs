//! Small workbooks scored for 2025, as most scoring tests need them: one
//! copy of loading a book the test wrote, scoring it and finding a partner.

use partner_eval::indicators::IndicatorSet;
use partner_eval::lang::Lang;
use partner_eval::model::Dataset;
use partner_eval::score::{self, Evaluation, Options, PartnerResult};
use rust_decimal::Decimal;

use super::{temp, write_book, Sheet};

/// A decimal from its text.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A row of cells from their texts.
pub fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The calendar year 2025, evaluated on its last day.
pub fn year_2025() -> Options {
    Options {
        period: "2025".parse().unwrap(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    }
}

/// Panics with every problem of a load that should have none.
pub fn assert_no_problems(loaded: &partner_eval::ingest::Loaded) {
    assert!(
        loaded.problems.is_empty(),
        "{:?}",
        loaded
            .problems
            .iter()
            .map(|p| p.line(Lang::En))
            .collect::<Vec<_>>()
    );
}

/// `sheets` written as one community's workbook and loaded, with no problem.
pub fn load_book(sheets: &[Sheet]) -> Dataset {
    let (_dir, path) = temp();
    let file = path.join("社区.xlsx");
    write_book(&file, sheets);
    let loaded = partner_eval::ingest::load(&[file]).unwrap_or_else(|f| panic!("{f:?}"));
    assert_no_problems(&loaded);
    loaded.dataset
}

/// `ds` scored with `set` for 2025.
pub fn evaluate_2025(ds: &Dataset, set: &IndicatorSet) -> Evaluation {
    score::evaluate(ds, set, &year_2025())
}

/// The partner with id `id`.
pub fn partner<'a>(e: &'a Evaluation, id: &str) -> &'a PartnerResult {
    e.partners
        .iter()
        .find(|p| p.partner_id == id)
        .unwrap_or_else(|| panic!("no partner {id}"))
}
