//! Errors in an indicator file, with line and column.

use crate::lang::Lang;

/// One problem in an indicator file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub zh: String,
    pub en: String,
}

/// Why an indicator set file could not be used: the file itself could not
/// be read (named with the reason in words, not with a line and column it
/// does not have), or it holds mistakes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Io {
        file: String,
        zh: String,
        en: String,
    },
    Set(Vec<SetError>),
}

impl FileError {
    /// One line per problem, in the user's language, without `错误：`.
    pub fn messages(&self, lang: Lang) -> Vec<String> {
        match self {
            FileError::Io { file, zh, en } => vec![match lang {
                Lang::Zh => format!("无法读取指标体系文件 {file}：{zh}"),
                Lang::En => format!("cannot read the indicator set file {file}: {en}"),
            }],
            FileError::Set(errors) => errors.iter().map(|e| e.message(lang)).collect(),
        }
    }

    /// A file the operating system would not read.
    pub(super) fn io(file: String, e: &std::io::Error) -> FileError {
        let (zh, en) = crate::lang::io_reason(e);
        FileError::Io { file, zh, en }
    }
}

impl SetError {
    /// `my.toml:12:9: 未知的名称「partcipants」…`, as compilers print it.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file,
            self.line,
            self.column,
            lang.pick(&self.zh, &self.en)
        )
    }
}

/// Maps byte offsets of the file to line and column (both 1-based, columns
/// counted in characters as an editor shows them).
pub struct Positions<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Positions<'_> {
    pub fn at(&self, byte: usize, zh: String, en: String) -> SetError {
        let byte = byte.min(self.text.len());
        let before = &self.text[..floor_char(self.text, byte)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        SetError {
            file: self.file.to_string(),
            line,
            column,
            zh,
            en,
        }
    }

    /// The byte offset of character `chars` inside a string value that starts
    /// (with its opening quote) at byte `start`.
    pub fn inside(&self, start: usize, chars: usize) -> usize {
        let body = start + 1;
        let rest = self.text.get(body..).unwrap_or("");
        body + rest
            .char_indices()
            .nth(chars)
            .map_or(rest.len(), |(i, _)| i)
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
