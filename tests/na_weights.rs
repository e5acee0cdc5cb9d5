//! Revised N/A rules (DOMAIN.md §3.10 R1, R3) on workbooks the tests
//! write: the capped transfer of N/A weight, percentile indicators whose
//! peers do not spread, indicators fed only by an optional sheet, and the
//! empty cell of results.csv; then two sample partners by id.

mod common;

use std::path::Path;

use common::scored::{assert_no_problems, d, partner, row, year_2025};
use common::*;
use partner_eval::indicators::IndicatorSet;
use partner_eval::lang::Lang;
use partner_eval::score::{self, Evaluation, PartnerResult, Status};
use rust_decimal::Decimal;

/// Loads the given files, with no problem reported.
fn load(files: &[&Path]) -> partner_eval::ingest::Loaded {
    let files: Vec<_> = files.iter().map(|f| f.to_path_buf()).collect();
    let loaded = partner_eval::ingest::load(&files).unwrap_or_else(|f| panic!("{f:?}"));
    assert_no_problems(&loaded);
    loaded
}

fn evaluate(loaded: &partner_eval::ingest::Loaded) -> Evaluation {
    let set = IndicatorSet::default_set().unwrap();
    score::evaluate_loaded(loaded, &set, &year_2025())
}

fn dim<'a>(p: &'a PartnerResult, id: &str) -> &'a score::DimensionResult {
    p.dimensions.iter().find(|x| x.id == id).unwrap()
}

/// Partners without a fund agreement (F1, F2 N/A) whose services are all
/// free (no revenue: F3 N/A), one free session each, in 犀浦社区.
fn registry(ids: &[&str]) -> Vec<Vec<String>> {
    let mut rows = vec![row(PARTNER_HEADER)];
    for id in ids {
        let mut r = partner_row(id, &format!("合伙人{id}"));
        r[13] = "无".into();
        r[14] = String::new();
        r[15] = String::new();
        rows.push(r);
    }
    rows
}

fn services(ids: &[&str]) -> Vec<Vec<String>> {
    let mut rows = vec![row(SERVICE_HEADER)];
    for id in ids {
        rows.push(row(&[
            &format!("FW-{id}"),
            id,
            "d:2025-03-07",
            "养老",
            "健康讲座",
            "公益",
            "0",
            "",
            "25",
            "5",
        ]));
    }
    rows
}

/// Volunteer hours per partner, one row each.
fn volunteering(hours: &[(&str, &str)]) -> (String, Vec<Vec<String>>) {
    let mut rows = vec![row(&[
        "合伙人编号",
        "日期",
        "志愿时长(小时)",
        "实物折价(元)",
    ])];
    for (id, h) in hours {
        rows.push(row(&[id, "d:2025-05-01", h, "0"]));
    }
    ("志愿与时间银行".to_string(), rows)
}

/// A workbook of `ids`, with the volunteering sheet when given.
fn book(dir: &Path, name: &str, ids: &[&str], vol: Option<&[(&str, &str)]>) -> std::path::PathBuf {
    let mut sheets = valid_sheets();
    sheets.iter_mut().find(|s| s.0 == "合伙人名册").unwrap().1 = registry(ids);
    sheets.iter_mut().find(|s| s.0 == "服务记录").unwrap().1 = services(ids);
    // No fund share: no payment and no declared revenue to keep.
    for name in ["公益金缴纳", "经营数据申报", "满意度调查"] {
        sheets
            .iter_mut()
            .find(|s| s.0 == name)
            .unwrap()
            .1
            .truncate(1);
    }
    if let Some(hours) = vol {
        sheets.push(volunteering(hours));
    }
    let path = dir.join(name);
    write_book(&path, &sheets);
    path
}

const SIX: [&str; 6] = ["P-1", "P-2", "P-3", "P-4", "P-5", "P-6"];

/// R1: F1, F2 and F3 are N/A, so F4 alone holds the fund dimension; it
/// takes at most twice its 2 points, and the other 16 go to the other
/// dimensions in proportion, the total staying out of 100.
#[test]
fn f4_takes_at_most_twice_its_weight_and_the_rest_crosses_dimensions() {
    let (_t, dir) = temp();
    let hours = [
        ("P-1", "1"),
        ("P-2", "2"),
        ("P-3", "4"),
        ("P-4", "8"),
        ("P-5", "16"),
        ("P-6", "32"),
    ];
    let f = book(&dir, "社区.xlsx", &SIX, Some(&hours));
    let e = evaluate(&load(&[&f]));
    for p in &e.partners {
        for id in ["F1", "F2", "F3"] {
            assert_eq!(p.indicator(id).unwrap().status, Status::Na, "{id}");
        }
        let f4 = p.indicator("F4").unwrap();
        assert_eq!(f4.status, Status::Ok);
        assert_eq!(f4.weight, d("4"), "{}: F4 at most 2 × 2", p.partner_id);
        assert_eq!(dim(p, "fund").weight, d("4"));
        // Pricing is N/A whole (no low-cost or market service): its 15 and
        // the fund's 16 left over go to publicness, satisfaction and risk
        // in proportion to 25 : 25 : 15.
        assert!(dim(p, "pricing").weight.is_zero());
        let (pub_, sat, risk) = (
            dim(p, "publicness").weight,
            dim(p, "satisfaction").weight,
            dim(p, "risk").weight,
        );
        assert_eq!(pub_, sat, "equal nominal weights stay equal");
        assert_eq!(pub_, d("36.92"), "25 + 31 × 25/65");
        assert_eq!(risk, d("22.15"), "15 + 31 × 15/65");
        let sum: Decimal = p.indicators.iter().map(|i| i.weight).sum();
        assert!((sum - d("100")).abs() <= d("0.05"), "{sum}");
        assert!(p.indicators.iter().all(|i| i.points <= i.weight));
    }
    // The most volunteering scores the full 4, the least 0.
    assert_eq!(partner(&e, "P-6").indicator("F4").unwrap().points, d("4"));
    assert_eq!(partner(&e, "P-1").indicator("F4").unwrap().points, d("0"));
}

/// R3: when the peers' goalposts do not spread (P10 = P90), the percentile
/// indicator is N/A for all, not full marks for all.
#[test]
fn a_percentile_indicator_whose_peers_do_not_spread_is_not_applicable() {
    let (_t, dir) = temp();
    let same: Vec<(&str, &str)> = SIX.iter().map(|id| (*id, "3")).collect();
    let f = book(&dir, "社区.xlsx", &SIX, Some(&same));
    let e = evaluate(&load(&[&f]));
    for p in &e.partners {
        let f4 = p.indicator("F4").unwrap();
        assert_eq!(f4.status, Status::Na, "{}", p.partner_id);
        assert!(f4.points.is_zero() && f4.weight.is_zero());
        // The whole fund dimension is N/A: its 20 points went elsewhere.
        assert!(dim(p, "fund").weight.is_zero());
    }
}

/// R3: an indicator fed only by an optional sheet is N/A where the sheet
/// was not supplied for the partner's community, and missing data (0 and
/// FL6) where it was supplied without the partner's rows.
#[test]
fn an_optional_sheet_absent_is_not_applicable_present_without_rows_is_missing() {
    let (_t, dir) = temp();
    // Community A supplies the volunteering sheet, without P-6's rows.
    let hours = [
        ("P-1", "1"),
        ("P-2", "2"),
        ("P-3", "4"),
        ("P-4", "8"),
        ("P-5", "16"),
    ];
    let a = book(&dir, "犀浦社区.xlsx", &SIX, Some(&hours));
    // Community B supplies none.
    let b = book(&dir, "恒山社区.xlsx", &["Q-1", "Q-2"], None);
    let e = evaluate(&load(&[&a, &b]));
    let p6 = partner(&e, "P-6");
    let f4 = p6.indicator("F4").unwrap();
    assert_eq!(f4.status, Status::Missing);
    // Missing keeps its weight, and takes its capped share of F1–F3.
    assert_eq!((f4.points, f4.weight), (d("0"), d("4")));
    let gap = p6.flag("FL6").expect("FL6 for the missing F4");
    assert!(gap.missing.iter().any(|n| n == "F4"), "{:?}", gap.missing);
    assert_eq!(
        partner(&e, "P-1").indicator("F4").unwrap().status,
        Status::Ok
    );
    for id in ["Q-1", "Q-2"] {
        let q = partner(&e, id);
        assert_eq!(q.indicator("F4").unwrap().status, Status::Na, "{id}");
        // No space-usage sheet anywhere: C2 is N/A too, its 4 points to C1
        // (6 + 4 = 10 against C3's 5, before pricing and fund cross over).
        assert_eq!(q.indicator("C2").unwrap().status, Status::Na);
        let (c1, c3) = (
            q.indicator("C1").unwrap().weight,
            q.indicator("C3").unwrap().weight,
        );
        assert!((c1 - c3 * d("2")).abs() <= d("0.01"), "{c1} {c3}");
    }
}

/// A sheet kept in a file that registers no partner (one volunteering
/// list for the district) counts as supplied for every community.
#[test]
fn an_optional_sheet_in_a_file_of_its_own_is_supplied_for_everyone() {
    let (_t, dir) = temp();
    let a = book(&dir, "犀浦社区.xlsx", &SIX, None);
    let list = dir.join("志愿台账.xlsx");
    write_book(
        &list,
        &[volunteering(&[
            ("P-1", "1"),
            ("P-2", "2"),
            ("P-3", "4"),
            ("P-4", "8"),
            ("P-5", "16"),
        ])],
    );
    let e = evaluate(&load(&[&a, &list]));
    assert_eq!(
        partner(&e, "P-1").indicator("F4").unwrap().status,
        Status::Ok
    );
    assert_eq!(
        partner(&e, "P-6").indicator("F4").unwrap().status,
        Status::Missing
    );
}

/// results.csv: a dimension or indicator that does not apply is an empty
/// cell, and each dimension's points sit beside its adjusted weight.
#[test]
fn results_csv_leaves_not_applicable_cells_empty() {
    let (_t, dir) = temp();
    let f = book(&dir, "社区.xlsx", &SIX, None);
    let e = evaluate(&load(&[&f]));
    let out = dir.join("results.csv");
    partner_eval::report::csv::write(&out, &e, Lang::Zh).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let record = rows
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(col("合伙人编号")) == Some("P-1"))
        .unwrap();
    let p = partner(&e, "P-1");
    // Pricing and fund are N/A whole; F1 and F4 (no sheet) too.
    for name in [
        "价格普惠性",
        "价格普惠性调整后权重",
        "公益金贡献",
        "公益金贡献调整后权重",
        "F1 应缴足额率",
        "F4 实物与志愿贡献",
    ] {
        assert_eq!(record.get(col(name)), Some(""), "{name}");
    }
    assert_eq!(
        record.get(col("公益性调整后权重")),
        Some(dim(p, "publicness").weight.to_string().as_str())
    );
    assert_eq!(
        record.get(col("公益性")),
        Some(dim(p, "publicness").points.to_string().as_str())
    );
    // Missing data is a real 0 (S1: no questionnaire).
    assert_eq!(record.get(col("S1 综合满意率")), Some("0"));
}

/// The sample partners of the audit (§3.10 R1): without a fund agreement,
/// F4 no longer carries the fund dimension.
#[test]
fn sample_partners_of_the_audit() {
    let (_loaded, _set, e) = evaluated_samples();
    for id in ["PD-TJ01-005", "PD-XP02-003"] {
        let p = partner(&e, id);
        let f4 = p.indicator("F4").unwrap();
        assert!(f4.weight <= d("4"), "{id}: F4 weighs {}", f4.weight);
        for i in &p.indicators {
            assert!(
                i.weight <= i.nominal_weight * d("2") || dim(p, "fund").weight.is_zero(),
                "{id} {}: {} > 2 × {}",
                i.id,
                i.weight,
                i.nominal_weight
            );
        }
        let sum: Decimal = p.dimensions.iter().map(|x| x.weight).sum();
        assert!((sum - d("100")).abs() <= d("0.05"), "{id}: {sum}");
        // Their communities (团结社区, 恒山社区) supplied no volunteering
        // sheet: F4 is N/A, and with F1–F3 N/A the whole fund dimension.
        assert_eq!(f4.status, Status::Na, "{id}");
        assert!(dim(p, "fund").weight.is_zero(), "{id}");
    }
    // PD-TJ01-005 exited at 59.74 for lack of volunteering; now 78.12,
    // rectification on the total alone (60–80), no longer exit.
    let tj = partner(&e, "PD-TJ01-005");
    assert!(tj.total >= d("60"), "{}", tj.total);
    assert_ne!(tj.decision, partner_eval::schema::enums::Decision::Exit);
}

/// `na_max_factor` is checked like every other value of the file, with its
/// line and column.
#[test]
fn na_max_factor_is_checked_with_its_position() {
    let text =
        partner_eval::indicators::DEFAULT_TOML.replace("na_max_factor = 2", "na_max_factor = 0.5");
    let errors = IndicatorSet::from_text("my.toml", &text).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(e.zh.contains("na_max_factor") && e.line > 1, "{e:?}");
    let line = text.lines().nth(e.line - 1).unwrap();
    assert!(line.starts_with("na_max_factor"), "{line}");
    let ok = partner_eval::indicators::DEFAULT_TOML.replace("na_max_factor = 2\n", "");
    assert_eq!(
        IndicatorSet::from_text("my.toml", &ok)
            .unwrap()
            .na_max_factor,
        d("2"),
        "2 when not written"
    );
}
