//! Published worked examples for `partner_eval::analysis` (issue 6), plus
//! property tests.
//!
//! Every expected number below is copied from a publication or from the test
//! suite / documentation of an established library that reproduces it; the
//! source is named on each test. Only inputs and printed outputs are taken;
//! no expected value was produced by this crate.

use partner_eval::analysis::{
    ahp_eigen, ahp_weights, beta_lower_quantile, combine_linear, combine_multiplicative,
    critic_weights, entropy_weights, topsis, wilson_lower_bound, AhpError, EntropyNormalisation,
    TopsisNormalisation, WeightError,
};
use partner_eval::indicators::Direction::{self, Down, Up};
use proptest::prelude::*;

/// Rounds to `dp` decimals, as the sources print.
fn round(x: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    (x * f).round() / f
}

fn assert_printed(actual: &[f64], printed: &[f64], dp: i32) {
    let rounded: Vec<f64> = actual.iter().map(|&x| round(x, dp)).collect();
    assert_eq!(rounded, printed, "computed {actual:?}");
}

fn assert_close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "computed {actual}, published {expected} (tolerance {tol})"
    );
}

// ---------------------------------------------------------------- AHP

/// Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
/// Int. J. Services Sciences 1(1): 83–98 — relative consumption of drinks in
/// the US. Printed priorities (3 dp) and C.R. = 0.022 with Saaty's RI (1.35
/// for n = 7). The same numbers are reproduced in the README and tests of
/// AHPy (PhilipGriffith/AHPy, `test_drinks_cr_saaty`,
/// `test_drinks_weights_precision_3_saaty`).
#[test]
fn ahp_saaty_2008_drinks_weights_and_cr() {
    // coffee, wine, tea, beer, sodas, milk, water
    let m = [
        vec![1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 1.0 / 2.0],
        vec![
            1.0 / 9.0,
            1.0,
            1.0 / 3.0,
            1.0 / 9.0,
            1.0 / 9.0,
            1.0 / 9.0,
            1.0 / 9.0,
        ],
        vec![
            1.0 / 5.0,
            3.0,
            1.0,
            1.0 / 3.0,
            1.0 / 4.0,
            1.0 / 3.0,
            1.0 / 9.0,
        ],
        vec![1.0 / 2.0, 9.0, 3.0, 1.0, 1.0 / 2.0, 1.0, 1.0 / 3.0],
        vec![1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 1.0 / 2.0],
        vec![1.0, 9.0, 3.0, 1.0, 1.0 / 2.0, 1.0, 1.0 / 3.0],
        vec![2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
    ];
    let r = ahp_weights(&m).expect("Saaty's drinks matrix is consistent");
    assert_printed(
        &r.weights,
        &[0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327],
        3,
    );
    assert_eq!(r.ri, 1.35);
    assert_eq!(round(r.cr, 3), 0.022);
    // λmax is not printed; it follows from CR: λmax = n + CR·RI·(n − 1).
    assert_close(r.lambda_max, 7.0 + 0.022 * 1.35 * 6.0, 0.0005 * 1.35 * 6.0);
    // 4-dp weights of the same matrix from AHPy's test suite
    // (`test_drinks_weights_precision_4_dd`; the weights do not depend on RI).
    assert_printed(
        &r.weights,
        &[0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268],
        4,
    );
}

/// "Choosing a leader" example of the English Wikipedia AHP article
/// (appendix, archived 2024-07-24), as reproduced in the README of AHPy with
/// Saaty's RI at 3 dp: experience weights Nell 0.717, Moll 0.217, Sue 0.066,
/// CR 0.035; education CR 0.062; criteria weights experience 0.548,
/// education 0.127, charisma 0.270, age 0.056, CR 0.044.
#[test]
fn ahp_wikipedia_leader_example_via_ahpy_readme() {
    // order: Moll, Nell, Sue
    let experience = [
        vec![1.0, 1.0 / 4.0, 4.0],
        vec![4.0, 1.0, 9.0],
        vec![1.0 / 4.0, 1.0 / 9.0, 1.0],
    ];
    let r = ahp_weights(&experience).expect("consistent");
    assert_printed(&r.weights, &[0.217, 0.717, 0.066], 3);
    assert_eq!(round(r.cr, 3), 0.035);

    let education = [
        vec![1.0, 3.0, 1.0 / 5.0],
        vec![1.0 / 3.0, 1.0, 1.0 / 7.0],
        vec![5.0, 7.0, 1.0],
    ];
    assert_eq!(
        round(ahp_weights(&education).expect("consistent").cr, 3),
        0.062
    );

    // order: Experience, Education, Charisma, Age
    let criteria = [
        vec![1.0, 4.0, 3.0, 7.0],
        vec![1.0 / 4.0, 1.0, 1.0 / 3.0, 3.0],
        vec![1.0 / 3.0, 3.0, 1.0, 5.0],
        vec![1.0 / 7.0, 1.0 / 3.0, 1.0 / 5.0, 1.0],
    ];
    let r = ahp_weights(&criteria).expect("consistent");
    assert_printed(&r.weights, &[0.548, 0.127, 0.270, 0.056], 3);
    assert_eq!(round(r.cr, 3), 0.044);
}

/// Wang, Y. M. & Chin, K. S. (2011). A linear programming approximation to
/// the eigenvector method in the AHP. Information Sciences 181(23):
/// 5240–5248. Eigenvector weights to 4 dp as in pymcdm's test suite
/// (`TestAHPWeights`, pymcdm 1.4.0). This matrix is far from consistent, so
/// `ahp_weights` must refuse it and name the worst pair.
fn wang_chin_2011() -> Vec<Vec<f64>> {
    vec![
        vec![1.0, 4.0, 3.0, 1.0, 3.0, 4.0],
        vec![1.0 / 4.0, 1.0, 7.0, 3.0, 1.0 / 5.0, 1.0],
        vec![1.0 / 3.0, 1.0 / 7.0, 1.0, 1.0 / 5.0, 1.0 / 5.0, 1.0 / 6.0],
        vec![1.0, 1.0 / 3.0, 5.0, 1.0, 1.0, 1.0 / 3.0],
        vec![1.0 / 3.0, 5.0, 5.0, 1.0, 1.0, 3.0],
        vec![1.0 / 4.0, 1.0, 6.0, 3.0, 1.0 / 3.0, 1.0],
    ]
}

#[test]
fn ahp_wang_chin_2011_eigenvector_via_pymcdm() {
    let r = ahp_eigen(&wang_chin_2011()).expect("structurally valid");
    assert_printed(
        &r.weights,
        &[0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391],
        4,
    );
    assert!(r.cr >= 0.10);
}

#[test]
fn ahp_refuses_inconsistent_wang_chin_matrix_naming_the_pair() {
    let m = wang_chin_2011();
    let eigen = ahp_eigen(&m).expect("structurally valid");
    match ahp_weights(&m) {
        Err(AhpError::Inconsistent { cr, pair }) => {
            assert_eq!(cr, eigen.cr);
            assert!(pair.i < pair.j && pair.j < 6);
            // The named pair is the judgement furthest from the weights.
            let w = &eigen.weights;
            let dev = |i: usize, j: usize| (m[i][j] * w[j] / w[i]).ln().abs();
            for i in 0..6 {
                for j in i + 1..6 {
                    assert!(dev(pair.i, pair.j) >= dev(i, j));
                }
            }
            assert_close(pair.ratio, m[pair.i][pair.j] * w[pair.j] / w[pair.i], 1e-12);
            let message = AhpError::Inconsistent { cr, pair }.to_string();
            assert!(message.contains(&format!("({}, {})", pair.i, pair.j)));
        }
        other => panic!("expected refusal, got {other:?}"),
    }
}

#[test]
fn ahp_structural_errors_are_typed() {
    assert_eq!(ahp_eigen(&[]), Err(AhpError::Empty));
    assert!(matches!(
        ahp_eigen(&[vec![1.0, 2.0], vec![0.5]]),
        Err(AhpError::NotSquare { row: 1, .. })
    ));
    assert!(matches!(
        ahp_eigen(&[vec![1.0, f64::NAN], vec![0.5, 1.0]]),
        Err(AhpError::NotFinite { i: 0, j: 1 })
    ));
    assert!(matches!(
        ahp_eigen(&[vec![1.0, -2.0], vec![-0.5, 1.0]]),
        Err(AhpError::NonPositive { i: 0, j: 1, .. })
    ));
    assert!(matches!(
        ahp_eigen(&[vec![1.0, 3.0], vec![3.0, 1.0]]),
        Err(AhpError::NotReciprocal { i: 0, j: 1, .. })
    ));
    let big = vec![vec![1.0; 16]; 16];
    assert!(matches!(
        ahp_eigen(&big),
        Err(AhpError::TooLarge { n: 16, max: 15 })
    ));
}

/// Spreadsheet users type 0.33 for 1/3 and 0.13 for 1/8: within the 5 %
/// reciprocity tolerance, and reconciled to an exactly reciprocal matrix.
#[test]
fn ahp_accepts_two_decimal_fractions() {
    let typed = [
        vec![1.0, 3.0, 8.0],
        vec![0.33, 1.0, 3.0],
        vec![0.13, 0.33, 1.0],
    ];
    let r = ahp_weights(&typed).expect("within tolerance");
    assert!((r.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(r.weights[0] > r.weights[1] && r.weights[1] > r.weights[2]);
}

// ---------------------------------------------------------------- entropy

/// Elsayed, E. A., Dawood, A. S. & Karthikeyan, R. (2017). Evaluating
/// alternatives through the application of TOPSIS method with entropy
/// weight. Int. J. Eng. Trends Technol. 46(2): 60–66. Weights to 6 dp as in
/// pymcdm's test suite (`TestEntropyWeights`); also checked against
/// `pymcdm.weights.entropy_weights` 1.4.0.
#[test]
fn entropy_elsayed_2017_via_pymcdm() {
    let m = [
        vec![7.0, 312.0, 1891.0, 6613.0, 163.0],
        vec![72.0, 88.0, 728.0, 941804.0, 1078.0],
        vec![10.0, 252.0, 2594.0, 3466.0, 117471.0],
        vec![10.0, 145.0, 980.0, 2371.0, 86329.0],
        vec![65.0, 54.0, 350.0, 501.0, 29897.0],
        vec![29.0, 48.0, 380.0, 912.0, 34051.0],
        vec![7.0, 476.0, 3300.0, 78470.0, 2212.0],
        vec![70.0, 87.0, 650.0, 733.0, 819000.0],
        vec![4.0, 86.0, 591.0, 3015.0, 103.0],
        vec![12.0, 79.0, 579.0, 3240.0, 96098.0],
        vec![21.0, 45.0, 261.0, 1253.0, 453.0],
        vec![1.0, 72.0, 530.0, 4333.0, 0.104800],
    ];
    let w = entropy_weights(&m, &[Up; 5], EntropyNormalisation::Sum).expect("valid");
    assert_printed(&w, &[0.104991, 0.069124, 0.071373, 0.449937, 0.304575], 6);
}

/// scikit-criteria (quatrope/scikit-criteria) `test_EntropyWeighter_simple_matrix`:
/// [[1, 2], [4, 16]] with objectives (min, max) gives weights
/// (0.358889, 0.641111), to 1e-5. Directions do not enter the sum convention.
#[test]
fn entropy_scikit_criteria_simple_matrix() {
    let m = [vec![1.0, 2.0], vec![4.0, 16.0]];
    let w = entropy_weights(&m, &[Down, Up], EntropyNormalisation::Sum).expect("valid");
    assert_close(w[0], 0.358889, 1e-5);
    assert_close(w[1], 0.641111, 1e-5);
}

// ---------------------------------------------------------------- CRITIC

/// Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining
/// objective weights in multiple criteria problems: the CRITIC method.
/// Computers & Operations Research 22(7): 763–770. Weights as in
/// scikit-criteria's `test_CRITIC_diakoulaki1995determining` (all criteria
/// maximised, min-max scaled, Pearson): (0.20222554, 0.48090173, 0.31687273).
/// Also checked against `pymcdm.weights.critic_weights` 1.4.0.
#[test]
fn critic_diakoulaki_1995_via_scikit_criteria() {
    let m = [
        vec![61.0, 1.08, 4.33],
        vec![20.7, 0.26, 4.34],
        vec![16.3, 1.98, 2.53],
        vec![9.0, 3.29, 1.65],
        vec![5.4, 2.77, 2.33],
        vec![4.0, 4.12, 1.21],
        vec![-6.1, 3.52, 2.10],
        vec![-34.6, 3.31, 0.98],
    ];
    let w = critic_weights(&m, &[Up; 3]).expect("valid");
    for (x, y) in w.iter().zip([0.20222554, 0.48090173, 0.31687273]) {
        assert_close(*x, y, 1e-8);
    }
}

/// Tuş, A. & Adalı, E. A. (2019). The new combination with CRITIC and WASPAS
/// methods for the time and attendance software selection problem. Opsearch
/// 56(2): 528–538. Weights to 3 dp as in pymcdm's `TestCRITICWeights`, which
/// treats every criterion as a benefit in the normalisation; also checked
/// against `pymcdm.weights.critic_weights` 1.4.0.
#[test]
fn critic_tus_adali_2019_via_pymcdm() {
    let m = [
        vec![5000.0, 3.0, 3.0, 4.0, 3.0, 2.0],
        vec![680.0, 5.0, 3.0, 2.0, 2.0, 1.0],
        vec![2000.0, 3.0, 2.0, 3.0, 4.0, 3.0],
        vec![600.0, 4.0, 3.0, 1.0, 2.0, 2.0],
        vec![800.0, 2.0, 4.0, 3.0, 3.0, 4.0],
    ];
    let w = critic_weights(&m, &[Up; 6]).expect("valid");
    assert_printed(&w, &[0.157, 0.249, 0.168, 0.121, 0.154, 0.151], 3);
}

// ---------------------------------------------------------------- TOPSIS

/// Tzeng, G. H. & Huang, J. J. (2011). Multiple Attribute Decision Making:
/// Methods and Applications. CRC Press. TOPSIS with vector normalisation,
/// weights (0.3, 0.4, 0.3), all benefit: closeness
/// (0.5037, 0.6581, 0.7482, 0.3340), as in scikit-criteria's
/// `test_TOPSIS_tzeng2011multiple`; reproduced to the printed 4 dp.
#[test]
fn topsis_tzeng_huang_2011_vector_via_scikit_criteria() {
    let m = [
        vec![5.0, 8.0, 4.0],
        vec![7.0, 6.0, 8.0],
        vec![8.0, 8.0, 6.0],
        vec![7.0, 4.0, 6.0],
    ];
    let c = topsis(&m, &[0.3, 0.4, 0.3], &[Up; 3], TopsisNormalisation::Vector).expect("valid");
    assert_printed(&c, &[0.5037, 0.6581, 0.7482, 0.3340], 4);
}

/// Opricovic, S. & Tzeng, G. H. (2004). Compromise solution by MCDM methods:
/// a comparative analysis of VIKOR and TOPSIS. EJOR 156(2): 445–455. Two
/// criteria (first a cost), equal weights: closeness (0.500, 0.617, 0.500)
/// as in pymcdm's `TestTOPSIS` with its default min-max normalisation;
/// checked against `pymcdm.methods.TOPSIS()` 1.4.0.
#[test]
fn topsis_opricovic_tzeng_2004_minmax_via_pymcdm() {
    let m = [vec![1.0, 3000.0], vec![2.0, 3750.0], vec![5.0, 4500.0]];
    let c = topsis(&m, &[0.5, 0.5], &[Down, Up], TopsisNormalisation::MinMax).expect("valid");
    assert_printed(&c, &[0.500, 0.617, 0.500], 3);
}

// ---------------------------------------------------------------- small samples

/// R package `binom` (binom.confint, conf.level 0.95, tol 1e-8), as recorded
/// in statsmodels' `stats/tests/results/results_proportion.py`: the lower
/// limits of the "wilson" method.
#[test]
fn wilson_lower_bound_matches_r_binom() {
    let cases: [(u64, u64, f64, f64); 8] = [
        (18, 20, 0.6989663547715128, 1e-9),
        (4, 20, 0.0806576625797981, 1e-9),
        (4, 200, 0.00780442641634947, 1e-9),
        (190, 200, 0.910421851861224, 1e-9),
        (1, 30, 5.908590e-03, 1e-8),
        (29, 30, 0.8332961, 1e-7),
        (30, 30, 0.8864866, 1e-7),
        (0, 30, 0.0, 1e-12),
    ];
    for (s, n, expected, tol) in cases {
        let lower = wilson_lower_bound(s, n, 0.95)
            .expect("valid")
            .expect("n > 0");
        assert_close(lower, expected, tol);
    }
}

/// Same R `binom` results: the lower limit of the "exact" (Clopper–Pearson)
/// interval is the 0.025 quantile of Beta(s, n − s + 1), i.e. prior α = 0,
/// β = 1; the "bayes" limits for these cases are the equal-tailed Jeffreys
/// limits, prior α = β = 0.5.
#[test]
fn beta_quantile_matches_r_binom_exact_and_jeffreys() {
    let exact: [(u64, u64, f64, f64); 7] = [
        (18, 20, 0.6830172859809176, 1e-9),
        (4, 20, 0.05733399705003284, 1e-9),
        (4, 200, 0.005475565879556443, 1e-9),
        (190, 200, 0.9099724622986486, 1e-9),
        (1, 30, 8.435709e-04, 1e-9),
        (29, 30, 0.8278305, 1e-7),
        (30, 30, 0.8842967, 1e-7),
    ];
    for (s, n, expected, tol) in exact {
        let q = beta_lower_quantile(s, n, 0.0, 1.0, 0.025)
            .expect("valid")
            .expect("n > 0");
        assert_close(q, expected, tol);
    }
    let jeffreys: [(u64, u64, f64); 3] = [
        (18, 20, 0.716146742695748),
        (4, 20, 0.07152005247873425),
        (4, 200, 0.00678759879519299),
    ];
    for (s, n, expected) in jeffreys {
        let q = beta_lower_quantile(s, n, 0.5, 0.5, 0.025)
            .expect("valid")
            .expect("n > 0");
        assert_close(q, expected, 1e-8);
    }
}

// ---------------------------------------------------------------- properties

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Up), Just(Down)]
}

/// A rectangular matrix (2–8 rows, 1–6 columns) with values in `range`,
/// and one direction per column.
fn decision(range: std::ops::Range<f64>) -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<Direction>)> {
    (2usize..8, 1usize..6).prop_flat_map(move |(m, n)| {
        (
            prop::collection::vec(prop::collection::vec(range.clone(), n), m),
            prop::collection::vec(direction(), n),
        )
    })
}

fn assert_weight_vector(w: &[f64], len: usize) {
    assert_eq!(w.len(), len);
    assert!(w.iter().all(|x| x.is_finite() && *x >= 0.0), "{w:?}");
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{w:?}");
}

/// Saaty-scale judgement: 1/9 … 9.
fn judgement() -> impl Strategy<Value = f64> {
    (1u8..=9, any::<bool>()).prop_map(|(v, inv)| {
        if inv {
            1.0 / f64::from(v)
        } else {
            f64::from(v)
        }
    })
}

fn reciprocal_matrix() -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1usize..=15).prop_flat_map(|n| {
        prop::collection::vec(judgement(), n * n).prop_map(move |upper| {
            let mut a = vec![vec![1.0; n]; n];
            for i in 0..n {
                for j in i + 1..n {
                    a[i][j] = upper[i * n + j];
                    a[j][i] = 1.0 / upper[i * n + j];
                }
            }
            a
        })
    })
}

proptest! {
    #[test]
    fn prop_entropy_weights_are_a_distribution((m, d) in decision(0.0..1000.0)) {
        for norm in [EntropyNormalisation::Sum, EntropyNormalisation::MinMax] {
            match entropy_weights(&m, &d, norm) {
                Ok(w) => assert_weight_vector(&w, d.len()),
                Err(e) => prop_assert_eq!(e, WeightError::AllColumnsConstant),
            }
        }
    }

    #[test]
    fn prop_critic_weights_are_a_distribution((m, d) in decision(-1e6..1e6)) {
        match critic_weights(&m, &d) {
            Ok(w) => assert_weight_vector(&w, d.len()),
            Err(e) => prop_assert_eq!(e, WeightError::AllColumnsConstant),
        }
    }

    #[test]
    fn prop_topsis_closeness_in_unit_interval(
        (m, d) in decision(-1e6..1e6),
        raw in prop::collection::vec(0.0..10.0f64, 6),
    ) {
        let weights = &raw[..d.len()];
        for norm in [TopsisNormalisation::Vector, TopsisNormalisation::MinMax] {
            let c = topsis(&m, weights, &d, norm).expect("valid input");
            prop_assert_eq!(c.len(), m.len());
            prop_assert!(c.iter().all(|x| (0.0..=1.0).contains(x)), "{:?}", c);
        }
    }

    #[test]
    fn prop_ahp_weights_are_a_distribution(a in reciprocal_matrix()) {
        let r = ahp_eigen(&a).expect("valid reciprocal matrix");
        assert_weight_vector(&r.weights, a.len());
        prop_assert!(r.cr >= 0.0 && r.lambda_max.is_finite());
        match ahp_weights(&a) {
            Ok(ok) => prop_assert!(ok.cr < 0.10),
            Err(AhpError::Inconsistent { cr, pair }) => {
                prop_assert!(cr >= 0.10 && pair.i < pair.j && pair.j < a.len());
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn prop_combinations_are_distributions(
        s in prop::collection::vec(0.01..100.0f64, 1..10),
        o_raw in prop::collection::vec(0.01..100.0f64, 10),
        alpha in 0.0..=1.0f64,
    ) {
        let o = &o_raw[..s.len()];
        assert_weight_vector(&combine_linear(&s, o, alpha).expect("valid"), s.len());
        assert_weight_vector(&combine_multiplicative(&s, o).expect("valid"), s.len());
    }

    #[test]
    fn prop_small_sample_bounds_in_unit_interval(
        n in 1u64..2000,
        frac in 0.0..=1.0f64,
        conf in 0.5..0.999f64,
        prior in 0.5..5.0f64,
    ) {
        let s = ((n as f64) * frac).floor() as u64;
        let w = wilson_lower_bound(s, n, conf).expect("valid").expect("n > 0");
        prop_assert!((0.0..=s as f64 / n as f64 + 1e-12).contains(&w));
        let q = beta_lower_quantile(s, n, prior, prior, 1.0 - conf).expect("valid").expect("n > 0");
        prop_assert!((0.0..=1.0).contains(&q));
    }
}
