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

/// Why the operating system would not read a file, in both languages:
/// the common reasons in words, any other as the system says it.
pub fn io_reason(e: &std::io::Error) -> (String, String) {
    use std::io::ErrorKind;
    if let Some(r) = e
        .get_ref()
        .and_then(|r| r.downcast_ref::<crate::files::Refused>())
    {
        return (r.zh.to_string(), r.en.to_string());
    }
    let (zh, en) = match e.kind() {
        ErrorKind::NotFound => ("文件不存在", "no such file"),
        ErrorKind::PermissionDenied => (
            "没有读取权限，请检查文件权限或换一个账户运行",
            "permission denied; check its permissions or run as another user",
        ),
        ErrorKind::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        _ => return (e.to_string(), e.to_string()),
    };
    (zh.to_string(), en.to_string())
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

/// An English count with its noun, singular for one: `1 warning`,
/// `10 warnings`. For nouns that take a plain `s` (row, error, warning,
/// file, sheet); Chinese needs no such form.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
