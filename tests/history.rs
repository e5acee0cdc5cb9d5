//! Year over year (`--previous`): last period's results.json or workbook
//! feeds the history rules (DOMAIN.md §3.6) and every partner's trend.
//!
//! Last year is made from this year's evaluation of the samples, edited so
//! that history matters (see [`last_year`]).

mod common;

use std::path::Path;

use partner_eval::history::{self, HistoryError, PreviousPartner, PriorValue};
use partner_eval::indicators::RankScope;
use partner_eval::ingest::Limits;
use partner_eval::lang::Lang;
use partner_eval::report;
use partner_eval::schema::enums::{Decision, Grade, WarningLevel};
use partner_eval::score::{Evaluation, PartnerResult};
use partner_eval::value::Period;
use rust_decimal::Decimal;
use serde_json::Value;

use common::*;

/// The reason of the rule "整改后续约 two years running → exit".
const CONSECUTIVE: &str = "renewal after rectification in two consecutive annual evaluations";

fn get<'a>(eval: &'a Evaluation, id: &str) -> &'a PartnerResult {
    eval.partners.iter().find(|p| p.partner_id == id).unwrap()
}

fn get_mut<'a>(eval: &'a mut Evaluation, id: &str) -> &'a mut PartnerResult {
    eval.partners
        .iter_mut()
        .find(|p| p.partner_id == id)
        .unwrap()
}

fn has_reason(p: &PartnerResult, en: &str) -> bool {
    p.reasons.iter().any(|r| r.en == en)
}

fn fl1(p: &PartnerResult) -> Option<WarningLevel> {
    p.flag("FL1").and_then(|f| f.level)
}

/// What the edits below rely on in this year's evaluation of the samples.
fn check_premises(now: &Evaluation) {
    let rectified = get(now, "PD-XP02-004");
    assert_eq!(rectified.decision, Decision::Rectify);
    assert_eq!(rectified.prior_decision, None);
    assert_eq!(fl1(get(now, "PD-TJ01-006")), Some(WarningLevel::Yellow));
    assert_eq!(get(now, "PD-TJ01-006").prior_flag, None);
    let first = get(now, "PD-XP02-002").rank(RankScope::District);
    assert_eq!(first.map(|r| r.rank), Some(1));
    assert!(get(now, "PD-TJ01-008").new_partner);
    // The registry says 整改后续约 last year, so the rule fires on it alone.
    let typed = get(now, "PD-PT01-005");
    assert_eq!(typed.prior_decision, Some(Decision::Rectify));
    assert_eq!(typed.decision, Decision::Exit);
    assert!(has_reason(typed, CONSECUTIVE));
    assert_eq!(
        get(now, "PD-XP02-006").prior_flag,
        Some(WarningLevel::Yellow)
    );
    assert_eq!(get(now, "PD-TJ02-004").prior_grade, Some(Grade::Good));
    assert_eq!(
        get(now, "PD-TJ02-004").prior_decision,
        Some(Decision::Renew)
    );
}

/// Last year's results: every total 5 points lower, every partner 良 and
/// renewed without a flag level, except that
/// - PD-XP02-004 was renewed after rectification (rectify again → exit);
/// - PD-TJ01-006 had a yellow over-commercialised flag (yellow again → red);
/// - PD-XP02-002 ranked 4th (1st now), PD-XP01-002 was not ranked;
/// - PD-TJ01-008 (new this year) is absent, PD-GONE-001 has since left.
fn last_year(now: &Evaluation) -> Evaluation {
    let mut prev = now.clone();
    prev.period = Period::Year(2024);
    prev.partners.retain(|p| p.partner_id != "PD-TJ01-008");
    for p in &mut prev.partners {
        p.total -= Decimal::from(5);
        p.grade = Grade::Good;
        p.decision = Decision::Renew;
        if p.partner_id != "PD-TJ01-006" {
            p.flags.iter_mut().for_each(|f| f.level = None);
        }
    }
    get_mut(&mut prev, "PD-XP02-004").decision = Decision::Rectify;
    for (scope, rank) in &mut get_mut(&mut prev, "PD-XP02-002").ranks {
        if *scope == RankScope::District {
            rank.rank = 4;
        }
    }
    get_mut(&mut prev, "PD-XP01-002")
        .ranks
        .retain(|(s, _)| *s != RankScope::District);
    let mut gone = prev.partners[0].clone();
    gone.partner_id = "PD-GONE-001".into();
    prev.partners.push(gone);
    prev
}

fn limits() -> Limits {
    Limits::default()
}

fn samples() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .display()
        .to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `evaluate samples --previous PATH --format json`, with extra arguments;
/// the run must not be refused. Returns stdout and results.json.
fn evaluate_with(previous: &Path, out: &Path, extra: &[&str]) -> (String, Value) {
    let mut args = vec![
        "evaluate".to_string(),
        samples(),
        "--previous".into(),
        previous.display().to_string(),
        "--format".into(),
        "json".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    // 1: the samples carry planted data errors on purpose.
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        text(&o.stderr)
    );
    let json = std::fs::read(out.join("results.json")).unwrap();
    (text(&o.stdout), serde_json::from_slice(&json).unwrap())
}

fn json_partner<'a>(results: &'a Value, id: &str) -> &'a Value {
    results["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["partner_id"] == id)
        .unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn two_year_run_through_the_library() {
    let (mut loaded, set, now) = evaluated_samples();
    check_premises(&now);
    let (_d, dir) = temp();
    let path = dir.join("results.json");
    report::write_json(&path, &last_year(&now)).unwrap();

    let prev = history::read(&path, &limits()).unwrap();
    assert_eq!(prev.period, Period::Year(2024));
    assert_eq!(prev.partners.len(), now.partners.len());
    let applied = history::apply(&mut loaded.dataset, &prev, now.period).unwrap();
    assert!(applied.consecutive);
    assert_eq!(applied.matched, now.partners.len() - 1);
    assert_eq!(applied.new, ["PD-TJ01-008"]);
    assert_eq!(applied.gone, ["PD-GONE-001"]);
    let mut eval = score_samples(&loaded, &set);
    history::attach(&mut eval, &prev);

    // 整改后续约 last year (from the file alone) and again now → exit.
    let twice = get(&eval, "PD-XP02-004");
    assert_eq!(twice.prior_decision, Some(Decision::Rectify));
    assert_eq!(twice.decision, Decision::Exit);
    assert!(has_reason(twice, CONSECUTIVE), "{:?}", twice.reasons);

    // A yellow over-commercialised flag after a yellow one → red.
    let flagged = get(&eval, "PD-TJ01-006");
    assert_eq!(flagged.prior_flag, Some(WarningLevel::Yellow));
    assert_eq!(fl1(flagged), Some(WarningLevel::Red));
    assert!(flagged.flag("FL1").unwrap().escalated_from_prior_yellow);
    // The decision's reason says where the red card came from (R6).
    assert!(
        flagged
            .reasons
            .iter()
            .any(|r| r.zh.contains("上期黄牌，本期升级为红牌")),
        "{:?}",
        flagged.reasons
    );

    // The registry typed 整改后续约, the file says 续约: the file wins, so the
    // rule no longer fires, and the disagreement is reported at the cell.
    let corrected = get(&eval, "PD-PT01-005");
    assert_eq!(corrected.prior_decision, Some(Decision::Renew));
    assert_eq!(corrected.decision, Decision::Rectify);
    assert!(!has_reason(corrected, CONSECUTIVE));
    let m = applied
        .mismatches
        .iter()
        .find(|m| m.partner_id == "PD-PT01-005" && m.file.column() == "prior_decision")
        .unwrap();
    assert_eq!(m.registry, PriorValue::Decision(Decision::Rectify));
    assert_eq!(m.file, PriorValue::Decision(Decision::Renew));
    assert_eq!(m.location.header, "上期决策");
    assert!(m.location.row > 1 && !m.location.column.is_empty());
    // A flag in the registry that the file does not have is a disagreement too.
    assert!(applied
        .mismatches
        .iter()
        .any(|m| m.partner_id == "PD-XP02-006"
            && m.registry == PriorValue::Flag(Some(WarningLevel::Yellow))
            && m.file == PriorValue::Flag(None)));
    // Empty registry cells are filled silently; agreeing ones say nothing.
    for quiet in ["PD-XP02-004", "PD-TJ01-006", "PD-TJ02-004"] {
        assert!(
            applied.mismatches.iter().all(|m| m.partner_id != quiet),
            "{quiet}: {:?}",
            applied.mismatches
        );
    }
    let lines = applied.lines(Lang::En);
    assert!(lines[0].contains("59 partners matched"), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("warning: ")
        && l.contains("PD-PT01-005")
        && l.contains("\"rectify\" in the registry but \"renew\"")));

    // Trends: 5 points up for everyone, ranks as edited.
    for p in &eval.partners {
        let Some(prev) = &p.previous else {
            assert_eq!(p.partner_id, "PD-TJ01-008");
            continue;
        };
        assert_eq!(prev.period, "2024");
        assert_eq!(prev.total_change, Decimal::from(5), "{}", p.partner_id);
        assert_eq!(prev.total + prev.total_change, p.total);
    }
    assert!(get(&eval, "PD-TJ01-008").previous.is_none());
    let climbed = get(&eval, "PD-XP02-002").previous.as_ref().unwrap();
    assert_eq!((climbed.rank, climbed.rank_change), (Some(4), Some(3)));
    let unranked = get(&eval, "PD-XP01-002").previous.as_ref().unwrap();
    assert_eq!((unranked.rank, unranked.rank_change), (None, None));
    assert_eq!(
        get(&eval, "PD-XP02-005")
            .previous
            .as_ref()
            .unwrap()
            .rank_change,
        Some(0)
    );
    let was = get(&eval, "PD-TJ01-006").previous.as_ref().unwrap();
    assert_eq!(
        (was.grade, was.decision, was.flag),
        (Grade::Good, Decision::Renew, Some(WarningLevel::Yellow))
    );
    let p = get(&now, "PD-XP02-002");
    let points: Vec<(String, Decimal)> = p
        .indicators
        .iter()
        .map(|i| (i.id.clone(), i.points))
        .collect();
    assert_eq!(climbed.indicator_points, points);
}

#[test]
fn two_year_run_through_the_cli() {
    let (_loaded, _set, now) = evaluated_samples();
    let (_d, dir) = temp();
    let prev = dir.join("prev.json");
    report::write_json(&prev, &last_year(&now)).unwrap();
    let (stdout, results) = evaluate_with(&prev, &dir.join("out"), &[]);

    assert!(
        stdout.contains("提示：上期评估结果") && stdout.contains("59 个合伙人与本期对应"),
        "{stdout}"
    );
    assert!(
        stdout.contains("本期有、上期结果中没有的合伙人 1 个：PD-TJ01-008"),
        "{stdout}"
    );
    assert!(
        stdout.contains("上期结果中有、本期未评估的合伙人 1 个：PD-GONE-001"),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("警告：")
            && l.contains("PD-PT01-005")
            && l.contains("上期决策名册填为「整改后续约」")
            && l.contains("prev.json 为「续约」")),
        "{stdout}"
    );

    let twice = json_partner(&results, "PD-XP02-004");
    assert_eq!(twice["decision"], "exit");
    assert_eq!(twice["previous"]["decision"], "rectify");
    assert_eq!(dec(&twice["previous"]["total_change"]), Decimal::from(5));
    let flagged = json_partner(&results, "PD-TJ01-006");
    let fl1 = flagged["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "FL1")
        .unwrap();
    assert_eq!(fl1["level"], "red");
    assert_eq!(flagged["previous"]["flag"], "yellow");
    let climbed = &json_partner(&results, "PD-XP02-002")["previous"];
    assert_eq!(
        (&climbed["rank"], &climbed["rank_change"]),
        (&Value::from(4), &Value::from(3))
    );
    assert!(json_partner(&results, "PD-TJ01-008")["previous"].is_null());
}

/// Partners by id: the ranking sheet lists new partners last.
fn by_id(mut partners: Vec<PreviousPartner>) -> Vec<PreviousPartner> {
    partners.sort_by(|a, b| a.partner_id.cmp(&b.partner_id));
    partners
}

#[test]
fn the_workbook_reads_like_results_json() {
    let (loaded, set, now) = evaluated_samples();
    let prev_eval = last_year(&now);
    let (_d, dir) = temp();
    let json = dir.join("results.json");
    report::write_json(&json, &prev_eval).unwrap();
    let from_json = history::read(&json, &limits()).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let r = report::xlsx::Report {
            eval: &prev_eval,
            set: &set,
            loaded: &loaded,
            lang,
        };
        let book = &report::xlsx::write(&dir, &r, None).unwrap()[0];
        let from_book = history::read(book, &limits()).unwrap();
        assert_eq!(from_book.period, Period::Year(2024), "{lang:?}");
        assert_eq!(
            by_id(from_book.partners),
            by_id(from_json.partners.clone()),
            "{lang:?}"
        );
    }
    // Last period's output folder: its results.json is read.
    assert_eq!(
        history::read(&dir, &limits()).unwrap().file,
        json.display().to_string()
    );
}

#[test]
fn the_workbook_drives_the_cli_too() {
    let (loaded, set, now) = evaluated_samples();
    let prev_eval = last_year(&now);
    let (_d, dir) = temp();
    let r = report::xlsx::Report {
        eval: &prev_eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::En,
    };
    let book = report::xlsx::write(&dir, &r, None).unwrap().remove(0);
    assert!(book.ends_with("evaluation.xlsx"));
    let (stdout, results) = evaluate_with(&book, &dir.join("out"), &["--lang", "en"]);
    assert!(stdout.contains("note: previous results"), "{stdout}");
    assert!(stdout.contains("59 partners matched"), "{stdout}");
    let twice = json_partner(&results, "PD-XP02-004");
    assert_eq!(twice["decision"], "exit");
    assert_eq!(
        dec(&twice["previous"]["total"]),
        dec(&twice["total"]) - Decimal::from(5)
    );
    let climbed = &json_partner(&results, "PD-XP02-002")["previous"];
    assert_eq!(climbed["rank_change"], 3);
    assert_eq!(
        climbed["indicator_points"].as_array().unwrap().len(),
        set.indicators.len()
    );
}

/// Runs evaluate with a bad previous file: refused with exit code 2 before
/// anything is written; returns stderr.
fn refused(previous: &Path, lang: &str) -> String {
    let (_d, out) = temp();
    let o = run(&[
        "evaluate",
        &samples(),
        "--previous",
        previous.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        lang,
        "--out",
        out.join("out").to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!out.join("out/results.json").exists());
    err
}

#[test]
fn a_bad_previous_file_is_refused_with_its_name() {
    let (_loaded, _set, now) = evaluated_samples();
    let (_d, dir) = temp();

    let garbled = dir.join("garbled.json");
    std::fs::write(&garbled, "{ \"schema_version\": 1, ").unwrap();
    let err = refused(&garbled, "zh");
    assert!(
        err.contains("错误：上期评估结果 ") && err.contains("garbled.json"),
        "{err}"
    );
    assert!(err.contains("不是有效的 JSON"), "{err}");
    assert!(refused(&garbled, "en").contains("garbled.json: not valid JSON (line 1"));

    let mut newer: Value = serde_json::to_value(last_year(&now)).unwrap();
    newer["schema_version"] = 99.into();
    let newer_path = dir.join("newer.json");
    std::fs::write(&newer_path, newer.to_string()).unwrap();
    let err = refused(&newer_path, "zh");
    assert!(
        err.contains("newer.json：schema_version 为 99，本版本只能读取 1"),
        "{err}"
    );

    let other = dir.join("other.json");
    std::fs::write(&other, r#"{"partners": []}"#).unwrap();
    assert!(
        refused(&other, "en").contains("other.json: not a results.json written by partner-eval")
    );

    // This year's own results as "last year": every rule would fire on itself.
    let same = dir.join("same.json");
    report::write_json(&same, &now).unwrap();
    let err = refused(&same, "zh");
    assert!(
        err.contains("same.json：其评估期间 2025 并不早于本期 2025"),
        "{err}"
    );

    // A workbook whose ranking lacks the total.
    let book = dir.join("评估结果.xlsx");
    write_book(
        &book,
        &[
            sheet("总览", &[&["评估期间", "2024"]]),
            sheet(
                "排名",
                &[
                    &[
                        "区内排名",
                        "合伙人编号",
                        "合伙人名称",
                        "等级",
                        "预警",
                        "决策",
                    ],
                    &["1", "PD-XP02-002", "x", "优", "", "续约"],
                ],
            ),
        ],
    );
    let err = refused(&book, "zh");
    assert!(
        err.contains("评估结果.xlsx › 排名 › 第 1 行：表头中缺少「总分」列"),
        "{err}"
    );
    let err = refused(&book, "en");
    assert!(
        err.contains("› 排名 › row 1: the header lacks the column \"Total\""),
        "{err}"
    );

    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "not a workbook").unwrap();
    assert!(refused(&fake, "zh").contains("fake.xlsx：扩展名是工作簿，内容却不是"));
}

#[test]
fn workbook_cells_are_named_when_unreadable() {
    let (_d, dir) = temp();
    let book = dir.join("evaluation.xlsx");
    let header: &[&str] = &[
        "District rank",
        "Partner ID",
        "Total",
        "Grade",
        "Flags",
        "Decision",
    ];
    write_book(
        &book,
        &[
            sheet("Summary", &[&["Period", "2024"]]),
            sheet(
                "Ranking",
                &[header, &["1", "P-1", "91.5", "甲", "", "renew"]],
            ),
        ],
    );
    let e = history::read(&book, &limits()).unwrap_err();
    let msg = e.message(Lang::Zh);
    assert!(
        msg.contains("evaluation.xlsx › Ranking › 第 2 行 › D 列「Grade」：「甲」无法识别，应为优、良、中、差"),
        "{msg}"
    );

    write_book(
        &book,
        &[
            sheet("Summary", &[&["Period", "2024"]]),
            sheet(
                "Ranking",
                &[
                    header,
                    &["1", "P-1", "91.5", "优", "FL1 red", "renew"],
                    &["", "P-2", "70", "中", "FL1 黄牌、FL3", "整改后续约"],
                    &["2", "P-1", "91.5", "优", "", "renew"],
                ],
            ),
        ],
    );
    let e = history::read(&book, &limits()).unwrap_err();
    assert_eq!(
        e,
        HistoryError::Duplicate {
            file: book.display().to_string(),
            partner_id: "P-1".into()
        }
    );
    assert!(e
        .message(Lang::En)
        .contains("partner id P-1 appears more than once"));

    // Without 指标明细 the trend has no indicator points, and that is fine.
    write_book(
        &book,
        &[
            sheet("Summary", &[&["Period", "2024Q4"]]),
            sheet(
                "Ranking",
                &[
                    header,
                    &["1", "P-1", "91.5", "优", "FL1 red", "renew"],
                    &["", "P-2", "70", "中", "FL1 黄牌、FL3", "整改后续约"],
                ],
            ),
        ],
    );
    let prev = history::read(&book, &limits()).unwrap();
    assert_eq!(prev.period, Period::Quarter(2024, 4));
    let p2 = &prev.partners[1];
    assert_eq!(
        (p2.rank, p2.flag, p2.decision, p2.total),
        (
            None,
            Some(WarningLevel::Yellow),
            Decision::Rectify,
            Decimal::from(70)
        )
    );
    assert_eq!(prev.partners[0].flag, Some(WarningLevel::Red));
    assert!(prev.partners[0].indicator_points.is_empty());
}

#[test]
fn an_empty_folder_is_named() {
    let (_d, dir) = temp();
    let e = history::read(&dir, &limits()).unwrap_err();
    assert!(e
        .message(Lang::Zh)
        .contains("文件夹中没有 results.json、评估结果.xlsx 或 evaluation.xlsx"));
}

#[test]
fn a_gap_between_periods_is_warned() {
    let prev = history::Previous {
        file: "2023.json".into(),
        period: Period::Year(2023),
        partners: vec![PreviousPartner {
            partner_id: "P-1".into(),
            total: Decimal::from(70),
            grade: Grade::Fair,
            decision: Decision::Rectify,
            flag: None,
            rank: Some(1),
            indicator_points: Vec::new(),
        }],
    };
    let mut ds = partner_eval::model::Dataset::default();
    let applied = history::apply(&mut ds, &prev, Period::Year(2025)).unwrap();
    assert!(!applied.consecutive);
    assert_eq!(
        (applied.matched, applied.gone.as_slice()),
        (0, &["P-1".to_string()][..])
    );
    let lines = applied.lines(Lang::Zh);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("警告：上期结果的期间 2023 不是紧接本期的上一期")),
        "{lines:?}"
    );
    // Quarter after quarter is consecutive, across the year too.
    let mut q = prev.clone();
    q.period = Period::Quarter(2024, 4);
    let applied = history::apply(&mut ds, &q, Period::Quarter(2025, 1)).unwrap();
    assert!(applied.consecutive);
}
