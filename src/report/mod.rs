//! Renderers: they read the scored [`Evaluation`](crate::score::Evaluation)
//! and write it out; none of them computes a score.

pub mod csv;
pub mod explain;
pub mod pdf;
pub mod template;
pub mod terminal;
pub mod xlsx;

use std::path::Path;

use crate::atomic::write_atomic;
use crate::score::Evaluation;

/// Writes results.json: the complete scored result, versioned
/// (`schema_version`), with every value, input, flag, reason and rank.
pub fn write_json(path: &Path, eval: &Evaluation) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(eval).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    write_atomic(path, &bytes)
}
