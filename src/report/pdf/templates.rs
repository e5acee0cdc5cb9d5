//! The report templates: built in, or an edited copy from `--templates DIR`.
//!
//! Only the files named in [`FILES`] are ever read, each checked to lie
//! inside the folder after resolving symbolic links, to be a regular file
//! with no other name (a hard link may be a file outside the folder), so a
//! template (or a link placed beside it) cannot make the Typst world read
//! anything else. A wording template runs on a budget ([`FUEL`],
//! [`MAX_OUTPUT`]).
//! A file missing from the folder falls back to the built-in one, so a user
//! can copy and edit just the template they care about.

use std::fmt;
use std::path::{Path, PathBuf};

/// Template file names, with their built-in text.
pub const FILES: [(&str, &str); 9] = [
    (
        "common.typ",
        include_str!("../../../report-templates/common.typ"),
    ),
    (
        "partner.typ",
        include_str!("../../../report-templates/partner.typ"),
    ),
    (
        "district.typ",
        include_str!("../../../report-templates/district.typ"),
    ),
    (
        "notice.zh.j2",
        include_str!("../../../report-templates/notice.zh.j2"),
    ),
    (
        "notice.en.j2",
        include_str!("../../../report-templates/notice.en.j2"),
    ),
    (
        "decision.zh.j2",
        include_str!("../../../report-templates/decision.zh.j2"),
    ),
    (
        "decision.en.j2",
        include_str!("../../../report-templates/decision.en.j2"),
    ),
    (
        "rectification.zh.j2",
        include_str!("../../../report-templates/rectification.zh.j2"),
    ),
    (
        "rectification.en.j2",
        include_str!("../../../report-templates/rectification.en.j2"),
    ),
];

/// The work one rendering of a wording template may do (minijinja's fuel:
/// about one unit per instruction, and per 64 bytes allocated or written),
/// plus one unit per byte of the data it is given (a district notice names
/// every partner). The built-in templates use a few thousand units; an
/// edited template with a runaway loop or a huge range stops here, at its
/// file and line, in well under a second.
pub const FUEL: u64 = 200_000;

/// The most text one wording template may produce: the built-in ones write
/// one or two KB (a notice, a decision, a rectification list).
pub const MAX_OUTPUT: usize = 256 << 10;

/// The largest template file read (the built-in ones are below 20 KB).
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The template texts in use, and where each came from.
#[derive(Debug, Clone)]
pub struct Templates {
    /// (file name, text, origin shown in errors).
    pub files: Vec<(&'static str, String, String)>,
}

/// A template that could not be read or rendered.
#[derive(Debug)]
pub struct TemplateError {
    /// The file, as the user knows it.
    pub file: String,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl Templates {
    /// The templates compiled into the binary.
    pub fn builtin() -> Self {
        Templates {
            files: FILES
                .iter()
                .map(|(name, text)| (*name, text.to_string(), format!("report-templates/{name}")))
                .collect(),
        }
    }

    /// The templates of `dir`, each file found there replacing the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Self, TemplateError> {
        let root = dir.canonicalize().map_err(|e| TemplateError {
            file: dir.display().to_string(),
            line: None,
            message: e.to_string(),
        })?;
        let mut t = Self::builtin();
        for (name, text, origin) in &mut t.files {
            let path = dir.join(*name);
            if !path.exists() && path.symlink_metadata().is_err() {
                continue;
            }
            let shown = path.display().to_string();
            let fail = |message: String| TemplateError {
                file: shown.clone(),
                line: None,
                message,
            };
            let real: PathBuf = path.canonicalize().map_err(|e| fail(e.to_string()))?;
            if !real.starts_with(&root) {
                return Err(fail(format!(
                    "leads outside the template folder (to {}) · 链接指向模板文件夹之外",
                    real.display()
                )));
            }
            // A hard link is a second name of a file that may live outside
            // the folder: refused like a symbolic link leading out.
            let meta = crate::files::check_regular(&real).map_err(|e| fail(io(&e)))?;
            if links(&meta) > 1 {
                return Err(fail(
                    "is a hard link (the file has other names, perhaps outside the template folder); copy the file instead · 是硬链接（该文件另有名称，可能位于模板文件夹之外），请改为复制文件".into(),
                ));
            }
            let bytes =
                crate::files::read_regular(&real, MAX_FILE_BYTES).map_err(|e| fail(io(&e)))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(fail(format!(
                    "larger than {} KB: not a report template · 大于 {} KB，不是报告模板",
                    MAX_FILE_BYTES >> 10,
                    MAX_FILE_BYTES >> 10
                )));
            }
            *text = String::from_utf8(bytes).map_err(|e| fail(e.to_string()))?;
            *origin = shown;
        }
        Ok(t)
    }

    /// The text of one template.
    pub fn text(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, text, _)| text.as_str())
            .unwrap_or_default()
    }

    /// Where a template came from, for error messages.
    pub fn origin(&self, name: &str) -> String {
        self.files
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(.., origin)| origin.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// The Typst sources, as (virtual path, text).
    pub fn typst_sources(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .filter(|(n, ..)| n.ends_with(".typ"))
            .map(|(n, text, _)| (format!("/{n}"), text.clone()))
            .collect()
    }

    /// Renders a minijinja wording template with `ctx`; values are plain
    /// text going into `sys.inputs`, never Typst source.
    pub fn render_text(
        &self,
        name: &str,
        ctx: &serde_json::Value,
    ) -> Result<String, TemplateError> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // More data, more work: a district notice lists every partner.
        let data = serde_json::to_vec(ctx).map_or(0, |v| v.len() as u64);
        env.set_fuel(Some(FUEL.saturating_add(data)));
        let fail = |e: minijinja::Error| {
            TemplateError {
            file: self.origin(name),
            line: e.line(),
            message: match e.kind() {
                minijinja::ErrorKind::OutOfFuel => format!(
                    "模板运行步数或生成内容超出上限（可能是循环过多或 range 过大）· the template ran too long or built too much (a runaway loop or a huge range?): {e}"
                ),
                _ => e.to_string(),
            },
        }
        };
        env.add_template(name, self.text(name)).map_err(fail)?;
        let tmpl = env.get_template(name).map_err(fail)?;
        let text = tmpl.render(to_jinja(ctx)).map_err(fail)?;
        if text.len() > MAX_OUTPUT {
            return Err(TemplateError {
                file: self.origin(name),
                line: None,
                message: format!(
                    "模板生成的文字超过 {} KB · the template produced more than {} KB of text",
                    MAX_OUTPUT >> 10,
                    MAX_OUTPUT >> 10
                ),
            });
        }
        Ok(text)
    }
}

/// A read error in both languages, as template errors are worded.
fn io(e: &std::io::Error) -> String {
    let (zh, en) = crate::lang::io_reason(e);
    format!("{en} · {zh}")
}

/// The number of names (hard links) of a file; 1 where that is unknown.
fn links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// JSON to a minijinja value (the crate is built without its serde feature).
fn to_jinja(v: &serde_json::Value) -> minijinja::Value {
    use minijinja::Value as M;
    use serde_json::Value as J;
    match v {
        J::Null => M::from(()),
        J::Bool(b) => M::from(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => M::from(i),
            None => M::from(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => M::from(s.as_str()),
        J::Array(items) => M::from(items.iter().map(to_jinja).collect::<Vec<_>>()),
        J::Object(map) => M::from(
            map.iter()
                .map(|(k, v)| (k.clone(), to_jinja(v)))
                .collect::<std::collections::BTreeMap<_, _>>(),
        ),
    }
}
