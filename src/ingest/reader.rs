//! Opening input files and reading their sheets row by row.
//!
//! xlsx and xlsb are streamed cell by cell (calamine's cell readers), so
//! memory grows with the records kept, not with the grid; xls and ods are
//! read as a range (checked before calamine allocates it, see `xls_scan`
//! and `ods_scan`); CSV is decoded (UTF-8 with or without BOM, UTF-16, GBK/GB18030)
//! and parsed lazily.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx};

use super::cell::{is_blank_text, Cell};
use super::limits::{check_zip, Hit, Limit, Limits, ZipRefusal};
use super::xls_scan::{self, XlsRefusal};

/// One non-blank row: its number as the spreadsheet shows it and its cells,
/// indexed by absolute column (0 = A).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

/// A source of rows; errors are messages from the file format library.
///
/// The row lent is the stream's own buffer, refilled by the next call: a
/// text cell keeps its `String`'s capacity from row to row, so streaming a
/// sheet does not allocate per cell.
pub trait RowStream {
    fn next_row(&mut self) -> Result<Option<&Row>, String>;
}

/// An opened input file, held in memory: it is read once, for its hash and
/// its contents alike.
pub enum Workbook {
    Spreadsheet {
        book: Box<Sheets<Cursor<Vec<u8>>>>,
        /// It carries a VBA project (macros), which is never run.
        macros: bool,
    },
    Csv {
        sheet: String,
        bytes: Vec<u8>,
    },
}

/// Why a file cannot be opened.
#[derive(Debug)]
pub enum OpenError {
    /// 0 bytes.
    Empty,
    /// An encrypted (password-protected) workbook.
    Encrypted,
    /// Neither a zip archive nor an OLE (xls) file: text or HTML saved
    /// under a spreadsheet name.
    NotASpreadsheet { text: bool },
    /// A CSV whose lines are in different encodings: line `utf8` is
    /// UTF-8 Chinese, line `other` is not UTF-8 (GBK, say).
    MixedEncoding { utf8: u32, other: u32 },
    /// A limit was passed.
    Limit(Hit),
    /// Damaged; the library's own explanation.
    Damaged(String),
}

/// The file kinds partner-eval reads, by extension.
pub fn is_supported(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Start of every zip archive (xlsx, xlsm, xlsb, ods).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Start of an empty zip archive.
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
/// Start of an OLE compound file (xls, and encrypted xlsx).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The name of the stream an encrypted OOXML file keeps its package in,
/// as it appears (UTF-16LE) in the compound file's directory.
fn is_encrypted_package(bytes: &[u8]) -> bool {
    has_stream(bytes, "EncryptedPackage")
}

/// Whether a compound file's directory names a stream or storage.
fn has_stream(bytes: &[u8], name: &str) -> bool {
    let name: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

impl Workbook {
    /// Opens a file from its bytes; the kind is decided by the content, the
    /// extension only tells CSV from the rest and xlsb from xlsx.
    pub fn open(path: &Path, bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
        if bytes.is_empty() {
            return Err(OpenError::Empty);
        }
        let ext = extension(path);
        if ext == "csv" {
            let sheet = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some((utf8, other)) = mixed_encoding(&bytes) {
                return Err(OpenError::MixedEncoding { utf8, other });
            }
            return Ok(Workbook::Csv { sheet, bytes });
        }
        let damaged = |e: calamine::Error| OpenError::Damaged(e.to_string());
        let macros;
        let sheets = if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY) {
            let facts = check_zip(Cursor::new(&bytes), limits).map_err(|r| match r {
                ZipRefusal::Limit(hit) => OpenError::Limit(hit),
                ZipRefusal::Damaged(detail) => OpenError::Damaged(detail),
            })?;
            macros = facts.macros;
            let data = Cursor::new(bytes);
            if facts.ods {
                Sheets::Ods(
                    calamine::open_workbook_from_rs(data)
                        .map_err(|e| damaged(calamine::Error::Ods(e)))?,
                )
            } else if facts.xlsb || ext == "xlsb" {
                Sheets::Xlsb(
                    calamine::open_workbook_from_rs(data)
                        .map_err(|e| damaged(calamine::Error::Xlsb(e)))?,
                )
            } else {
                Sheets::Xlsx(
                    calamine::open_workbook_from_rs(data)
                        .map_err(|e| damaged(calamine::Error::Xlsx(e)))?,
                )
            }
        } else if bytes.starts_with(CFB_MAGIC) {
            if is_encrypted_package(&bytes) {
                return Err(OpenError::Encrypted);
            }
            let refuse = |r| match r {
                XlsRefusal::Limit(hit) => OpenError::Limit(hit),
                XlsRefusal::Damaged(detail) => OpenError::Damaged(detail),
            };
            let stream = xls_scan::workbook_stream(&bytes).map_err(refuse)?;
            xls_scan::check_dimensions(&stream, limits.max_cells).map_err(refuse)?;
            drop(stream);
            macros = has_stream(&bytes, "_VBA_PROJECT_CUR");
            match calamine::open_workbook_from_rs(Cursor::new(bytes)) {
                Ok(book) => Sheets::Xls(book),
                Err(calamine::XlsError::Password) => return Err(OpenError::Encrypted),
                Err(e) => return Err(damaged(calamine::Error::Xls(e))),
            }
        } else {
            let text = !bytes.iter().take(4096).any(|b| *b == 0);
            return Err(OpenError::NotASpreadsheet { text });
        };
        Ok(Workbook::Spreadsheet {
            book: Box::new(sheets),
            macros,
        })
    }

    /// True when the workbook carries a VBA project (which is never run).
    pub fn has_macros(&self) -> bool {
        matches!(self, Workbook::Spreadsheet { macros: true, .. })
    }

    /// Names of the worksheets, in workbook order (chart sheets left out).
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Workbook::Csv { sheet, .. } => vec![sheet.clone()],
            Workbook::Spreadsheet { book, .. } => book
                .sheets_metadata()
                .iter()
                .filter(|s| s.typ == calamine::SheetType::WorkSheet)
                .map(|s| s.name.clone())
                .collect(),
        }
    }

    /// Runs `f` over the rows of one sheet. A sheet read whole (xls, xlsb,
    /// ods) whose area passes `max_cells` is refused before its cells are
    /// walked.
    pub fn with_rows<T>(
        &mut self,
        sheet: &str,
        max_cells: u64,
        f: impl FnOnce(&mut dyn RowStream) -> T,
    ) -> Result<T, OpenError> {
        match self {
            Workbook::Csv { bytes, .. } => Ok(f(&mut CsvRows::new(bytes))),
            Workbook::Spreadsheet { book, .. } => match book.as_mut() {
                Sheets::Xlsx(xlsx) => with_xlsx_rows(xlsx, sheet, f).map_err(OpenError::Damaged),
                Sheets::Xlsb(xlsb) => with_xlsb_rows(xlsb, sheet, f).map_err(OpenError::Damaged),
                other => {
                    let range = other
                        .worksheet_range(sheet)
                        .map_err(|e| OpenError::Damaged(e.to_string()))?;
                    let area = (range.height() as u64).saturating_mul(range.width() as u64);
                    if area > max_cells {
                        return Err(OpenError::Limit(Hit {
                            limit: Limit::Cells,
                            found: area,
                            max: max_cells,
                        }));
                    }
                    Ok(f(&mut RangeRows::new(range)))
                }
            },
        }
    }
}

fn with_xlsx_rows<T>(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    f: impl FnOnce(&mut dyn RowStream) -> T,
) -> Result<T, String> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let mut rows = CellRows::new(move || {
        let cell = reader.next_cell().map_err(|e| e.to_string())?;
        Ok(cell.map(|c| (c.get_position(), c.get_value().clone())))
    });
    Ok(f(&mut rows))
}

/// xlsb is streamed too: calamine's whole-sheet reader allocates the box
/// around the cells, which two cells far apart make astronomically large.
fn with_xlsb_rows<T>(
    book: &mut calamine::Xlsb<Cursor<Vec<u8>>>,
    sheet: &str,
    f: impl FnOnce(&mut dyn RowStream) -> T,
) -> Result<T, String> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let mut rows = CellRows::new(move || {
        let cell = reader.next_cell().map_err(|e| e.to_string())?;
        Ok(cell.map(|c| (c.get_position(), c.get_value().clone())))
    });
    Ok(f(&mut rows))
}

/// The 0-based row and column of a streamed cell.
type Position = (u32, u32);

/// A cell's value as a file format library gives it.
trait RawValue {
    /// Empty, or text of only whitespace: such a cell is left out of rows.
    fn is_blank(&self) -> bool;

    /// Writes the value into `cell`, reusing the cell's text buffer.
    fn write_to(&self, cell: &mut Cell);
}

impl RawValue for DataRef<'_> {
    fn is_blank(&self) -> bool {
        match self {
            DataRef::Empty => true,
            DataRef::SharedString(s) => is_blank_text(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                is_blank_text(s)
            }
            _ => false,
        }
    }

    fn write_to(&self, cell: &mut Cell) {
        match self {
            DataRef::SharedString(s) => set_text(cell, s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                set_text(cell, s)
            }
            DataRef::Int(i) => *cell = Cell::Number(*i as f64),
            DataRef::Float(f) => *cell = Cell::Number(*f),
            DataRef::Bool(b) => *cell = Cell::Bool(*b),
            DataRef::DateTime(dt) => *cell = excel_date(dt),
            DataRef::Error(e) => *cell = Cell::Error(e.to_string()),
            DataRef::Empty => *cell = Cell::Empty,
        }
    }
}

impl RawValue for Data {
    fn is_blank(&self) -> bool {
        match self {
            Data::Empty => true,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => is_blank_text(s),
            _ => false,
        }
    }

    fn write_to(&self, cell: &mut Cell) {
        match self {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => set_text(cell, s),
            Data::Int(i) => *cell = Cell::Number(*i as f64),
            Data::Float(f) => *cell = Cell::Number(*f),
            Data::Bool(b) => *cell = Cell::Bool(*b),
            Data::DateTime(dt) => *cell = excel_date(dt),
            Data::Error(e) => *cell = Cell::Error(e.to_string()),
            Data::Empty => *cell = Cell::Empty,
        }
    }
}

/// A CSV field.
impl RawValue for &str {
    fn is_blank(&self) -> bool {
        is_blank_text(self)
    }

    fn write_to(&self, cell: &mut Cell) {
        set_text(cell, self)
    }
}

/// Writes text into a cell, reusing the cell's buffer if it has one.
fn set_text(cell: &mut Cell, text: &str) {
    match cell {
        Cell::Text(s) => {
            s.clear();
            s.push_str(text);
        }
        other => *other = Cell::Text(text.to_owned()),
    }
}

/// A row being filled, one buffer per stream: each cell is written in
/// place, so a text column keeps its `String` from row to row. Cells the
/// new row does not have are blank text, not [`Cell::Empty`], for the same
/// reason: every reader of cells treats the two alike.
#[derive(Default)]
struct RowBuffer {
    row: Row,
    /// Columns up to the last non-blank cell so far.
    width: usize,
}

impl RowBuffer {
    /// Starts row `number` (as the spreadsheet shows it) with every cell blank.
    fn start(&mut self, number: u32) {
        for cell in &mut self.row.cells {
            match cell {
                Cell::Text(s) => s.clear(),
                other => *other = Cell::Empty,
            }
        }
        self.row.number = number;
        self.width = 0;
    }

    /// Writes a non-blank value at its absolute column. (Blanks are left
    /// out, so that formatting that runs far to the right costs nothing.)
    /// A column past XFD cannot come from a spreadsheet program and is
    /// refused.
    fn put(&mut self, col: u32, value: &impl RawValue) -> Result<(), String> {
        if col >= MAX_COLUMNS {
            return Err(format!(
                "a cell in column {} is past the last column (XFD, {MAX_COLUMNS})",
                col as u64 + 1
            ));
        }
        let col = col as usize;
        if self.row.cells.len() <= col {
            self.row.cells.resize(col + 1, Cell::Empty);
        }
        value.write_to(&mut self.row.cells[col]);
        self.width = self.width.max(col + 1);
        Ok(())
    }

    /// The row, if it has a non-blank cell: its cells end at the last one.
    fn finish(&mut self) -> Option<&Row> {
        self.row.cells.truncate(self.width);
        (self.width > 0).then_some(&self.row)
    }
}

/// Groups streamed cells, in sheet order, into rows.
struct CellRows<F, V> {
    next: F,
    buffer: RowBuffer,
    /// A cell read past the end of the row returned: it starts the next.
    pending: Option<(Position, V)>,
    /// The reader must not be asked again once it has ended.
    done: bool,
}

impl<F, V> CellRows<F, V>
where
    F: FnMut() -> Result<Option<(Position, V)>, String>,
    V: RawValue,
{
    fn new(next: F) -> Self {
        CellRows {
            next,
            buffer: RowBuffer::default(),
            pending: None,
            done: false,
        }
    }
}

impl<F, V> RowStream for CellRows<F, V>
where
    F: FnMut() -> Result<Option<(Position, V)>, String>,
    V: RawValue,
{
    fn next_row(&mut self) -> Result<Option<&Row>, String> {
        let mut started = false;
        if let Some(((r, col), value)) = self.pending.take() {
            self.buffer.start(r.saturating_add(1));
            self.buffer.put(col, &value)?;
            started = true;
        }
        while !self.done {
            let Some(((r, col), value)) = (self.next)()? else {
                self.done = true;
                break;
            };
            // A blank cell neither starts nor ends a row.
            if value.is_blank() {
                continue;
            }
            let number = r.saturating_add(1);
            if !started {
                self.buffer.start(number);
                started = true;
            } else if number != self.buffer.row.number {
                self.pending = Some(((r, col), value));
                break;
            }
            self.buffer.put(col, &value)?;
        }
        Ok(if started { self.buffer.finish() } else { None })
    }
}

/// Columns a spreadsheet can have (A to XFD).
const MAX_COLUMNS: u32 = 16_384;

/// Rows of a sheet read whole (xls, ods).
struct RangeRows {
    range: calamine::Range<Data>,
    next: usize,
    buffer: RowBuffer,
}

impl RangeRows {
    fn new(range: calamine::Range<Data>) -> Self {
        RangeRows {
            range,
            next: 0,
            buffer: RowBuffer::default(),
        }
    }
}

impl RowStream for RangeRows {
    fn next_row(&mut self) -> Result<Option<&Row>, String> {
        let Some((top, left)) = self.range.start() else {
            return Ok(None);
        };
        let height = self.range.height();
        while self.next < height {
            let i = self.next;
            self.next += 1;
            let number = top.saturating_add(i as u32).saturating_add(1);
            self.buffer.start(number);
            for j in 0..self.range.width() {
                match self.range.get((i, j)) {
                    Some(value) if !value.is_blank() => {
                        let col = left.saturating_add(j as u32);
                        self.buffer.put(col, value)?;
                    }
                    _ => {}
                }
            }
            if self.buffer.width > 0 {
                return Ok(self.buffer.finish());
            }
        }
        Ok(None)
    }
}

/// Rows of a CSV file, decoded to UTF-8 first.
///
/// A row's number is the one a spreadsheet shows when it opens the file:
/// the header line is row 1, each record one row, a blank line a row of its
/// own, and a record whose quoted cell spans lines still one row. The CSV
/// reader's own line number is not that: it counts a quoted line break as
/// a line, and for a file saved with CRLF (Excel and WPS on Windows) it
/// gives the line before, because a record ends at the `\r` and its `\n`
/// is read with the next record, so every reported row was one short.
struct CsvRows {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    buffer: RowBuffer,
    /// The spreadsheet row of the last record read (0 before the first).
    row: u32,
    /// Where the last record's cells ended, before its line break.
    end: usize,
}

impl CsvRows {
    fn new(bytes: &[u8]) -> Self {
        let text = decode_text(bytes);
        let delimiter = sniff_delimiter(&text);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(text.into_bytes()));
        CsvRows {
            reader,
            record: csv::StringRecord::new(),
            buffer: RowBuffer::default(),
            row: 0,
            end: 0,
        }
    }

    /// The spreadsheet row of the record just read, which ends (line break
    /// included, or partly) at byte `until`: one row per line break between
    /// the previous record's cells and this one's (CRLF, CR or LF each one
    /// break), the first record counted from the top of the file.
    fn advance(&mut self, until: usize) -> u32 {
        let text = self.reader.get_ref().get_ref();
        let until = until.min(text.len());
        let from = self.end.min(until);
        let between = &text[from..until];
        let start = between
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(between.len());
        let breaks = line_breaks(&between[..start]);
        self.row = if self.row == 0 {
            u32::try_from(breaks + 1).unwrap_or(u32::MAX)
        } else {
            self.row
                .saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX))
        };
        let cells = &between[start..];
        let trailing = cells
            .iter()
            .rev()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        self.end = from + start + cells.len() - trailing;
        self.row
    }
}

/// Line breaks in a run of `\r` and `\n`: CRLF, a lone CR and a lone LF
/// count one each.
fn line_breaks(run: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'\r' && run.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        n += 1;
        i += 1;
    }
    n
}

impl RowStream for CsvRows {
    fn next_row(&mut self) -> Result<Option<&Row>, String> {
        loop {
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| e.to_string())?;
            if !more {
                return Ok(None);
            }
            let until = usize::try_from(self.reader.position().byte()).unwrap_or(usize::MAX);
            let row = self.advance(until);
            self.buffer.start(row);
            for (j, field) in self.record.iter().enumerate() {
                if !is_blank_text(field) {
                    let j = u32::try_from(j).unwrap_or(u32::MAX);
                    self.buffer.put(j, &field)?;
                }
            }
            if self.buffer.width > 0 {
                return Ok(self.buffer.finish());
            }
        }
    }
}

/// Decodes CSV bytes: UTF-8 (BOM optional), UTF-16 with BOM, else GB18030,
/// which covers GBK as Excel on Chinese Windows saves it.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// A file that is not UTF-8 as a whole but has a line of UTF-8 Chinese:
/// the first such line and the first line that is not UTF-8 (1-based).
/// Decoding it either way would garble one part silently, so it is refused.
/// A GBK line is valid UTF-8 only by rare accident, and then hardly ever
/// decodes to CJK characters, which UTF-8 writes with three bytes.
pub fn mixed_encoding(bytes: &[u8]) -> Option<(u32, u32)> {
    if encoding_rs::Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut utf8 = None;
    let mut other = None;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match std::str::from_utf8(line) {
            Ok(text) if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) => {
                utf8.get_or_insert(number);
            }
            Ok(_) => {}
            Err(_) => {
                other.get_or_insert(number);
            }
        }
        if let (Some(u), Some(o)) = (utf8, other) {
            return Some((u, o));
        }
    }
    None
}

/// Picks the delimiter that splits the first line most: `,`, tab or `;`.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .filter(|d| first.as_bytes().contains(d))
        .unwrap_or(b',')
}

/// A date-formatted cell; durations and out-of-range serials stay numbers.
fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    match dt.as_datetime() {
        Some(d) if dt.is_datetime() => Cell::Date(d),
        _ => Cell::Number(dt.as_f64()),
    }
}
