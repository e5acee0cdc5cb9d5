//! Renderers: they read the scored [`Evaluation`](crate::score::Evaluation)
//! and write it out; none of them computes a score.

pub mod csv;
pub mod explain;
pub mod file_names;
pub mod gap_words;
pub mod pdf;
pub mod template;
pub mod terminal;
pub mod weight_words;
pub mod xlsx;

use std::path::Path;

use crate::atomic::write_atomic_with;
use crate::score::Evaluation;

/// A flag's level in words, saying when a red came from last period's
/// yellow (DOMAIN §3.10 R6): 黄牌, 红牌, 红牌（上期黄牌升级）. None for a
/// flag without a level. Every list of flags reads it from here, so the
/// workbook and both PDFs say the same.
pub fn flag_level(f: &crate::score::FlagResult, lang: crate::lang::Lang) -> Option<&'static str> {
    use crate::schema::enums::WarningLevel;
    Some(match f.level? {
        WarningLevel::Yellow => lang.pick("黄牌", "yellow"),
        WarningLevel::Red if f.escalated_from_prior_yellow => escalated_red(lang),
        WarningLevel::Red => lang.pick("红牌", "red"),
    })
}

/// The words of a red flag escalated from last period's yellow.
pub fn escalated_red(lang: crate::lang::Lang) -> &'static str {
    lang.pick(
        "红牌（上期黄牌升级）",
        "red (escalated from last period's yellow)",
    )
}

/// Writes results.json: the complete scored result, versioned
/// (`schema_version`), with every value, input, flag, reason and rank.
/// Streamed to the file: a city's is over a gigabyte.
pub fn write_json(path: &Path, eval: &Evaluation) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, eval).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}
