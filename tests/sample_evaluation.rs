//! The committed sample district, evaluated: every planted profile gets the
//! flags, vetoes and decisions DOMAIN.md §3 gives it, and the engine's values
//! agree with the same quantities computed directly from the records.

mod common;

use std::collections::HashMap;
use std::path::Path;

use partner_eval::indicators::{Party, RankScope};
use partner_eval::lang::Lang;
use partner_eval::model::Dataset;
use partner_eval::schema::enums::{Decision, PricingMode, WarningLevel};
use partner_eval::score::{self, Evaluation, PartnerResult, Status};
use rust_decimal::Decimal;

fn samples() -> (Dataset, Evaluation) {
    let (loaded, _, eval) = common::evaluated_samples();
    assert_eq!(eval.period.to_string(), "2025");
    (loaded.dataset, eval)
}

/// profiles.csv: partner id → (profile, intended conditions, prior).
fn profiles() -> HashMap<String, (String, Vec<String>, String)> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/profiles.csv"))
            .unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let conds = f[6]
                .split(';')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            (
                f[0].to_string(),
                (f[5].to_string(), conds, f[8].to_string()),
            )
        })
        .collect()
}

fn fired(p: &PartnerResult) -> Vec<String> {
    p.flag("FL1")
        .map(|f| f.conditions.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn every_planted_profile_gets_its_outcome() {
    let (_, eval) = samples();
    let profiles = profiles();
    assert_eq!(eval.partners.len(), 60);
    for p in &eval.partners {
        let (profile, conds, prior) = &profiles[&p.partner_id];
        let id = &p.partner_id;
        let level = p.flag("FL1").and_then(|f| f.level);
        let fired = fired(p);
        for c in conds
            .iter()
            .filter(|c| c.as_str() != "c5" || profile != "profit_anomaly")
        {
            assert!(
                fired.contains(c) || !matches!(profile.as_str(), "yellow" | "red"),
                "{id} {profile}: {c} not fired in {fired:?}"
            );
        }
        match profile.as_str() {
            "yellow" if prior.contains('黄') => {
                // A yellow card two evaluations running turns red (§3.5).
                assert_eq!(level, Some(WarningLevel::Red), "{id}");
                assert_eq!(p.decision, Decision::Exit, "{id}");
            }
            "yellow" => {
                assert_eq!(level, Some(WarningLevel::Yellow), "{id}");
                assert_eq!(p.decision, Decision::Rectify, "{id}: {:?}", p.reasons);
            }
            "red" => {
                assert_eq!(level, Some(WarningLevel::Red), "{id}");
                assert_eq!(p.decision, Decision::Exit, "{id}");
            }
            "safety_veto" | "sales_veto" | "arrears_veto" => {
                let code = match profile.as_str() {
                    "safety_veto" => "V1",
                    "sales_veto" => "V2",
                    _ => "V4",
                };
                let veto = p
                    .vetoes
                    .iter()
                    .find(|v| v.id == code)
                    .unwrap_or_else(|| panic!("{id} lacks {code}"));
                assert!(
                    !veto.evidence.is_empty() || code == "V4",
                    "{id}: {code} without evidence"
                );
                assert_eq!((p.decision, p.stars), (Decision::Exit, 1), "{id}");
            }
            "new" => {
                assert!(p.new_partner && p.ranks.is_empty(), "{id}");
                assert!(p.active_months < 3, "{id}");
            }
            "low_satisfaction" => {
                assert_eq!(p.decision, Decision::Exit, "{id}");
                assert!(
                    p.reasons.iter().any(|r| r.zh.starts_with("综合满意率")),
                    "{id}: {:?}",
                    p.reasons
                );
            }
            "arrears" => assert!(
                p.flag("FL4").is_some_and(|f| !f.evidence.is_empty()),
                "{id}"
            ),
            "data_gap" => assert!(p.flag("FL6").is_some(), "{id}"),
            "profit_anomaly" => assert!(p.flag("FL7").is_some(), "{id}"),
            "small_sample" => assert!(p.flag("FL5").is_some(), "{id}"),
            "good" => {
                assert!(p.vetoes.is_empty() && level.is_none(), "{id}");
                if prior.is_empty() {
                    assert_ne!(p.decision, Decision::Exit, "{id}: {:?}", p.reasons);
                }
            }
            _ => assert!(level.is_none() && p.vetoes.is_empty(), "{id} {profile}"),
        }
        // Every number is within bounds, every exit or rectification explained.
        assert!(p.total >= Decimal::ZERO && p.total <= Decimal::ONE_HUNDRED);
        assert!(
            p.decision == Decision::Renew || !p.reasons.is_empty(),
            "{id}"
        );
        // R5: a renewed partner has no binding item, a partner renewed after
        // rectification at least one (with a deadline), a leaving one none of
        // its own; the community's and the evaluator's tasks have none.
        let binding = |i: &score::RectificationItem| i.deadline.is_some();
        let own = |i: &score::RectificationItem| i.party == Party::Partner;
        let items = &p.rectifications;
        match p.decision {
            Decision::Renew => assert!(!items.iter().any(binding), "{id}"),
            Decision::Rectify => assert!(
                items.iter().any(|i| own(i) && binding(i)),
                "{id}: {:?}",
                p.reasons
            ),
            Decision::Exit => assert!(!items.iter().any(own), "{id}"),
        }
        for i in &p.rectifications {
            assert_eq!(i.deadline.is_some(), own(i) && !i.advice, "{id} {}", i.code);
            // F3 and F4 are comparisons, not obligations (demand = false):
            // never asked of a partner (R2); the community may be asked for
            // the missing records.
            assert!(
                !own(i) || !matches!(i.indicator.as_deref(), Some("F3" | "F4")),
                "{id} asked for {}",
                i.code
            );
        }
    }
}

/// A flag raised by records (FL4, fund arrears) shows, for a partner it
/// puts under rectification, the periods short and the amount owed; there
/// is no value to reach, so the item has no target (worded "消除所列情形…"),
/// never "达到 0". A partner leaving gets no item (DOMAIN.md §3.10 R5).
#[test]
fn a_record_flag_names_its_records_not_a_value_to_reach() {
    let (_, eval) = samples();
    let mut seen = 0;
    for p in &eval.partners {
        let Some(flag) = p.flag("FL4") else { continue };
        let item = p.rectifications.iter().find(|i| i.code == "FL4");
        if p.decision != Decision::Rectify {
            assert!(item.is_none(), "{}", p.partner_id);
            continue;
        }
        let item = item.unwrap();
        assert!(item.targets.is_empty(), "{}", p.partner_id);
        assert!(item.deadline.is_some());
        let found = score::format::facts(&item.found, Lang::Zh);
        assert!(found.contains("合计欠缴 ¥"), "{found}");
        assert!(found.contains("未足额缴纳期数"), "{found}");
        assert_eq!(item.evidence.len(), flag.evidence.len());
        seen += 1;
    }
    assert!(seen >= 1, "a sample partner in arrears and rectifying");
}

#[test]
fn indicator_values_match_a_direct_computation() {
    let (ds, eval) = samples();
    for p in &eval.partners {
        let rows: Vec<_> = ds
            .services
            .iter()
            .filter(|s| s.partner_id == p.partner_id)
            .collect();
        let all: i64 = rows.iter().map(|s| s.participants).sum();
        let reach: i64 = rows
            .iter()
            .filter(|s| s.pricing_mode != PricingMode::Market)
            .map(|s| s.participants)
            .sum();
        assert_eq!(
            p.activity.participants, all,
            "{} residents served",
            p.partner_id
        );
        let free = rows
            .iter()
            .filter(|s| s.pricing_mode == PricingMode::Free)
            .count() as u64;
        assert_eq!(
            p.activity.free_sessions, free,
            "{} free sessions",
            p.partner_id
        );
        let p1 = p.indicator("P1").unwrap();
        assert_eq!(
            p1.value,
            Some(Decimal::from(reach) / Decimal::from(all)),
            "{} P1",
            p.partner_id
        );
        let market = rows
            .iter()
            .filter(|s| s.pricing_mode == PricingMode::Market)
            .count();
        let c1 = p.indicator("C1").unwrap();
        assert_eq!(
            c1.value,
            Some(Decimal::from(market) / Decimal::from(rows.len())),
            "{} C1",
            p.partner_id
        );
        let partner = ds
            .partners
            .iter()
            .find(|x| x.partner_id == p.partner_id)
            .unwrap();
        let pays: Vec<_> = ds
            .fund_payments
            .iter()
            .filter(|f| f.partner_id == p.partner_id)
            .collect();
        let f1 = p.indicator("F1").unwrap();
        if f1.status == Status::Ok {
            let paid: Decimal = pays.iter().map(|f| f.amount_paid).sum();
            let due: Decimal = pays.iter().map(|f| f.due(partner).unwrap()).sum();
            assert_eq!(f1.value, Some(paid / due), "{} F1", p.partner_id);
        }
        for i in &p.indicators {
            assert!(
                i.points >= Decimal::ZERO && i.points <= i.weight,
                "{} {}",
                p.partner_id,
                i.id
            );
        }
    }
}

#[test]
fn rankings_follow_totals_with_shared_ranks_for_ties() {
    // Vetoed partners last, whatever their totals.
    let (_, eval) = samples();
    let ranked: Vec<_> = eval.partners.iter().filter(|p| !p.new_partner).collect();
    assert_eq!(ranked.len(), 58);
    for w in ranked.windows(2) {
        let (a, b) = (
            w[0].rank(RankScope::District).unwrap(),
            w[1].rank(RankScope::District).unwrap(),
        );
        // Partners without a veto first, then vetoed ones (DOMAIN §3.10
        // R7); totals order each group.
        let (va, vb) = (!w[0].vetoes.is_empty(), !w[1].vetoes.is_empty());
        assert!(va <= vb, "a vetoed partner after every partner without one");
        if va != vb {
            assert!(b.rank > a.rank);
            assert_eq!(a.of, 58);
            continue;
        }
        assert!(w[0].total >= w[1].total, "list order follows totals");
        if w[0].total == w[1].total {
            assert_eq!(a.rank, b.rank, "equal totals share a rank");
        } else {
            assert!(b.rank > a.rank);
        }
        assert_eq!(a.of, 58);
    }
    let first = ranked[0].rank(RankScope::District).unwrap();
    assert_eq!((first.rank, first.percentile), (1, Decimal::ONE_HUNDRED));
    // Street ranks number within each street.
    let mut by_street: HashMap<&str, Vec<usize>> = HashMap::new();
    for p in &ranked {
        by_street
            .entry(&p.street)
            .or_default()
            .push(p.rank(RankScope::Street).unwrap().rank);
    }
    for ranks in by_street.values() {
        assert_eq!(ranks[0], 1);
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn evaluate_writes_the_documented_results() {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(["evaluate", "samples", "--quiet", "--out"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "planted errors → exit 1");
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("决策：续约"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("results.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    let p = &json["partners"][0];
    for key in [
        "partner_id",
        "name",
        "district",
        "street",
        "community",
        "partner_type",
        "total",
        "grade",
        "stars",
        "decision",
        "dimensions",
        "indicators",
        "flags",
        "vetoes",
        "ranks",
        "reasons",
        "rectifications",
    ] {
        assert!(!p[key].is_null(), "results.json lacks {key}");
    }
    assert!(["renew", "rectify", "exit"].contains(&p["decision"].as_str().unwrap()));
    let p1 = &p["indicators"]["P1"];
    assert!(
        p1["value"].is_string() && p1["points"].is_string(),
        "exact decimals as strings: {p1}"
    );
    assert!(["ok", "na", "missing"].contains(&p1["status"].as_str().unwrap()));
    let csv = std::fs::read_to_string(out.path().join("results.csv")).unwrap();
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().count(), 61);
}

/// Same inputs in any order on the command line → the same bytes.
#[test]
fn results_do_not_depend_on_the_order_of_the_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join("samples/郫都区-2025"))
        .unwrap()
        .map(|e| {
            format!(
                "samples/郫都区-2025/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    let run = |files: &[String]| {
        let out = tempfile::tempdir().unwrap();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_partner-eval"))
            .args(["evaluate", "--quiet", "--out"])
            .arg(out.path())
            .args(files)
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(1));
        let read = |name: &str| std::fs::read(out.path().join(name)).unwrap();
        (
            read("results.json"),
            read("results.csv"),
            read("评估结果.xlsx"),
        )
    };
    let forward = run(&files);
    files.reverse();
    let backward = run(&files);
    assert!(forward.0 == backward.0, "results.json differs");
    assert!(forward.1 == backward.1, "results.csv differs");
    assert!(forward.2 == backward.2, "the workbook differs");
}
