//! AHP's random-index table is chosen in the indicator file (Saaty 2005 by
//! default, or Saaty 1980 as Chinese textbooks print it), recorded in the
//! result, named in the workbook's 参数 sheet, and CR prints to three
//! decimals: a matrix with CR = 0.1004 is refused as "0.100 ≥ 0.10", not
//! "0.10 ≥ 0.10". `indicators check` prints the method, weights and CR.

mod common;

use partner_eval::analysis::RandomIndexTable;
use partner_eval::indicators::{IndicatorSet, SetError, DEFAULT_TOML};
use partner_eval::lang::Lang;

/// The satisfaction dimension (S1, S2, S3) compared by a matrix whose CI is
/// 0.0522: CR 0.1004 under Saaty 2005 (refused), 0.0900 under Saaty 1980.
const BORDERLINE: &str = r#"satisfaction = [[1, 3, "1/7"], ["1/3", 1, "1/8"], [7, 8, 1]]"#;

fn section(table: Option<&str>) -> String {
    let choice = table
        .map(|t| format!("random_index = \"{t}\"\n"))
        .unwrap_or_default();
    format!("[weighting]\nmethod = \"ahp\"\n{choice}[weighting.within]\n{BORDERLINE}\n")
}

fn read(table: Option<&str>) -> Result<IndicatorSet, Vec<SetError>> {
    IndicatorSet::from_text(
        "我区指标.toml",
        &format!("{DEFAULT_TOML}\n{}", section(table)),
    )
}

#[test]
fn the_textbook_table_is_an_option_and_cr_prints_to_three_decimals() {
    let errors = read(None).expect_err("refused under Saaty 2005");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].zh.contains("CR = 0.100 ≥ 0.10"),
        "{}",
        errors[0].zh
    );
    assert!(
        errors[0].en.contains("CR = 0.100 ≥ 0.10"),
        "{}",
        errors[0].en
    );
    let errors = read(Some("saaty2005")).expect_err("the same, named");
    assert!(errors[0].zh.contains("CR = 0.100"), "{}", errors[0].zh);

    let set = read(Some("saaty1980")).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(set.weighting.random_index, RandomIndexTable::Saaty1980);
    let a = &set.weighting.ahp[0];
    assert_eq!((a.matrix.as_str(), a.n, a.ri), ("satisfaction", 3, 0.58));
    assert!((a.cr - 0.0900).abs() < 5e-5, "{}", a.cr);

    let errors = read(Some("textbook")).expect_err("an unknown table");
    assert!(errors[0].zh.contains("saaty1980"), "{}", errors[0].zh);
    // Only AHP has a random index.
    let text = format!(
        "{DEFAULT_TOML}\n[weighting]\nmethod = \"entropy\"\nrandom_index = \"saaty1980\"\n"
    );
    let errors = IndicatorSet::from_text("x.toml", &text).expect_err("no AHP");
    assert!(
        errors[0].en.contains("random_index is used only by AHP"),
        "{}",
        errors[0].en
    );
}

#[test]
fn the_parameters_sheet_and_results_name_the_table() {
    let set = read(Some("saaty1980")).unwrap();
    let (loaded, _, _) = common::evaluated_samples();
    let eval = common::score_samples(&loaded, &set);
    assert_eq!(
        eval.indicator_set.weighting.random_index,
        RandomIndexTable::Saaty1980
    );
    let json = serde_json::to_value(&eval.indicator_set.weighting).unwrap();
    assert_eq!(json["random_index"], "saaty1980");
    let (_d, dir) = common::temp();
    let r = partner_eval::report::xlsx::Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let written = partner_eval::report::xlsx::write(&dir, &r, None).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&written[0]).unwrap();
    let cells: Vec<String> = book
        .worksheet_range("参数")
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .collect();
    let after = |label: &str| {
        let i = cells
            .iter()
            .position(|c| c == label)
            .unwrap_or_else(|| panic!("no {label}"));
        cells[i + 1].clone()
    };
    assert!(after("AHP 随机一致性指标 RI").contains("Saaty（1980）"));
    assert!(after("AHP 随机一致性指标 RI").contains("RI(3) = 0.58"));
    assert_eq!(
        after("AHP 一致性比率 CR（须小于 0.10）"),
        "satisfaction 0.090"
    );
    assert_eq!(after("赋权方法"), "层次分析法（AHP）");
}

#[test]
fn indicators_check_prints_method_weights_and_cr() {
    let (_d, dir) = common::temp();
    let path = dir.join("我区指标.toml");
    std::fs::write(
        &path,
        format!("{DEFAULT_TOML}\n{}", section(Some("saaty1980"))),
    )
    .unwrap();
    let out = common::run(&["indicators", "check", path.to_str().unwrap()]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(text.contains("检查通过"), "{text}");
    assert!(text.contains("赋权方法：层次分析法（AHP）"), "{text}");
    assert!(text.contains("Saaty（1980）"), "{text}");
    assert!(text.contains("satisfaction (3×3): CR = 0.090"), "{text}");
    // The weights scoring will use: the dimension's 25 points by the matrix.
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("satisfaction 居民满意度"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("居民满意度 25.00:"), "{line}");
    assert!(!line.contains("S1 15.00,"), "AHP moved S1's points: {line}");

    let out = common::run(&[
        "indicators",
        "check",
        "--lang",
        "en",
        path.to_str().unwrap(),
    ]);
    let text = common::stdout(&out);
    assert!(text.contains("Weighting method: AHP"), "{text}");
    // The default file: the points it writes, no AHP lines.
    let path = dir.join("default.toml");
    std::fs::write(&path, DEFAULT_TOML).unwrap();
    let text = common::stdout(&common::run(&[
        "indicators",
        "check",
        path.to_str().unwrap(),
    ]));
    assert!(text.contains("赋权方法：文件给定分值"), "{text}");
    assert!(
        text.contains("publicness 公益性 25.00: P1 7.00, P2 7.00, P3 5.00, P4 3.00, P5 3.00"),
        "{text}"
    );
    assert!(!text.contains("CR"), "{text}");
}
