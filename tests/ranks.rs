//! Decisions an official can defend (DOMAIN §3.10 R6, R7): a vetoed
//! partner is listed after every partner without a veto in every ranking,
//! the rank intervals and TOPSIS included; an exit comes with the partner's
//! right to state its case within a number of working days; a red flag
//! escalated from last period's yellow says so; the Monte Carlo scores on
//! one basis. Small built inputs, and the samples by partner id.

mod common;

use chrono::NaiveDate;
use common::scored::{load_book as load, partner};
use common::*;
use partner_eval::indicators::{IndicatorSet, RankScope};
use partner_eval::lang::Lang;
use partner_eval::model::Dataset;
use partner_eval::schema::enums::{Decision, WarningLevel};
use partner_eval::score::{self, Evaluation, Hearing, Options, PartnerResult};
use rust_decimal::Decimal;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn evaluate(ds: &Dataset, set: &IndicatorSet) -> Evaluation {
    let options = Options {
        period: "2025".parse().unwrap(),
        // A Wednesday.
        date: date(2025, 12, 31),
    };
    score::evaluate(ds, set, &options)
}

/// A one-indicator set whose total is the registry's 约定公益时长, with a
/// veto on complaints marked V1, the over-commercialised flag on that total
/// (yellow under 50, red under 10, red after a yellow last period), the
/// default bands and decision rules, and `extra` lines in `[decision]`.
fn set_with(decision_extra: &str) -> IndicatorSet {
    let default = partner_eval::indicators::DEFAULT_TOML;
    let bands =
        &default[default.find("# ── Grades").unwrap()..default.find("# ── Vetoes").unwrap()];
    let rules =
        &default[default.find("[decision]").unwrap()..default.find("# ── Rankings").unwrap()];
    let rules = rules.replacen("hearing_days = 5\n", decision_extra, 1);
    let text = format!(
        r#"
[set]
id = "ranks"
name_zh = "排名"
name_en = "ranks"
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
[[veto]]
id = "V1"
name_zh = "重大安全或食品安全责任事故"
name_en = "Major safety or food-safety incident"
records = "complaints where valid and veto_code == 'V1'"

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
red_after_prior_yellow = true

[[over_commercialised.condition]]
id = "c1"
name_zh = "低于 50"
name_en = "below 50"
when = "S1.value < 50"

[[over_commercialised.condition]]
id = "c2"
name_zh = "低于 55"
name_en = "below 55"
when = "S1.value < 55"

[[over_commercialised.condition]]
id = "c3"
name_zh = "低于 10"
name_en = "below 10"
when = "S1.value < 10"

{rules}
[ranking]
scopes = ["district", "street", "community", "partner_type"]
tie_break = ["partner_id"]

[sensitivity]
draws = 200
"#
    );
    IndicatorSet::from_text("ranks.toml", &text)
        .unwrap_or_else(|e| panic!("{}", e[0].message(Lang::En)))
}

/// Partners `(id, hours, veto, prior flag)`: the hours are the total.
fn sheets(partners: &[(&str, &str, bool, &str)]) -> Vec<Sheet> {
    let mut registry = vec![PARTNER_HEADER
        .iter()
        .map(|s| s.to_string())
        .chain(["约定公益时长".to_string(), "上期预警".to_string()])
        .collect::<Vec<_>>()];
    let mut complaints = vec![[
        "编号",
        "合伙人编号",
        "受理日期",
        "来源",
        "类别",
        "是否有效(经核实)",
        "严重程度",
        "涉及否决事项",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    for (k, &(id, hours, veto, prior)) in partners.iter().enumerate() {
        let mut r = partner_row(id, id);
        r.push(hours.to_string());
        r.push(prior.to_string());
        registry.push(r);
        if veto {
            complaints.push(
                [
                    &format!("TS-{k}"),
                    id,
                    "d:2025-06-01",
                    "现场",
                    "食品安全",
                    "是",
                    "重大",
                    "V1",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            );
        }
    }
    let mut sheets = valid_sheets();
    sheets[0].1 = registry;
    for name in ["服务记录", "公益金缴纳", "满意度调查", "经营数据申报"] {
        sheets
            .iter_mut()
            .find(|s| s.0 == name)
            .unwrap()
            .1
            .truncate(1);
    }
    sheets.iter_mut().find(|s| s.0 == "投诉与事件").unwrap().1 = complaints;
    sheets
}

fn rank(p: &PartnerResult, scope: RankScope) -> usize {
    p.rank(scope).unwrap().rank
}

#[test]
fn vetoed_partners_rank_after_every_partner_without_a_veto() {
    // A food-safety exit at 95 and one at 70 (the total of a partner
    // without a veto), a veto at 50; partners without one at 95, 85, 70.
    let ds = load(&sheets(&[
        ("A", "95", true, ""),
        ("B", "85", false, ""),
        ("C", "70", false, ""),
        ("D", "95", false, ""),
        ("E", "50", true, ""),
        ("G", "70", true, ""),
    ]));
    let e = evaluate(&ds, &set_with("hearing_days = 5\n"));
    let order: Vec<&str> = e.partners.iter().map(|p| p.partner_id.as_str()).collect();
    assert_eq!(order, ["D", "B", "C", "A", "G", "E"]);
    for scope in [
        RankScope::District,
        RankScope::Street,
        RankScope::Community,
        RankScope::PartnerType,
    ] {
        let ranks: Vec<usize> = e.partners.iter().map(|p| rank(p, scope)).collect();
        // G shares C's total but not its rank: the veto comes first.
        assert_eq!(ranks, [1, 2, 3, 4, 5, 6], "{scope:?}");
    }
    let pct: Vec<Decimal> = e
        .partners
        .iter()
        .map(|p| p.rank(RankScope::District).unwrap().percentile)
        .collect();
    let expect: Vec<Decimal> = [100, 80, 60, 40, 20, 0].map(Decimal::from).to_vec();
    assert_eq!(pct, expect);
    let a = partner(&e, "A");
    assert_eq!(a.decision, Decision::Exit);
    for id in ["B", "C", "D"] {
        let p = partner(&e, id);
        // TOPSIS and every draw of the Monte Carlo put the veto last too.
        assert!(
            p.topsis.as_ref().unwrap().rank < a.topsis.as_ref().unwrap().rank,
            "{id}"
        );
        let (s, v) = (
            p.sensitivity.as_ref().unwrap(),
            a.sensitivity.as_ref().unwrap(),
        );
        assert!(s.rank_high < v.rank_low, "{id}: {s:?} {v:?}");
        assert!(s.min_max_rank.unwrap() < v.min_max_rank.unwrap());
    }
    for v in ["A", "E", "G"] {
        let s = partner(&e, v).sensitivity.clone().unwrap();
        assert!(s.rank_low >= 4.0, "{v}: {s:?}");
    }
}

#[test]
fn an_exit_comes_with_the_right_to_state_its_case_in_working_days() {
    let ds = load(&sheets(&[
        ("A", "95", true, ""),
        ("B", "85", false, ""),
        ("C", "70", false, ""),
        ("X", "5", false, ""),
    ]));
    let e = evaluate(&ds, &set_with("hearing_days = 5\n"));
    // 2025-12-31 is a Wednesday: Thu, Fri, Mon, Tue, Wed.
    let five = Some(Hearing {
        working_days: 5,
        deadline: date(2026, 1, 7),
    });
    assert_eq!(partner(&e, "A").hearing, five, "a veto");
    assert_eq!(partner(&e, "X").decision, Decision::Exit);
    assert_eq!(
        partner(&e, "X").hearing,
        five,
        "a red flag, a total under 60"
    );
    assert_eq!(partner(&e, "B").hearing, None, "renewed");
    assert_eq!(partner(&e, "C").decision, Decision::Rectify);
    assert_eq!(partner(&e, "C").hearing, None);
    // The number of days is the indicator file's, and it may be left out.
    let e = evaluate(&ds, &set_with("hearing_days = 3\n"));
    assert_eq!(
        partner(&e, "A").hearing,
        Some(Hearing {
            working_days: 3,
            deadline: date(2026, 1, 5)
        })
    );
    let e = evaluate(&ds, &set_with(""));
    assert_eq!(partner(&e, "A").hearing, five);
    // results.json carries it for the exit notice.
    let json = serde_json::to_value(partner(&e, "A")).unwrap();
    assert_eq!(
        json["hearing"],
        serde_json::json!({ "working_days": 5, "deadline": "2026-01-07" })
    );
    // A number of days that is no period is refused at its line.
    let default = partner_eval::indicators::DEFAULT_TOML;
    for bad in ["hearing_days = 0", "hearing_days = -2", "hearing_days = 61"] {
        let text = default.replacen("hearing_days = 5", bad, 1);
        let errors = IndicatorSet::from_text("bad.toml", &text).unwrap_err();
        assert!(
            errors[0].message(Lang::Zh).contains("hearing_days"),
            "{bad}: {}",
            errors[0].message(Lang::Zh)
        );
    }
}

#[test]
fn the_default_set_has_no_exit_for_a_red_item_open_at_recheck() {
    // DOMAIN §3.10 R6: dropped, with the reason in a comment.
    let default = partner_eval::indicators::DEFAULT_TOML;
    assert!(!default.contains("recheck_result"));
    assert!(!default.contains("复查仍未完成"));
    let set = IndicatorSet::default_set().unwrap();
    assert_eq!(set.hearing_days, 5);
}

#[test]
fn a_red_flag_escalated_from_last_periods_yellow_says_so() {
    let ds = load(&sheets(&[
        ("Y", "45", false, "黄牌"),
        ("Z", "45", false, ""),
        ("R", "5", false, "黄牌"),
        ("B", "85", false, ""),
    ]));
    let e = evaluate(&ds, &set_with("hearing_days = 5\n"));
    let fl1 = |id: &str| partner(&e, id).flag("FL1").unwrap().clone();
    // Two conditions: yellow, red after last period's yellow.
    assert_eq!(fl1("Y").level, Some(WarningLevel::Red));
    assert!(fl1("Y").escalated_from_prior_yellow);
    assert_eq!(partner(&e, "Y").decision, Decision::Exit);
    assert_eq!(fl1("Z").level, Some(WarningLevel::Yellow));
    assert!(!fl1("Z").escalated_from_prior_yellow);
    // Three conditions: red on their own, whatever last period said.
    assert_eq!(fl1("R").level, Some(WarningLevel::Red));
    assert!(!fl1("R").escalated_from_prior_yellow);
    use partner_eval::report::flag_level;
    assert_eq!(
        flag_level(&fl1("Y"), Lang::Zh),
        Some("红牌（上期黄牌升级）")
    );
    assert_eq!(
        flag_level(&fl1("Y"), Lang::En),
        Some("red (escalated from last period's yellow)")
    );
    assert_eq!(flag_level(&fl1("R"), Lang::Zh), Some("红牌"));
    assert_eq!(flag_level(&fl1("Z"), Lang::Zh), Some("黄牌"));
    let json = serde_json::to_value(fl1("Y")).unwrap();
    assert_eq!(json["escalated_from_prior_yellow"], true);
}

/// Every ranking of the samples puts PD-XP01-007 (the food-poisoning
/// canteen: V1, 差, 退出) after every partner without a veto.
#[test]
fn sample_canteen_with_a_veto_ranks_after_every_partner_without_one() {
    let (loaded, set, eval) = evaluated_samples();
    let canteen = eval
        .partners
        .iter()
        .find(|p| p.partner_id == "PD-XP01-007")
        .unwrap();
    assert!(canteen.vetoes.iter().any(|v| v.id == "V1"));
    assert_eq!(canteen.decision, Decision::Exit);
    assert!(canteen.hearing.is_some());
    let same = |p: &PartnerResult, scope: RankScope| match scope {
        RankScope::District => p.district == canteen.district,
        RankScope::Street => p.district == canteen.district && p.street == canteen.street,
        RankScope::Community => {
            p.district == canteen.district
                && p.street == canteen.street
                && p.community == canteen.community
        }
        RankScope::PartnerType => {
            p.district == canteen.district && p.partner_type == canteen.partner_type
        }
    };
    let clean: Vec<&PartnerResult> = eval
        .partners
        .iter()
        .filter(|p| p.vetoes.is_empty() && !p.new_partner)
        .collect();
    for scope in [
        RankScope::District,
        RankScope::Street,
        RankScope::Community,
        RankScope::PartnerType,
    ] {
        let mine = rank(canteen, scope);
        let peers: Vec<&&PartnerResult> = clean.iter().filter(|p| same(p, scope)).collect();
        assert!(!peers.is_empty(), "{scope:?}");
        for p in peers {
            assert!(rank(p, scope) < mine, "{scope:?}: {}", p.partner_id);
        }
    }
    // The list order (workbook 排名, district PDF) and the robustness views.
    let pos = |id: &str| eval.partners.iter().position(|p| p.partner_id == id);
    let s = canteen.sensitivity.as_ref().unwrap();
    for p in clean.iter().filter(|p| p.district == canteen.district) {
        assert!(pos(&p.partner_id) < pos("PD-XP01-007"), "{}", p.partner_id);
        assert!(
            p.topsis.as_ref().unwrap().rank < canteen.topsis.as_ref().unwrap().rank,
            "{}",
            p.partner_id
        );
        let q = p.sensitivity.as_ref().unwrap();
        assert!(q.rank_high < s.rank_low, "{}: {q:?} {s:?}", p.partner_id);
        assert!(q.min_max_rank < s.min_max_rank, "{}", p.partner_id);
    }
    // The workbook's 排名 lists it after them.
    let (_d, dir) = temp();
    let r = partner_eval::report::xlsx::Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let written = partner_eval::report::xlsx::write(&dir, &r, None).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&written[0]).unwrap();
    let range = book.worksheet_range("排名").unwrap();
    let ids: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    let row_of = |id: &str| ids.iter().position(|r| r.contains(id)).unwrap();
    for p in clean.iter().filter(|p| p.district == canteen.district) {
        assert!(
            row_of(&p.partner_id) < row_of("PD-XP01-007"),
            "{}",
            p.partner_id
        );
    }
}

/// The rank interval comes from one scoring basis: the median lies inside
/// it, and with weights that barely move and goalposts that stay, it is the
/// partner's rank.
#[test]
fn the_median_rank_is_the_rank_when_weights_barely_move() {
    let (loaded, set, eval) = evaluated_samples();
    for p in eval.partners.iter().filter(|p| !p.new_partner) {
        let s = p.sensitivity.as_ref().unwrap();
        assert!(
            s.rank_low <= s.median_rank && s.median_rank <= s.rank_high,
            "{}: {s:?}",
            p.partner_id
        );
    }
    // PD-TJ01-004 once had median 10 against rank 14, from two clusters.
    let tj = eval
        .partners
        .iter()
        .find(|p| p.partner_id == "PD-TJ01-004")
        .unwrap();
    let actual = rank(tj, RankScope::District) as f64;
    let s = tj.sensitivity.as_ref().unwrap();
    assert!(
        (s.median_rank - actual).abs() <= 2.0,
        "rank {actual}, {s:?}"
    );
    assert!(s.rank_low <= actual && actual <= s.rank_high, "{s:?}");

    let still = set.text.replacen(
        "[ranking]",
        "[sensitivity]\ndraws = 50\nweight_pct = 0.001\ngoalpost_pct = 0.0\n\n[ranking]",
        1,
    );
    let still = IndicatorSet::from_text("still.toml", &still)
        .unwrap_or_else(|e| panic!("{}", e[0].message(Lang::En)));
    let eval = score_samples(&loaded, &still);
    for p in eval.partners.iter().filter(|p| !p.new_partner) {
        let r = p.rank(RankScope::District).unwrap().rank as f64;
        // Partners tied to 0.01 share the rank; unrounded totals part them.
        let tied = eval
            .partners
            .iter()
            .filter(|q| {
                !q.new_partner
                    && q.district == p.district
                    && q.total == p.total
                    && q.vetoes.is_empty() == p.vetoes.is_empty()
            })
            .count() as f64;
        let s = p.sensitivity.as_ref().unwrap();
        assert!(
            r <= s.median_rank && s.median_rank <= r + tied - 1.0,
            "{}: rank {r}, {s:?}",
            p.partner_id
        );
        assert_eq!(s.rank_low, s.rank_high, "{}: {s:?}", p.partner_id);
    }
}

/// The partner PDF of an exiting partner states its right to be heard and
/// the deadline; a red flag escalated from last period's yellow says so in
/// the partner PDF, the district PDF and the workbook's 预警名单.
#[test]
fn reports_print_the_hearing_and_the_escalation() {
    use partner_eval::report::pdf::{self, Options, Templates};
    let (loaded, set, mut eval) = evaluated_samples();
    let escalated = "PD-XP02-006";
    let red = eval
        .partners
        .iter()
        .find(|p| p.partner_id == escalated)
        .unwrap();
    assert!(red.flag("FL1").unwrap().escalated_from_prior_yellow);
    assert_eq!(red.decision, Decision::Exit);

    // The workbook's 预警名单 (all partners).
    let (_d, dir) = temp();
    let r = partner_eval::report::xlsx::Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let written = partner_eval::report::xlsx::write(&dir, &r, None).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&written[0]).unwrap();
    let rows: Vec<String> = book
        .worksheet_range("预警名单")
        .unwrap()
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    let fl1: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains(escalated) && r.contains("|FL1|"))
        .collect();
    assert!(!fl1.is_empty(), "{rows:#?}");
    assert!(
        fl1.iter().all(|r| r.contains("|红牌（上期黄牌升级）|")),
        "{fl1:#?}"
    );
    // A red flag on its own conditions stays 红牌.
    assert!(rows
        .iter()
        .any(|r| r.contains("PD-TJ02-006") && r.contains("|红牌|")));

    eval.partners
        .retain(|p| p.partner_id == escalated || p.partner_id == "PD-XP01-002");
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let options = Options {
            lang,
            evaluator: None,
            templates: &t,
            placement: Default::default(),
            progress: false,
        };
        pdf::write(tmp.path(), &eval, &options).unwrap();
        let report = |id: &str| {
            let p = eval.partners.iter().find(|p| p.partner_id == id).unwrap();
            let path = pdf::partner_dir(tmp.path(), lang).join(format!(
                "{}-{}.pdf",
                pdf::safe_file_part(&p.partner_id),
                pdf::safe_file_part(&p.name)
            ));
            pdf_text(&path).split_whitespace().collect::<String>()
        };
        let district = tmp
            .path()
            .join(lang.pick("区级评估报告.pdf", "district-report.pdf"));
        let district = pdf_text(&district).split_whitespace().collect::<String>();
        let (hearing, words, in_flags) = match lang {
            Lang::Zh => (
                "陈述申辩：",
                "红牌（上期黄牌升级）",
                "（红牌，上期黄牌升级）",
            ),
            Lang::En => (
                "Righttobeheard:",
                "red(escalatedfromlastperiod'syellow)",
                "(red,escalatedfromlastperiod'syellow)",
            ),
        };
        let exit = report(escalated);
        assert!(exit.contains(hearing), "{lang:?}");
        assert!(exit.contains("2026-01-07"), "{lang:?}");
        assert!(
            exit.contains(lang.pick("5个工作日", "5workingdays")),
            "{lang:?}"
        );
        assert!(exit.contains(in_flags), "{lang:?}");
        assert!(district.contains(words), "{lang:?}");
        // A renewed partner has no hearing.
        assert!(!report("PD-XP01-002").contains(hearing), "{lang:?}");
    }
}
