//! Combination weighting (组合赋权): merge subjective weights (AHP, the
//! indicator file) with objective weights (entropy, CRITIC).
//!
//! Why: subjective weights carry policy intent but can ignore what the data
//! show; objective weights follow the data but can reward noise. A stated
//! blend keeps both visible and auditable.
//!
//! Conventions:
//! - Both inputs must have the same length, be finite and non-negative, and
//!   have a positive sum. Each is first normalised to sum 1, so the blend
//!   does not depend on whether a source was given in points (e.g. 7 of 100)
//!   or in shares.
//! - Linear form ([`combine_linear`]): `w_j = α·s_j + (1 − α)·o_j` with the
//!   coefficient `α ∈ [0, 1]` (α = 1: subjective only; α = 0: objective
//!   only), then renormalised to sum 1 (a no-op up to rounding).
//! - Multiplicative form ([`combine_multiplicative`]):
//!   `w_j = s_j·o_j / Σ_k s_k·o_k`. A criterion either source gives 0 gets 0;
//!   if every product is 0 the sources disagree completely and
//!   [`WeightError::ZeroTotal`] is returned.

use super::matrix::{self, WeightError};

/// `α·subjective + (1 − α)·objective`, each normalised first, result sums to 1.
pub fn combine_linear(
    subjective: &[f64],
    objective: &[f64],
    alpha: f64,
) -> Result<Vec<f64>, WeightError> {
    if !(0.0..=1.0).contains(&alpha) {
        return Err(WeightError::AlphaOutOfRange { alpha });
    }
    let (s, o) = normalised_pair(subjective, objective)?;
    let blended = s
        .iter()
        .zip(&o)
        .map(|(s, o)| alpha * s + (1.0 - alpha) * o)
        .collect();
    matrix::normalise_sum(blended)
}

/// `s_j·o_j / Σ s_k·o_k`, each source normalised first.
pub fn combine_multiplicative(
    subjective: &[f64],
    objective: &[f64],
) -> Result<Vec<f64>, WeightError> {
    let (s, o) = normalised_pair(subjective, objective)?;
    matrix::normalise_sum(s.iter().zip(&o).map(|(s, o)| s * o).collect())
}

fn normalised_pair(
    subjective: &[f64],
    objective: &[f64],
) -> Result<(Vec<f64>, Vec<f64>), WeightError> {
    matrix::check_weights(subjective, subjective.len())?;
    matrix::check_weights(objective, subjective.len())?;
    if subjective.is_empty() {
        return Err(WeightError::NoCriteria);
    }
    Ok((
        matrix::normalise_sum(subjective.to_vec())?,
        matrix::normalise_sum(objective.to_vec())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_blend_of_points_and_shares() {
        // Subjective in points (sum 20), objective in shares.
        let w = combine_linear(&[10.0, 10.0], &[0.2, 0.8], 0.5).unwrap();
        assert!((w[0] - 0.35).abs() < 1e-12 && (w[1] - 0.65).abs() < 1e-12);
        assert_eq!(
            combine_linear(&[1.0, 3.0], &[0.5, 0.5], 1.0).unwrap(),
            vec![0.25, 0.75]
        );
    }

    #[test]
    fn multiplicative_blend() {
        let w = combine_multiplicative(&[0.5, 0.5], &[0.2, 0.8]).unwrap();
        assert!((w[0] - 0.2).abs() < 1e-12);
        assert_eq!(
            combine_multiplicative(&[1.0, 0.0], &[0.0, 1.0]),
            Err(WeightError::ZeroTotal)
        );
    }

    #[test]
    fn input_errors() {
        assert!(matches!(
            combine_linear(&[1.0], &[1.0], 1.5),
            Err(WeightError::AlphaOutOfRange { .. })
        ));
        assert!(matches!(
            combine_linear(&[1.0], &[1.0], f64::NAN),
            Err(WeightError::AlphaOutOfRange { .. })
        ));
        assert!(matches!(
            combine_linear(&[1.0, 2.0], &[1.0], 0.5),
            Err(WeightError::WeightCount {
                weights: 1,
                criteria: 2
            })
        ));
        assert!(matches!(
            combine_linear(&[1.0, -2.0], &[1.0, 1.0], 0.5),
            Err(WeightError::BadWeight { index: 1, .. })
        ));
        assert_eq!(
            combine_linear(&[0.0], &[1.0], 0.5),
            Err(WeightError::ZeroTotal)
        );
        assert_eq!(combine_linear(&[], &[], 0.5), Err(WeightError::NoCriteria));
    }
}
