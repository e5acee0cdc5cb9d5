//! Entropy weight method (熵权法): objective weights from how unevenly the
//! alternatives are spread on each criterion.
//!
//! Why: a criterion on which all partners score alike cannot separate them,
//! so it should carry little weight; one on which they differ a lot carries
//! more. Shannon entropy measures that spread.
//!
//! Conventions (m alternatives, criterion j):
//! - Normalisation, chosen by [`EntropyNormalisation`]:
//!   - [`EntropyNormalisation::Sum`] (the default): `p_ij = x_ij / Σ_i x_ij`
//!     on the raw values, directions ignored. This is the convention of
//!     pymcdm's `entropy_weights` and scikit-criteria's `EntropyWeighter`,
//!     and reproduces Elsayed, Dawood & Karthikeyan (2017); see
//!     tests/weighting.rs. It needs `x_ij ≥ 0`. Entropy measures dispersion,
//!     which does not depend on whether high is good, so directions play no
//!     part here.
//!   - [`EntropyNormalisation::MinMax`]: first the direction-aware min-max
//!     `x'_ij = (x_ij − min_j)/(max_j − min_j)` for ↑, `(max_j − x_ij)/(…)`
//!     for ↓, then `p_ij = x'_ij / Σ_i x'_ij`. This is the textbook 熵权法
//!     variant common in Chinese evaluation literature; any finite values
//!     are allowed.
//! - `0·ln 0 = 0` (the limit). Note pymcdm instead sets the whole entropy of
//!   a column with any zero to 0; we do not follow that quirk.
//! - `E_j = −k Σ_i p_ij ln p_ij` with `k = 1/ln m`, so `E_j ∈ [0, 1]`;
//!   divergence `d_j = 1 − E_j` (floored at 0 against rounding); weights
//!   `w_j = d_j / Σ_k d_k`.
//! - A constant column (every alternative equal, including all zero) has
//!   `d_j = 0` exactly and so weight 0.
//! - If every column is constant, [`WeightError::AllColumnsConstant`] is
//!   returned rather than equal weights: the data carry no information, and
//!   the caller (the indicator file) decides the fallback.
//! - At least 2 alternatives are needed (`k = 1/ln 1` is undefined).

use crate::indicators::Direction;

use super::matrix::{self, WeightError};

/// How values become the shares `p_ij` (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntropyNormalisation {
    /// `p_ij = x_ij / Σ x_ij` on raw, non-negative values (pymcdm, scikit-criteria).
    #[default]
    Sum,
    /// Direction-aware min-max onto [0, 1], then shares.
    MinMax,
}

/// Entropy weights, one per column, non-negative and summing to 1.
///
/// `directions` must have one entry per column; it is only used by
/// [`EntropyNormalisation::MinMax`].
pub fn entropy_weights(
    matrix: &[Vec<f64>],
    directions: &[Direction],
    normalisation: EntropyNormalisation,
) -> Result<Vec<f64>, WeightError> {
    let columns = matrix::columns(matrix, 2)?;
    matrix::check_directions(directions, columns.len())?;
    if normalisation == EntropyNormalisation::Sum {
        check_non_negative(&columns)?;
    }
    let k = 1.0 / (matrix.len() as f64).ln();
    let divergences: Vec<f64> = columns
        .iter()
        .zip(directions)
        .map(|(column, &direction)| {
            let shares = match normalisation {
                EntropyNormalisation::Sum if !matrix::is_constant(column) => shares(column.clone()),
                EntropyNormalisation::MinMax => {
                    matrix::min_max_normalise(column, direction).and_then(shares)
                }
                EntropyNormalisation::Sum => None,
            };
            shares.map_or(0.0, |p| divergence(&p, k))
        })
        .collect();
    matrix::normalise_sum(divergences).map_err(|_| WeightError::AllColumnsConstant)
}

fn check_non_negative(columns: &[Vec<f64>]) -> Result<(), WeightError> {
    for (col, column) in columns.iter().enumerate() {
        if let Some((row, &value)) = column.iter().enumerate().find(|(_, x)| **x < 0.0) {
            return Err(WeightError::Negative { row, col, value });
        }
    }
    Ok(())
}

/// `p_i = x_i / Σx`; `None` when the sum is not positive.
fn shares(column: Vec<f64>) -> Option<Vec<f64>> {
    matrix::normalise_sum(column).ok()
}

/// `1 − E` with `E = −k Σ p ln p` and `0·ln 0 = 0`.
fn divergence(p: &[f64], k: f64) -> f64 {
    let h: f64 = p.iter().filter(|&&x| x > 0.0).map(|&x| -x * x.ln()).sum();
    (1.0 - k * h).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Down, Up};

    #[test]
    fn constant_column_gets_zero_weight() {
        let m = [vec![3.0, 1.0], vec![3.0, 2.0], vec![3.0, 4.0]];
        let w = entropy_weights(&m, &[Up, Up], EntropyNormalisation::Sum).unwrap();
        assert_eq!(w, vec![0.0, 1.0]);
    }

    #[test]
    fn all_constant_is_an_error() {
        let m = [vec![3.0, 0.0], vec![3.0, 0.0]];
        for norm in [EntropyNormalisation::Sum, EntropyNormalisation::MinMax] {
            assert_eq!(
                entropy_weights(&m, &[Up, Down], norm),
                Err(WeightError::AllColumnsConstant)
            );
        }
    }

    #[test]
    fn zero_entries_follow_zero_log_zero() {
        // p = (0, 0, 1): E = 0, d = 1; p = (1/3, 1/3, 1/3): E = 1, d = 0.
        let m = [
            vec![0.0, 1.0, 1.0],
            vec![0.0, 1.0, 2.0],
            vec![5.0, 1.0, 3.0],
        ];
        let w = entropy_weights(&m, &[Up, Up, Up], EntropyNormalisation::Sum).unwrap();
        assert!(w[0] > w[2] && w[1] == 0.0);
    }

    #[test]
    fn input_errors() {
        let one = [vec![1.0]];
        assert!(matches!(
            entropy_weights(&one, &[Up], EntropyNormalisation::Sum),
            Err(WeightError::TooFewAlternatives { rows: 1, min: 2 })
        ));
        let neg = [vec![1.0], vec![-1.0]];
        assert!(matches!(
            entropy_weights(&neg, &[Up], EntropyNormalisation::Sum),
            Err(WeightError::Negative { row: 1, col: 0, .. })
        ));
        assert!(entropy_weights(&neg, &[Up], EntropyNormalisation::MinMax).is_ok());
        let nan = [vec![1.0], vec![f64::NAN]];
        assert!(matches!(
            entropy_weights(&nan, &[Up], EntropyNormalisation::MinMax),
            Err(WeightError::NotFinite { row: 1, col: 0 })
        ));
        assert!(matches!(
            entropy_weights(&neg, &[], EntropyNormalisation::MinMax),
            Err(WeightError::DirectionCount { .. })
        ));
    }
}
