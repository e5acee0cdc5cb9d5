//! Renderers: they read the scored [`Evaluation`](crate::score::Evaluation)
//! and write it out; none of them computes a score.

pub mod csv;
pub mod explain;
pub mod gap_words;
pub mod pdf;
pub mod template;
pub mod terminal;
pub mod weight_words;
pub mod xlsx;

use std::path::Path;

use crate::atomic::write_atomic_with;
use crate::score::Evaluation;

/// Writes results.json: the complete scored result, versioned
/// (`schema_version`), with every value, input, flag, reason and rank.
/// Streamed to the file: a city's is over a gigabyte.
pub fn write_json(path: &Path, eval: &Evaluation) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, eval).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}
