//! Analytic Hierarchy Process (AHP, 层次分析法): subjective weights from an
//! expert's pairwise comparison matrix.
//!
//! Why: the indicator weights of DOMAIN.md §3 are proposals. When a street
//! office wants its own weights, AHP turns "P1 is moderately more important
//! than P3" judgements into weights, and its consistency ratio shows whether
//! the judgements hang together well enough to be used.
//!
//! Conventions:
//! - Input `a[i][j]` says how much more important criterion `i` is than `j`
//!   on Saaty's 1–9 scale; fractions (1/3, 0.2, …) are the reciprocal
//!   judgements. The matrix must be square, finite and positive.
//! - Reciprocity is checked with a relative tolerance
//!   [`RECIPROCAL_TOLERANCE`] = 5 %: `|a_ij·a_ji − 1| ≤ 0.05`, so entries typed
//!   with two decimals (0.33 for 1/3, 0.13 for 1/8) pass. The matrix actually
//!   used is the exactly reciprocal geometric reconciliation
//!   `a'_ij = √(a_ij / a_ji)`, with `a'_ii = 1` (it equals the input when the
//!   input is exactly reciprocal).
//! - Weights are the principal (Perron) eigenvector, found by power iteration
//!   from the uniform vector, renormalised to sum 1 at every step, until no
//!   component moves by more than [`POWER_TOLERANCE`] = 1e-12
//!   (at most [`MAX_ITERATIONS`] steps).
//! - `λmax = Σ_i (A·w)_i` for the converged `w` (Σw = 1), which equals the
//!   Rayleigh-type average of `(A·w)_i / w_i` at the eigenvector.
//!   `CI = (λmax − n)/(n − 1)`, floored at 0 against rounding (λmax ≥ n holds
//!   for every positive reciprocal matrix); `CR = CI/RI`.
//! - RI, the random index, comes from one of two published tables, chosen
//!   in the indicator file (`[weighting] random_index`, [`RandomIndexTable`]):
//!   - `saaty2005` (the default): Saaty, *Theory and Applications of the
//!     Analytic Network Process* (RWS Publications, 2005), p. 31, and Saaty
//!     (2008) *Int. J. Services Sciences* 1(1): [`SAATY_RI`], n = 1…15;
//!   - `saaty1980`: the table of Saaty, *The Analytic Hierarchy Process*
//!     (McGraw-Hill, 1980), which Chinese textbooks print (RI(3) = 0.58,
//!     RI(4) = 0.90 … RI(9) = 1.45): [`SAATY_1980_RI`], n = 1…11.
//!
//!   The two differ by up to 0.06 (RI(3) 0.52 against 0.58), so the same
//!   matrix can pass under one and fail under the other near CR = 0.10; a
//!   district whose experts were taught the textbook table can ask for it.
//!   Larger matrices than the table covers are refused: no value exists and
//!   Saaty advises against more than about nine elements per comparison.
//! - n ≤ 2 is always consistent: CI = CR = 0 (RI is 0 there).
//! - [`ahp_weights`] refuses CR ≥ [`CR_LIMIT`] = 0.10 (Saaty's threshold) and
//!   names the most inconsistent pair; [`ahp_eigen`] reports without refusing.
//! - The most inconsistent pair is the pair `i < j` (0-based) whose judgement
//!   deviates most from the derived weights: the largest
//!   `|ln(a_ij · w_j / w_i)|`; the first such pair in row-major order wins a tie.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Saaty's consistency threshold: CR at or above this is refused.
pub const CR_LIMIT: f64 = 0.10;
/// Relative tolerance of the reciprocity check `|a_ij·a_ji − 1|`.
pub const RECIPROCAL_TOLERANCE: f64 = 0.05;
/// Power iteration stops when no weight moves by more than this.
pub const POWER_TOLERANCE: f64 = 1e-12;
/// Power iteration gives up after this many steps.
pub const MAX_ITERATIONS: usize = 10_000;
/// Saaty's random index RI for n = 1…15 (index n − 1); see the module doc.
pub const SAATY_RI: [f64; 15] = [
    0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
];

/// Saaty's 1980 random index for n = 1…11 (index n − 1), the table Chinese
/// textbooks print; see the module doc.
pub const SAATY_1980_RI: [f64; 11] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51,
];

/// Which published random-index table CR is computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RandomIndexTable {
    /// Saaty (2005): RI(3) = 0.52, n up to 15.
    #[default]
    Saaty2005,
    /// Saaty (1980), as Chinese textbooks print it: RI(3) = 0.58, n up to 11.
    Saaty1980,
}

impl RandomIndexTable {
    /// The table, index n − 1.
    pub fn values(self) -> &'static [f64] {
        match self {
            RandomIndexTable::Saaty2005 => &SAATY_RI,
            RandomIndexTable::Saaty1980 => &SAATY_1980_RI,
        }
    }

    /// The name written in the indicator file.
    pub fn key(self) -> &'static str {
        match self {
            RandomIndexTable::Saaty2005 => "saaty2005",
            RandomIndexTable::Saaty1980 => "saaty1980",
        }
    }

    /// The table as a reader would cite it.
    pub fn citation(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            RandomIndexTable::Saaty2005 => lang.pick(
                "Saaty（2005）随机一致性指标表（RI(3) = 0.52，RI(4) = 0.89，RI(5) = 1.11）",
                "Saaty (2005) random index table (RI(3) = 0.52, RI(4) = 0.89, RI(5) = 1.11)",
            ),
            RandomIndexTable::Saaty1980 => lang.pick(
                "Saaty（1980）随机一致性指标表，即国内教材通用表（RI(3) = 0.58，RI(4) = 0.90，RI(5) = 1.12）",
                "Saaty (1980) random index table, as Chinese textbooks print it (RI(3) = 0.58, RI(4) = 0.90, RI(5) = 1.12)",
            ),
        }
    }

    /// The table's value for an n×n matrix (`None` beyond the table).
    pub fn ri(self, n: usize) -> Option<f64> {
        n.checked_sub(1).and_then(|k| self.values().get(k)).copied()
    }
}

/// A judgement compared with the weights: `ratio = a_ij · w_j / w_i`
/// (1 = perfectly consistent; > 1 means `i` was rated above what the weights
/// support relative to `j`). Indices are 0-based.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairDeviation {
    pub i: usize,
    pub j: usize,
    pub ratio: f64,
}

/// The outcome of an AHP computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Ahp {
    /// Principal eigenvector, non-negative, summing to 1.
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    /// Consistency index (λmax − n)/(n − 1); 0 for n ≤ 2.
    pub ci: f64,
    /// The random index for this n, from the table asked for.
    pub ri: f64,
    /// Consistency ratio CI/RI; 0 for n ≤ 2.
    pub cr: f64,
    /// The pair furthest from the weights; `None` for n = 1.
    pub worst_pair: Option<PairDeviation>,
    /// Power-iteration steps used.
    pub iterations: usize,
}

/// Why a comparison matrix was refused. Indices are 0-based.
#[derive(Debug, Clone, PartialEq)]
pub enum AhpError {
    Empty,
    NotSquare {
        row: usize,
        len: usize,
        expected: usize,
    },
    NotFinite {
        i: usize,
        j: usize,
    },
    NonPositive {
        i: usize,
        j: usize,
        value: f64,
    },
    /// `a_ij · a_ji` is `product`, not 1 within [`RECIPROCAL_TOLERANCE`].
    NotReciprocal {
        i: usize,
        j: usize,
        product: f64,
    },
    /// More criteria than Saaty's RI table covers.
    TooLarge {
        n: usize,
        max: usize,
    },
    NotConverged {
        iterations: usize,
    },
    /// CR ≥ [`CR_LIMIT`]; `pair` is the most inconsistent judgement.
    Inconsistent {
        cr: f64,
        pair: PairDeviation,
    },
}

impl fmt::Display for AhpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the comparison matrix is empty"),
            Self::NotSquare { row, len, expected } => write!(
                f,
                "the comparison matrix is not square: row {row} has {len} entries, expected {expected}"
            ),
            Self::NotFinite { i, j } => write!(f, "comparison ({i}, {j}) is not a finite number"),
            Self::NonPositive { i, j, value } => {
                write!(f, "comparison ({i}, {j}) = {value} is not positive")
            }
            Self::NotReciprocal { i, j, product } => write!(
                f,
                "comparisons ({i}, {j}) and ({j}, {i}) are not reciprocal (product {product})"
            ),
            Self::TooLarge { n, max } => write!(
                f,
                "{n} criteria compared at once; Saaty's random index table stops at {max}"
            ),
            Self::NotConverged { iterations } => {
                write!(f, "the eigenvector did not converge in {iterations} steps")
            }
            Self::Inconsistent { cr, pair } => write!(
                f,
                "consistency ratio {cr:.3} ≥ {CR_LIMIT}; most inconsistent judgement: ({}, {}) is {:.2}× what the weights support",
                pair.i, pair.j, pair.ratio
            ),
        }
    }
}

impl std::error::Error for AhpError {}

/// Saaty's (2005) random index for an n×n matrix (`None` outside 1…15).
pub fn random_index(n: usize) -> Option<f64> {
    RandomIndexTable::Saaty2005.ri(n)
}

/// Weights, λmax, CI and CR, refusing a matrix with CR ≥ [`CR_LIMIT`]; RI
/// from Saaty (2005).
pub fn ahp_weights(matrix: &[Vec<f64>]) -> Result<Ahp, AhpError> {
    ahp_weights_with(matrix, RandomIndexTable::Saaty2005)
}

/// [`ahp_weights`] with RI from the given table.
pub fn ahp_weights_with(matrix: &[Vec<f64>], table: RandomIndexTable) -> Result<Ahp, AhpError> {
    let ahp = ahp_eigen_with(matrix, table)?;
    match ahp.worst_pair {
        Some(pair) if ahp.cr >= CR_LIMIT => Err(AhpError::Inconsistent { cr: ahp.cr, pair }),
        _ => Ok(ahp),
    }
}

/// Weights, λmax, CI and CR without the consistency gate (for reporting how
/// inconsistent a matrix is), RI from Saaty (2005). Structural errors are
/// still returned.
pub fn ahp_eigen(matrix: &[Vec<f64>]) -> Result<Ahp, AhpError> {
    ahp_eigen_with(matrix, RandomIndexTable::Saaty2005)
}

/// [`ahp_eigen`] with RI from the given table.
pub fn ahp_eigen_with(matrix: &[Vec<f64>], table: RandomIndexTable) -> Result<Ahp, AhpError> {
    let a = reconciled(matrix)?;
    let n = a.len();
    let ri = table.ri(n).ok_or(AhpError::TooLarge {
        n,
        max: table.values().len(),
    })?;
    let (weights, iterations) = principal_eigenvector(&a)?;
    let lambda_max: f64 = mat_vec(&a, &weights).iter().sum();
    let (ci, cr) = if n <= 2 {
        (0.0, 0.0)
    } else {
        let ci = ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0);
        (ci, ci / ri)
    };
    let worst_pair = worst_pair(&a, &weights);
    Ok(Ahp {
        weights,
        lambda_max,
        ci,
        ri,
        cr,
        worst_pair,
        iterations,
    })
}

/// Validates the matrix and returns its exactly reciprocal reconciliation.
fn reconciled(matrix: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, AhpError> {
    let n = matrix.len();
    if n == 0 {
        return Err(AhpError::Empty);
    }
    for (row, values) in matrix.iter().enumerate() {
        if values.len() != n {
            return Err(AhpError::NotSquare {
                row,
                len: values.len(),
                expected: n,
            });
        }
    }
    for (i, values) in matrix.iter().enumerate() {
        for (j, &value) in values.iter().enumerate() {
            if !value.is_finite() {
                return Err(AhpError::NotFinite { i, j });
            }
            if value <= 0.0 {
                return Err(AhpError::NonPositive { i, j, value });
            }
        }
    }
    let mut out = vec![vec![1.0; n]; n];
    for (i, (row, out_row)) in matrix.iter().zip(out.iter_mut()).enumerate() {
        for (j, (&a_ij, slot)) in row.iter().zip(out_row.iter_mut()).enumerate() {
            let a_ji = matrix.get(j).and_then(|r| r.get(i)).copied().unwrap_or(1.0);
            let product = a_ij * a_ji;
            if (product - 1.0).abs() > RECIPROCAL_TOLERANCE {
                return Err(AhpError::NotReciprocal { i, j, product });
            }
            *slot = if i == j { 1.0 } else { (a_ij / a_ji).sqrt() };
        }
    }
    Ok(out)
}

fn mat_vec(a: &[Vec<f64>], w: &[f64]) -> Vec<f64> {
    a.iter()
        .map(|row| row.iter().zip(w).map(|(x, y)| x * y).sum())
        .collect()
}

/// Power iteration from the uniform vector (see the module doc).
fn principal_eigenvector(a: &[Vec<f64>]) -> Result<(Vec<f64>, usize), AhpError> {
    let n = a.len();
    let mut w = vec![1.0 / n as f64; n];
    for step in 1..=MAX_ITERATIONS {
        let next = mat_vec(a, &w);
        let total: f64 = next.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(AhpError::NotConverged { iterations: step });
        }
        let next: Vec<f64> = next.into_iter().map(|x| x / total).collect();
        let change = next
            .iter()
            .zip(&w)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        w = next;
        if change <= POWER_TOLERANCE {
            return Ok((w, step));
        }
    }
    Err(AhpError::NotConverged {
        iterations: MAX_ITERATIONS,
    })
}

fn worst_pair(a: &[Vec<f64>], w: &[f64]) -> Option<PairDeviation> {
    let mut worst: Option<(f64, PairDeviation)> = None;
    for (i, (row, &w_i)) in a.iter().zip(w).enumerate() {
        for (j, (&a_ij, &w_j)) in row.iter().zip(w).enumerate().skip(i + 1) {
            let ratio = a_ij * w_j / w_i;
            let deviation = ratio.ln().abs();
            if worst.is_none_or(|(d, _)| deviation > d) {
                worst = Some((deviation, PairDeviation { i, j, ratio }));
            }
        }
    }
    worst.map(|(_, pair)| pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistent_matrix_has_exact_weights_and_zero_cr() {
        // A consistent matrix a_ij = w_i / w_j recovers w exactly, λmax = n.
        let w = [0.5, 0.3, 0.2];
        let m: Vec<Vec<f64>> = w
            .iter()
            .map(|a| w.iter().map(|b| a / b).collect())
            .collect();
        let r = ahp_weights(&m).unwrap();
        for (x, y) in r.weights.iter().zip(w) {
            assert!((x - y).abs() < 1e-12);
        }
        assert!((r.lambda_max - 3.0).abs() < 1e-12);
        assert!(r.cr < 1e-12);
    }

    #[test]
    fn the_random_index_table_decides_a_borderline_matrix() {
        // CI ≈ 0.0522: CR 0.1004 by Saaty (2005), refused; 0.0900 by the
        // textbook table, accepted.
        let m = vec![
            vec![1.0, 3.0, 1.0 / 7.0],
            vec![1.0 / 3.0, 1.0, 1.0 / 8.0],
            vec![7.0, 8.0, 1.0],
        ];
        let new = ahp_eigen_with(&m, RandomIndexTable::Saaty2005).unwrap();
        let old = ahp_eigen_with(&m, RandomIndexTable::Saaty1980).unwrap();
        assert_eq!((new.ri, old.ri), (0.52, 0.58));
        assert!((new.ci - old.ci).abs() < 1e-15);
        assert!((new.cr - 0.1004).abs() < 5e-5, "{}", new.cr);
        assert!((old.cr - 0.0900).abs() < 5e-5, "{}", old.cr);
        assert!(matches!(
            ahp_weights_with(&m, RandomIndexTable::Saaty2005),
            Err(AhpError::Inconsistent { .. })
        ));
        assert!(ahp_weights_with(&m, RandomIndexTable::Saaty1980).is_ok());
        assert_eq!(ahp_eigen(&m).unwrap(), new);
        assert_eq!(
            RandomIndexTable::Saaty1980.values()[2..9],
            [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45]
        );
        assert_eq!(RandomIndexTable::Saaty1980.ri(12), None);
        assert_eq!(RandomIndexTable::Saaty2005.ri(12), Some(1.54));
        assert_eq!(RandomIndexTable::default(), RandomIndexTable::Saaty2005);
    }

    #[test]
    fn one_and_two_criteria_are_always_consistent() {
        let r = ahp_weights(&[vec![1.0]]).unwrap();
        assert_eq!(
            (r.weights.clone(), r.cr, r.worst_pair),
            (vec![1.0], 0.0, None)
        );
        let r = ahp_weights(&[vec![1.0, 9.0], vec![1.0 / 9.0, 1.0]]).unwrap();
        assert!((r.weights[0] - 0.9).abs() < 1e-12 && r.cr == 0.0);
    }
}
