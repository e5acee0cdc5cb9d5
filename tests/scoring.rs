//! Scores checked by hand: the worked example of DOMAIN.md §3.7, grade bands
//! and decision thresholds at their edges, N/A redistribution and missing
//! data, on workbooks the tests write.

mod common;

use common::scored::{d, evaluate_2025 as evaluate, load_book as load, partner, row};
use common::*;
use partner_eval::indicators::IndicatorSet;
use partner_eval::schema::enums::{Decision, Grade, WarningLevel};
use partner_eval::score::{self, Status};
use rust_decimal::Decimal;

/// Registry columns 13–16: basis, rate, frequency, agreed sessions.
fn partner_with(id: &str, basis: &str, rate: &str, freq: &str) -> Vec<String> {
    let mut r = partner_row(id, id);
    r[13] = basis.into();
    r[14] = rate.into();
    r[15] = freq.into();
    r
}

/// DOMAIN.md §3.7: why F1 (contract compliance) and F3 (intensity) differ.
#[test]
fn worked_example_of_the_domain_brief() {
    let mut partners = vec![PARTNER_HEADER.iter().map(|s| s.to_string()).collect()];
    partners.push(partner_with("EV", "利润", "25%", "季"));
    partners.push(partner_with("CAFE", "利润", "3%", "年"));
    partners.push(partner_with("CARE", "营业收入", "15%", "年"));
    let services = vec![
        row(SERVICE_HEADER),
        row(&[
            "S1",
            "EV",
            "d:2025-08-01",
            "出行充电",
            "充电",
            "市场",
            "1",
            "",
            "300000",
            "0",
        ]),
        row(&[
            "S2",
            "CAFE",
            "d:2025-05-01",
            "助餐",
            "咖啡",
            "市场",
            "30",
            "",
            "20000",
            "0",
        ]),
        row(&[
            "S3",
            "CARE",
            "d:2025-03-01",
            "托育",
            "托育",
            "市场",
            "2000",
            "",
            "100",
            "0",
        ]),
    ];
    let pay_header = row(&[
        "缴纳编号",
        "合伙人编号",
        "所属期间",
        "计提基数金额(元)",
        "应缴截止日",
        "实缴金额(元)",
        "缴纳日期",
        "缴纳形式",
    ]);
    let payments = vec![
        pay_header,
        row(&[
            "GJ-EV",
            "EV",
            "2025Q3",
            "40000",
            "d:2025-10-15",
            "10000",
            "d:2025-10-10",
            "资金",
        ]),
        row(&[
            "GJ-CAFE",
            "CAFE",
            "2025",
            "120000",
            "d:2026-01-15",
            "3600",
            "d:2025-12-20",
            "资金",
        ]),
        row(&[
            "GJ-CARE",
            "CARE",
            "2025",
            "200000",
            "d:2026-01-15",
            "24000",
            "d:2025-12-20",
            "资金",
        ]),
    ];
    let financials = vec![
        row(&["合伙人编号", "期间", "营业收入(元)", "利润(元)", "数据来源"]),
        row(&["EV", "2025Q3", "300000", "40000", "财务报表"]),
        row(&["CAFE", "2025", "600000", "120000", "财务报表"]),
        row(&["CARE", "2025", "200000", "", "财务报表"]),
    ];
    let mut sheets = valid_sheets();
    for (name, rows) in [
        ("合伙人名册", partners),
        ("服务记录", services),
        ("公益金缴纳", payments),
        ("经营数据申报", financials),
    ] {
        sheets.iter_mut().find(|s| s.0 == name).unwrap().1 = rows;
    }
    sheets.retain(|s| s.0 != "满意度调查");
    sheets.push(sheet(
        "满意度汇总",
        &[&[
            "合伙人编号",
            "期间",
            "有效问卷数",
            "非常满意",
            "满意",
            "一般",
            "不满意",
            "非常不满意",
        ]],
    ));
    let ds = load(&sheets);
    let set = IndicatorSet::default_set().unwrap();
    let e = evaluate(&ds, &set);
    let f = |id: &str, ind: &str| partner(&e, id).indicator(ind).unwrap().clone();

    // F1 paid / due: 10,000 / (25 % × 40,000) = 100 % → the full share.
    assert_eq!(f("EV", "F1").value, Some(d("1")));
    assert_eq!(f("EV", "F1").parts[0].share, Some(d("1")));
    // F3 paid / revenue: 10,000 / 300,000 = 3.33 % → 1.33 of 4 points.
    assert_eq!(
        f("EV", "F3").value.map(|v| v.round_dp(4)),
        Some(d("0.0333"))
    );
    assert_eq!(
        f("EV", "F3").parts[0]
            .share
            .map(|s| (s * d("4")).round_dp(2)),
        Some(d("1.33"))
    );
    // Café: 3 % of 120,000 = 3,600 due and paid → F1 full; F3 0.6 % → 0.24/4.
    assert_eq!(f("CAFE", "F1").value, Some(d("1")));
    assert_eq!(
        f("CAFE", "F3").parts[0]
            .share
            .map(|s| (s * d("4")).round_dp(2)),
        Some(d("0.24"))
    );
    // Childcare: 15 % of 200,000 = 30,000 due, 24,000 paid → 80 % → 0 points, FL4.
    assert_eq!(f("CARE", "F1").value, Some(d("0.8")));
    assert_eq!(f("CARE", "F1").parts[0].share, Some(d("0")));
    assert!(partner(&e, "CARE").flag("FL4").is_some());
    assert_eq!(f("CARE", "F3").parts[0].share, Some(d("1")), "12 % ≥ 10 %");
    // c5 holds for the café: contribution below 1 % with market revenue.
    let oc = partner(&e, "CAFE").flag("FL1");
    let fired: Vec<_> = oc
        .map(|f| f.conditions.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    assert!(fired.contains(&"c5".to_string()), "{fired:?}");
    // F4 is N/A (no volunteering sheet, and fewer than 5 peers): its 2
    // points spread over F1–F3 in proportion 10:4:4, so F1 weighs
    // 10 + 2 × 10/18 = 11.11. EV sells at market prices only, so R1 and R2
    // (11 points) are N/A too; R3 may take only 4 of them (at most twice
    // its 4, R1 of §3.10), and the 7 left over go to the other 85 points
    // pro rata: F1 weighs 11.11 × 92/85 = 12.03.
    assert_eq!(f("EV", "F4").status, Status::Na);
    assert_eq!(f("EV", "R3").weight, d("8"));
    assert_eq!(f("EV", "F1").weight, d("12.03"));
    assert_eq!(f("EV", "F1").points, d("12.03"));
}

/// A one-indicator set whose total is the registry's 约定公益时长, with the
/// default bands and decision rules: band and threshold edges, end to end.
fn edge_set() -> IndicatorSet {
    let default = partner_eval::indicators::DEFAULT_TOML;
    let bands =
        &default[default.find("# ── Grades").unwrap()..default.find("# ── Vetoes").unwrap()];
    let rules =
        &default[default.find("[decision]").unwrap()..default.find("# ── Rankings").unwrap()];
    let text = format!(
        r#"
[set]
id = "edges"
name_zh = "边界"
name_en = "edges"
version = "1"
total = 100
min_active_months = 3

[params]
min_survey_n = 30

[[dimension]]
id = "all"
name_zh = "全部"
name_en = "all"
weight = 100

[[indicator]]
id = "S1"
dimension = "all"
name_zh = "时长"
name_en = "hours"
unit = "number"
value = "partner.agreed_free_hours"
direction = "up"
scoring = {{ linear = {{ zero = 0, full = 100 }} }}
weight = 100

{bands}
[[flag]]
id = "FL2"
name_zh = "公益底线预警"
name_en = "baseline"
when = "S1.value < 0"

[[flag]]
id = "FL4"
name_zh = "公益金欠缴"
name_en = "arrears"
when = "S1.value < 0"

[over_commercialised]
flag = "FL1"
name_zh = "过度商业化"
name_en = "over-commercialised"
yellow = 2
red = 3

[[over_commercialised.condition]]
id = "c1"
name_zh = "c1"
name_en = "c1"
when = "S1.value < 0"

{rules}
[ranking]
scopes = ["district"]
tie_break = ["partner_id"]
"#
    );
    IndicatorSet::from_text("edges.toml", &text)
        .unwrap_or_else(|e| panic!("{}", e[0].message(partner_eval::lang::Lang::En)))
}

#[test]
fn grade_bands_and_decisions_at_their_edges() {
    let hours = ["90", "89.99", "80", "79.99", "70", "69.99", "60", "59.99"];
    let mut partners = vec![PARTNER_HEADER
        .iter()
        .map(|s| s.to_string())
        .chain(["约定公益时长".to_string()])
        .collect::<Vec<_>>()];
    for h in hours {
        let mut r = partner_row(&format!("H{h}"), h);
        r.push(h.to_string());
        partners.push(r);
    }
    let mut sheets = valid_sheets();
    sheets[0].1 = partners;
    sheets
        .iter_mut()
        .find(|s| s.0 == "服务记录")
        .unwrap()
        .1
        .truncate(1);
    sheets
        .iter_mut()
        .find(|s| s.0 == "公益金缴纳")
        .unwrap()
        .1
        .truncate(1);
    sheets
        .iter_mut()
        .find(|s| s.0 == "满意度调查")
        .unwrap()
        .1
        .truncate(1);
    sheets
        .iter_mut()
        .find(|s| s.0 == "经营数据申报")
        .unwrap()
        .1
        .truncate(1);
    let ds = load(&sheets);
    let e = evaluate(&ds, &edge_set());
    let expect = [
        ("90", Grade::Excellent, 5, Decision::Renew),
        ("89.99", Grade::Good, 4, Decision::Renew),
        ("80", Grade::Good, 4, Decision::Renew),
        ("79.99", Grade::Fair, 3, Decision::Rectify),
        ("70", Grade::Fair, 3, Decision::Rectify),
        ("69.99", Grade::Fair, 2, Decision::Rectify),
        ("60", Grade::Fair, 2, Decision::Rectify),
        ("59.99", Grade::Poor, 1, Decision::Exit),
    ];
    for (h, grade, stars, decision) in expect {
        let p = partner(&e, &format!("H{h}"));
        assert_eq!(p.total, d(h), "{h}");
        assert_eq!(
            (p.grade, p.stars, p.decision),
            (grade, stars, decision),
            "{h}"
        );
    }
    let exit = partner(&e, "H59.99");
    assert_eq!(exit.reasons[0].zh, "总分 59.99 低于 60 分（差）");
    assert_eq!(exit.reasons[0].en, "total 59.99 is below 60 (poor)");
    assert_eq!(
        partner(&e, "H79.99").reasons[0].zh,
        "总分 79.99 在 60–80 分之间"
    );
    // Ranks: one per partner, ordered by total.
    let ranks: Vec<_> = e.partners.iter().map(|p| p.ranks[0].1.rank).collect();
    assert_eq!(ranks, (1..=8).collect::<Vec<_>>());
}

#[test]
fn a_veto_caps_the_grade_and_forces_exit() {
    let set = IndicatorSet::default_set().unwrap();
    assert_eq!(score::grade(&set, d("95"), true), (Grade::Poor, 1));
    assert_eq!(score::grade(&set, d("95"), false), (Grade::Excellent, 5));
    let mut sheets = valid_sheets();
    let complaints = sheets.iter_mut().find(|s| s.0 == "投诉与事件").unwrap();
    complaints.1[0].push("涉及否决事项".into());
    complaints.1.push(row(&[
        "TS-1",
        "P-1",
        "d:2025-06-01",
        "市场监管",
        "推销营销",
        "是",
        "较重",
        "V2",
    ]));
    let ds = load(&sheets);
    let e = evaluate(&ds, &set);
    let p = partner(&e, "P-1");
    assert_eq!(
        p.vetoes.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        vec!["V2"]
    );
    assert_eq!(p.vetoes[0].evidence[0].id, "TS-1");
    assert_eq!(p.vetoes[0].evidence[0].location.row, 2);
    assert_eq!(
        (p.grade, p.stars, p.decision),
        (Grade::Poor, 1, Decision::Exit)
    );
    assert!(
        p.reasons
            .iter()
            .any(|r| r.zh.starts_with("存在一票否决事项：V2")),
        "{:?}",
        p.reasons
    );
    // A confirmed sales complaint is c6: red card at once.
    assert_eq!(p.flag("FL1").and_then(|f| f.level), Some(WarningLevel::Red));
}

#[test]
fn not_applicable_weight_moves_and_missing_data_scores_zero() {
    let set = IndicatorSet::default_set().unwrap();
    let ds = load(&valid_sheets());
    let e = evaluate(&ds, &set);
    let p = partner(&e, "P-1");
    // No space usage: C2 is N/A and its 4 points go to C1 alone.
    assert_eq!(p.indicator("C2").unwrap().status, Status::Na);
    assert_eq!(p.indicator("C1").unwrap().weight, d("10"));
    // Fewer than 5 peers: P5 (3 points) spreads over P1–P4 (7:7:5:3).
    assert_eq!(p.indicator("P5").unwrap().status, Status::Na);
    assert_eq!(p.indicator("P1").unwrap().weight, d("7.95"));
    let risk = &p.dimensions[4];
    assert!(risk.na_adjusted);
    assert_eq!(risk.weight, d("15"));
    // Every dimension keeps its weight; the total stays out of 100.
    let weights: Decimal = p.dimensions.iter().map(|x| x.weight).sum();
    assert_eq!(weights, d("100"));
    // P-2 has no questionnaire: S1 is applicable but missing → 0 and FL6.
    let q = partner(&e, "P-2");
    assert_eq!(q.indicator("S1").unwrap().status, Status::Missing);
    assert_eq!(q.indicator("S1").unwrap().points, d("0"));
    // Missing keeps its weight, and like every applicable indicator takes
    // its share of what the cap leaves over elsewhere: P-2 sells at market
    // prices only, so R1 and R2 are N/A and R3 takes 4 of their 11 points
    // (at most twice its own); the other 7 cross to the other dimensions.
    assert_eq!(q.indicator("R3").unwrap().weight, d("8"));
    assert!(
        q.indicator("S1").unwrap().weight > d("15"),
        "missing keeps its weight"
    );
    let gap = q.flag("FL6").unwrap();
    assert!(gap.missing.iter().any(|n| n == "S1"), "{:?}", gap.missing);
}

#[test]
fn every_score_stays_within_its_bounds() {
    let ds = load(&valid_sheets());
    let set = IndicatorSet::default_set().unwrap();
    let e = evaluate(&ds, &set);
    for p in &e.partners {
        assert!(p.total >= Decimal::ZERO && p.total <= d("100"));
        for i in &p.indicators {
            assert!(
                i.points >= Decimal::ZERO && i.points <= i.weight,
                "{} {}",
                p.partner_id,
                i.id
            );
        }
        let sum: Decimal = p.indicators.iter().map(|i| i.points).sum();
        assert!(
            (sum - p.total).abs() <= d("0.1"),
            "rounded points add up to the total"
        );
    }
}
