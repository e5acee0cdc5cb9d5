//! The indicator files a district edits: the two shipped files pass the
//! check, the typical mistakes of a non-programmer are refused with the line,
//! the column and a message in Chinese and English, and the strict district
//! variant really changes results.

mod common;

use std::path::{Path, PathBuf};

use common::scored::{d, evaluate_2025, load_book, partner, row};
use common::*;
use partner_eval::indicators::{IndicatorSet, Scoring, SetError, DEFAULT_TOML};
use partner_eval::lang::Lang;
use partner_eval::schema::enums::{Decision, Grade};
use partner_eval::score::{Evaluation, PartnerResult, Status};
use rust_decimal::Decimal;

// ── Helpers ────────────────────────────────────────────────────────────────

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("indicators")
        .join(name)
}

fn utf8(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The errors of a set that must be refused.
fn refused(text: &str) -> Vec<SetError> {
    match IndicatorSet::from_text("我区指标.toml", text) {
        Ok(_) => panic!("expected the set to be refused"),
        Err(e) => e,
    }
}

/// The only error of a set that must be refused.
fn one_error(text: &str) -> SetError {
    let errors = refused(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

/// `text` with `from` (which must occur exactly once) replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "not unique: {from}");
    text.replacen(from, to, 1)
}

/// Line and column (1-based, in characters as an editor counts them) of the
/// first occurrence of `needle`, for edits of the default file whose lines
/// move when the default changes.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

fn assert_at(e: &SetError, line: usize, column: usize) {
    assert_eq!(
        (e.line, e.column),
        (line, column),
        "{}",
        e.message(Lang::En)
    );
}

/// A complete set small enough that line and column numbers can be read
/// off by eye. Line 1 is `[set]`.
const MINIMAL: &str = r#"[set]
id = "mini"
name_zh = "最小示例"
name_en = "Minimal example"
version = "1"
total = 10
min_active_months = 3

[[dimension]]
id = "publicness"
name_zh = "公益性"
name_en = "Publicness"
weight = 10

[[indicator]]
id = "P1"
dimension = "publicness"
name_zh = "公益及低偿受益人次占比"
name_en = "Free & low-cost reach share"
unit = "percent"
value = "sum(services: participants where pricing_mode in ('公益', '低偿')) / sum(services: participants)"
direction = "up"
scoring = { linear = { zero = 0.40, full = 0.80 } }
weight = 10

[[band]]
min = 0
grade = "中"
stars = 3

[[flag]]
id = "FL2"
name_zh = "公益底线预警"
name_en = "Public-welfare baseline"
when = "P1.value < 0.8"

[decision]
weak_dimension_share = 0.6
deadline_days = 90

[[decision.rule]]
decision = "整改后续约"
when = "total < 8"
reason_zh = "总分 {{ total }} 低于 8 分"
reason_en = "total {{ total }} is below 8"

[ranking]
scopes = ["district"]
tie_break = ["P1", "partner_id"]
"#;

// ── The shipped files ──────────────────────────────────────────────────────

#[test]
fn the_minimal_set_used_below_is_valid() {
    let set = IndicatorSet::from_text("mini.toml", MINIMAL).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(set.indicators.len(), 1);
}

#[test]
fn both_shipped_files_pass_the_check_command() {
    for (file, indicators) in [("default.toml", 18), ("strict-district.toml", 18)] {
        let path = shipped(file);
        let out = run(&["indicators", "check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", utf8(&out.stderr));
        let stdout = utf8(&out.stdout);
        assert!(stdout.contains("检查通过"), "{stdout}");
        assert!(
            stdout.contains(&format!("5 个维度、{indicators} 个指标，总分 100")),
            "{stdout}"
        );
        assert!(utf8(&out.stderr).is_empty());
        let en = run(&[
            "indicators",
            "check",
            "--lang",
            "en",
            path.to_str().unwrap(),
        ]);
        assert_eq!(en.status.code(), Some(0));
        assert!(utf8(&en.stdout).contains("OK (5 dimensions, 18 indicators, total 100)"));
    }
}

#[test]
fn the_embedded_default_is_the_file_on_disk() {
    let on_disk = std::fs::read_to_string(shipped("default.toml")).unwrap();
    assert_eq!(DEFAULT_TOML, on_disk);
    // `indicators default` prints exactly that text, ready to copy.
    let out = run(&["indicators", "default"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(utf8(&out.stdout), on_disk);
    // And the two compile to the same set.
    let embedded = IndicatorSet::default_set().unwrap();
    let file = IndicatorSet::from_file(&shipped("default.toml")).unwrap();
    assert_eq!(embedded.origin, "default");
    assert_eq!(embedded.text, file.text);
    let ids = |s: &IndicatorSet| -> Vec<(String, Decimal)> {
        s.indicators
            .iter()
            .map(|i| (i.id.clone(), i.weight))
            .collect()
    };
    assert_eq!(ids(&embedded), ids(&file));
}

#[test]
fn the_strict_district_file_is_what_its_comments_say() {
    let set = IndicatorSet::from_file(&shipped("strict-district.toml"))
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(set.id, "strict-district");
    assert_eq!(set.total, d("100"));
    let dims: Vec<(&str, Decimal)> = set
        .dimensions
        .iter()
        .map(|x| (x.id.as_str(), x.weight))
        .collect();
    assert_eq!(
        dims,
        [
            ("publicness", d("20")),
            ("pricing", d("10")),
            ("satisfaction", d("35")),
            ("fund", d("15")),
            ("risk", d("20")),
        ]
    );
    // Every dimension adds up (the check refuses otherwise; stated here so
    // that a reader sees the weights in one place).
    let weight = |id: &str| set.indicators[set.indicator(id).unwrap()].weight;
    assert_eq!(weight("S1"), d("22"));
    assert_eq!(weight("C3"), d("7"));
    // Anqing/Huaining bands on 100 points.
    let bands: Vec<(Decimal, Grade, u8)> = set
        .bands
        .iter()
        .map(|b| (b.min, b.grade, b.stars))
        .collect();
    assert_eq!(
        bands,
        [
            (d("95"), Grade::Excellent, 5),
            (d("90.1"), Grade::Good, 4),
            (d("85.1"), Grade::Fair, 3),
            (d("80.1"), Grade::Fair, 2),
            (d("0"), Grade::Poor, 1),
        ]
    );
    // V5 removed, the other four kept.
    let vetoes: Vec<&str> = set.vetoes.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(vetoes, ["V1", "V2", "V3", "V4"]);
    // P2 stricter goalposts; S1 and S2 step tables.
    let scoring = |id: &str| &set.indicators[set.indicator(id).unwrap()].parts[0].scoring;
    assert!(
        matches!(scoring("P2"), Scoring::Linear { zero, full } if *zero == d("0.7") && *full == d("1"))
    );
    assert!(matches!(scoring("S1"), Scoring::Steps(s) if s.len() == 5));
    assert!(matches!(scoring("S2"), Scoring::Steps(s) if s.len() == 3));
}

// ── Typical mistakes, refused with line, column and a message ──────────────

#[test]
fn a_misspelt_field_is_located_and_the_right_name_suggested() {
    let e = one_error(&edit(
        MINIMAL,
        "sum(services: participants)\"",
        "sum(services: partcipants)\"",
    ));
    assert_eq!(e.file, "我区指标.toml");
    // Line 21 is P1's value; column 89 is the `p` of `partcipants`.
    assert_at(&e, 21, 89);
    assert_eq!(
        e.zh,
        "未知的名称「partcipants」（在 services 的字段中也没有）；是否想写「participants」？"
    );
    assert_eq!(
        e.en,
        "unknown name \"partcipants\" (nor a field of services); did you mean \"participants\"?"
    );
    assert_eq!(
        e.message(Lang::Zh),
        format!("我区指标.toml:21:89: {}", e.zh)
    );
}

#[test]
fn a_misspelt_field_in_the_default_file_is_located_too() {
    // The same mistake in a copy of the default: P1's second aggregate.
    let wrong = "sum(services: partcipants)\"\nmissing_when = \"count(services) == 0\"";
    let text = edit(
        DEFAULT_TOML,
        "sum(services: participants)\"\nmissing_when = \"count(services) == 0\"",
        wrong,
    );
    let e = one_error(&text);
    let (line, column) = position(&text, "partcipants");
    assert_at(&e, line, column);
    assert!(e.en.contains("did you mean \"participants\""), "{}", e.en);
}

#[test]
fn an_unknown_table_lists_the_tables() {
    let e = one_error(&edit(
        MINIMAL,
        "/ sum(services: participants)",
        "/ sum(service: participants)",
    ));
    assert_at(&e, 21, 79);
    assert!(e
        .zh
        .starts_with("未知的表「service」；可用：services、fund_payments、"));
    assert!(e
        .en
        .starts_with("unknown table \"service\"; available: services, fund_payments, "));
    assert!(e.en.ends_with("rectifications, volunteering"));
}

#[test]
fn a_value_outside_a_closed_list_lists_the_allowed_values() {
    // In a comparison …
    let e = one_error(&edit(
        MINIMAL,
        "pricing_mode in ('公益', '低偿')",
        "pricing_mode == '免单'",
    ));
    // … columns count characters, not bytes, as an editor shows them.
    assert_at(&e, 21, 59);
    assert_eq!(e.zh, "「免单」不是定价模式的可选值；可选：公益、低偿、市场");
    assert_eq!(
        e.en,
        "'免单' is not a pricing mode value; allowed: free, low-cost, market"
    );
    // … and in a list, after other Chinese text on the same line.
    let e = one_error(&edit(MINIMAL, "('公益', '低偿')", "('公益', '免单')"));
    assert_at(&e, 21, 66);
    assert!(e.zh.starts_with("「免单」不是定价模式的可选值"));
}

#[test]
fn synonyms_of_closed_list_values_are_accepted() {
    // 免费 is a synonym of 公益 and 优惠 of 低偿 (schema/enums.rs).
    let text = edit(MINIMAL, "('公益', '低偿')", "('免费', '优惠')");
    IndicatorSet::from_text("mini.toml", &text).unwrap_or_else(|e| panic!("{e:#?}"));
}

#[test]
fn indicator_weights_must_add_up_to_their_dimension() {
    let e = one_error(&edit(
        MINIMAL,
        "weight = 10\n\n[[band]]",
        "weight = 9\n\n[[band]]",
    ));
    // Reported at the dimension's weight (line 13), which the sum must match.
    assert_at(&e, 13, 10);
    assert_eq!(e.zh, "维度「publicness」权重为 10，其指标权重之和为 9");
    assert_eq!(
        e.en,
        "dimension \"publicness\" weighs 10 but its indicators add up to 9"
    );
}

#[test]
fn dimension_weights_must_add_up_to_the_total() {
    // Raising a dimension without raising `total` (or another dimension):
    // both sums are reported, each where it is written.
    let errors = refused(&edit(
        MINIMAL,
        "name_en = \"Publicness\"\nweight = 10",
        "name_en = \"Publicness\"\nweight = 12",
    ));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], 6, 9);
    assert_eq!(errors[0].zh, "各维度权重之和为 12，不等于 total = 10");
    assert_eq!(
        errors[0].en,
        "dimension weights add up to 12, not total = 10"
    );
    assert_at(&errors[1], 13, 10);
    assert!(errors[1]
        .en
        .contains("weighs 12 but its indicators add up to 10"));
}

#[test]
fn a_misspelt_key_is_named_not_ignored() {
    let e = one_error(&edit(
        MINIMAL,
        "name_en = \"Publicness\"\nweight = 10",
        "name_en = \"Publicness\"\nwieght = 10",
    ));
    assert_at(&e, 13, 1);
    assert_eq!(e.zh, "文件格式错误：未知的设置项「wieght」（请检查拼写）");
    assert!(
        e.en.starts_with("invalid file: unknown field `wieght`, expected one of"),
        "{}",
        e.en
    );
    assert!(e.en.contains("`weight`"));
    // A misspelt section name is caught the same way.
    let e = one_error(&edit(MINIMAL, "[ranking]", "[rankings]"));
    assert_at(&e, 47, 2);
    assert_eq!(e.zh, "文件格式错误：未知的设置项「rankings」（请检查拼写）");
    assert!(e.en.contains("`ranking`"));
}

#[test]
fn goalposts_against_the_direction_are_refused() {
    let e = one_error(&edit(
        MINIMAL,
        "zero = 0.40, full = 0.80",
        "zero = 0.80, full = 0.40",
    ));
    assert_at(&e, 23, 11);
    assert_eq!(
        e.zh,
        "指标「P1」方向为 up，但 zero = 0.8、full = 0.4 与之不符"
    );
    assert_eq!(
        e.en,
        "indicator \"P1\" goes up, but zero = 0.8 and full = 0.4 do not"
    );
}

#[test]
fn a_reason_template_with_an_unknown_variable_is_refused() {
    let e = one_error(&edit(
        MINIMAL,
        "总分 {{ total }} 低于",
        "总分 {{ totl }} 低于",
    ));
    // Located at the opening quote of the template.
    assert_at(&e, 44, 13);
    assert!(e.zh.starts_with("理由模板有误："), "{}", e.zh);
    assert!(e.zh.contains("totl"));
    assert!(e.en.starts_with("reason template error:"), "{}", e.en);
    assert!(e.en.contains("totl"));
    // Indicator ids are variables too.
    let ok = edit(
        MINIMAL,
        "总分 {{ total }} 低于",
        "P1 为 {{ P1 }}，总分 {{ total }} 低于",
    );
    IndicatorSet::from_text("mini.toml", &ok).unwrap_or_else(|e| panic!("{e:#?}"));
}

#[test]
fn a_reason_template_error_lists_the_variables_in_chinese() {
    let e = one_error(&edit(
        MINIMAL,
        "总分 {{ total }} 低于",
        "总分 {{ totl }} 低于",
    ));
    assert!(!e.zh.contains("undefined"), "{}", e.zh);
    assert!(e.zh.contains("total"), "{}", e.zh);
    assert!(e.zh.contains("vetoes_text"), "{}", e.zh);
    assert!(e.en.contains("vetoes_text"), "{}", e.en);
}

#[test]
fn a_flag_cannot_use_a_name_known_only_to_decision_rules() {
    // `total` is known once every flag has been raised, so a flag cannot
    // read it; the position is that of `total` inside the condition.
    let e = one_error(&edit(
        MINIMAL,
        "when = \"P1.value < 0.8\"",
        "when = \"P1.value < 0.8 or total < 8\"",
    ));
    assert_at(&e, 35, 27);
    assert!(e.zh.contains("「total」"), "{}", e.zh);
    assert!(e.en.contains("\"total\""), "{}", e.en);
}

#[test]
fn a_name_used_too_early_says_where_it_can_be_used() {
    let e = one_error(&edit(
        MINIMAL,
        "when = \"P1.value < 0.8\"",
        "when = \"P1.value < 0.8 or total < 8\"",
    ));
    assert!(e.zh.contains("决策规则"), "{}", e.zh);
    assert!(e.en.contains("decision rule"), "{}", e.en);
}

#[test]
fn a_toml_syntax_error_is_located() {
    // An unclosed quote.
    let e = one_error(&edit(MINIMAL, "version = \"1\"", "version = \"1"));
    assert_at(&e, 5, 13);
    assert!(e.zh.starts_with("文件格式错误："), "{}", e.zh);
    assert!(e.en.starts_with("invalid file:"), "{}", e.en);
    // Chinese quotation marks, as a Chinese input method types them.
    let e = one_error(&edit(MINIMAL, "name_zh = \"公益性\"", "name_zh = “公益性”"));
    assert_at(&e, 11, 11);
    assert!(e.zh.starts_with("文件格式错误："), "{}", e.zh);
}

#[test]
fn a_toml_syntax_error_is_explained_in_chinese() {
    let e = one_error(&edit(MINIMAL, "name_zh = \"公益性\"", "name_zh = “公益性”"));
    assert!(!e.zh.contains("string values must be quoted"), "{}", e.zh);
    assert!(e.zh.contains("引号"), "{}", e.zh);
}

#[test]
fn a_type_error_under_minus_points_at_the_operand() {
    let text = edit(
        MINIMAL,
        "when = \"P1.value < 0.8\"",
        "when = \"P1.value < 0.8 or P1.value < -partner.fund_basis\"",
    );
    let e = one_error(&text);
    assert_eq!(e.en, "expected a number here, found a fund basis value");
    let (line, column) = position(&text, "-partner");
    assert_at(&e, line, column);
}

#[test]
fn duplicate_flag_ids_are_refused() {
    let text = edit(
        DEFAULT_TOML,
        "id = \"FL3\"\nname_zh = \"低偿限价违规\"",
        "id = \"FL2\"\nname_zh = \"低偿限价违规\"",
    );
    let errors = refused(&text);
    assert!(errors.iter().any(|e| e.en.contains("FL2")), "{errors:#?}");
}

/// `indicators default > 我区指标.toml` in Windows PowerShell 5 writes UTF-16.
fn utf16_copy_of_the_default() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp();
    let file = path.join("我区指标.toml");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(DEFAULT_TOML.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&file, bytes).unwrap();
    (dir, file)
}

#[test]
fn a_utf16_copy_is_read_like_utf8() {
    let (_dir, file) = utf16_copy_of_the_default();
    let set = IndicatorSet::from_file(&file).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(set.indicators.len(), 18);
    let out = run(&["indicators", "check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn rectify_reasons_in_a_rectify_rule_is_refused() {
    let text = edit(
        DEFAULT_TOML,
        "when = \"total >= 60 and total < 80\"",
        "when = \"rectify_reasons == 0 and total < 80\"",
    );
    let errors = refused(&text);
    assert!(
        errors.iter().any(|e| e.en.contains("rectify_reasons")),
        "{errors:#?}"
    );
}

#[test]
fn the_check_command_lists_every_mistake_and_exits_2() {
    let (_dir, dir) = temp();
    let path = dir.join("我区指标.toml");
    let text = edit(
        &edit(
            MINIMAL,
            "name_en = \"Publicness\"\nweight = 10",
            "name_en = \"Publicness\"\nweight = 12",
        ),
        "sum(services: participants)\"",
        "sum(services: partcipants)\"",
    );
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["indicators", "check", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(utf8(&out.stdout).is_empty());
    let stderr = utf8(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{p}:21:89: 未知的名称「partcipants」（在 services 的字段中也没有）；是否想写「participants」？"),
            format!("{p}:6:9: 各维度权重之和为 12，不等于 total = 10"),
            format!("{p}:13:10: 维度「publicness」权重为 12，其指标权重之和为 10"),
        ],
        "{stderr}"
    );
    let en = run(&["indicators", "check", "--lang", "en", p]);
    assert_eq!(en.status.code(), Some(2));
    let stderr = utf8(&en.stderr);
    assert!(
        stderr.starts_with(&format!("{p}:21:89: unknown name \"partcipants\"")),
        "{stderr}"
    );
    // `evaluate` refuses the same file before reading any data.
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    let out = run(&[
        "evaluate",
        book.to_str().unwrap(),
        "--indicators",
        p,
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(utf8(&out.stderr).contains(&format!("错误：{p}:21:89:")));
    assert!(!dir.join("out").exists());
}

// ── The strict variant changes results ─────────────────────────────────────

/// `valid_sheets()` made into a year of data for P-1 that the default set
/// and the strict set rate differently, plus a V5 case for P-2.
///
/// P-1 (agreement 2025-01-01 … 12-31, 12 active months, 15 % of revenue):
/// - services: FW-1 低偿 6 元 against a reference of 12, 30 visits (8
///   vulnerable); FW-2 公益, 25 visits (5); one 公益 talk on the 15th of
///   every month, 10 visits (2) each. 175 visits, all 公益/低偿, 37
///   vulnerable, 13 公益 sessions against 12 agreed, 公益 in 12 of 12 months,
///   no 市场 rows; service revenue 180.
/// - fund: 2025Q1, basis 10 000 → due 1 500, paid 1 500 before the due
///   date; declared revenue 10 000.
/// - survey: 20 valid questionnaires, 17 rating 4 or 5 → S1 = 85 %.
/// - no complaints, no space or volunteering records.
///
/// P-2: one 市场 row, no fund payment, one valid complaint coded V5.
fn strict_vs_default_sheets() -> Vec<Sheet> {
    let mut sheets = valid_sheets();
    // P-1 agrees to 12 公益 sessions a year (column 16 of the registry).
    set(&mut sheets, "合伙人名册", 1, 16, "12");
    // FW-1: 6 元 against 12 元, a low-cost ratio of 0.5.
    set(&mut sheets, "服务记录", 1, 6, "6");
    let services = &mut sheets.iter_mut().find(|s| s.0 == "服务记录").unwrap().1;
    for m in 1..=12 {
        services.push(row(&[
            &format!("FW-G{m}"),
            "P-1",
            &format!("d:2025-{m:02}-15"),
            "养老",
            "健康讲座",
            "公益",
            "0",
            "",
            "10",
            "2",
        ]));
    }
    let survey = &mut sheets.iter_mut().find(|s| s.0 == "满意度调查").unwrap().1;
    for n in 2..=20 {
        let score = if n <= 17 { "4" } else { "3" };
        survey.push(row(&[
            &format!("MY-{n}"),
            "P-1",
            "d:2025-11-20",
            "现场",
            "服务对象",
            score,
            "是",
        ]));
    }
    let complaints = &mut sheets.iter_mut().find(|s| s.0 == "投诉与事件").unwrap().1;
    complaints[0].push("涉及否决事项".into());
    complaints.push(row(&[
        "TS-1",
        "P-2",
        "d:2025-06-01",
        "市场监管",
        "其他",
        "是",
        "一般",
        "V5",
    ]));
    sheets
}

fn evaluate(sheets: &[Sheet], set: &IndicatorSet) -> Evaluation {
    evaluate_2025(&load_book(sheets), set)
}

fn points(p: &PartnerResult, id: &str) -> (Status, Decimal) {
    let i = p.indicator(id).unwrap();
    (i.status, i.points)
}

fn dimensions(p: &PartnerResult) -> Vec<(&str, Decimal, Decimal)> {
    p.dimensions
        .iter()
        .map(|x| (x.id.as_str(), x.points, x.weight))
        .collect()
}

fn vetoes(p: &PartnerResult) -> Vec<&str> {
    p.vetoes.iter().map(|v| v.id.as_str()).collect()
}

#[test]
fn the_strict_district_rates_the_same_data_differently() {
    let sheets = strict_vs_default_sheets();
    let default = evaluate(&sheets, &IndicatorSet::default_set().unwrap());
    let strict = evaluate(
        &sheets,
        &IndicatorSet::from_file(&shipped("strict-district.toml")).unwrap(),
    );

    // P-1 under the default set. P5 and F4 are N/A (2 partners, fewer than
    // 5 peers), C2 is N/A (no space data); their weight stays in the
    // dimension, and every other indicator but S1 is at full points:
    //   P1 100 %, P2 13/12, P3 37/175 = 21.1 % ≥ 20 %, P4 12/12,
    //   R1 6/12 = 0.5, R2 1/1, R3 0 ‰, S2 0 ‰, S3 no complaints,
    //   F1 1500/1500, F2 1/1, F3 1500/10000 = 15 % ≥ 10 %, C1 0 %, C3 0.
    // S1: 17 of 20 satisfied is 85 %, and 20 answers are below the default
    // set's minimum sample (param.min_survey_n = 30), so S1 is the posterior
    // mean toward the district's pooled rate (DOMAIN.md §3.10 R4). P-1 is
    // the only partner of 郫都区 with answers, so that rate is its own 85 %
    // and S1 stays 85 %: (17 + 10 × 0.85) / (20 + 10). 0.6 × 15 = 9 points.
    // (Under the Wilson bound S1 was 63.96 %, 0 points, a weak satisfaction
    // dimension and rectification at 85.)
    // Total 25 + 15 + (9 + 6 + 4) + 20 + 15 = 94 → 优 ★★★★★, no weak
    // dimension: renew.
    let p = partner(&default, "P-1");
    assert_eq!(points(p, "S1"), (Status::Ok, d("9")));
    assert_eq!(p.indicator("S1").unwrap().value, Some(d("0.85")));
    assert_eq!(points(p, "P5").0, Status::Na);
    assert_eq!(
        dimensions(p),
        [
            ("publicness", d("25"), d("25")),
            ("pricing", d("15"), d("15")),
            ("satisfaction", d("19"), d("25")),
            ("fund", d("20"), d("20")),
            ("risk", d("15"), d("15")),
        ]
    );
    assert_eq!(p.total, d("94.00"));
    assert_eq!((p.grade, p.stars), (Grade::Excellent, 5));
    assert_eq!(p.decision, Decision::Renew, "{:?}", p.reasons);

    // P-1 under the strict set: the same full marks on the re-weighted
    // dimensions (20, 10, 15, 20), S2 0 ‰ ≤ 0.5 → 8 of 8, S3 5 of 5, and S1
    // on the step table: 85 % reaches the "≥ 85 % → 12" step, 12 of 22.
    // Total 20 + 10 + (12 + 8 + 5) + 15 + 20 = 90, below the 90.1 needed
    // for 良 under the Anqing/Huaining bands: 中 ★★★, renewal after
    // rectification.
    let p = partner(&strict, "P-1");
    assert_eq!(points(p, "S1"), (Status::Ok, d("12")));
    assert_eq!(points(p, "S2"), (Status::Ok, d("8")));
    assert_eq!(
        dimensions(p),
        [
            ("publicness", d("20"), d("20")),
            ("pricing", d("10"), d("10")),
            ("satisfaction", d("25"), d("35")),
            ("fund", d("15"), d("15")),
            ("risk", d("20"), d("20")),
        ]
    );
    assert_eq!(p.total, d("90.00"));
    assert_eq!((p.grade, p.stars), (Grade::Fair, 3));
    assert_eq!(p.decision, Decision::Rectify);
    let reasons: Vec<&str> = p.reasons.iter().map(|r| r.zh.as_str()).collect();
    assert_eq!(reasons, ["总分 90.00 在 80.1–90.1 分之间（中 ★★★）"]);
    assert_eq!(
        p.reasons[0].en,
        "total 90.00 is between 80.1 and 90.1 (fair ★★★)"
    );

    // P-2 has a valid complaint coded V5: a veto under the default, nothing
    // under the strict set, which dropped V5. P-2 leaves either way (one
    // market-priced row, no fund payment, no survey): by default
    //   R3 0 ‰ takes 4 of R1 and R2's 11 points (at most twice its own 4,
    //   §3.10 R1) → 8; the 7 left over go to the other 85 points pro rata,
    //   so C3 5 × 92/85 = 5.41 → 13.41;
    // strictly R3 (2 points) takes 2 of R1 and R2's 8 → 4, the 6 left
    // over go to the other 90, so C3 7 × 96/90 = 7.47 → 11.47.
    let p = partner(&default, "P-2");
    assert_eq!(vetoes(p), ["V5"]);
    assert_eq!(p.total, d("13.41"));
    assert_eq!(
        (p.grade, p.stars, p.decision),
        (Grade::Poor, 1, Decision::Exit)
    );
    assert!(
        p.reasons[0].zh.starts_with("存在一票否决事项：V5"),
        "{:?}",
        p.reasons
    );
    let p = partner(&strict, "P-2");
    assert!(vetoes(p).is_empty());
    assert_eq!(p.total, d("11.47"));
    assert_eq!(
        (p.grade, p.stars, p.decision),
        (Grade::Poor, 1, Decision::Exit)
    );
    assert_eq!(p.reasons[0].zh, "总分 11.47 低于 80.1 分（差）");
    assert!(p.reasons.iter().all(|r| !r.zh.contains("否决")));
}

#[test]
fn evaluate_and_explain_use_the_strict_file() {
    let (_dir, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &strict_vs_default_sheets());
    let strict = shipped("strict-district.toml");
    let out_dir = dir.join("评估结果");
    let out = run(&[
        "evaluate",
        book.to_str().unwrap(),
        "--indicators",
        strict.to_str().unwrap(),
        "--period",
        "2025",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", utf8(&out.stderr));
    let json = std::fs::read_to_string(out_dir.join("results.json")).unwrap();
    assert!(json.contains("\"strict-district\""), "{json}");
    let out = run(&[
        "explain",
        book.to_str().unwrap(),
        "--indicators",
        strict.to_str().unwrap(),
        "--period",
        "2025",
        "--partner",
        "P-1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", utf8(&out.stderr));
    let stdout = utf8(&out.stdout);
    assert!(stdout.contains("90.00"), "{stdout}");
    assert!(stdout.contains("整改后续约"), "{stdout}");
}

// ── The worked examples of indicators/README.md ────────────────────────────

/// A fenced block of the README announced by `<!-- NAME KIND -->`.
struct Block {
    name: String,
    kind: String,
    body: String,
}

fn readme_blocks() -> Vec<Block> {
    let readme = std::fs::read_to_string(shipped("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("<!-- ") {
        rest = &rest[start + 5..];
        let end = rest.find(" -->").unwrap();
        let (name, kind) = rest[..end].split_once(' ').unwrap();
        rest = &rest[end + 4..];
        // The fenced block right after the marker.
        let fence = rest.strip_prefix('\n').unwrap();
        let open = fence.find('\n').unwrap();
        let body_and_rest = &fence[open + 1..];
        let close = body_and_rest.find("```").unwrap();
        blocks.push(Block {
            name: name.to_string(),
            kind: kind.to_string(),
            body: body_and_rest[..close].to_string(),
        });
        rest = &body_and_rest[close..];
    }
    blocks
}

/// The default file with every 改前 → 改后 edit of one example applied.
fn apply_example(blocks: &[Block], name: &str) -> String {
    let mine: Vec<&Block> = blocks.iter().filter(|b| b.name == name).collect();
    let befores = mine.iter().filter(|b| b.kind == "改前");
    let afters = mine.iter().filter(|b| b.kind == "改后");
    let mut text = DEFAULT_TOML.to_string();
    let mut edits = 0;
    for (before, after) in befores.zip(afters) {
        text = edit(&text, &before.body, &after.body);
        edits += 1;
    }
    assert!(edits > 0, "no edits in {name}");
    text
}

#[test]
fn the_readme_examples_pass_the_check() {
    let blocks = readme_blocks();
    let mut names: Vec<&str> = blocks
        .iter()
        .map(|b| b.name.as_str())
        .filter(|n| n.starts_with('例'))
        .collect();
    names.dedup();
    assert_eq!(names, ["例1", "例2", "例3", "例4"]);
    let default = IndicatorSet::default_set().unwrap();
    for name in names {
        let text = apply_example(&blocks, name);
        assert_ne!(text, DEFAULT_TOML);
        let set = IndicatorSet::from_text("我区指标.toml", &text)
            .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        // The same command a reader runs.
        let (_dir, dir) = temp();
        let path = dir.join("我区指标.toml");
        std::fs::write(&path, &text).unwrap();
        let out = run(&["indicators", "check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", utf8(&out.stderr));
        match name {
            "例1" => {
                let w = |id: &str| set.indicators[set.indicator(id).unwrap()].weight;
                assert_eq!((w("S1"), w("F1")), (d("20"), d("5")));
            }
            "例2" => {
                let p2 = &set.indicators[set.indicator("P2").unwrap()].parts[0].scoring;
                assert!(matches!(p2, Scoring::Linear { zero, .. } if *zero == d("0.7")));
            }
            "例3" => {
                let p4 = &set.indicators[set.indicator("P4").unwrap()].parts[0].scoring;
                assert!(matches!(p4, Scoring::Steps(s) if s.len() == 3));
            }
            "例4" => assert_eq!(set.vetoes.len(), default.vetoes.len() - 1),
            _ => unreachable!(),
        }
    }
}

#[test]
fn the_readme_mistake_gives_the_message_it_shows() {
    let blocks = readme_blocks();
    let text = apply_example(&blocks, "错例");
    let shown = &blocks
        .iter()
        .find(|b| b.name == "错例" && b.kind == "输出")
        .unwrap()
        .body;
    let errors = refused(&text);
    let got: Vec<String> = errors.iter().map(|e| e.message(Lang::Zh)).collect();
    let expected: Vec<&str> = shown.lines().collect();
    assert_eq!(got, expected);
}
