//! Weighting, ranking and small-sample mathematics (issue 6), on `f64`,
//! without I/O.
//!
//! The engine scores each partner against fixed goalposts (DOMAIN.md §3.1).
//! This module supplies the pieces for choosing and testing the weights
//! behind those scores, and for reading survey rates fairly:
//!
//! - [`ahp`]: subjective weights from a pairwise comparison matrix, with
//!   Saaty's consistency ratio; inconsistent judgements (CR ≥ 0.10) are
//!   refused, naming the worst pair.
//! - [`entropy`]: objective weights by the entropy weight method (熵权法).
//! - [`critic`]: objective weights by CRITIC (contrast and conflict).
//! - [`combine`]: combination weighting (组合赋权) of a subjective and an
//!   objective vector, linear with a stated α or multiplicative.
//! - [`topsis`]: closeness coefficients ranking partners under a weight
//!   vector (used by the Monte Carlo weight-sensitivity check).
//! - [`small_sample`]: Wilson lower bound and Beta-posterior quantile for a
//!   satisfaction rate from few responses.
//!
//! Shared conventions: a decision matrix is `&[Vec<f64>]`, one row per
//! alternative (partner) and one column per criterion (indicator); criterion
//! directions use the engine's own [`Direction`] (`Up` = higher is better).
//! Every function validates its input and returns a typed error instead of
//! panicking; every weight vector returned is finite, non-negative and sums
//! to 1. Each file states its conventions and the published example it is
//! tested against (tests/weighting.rs).
//!
//! [`Direction`]: crate::indicators::Direction

pub mod ahp;
pub mod combine;
pub mod critic;
pub mod entropy;
mod matrix;
pub mod small_sample;
pub mod topsis;

pub use ahp::{
    ahp_eigen, ahp_eigen_with, ahp_weights, ahp_weights_with, random_index, Ahp, AhpError,
    PairDeviation, RandomIndexTable,
};
pub use combine::{combine_linear, combine_multiplicative};
pub use critic::critic_weights;
pub use entropy::{entropy_weights, EntropyNormalisation};
pub use matrix::WeightError;
pub use small_sample::{beta_lower_quantile, wilson_lower_bound, SmallSampleError};
pub use topsis::{topsis, TopsisNormalisation};
