//! Checks and helpers shared by the decision-matrix methods (entropy, CRITIC,
//! TOPSIS, combination).
//!
//! A decision matrix is `&[Vec<f64>]` with one row per alternative (partner)
//! and one column per criterion (indicator). Every method checks its input
//! here first, so the arithmetic afterwards can rely on a rectangular matrix
//! of finite numbers and never index out of bounds.

use std::fmt;

use crate::indicators::Direction;

/// Why a weighting or ranking method refused its input.
///
/// Rows and columns are 0-based, as in the slices the caller passed.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightError {
    /// Fewer alternatives (rows) than the method needs.
    TooFewAlternatives { rows: usize, min: usize },
    /// The matrix has rows but no columns.
    NoCriteria,
    /// Row `row` has `len` entries where the first row has `expected`.
    Ragged {
        row: usize,
        len: usize,
        expected: usize,
    },
    /// A NaN or infinite entry.
    NotFinite { row: usize, col: usize },
    /// A negative entry where the convention needs non-negative values.
    Negative { row: usize, col: usize, value: f64 },
    /// One direction per criterion is needed.
    DirectionCount { directions: usize, criteria: usize },
    /// One weight per criterion is needed (or two weight vectors differ in length).
    WeightCount { weights: usize, criteria: usize },
    /// A weight that is negative, NaN or infinite.
    BadWeight { index: usize, value: f64 },
    /// Every criterion is constant: the data say nothing about weights.
    /// The caller chooses the fallback (e.g. the subjective weights).
    AllColumnsConstant,
    /// The combination coefficient is outside `[0, 1]` (or NaN).
    AlphaOutOfRange { alpha: f64 },
    /// Weights that sum to zero cannot be normalised.
    ZeroTotal,
}

impl fmt::Display for WeightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewAlternatives { rows, min } => {
                write!(f, "{rows} alternative(s); the method needs at least {min}")
            }
            Self::NoCriteria => write!(f, "the decision matrix has no criteria (columns)"),
            Self::Ragged { row, len, expected } => write!(
                f,
                "row {row} has {len} entries, the first row has {expected}"
            ),
            Self::NotFinite { row, col } => {
                write!(f, "entry ({row}, {col}) is not a finite number")
            }
            Self::Negative { row, col, value } => write!(
                f,
                "entry ({row}, {col}) = {value} is negative; this normalisation needs values ≥ 0"
            ),
            Self::DirectionCount {
                directions,
                criteria,
            } => write!(f, "{directions} direction(s) for {criteria} criteria"),
            Self::WeightCount { weights, criteria } => {
                write!(f, "{weights} weight(s) for {criteria} criteria")
            }
            Self::BadWeight { index, value } => {
                write!(f, "weight {index} = {value} is not a finite number ≥ 0")
            }
            Self::AllColumnsConstant => write!(
                f,
                "every criterion has the same value for all alternatives; no objective weights exist"
            ),
            Self::AlphaOutOfRange { alpha } => {
                write!(f, "combination coefficient α = {alpha} is outside [0, 1]")
            }
            Self::ZeroTotal => write!(f, "the weights sum to zero and cannot be normalised"),
        }
    }
}

impl std::error::Error for WeightError {}

/// Checks shape and finiteness and returns the matrix as columns
/// (`columns[j][i]` = alternative `i` on criterion `j`).
pub(crate) fn columns(matrix: &[Vec<f64>], min_rows: usize) -> Result<Vec<Vec<f64>>, WeightError> {
    if matrix.len() < min_rows.max(1) {
        return Err(WeightError::TooFewAlternatives {
            rows: matrix.len(),
            min: min_rows.max(1),
        });
    }
    let width = matrix.first().map_or(0, Vec::len);
    if width == 0 {
        return Err(WeightError::NoCriteria);
    }
    let mut cols = vec![Vec::with_capacity(matrix.len()); width];
    for (row, values) in matrix.iter().enumerate() {
        if values.len() != width {
            return Err(WeightError::Ragged {
                row,
                len: values.len(),
                expected: width,
            });
        }
        for (col, (&value, column)) in values.iter().zip(cols.iter_mut()).enumerate() {
            if !value.is_finite() {
                return Err(WeightError::NotFinite { row, col });
            }
            column.push(value);
        }
    }
    Ok(cols)
}

/// Fails unless there is exactly one direction per criterion.
pub(crate) fn check_directions(
    directions: &[Direction],
    criteria: usize,
) -> Result<(), WeightError> {
    if directions.len() == criteria {
        Ok(())
    } else {
        Err(WeightError::DirectionCount {
            directions: directions.len(),
            criteria,
        })
    }
}

/// Fails unless there is one finite, non-negative weight per criterion.
pub(crate) fn check_weights(weights: &[f64], criteria: usize) -> Result<(), WeightError> {
    if weights.len() != criteria {
        return Err(WeightError::WeightCount {
            weights: weights.len(),
            criteria,
        });
    }
    match weights
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite() || **w < 0.0)
    {
        Some((index, &value)) => Err(WeightError::BadWeight { index, value }),
        None => Ok(()),
    }
}

/// Smallest and largest value of a non-empty column (`None` if empty).
pub(crate) fn min_max(column: &[f64]) -> Option<(f64, f64)> {
    let first = *column.first()?;
    Some(
        column
            .iter()
            .fold((first, first), |(lo, hi), &x| (lo.min(x), hi.max(x))),
    )
}

/// Whether every entry of the column equals the first (exact comparison:
/// a column is constant only if the data are literally equal).
pub(crate) fn is_constant(column: &[f64]) -> bool {
    min_max(column).is_none_or(|(lo, hi)| lo == hi)
}

/// Min-max normalisation respecting direction, onto `[0, 1]` with 1 = best:
/// `(x − min)/(max − min)` for [`Direction::Up`], `(max − x)/(max − min)`
/// for [`Direction::Down`]. `None` for a constant column (no range).
pub(crate) fn min_max_normalise(column: &[f64], direction: Direction) -> Option<Vec<f64>> {
    let (lo, hi) = min_max(column)?;
    if hi <= lo {
        return None;
    }
    // Halve first when the range overflows f64 (e.g. ±1e308); the ratio is the same.
    let s = if (hi - lo).is_finite() { 1.0 } else { 0.5 };
    let range = hi * s - lo * s;
    Some(
        column
            .iter()
            .map(|&x| match direction {
                Direction::Up => (x * s - lo * s) / range,
                Direction::Down => (hi * s - x * s) / range,
            })
            .map(|v| v.clamp(0.0, 1.0))
            .collect(),
    )
}

/// Divides non-negative values by their sum; `Err(ZeroTotal)` if the sum is
/// not positive. Values are first divided by the largest one, so the sum
/// cannot overflow.
pub(crate) fn normalise_sum(values: Vec<f64>) -> Result<Vec<f64>, WeightError> {
    let largest = values.iter().copied().fold(0.0, f64::max);
    if largest <= 0.0 || !largest.is_finite() {
        return Err(WeightError::ZeroTotal);
    }
    let values: Vec<f64> = values.into_iter().map(|v| v / largest).collect();
    let total: f64 = values.iter().sum();
    if total > 0.0 && total.is_finite() {
        Ok(values.into_iter().map(|v| v / total).collect())
    } else {
        Err(WeightError::ZeroTotal)
    }
}
