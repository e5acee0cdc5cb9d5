//! CRITIC weights (CRiteria Importance Through Intercriteria Correlation;
//! Diakoulaki, Mavrotas & Papayannakis 1995, *Computers & Operations
//! Research* 22(7): 763–770).
//!
//! Why: entropy looks at each criterion alone. CRITIC also rewards a
//! criterion that disagrees with the others (low correlation), so two
//! indicators measuring nearly the same thing do not both get a large weight.
//!
//! Conventions (m alternatives, criterion j):
//! - Min-max normalisation respecting direction, onto [0, 1] with 1 = best:
//!   `(x − min)/(max − min)` for ↑ ([`Direction::Up`]) and
//!   `(max − x)/(max − min)` for ↓ ([`Direction::Down`]). Direction changes
//!   the sign of correlations, hence the weights.
//! - `σ_j` is the sample standard deviation (divisor m − 1), as in pymcdm's
//!   `critic_weights`. The divisor cancels in `C_j / Σ C`, so population σ
//!   would give the same weights.
//! - `r_jk` is Pearson's correlation of the normalised columns, clamped to
//!   [−1, 1] against rounding.
//! - `C_j = σ_j · Σ_k (1 − r_jk)`; weights `w_j = C_j / Σ C`.
//! - Constant columns: σ = 0 and the correlation with them is undefined.
//!   Such a column gets weight 0 and is left out of the other columns'
//!   sums, so the remaining weights are exactly those of the matrix without
//!   it (adding a constant indicator changes nothing).
//! - If every column is constant: [`WeightError::AllColumnsConstant`].
//!   If the informative columns have no conflict at all (only one of them,
//!   or all perfectly positively correlated) every `C_j` is 0; they then
//!   share the weight equally, since the data cannot rank them.
//! - At least 2 alternatives are needed.

use crate::indicators::Direction;

use super::matrix::{self, WeightError};

/// CRITIC weights, one per column, non-negative and summing to 1.
pub fn critic_weights(
    matrix: &[Vec<f64>],
    directions: &[Direction],
) -> Result<Vec<f64>, WeightError> {
    let columns = matrix::columns(matrix, 2)?;
    matrix::check_directions(directions, columns.len())?;
    let normalised: Vec<Option<Vec<f64>>> = columns
        .iter()
        .zip(directions)
        .map(|(column, &direction)| matrix::min_max_normalise(column, direction))
        .collect();
    let informative: Vec<&Vec<f64>> = normalised.iter().flatten().collect();
    if informative.is_empty() {
        return Err(WeightError::AllColumnsConstant);
    }
    let scores: Vec<f64> = normalised
        .iter()
        .map(|column| match column {
            Some(x) => {
                let conflict: f64 = informative.iter().map(|y| 1.0 - pearson(x, y)).sum();
                sample_sd(x) * conflict
            }
            None => 0.0,
        })
        .collect();
    matrix::normalise_sum(scores).or_else(|_| {
        let share = 1.0 / informative.len() as f64;
        Ok(normalised
            .iter()
            .map(|c| if c.is_some() { share } else { 0.0 })
            .collect())
    })
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len().max(1) as f64
}

/// Sample standard deviation (divisor n − 1); 0 for fewer than 2 values.
fn sample_sd(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let m = mean(x);
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    (ss / (x.len() - 1) as f64).sqrt()
}

/// Pearson correlation, clamped to [−1, 1]; 0 if either column has no spread.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    let denominator = (sxx * syy).sqrt();
    if denominator > 0.0 {
        (sxy / denominator).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Down, Up};

    #[test]
    fn constant_column_changes_nothing_else() {
        let base = [
            vec![1.0, 5.0],
            vec![2.0, 3.0],
            vec![4.0, 4.0],
            vec![3.0, 1.0],
        ];
        let with: Vec<Vec<f64>> = base.iter().map(|r| vec![r[0], 7.0, r[1]]).collect();
        let w0 = critic_weights(&base, &[Up, Down]).unwrap();
        let w1 = critic_weights(&with, &[Up, Up, Down]).unwrap();
        assert_eq!(w1[1], 0.0);
        assert!((w0[0] - w1[0]).abs() < 1e-12 && (w0[1] - w1[2]).abs() < 1e-12);
    }

    #[test]
    fn no_conflict_shares_equally() {
        let m = [vec![1.0, 2.0, 9.0], vec![2.0, 4.0, 9.0]];
        assert_eq!(
            critic_weights(&m, &[Up, Up, Up]).unwrap(),
            vec![0.5, 0.5, 0.0]
        );
        let m = [vec![1.0, 9.0], vec![2.0, 9.0]];
        assert_eq!(critic_weights(&m, &[Down, Up]).unwrap(), vec![1.0, 0.0]);
    }

    #[test]
    fn all_constant_is_an_error() {
        let m = [vec![1.0, 2.0], vec![1.0, 2.0]];
        assert_eq!(
            critic_weights(&m, &[Up, Up]),
            Err(WeightError::AllColumnsConstant)
        );
    }

    #[test]
    fn direction_flips_correlation() {
        let x = [0.0, 0.5, 1.0];
        let y = [1.0, 0.5, 0.0];
        assert_eq!(pearson(&x, &y), -1.0);
        assert_eq!(pearson(&x, &x), 1.0);
    }
}
