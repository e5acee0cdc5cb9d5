//! Opening input files and reading their sheets row by row.
//!
//! xlsx is streamed cell by cell (calamine's cell reader), so memory grows
//! with the records kept, not with the grid; xls, xlsb and ods are read as a
//! range; CSV is decoded (UTF-8 with or without BOM, UTF-16, GBK/GB18030)
//! and parsed lazily.

use std::fs::File;
use std::io::{BufReader, Cursor};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx};

use super::cell::Cell;

/// One non-blank row: its number as the spreadsheet shows it and its cells,
/// indexed by absolute column (0 = A).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

/// A source of rows; errors are messages from the file format library.
pub trait RowStream {
    fn next_row(&mut self) -> Result<Option<Row>, String>;
}

/// An opened input file.
pub enum Workbook {
    Spreadsheet(Box<Sheets<BufReader<File>>>),
    Csv { sheet: String, bytes: Vec<u8> },
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

impl Workbook {
    /// Opens a file; the error is the library's own explanation.
    pub fn open(path: &Path) -> Result<Workbook, String> {
        if extension(path) == "csv" {
            let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
            let sheet = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Ok(Workbook::Csv { sheet, bytes });
        }
        calamine::open_workbook_auto(path)
            .map(|book| Workbook::Spreadsheet(Box::new(book)))
            .map_err(|e| e.to_string())
    }

    /// Names of the worksheets, in workbook order (chart sheets left out).
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Workbook::Csv { sheet, .. } => vec![sheet.clone()],
            Workbook::Spreadsheet(book) => book
                .sheets_metadata()
                .iter()
                .filter(|s| s.typ == calamine::SheetType::WorkSheet)
                .map(|s| s.name.clone())
                .collect(),
        }
    }

    /// Runs `f` over the rows of one sheet.
    pub fn with_rows<T>(
        &mut self,
        sheet: &str,
        f: impl FnOnce(&mut dyn RowStream) -> T,
    ) -> Result<T, String> {
        match self {
            Workbook::Csv { bytes, .. } => Ok(f(&mut CsvRows::new(bytes)?)),
            Workbook::Spreadsheet(book) => match book.as_mut() {
                Sheets::Xlsx(xlsx) => with_xlsx_rows(xlsx, sheet, f),
                other => {
                    let range = other.worksheet_range(sheet).map_err(|e| e.to_string())?;
                    Ok(f(&mut RangeRows::new(range)))
                }
            },
        }
    }
}

fn with_xlsx_rows<T>(
    book: &mut Xlsx<BufReader<File>>,
    sheet: &str,
    f: impl FnOnce(&mut dyn RowStream) -> T,
) -> Result<T, String> {
    let reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let mut rows = XlsxRows {
        reader,
        pending: None,
        done: false,
    };
    Ok(f(&mut rows))
}

/// Streams an xlsx sheet, grouping cells into rows.
struct XlsxRows<'a> {
    reader: calamine::XlsxCellReader<'a, BufReader<File>>,
    pending: Option<(u32, u32, Cell)>,
    /// The reader must not be asked again once it has ended.
    done: bool,
}

impl RowStream for XlsxRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, String> {
        let mut row: Option<Row> = None;
        loop {
            let next = match self.pending.take() {
                Some(p) => Some(p),
                None if self.done => None,
                None => self
                    .reader
                    .next_cell()
                    .map_err(|e| e.to_string())?
                    .map(|c| {
                        let (r, col) = c.get_position();
                        (r, col, from_data_ref(c.get_value()))
                    }),
            };
            let Some((r, col, cell)) = next else {
                self.done = true;
                return Ok(row);
            };
            match &mut row {
                Some(current) if current.number != r + 1 => {
                    self.pending = Some((r, col, cell));
                    return Ok(row);
                }
                Some(current) => place(&mut current.cells, col, cell),
                None if cell.is_blank() => {}
                None => {
                    let mut cells = Vec::new();
                    place(&mut cells, col, cell);
                    row = Some(Row {
                        number: r + 1,
                        cells,
                    });
                }
            }
        }
    }
}

/// Puts a cell at its absolute column, ignoring blanks past the end so that
/// formatting that runs far to the right costs nothing.
fn place(cells: &mut Vec<Cell>, col: u32, cell: Cell) {
    if cell.is_blank() {
        return;
    }
    let col = col as usize;
    if cells.len() <= col {
        cells.resize(col + 1, Cell::Empty);
    }
    cells[col] = cell;
}

/// Rows of a sheet read whole (xls, xlsb, ods).
struct RangeRows {
    range: calamine::Range<Data>,
    next: usize,
}

impl RangeRows {
    fn new(range: calamine::Range<Data>) -> Self {
        RangeRows { range, next: 0 }
    }
}

impl RowStream for RangeRows {
    fn next_row(&mut self) -> Result<Option<Row>, String> {
        let Some((top, left)) = self.range.start() else {
            return Ok(None);
        };
        let height = self.range.height();
        while self.next < height {
            let i = self.next;
            self.next += 1;
            let mut cells = Vec::new();
            for j in 0..self.range.width() {
                if let Some(value) = self.range.get((i, j)) {
                    place(&mut cells, left + j as u32, from_data(value));
                }
            }
            if !cells.is_empty() {
                return Ok(Some(Row {
                    number: top + i as u32 + 1,
                    cells,
                }));
            }
        }
        Ok(None)
    }
}

/// Rows of a CSV file, decoded to UTF-8 first.
struct CsvRows {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
}

impl CsvRows {
    fn new(bytes: &[u8]) -> Result<Self, String> {
        let text = decode_text(bytes);
        let delimiter = sniff_delimiter(&text);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(text.into_bytes()));
        Ok(CsvRows {
            reader,
            record: csv::StringRecord::new(),
        })
    }
}

impl RowStream for CsvRows {
    fn next_row(&mut self) -> Result<Option<Row>, String> {
        loop {
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| e.to_string())?;
            if !more {
                return Ok(None);
            }
            let line = self.record.position().map(|p| p.line()).unwrap_or(0);
            let mut cells = Vec::new();
            for (j, field) in self.record.iter().enumerate() {
                place(&mut cells, j as u32, Cell::Text(field.to_string()));
            }
            if !cells.is_empty() {
                return Ok(Some(Row {
                    number: u32::try_from(line).unwrap_or(u32::MAX),
                    cells,
                }));
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

/// Picks the delimiter that splits the first line most: `,`, tab or `;`.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .filter(|d| first.as_bytes().contains(d))
        .unwrap_or(b',')
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => excel_date(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

/// A date-formatted cell; durations and out-of-range serials stay numbers.
fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    match dt.as_datetime() {
        Some(d) if dt.is_datetime() => Cell::Date(d),
        _ => Cell::Number(dt.as_f64()),
    }
}
