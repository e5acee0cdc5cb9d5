//! `[weighting]` in the indicator file and the small-sample functions, end
//! to end: AHP weights computed when the file is read (and refused with the
//! line and the pair when inconsistent), entropy and CRITIC weights derived
//! from the committed samples and checked against an independent
//! computation, the combination's two ends, the fallback, and
//! `wilson_lower`/`beta_lower` in formulas. The mathematics itself is tested
//! against published examples in tests/weighting.rs.

mod common;

use common::scored::{d, partner};

use std::path::Path;
use std::process::Command;

use partner_eval::analysis::{ahp_weights, critic_weights, entropy_weights, EntropyNormalisation};
use partner_eval::indicators::{
    Direction, IndicatorSet, ObjectiveMethod, SetError, WeightMethod, DEFAULT_TOML,
};
use partner_eval::lang::Lang;
use partner_eval::score::{Evaluation, Status};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The default file with a `[weighting]` section appended.
fn with_weighting(section: &str) -> String {
    format!("{DEFAULT_TOML}\n{section}")
}

fn set(section: &str) -> IndicatorSet {
    IndicatorSet::from_text("我区指标.toml", &with_weighting(section))
        .unwrap_or_else(|e| panic!("{e:#?}"))
}

fn refused(section: &str) -> Vec<SetError> {
    match IndicatorSet::from_text("我区指标.toml", &with_weighting(section)) {
        Ok(_) => panic!("expected {section} to be refused"),
        Err(e) => e,
    }
}

/// Line and column (1-based, characters) of `needle` in the default file
/// with `section` appended.
fn position(section: &str, needle: &str) -> (usize, usize) {
    let text = with_weighting(section);
    let byte = text.rfind(needle).unwrap_or_else(|| panic!("{needle}"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

fn samples_loaded() -> partner_eval::ingest::Loaded {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    partner_eval::ingest::load(&[dir]).expect("the samples load")
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap()
}

/// Every indicator weight of a set, in file order.
fn points(set: &IndicatorSet) -> Vec<Decimal> {
    set.indicators.iter().map(|i| i.weight).collect()
}

/// Checks the rule of `indicators::to_points`: every point value is its
/// share × total rounded to 0.01, except the largest share's, which also
/// carries the rounding remainder; and they add up to `total` exactly.
fn assert_points(points: &[Decimal], shares: &[f64], total: Decimal) {
    assert_eq!(points.iter().copied().sum::<Decimal>(), total);
    let largest = shares
        .iter()
        .enumerate()
        .fold(0, |best, (i, &s)| if s > shares[best] { i } else { best });
    let t = f(total);
    for (i, (p, s)) in points.iter().zip(shares).enumerate() {
        let off = (f(*p) - s * t).abs();
        let allowed = if i == largest {
            0.005 * shares.len() as f64 + 1e-9
        } else {
            0.005 + 1e-9
        };
        assert!(off <= allowed, "weight {i}: {p} vs {}", s * t);
    }
}

// ── AHP ───────────────────────────────────────────────────────────────────

/// The dimension matrix of indicators/ahp-example.toml, as numbers.
fn example_dimensions() -> Vec<Vec<f64>> {
    vec![
        vec![1.0, 2.0, 1.0, 1.0, 2.0],
        vec![0.5, 1.0, 0.5, 0.5, 1.0],
        vec![1.0, 2.0, 1.0, 2.0, 2.0],
        vec![1.0, 2.0, 0.5, 1.0, 2.0],
        vec![0.5, 1.0, 0.5, 0.5, 1.0],
    ]
}

const AHP_SECTION: &str = r#"[weighting]
method = "ahp"
dimensions = [
  [1,     2, 1,     1,     2],
  ["1/2", 1, "1/2", "1/2", 1],
  [1,     2, 1,     2,     2],
  [1,     2, "1/2", 1,     2],
  ["1/2", 1, "1/2", "1/2", 1],
]
[weighting.within]
satisfaction = [[1, 3, 4], ["1/3", 1, 2], [0.25, 0.5, 1]]
"#;

#[test]
fn ahp_weights_are_the_eigenvector_times_total_and_add_up_exactly() {
    let set = set(AHP_SECTION);
    let dims = ahp_weights(&example_dimensions()).unwrap();
    let dim_points: Vec<Decimal> = set.dimensions.iter().map(|x| x.weight).collect();
    assert_points(&dim_points, &dims.weights, d("100"));
    // Each dimension weighs the sum of its indicators.
    for (k, dim) in set.dimensions.iter().enumerate() {
        let sum: Decimal = set
            .indicators
            .iter()
            .filter(|i| i.dimension == k)
            .map(|i| i.weight)
            .sum();
        assert_eq!(sum, dim.weight, "{}", dim.id);
    }
    assert_eq!(points(&set).iter().copied().sum::<Decimal>(), d("100"));
    // Within satisfaction: S1, S2, S3 from their own matrix.
    let within = ahp_weights(&[
        vec![1.0, 3.0, 4.0],
        vec![1.0 / 3.0, 1.0, 2.0],
        vec![0.25, 0.5, 1.0],
    ])
    .unwrap();
    let sat = set.dimensions[2].weight;
    let s: Vec<Decimal> = ["S1", "S2", "S3"]
        .iter()
        .map(|id| set.indicators[set.indicator(id).unwrap()].weight)
        .collect();
    assert_points(&s, &within.weights, sat);
    // Publicness has no matrix: P1–P5 keep the file's 7 : 7 : 5 : 3 : 3.
    let public: Vec<Decimal> = set.indicators[..5].iter().map(|i| i.weight).collect();
    let file = [7.0, 7.0, 5.0, 3.0, 3.0].map(|x| x / 25.0);
    assert_points(&public, &file, set.dimensions[0].weight);
    // The record: both matrices with their consistency.
    let w = &set.weighting;
    assert_eq!(w.method, WeightMethod::Ahp);
    let crs: Vec<(&str, usize)> = w.ahp.iter().map(|a| (a.matrix.as_str(), a.n)).collect();
    assert_eq!(crs, [("dimensions", 5), ("satisfaction", 3)]);
    assert!((w.ahp[0].cr - dims.cr).abs() < 1e-12 && dims.cr < 0.10);
}

#[test]
fn ahp_step_tables_keep_their_shares() {
    // The strict file scores S1 on steps written for its 22 points; under
    // AHP weights the steps are scaled with the weight, so a value earns
    // the same share of whatever weight S1 gets.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators/strict-district.toml"),
    )
    .unwrap();
    let strict = IndicatorSet::from_text("strict.toml", &text).unwrap();
    let ahp = IndicatorSet::from_text(
        "strict-ahp.toml",
        &format!("{text}\n[weighting]\nmethod = \"ahp\"\n[weighting.within]\nsatisfaction = [[1, 3, 4], [\"1/3\", 1, 2], [\"1/4\", \"1/2\", 1]]\n"),
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let i = strict.indicator("S1").unwrap();
    let steps = |s: &IndicatorSet| match &s.indicators[i].parts[0].scoring {
        partner_eval::indicators::Scoring::Steps(v) => v
            .iter()
            .map(|x| x.points / s.indicators[i].weight)
            .collect::<Vec<_>>(),
        _ => panic!("S1 is scored on steps in the strict file"),
    };
    assert_ne!(strict.indicators[i].weight, ahp.indicators[i].weight);
    for (a, b) in steps(&strict).iter().zip(steps(&ahp)) {
        assert!((a - b).abs() < d("0.000000001"), "{a} vs {b}");
    }
}

#[test]
fn the_ahp_example_file_passes_the_check_command() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators/ahp-example.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(["indicators", "check", path.to_str().unwrap()])
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("检查通过"));
    let set = IndicatorSet::from_file(&path).unwrap();
    // The weights its comments announce.
    let dims: Vec<Decimal> = set.dimensions.iter().map(|x| x.weight).collect();
    assert_eq!(
        dims,
        [d("24.64"), d("12.32"), d("28.94"), d("21.78"), d("12.32")]
    );
    assert!(set.weighting.ahp.iter().all(|a| a.cr < 0.10));
}

#[test]
fn an_inconsistent_matrix_is_refused_at_its_line_naming_the_pair() {
    // Pricing is rated three times satisfaction although satisfaction is
    // rated equal to publicness and publicness three times pricing:
    // CR ≈ 0.16, the worst judgement is pricing vs satisfaction.
    let section = r#"[weighting]
method = "ahp"
dimensions = [
  [1,     3,     1,     1,     2],
  ["1/3", 1,     3,     "1/2", 1],
  [1,     "1/3", 1,     2,     2],
  [1,     2,     "1/2", 1,     2],
  ["1/2", 1,     "1/2", "1/2", 1],
]
"#;
    let errors = refused(section);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!((e.line, e.column), position(section, "[\n  [1,     3"));
    assert!(e.zh.contains("CR = 0.160 ≥ 0.10"), "{}", e.zh);
    assert!(
        e.zh.contains("最不一致的一对：价格普惠性（pricing） 与 居民满意度（satisfaction）"),
        "{}",
        e.zh
    );
    assert!(
        e.en.contains("most inconsistent pair: pricing and satisfaction"),
        "{}",
        e.en
    );
    // Within a dimension the pair is named by indicator ids: P4 rated very
    // strongly above P5 (7) where every other judgement treats them alike;
    // CR ≈ 0.13. (In a 3×3 matrix every pair deviates equally, so a larger
    // one is needed to have a single worst pair.)
    let section = r#"[weighting]
method = "ahp"
[weighting.within]
publicness = [
  [1,     1,     2,     2,     2],
  [1,     1,     2,     2,     2],
  ["1/2", "1/2", 1,     2,     2],
  ["1/2", "1/2", "1/2", 1,     7],
  ["1/2", "1/2", "1/2", "1/7", 1],
]
"#;
    let e = &refused(section)[0];
    assert_eq!((e.line, e.column), position(section, "[\n  [1,     1"));
    assert!(e.zh.contains("CR = 0.13"), "{}", e.zh);
    assert!(
        e.zh.contains("P4（公益服务连续性） 与 P5（空间服务强度）"),
        "{}",
        e.zh
    );
    assert!(e.message(Lang::En).contains("P4 and P5"), "{}", e.en);
}

#[test]
fn malformed_weighting_sections_are_refused_with_a_reason() {
    let cases: [(&str, &str); 9] = [
        (
            "[weighting]\nmethod = \"ahp\"\ndimensions = [[1, 2], [\"1/2\", 1]]\n",
            "应为 5×5（依次为 公益性（publicness）、价格普惠性（pricing）",
        ),
        (
            "[weighting]\nmethod = \"ahp\"\n[weighting.within]\nrisk = [[1, 2, 3], [2, 1, 1], [\"1/3\", 1, 1]]\n",
            "不是互反的：C1（市场化服务占比） 对 C2（空间经营性使用占比）",
        ),
        (
            "[weighting]\nmethod = \"ahp\"\n[weighting.within]\nrisk = [[1, 2, 3], [\"1/2\", 1, \"x\"], [\"1/3\", 1, 1]]\n",
            "「x」不是数字或分数",
        ),
        (
            "[weighting]\nmethod = \"ahp\"\n[weighting.within]\nrisks = [[1]]\n",
            "「risks」不是维度编号",
        ),
        ("[weighting]\nmethod = \"ahp\"\n", "至少需要一个比较矩阵"),
        (
            "[weighting]\nmethod = \"entropy\"\n[weighting.within]\nrisk = [[1, 1, 1], [1, 1, 1], [1, 1, 1]]\n",
            "比较矩阵只用于层次分析法",
        ),
        (
            "[weighting]\nmethod = \"combined\"\nobjective = \"critic\"\nalpha = 1.5\n",
            "alpha 是主观权重所占比例，应在 0 到 1 之间",
        ),
        ("[weighting]\nmethod = \"combined\"\n", "objective = \"entropy\""),
        ("[weighting]\nmethod = \"entropie\"\n", "赋权方法「entropie」无效"),
    ];
    for (section, expected) in cases {
        let errors = refused(section);
        assert!(
            errors.iter().any(|e| e.zh.contains(expected)),
            "{section}: {errors:#?}"
        );
    }
    // Options of `combined` elsewhere are named, not ignored.
    let errors = refused("[weighting]\nmethod = \"entropy\"\nalpha = 0.5\n");
    assert!(errors[0].zh.contains("alpha 只用于 method = \"combined\""));
}

// ── Objective weights on the committed samples ────────────────────────────

/// The shares matrix as the module doc of `score::weighting` defines it,
/// computed here from a manual-weight evaluation: ranked partners ×
/// indicators, `exact_points / exact_weight`, N/A and missing imputed with
/// the partner's weighted mean share of its scored indicators.
fn shares(eval: &Evaluation) -> Vec<Vec<f64>> {
    let mut rows = Vec::new();
    for p in eval.partners.iter().filter(|p| !p.new_partner) {
        let scored: Vec<bool> = p
            .indicators
            .iter()
            .map(|r| r.status == Status::Ok && r.exact_weight > Decimal::ZERO)
            .collect();
        let (mut pts, mut wt) = (Decimal::ZERO, Decimal::ZERO);
        for (r, _) in p.indicators.iter().zip(&scored).filter(|(_, s)| **s) {
            pts += r.exact_points;
            wt += r.exact_weight;
        }
        if wt.is_zero() {
            continue;
        }
        let mean = f(pts / wt);
        rows.push(
            p.indicators
                .iter()
                .zip(&scored)
                .map(|(r, &s)| {
                    if s {
                        f(r.exact_points / r.exact_weight)
                    } else {
                        mean
                    }
                })
                .collect(),
        );
    }
    rows
}

/// The same data scored with `section`'s weighting.
fn weighted(loaded: &partner_eval::ingest::Loaded, section: &str) -> (IndicatorSet, Evaluation) {
    let set = set(section);
    let eval = common::score_samples(loaded, &set);
    (set, eval)
}

/// Checks an objective evaluation against the expected weight shares: the
/// record, the points (to_points rule), and every total as Σ share × weight
/// for partners without N/A indicators.
fn assert_objective(manual: &Evaluation, eval: &Evaluation, expected: &[f64]) {
    let info = &eval.indicator_set.weighting;
    assert!(info.fallback.is_none(), "{:?}", info.fallback);
    let recorded: Vec<f64> = info
        .indicators
        .iter()
        .map(|i| i.objective.unwrap())
        .collect();
    for (a, b) in recorded.iter().zip(expected) {
        assert!((a - b).abs() < 1e-12, "{recorded:?} vs {expected:?}");
    }
    let pts: Vec<Decimal> = info.indicators.iter().map(|i| i.weight).collect();
    assert_points(&pts, expected, d("100"));
    let dims: Decimal = info.dimensions.iter().map(|x| x.weight).sum();
    assert_eq!(dims, d("100"));
    // The set the partners were scored with is the recorded one.
    let used: Vec<Decimal> = eval
        .indicator_set
        .indicators
        .iter()
        .map(|i| i.weight)
        .collect();
    assert_eq!(used, pts);
    // Totals: Σ (manual-pass share × new weight), where nothing is N/A.
    let mut checked = 0;
    for m in &manual.partners {
        let p = partner(eval, &m.partner_id);
        if m.indicators.iter().any(|r| r.status == Status::Na) {
            continue;
        }
        let total: Decimal = m
            .indicators
            .iter()
            .zip(&pts)
            .map(|(r, w)| r.exact_points / r.exact_weight * w)
            .sum();
        assert!(
            (p.total - total).abs() <= d("0.005"),
            "{}: {} vs {total}",
            p.partner_id,
            p.total
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} partners without N/A");
}

#[test]
fn entropy_weights_on_the_samples_match_an_independent_computation() {
    let (loaded, _, manual) = common::evaluated_samples();
    let (set, eval) = weighted(&loaded, "[weighting]\nmethod = \"entropy\"\n");
    assert_eq!(set.weighting.objective, Some(ObjectiveMethod::Entropy));
    let m = shares(&manual);
    assert_eq!(m.len(), manual.summary.ranked);
    let up = vec![Direction::Up; m[0].len()];
    let expected = entropy_weights(&m, &up, EntropyNormalisation::Sum).unwrap();
    assert_objective(&manual, &eval, &expected);
    assert_eq!(eval.indicator_set.weighting.method, WeightMethod::Entropy);
}

#[test]
fn critic_weights_on_the_samples_match_an_independent_computation() {
    let (loaded, _, manual) = common::evaluated_samples();
    let (_, eval) = weighted(&loaded, "[weighting]\nmethod = \"critic\"\n");
    let m = shares(&manual);
    let up = vec![Direction::Up; m[0].len()];
    let expected = critic_weights(&m, &up).unwrap();
    assert_objective(&manual, &eval, &expected);
}

#[test]
fn combined_alpha_one_is_the_subjective_and_alpha_zero_the_objective_weights() {
    let loaded = samples_loaded();
    let weights = |eval: &Evaluation| -> Vec<Decimal> {
        eval.indicator_set
            .weighting
            .indicators
            .iter()
            .map(|i| i.weight)
            .collect()
    };
    let (_, subjective) = weighted(
        &loaded,
        "[weighting]\nmethod = \"combined\"\nobjective = \"entropy\"\nalpha = 1\n",
    );
    let file = IndicatorSet::default_set().unwrap();
    assert_eq!(weights(&subjective), points(&file));
    let (_, objective) = weighted(
        &loaded,
        "[weighting]\nmethod = \"combined\"\nobjective = \"entropy\"\nalpha = 0\n",
    );
    let (_, entropy) = weighted(&loaded, "[weighting]\nmethod = \"entropy\"\n");
    assert_eq!(weights(&objective), weights(&entropy));
    assert_ne!(weights(&objective), weights(&subjective));
    let totals = |e: &Evaluation| e.partners.iter().map(|p| p.total).collect::<Vec<_>>();
    assert_eq!(totals(&objective), totals(&entropy));
    // α = 0.5 lies between, and the record says what was used.
    let (_, half) = weighted(
        &loaded,
        "[weighting]\nmethod = \"combined\"\nsubjective = \"manual\"\nobjective = \"entropy\"\n",
    );
    let info = &half.indicator_set.weighting;
    assert_eq!(
        (info.method, info.alpha, info.objective),
        (
            WeightMethod::Combined,
            Some(0.5),
            Some(ObjectiveMethod::Entropy)
        )
    );
    // Each weight is rounded to 0.01 and the largest one takes the
    // remainder of all the roundings (to_points), so it may stray further
    // from the midpoint: with the small-sample rule of DOMAIN.md §3.10 R4 the
    // samples' entropy weights moved and it now strays by 0.025.
    let largest = weights(&half).into_iter().max().unwrap();
    for ((h, s), o) in weights(&half)
        .iter()
        .zip(weights(&subjective))
        .zip(weights(&objective))
    {
        let mid = (s + o) / d("2");
        let tolerance = if *h == largest { d("0.05") } else { d("0.02") };
        assert!((h - mid).abs() <= tolerance, "{h} vs {mid}");
    }
    // The multiplicative form adds up too.
    let (_, product) = weighted(
        &loaded,
        "[weighting]\nmethod = \"combined\"\nobjective = \"critic\"\nform = \"multiplicative\"\n",
    );
    assert_eq!(weights(&product).iter().copied().sum::<Decimal>(), d("100"));
}

#[test]
fn with_fewer_than_two_ranked_partners_the_subjective_weights_are_kept() {
    // valid_sheets(): two partners; P-2's agreement starts in November, so
    // it is new (2 active months < 3) and only P-1 is ranked.
    let mut sheets = common::valid_sheets();
    common::set(&mut sheets, "合伙人名册", 2, 11, "d:2025-11-01");
    let (_dir, dir) = common::temp();
    let book = dir.join("社区.xlsx");
    common::write_book(&book, &sheets);
    let loaded = partner_eval::ingest::load(&[book]).unwrap();
    let set = set("[weighting]\nmethod = \"critic\"\n");
    let eval = partner_eval::score::evaluate(
        &loaded.dataset,
        &set,
        &partner_eval::score::Options {
            period: "2025".parse().unwrap(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        },
    );
    assert_eq!(eval.summary.ranked, 1);
    let info = &eval.indicator_set.weighting;
    let note = info.fallback.as_ref().expect("a fallback is recorded");
    assert!(
        note.zh.contains("只有 1 家") && note.zh.contains("沿用主观权重"),
        "{}",
        note.zh
    );
    assert!(note.en.contains("kept"), "{}", note.en);
    let used: Vec<Decimal> = info.indicators.iter().map(|i| i.weight).collect();
    assert_eq!(used, points(&IndicatorSet::default_set().unwrap()));
    assert!(info.indicators.iter().all(|i| i.objective.is_none()));
}

// ── Small samples ─────────────────────────────────────────────────────────

/// The default set's S1 with the Wilson bound instead of the posterior mean
/// (the stricter option indicators/README.md §4.2 describes).
fn wilson_set() -> IndicatorSet {
    let shrunk = "shrunk(survey.satisfied, survey.valid, district.satisfaction_rate, param.survey_prior_strength)";
    assert!(DEFAULT_TOML.contains(shrunk));
    let text = DEFAULT_TOML.replace(shrunk, "wilson_lower(survey.satisfied, survey.valid, 0.95)");
    IndicatorSet::from_text("wilson.toml", &text).unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn wilson_lower_in_the_default_set_discounts_small_samples_only() {
    // Since DOMAIN.md §3.10 R4 the default is the posterior mean
    // (tests/small_survey.rs); the Wilson bound stays selectable.
    let eval = common::score_samples(&samples_loaded(), &wilson_set());
    // Hand-checked with the Wilson formula, z = 1.959964:
    // 21 of 22: (0.954545 + z²/44 − z·√(0.954545·0.045455/22 + z²/1936)) /
    //   (1 + z²/22) = 0.78202; 15 of 16: 0.71671.
    for (id, expected) in [("PD-XP01-008", "0.78202"), ("PD-TJ01-009", "0.71671")] {
        let p = partner(&eval, id);
        assert!(p.survey.valid < 30, "{id}");
        let s1 = p.indicator("S1").unwrap().value.unwrap();
        assert!((s1 - d(expected)).abs() < d("0.00001"), "{id}: {s1}");
    }
    // With 30 answers or more S1 is the plain rate, under either rule.
    let (_, _, default) = common::evaluated_samples();
    for eval in [&eval, &default] {
        for p in eval.partners.iter().filter(|p| p.survey.valid >= 30) {
            let rate = Decimal::from(p.survey.satisfied) / Decimal::from(p.survey.valid);
            assert_eq!(
                p.indicator("S1").unwrap().value,
                Some(rate),
                "{}",
                p.partner_id
            );
        }
    }
}

#[test]
fn wilson_lower_and_beta_lower_match_r_binom_in_formulas() {
    // R binom::binom.confint(18, 20): wilson lower 0.6989663547715128,
    // exact (Clopper–Pearson = Beta(0, 1) prior, quantile 0.025) lower
    // 0.6830172859809176 — the cases of tests/weighting.rs, here through
    // the formula language.
    let section = DEFAULT_TOML
        .replace(
            "value = \"months(services where pricing_mode == '公益') / active_months\"",
            "value = \"wilson_lower(18, 20, 0.95) + beta_lower(18, 20, 0, 1, 0.025) * 0 + coalesce(wilson_lower(0, 0, 0.95), 0)\"",
        );
    assert_ne!(section, DEFAULT_TOML);
    let set = IndicatorSet::from_text("t.toml", &section).unwrap_or_else(|e| panic!("{e:#?}"));
    let loaded = samples_loaded();
    let eval = common::score_samples(&loaded, &set);
    let p4 = eval.partners[0].indicator("P4").unwrap().value.unwrap();
    assert!((f(p4) - 0.6989663547715128).abs() < 1e-9, "{p4}");
    let beta = DEFAULT_TOML.replace(
        "value = \"months(services where pricing_mode == '公益') / active_months\"",
        "value = \"beta_lower(18, 20, 0, 1, 0.025)\"",
    );
    let set = IndicatorSet::from_text("t.toml", &beta).unwrap();
    let eval = common::score_samples(&loaded, &set);
    let p4 = eval.partners[0].indicator("P4").unwrap().value.unwrap();
    assert!((f(p4) - 0.6830172859809176).abs() < 1e-9, "{p4}");
    // A wrong number of arguments is refused when the file is read.
    let wrong = DEFAULT_TOML.replace(
        "value = \"months(services where pricing_mode == '公益') / active_months\"",
        "value = \"wilson_lower(18, 20)\"",
    );
    let errors = IndicatorSet::from_text("t.toml", &wrong).unwrap_err();
    assert!(
        errors[0].zh.contains("wilson_lower 的参数个数不对"),
        "{errors:#?}"
    );
}

// ── The partner report says which method and bound were used ──────────────

fn method_sentence(eval: &Evaluation, lang: Lang) -> String {
    use partner_eval::report::pdf::{self, Options, Templates};
    let templates = Templates::builtin();
    let opts = Options {
        lang,
        evaluator: None,
        templates: &templates,
        placement: Default::default(),
        progress: false,
    };
    let data = pdf::partner_data(eval, 0, &opts).unwrap();
    data["set"]["method"].as_str().unwrap().to_string()
}

#[test]
fn the_partner_report_names_the_weighting_method_and_the_small_sample_bound() {
    let (loaded, _, manual) = common::evaluated_samples();
    let zh = method_sentence(&manual, Lang::Zh);
    assert!(
        zh.starts_with("各指标权重为指标体系文件中写定的分值。"),
        "{zh}"
    );
    // The default small-sample rule in words (DOMAIN.md §3.10 R4).
    assert!(
        zh.contains("S1 综合满意率 在有效问卷少于 30 份时，不单看本合伙人自己的比率，而是把它与全区合伙人合计的比率合并计算，相当于在本合伙人的答卷之外再加入 10 份按全区比率作答的答卷"),
        "{zh}"
    );
    let en = method_sentence(&manual, Lang::En);
    assert!(
        en.contains("as if 10 answers at the district's rate were added"),
        "{en}"
    );
    // The Wilson bound, when a district selects it.
    let wilson = common::score_samples(&loaded, &wilson_set());
    let zh = method_sentence(&wilson, Lang::Zh);
    assert!(
        zh.contains("S1 综合满意率 在样本不足时取满意比例的 Wilson 95% 置信区间下限（样本量少于 30 时适用）"),
        "{zh}"
    );
    let en = method_sentence(&wilson, Lang::En);
    assert!(
        en.contains("the lower end of the Wilson 95% score interval"),
        "{en}"
    );
    let (_, ahp) = weighted(&loaded, AHP_SECTION);
    let zh = method_sentence(&ahp, Lang::Zh);
    assert!(
        zh.contains("层次分析法") && zh.contains("维度间 0.013、居民满意度 0.018"),
        "{zh}"
    );
    let (_, combined) = weighted(
        &loaded,
        "[weighting]\nmethod = \"combined\"\nobjective = \"critic\"\nalpha = 0.7\n",
    );
    let zh = method_sentence(&combined, Lang::Zh);
    assert!(
        zh.contains("组合赋权") && zh.contains("α = 0.7") && zh.contains("CRITIC"),
        "{zh}"
    );
}
