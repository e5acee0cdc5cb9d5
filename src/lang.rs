//! The language of every message and report.
//!
//! Chinese is the default because the people who run partner-eval are
//! community and street-office staff; English exists for evaluators and
//! reviewers who do not read Chinese.

use serde::{Deserialize, Serialize};

/// Output language, chosen with `--lang zh|en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 简体中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    ///
    /// Messages are written as pairs at the place they are raised so that the
    /// two languages never drift apart.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
