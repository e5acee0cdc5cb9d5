//! TOPSIS closeness coefficients (Hwang & Yoon 1981): how near each
//! alternative is to the best possible profile and how far from the worst.
//!
//! Why: the engine's total score adds points against fixed goalposts;
//! TOPSIS ranks partners relative to each other under a weight vector, which
//! the Monte Carlo weight-sensitivity check uses to see whether rankings
//! survive plausible changes of weights.
//!
//! Conventions (alternative i, criterion j, weights w_j ≥ 0):
//! - Normalisation, chosen by [`TopsisNormalisation`]:
//!   - [`TopsisNormalisation::Vector`] (the default, Hwang & Yoon's original):
//!     `r_ij = x_ij / √(Σ_i x_ij²)`, direction kept; the ideal takes the
//!     column maximum of `v_ij = w_j·r_ij` for ↑ and the minimum for ↓, the
//!     anti-ideal the opposite. An all-zero column gives `r = 0`. Meant for
//!     ratio-scale data (x ≥ 0); other finite values are accepted as given.
//!   - [`TopsisNormalisation::MinMax`]: direction-aware min-max onto [0, 1]
//!     (1 = best), as pymcdm's `TOPSIS()` default; then every criterion is
//!     "higher is better". A constant column becomes all 1 (no effect).
//! - Distances are Euclidean: `D⁺_i = ‖v_i − ideal‖`, `D⁻_i = ‖v_i − anti‖`.
//! - Closeness `C_i = D⁻_i / (D⁺_i + D⁻_i)` ∈ [0, 1], 1 = the ideal.
//! - If `D⁺_i + D⁻_i = 0` (every weighted criterion is constant, e.g. all
//!   alternatives equal, or all weights 0) the alternative is neither better
//!   nor worse than any other and `C_i = 0.5`.
//! - Weights need not sum to 1: scaling all weights scales both distances
//!   alike and leaves `C` unchanged.

use crate::indicators::Direction;

use super::matrix::{self, WeightError};

/// How the decision matrix is normalised before weighting (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopsisNormalisation {
    /// `x / ‖x‖₂` per column (Hwang & Yoon).
    #[default]
    Vector,
    /// Direction-aware min-max onto [0, 1] (pymcdm's default).
    MinMax,
}

/// Closeness coefficient of each alternative (row), each in [0, 1].
pub fn topsis(
    matrix: &[Vec<f64>],
    weights: &[f64],
    directions: &[Direction],
    normalisation: TopsisNormalisation,
) -> Result<Vec<f64>, WeightError> {
    let columns = matrix::columns(matrix, 1)?;
    matrix::check_directions(directions, columns.len())?;
    matrix::check_weights(weights, columns.len())?;
    // C is unchanged by scaling all weights; scaling to max 1 keeps squares finite.
    let largest = weights.iter().copied().fold(0.0, f64::max);
    let weights: Vec<f64> = weights
        .iter()
        .map(|w| if largest > 0.0 { w / largest } else { 0.0 })
        .collect();
    let rows = matrix.len();
    let mut d_plus = vec![0.0; rows];
    let mut d_minus = vec![0.0; rows];
    for ((column, &w), &direction) in columns.iter().zip(&weights).zip(directions) {
        let (r, higher_is_better) = normalise(column, direction, normalisation);
        let v: Vec<f64> = r.iter().map(|x| w * x).collect();
        let Some((lo, hi)) = matrix::min_max(&v) else {
            continue;
        };
        let (ideal, anti) = if higher_is_better { (hi, lo) } else { (lo, hi) };
        for ((x, dp), dm) in v.iter().zip(d_plus.iter_mut()).zip(d_minus.iter_mut()) {
            *dp += (x - ideal) * (x - ideal);
            *dm += (x - anti) * (x - anti);
        }
    }
    Ok(d_plus
        .into_iter()
        .zip(d_minus)
        .map(|(p, m)| closeness(p.sqrt(), m.sqrt()))
        .collect())
}

/// The normalised column and whether larger normalised values are better.
fn normalise(
    column: &[f64],
    direction: Direction,
    normalisation: TopsisNormalisation,
) -> (Vec<f64>, bool) {
    match normalisation {
        TopsisNormalisation::Vector => {
            // Divide by the largest magnitude first so the squares cannot overflow.
            let scale = column.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
            let r = if scale > 0.0 {
                let scaled: Vec<f64> = column.iter().map(|x| x / scale).collect();
                let norm = scaled.iter().map(|x| x * x).sum::<f64>().sqrt();
                scaled.iter().map(|x| x / norm).collect()
            } else {
                vec![0.0; column.len()]
            };
            (r, direction == Direction::Up)
        }
        TopsisNormalisation::MinMax => (
            matrix::min_max_normalise(column, direction).unwrap_or_else(|| vec![1.0; column.len()]),
            true,
        ),
    }
}

/// `D⁻ / (D⁺ + D⁻)`, 0.5 when both are 0, clamped to [0, 1] against rounding.
fn closeness(d_plus: f64, d_minus: f64) -> f64 {
    let total = d_plus + d_minus;
    if total > 0.0 {
        (d_minus / total).clamp(0.0, 1.0)
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Down, Up};

    #[test]
    fn equal_alternatives_get_one_half() {
        let m = [vec![3.0, 2.0], vec![3.0, 2.0], vec![3.0, 2.0]];
        for norm in [TopsisNormalisation::Vector, TopsisNormalisation::MinMax] {
            assert_eq!(
                topsis(&m, &[0.5, 0.5], &[Up, Down], norm).unwrap(),
                vec![0.5; 3]
            );
        }
    }

    #[test]
    fn dominant_alternative_is_ideal() {
        let m = [vec![10.0, 1.0], vec![5.0, 3.0], vec![1.0, 9.0]];
        let c = topsis(&m, &[1.0, 1.0], &[Up, Down], TopsisNormalisation::Vector).unwrap();
        assert_eq!((c[0], c[2]), (1.0, 0.0));
    }

    #[test]
    fn weight_scale_does_not_matter() {
        let m = [vec![1.0, 4.0], vec![2.0, 3.0], vec![5.0, 1.0]];
        let a = topsis(&m, &[0.3, 0.7], &[Up, Up], TopsisNormalisation::Vector).unwrap();
        let b = topsis(&m, &[3.0, 7.0], &[Up, Up], TopsisNormalisation::Vector).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-12);
        }
    }

    #[test]
    fn input_errors() {
        let m = [vec![1.0, 2.0]];
        assert!(matches!(
            topsis(&m, &[1.0], &[Up, Up], TopsisNormalisation::Vector),
            Err(WeightError::WeightCount {
                weights: 1,
                criteria: 2
            })
        ));
        assert!(matches!(
            topsis(
                &m,
                &[1.0, f64::INFINITY],
                &[Up, Up],
                TopsisNormalisation::Vector
            ),
            Err(WeightError::BadWeight { index: 1, .. })
        ));
        assert!(matches!(
            topsis(&[], &[], &[], TopsisNormalisation::Vector),
            Err(WeightError::TooFewAlternatives { rows: 0, min: 1 })
        ));
    }
}
