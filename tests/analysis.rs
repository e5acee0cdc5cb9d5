//! Beyond the scorecard, on the committed samples: what it takes to change
//! a decision (差距分析).

mod common;

use partner_eval::schema::enums::Decision;
use partner_eval::score::Status;
use rust_decimal::Decimal;

/// Every partner not renewed gets a gap; a renewed one none. Where one
/// indicator suffices, the value named is the boundary: the rules the
/// partner fails stop holding there, checked here from the rule text.
#[test]
fn gap_names_the_smallest_single_indicator_change() {
    let (_, _, eval) = common::evaluated_samples();
    let mut named = 0;
    for p in &eval.partners {
        match (p.decision, &p.gap) {
            (Decision::Renew, g) => assert!(g.is_none(), "{} renewed with a gap", p.partner_id),
            (_, None) => panic!("{} lacks a gap", p.partner_id),
            (_, Some(g)) => {
                if !p.vetoes.is_empty() {
                    assert!(g.indicator.is_none());
                    let ids: Vec<&str> = p.vetoes.iter().map(|v| v.id.as_str()).collect();
                    assert_eq!(g.blocked_by, ids);
                    continue;
                }
                let better = |d: Decision| match p.decision {
                    Decision::Exit => d != Decision::Exit,
                    _ => d == Decision::Renew,
                };
                assert!(
                    better(g.to),
                    "{}: {:?} → {:?}",
                    p.partner_id,
                    p.decision,
                    g.to
                );
                if let Some(id) = &g.indicator {
                    named += 1;
                    let r = p.indicator(id).unwrap();
                    assert_eq!(r.status, Status::Ok);
                    assert!(g.points_needed >= g.points_now);
                    assert!(g.points_needed <= r.weight);
                    assert_ne!(g.value_needed, g.value_now);
                }
            }
        }
    }
    assert!(named >= 5, "only {named} gaps name an indicator");
    // The planted low-satisfaction partner exits on "S1 < 60 % with at
    // least 30 answers": it takes exactly 60.0 % to leave that rule.
    let low = eval
        .partners
        .iter()
        .find(|p| {
            p.vetoes.is_empty()
                && p.decision == Decision::Exit
                && p.indicator("S1")
                    .and_then(|r| r.value)
                    .is_some_and(|v| v < Decimal::new(6, 1))
                && p.survey.valid >= 30
        })
        .expect("a sample partner leaving for low satisfaction");
    let g = low.gap.as_ref().unwrap();
    assert_eq!(g.indicator.as_deref(), Some("S1"), "{g:?}");
    assert_eq!(g.value_needed, "60.0%");
    assert_eq!(g.to, Decision::Rectify);
}
