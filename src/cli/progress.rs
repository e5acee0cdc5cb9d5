//! Feedback on long runs, on standard error: indicatif bars on a terminal,
//! a plain line every 10 % or 5 seconds otherwise (logs of batch jobs), and
//! nothing with `--quiet`. The library only calls back with counts
//! (`ingest::load_with_progress`, `report::pdf::write_with_progress`); what
//! is shown, and in which language, is decided here.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::lang::Lang;

/// A plain line is printed at least this often while a stage runs.
const LINE_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Bars,
    Lines,
    Off,
}

/// How this run shows its progress.
#[derive(Debug, Clone, Copy)]
pub struct Feedback {
    lang: Lang,
    mode: Mode,
}

/// A stage counted in items.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Input files read.
    Load,
    /// PDF reports rendered.
    Render,
}

impl Stage {
    fn title(self, lang: Lang) -> &'static str {
        match self {
            Stage::Load => lang.pick("读取文件", "reading files"),
            Stage::Render => lang.pick("渲染 PDF 报告", "rendering PDF reports"),
        }
    }

    fn line(self, lang: Lang, done: usize, total: usize) -> String {
        match (self, lang) {
            (Stage::Load, Lang::Zh) => format!("已读取 {done}/{total} 个文件…"),
            (Stage::Load, Lang::En) => format!("read {done}/{total} files…"),
            (Stage::Render, Lang::Zh) => format!("已渲染 {done}/{total} 份报告…"),
            (Stage::Render, Lang::En) => format!("rendered {done}/{total} reports…"),
        }
    }
}

impl Feedback {
    pub fn new(lang: Lang, quiet: bool) -> Feedback {
        let mode = if quiet {
            Mode::Off
        } else if std::io::stderr().is_terminal() {
            Mode::Bars
        } else {
            Mode::Lines
        };
        Feedback { lang, mode }
    }

    /// A counted stage; call [`Counter::tick`] from any thread.
    pub fn counter(&self, stage: Stage) -> Counter {
        let bar = (self.mode == Mode::Bars).then(|| {
            let style =
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} ({per_sec}, {eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            ProgressBar::new(0)
                .with_style(style)
                .with_prefix(stage.title(self.lang))
        });
        let now = Instant::now();
        Counter {
            lang: self.lang,
            stage,
            bar,
            lines: (self.mode == Mode::Lines).then(|| Mutex::new((now, 0))),
        }
    }

    /// A stage that cannot count its steps: a spinner on a terminal, one
    /// line otherwise.
    pub fn spinner(&self, zh: &str, en: &str) -> Spinner {
        let text = self.lang.pick(zh, en).to_string();
        let bar = match self.mode {
            Mode::Bars => {
                let bar = ProgressBar::new_spinner().with_message(text);
                bar.enable_steady_tick(Duration::from_millis(120));
                Some(bar)
            }
            Mode::Lines => {
                eprintln!("{text}");
                None
            }
            Mode::Off => None,
        };
        Spinner { bar }
    }
}

/// Progress of a counted stage.
pub struct Counter {
    lang: Lang,
    stage: Stage,
    bar: Option<ProgressBar>,
    /// Plain lines: when the last was printed, and its tenth of the total.
    lines: Option<Mutex<(Instant, usize)>>,
}

impl Counter {
    /// `done` of `total` items are finished.
    pub fn tick(&self, done: usize, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        if let Some(lines) = &self.lines {
            let Ok(mut last) = lines.lock() else { return };
            let tenth = done * 10 / total.max(1);
            if tenth > last.1 || last.0.elapsed() >= LINE_EVERY {
                *last = (Instant::now(), tenth);
                eprintln!("{}", self.stage.line(self.lang, done, total));
            }
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A running spinner; [`Spinner::finish`] clears it.
pub struct Spinner {
    bar: Option<ProgressBar>,
}

impl Spinner {
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
