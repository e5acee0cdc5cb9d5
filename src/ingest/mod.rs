//! Loading: input paths in, a [`Dataset`] of typed records and a list of
//! problems out.
//!
//! Files are taken in sorted path order so that a run does not depend on the
//! order of the command line. Each sheet is recognised by its name (or, for
//! `Sheet1`-style names, by its headers), its header row is found under any
//! title rows, and every data row becomes a record or a located problem.

mod build;
pub mod cell;
mod discover;
mod fatal;
pub mod header;
pub mod limits;
mod merge;
mod ods_scan;
mod personal;
mod placement;
pub mod reader;
mod row;
mod xls_scan;

pub use discover::{discover, is_output_workbook};
pub use fatal::{Fatal, MissingColumn};
pub use limits::{Limit, Limits};
pub use personal::{is_id_number, mask_id_numbers};
pub use placement::Placement;
pub use row::mask;

use std::path::{Path, PathBuf};

use serde::Serialize;

use self::cell::Cell;
use self::header::{HeaderMatcher, HEADER_SEARCH_ROWS};
use self::limits::SheetGuard;
use self::reader::{Row, RowStream, Workbook};
use self::row::{Cells, RowReader};
use crate::model::{Dataset, FoundColumn, Interner, LoadedSheet, Origin, RowCounts};
use crate::problem::Problem;
use crate::schema::{Need, SheetKind, SheetNeed, SheetSpec, SHEETS};

/// Something the user should know that is not a problem with a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    /// A sheet that is not part of the data model.
    IgnoredSheet { file: String, sheet: String },
    /// Header cells that name no known column.
    IgnoredColumns {
        file: String,
        sheet: String,
        headers: Vec<String>,
    },
    /// A file skipped while walking a folder (lock files, other types).
    SkippedFile { path: String },
    /// An output of partner-eval found in an input folder (an output folder
    /// with its results.json, or an evaluation workbook beside one): never
    /// read back as input.
    SkippedOutput { path: String },
}

impl Note {
    /// The file or folder skipped; empty for notes about sheets.
    pub fn path(&self) -> &str {
        match self {
            Note::SkippedFile { path } | Note::SkippedOutput { path } => path,
            _ => "",
        }
    }
}

/// An input file as read, for the audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: u64,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
}

/// The outcome of loading.
#[derive(Debug, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub problems: Vec<Problem>,
    pub notes: Vec<Note>,
    /// Every file read, in the order read.
    pub files: Vec<InputFile>,
    /// Workbooks that carry macros (VBA), in the order read: their data is
    /// loaded, their macros are never run. See [`macros_note`].
    pub macros_ignored: Vec<String>,
}

/// The line telling the user that a workbook's macros were not run.
pub fn macros_note(file: &str, lang: crate::lang::Lang) -> String {
    match lang {
        crate::lang::Lang::Zh => format!("{file}：含有宏（VBA），宏未运行，仅读取了数据"),
        crate::lang::Lang::En => {
            format!("{file}: contains macros (VBA); they were not run, only the data was read")
        }
    }
}

/// SHA-256 of bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Loads every input, then checks the records across files.
pub fn load(inputs: &[PathBuf]) -> Result<Loaded, Vec<Fatal>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    load_with(inputs, threads)
}

/// [`load`] on a given number of threads, with the default [`Limits`].
pub fn load_with(inputs: &[PathBuf], threads: usize) -> Result<Loaded, Vec<Fatal>> {
    load_limited(inputs, threads, &Limits::default())
}

/// [`load`] on a given number of threads and with given limits. Files are
/// read in parallel, one file per task, and merged in sorted path order, so
/// the result is the same whatever the number of threads.
pub fn load_limited(
    inputs: &[PathBuf],
    threads: usize,
    limits: &Limits,
) -> Result<Loaded, Vec<Fatal>> {
    load_with_progress(inputs, threads, limits, &|_, _| {})
}

/// [`load_limited`], calling `progress(files read, files)` as each file is
/// read (from the reading threads), so a caller can show how far it got.
pub fn load_with_progress(
    inputs: &[PathBuf],
    threads: usize,
    limits: &Limits,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Loaded, Vec<Fatal>> {
    let (files, skipped) = discover(inputs)?;
    let read = |file: &PathBuf| {
        let mut part = Loaded::default();
        let fatals = read_file(file, limits, &mut part).err().unwrap_or_default();
        (part, fatals)
    };
    let mut loaded = Loaded {
        notes: skipped,
        ..Loaded::default()
    };
    let mut fatals = Vec::new();
    merge::read_all(
        &files,
        threads.max(1),
        read,
        progress,
        |(part, part_fatals)| {
            merge::append(&mut loaded, part);
            fatals.extend(part_fatals);
        },
    );
    merge::fit(&mut loaded);
    finish(loaded, fatals)
}

/// Loads one file given as bytes, as if it were the only input; `path`
/// names it in messages and decides CSV by its extension. Nothing is read
/// from or written to disk. This is the entry point of the loader fuzz
/// target.
pub fn load_bytes(path: &Path, bytes: Vec<u8>, limits: &Limits) -> Result<Loaded, Vec<Fatal>> {
    let mut loaded = Loaded::default();
    let file = path.display().to_string();
    if let Err(hit) = limits.file_size(bytes.len() as u64) {
        return Err(vec![Fatal::limit(&file, None, None, hit)]);
    }
    let fatals = guarded(path, || load_file(path, bytes, limits, &mut loaded))
        .err()
        .unwrap_or_default();
    finish(loaded, fatals)
}

/// Adds the missing-sheet refusals, then checks the records across files.
fn finish(mut loaded: Loaded, mut fatals: Vec<Fatal>) -> Result<Loaded, Vec<Fatal>> {
    // A file that could not be read at all may hold any sheet: listing the
    // sheets "missing" after it would only bury the real reason.
    if !fatals.iter().any(Fatal::is_whole_file) {
        let refused: Vec<SheetKind> = fatals.iter().filter_map(Fatal::refused_kind).collect();
        fatals.extend(missing_sheets(&loaded.dataset, &refused));
    }
    if !fatals.is_empty() {
        return Err(fatals);
    }
    crate::validate::check(&mut loaded.dataset, &mut loaded.problems);
    Ok(loaded)
}

/// Reads one file from disk, checking its size first, and records it.
fn read_file(path: &Path, limits: &Limits, loaded: &mut Loaded) -> Result<(), Vec<Fatal>> {
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        let (zh, en) = crate::lang::io_reason(&e);
        vec![Fatal::Io {
            path: file.clone(),
            zh,
            en,
        }]
    };
    // Only a regular file is opened (a named pipe would block, a device
    // read without end), and never more than the limit and one byte.
    let size = crate::files::check_regular(path).map_err(unreadable)?.len();
    limits
        .file_size(size)
        .map_err(|hit| vec![Fatal::limit(&file, None, None, hit)])?;
    let bytes = crate::files::read_regular(path, limits.max_file_bytes).map_err(unreadable)?;
    limits
        .file_size(bytes.len() as u64)
        .map_err(|hit| vec![Fatal::limit(&file, None, None, hit)])?;
    loaded.files.push(InputFile {
        path: file.clone(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
    });
    guarded(path, || load_file(path, bytes, limits, loaded))
}

/// Runs the loading of one file, turning a panic in a file-format library
/// into a refusal of that file: a hostile file must not stop the program.
fn guarded(path: &Path, load: impl FnOnce() -> Result<(), Vec<Fatal>>) -> Result<(), Vec<Fatal>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(vec![Fatal::Unreadable {
            path: path.display().to_string(),
            detail: format!("internal error while reading: {detail}"),
        }])
    })
}

fn load_file(
    path: &Path,
    bytes: Vec<u8>,
    limits: &Limits,
    loaded: &mut Loaded,
) -> Result<(), Vec<Fatal>> {
    let file = path.display().to_string();
    let mut book =
        Workbook::open(path, bytes, limits).map_err(|e| vec![Fatal::open(&file, None, e)])?;
    if book.has_macros() {
        loaded.macros_ignored.push(file.clone());
    }
    let mut texts = Interner::default();
    let mut fatals = Vec::new();
    for sheet in book.sheet_names() {
        let result = book.with_rows(&sheet, limits.max_cells, |rows| {
            load_sheet(&file, &sheet, rows, limits, loaded, &mut texts)
        });
        let fatal = match result {
            Ok(Ok(())) => continue,
            Ok(Err(fatal)) => fatal,
            Err(e) => Fatal::open(&file, Some(&sheet), e),
        };
        // Past a limit the file is refused whole: reading on could only
        // cost more of what the limit protects.
        let stop = matches!(fatal, Fatal::LimitExceeded { .. });
        fatals.push(fatal);
        if stop {
            break;
        }
    }
    if fatals.is_empty() {
        Ok(())
    } else {
        Err(fatals)
    }
}

/// Recognises one sheet and loads its rows. `texts` holds the file's
/// repeated texts, shared by its records.
fn load_sheet(
    file: &str,
    sheet: &str,
    rows: &mut dyn RowStream,
    limits: &Limits,
    loaded: &mut Loaded,
    texts: &mut Interner,
) -> Result<(), Fatal> {
    let mut guard = SheetGuard::new(*limits);
    let mut top = Vec::new();
    while top.len() < HEADER_SEARCH_ROWS {
        match next_row(file, sheet, rows, &mut guard)? {
            Some(row) => top.push(row.clone()),
            None => break,
        }
    }
    let Some((matcher, header_at)) = recognise(file, sheet, &top)? else {
        if !top.is_empty() {
            loaded.notes.push(Note::IgnoredSheet {
                file: file.to_string(),
                sheet: sheet.to_string(),
            });
        }
        return Ok(());
    };
    let header = &top[header_at];
    let (columns, ignored) = map_columns(matcher, header);
    check_required(file, sheet, header, matcher, &columns)?;
    if !ignored.is_empty() {
        loaded.notes.push(Note::IgnoredColumns {
            file: file.to_string(),
            sheet: sheet.to_string(),
            headers: ignored,
        });
    }
    let index = loaded.dataset.sheets.len() as u32;
    let at = cell_indices(matcher.spec(), &columns);
    loaded.dataset.sheets.push(LoadedSheet {
        file: file.to_string(),
        sheet: sheet.to_string(),
        kind: matcher.spec().kind,
        header_row: header.number,
        columns,
        counts: RowCounts::default(),
    });
    for row in &top[header_at + 1..] {
        add_row(index, &at, row, loaded, texts);
    }
    while let Some(row) = next_row(file, sheet, rows, &mut guard)? {
        add_row(index, &at, row, loaded, texts);
    }
    Ok(())
}

/// The next row of a sheet, checked against the limits.
fn next_row<'r>(
    file: &str,
    sheet: &str,
    rows: &'r mut dyn RowStream,
    guard: &mut SheetGuard,
) -> Result<Option<&'r Row>, Fatal> {
    let row = rows.next_row().map_err(|detail| Fatal::Unreadable {
        path: file.to_string(),
        detail: format!("{sheet}: {detail}"),
    })?;
    if let Some(row) = row {
        guard.row(row).map_err(|h| {
            let column = h.column.map(header::column_letter);
            Fatal::limit(file, Some(sheet), Some((h.row, column)), h.hit)
        })?;
    }
    Ok(row)
}

/// For each column of `spec`, its index in the sheet's rows; `usize::MAX`
/// (no cell) for a column the sheet lacks.
fn cell_indices(spec: &SheetSpec, columns: &[FoundColumn]) -> Vec<usize> {
    let mut at = vec![usize::MAX; spec.columns.len()];
    for c in columns {
        at[c.spec] = c.index;
    }
    at
}

/// Finds which sheet of the data model this is, and its header row.
fn recognise(
    file: &str,
    sheet: &str,
    top: &[Row],
) -> Result<Option<(&'static HeaderMatcher, usize)>, Fatal> {
    let named = header::specs_named(sheet);
    let best = |specs: &mut dyn Iterator<Item = &'static SheetSpec>| {
        specs
            .map(HeaderMatcher::of)
            .filter_map(|m| m.find_header(top).map(|(at, score)| (m, at, score)))
            .max_by_key(|(_, _, score)| *score)
    };
    if !named.is_empty() {
        return match best(&mut named.iter().copied()) {
            Some((m, at, _)) => Ok(Some((m, at))),
            None if top.is_empty() => Ok(None),
            None => Err(Fatal::NoHeader {
                file: file.to_string(),
                sheet: sheet.to_string(),
                kind: named[0].kind,
            }),
        };
    }
    // An unnamed sheet is taken only when its headers name every required
    // column of one sheet kind: a guess on less would load the wrong data.
    let complete = best(&mut SHEETS.iter()).filter(|(m, at, _)| {
        let (columns, _) = map_columns(m, &top[*at]);
        m.spec()
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.need == Need::Required)
            .all(|(i, _)| columns.iter().any(|f| f.spec == i))
    });
    Ok(complete.map(|(m, at, _)| (m, at)))
}

/// Maps header cells to spec columns; returns the unknown headers too.
fn map_columns(matcher: &HeaderMatcher, header: &Row) -> (Vec<FoundColumn>, Vec<String>) {
    let mut found: Vec<FoundColumn> = Vec::new();
    let mut ignored = Vec::new();
    for (j, cell) in header.cells.iter().enumerate() {
        let text = match cell {
            Cell::Empty => continue,
            other => other.display(),
        };
        match matcher.column(&text) {
            Some(i) if !found.iter().any(|f| f.spec == i) => found.push(FoundColumn {
                spec: i,
                index: j,
                key: matcher.spec().columns[i].key,
                letter: header::column_letter(j),
                header: text.trim().to_string(),
            }),
            _ if text.trim().is_empty() => {}
            _ => ignored.push(text.trim().to_string()),
        }
    }
    (found, ignored)
}

/// Refuses a sheet that lacks a required column, naming the closest header.
fn check_required(
    file: &str,
    sheet: &str,
    header: &Row,
    matcher: &HeaderMatcher,
    columns: &[FoundColumn],
) -> Result<(), Fatal> {
    let found: Vec<String> = header
        .cells
        .iter()
        .map(Cell::display)
        .filter(|h| !h.trim().is_empty())
        .collect();
    let missing: Vec<MissingColumn> = matcher
        .spec()
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.need == Need::Required && !columns.iter().any(|f| f.spec == *i))
        .map(|(_, c)| MissingColumn {
            expected_zh: c.zh,
            expected_en: c.en,
            closest: header::closest(c.zh, found.iter().map(String::as_str)).map(str::to_string),
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Fatal::MissingColumns {
        kind: matcher.spec().kind,
        file: file.to_string(),
        sheet: sheet.to_string(),
        header_row: header.number,
        found,
        missing,
    })
}

/// Reads one data row of sheet `index` into the dataset; `at` gives the
/// row's cell of each spec column ([`cell_indices`]). A row whose known
/// columns are all blank is no row.
fn add_row(index: u32, at: &[usize], row: &Row, loaded: &mut Loaded, texts: &mut Interner) {
    let sheet = &loaded.dataset.sheets[index as usize];
    if at
        .iter()
        .all(|&j| row.cells.get(j).is_none_or(Cell::is_blank))
    {
        return;
    }
    let origin = Origin {
        sheet: index,
        row: row.number,
    };
    let cells = Cells::new(&row.cells, at);
    let kind = sheet.kind;
    let mut reader = RowReader::new(sheet, cells, row.number, &mut loaded.problems, texts);
    let accepted = {
        // Disjoint field borrows: the sheet is read while a table grows.
        macro_rules! to {
            ($table:ident, $build:ident) => {
                keep(
                    &mut loaded.dataset.$table,
                    build::$build(&mut reader, origin),
                )
            };
        }
        match kind {
            SheetKind::Partners => to!(partners, partner),
            SheetKind::Services => to!(services, service),
            SheetKind::FundPayments => to!(fund_payments, fund_payment),
            SheetKind::Financials => to!(financials, financial),
            SheetKind::SurveyResponses => to!(survey_responses, survey_response),
            SheetKind::SurveyTotals => to!(survey_totals, survey_total),
            SheetKind::Complaints => to!(complaints, complaint),
            SheetKind::Spaces => to!(spaces, space),
            SheetKind::SpaceUsage => to!(space_usage, space_use),
            SheetKind::Rectifications => to!(rectifications, rectification),
            SheetKind::MarketPrices => to!(market_prices, market_price),
            SheetKind::Volunteering => to!(volunteering, volunteering),
        }
    };
    let counts = &mut loaded.dataset.sheets[index as usize].counts;
    counts.read += 1;
    if accepted {
        counts.accepted += 1;
    } else {
        counts.rejected += 1;
    }
}

fn keep<T>(records: &mut Vec<T>, record: Option<T>) -> bool {
    record.map(|r| records.push(r)).is_some()
}

/// Required sheets that no input contains.
fn missing_sheets(ds: &Dataset, refused: &[SheetKind]) -> Vec<Fatal> {
    let present =
        |kind: SheetKind| ds.sheets.iter().any(|s| s.kind == kind) || refused.contains(&kind);
    let profit_or_revenue = ds.partners.iter().any(|p| {
        use crate::schema::enums::FundBasis;
        matches!(p.fund_basis, FundBasis::Revenue | FundBasis::Profit)
    });
    let found: Vec<String> = ds.sheets.iter().map(|s| s.sheet.clone()).collect();
    SHEETS
        .iter()
        .filter(|spec| match spec.need {
            SheetNeed::Required => !present(spec.kind),
            // Report the pair once, under the first of the two.
            SheetNeed::EitherOf(other) => {
                spec.kind < other && !present(spec.kind) && !present(other)
            }
            SheetNeed::Conditional => profit_or_revenue && !present(spec.kind),
            SheetNeed::Optional => false,
        })
        .map(|spec| Fatal::MissingSheet {
            kind: spec.kind,
            alternative: match spec.need {
                SheetNeed::EitherOf(other) => Some(other),
                _ => None,
            },
            found: found.clone(),
            closest: header::closest(spec.zh, found.iter().map(String::as_str)).map(str::to_string),
        })
        .collect()
}
