//! Loading what people really keep: files saved by LibreOffice, GBK CSV,
//! title rows, synonyms, hand-typed values, and broken input.

mod common;

use chrono::NaiveDate;
use common::*;
use partner_eval::ingest::{load, Fatal, Loaded};
use partner_eval::lang::Lang;
use partner_eval::problem::{Problem, Severity};
use partner_eval::schema::enums::*;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn load_ok(paths: Vec<std::path::PathBuf>) -> Loaded {
    match load(&paths) {
        Ok(l) => l,
        Err(f) => panic!(
            "{}",
            f.iter()
                .map(|f| f.message(Lang::En))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn load_fatal(paths: Vec<std::path::PathBuf>) -> Vec<Fatal> {
    match load(&paths) {
        Ok(_) => panic!("expected the input to be refused"),
        Err(f) => f,
    }
}

/// What a user would read for each problem: where, and the English message.
fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.line(Lang::En)).collect()
}

fn assert_counts_add_up(l: &Loaded) {
    for s in &l.dataset.sheets {
        assert_eq!(
            s.counts.read,
            s.counts.accepted + s.counts.rejected,
            "{}",
            s.sheet
        );
    }
}

#[test]
fn libreoffice_files_with_merged_title_rows_load_alike() {
    let mut all = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let l = load_ok(vec![fixture(&format!("libreoffice-title-row.{ext}"))]);
        assert!(l.problems.is_empty(), "{ext}: {:?}", lines(&l.problems));
        assert_counts_add_up(&l);
        assert!(
            l.dataset.sheets.iter().all(|s| s.header_row == 2),
            "{ext}: title row skipped"
        );
        all.push(l.dataset);
    }
    for ds in &all {
        let by_id = |id: &str| ds.services.iter().find(|s| s.record_id == id).unwrap();
        assert_eq!(ds.partners.len(), 2);
        assert_eq!(ds.services.len(), 5);
        assert_eq!(by_id("FW-0002").date, date(2025, 3, 14));
        assert_eq!(by_id("FW-0003").date, date(2025, 4, 2));
        assert_eq!(by_id("FW-0003").pricing_mode, PricingMode::Free);
        assert_eq!(
            by_id("FW-0004").date,
            date(2025, 4, 3),
            "Excel serial 45750"
        );
        assert!(by_id("FW-0004").counts_agreed, "√ is yes");
        let haircut = by_id("FW-0005");
        assert_eq!(haircut.date, date(2025, 4, 18));
        assert_eq!(haircut.unit_price, dec("25"));
        assert_eq!(haircut.participants, 40);
        assert_eq!(haircut.revenue, dec("1000"));
        assert!(!haircut.counts_agreed, "× is no");
        assert_eq!(haircut.duration_h, Some(8.0));
        let p1 = ds
            .partners
            .iter()
            .find(|p| p.partner_id == "FX-001")
            .unwrap();
        assert_eq!(p1.fund_rate, Some(dec("0.15")));
        assert_eq!(p1.fund_frequency, Some(FundFrequency::Quarterly));
        assert_eq!(p1.space_area_m2, Some(120.0));
        let p2 = ds
            .partners
            .iter()
            .find(|p| p.partner_id == "FX-002")
            .unwrap();
        assert_eq!(p2.name, "张德堃便民理发");
        assert_eq!(p2.fund_fixed, Some(dec("1200")));
        assert_eq!(
            p2.fund_frequency,
            Some(FundFrequency::Quarterly),
            "季度 is a synonym"
        );
        assert_eq!(p2.prior_decision, Some(Decision::Rectify));
        assert_eq!(ds.fund_payments[1].period.to_string(), "2025Q2");
    }
    let strip = |ds: &partner_eval::model::Dataset| {
        let mut v: Vec<_> = ds.services.to_vec();
        v.iter_mut().for_each(|s| s.origin.sheet = 0);
        v
    };
    assert_eq!(strip(&all[0]), strip(&all[1]), "xlsx and xls agree");
    assert_eq!(strip(&all[0]), strip(&all[2]), "xlsx and ods agree");
}

#[test]
fn gbk_csv_folder_loads_like_the_workbook() {
    let csv = load_ok(vec![fixture("gbk-csv")]);
    assert!(csv.problems.is_empty(), "{:?}", lines(&csv.problems));
    let xlsx = load_ok(vec![fixture("libreoffice-title-row.xlsx")]);
    let names = |l: &Loaded| {
        l.dataset
            .partners
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&csv), names(&xlsx));
    let money = |l: &Loaded| {
        l.dataset
            .services
            .iter()
            .map(|s| (s.unit_price, s.revenue))
            .collect::<Vec<_>>()
    };
    assert_eq!(money(&csv), money(&xlsx));
}

#[test]
fn a_clean_workbook_loads_without_problems() {
    let (_d, dir) = temp();
    let path = dir.join("犀浦社区.xlsx");
    write_book(&path, &valid_sheets());
    let l = load_ok(vec![path]);
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    assert_eq!(l.dataset.services.len(), 3);
    let fw3 = &l.dataset.services[2];
    assert_eq!((fw3.unit_price, fw3.date), (dec("1200"), date(2025, 3, 9)));
    assert_eq!(l.dataset.services[1].date, date(2025, 3, 8));
}

#[test]
fn bad_values_are_located_to_the_cell_and_explained() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 6, "约300"); // G2: money
    set(&mut sheets, "服务记录", 2, 2, "2025-02-30"); // C3: impossible date
    set(&mut sheets, "服务记录", 3, 9, "5"); // J4: 5 vulnerable of 1
    write_book(&path, &sheets);
    let l = load_ok(vec![path.clone()]);
    let file = path.display().to_string();
    assert_eq!(
        lines(&l.problems),
        vec![
            format!("error: {file} › 服务记录 › row 2 › column G \"单价(元/人次)\": cannot read \"约300\"; expected an amount such as 1,200.50 or ¥1200"),
            format!("error: {file} › 服务记录 › row 3 › column C \"活动日期\": \"2025-02-30\" is out of range; expected a date such as 2025-03-07, 2025/3/7 or 2025年3月7日"),
            format!("error: {file} › 服务记录 › row 4 › column J \"其中特殊群体人次\": vulnerable participants 5 exceed all participants 1"),
        ]
    );
    assert_eq!(
        l.problems[0].message(Lang::Zh),
        "无法识别 「约300」，应为金额，如 1,200.50 或 ¥1200"
    );
    let services = l
        .dataset
        .sheets
        .iter()
        .find(|s| s.sheet == "服务记录")
        .unwrap();
    assert_eq!(
        (
            services.counts.read,
            services.counts.accepted,
            services.counts.rejected
        ),
        (3, 0, 3)
    );
    assert!(
        l.dataset.services.is_empty(),
        "rejected rows are not scored"
    );
}

#[test]
fn a_missing_required_column_stops_the_run_and_names_the_closest_header() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 0, 8, "参加人次"); // not a known synonym
    write_book(&path, &sheets);
    let fatals = load_fatal(vec![path.clone()]);
    assert_eq!(fatals.len(), 1);
    let msg = fatals[0].message(Lang::Zh);
    assert!(msg.contains("服务记录"), "{msg}");
    assert!(
        msg.contains("「参与人次」（最接近的表头：「参加人次」）"),
        "{msg}"
    );
    assert!(msg.contains("找到的表头：记录编号 | 合伙人编号"), "{msg}");
    let en = fatals[0].message(Lang::En);
    assert!(
        en.contains("lacks the required column(s) \"Participants\" (closest header: \"参加人次\")"),
        "{en}"
    );
}

#[test]
fn a_missing_required_sheet_stops_the_run() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    sheets.retain(|s| s.0 != "投诉与事件");
    write_book(&path, &sheets);
    let fatals = load_fatal(vec![path.clone()]);
    assert_eq!(fatals.len(), 1);
    assert_eq!(
        fatals[0].message(Lang::Zh),
        "所有输入文件中都没有必需的工作表「投诉与事件」\n  找到的工作表：合伙人名册 | 服务记录 | 公益金缴纳 | 经营数据申报 | 满意度调查"
    );
    // Named like the sheet but without a header: refused once, not twice.
    sheets.push(sheet("投诉", &[&["x"]]));
    write_book(&path, &sheets);
    let fatals = load_fatal(vec![path]);
    assert_eq!(fatals.len(), 1);
    assert!(fatals[0]
        .message(Lang::Zh)
        .contains("前 30 行中没有找到表头行"));
}

#[test]
fn title_rows_synonyms_blank_rows_and_unnamed_sheets_are_handled() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    let services = sheets.iter_mut().find(|s| s.0 == "服务记录").unwrap();
    services.0 = "Sheet1".into();
    let header = [
        "记录编号",
        "合伙人 编号",
        "活动\n日期",
        "服务类别",
        "活动名称",
        "收费方式",
        "单价（元）",
        "市场价",
        "服务人次",
        "特殊群体人数",
        "",
        "备注",
    ];
    services.1[0] = header.iter().map(|s| s.to_string()).collect();
    services.1.insert(
        0,
        vec![
            "填报单位：犀浦社区".into(),
            "".into(),
            "填报日期：2025-12-31".into(),
        ],
    );
    services
        .1
        .insert(0, vec!["2025年度社区合伙人服务台账".into()]);
    services.1.insert(3, vec![]);
    sheets.push(sheet("填表说明", &[&["请按模板填写"]]));
    write_book(&path, &sheets);
    let l = load_ok(vec![path]);
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    let s = l
        .dataset
        .sheets
        .iter()
        .find(|s| s.sheet == "Sheet1")
        .unwrap();
    assert_eq!(s.header_row, 3);
    assert_eq!(s.counts.read, 3, "the blank row is not a record");
    assert_eq!(l.dataset.services[0].participants, 30);
    assert_eq!(l.dataset.services[0].vulnerable_participants, Some(8));
    let notes = format!("{:?}", l.notes);
    assert!(
        notes.contains("填表说明") && notes.contains("备注"),
        "{notes}"
    );
}

#[test]
fn partners_registered_in_two_files_merge_or_conflict() {
    let (_d, dir) = temp();
    let a = dir.join("a.xlsx");
    let b = dir.join("b.xlsx");
    write_book(&a, &valid_sheets());
    let mut other = vec![sheet("合伙人名册", &[PARTNER_HEADER])];
    other[0].1.push(partner_row("P-1", "犀浦邻里食堂"));
    let mut changed = partner_row("P-2", "张德堃便民服务");
    changed[14] = "20%".into();
    other[0].1.push(changed);
    write_book(&b, &other);
    let l = load_ok(vec![b.clone(), a.clone()]);
    let got = lines(&l.problems);
    let (a, b) = (a.display(), b.display());
    assert_eq!(
        got,
        vec![
            format!("warning: {b} › 合伙人名册 › row 2 › column A \"合伙人编号\": partner \"P-1\" is registered identically at {a} › 合伙人名册 › row 2 › column A \"合伙人编号\"; merged"),
            format!("error: {b} › 合伙人名册 › row 3 › column A \"合伙人编号\": partner \"P-2\" is already registered at {a} › 合伙人名册 › row 3 › column A \"合伙人编号\" with different Fund rate; this row is not counted"),
        ]
    );
    assert_eq!(l.dataset.partners.len(), 2);
    assert_counts_add_up(&l);
}

#[test]
fn references_ids_and_agreement_dates_are_checked_across_sheets() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 2, 0, "FW-1"); // duplicate id
    set(&mut sheets, "服务记录", 3, 1, "P-9"); // unknown partner
    set(&mut sheets, "服务记录", 1, 2, "d:2026-01-05"); // after the agreement
    write_book(&path, &sheets);
    let l = load_ok(vec![path]);
    let codes: Vec<_> = l
        .problems
        .iter()
        .map(|p| (p.code(), p.location.row, p.location.column.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("duplicate_id", 3, "A"),
            ("unknown_partner", 4, "B"),
            ("outside_agreement", 2, "C")
        ]
    );
    assert!(l.problems.iter().all(|p| p.severity == Severity::Error));
    assert!(l.dataset.services.is_empty());
    assert_counts_add_up(&l);
}

#[test]
fn low_cost_rows_without_any_reference_price_are_warned_not_dropped() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 7, "");
    write_book(&path, &sheets);
    let l = load_ok(vec![path]);
    assert_eq!(l.problems.len(), 1);
    assert_eq!(
        (l.problems[0].severity, l.problems[0].code()),
        (Severity::Warning, "no_market_reference")
    );
    assert_eq!(l.dataset.services.len(), 3, "the row is still evaluated");
}

#[test]
fn unreadable_and_unknown_inputs_are_refused_clearly() {
    let (_d, dir) = temp();
    let broken = dir.join("坏文件.xlsx");
    std::fs::write(&broken, b"this is not a zip").unwrap();
    let fatals = load_fatal(vec![broken, dir.join("不存在.xlsx")]);
    let text: Vec<_> = fatals.iter().map(|f| f.message(Lang::Zh)).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("不存在.xlsx：文件或文件夹不存在")),
        "{text:?}"
    );
    let empty = dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let fatals = load_fatal(vec![empty]);
    assert!(fatals[0].message(Lang::En).starts_with("no workbook"));
}

#[test]
fn a_blank_payment_is_read_as_nothing_paid_and_said_so() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "公益金缴纳", 1, 5, "");
    set(&mut sheets, "公益金缴纳", 1, 6, "");
    write_book(&path, &sheets);
    let l = load_ok(vec![path]);
    assert_eq!(lines(&l.problems).len(), 1, "{:?}", lines(&l.problems));
    assert_eq!(
        (l.problems[0].severity, l.problems[0].code()),
        (Severity::Warning, "blank_as_zero")
    );
    assert_eq!(l.dataset.fund_payments[0].amount_paid, Decimal::ZERO);
}

#[test]
fn reference_prices_come_from_the_row_or_the_same_item_only() {
    let (_d, dir) = temp();
    let path = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 7, ""); // 长者午餐, low-cost, no price
    sheets.push(sheet(
        "市场参考价",
        &[
            &["服务类别", "项目", "市场参考价(元)"],
            &["养老", "长者午餐", "15"],
            &["养老", "助浴", "80"],
        ],
    ));
    write_book(&path, &sheets);
    let l = load_ok(vec![path.clone()]);
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    let ds = &l.dataset;
    assert_eq!(ds.market_reference(&ds.services[0]), Some(dec("15")));
    // Another item of the same category is never borrowed.
    let mut other = ds.services[0].clone();
    other.title = Some("理疗".into());
    assert_eq!(ds.market_reference(&other), None);
}

#[test]
fn files_read_in_parallel_merge_exactly_as_on_one_thread() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let one = partner_eval::ingest::load_with(std::slice::from_ref(&samples), 1).unwrap();
    let two = partner_eval::ingest::load_with(std::slice::from_ref(&samples), 2).unwrap();
    let json = |l: &Loaded| serde_json::to_string(&l.dataset).unwrap();
    assert_eq!(json(&one), json(&two));
    assert_eq!(lines(&one.problems), lines(&two.problems));
    assert_eq!(one.files, two.files);
}
