//! Typst compilation: template sources and bundled fonts in, PDF bytes out.
//!
//! Report data enters the document only as `sys.inputs` values converted
//! from JSON, so whatever a name contains (`#read(..)`, `]`, `$`) is text,
//! never code. The world holds the template sources and nothing else: no
//! file system, no packages, no system fonts. Errors point at the template
//! file and line.

use chrono::{Datelike, NaiveDate};
use typst::diag::Severity;
use typst::foundations::{Array, Datetime, Dict, IntoValue, Value};
use typst::{World, WorldExt};
use typst_as_lib::{TypstAsLibError, TypstEngine};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::fonts;
use super::templates::{TemplateError, Templates};

/// One Typst engine: templates and fonts loaded once, many documents,
/// compiled from any number of threads at once.
pub struct Engine {
    engine: TypstEngine,
    templates: Templates,
}

impl Engine {
    /// An engine for the threads of the current rayon pool: see
    /// [`cache_age`] for why their number matters.
    pub fn new(templates: &Templates) -> Self {
        let sources = templates.typst_sources();
        let engine = TypstEngine::builder()
            .fonts(fonts::all().iter().cloned())
            .with_static_source_file_resolver(
                sources
                    .iter()
                    .map(|(path, text)| (path.as_str(), text.clone())),
            )
            .comemo_evict_max_age(Some(cache_age(rayon::current_num_threads())))
            .build();
        Engine {
            engine,
            templates: templates.clone(),
        }
    }

    /// Compiles `main` (e.g. `/partner.typ`) with `data` as `sys.inputs`
    /// and exports a PDF dated `date` (so the bytes are reproducible).
    pub fn pdf(
        &self,
        main: &str,
        data: &serde_json::Value,
        date: NaiveDate,
    ) -> Result<Vec<u8>, TemplateError> {
        let inputs = match to_typst(data) {
            Value::Dict(d) => d,
            _ => Dict::new(),
        };
        let doc = self
            .engine
            .compile_with_input::<_, _, PagedDocument>(main, inputs)
            .output
            .map_err(|e| self.explain(main, e))?;
        let datetime = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8);
        let options = PdfOptions {
            ident: typst::foundations::Smart::Custom(main.to_string()),
            timestamp: datetime.map(Timestamp::new_utc),
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&doc, &options)
            .map_err(|diags| self.explain(main, TypstAsLibError::TypstSource(diags)))
    }

    /// The first error, located in its template file and line.
    fn explain(&self, main: &str, error: TypstAsLibError) -> TemplateError {
        let TypstAsLibError::TypstSource(diags) = error else {
            return TemplateError {
                file: self.templates.origin(main.trim_start_matches('/')),
                line: None,
                message: error.to_string(),
            };
        };
        let first = diags
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(diags.first());
        let Some(d) = first else {
            return TemplateError {
                file: self.templates.origin(main.trim_start_matches('/')),
                line: None,
                message: "unknown Typst error".into(),
            };
        };
        let mut message = d.message.to_string();
        for hint in &d.hints {
            message += &format!(" (hint: {})", hint.v);
        }
        let located = self
            .engine
            .with_world(main, |world| {
                let id = d.span.id()?;
                let source = world.source(id).ok()?;
                let range = world.range(d.span)?;
                let line = source.lines().byte_to_line(range.start)? + 1;
                let name = id
                    .get()
                    .vpath()
                    .get_with_slash()
                    .trim_start_matches('/')
                    .to_string();
                Some((name, line))
            })
            .ok()
            .flatten();
        match located {
            Some((name, line)) => TemplateError {
                file: self.templates.origin(&name),
                line: Some(line),
                message,
            },
            None => TemplateError {
                file: self.templates.origin(main.trim_start_matches('/')),
                line: None,
                message,
            },
        }
    }
}

/// How many cache evictions a memoized Typst result survives unused.
///
/// Typst's memoization cache (comemo) is one per process, and each compile
/// ends with an eviction. Evicting everything (typst-as-lib's default) also
/// empties the cache of the documents other threads are compiling at that
/// moment, so their second layout pass, which the `n / N` page footer needs,
/// lays out the whole document again instead of reusing the first: about
/// 8 % more work per report on two threads. While one document compiles,
/// each other thread finishes about one document, so keeping results
/// through one eviction per thread keeps every document's own cache until it
/// is done, and the cache still holds only the documents in flight (results
/// are not shared between documents: their `sys.inputs` differ).
fn cache_age(threads: usize) -> usize {
    threads.max(1)
}

/// JSON to a Typst value: strings stay strings, whatever they contain.
fn to_typst(v: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::None,
        J::Bool(b) => b.into_value(),
        J::Number(n) => match n.as_i64() {
            Some(i) => i.into_value(),
            None => n.as_f64().unwrap_or_default().into_value(),
        },
        J::String(s) => s.as_str().into_value(),
        J::Array(items) => Value::Array(items.iter().map(to_typst).collect::<Array>()),
        J::Object(map) => {
            let mut d = Dict::new();
            for (k, v) in map {
                d.insert(k.as_str().into(), to_typst(v));
            }
            Value::Dict(d)
        }
    }
}
