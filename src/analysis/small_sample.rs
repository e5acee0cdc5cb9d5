//! Fair satisfaction rates from few survey responses.
//!
//! Why: 9 satisfied out of 10 (90 %) is weaker evidence than 270 of 300
//! (90 %). Ranking partners by the raw rate rewards small samples by luck.
//! A lower confidence bound discounts a rate by how little evidence stands
//! behind it, so small samples are not over-trusted.
//!
//! Two estimators; both return `Ok(None)` for n = 0 (no evidence, no rate):
//! - [`wilson_lower_bound`]: lower end of the two-sided Wilson (1927) score
//!   interval at the stated `confidence` (e.g. 0.95 → z = Φ⁻¹(0.975) ≈ 1.96,
//!   from `statrs::distribution::Normal`). Closed form, no prior, and the
//!   interval recommended by Newcombe (1998) and Brown, Cai & DasGupta
//!   (2001); matches R `binom::binom.confint(method = "wilson")`.
//! - [`beta_lower_quantile`]: the `quantile` of the Beta posterior
//!   `Beta(α + s, β + n − s)` under a `Beta(α, β)` prior, via statrs'
//!   `Beta::inverse_cdf`. With α = β = 0.5 (Jeffreys) at quantile 0.025 this
//!   is the lower Jeffreys limit; with α = 0, β = 1 it is the exact
//!   Clopper–Pearson lower limit.
//!
//! Which one a report names: the default is the Wilson lower bound, printed
//! as e.g. "满意率下限 (Wilson, 95%, n = 12)", because it needs no prior that
//! someone must justify. The Beta quantile is used only when the indicator
//! file sets a prior; the report must then print the prior (α, β) and the
//! quantile next to the figure.
//!
//! Numerical guards (statrs 0.19's inverse Beta can panic or never return in
//! extreme tails, statrs issue #435):
//! - `quantile` is clamped to `[1e-4, 0.9999]` ([`QUANTILE_CLAMP`] from each end).
//! - A posterior shape of exactly 0 (prior α = 0 with s = 0, or prior β = 0
//!   with s = n) is a point mass: the result is 0 or 1.
//! - Other shapes must lie in `[0.5, 1e5]` ([`MIN_SHAPE`], [`MAX_SHAPE`]);
//!   outside it statrs 0.19's inverse was measured to be inaccurate (or, for
//!   large n, the Wilson bound is the better tool anyway).

use std::fmt;

use statrs::distribution::{Beta, ContinuousCDF, Normal};

/// The Beta quantile is clamped to `[QUANTILE_CLAMP, 1 − QUANTILE_CLAMP]`.
pub const QUANTILE_CLAMP: f64 = 1e-4;
/// Smallest positive posterior shape accepted.
pub const MIN_SHAPE: f64 = 0.5;
/// Largest posterior shape accepted.
pub const MAX_SHAPE: f64 = 1e5;

/// Why a small-sample estimate was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum SmallSampleError {
    SuccessesExceedN {
        successes: u64,
        n: u64,
    },
    /// The confidence level must lie strictly between 0 and 1.
    ConfidenceOutOfRange {
        confidence: f64,
    },
    /// The quantile must lie strictly between 0 and 1.
    QuantileOutOfRange {
        quantile: f64,
    },
    /// Prior parameters must be finite and ≥ 0.
    BadPrior {
        alpha: f64,
        beta: f64,
    },
    /// A posterior shape outside [`MIN_SHAPE`]…[`MAX_SHAPE`] (and not 0).
    ShapeOutOfRange {
        shape: f64,
    },
    /// statrs refused a distribution or quantile (should not happen after the checks).
    Distribution,
}

impl fmt::Display for SmallSampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SuccessesExceedN { successes, n } => {
                write!(f, "{successes} successes out of only {n} responses")
            }
            Self::ConfidenceOutOfRange { confidence } => {
                write!(f, "confidence {confidence} is not strictly between 0 and 1")
            }
            Self::QuantileOutOfRange { quantile } => {
                write!(f, "quantile {quantile} is not strictly between 0 and 1")
            }
            Self::BadPrior { alpha, beta } => {
                write!(f, "prior Beta({alpha}, {beta}) needs finite α, β ≥ 0")
            }
            Self::ShapeOutOfRange { shape } => write!(
                f,
                "posterior shape {shape} is outside [{MIN_SHAPE}, {MAX_SHAPE}], where the Beta quantile is reliable"
            ),
            Self::Distribution => write!(f, "the statistics library refused the computation"),
        }
    }
}

impl std::error::Error for SmallSampleError {}

/// Lower end of the two-sided Wilson score interval; `Ok(None)` if `n = 0`.
///
/// `(p̂ + z²/2n − z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, with
/// `z = Φ⁻¹(1 − (1 − confidence)/2)`, clamped to [0, 1].
pub fn wilson_lower_bound(
    successes: u64,
    n: u64,
    confidence: f64,
) -> Result<Option<f64>, SmallSampleError> {
    check_counts(successes, n)?;
    if !open_unit(confidence) {
        return Err(SmallSampleError::ConfidenceOutOfRange { confidence });
    }
    if n == 0 {
        return Ok(None);
    }
    let normal = Normal::new(0.0, 1.0).map_err(|_| SmallSampleError::Distribution)?;
    let z = normal
        .try_inverse_cdf(1.0 - (1.0 - confidence) / 2.0)
        .map_err(|_| SmallSampleError::Distribution)?;
    let (s, n) = (successes as f64, n as f64);
    let p = s / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Ok(Some(((centre - spread) / (1.0 + z2 / n)).clamp(0.0, 1.0)))
}

/// `quantile` of the posterior `Beta(α + s, β + n − s)`; `Ok(None)` if `n = 0`.
pub fn beta_lower_quantile(
    successes: u64,
    n: u64,
    prior_alpha: f64,
    prior_beta: f64,
    quantile: f64,
) -> Result<Option<f64>, SmallSampleError> {
    check_counts(successes, n)?;
    if !open_unit(quantile) {
        return Err(SmallSampleError::QuantileOutOfRange { quantile });
    }
    let prior_ok = |x: f64| x.is_finite() && x >= 0.0;
    if !(prior_ok(prior_alpha) && prior_ok(prior_beta)) {
        return Err(SmallSampleError::BadPrior {
            alpha: prior_alpha,
            beta: prior_beta,
        });
    }
    if n == 0 {
        return Ok(None);
    }
    let a = prior_alpha + successes as f64;
    let b = prior_beta + (n - successes) as f64;
    if a == 0.0 {
        return Ok(Some(0.0));
    }
    if b == 0.0 {
        return Ok(Some(1.0));
    }
    for shape in [a, b] {
        if !(MIN_SHAPE..=MAX_SHAPE).contains(&shape) {
            return Err(SmallSampleError::ShapeOutOfRange { shape });
        }
    }
    let p = quantile.clamp(QUANTILE_CLAMP, 1.0 - QUANTILE_CLAMP);
    let posterior = Beta::new(a, b).map_err(|_| SmallSampleError::Distribution)?;
    let x = posterior
        .try_inverse_cdf(p)
        .map_err(|_| SmallSampleError::Distribution)?;
    Ok(Some(x.clamp(0.0, 1.0)))
}

/// Strictly between 0 and 1 (false for NaN).
fn open_unit(x: f64) -> bool {
    x > 0.0 && x < 1.0
}

fn check_counts(successes: u64, n: u64) -> Result<(), SmallSampleError> {
    if successes > n {
        Err(SmallSampleError::SuccessesExceedN { successes, n })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_responses_give_none() {
        assert_eq!(wilson_lower_bound(0, 0, 0.95), Ok(None));
        assert_eq!(beta_lower_quantile(0, 0, 0.5, 0.5, 0.025), Ok(None));
    }

    #[test]
    fn fewer_responses_are_discounted_more() {
        let small = wilson_lower_bound(9, 10, 0.95).unwrap().unwrap();
        let large = wilson_lower_bound(270, 300, 0.95).unwrap().unwrap();
        assert!(small < large && large < 0.9);
    }

    #[test]
    fn point_masses_and_errors() {
        assert_eq!(beta_lower_quantile(0, 5, 0.0, 1.0, 0.025), Ok(Some(0.0)));
        assert_eq!(beta_lower_quantile(5, 5, 1.0, 0.0, 0.025), Ok(Some(1.0)));
        assert!(matches!(
            wilson_lower_bound(3, 2, 0.95),
            Err(SmallSampleError::SuccessesExceedN { .. })
        ));
        assert!(matches!(
            wilson_lower_bound(1, 2, 1.0),
            Err(SmallSampleError::ConfidenceOutOfRange { .. })
        ));
        assert!(matches!(
            beta_lower_quantile(1, 2, -1.0, 1.0, 0.05),
            Err(SmallSampleError::BadPrior { .. })
        ));
        assert!(matches!(
            beta_lower_quantile(0, 2, 0.1, 1.0, 0.05),
            Err(SmallSampleError::ShapeOutOfRange { .. })
        ));
        assert!(matches!(
            beta_lower_quantile(1, 2, 1.0, 1.0, f64::NAN),
            Err(SmallSampleError::QuantileOutOfRange { .. })
        ));
    }
}
